"""Read one tracking workbook a unit filled in, checking every filled cell.

Columns are found by their header (a unit may have moved or added columns); rows by their
id (a unit may have sorted them). Every cell that cannot be used becomes a
:class:`CellError` with its sheet, row and column — none is dropped silently:
an id the workbook was not made with, a row without id that holds values, a duplicated id,
a non-number where a number is needed, a status outside the list, a deleted row.

When a task is due comes from the register's ``due`` and ``recurrence`` columns; a workbook made
by an earlier version (schema 1.0: the deadline only as words) has its words read again by the
deadline grammar, dated from the document's "Ngày ban hành".
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Optional

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter

from ..extract.deadlines import read_deadline
from ..render.sheets import (
    HEADER_EVIDENCE, HEADER_ID, HEADER_NOTE, HEADER_RATE, HEADER_RESULT, HEADER_STATUS, INFO_DATE, INFO_UNIT,
    REGISTER_HEADER, SHEET_INFO, SHEET_REGISTER, SHEET_TARGETS, SHEET_TASKS, STATUSES, template_headers,
)
from ..textkey import fold
from .report import CellError, Entry, RegisterItem, UnitReturn

SHEET_KINDS = {SHEET_TARGETS: "chi_tieu", SHEET_TASKS: "nhiem_vu"}
NEEDED = (HEADER_ID, HEADER_RESULT, HEADER_RATE, HEADER_STATUS, HEADER_EVIDENCE, HEADER_NOTE)
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def read_unit_workbook(path: Path) -> UnitReturn:
    path = Path(path)
    unit = UnitReturn(path=path, unit=path.stem)
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # not a zip, not xlsx, unreadable: reported, never raised
        unit.readable = False
        why = ("định dạng Excel cũ (.xls): hãy lưu lại thành .xlsx" if path.suffix.lower() == ".xls"
               else "không tìm thấy tệp" if isinstance(exc, FileNotFoundError)
               else f"không mở được bảng tính ({type(exc).__name__})")
        unit.errors.append(CellError(path.name, unit.unit, why))
        return unit
    if SHEET_REGISTER not in wb.sheetnames:
        unit.readable = False
        unit.errors.append(CellError(path.name, unit.unit, "không phải bảng theo dõi do nqparse tạo (thiếu sheet _nqparse)"))
        return unit
    read_register(wb[SHEET_REGISTER], unit, issued=info_value(wb, INFO_DATE))
    unit.unit = unit_name(wb, path)
    for sheet, kind in SHEET_KINDS.items():
        if sheet not in wb.sheetnames:
            unit.errors.append(CellError(path.name, unit.unit, "thiếu sheet", sheet=sheet))
            continue
        read_sheet(wb[sheet], kind, unit)
    return unit


def read_register(ws, unit: UnitReturn, *, issued: Any = None) -> None:
    """Row 1 names the document, row 2 the columns (``REGISTER_HEADER``, or its first ten in a
    schema 1.0 workbook), then one row per id."""
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0] if rows else ()
    unit.document = tuple(head[2:4]) if len(head) >= 4 else ()
    names = [str(h) for h in rows[1]] if len(rows) > 1 and rows[1] and rows[1][0] == "kind" else REGISTER_HEADER[:10]
    for row in rows[2:]:
        cells = dict(zip(names, row))
        if not cells.get("id"):
            continue
        kind, item_id, text = str(cells["kind"]), str(cells["id"]), str(cells.get("text") or "")
        due, recurrence = schedule(cells, issued)
        unit.register[(kind, item_id)] = RegisterItem(
            kind, item_id, cells.get("section"), cells.get("comparator"), cells.get("value"), cells.get("high"),
            cells.get("unit"), cells.get("deadline"), text, str(cells.get("quote") or text), due, recurrence)


def schedule(cells: dict[str, Any], issued: Any) -> tuple[Optional[date], Optional[str]]:
    """(due date, recurrence) of a register row; a schema 1.0 row has only the deadline's words."""
    if "due" in cells:
        return as_date(cells.get("due")), (str(cells["recurrence"]) if cells.get("recurrence") else None)
    found = read_deadline(str(cells.get("deadline") or ""), issued=as_date(issued))
    if found is None:
        return None, None
    return as_date(found.due), (found.recurrence.value if found.recurrence else None)


def as_date(value: Any) -> Optional[date]:
    """An ISO date text or a date cell (a spreadsheet may have turned the text into one)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10]) if value else None
    except ValueError:
        return None


def info_value(wb, label: str) -> Any:
    """The value of ``label`` in the Thông tin sheet, or None."""
    if SHEET_INFO in wb.sheetnames:
        for row_label, value, *_ in wb[SHEET_INFO].iter_rows(min_row=2, values_only=True):
            if row_label == label and value not in (None, ""):
                return value
    return None


def unit_name(wb, path: Path) -> str:
    """The "Đơn vị báo cáo" cell of the Thông tin sheet, else the file's stem."""
    value = info_value(wb, INFO_UNIT)
    return " ".join(str(value).split()) if value is not None else path.stem


def read_sheet(ws, kind: str, unit: UnitReturn) -> None:
    where = {"file": unit.path.name, "unit": unit.unit, "sheet": ws.title}
    columns = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
    missing = [h for h in NEEDED if h not in columns]
    if missing:
        unit.errors.append(CellError(message=f"thiếu cột: {', '.join(missing)}", row=1, **where))
        return
    report_foreign_columns(ws, set(template_headers(ws.title)), unit, where)
    seen: dict[str, int] = {}
    for row in ws.iter_rows(min_row=2):
        cells = {h: row[columns[h] - 1] for h in NEEDED if columns[h] - 1 < len(row)}
        read_row(cells, kind, unit, seen, where)
    for (item_kind, item_id), item in unit.register.items():
        if item_kind == kind and item_id not in seen:
            unit.errors.append(CellError(message=f"thiếu dòng của mã {item_id} (dòng đã bị xóa?)", **where))


def report_foreign_columns(ws, known: set[str], unit: UnitReturn, where: dict) -> None:
    """A column the template does not have is not merged: say so once per column that holds data."""
    for column in ws.iter_cols(min_row=1):
        header = column[0].value
        if header is not None and str(header).strip() in known:
            continue
        filled = [c for c in column[1:] if not blank(c.value)]
        if filled:
            first = filled[0]
            unit.errors.append(CellError(
                message=f"cột ngoài mẫu: {len(filled)} ô có dữ liệu không được tổng hợp", row=first.row,
                column=get_column_letter(first.column), header=None if header is None else str(header),
                value=shown(first.value), **where))


def read_row(cells: dict[str, Cell], kind: str, unit: UnitReturn, seen: dict[str, int], where: dict) -> None:
    id_cell = cells[HEADER_ID]
    fill = {h: c for h, c in cells.items() if h != HEADER_ID and not blank(c.value)}
    item_id = None if blank(id_cell.value) else str(id_cell.value).strip()
    r = id_cell.row

    def error(cell: Cell, header: str, message: str) -> None:
        unit.errors.append(CellError(message=message, row=cell.row, column=get_column_letter(cell.column),
                                     header=header, value=shown(cell.value), **where))

    if item_id is None:
        for header, cell in fill.items():
            error(cell, header, "ô có dữ liệu nhưng dòng không có mã")
        return
    item = unit.register.get((kind, item_id))
    if item is None:
        error(id_cell, HEADER_ID, "mã không có trong bảng gốc")
        return
    if item_id in seen:
        error(id_cell, HEADER_ID, f"mã trùng với dòng {seen[item_id]}")
        return
    seen[item_id] = r
    entry = Entry(item_id, kind, where["sheet"], r)
    quantitative = kind == "chi_tieu" and item.comparator is not None
    if HEADER_RESULT in fill:
        cell = fill[HEADER_RESULT]
        if quantitative:
            entry.result = as_number(cell, percent=is_percent(item.unit))
            if entry.result is None:
                error(cell, HEADER_RESULT, f"cần một số ({item.unit or 'giá trị'}) cho chỉ tiêu định lượng")
        else:
            entry.result = as_text(cell.value)
    if HEADER_RATE in fill:
        entry.rate = as_number(fill[HEADER_RATE], percent=True)
        if entry.rate is None or entry.rate < 0:
            error(fill[HEADER_RATE], HEADER_RATE, "cần một số phần trăm không âm, ví dụ 95")
            entry.rate = None
    if HEADER_STATUS in fill:
        entry.status = as_status(fill[HEADER_STATUS].value)
        if entry.status is None:
            error(fill[HEADER_STATUS], HEADER_STATUS, "tình trạng ngoài danh sách: " + " / ".join(STATUSES))
    entry.evidence = as_text(fill[HEADER_EVIDENCE].value) if HEADER_EVIDENCE in fill else None
    entry.note = as_text(fill[HEADER_NOTE].value) if HEADER_NOTE in fill else None
    unit.entries[(kind, item_id)] = entry


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime, time)) else value


def is_percent(unit_word: Optional[str]) -> bool:
    """"%", "phần trăm", and a rate per period ("%/năm")."""
    word = (unit_word or "").strip()
    return word in {"%", "phần trăm"} or word.startswith("%/")


def as_number(cell: Cell, *, percent: bool) -> Optional[float]:
    """A number cell, or text like "92", "92,5", "1.250", "92%"; a cell formatted as a percentage
    (Excel stores 92% as 0.92) is read back as 92 when a percentage is wanted."""
    value = cell.value
    if isinstance(value, bool) or isinstance(value, (date, datetime, time)):
        return None
    if isinstance(value, (int, float)):
        scaled = percent and "%" in (cell.number_format or "")
        return float(value) * 100 if scaled else float(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if text.endswith("%"):
        text = text[:-1]
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def as_status(value: Any) -> Optional[str]:
    wanted = fold(str(value))
    return next((s for s in STATUSES if fold(s) == wanted), None)


def as_text(value: Any) -> Optional[str]:
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(shown(value)).strip()
