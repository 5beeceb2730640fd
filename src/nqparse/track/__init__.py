"""Closing the loop: merge the tracking workbooks units filled in into one roll-up.

    report = merge([Path("don-vi-a.xlsx"), Path("don-vi-b.xlsx")], Path("tong-hop.xlsx"))
    report.errors      # every bad cell, by file, sheet, row and column
    report.targets     # per target: each unit's result, the share of units on track
    report.tasks       # per task: status counts, overdue units

Writes ``tong-hop.xlsx`` and, beside it, ``tong-hop.md`` and ``tong-hop.docx`` (the short
summary for a báo cáo sơ kết). Bad cells are reported and left out of the roll-up; a
workbook that cannot be read, or belongs to another document, is reported and skipped.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

from ..atomic import write_atomically
from ..errors import TrackingError
from ..workbook import SHEET_INFO
from ..schema import Resolution
from .read import open_unit_workbook, read_unit_entries
from .register import check_register, majority_reference, read_resolution, resolution_reference
from .report import CellError, MergeReport, UnitReturn
from .rollup import roll_up_targets, roll_up_tasks
from .rules import tracking_rules
from .summary import summary_blocks, to_markdown, write_docx

__all__ = ["merge", "MergeReport", "CellError", "read_resolution"]


def merge(workbooks: list[Path], out: Path, *, as_of: date | None = None,
          resolution: Optional[Resolution] = None) -> MergeReport:
    """Read, check and roll up ``workbooks``; write the roll-up to ``out`` (+ .md, .docx).

    Targets and ids come from ``resolution`` when given, else from the register most workbooks
    share (see :mod:`.register`); each unit's rows are read against that reference."""
    if not workbooks:
        raise TrackingError("no workbook to merge")
    out = Path(out)
    units = [open_unit_workbook(Path(p)) for p in workbooks]
    readable = [u for u in units if u.readable]
    if not readable:
        raise TrackingError("no readable tracking workbook: " + "; ".join(str(e) for u in units for e in u.errors))
    reference = resolution_reference(resolution) if resolution is not None else majority_reference(readable)
    for u in readable:
        check_register(u, reference)
    for u in units:
        if u.readable:
            read_unit_entries(u, reference.register)
    merged = [u for u in units if u.readable]
    if not merged:
        raise TrackingError("no workbook matches the resolution: " + "; ".join(str(e) for u in units for e in u.errors))
    name_units_uniquely(merged)
    report = MergeReport(document=reference.document[0] if reference.document else None,
                         as_of=as_of or date.today(), units=units,
                         errors=[e for u in units for e in u.errors])
    report.targets = roll_up_targets(reference.register, merged, tracking_rules())
    report.tasks = roll_up_tasks(reference.register, merged, report.as_of)
    write_outputs(report, out)
    return report


def name_units_uniquely(units: list[UnitReturn]) -> None:
    seen: dict[str, UnitReturn] = {}
    for u in units:
        if u.unit in seen:
            new = f"{u.unit} ({u.path.stem})"
            u.errors.append(CellError(u.path.name, new, f"trùng tên đơn vị với tệp {seen[u.unit].path.name}; "
                                                        f"tạm dùng tên «{new}»", sheet=SHEET_INFO))
            u.unit = new
        seen[u.unit] = u


def write_outputs(report: MergeReport, out: Path) -> None:
    from .rollup_workbook import write_rollup_workbook

    blocks = summary_blocks(report)
    md = out.with_suffix(".md")
    docx = out.with_suffix(".docx")
    write_atomically(out, lambda tmp: write_rollup_workbook(report, tmp))
    write_atomically(md, lambda tmp: tmp.write_text(to_markdown(blocks), encoding="utf-8"))
    write_atomically(docx, lambda tmp: write_docx(blocks, tmp))
    report.outputs = [out, md, docx]


