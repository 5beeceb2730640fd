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

from collections import Counter
from datetime import date
from pathlib import Path

from ..atomic import write_atomically
from ..errors import TrackingError
from ..render.sheets import SHEET_INFO
from .read import read_unit_workbook
from .report import CellError, MergeReport, UnitReturn
from .rollup import reference_register, roll_up_targets, roll_up_tasks
from .rules import tracking_rules
from .summary import summary_blocks, to_markdown, write_docx

__all__ = ["merge", "MergeReport", "CellError"]


def merge(workbooks: list[Path], out: Path, *, as_of: date | None = None) -> MergeReport:
    """Read, check and roll up ``workbooks``; write the roll-up to ``out`` (+ .md, .docx)."""
    if not workbooks:
        raise TrackingError("no workbook to merge")
    out = Path(out)
    units = [read_unit_workbook(Path(p)) for p in workbooks]
    readable = [u for u in units if u.readable]
    if not readable:
        raise TrackingError("no readable tracking workbook: " + "; ".join(str(e) for u in units for e in u.errors))
    set_aside_other_documents(readable)
    merged = [u for u in units if u.readable]
    name_units_uniquely(merged)
    rules = tracking_rules()
    register = reference_register(merged)
    report = MergeReport(document=merged[0].document[0] if merged[0].document else None,
                         as_of=as_of or date.today(), units=units,
                         errors=[e for u in units for e in u.errors])
    report.targets = roll_up_targets(register, merged, rules)
    report.tasks = roll_up_tasks(register, merged, report.as_of)
    write_outputs(report, out)
    return report


def set_aside_other_documents(units: list[UnitReturn]) -> None:
    """Workbooks made from another document, or from a reading with other ids, cannot be merged."""
    def key(u: UnitReturn) -> tuple:
        return u.document, frozenset(u.register)

    common = Counter(key(u) for u in units).most_common(1)[0][0]
    for u in units:
        if key(u) == common:
            continue
        u.readable = False
        if u.document != common[0]:
            why = f"bảng theo dõi của văn bản khác ({u.document[0] if u.document else '?'}), không phải {common[0][0] or '?'}"
        else:
            why = "danh sách mã khác với các bảng còn lại (lập từ một lần đọc khác của văn bản?)"
        u.errors.append(CellError(u.path.name, u.unit, why + ": không tổng hợp"))


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


