"""Per-unit implementation plans: one Kế hoạch thực hiện draft per chi bộ, đảng bộ cơ sở, ban …

    >>> from nqparse.plan import generate_plans, read_units
    >>> generate_plans(nqparse.parse("nq.docx"), read_units("units.yaml"), Path("out"))

Each draft follows the Party format (Hướng dẫn 36-HD/VPTW), carries the targets and tasks of the
resolution that apply to the unit (see :mod:`.routing`), and leaves the number, the dates, the
owners of each task and the unit's own targets for the office to review and fill in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import BadInputError
from ..schema import Resolution
from .context import build_context
from ..atomic import write_atomically
from .files import FileNamer, inside
from .units import Unit, UnitsFileError, read_units, suggest_units

__all__ = ["generate_plans", "draft_plans", "read_units", "suggest_units", "Unit", "UnitsFileError", "PlanDraft"]

BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = {"docx": "ke-hoach.docx", "md": "ke-hoach.md.j2"}
INDEX_NAME = "index.md"


@dataclass
class PlanDraft:
    unit: Unit
    path: Path
    indicators: int
    tasks: int
    unused_overrides: list[str] = field(default_factory=list)


def template_path(fmt: str, template_dir: Optional[Path]) -> Path:
    """The office's template in ``template_dir`` when it has one, else the built-in one."""
    if fmt not in FORMATS:
        raise BadInputError(f"unknown plan format {fmt!r} (use docx or md)")
    if template_dir is not None:
        if not template_dir.is_dir():
            raise BadInputError("template folder not found", path=template_dir)
        custom = template_dir / FORMATS[fmt]
        if custom.is_file():
            return custom
    return BUILTIN_TEMPLATES / FORMATS[fmt]


def _render(fmt: str, template: Path, values: dict, out: Path) -> None:
    if fmt == "docx":
        from .docx import render_docx

        render_docx(template, values, out)
    else:
        from .markdown import render_markdown

        render_markdown(template, values, out)


def draft_plans(resolution: Resolution, units: list[Unit], out_dir: Path, fmt: str = "docx",
                template_dir: Optional[Path] = None) -> list[PlanDraft]:
    """Write one plan per unit into ``out_dir`` plus ``index.md``; return what was written."""
    template = template_path(fmt, template_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        namer = FileNamer(out_dir)
        namer.taken.add(Path(INDEX_NAME).stem)
        drafts = []
        for unit in units:
            context = build_context(resolution, unit)
            target = namer.path_for(unit.name, fmt)
            write_atomically(target, lambda tmp: _render(fmt, template, context.values, tmp))
            tasks = sum(len(group["tasks"]) for group in context.values["task_groups"])
            drafts.append(PlanDraft(unit, target, len(context.values["indicators"]), tasks, context.unused_overrides))
        index = inside(out_dir, INDEX_NAME)
        write_atomically(index, lambda tmp: tmp.write_text(index_text(resolution, drafts), encoding="utf-8"))
    except OSError as exc:
        raise BadInputError(f"cannot write the plans: {exc.strerror or exc}", path=out_dir) from None
    return drafts


def index_text(resolution: Resolution, drafts: list[PlanDraft]) -> str:
    code = resolution.metadata.code or "(không số)"
    lines = [f"# Kế hoạch thực hiện {resolution.metadata.doc_type or 'văn bản'} {code}", "",
             "| STT | Đơn vị | Loại | Tệp | Chỉ tiêu | Nhiệm vụ | Ghi chú |", "|---:|---|---|---|---:|---:|---|"]
    for n, draft in enumerate(drafts, start=1):
        name = draft.unit.name.replace("|", "\\|")
        note = f"chỉ tiêu riêng không khớp: {', '.join(draft.unused_overrides)}" if draft.unused_overrides else ""
        lines.append(f"| {n} | {name} | {draft.unit.kind} | [{draft.path.name}]({draft.path.name}) "
                     f"| {draft.indicators} | {draft.tasks} | {note.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def generate_plans(resolution: Resolution, units: list[Unit], out_dir: Path, fmt: str = "docx",
                   template_dir: Optional[Path] = None) -> list[Path]:
    """One plan file per unit in ``out_dir`` (and an ``index.md`` listing them); their paths."""
    return [draft.path for draft in draft_plans(resolution, units, Path(out_dir), fmt, template_dir)]
