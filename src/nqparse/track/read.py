"""Read one tracking workbook a unit filled in, checking every filled cell.

Reading is in two steps, so that no workbook defines the targets it is judged against:
:func:`open_unit_workbook` reads what the workbook says it is (its register, the unit's name),
the merge chooses the reference register (``nqparse.track.register``), then
:func:`read_unit_entries` reads the unit's rows against that reference.

Columns are found by their header (a unit may have moved or added columns); rows by their
id (a unit may have sorted them). Every cell that cannot be used becomes a
:class:`CellError` with its sheet, row and column — none is dropped silently:
an id the workbook was not made with, a row without id that holds values, a duplicated id,
a non-number where a number is needed, a status outside the list, a deleted row, a formula
whose value was never computed (a file written by a program, not saved by a spreadsheet).

A workbook is read as a stream, bounded: a sheet with a cell beyond ``MAX_ROWS`` rows or
``MAX_COLUMNS`` columns (a stray cell at XFD1048576), or a file that unpacks to more than
``MAX_UNPACKED`` bytes, is refused with one error for that file; the other workbooks still merge.

When a task is due comes from the register's ``due`` and ``recurrence`` columns; a workbook made
by an earlier version (schema 1.0: the deadline only as words) has its words read again by the
deadline grammar, dated from the document's "Ngày ban hành".
"""
from __future__ import annotations

import re
import zipfile
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterator, Optional

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..extract.deadlines import read_deadline
from ..workbook import (
    HEADER_EVIDENCE, HEADER_ID, HEADER_NOTE, HEADER_RATE, HEADER_RESULT, HEADER_STATUS, INFO_DATE, INFO_UNIT,
    REGISTER_HEADER, SHEET_INFO, SHEET_REGISTER, SHEET_TARGETS, SHEET_TASKS, STATUSES, register_digest,
    template_headers,
)
from ..textkey import fold
from .report import CellError, Entry, RegisterItem, UnitReturn

SHEET_KINDS = {SHEET_TARGETS: "chi_tieu", SHEET_TASKS: "nhiem_vu"}
NEEDED = (HEADER_ID, HEADER_RESULT, HEADER_RATE, HEADER_STATUS, HEADER_EVIDENCE, HEADER_NOTE)
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")

MAX_ROWS = 50_000  # a tracking sheet has one row per target or task: a few hundred
MAX_COLUMNS = 200  # the template has twenty
MAX_UNPACKED = 200 * 1024 * 1024  # bytes of XML inside the .xlsx


class WorkbookTooLarge(Exception):
    """A sheet or a file larger than any tracking workbook; the message says where."""


@dataclass(frozen=True)
class Found:
    """One cell as read: where it is, its value and, for a percentage, its number format."""

    row: int
    column: int
    value: Any
    number_format: Optional[str] = None


def read_unit_workbook(path: Path, register: Optional[dict] = None) -> UnitReturn:
    """Both steps at once: the unit's rows are checked against ``register``, else its own."""
    unit = open_unit_workbook(path)
    if unit.readable:
        read_unit_entries(unit, unit.register if register is None else register)
    return unit


def open_unit_workbook(path: Path) -> UnitReturn:
    """The workbook's register, its document and the unit's name; an unreadable workbook is
    reported (``readable`` False), never raised."""
    path = Path(path)
    unit = UnitReturn(path=path, unit=path.stem)
    try:
        with closing(open_workbook(path, values=True)) as wb:
            if SHEET_REGISTER not in wb.sheetnames:
                return refuse(unit, "không phải bảng theo dõi do nqparse tạo (thiếu sheet _nqparse)")
            read_register(wb[SHEET_REGISTER], unit, issued=info_value(wb, INFO_DATE))
            unit.unit = unit_name(wb, path)
    except Exception as exc:  # not a zip, not xlsx, too large, damaged: this workbook only, never raised
        return refuse(unit, unreadable(exc, path))
    return unit


def read_unit_entries(unit: UnitReturn, register: dict[tuple[str, str], RegisterItem]) -> None:
    """Read the unit's rows of both tracking sheets against ``register`` (the reference)."""
    try:
        with closing(open_workbook(unit.path, values=True)) as values, \
                closing(open_workbook(unit.path, values=False)) as formulas:
            for sheet, kind in SHEET_KINDS.items():
                if sheet not in values.sheetnames:
                    unit.errors.append(CellError(unit.path.name, unit.unit, "thiếu sheet", sheet=sheet))
                    continue
                read_sheet(values[sheet], formulas[sheet], kind, unit, register)
    except Exception as exc:
        unit.entries.clear()
        refuse(unit, unreadable(exc, unit.path))


def unreadable(exc: Exception, path: Path) -> str:
    """Why a workbook cannot be read, in the words a unit can act on."""
    if isinstance(exc, WorkbookTooLarge):
        return str(exc)
    if path.suffix.lower() == ".xls":
        return "định dạng Excel cũ (.xls): hãy lưu lại thành .xlsx"
    if isinstance(exc, FileNotFoundError):
        return "không tìm thấy tệp"
    return f"không mở được bảng tính ({type(exc).__name__})"


def refuse(unit: UnitReturn, why: str) -> UnitReturn:
    unit.readable = False
    unit.errors.append(CellError(unit.path.name, unit.unit, why))
    return unit


def open_workbook(path: Path, *, values: bool):
    """A streaming (read-only) workbook: cached values, or formulas (to tell a formula never
    computed from an empty cell). A file that unpacks beyond ``MAX_UNPACKED`` is refused first."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED:
        raise WorkbookTooLarge(f"tệp giải nén ra {unpacked // 2**20} MB, quá lớn cho một bảng theo dõi "
                               f"(tối đa {MAX_UNPACKED // 2**20} MB)")
    return load_workbook(path, read_only=True, data_only=values)


def bounded_rows(ws, width: int, *, first: int = 1, values_only: bool = True) -> Iterator[tuple[int, tuple]]:
    """(row number, cells) of ``ws`` from row ``first``, ``width`` columns wide; a sheet whose size
    (as recorded, or as found while reading) exceeds ``MAX_ROWS`` × ``MAX_COLUMNS`` raises."""
    rows, columns = ws.max_row or 0, ws.max_column or 0
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise WorkbookTooLarge(too_large(ws.title, f"có ô ở {get_column_letter(min(columns, 16384) or 1)}{rows}"))
    for n, row in enumerate(ws.iter_rows(min_row=first, max_col=width, values_only=values_only), start=first):
        if n > MAX_ROWS:
            raise WorkbookTooLarge(too_large(ws.title, f"có hơn {thousands(MAX_ROWS)} dòng"))
        yield n, row


def too_large(sheet: str, what: str) -> str:
    return (f"sheet {sheet} {what}: bảng theo dõi không quá {thousands(MAX_ROWS)} dòng, {MAX_COLUMNS} cột"
            " — xóa các ô thừa rồi gửi lại; tệp này không được tổng hợp")


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def read_register(ws, unit: UnitReturn, *, issued: Any = None) -> None:
    """Row 1 names the document and holds the register's digest (a workbook made before the digest
    has none), row 2 the columns (``REGISTER_HEADER``, or its first ten in a schema 1.0 workbook),
    then one row per id."""
    rows = [row for _, row in bounded_rows(ws, max(5, len(REGISTER_HEADER)))]
    head = rows[0] if rows else ()
    unit.document = tuple(head[2:4]) if len(head) >= 4 else ()
    unit.sealed_digest = str(head[4]) if len(head) >= 5 and head[4] else None
    has_names = len(rows) > 1 and rows[1] and rows[1][0] == "kind"
    names = [("" if h is None else str(h)) for h in rows[1]] if has_names else REGISTER_HEADER[:10]
    while names and not names[-1]:
        names.pop()
    body = [list(row[:len(names)]) for row in rows[2:] if any(v not in (None, "") for v in row)]
    unit.register_digest = register_digest(unit.document, names, body)
    for row in body:
        item = register_item(dict(zip(names, row)), issued)
        if item is not None:
            unit.register[item.key] = item


def register_item(cells: dict[str, Any], issued: Any = None) -> Optional[RegisterItem]:
    """One register row (column name → value) as a RegisterItem; None for a row without id."""
    if not cells.get("id"):
        return None
    kind, item_id, text = str(cells["kind"]), str(cells["id"]), str(cells.get("text") or "")
    due, recurrence = schedule(cells, issued)
    return RegisterItem(
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
        for _, (row_label, value) in bounded_rows(wb[SHEET_INFO], 2, first=2):
            if row_label == label and value not in (None, ""):
                return value
    return None


def unit_name(wb, path: Path) -> str:
    """The "Đơn vị báo cáo" cell of the Thông tin sheet, else the file's stem."""
    value = info_value(wb, INFO_UNIT)
    return " ".join(str(value).split()) if value is not None else path.stem


def read_sheet(ws, formulas_ws, kind: str, unit: UnitReturn, register: dict[tuple[str, str], RegisterItem]) -> None:
    """One pass over the sheet's values and, in step, its formulas."""
    where = {"file": unit.path.name, "unit": unit.unit, "sheet": ws.title}
    header = next((row for _, row in bounded_rows(ws, MAX_COLUMNS)), ())
    columns = {str(v).strip(): n for n, v in enumerate(header, start=1) if v is not None}
    missing = [h for h in NEEDED if h not in columns]
    if missing:
        unit.errors.append(CellError(message=f"thiếu cột: {', '.join(missing)}", row=1, **where))
        return
    known = set(template_headers(ws.title))
    foreign = {n: (None if v is None else str(v)) for n, v in enumerate(header, start=1) if v is None or str(v).strip() not in known}
    width = min(ws.max_column or MAX_COLUMNS, MAX_COLUMNS)
    foreign = {n: h for n, h in foreign.items() if n <= width}
    found_foreign: dict[int, list[Found]] = {}
    seen: dict[str, int] = {}
    rows = bounded_rows(ws, width, first=2, values_only=False)
    formula_rows = bounded_rows(formulas_ws, width, first=2, values_only=False)
    for (r, row), (_, formula_row) in zip(rows, formula_rows):
        cells = {}
        for h in NEEDED:
            at = columns[h]
            if at > len(row):
                continue
            cell = row[at - 1]
            cells[h] = Found(r, at, cell.value, cell.number_format)
            if cell.value is None and at <= len(formula_row) and formula_row[at - 1].data_type == "f":
                unit.errors.append(CellError(
                    message="công thức chưa có giá trị (tệp chưa được mở và lưu bằng Excel/LibreOffice): "
                            "không tổng hợp", row=r, column=get_column_letter(at), header=h,
                    value=str(formula_row[at - 1].value), **where))
        for n in foreign:
            if n <= len(row) and not blank(row[n - 1].value):
                found_foreign.setdefault(n, []).append(Found(r, n, row[n - 1].value))
        read_row(cells, kind, unit, register, seen, where)
    report_foreign_columns(found_foreign, foreign, unit, where)
    for (item_kind, item_id), item in register.items():
        if item_kind == kind and item_id not in seen:
            unit.errors.append(CellError(message=f"thiếu dòng của mã {item_id} (dòng đã bị xóa?)", **where))


def report_foreign_columns(found: dict[int, list[Found]], headers: dict[int, Optional[str]], unit: UnitReturn,
                           where: dict) -> None:
    """A column the template does not have is not merged: say so once per column that holds data."""
    for n in sorted(found):
        filled = found[n]
        first = filled[0]
        unit.errors.append(CellError(
            message=f"cột ngoài mẫu: {len(filled)} ô có dữ liệu không được tổng hợp", row=first.row,
            column=get_column_letter(first.column), header=headers.get(n), value=shown(first.value), **where))


def read_row(cells: dict[str, Found], kind: str, unit: UnitReturn, register: dict[tuple[str, str], RegisterItem],
             seen: dict[str, int], where: dict) -> None:
    id_cell = cells[HEADER_ID]
    fill = {h: c for h, c in cells.items() if h != HEADER_ID and not blank(c.value)}
    item_id = None if blank(id_cell.value) else str(id_cell.value).strip()
    r = id_cell.row

    def error(cell: Found, header: str, message: str) -> None:
        unit.errors.append(CellError(message=message, row=cell.row, column=get_column_letter(cell.column),
                                     header=header, value=shown(cell.value), **where))

    if item_id is None:
        for header, cell in fill.items():
            error(cell, header, "ô có dữ liệu nhưng dòng không có mã")
        return
    item = register.get((kind, item_id))
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


def as_number(cell: Found, *, percent: bool) -> Optional[float]:
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
