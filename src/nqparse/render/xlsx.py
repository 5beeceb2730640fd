"""The tracking workbook an office hands out and units fill in (openpyxl).

Sheets "Chỉ tiêu" and "Nhiệm vụ" carry the document's reading (locked) followed by yellow
fill-in columns (kết quả, tỷ lệ đạt, tình trạng from a drop-down, minh chứng, ghi chú);
"Văn bản dẫn chiếu" lists the citations; "Thông tin" the metadata and the unit's name. The
sheets are protected without a password so a unit cannot overwrite an id by accident;
a very hidden "_nqparse" sheet records every id so ``nqparse track merge`` can check them.
"""
from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..schema import Resolution
from ..workbook import (
    BODY_FONT, BORDER, FILL_IN_FILL, FILL_IN_HEADER_FILL, HEADER_ALIGN, HEADER_FILL, HEADER_FONT, ID_ALIGN, ID_FONT,
    INFO_FILL_IN, LINE_HEIGHT, REGISTER_HEADER, REGISTER_MARK, SHEET_INFO, SHEET_REGISTER, SPARE_ROWS, STATUSES,
    WRAP_LEFT_TOP, WRAP_TOP, Table, id_width, info_rows, keep_text_as_text, reference_table, register_digest,
    register_rows, row_height, set_up_printing, target_table, task_table,
)



def write_workbook(resolution: Resolution, path: Path) -> None:
    """Write the tracking workbook of ``resolution`` to ``path`` (.xlsx)."""
    wb = Workbook()
    wb.remove(wb.active)
    code = resolution.metadata.code or "Văn bản"
    for table in (target_table(resolution), task_table(resolution)):
        add_tracking_sheet(wb, table, code)
    add_table_sheet(wb, reference_table(resolution), code)
    add_info_sheet(wb, resolution)
    add_register(wb, resolution)
    wb.active = 0
    wb.properties.title = f"Bảng theo dõi thực hiện {code}"
    wb.properties.creator = "nqparse"
    wb.save(path)


def add_table_sheet(wb: Workbook, table: Table, code: str) -> Worksheet:
    ws = wb.create_sheet(table.title)
    ws.append([c.header for c in table.columns])
    for row in table.rows:
        ws.append(row)
    keep_text_as_text(ws)
    widths = []
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        is_id = column.kind == "id"
        width = id_width([row[index - 1] for row in table.rows], column.width) if is_id else column.width
        ws.column_dimensions[letter].width = width
        widths.append(None if is_id else width)
        head = ws.cell(row=1, column=index)
        head.font, head.alignment, head.border = HEADER_FONT, HEADER_ALIGN, BORDER
        head.fill = FILL_IN_HEADER_FILL if column.fill_in else HEADER_FILL
        for cell in ws[letter][1:]:
            cell.font = ID_FONT if is_id else BODY_FONT
            cell.alignment, cell.border = (ID_ALIGN if is_id else WRAP_TOP), BORDER
    ws.row_dimensions[1].height = 32
    for r, row in enumerate(table.rows, start=2):
        ws.row_dimensions[r].height = row_height(row, widths)
    last = get_column_letter(len(table.columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    set_up_printing(ws, code)
    return ws


def add_tracking_sheet(wb: Workbook, table: Table, code: str) -> None:
    ws = add_table_sheet(wb, table, code)
    last_row = len(table.rows) + 1 + SPARE_ROWS
    status = DataValidation(
        type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Tình trạng", error="Chọn một tình trạng trong danh sách.",
        showInputMessage=True, promptTitle="Tình trạng", prompt=" / ".join(STATUSES),
    )
    rate = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="1000", allow_blank=True,
        showErrorMessage=True, errorTitle="Tỷ lệ đạt", error="Nhập một số (phần trăm), ví dụ 95.",
    )
    ws.add_data_validation(status)
    ws.add_data_validation(rate)
    for index, column in enumerate(table.columns, start=1):
        if not column.fill_in or last_row < 2:
            continue
        letter = get_column_letter(index)
        for r in range(2, last_row + 1):
            cell = ws.cell(row=r, column=index)
            cell.fill, cell.protection = FILL_IN_FILL, Protection(locked=False)
        if column.kind == "fill_status":
            status.add(f"{letter}2:{letter}{last_row}")
        elif column.kind == "fill_number":
            rate.add(f"{letter}2:{letter}{last_row}")
    protect(ws)


def protect(ws: Worksheet) -> None:
    """Lock the document's reading; leave filtering, sorting and resizing allowed (no password)."""
    p = ws.protection
    p.sheet = True
    p.autoFilter = p.sort = p.formatColumns = p.formatRows = p.formatCells = False
    p.selectLockedCells = p.selectUnlockedCells = False


def add_info_sheet(wb: Workbook, resolution: Resolution) -> None:
    ws = wb.create_sheet(SHEET_INFO)
    ws.append(["Trường", "Giá trị"])
    for field, value in info_rows(resolution):
        ws.append([field, value])
    keep_text_as_text(ws)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, BORDER
    for row in ws.iter_rows(min_row=2):
        label, value = row
        label.font = Font(name="Arial", size=10, bold=True)
        value.font = BODY_FONT
        for cell in row:
            cell.alignment, cell.border = WRAP_LEFT_TOP, BORDER
        if label.value in INFO_FILL_IN:
            value.fill, value.protection = FILL_IN_FILL, Protection(locked=False)
        text = str(value.value or "")
        ws.row_dimensions[label.row].height = LINE_HEIGHT * max(1, math.ceil(len(text) / 100)) + 4
    ws.freeze_panes = "A2"
    set_up_printing(ws, resolution.metadata.code or "")
    ws.page_setup.orientation = "portrait"
    protect(ws)


def add_register(wb: Workbook, resolution: Resolution) -> None:
    """Row 1: the mark, the schema version, the document (code, source SHA-256) and the register's
    digest; row 2: the columns; then one row per id."""
    ws = wb.create_sheet(SHEET_REGISTER)
    document = (resolution.metadata.code, resolution.source.sha256)
    rows = register_rows(resolution)
    ws.append([REGISTER_MARK, resolution.schema_version, *document, register_digest(document, REGISTER_HEADER, rows)])
    ws.append(REGISTER_HEADER)
    for row in rows:
        ws.append(row)
    keep_text_as_text(ws)
    ws.sheet_state = "veryHidden"
    protect(ws)


