"""Per-unit implementation plans: one Kế hoạch thực hiện draft per chi bộ, đảng bộ cơ sở, ban …

    >>> from nqparse.plan import generate_plans, read_units
    >>> generate_plans(nqparse.parse("nq.docx"), read_units("units.yaml"), Path("out"))

Each draft follows the format of the unit's side — Party (Hướng dẫn 36-HD/VPTW) for a chi bộ,
đảng bộ, ban …; State (NĐ 30/2020) for a sở, UBND xã, phòng … — and carries only what is the
unit's own: the tasks it leads or takes part in, the targets at its level, in its voice (see
:mod:`.routing` and :mod:`.context`). The number, the dates, the owners of each task and the
unit's shares of the issuer's numbers are left for the office to fill in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import BadInputError
from ..escape import markdown_text
from ..schema import Resolution
from .context import build_context, source_word
from ..atomic import write_atomically
from .files import FileNamer, inside
from .units import Unit, UnitsFileError, read_units, suggest_units
from .vocabulary import kind_spec, plan_rules

__all__ = ["generate_plans", "draft_plans", "read_units", "suggest_units", "Unit", "UnitsFileError", "PlanDraft"]

BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = {"docx": "{name}.docx", "md": "{name}.md.j2"}
INDEX_NAME = "index.md"


@dataclass
class PlanDraft:
    unit: Unit
    path: Path
    indicators: int
    tasks: int
    unused_overrides: list[str] = field(default_factory=list)
    partner_tasks: int = 0


def template_path(fmt: str, template_dir: Optional[Path], side: str = "party") -> Path:
    """The office's template in ``template_dir`` when it has one, else the built-in one — for the
    unit's side: ke-hoach.* (Party, HD 36) or ke-hoach-nha-nuoc.* (State, NĐ 30/2020)."""
    if fmt not in FORMATS:
        raise BadInputError(f"unknown plan format {fmt!r} (use docx or md)")
    name = FORMATS[fmt].format(name=plan_rules().sides[side].template)
    if template_dir is not None:
        if not template_dir.is_dir():
            raise BadInputError("template folder not found", path=template_dir)
        custom = template_dir / name
        if custom.is_file():
            return custom
    return BUILTIN_TEMPLATES / name


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
    templates = {side: template_path(fmt, template_dir, side) for side in plan_rules().sides}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        namer = FileNamer(out_dir)
        namer.taken.add(Path(INDEX_NAME).stem)
        drafts = []
        for unit in units:
            context = build_context(resolution, unit)
            template = templates[kind_spec(unit.kind).side]
            target = namer.path_for(unit.name, fmt)
            write_atomically(target, lambda tmp: _render(fmt, template, context.values, tmp))
            tasks = [task for group in context.values["task_groups"] for task in group["tasks"]]
            partners = sum(task["role"] != "chủ trì" for task in tasks)
            drafts.append(PlanDraft(unit, target, len(context.values["indicators"]), len(tasks) - partners,
                                    context.unused_overrides, partners))
        index = inside(out_dir, INDEX_NAME)
        write_atomically(index, lambda tmp: tmp.write_text(index_text(resolution, drafts), encoding="utf-8"))
    except OSError as exc:
        raise BadInputError(f"cannot write the plans: {exc.strerror or exc}", path=out_dir) from None
    return drafts


def index_text(resolution: Resolution, drafts: list[PlanDraft]) -> str:
    """The list of drafts an office reads first: per unit, its kind in words, what it leads, what
    it takes part in, how many targets it carries, and what needs a look. Names and words from the
    document or the units file are escaped (``markdown_text``); file names are the namer's slugs."""
    code = markdown_text(resolution.metadata.code or "(không số)")
    lines = [f"# Dự thảo kế hoạch thực hiện {markdown_text(source_word(resolution))} {code}", "",
             "| STT | Đơn vị | Loại đơn vị | Tệp | Nhiệm vụ chủ trì | Nhiệm vụ phối hợp | Chỉ tiêu | Ghi chú |",
             "|---:|---|---|---|---:|---:|---:|---|"]
    for n, draft in enumerate(drafts, start=1):
        name = markdown_text(draft.unit.name)
        notes = []
        if draft.unused_overrides:
            notes.append(f"chỉ tiêu riêng không khớp: {', '.join(draft.unused_overrides)}")
        if not draft.tasks and not draft.partner_tasks:
            notes.append("văn bản không giao nhiệm vụ cho đơn vị này")
        note = markdown_text("; ".join(notes))
        lines.append(f"| {n} | {name} | {markdown_text(kind_spec(draft.unit.kind).label)} | "
                     f"[{markdown_text(draft.path.name)}]({draft.path.name}) "
                     f"| {draft.tasks} | {draft.partner_tasks} | {draft.indicators} | {note} |")
    return "\n".join(lines) + "\n"


def generate_plans(resolution: Resolution, units: list[Unit], out_dir: Path, fmt: str = "docx",
                   template_dir: Optional[Path] = None) -> list[Path]:
    """One plan file per unit in ``out_dir`` (and an ``index.md`` listing them); their paths."""
    return [draft.path for draft in draft_plans(resolution, units, Path(out_dir), fmt, template_dir)]
