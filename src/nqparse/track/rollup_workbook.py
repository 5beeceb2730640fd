"""The roll-up workbook: targets by unit, tasks by status, overdue items, every entry, every error."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..workbook import (
    BODY_FONT, BORDER, HEADER_ALIGN, HEADER_FILL, HEADER_FONT, ID_ALIGN, STATUSES, WRAP_TOP, id_width,
    keep_text_as_text, recurrence_words, row_height, set_up_printing,
)

ID_HEADER = "Mã"
from .report import NOT_REPORTED, MergeReport, UnitResult
from .rollup import target_label

ON_TRACK = PatternFill("solid", fgColor="C6EFCE")
OFF_TRACK = PatternFill("solid", fgColor="FFC7CE")
SILENT = PatternFill("solid", fgColor="EDEDED")


def write_rollup_workbook(report: MergeReport, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    targets_sheet(wb, report)
    tasks_sheet(wb, report)
    overdue_sheet(wb, report)
    entries_sheet(wb, report)
    errors_sheet(wb, report)
    units_sheet(wb, report)
    wb.properties.title = f"Tổng hợp thực hiện {report.document or ''}".strip()
    wb.properties.creator = "nqparse"
    wb.save(path)


def table(wb: Workbook, title: str, header: list[tuple[str, float]], rows: list[list[Any]], code: str) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append([h for h, _ in header])
    for row in rows:
        ws.append(row)
    widths: list[float | None] = []
    for index, (name, width) in enumerate(header, start=1):
        is_id = name == ID_HEADER  # ids on one line, the column as wide as the longest
        ws.column_dimensions[get_column_letter(index)].width = id_width([r[index - 1] for r in rows], width) if is_id else width
        widths.append(None if is_id else width)
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, BORDER
    for row in ws.iter_rows(min_row=2):
        for cell, width in zip(row, widths):
            cell.font, cell.alignment, cell.border = BODY_FONT, (WRAP_TOP if width else ID_ALIGN), BORDER
    keep_text_as_text(ws)  # unit names head columns: the header row too
    ws.row_dimensions[1].height = 32
    for r, row in enumerate(rows, start=2):
        ws.row_dimensions[r].height = row_height(row, widths)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    set_up_printing(ws, code)
    return ws


def result_shown(result: UnitResult) -> Any:
    entry = result.entry
    if entry is None or not entry.reported:
        return None
    if entry.result not in (None, ""):
        return entry.result
    return entry.status


def targets_sheet(wb: Workbook, report: MergeReport) -> None:
    units = [u.unit for u in report.merged_units]
    header = [("Mã", 14), ("Mục", 7), ("Nội dung", 40), ("Chỉ tiêu", 18), ("Mức", 14)] + [(u, 13) for u in units]
    header += [("Số đơn vị đạt", 9), ("Tỷ lệ đơn vị đạt", 9), ("Tổng các đơn vị", 10), ("Tổng đạt?", 9)]
    rows = []
    for t in report.targets:
        total_ok = None if t.total_meets is None else ("đạt" if t.total_meets else "chưa đạt")
        rows.append([t.item.item_id, t.item.section, t.item.text, t.item.quote, target_label(t.item),
                     *[result_shown(r) for r in t.results], t.on_track, t.share, t.total, total_ok])
    ws = table(wb, "Tổng hợp chỉ tiêu", header, rows, report.document or "")
    first = 6  # unit columns follow Mã, Mục, Nội dung, Chỉ tiêu, Mức
    share_col = first + len(units) + 1
    for r, t in enumerate(report.targets, start=2):
        for c, result in enumerate(t.results, start=first):
            ws.cell(row=r, column=c).fill = SILENT if result.on_track is None else (ON_TRACK if result.on_track else OFF_TRACK)
        ws.cell(row=r, column=share_col).number_format = "0%"


def tasks_sheet(wb: Workbook, report: MergeReport) -> None:
    columns = [*STATUSES, NOT_REPORTED]
    header = [("Mã", 14), ("Mục", 7), ("Nhiệm vụ", 58), ("Thời hạn", 14), ("Hạn", 11), ("Định kỳ", 9)]
    header += [(s, 10) for s in columns] + [("Quá hạn", 8), ("Đơn vị chưa hoàn thành (quá hạn)", 24)]
    rows = [[t.item.item_id, t.item.section, t.item.text, t.item.deadline, t.due, recurrence_words(t.item.recurrence),
             *[len(t.statuses[s]) for s in columns], "Có" if t.overdue else None, ", ".join(t.overdue_units) or None]
            for t in report.tasks]
    ws = table(wb, "Tổng hợp nhiệm vụ", header, rows, report.document or "")
    for r, t in enumerate(report.tasks, start=2):
        ws.cell(row=r, column=5).number_format = "DD/MM/YYYY"
        if t.overdue:
            ws.cell(row=r, column=6 + len(columns) + 1).fill = OFF_TRACK


def overdue_sheet(wb: Workbook, report: MergeReport) -> None:
    rows = []
    for t in report.tasks:
        for unit in t.overdue_units:
            status = next((s for s, names in t.statuses.items() if unit in names), None)
            rows.append([t.item.item_id, t.item.section, t.item.text, t.due, unit, status])
    header = [("Mã", 14), ("Mục", 7), ("Nhiệm vụ", 60), ("Hạn", 11), ("Đơn vị", 20), ("Tình trạng", 16)]
    ws = table(wb, "Quá hạn", header, rows, report.document or "")
    for r in range(2, len(rows) + 2):
        ws.cell(row=r, column=4).number_format = "DD/MM/YYYY"


def entries_sheet(wb: Workbook, report: MergeReport) -> None:
    rows = []
    for u in report.merged_units:
        for e in sorted(u.entries.values(), key=lambda e: (e.sheet, e.row)):
            if e.reported:
                rows.append([u.unit, e.sheet, e.row, e.item_id, e.result, e.rate, e.status, e.evidence, e.note])
    header = [("Đơn vị", 18), ("Sheet", 11), ("Dòng", 6), ("Mã", 16), ("Kết quả", 16), ("Tỷ lệ đạt (%)", 9),
              ("Tình trạng", 14), ("Minh chứng", 30), ("Ghi chú", 30)]
    table(wb, "Chi tiết đơn vị", header, rows, report.document or "")


def errors_sheet(wb: Workbook, report: MergeReport) -> None:
    rows = [[e.file, e.unit, e.sheet, e.row, e.column, e.header, display(e.value), e.message] for e in report.errors]
    header = [("Tệp", 22), ("Đơn vị", 18), ("Sheet", 12), ("Dòng", 6), ("Cột", 5), ("Tiêu đề cột", 16),
              ("Giá trị", 18), ("Lỗi", 50)]
    table(wb, "Lỗi", header, rows, report.document or "")


def units_sheet(wb: Workbook, report: MergeReport) -> None:
    rows = [[u.unit, u.path.name, "có" if u.readable else "không", sum(1 for e in u.entries.values() if e.reported),
             sum(1 for e in report.errors if e.file == u.path.name)] for u in report.units]
    header = [("Đơn vị", 24), ("Tệp", 30), ("Đã tổng hợp", 10), ("Số dòng đã điền", 10), ("Số lỗi", 8)]
    table(wb, "Đơn vị", header, rows, report.document or "")


def display(value: Any) -> Optional[str]:
    return None if value is None else str(value)
