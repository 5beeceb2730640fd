"""The stages depend one way: load → normalize → structure → extract → the outputs
(render, plan, corpus, track, web, evaluate, api, cli), never back; nothing imports in a cycle."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import nqparse

PACKAGE = Path(nqparse.__file__).resolve().parent

# The data models and helpers every stage may use (they import no stage themselves).
SHARED = {"errors", "rules", "schema", "source", "document", "textkey", "ids", "atomic", "grammar", "messages", "offsets",
          "limits", "bounded", "escape"}
STAGES = {"load": 0, "normalize": 1, "structure": 2, "extract": 3}
OUTPUTS = 4   # render, plan, corpus, track, web, evaluate, api, cli …


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def level(module: str) -> int | None:
    """The stage of ``nqparse.x.y`` (None for the package itself and the shared modules)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in SHARED:
        return None
    return STAGES.get(parts[1], OUTPUTS)


def imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The nqparse modules ``path`` imports (outside ``if TYPE_CHECKING:``)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST, depth: int) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            nested = depth + isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom) and not (top_level_only and depth):
                base = package.split(".")[: len(package.split(".")) - (child.level - 1)] if child.level else []
                module = ".".join(base + [child.module] if child.module else base) if child.level else child.module or ""
                if module.startswith("nqparse"):
                    found.add(module)
                    found.update(f"{module}.{alias.name}" for alias in child.names)
            elif isinstance(child, ast.Import) and not (top_level_only and depth):
                found.update(a.name for a in child.names if a.name.startswith("nqparse"))
            visit(child, nested)

    visit(tree, 0)
    return found


def graph(*, top_level_only: bool) -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {t for t in imports(p, top_level_only=top_level_only) if t in files and t != m}
            for m, p in files.items()}


def test_no_stage_imports_a_later_one():
    backwards = [f"{m} → {t}" for m, targets in graph(top_level_only=False).items() for t in targets
                 if level(m) is not None and level(t) is not None and level(t) > level(m)]
    assert not backwards, "\n".join(sorted(backwards))


def test_the_shared_modules_import_no_stage():
    shared = [f"{m} → {t}" for m, targets in graph(top_level_only=False).items() for t in targets
              if len(m.split(".")) > 1 and m.split(".")[1] in SHARED and level(t) is not None]
    assert not shared, "\n".join(sorted(shared))


def test_nothing_imports_in_a_cycle_at_import_time():
    edges = graph(top_level_only=True)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            walk(start, [start])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_the_command_line_imports_no_stage_until_a_command_runs():
    probe = ("import sys, nqparse.cli; heavy = sorted(m for m in sys.modules if m.split('.')[:2] in "
             "[['nqparse', s] for s in ('load', 'normalize', 'structure', 'extract', 'api', 'plan', 'corpus', "
             "'track', 'web', 'render')] or m.split('.')[0] in ('spacy', 'underthesea', 'pdfplumber', 'docx', "
             "'openpyxl', 'fastapi', 'pypdfium2')); print(heavy)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_the_tracker_reads_the_workbook_layout_not_the_renderer():
    """track and render share nqparse.workbook (sheets, columns, styles); track imports no renderer."""
    reaching = [f"{m} → {t}" for m, targets in graph(top_level_only=False).items() for t in targets
                if m.startswith("nqparse.track") and t.startswith("nqparse.render")]
    assert not reaching, "\n".join(sorted(reaching))
