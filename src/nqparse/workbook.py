"""The tracking workbook's layout: which sheets it has, their columns, their rows, how they look.

One layout feeds the workbook (``render/xlsx.py``), the CSV folder (``render/csv.py``), the
reader that merges filled-in workbooks and the roll-up it writes (``nqparse.track``), so a
column renamed or a style changed here is changed everywhere; track imports nothing of render.

- "Chỉ tiêu": one row per target (numeric or qualitative) with the fill-in columns;
- "Nhiệm vụ": one row per task with the fill-in columns;
  in both, "Thời hạn" is the due date (a date cell: filterable, sortable), "Thời hạn (như văn
  bản)" the deadline as written and "Định kỳ" the recurrence in words ("hằng quý");
- "Văn bản dẫn chiếu": the documents the resolution cites;
- "Thông tin": the resolution's metadata, how the workbook was produced, and the unit's name.
"""
from __future__ import annotations

import hashlib
import math
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Optional

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from .escape import is_formula_like
from .schema import Comparator, Indicator, Recurrence, Reference, Resolution, Task

SHEET_TARGETS = "Chỉ tiêu"
SHEET_TASKS = "Nhiệm vụ"
SHEET_REFERENCES = "Văn bản dẫn chiếu"
SHEET_INFO = "Thông tin"
SHEET_REGISTER = "_nqparse"  # very hidden: what the merge checks ids and targets against

STATUSES = ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Không đạt")

HEADER_ID = "Mã (không sửa)"
HEADER_RESULT = "Kết quả thực hiện"
HEADER_RATE = "Tỷ lệ đạt (%)"
HEADER_STATUS = "Tình trạng"
HEADER_EVIDENCE = "Minh chứng"
HEADER_NOTE = "Ghi chú"
FILL_IN_HEADERS = (HEADER_RESULT, HEADER_RATE, HEADER_STATUS, HEADER_EVIDENCE, HEADER_NOTE)

INFO_UNIT = "Đơn vị báo cáo"
INFO_PERIOD = "Kỳ báo cáo"
INFO_AUTHOR = "Người lập"
INFO_FILL_IN = (INFO_UNIT, INFO_PERIOD, INFO_AUTHOR)
INFO_CODE = "Số, ký hiệu"
INFO_DATE = "Ngày ban hành"
INFO_SHA = "SHA-256 tệp nguồn"

COMPARATOR_WORDS = {  # words first: a cell starting with "=" would be read as a formula
    Comparator.GREATER: "trên (>)",
    Comparator.AT_LEAST: "từ … trở lên (≥)",
    Comparator.LESS: "dưới (<)",
    Comparator.AT_MOST: "không quá (≤)",
    Comparator.EQUAL: "đạt (=)",
    Comparator.RANGE: "từ … đến …",
    Comparator.APPROX: "khoảng (≈)",
}
QUALITATIVE = "định tính"

HEADER_DUE = "Thời hạn"
HEADER_DEADLINE = "Thời hạn (như văn bản)"
HEADER_RECURRENCE = "Định kỳ"
RECURRENCE_WORDS = {
    Recurrence.WEEKLY: "hằng tuần",
    Recurrence.MONTHLY: "hằng tháng",
    Recurrence.QUARTERLY: "hằng quý",
    Recurrence.HALF_YEARLY: "6 tháng một lần",
    Recurrence.YEARLY: "hằng năm",
    Recurrence.PERIODIC: "định kỳ",
    Recurrence.CONTINUOUS: "thường xuyên",
}


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: str = "text"  # text | number | date | fill_text | fill_number | fill_status | id
    value: Callable[[Any], Any] = lambda item: None

    @property
    def fill_in(self) -> bool:
        return self.kind.startswith("fill_")


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    file_stem: str = ""


def number(value: Optional[float]) -> Optional[float | int]:
    """A float that is a whole number becomes an int, so 90.0 shows as 90."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def as_date(value: Optional[str]) -> date | str | None:
    """An ISO date becomes a date (a real date cell in the workbook); anything else stays as written."""
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else value
    except ValueError:
        return value


def recurrence_words(recurrence: Optional[Recurrence]) -> Optional[str]:
    return RECURRENCE_WORDS.get(Recurrence(recurrence)) if recurrence else None


def deadline_columns() -> list[Column]:
    """When a target or task is due: the date, the words of the document, and how often it recurs."""
    return [
        Column(HEADER_DUE, 11, "date", lambda item: as_date(item.due)),
        Column(HEADER_DEADLINE, 14, "text", lambda item: item.deadline),
        Column(HEADER_RECURRENCE, 9, "text", lambda item: recurrence_words(item.recurrence)),
    ]


def comparator_label(indicator: Indicator) -> str:
    return COMPARATOR_WORDS.get(indicator.comparator, QUALITATIVE) if indicator.comparator else QUALITATIVE


def body_names(resolution: Resolution) -> Callable[[list[str]], str]:
    names = {body.id: body.name for body in resolution.bodies}
    return lambda ids: "; ".join(names.get(i, i) for i in ids)


def fill_in_columns() -> list[Column]:
    return [
        Column(HEADER_RESULT, 13, "fill_result"),
        Column(HEADER_RATE, 8, "fill_number"),
        Column(HEADER_STATUS, 13, "fill_status"),
        Column(HEADER_EVIDENCE, 15, "fill_text"),
        Column(HEADER_NOTE, 12, "fill_text"),
    ]


def target_columns(names: Callable[[list[str]], str]) -> list[Column]:
    return [
        Column(HEADER_ID, 12, "id", lambda i: i.id),
        Column("Mục", 6, "text", lambda i: i.section),
        Column("Nhóm chỉ tiêu", 12, "text", lambda i: i.category),
        Column("Nội dung", 40, "text", lambda i: i.text),
        Column("Chỉ tiêu (trích)", 16, "text", lambda i: i.span.quote),
        Column("Đối tượng", 13, "text", lambda i: i.subject),
        Column("So sánh", 10, "text", comparator_label),
        Column("Giá trị", 7, "number", lambda i: number(i.value)),
        Column("Đến (khoảng)", 8, "number", lambda i: number(i.high)),
        Column("Đơn vị tính", 8, "text", lambda i: i.unit),
        *deadline_columns(),
        Column("Đơn vị chủ trì", 14, "text", lambda i: names(i.lead)),
        *fill_in_columns(),
    ]


def target_table(resolution: Resolution) -> Table:
    columns = target_columns(body_names(resolution))
    return fill_rows(Table(SHEET_TARGETS, columns, file_stem="chi-tieu"), resolution.indicators)


def task_columns(names: Callable[[list[str]], str]) -> list[Column]:
    return [
        Column(HEADER_ID, 12, "id", lambda t: t.id),
        Column("Mục", 6, "text", lambda t: t.section),
        Column("Nội dung nhiệm vụ", 58, "text", lambda t: t.span.quote),
        Column("Chủ trì", 16, "text", lambda t: names(t.lead)),
        Column("Phối hợp", 16, "text", lambda t: names(t.partners)),
        *deadline_columns(),
        Column("Sản phẩm", 16, "text", lambda t: t.product),
        Column("Người phụ trách", 12, "text", lambda t: t.person),
        Column("Văn bản liên quan", 12, "text", lambda t: "; ".join(t.references)),
        *fill_in_columns(),
    ]


def task_table(resolution: Resolution) -> Table:
    columns = task_columns(body_names(resolution))
    return fill_rows(Table(SHEET_TASKS, columns, file_stem="nhiem-vu"), resolution.tasks)


def template_headers(sheet: str) -> list[str]:
    """The headers a tracking sheet is made with (what the merge expects to find)."""
    columns = target_columns if sheet == SHEET_TARGETS else task_columns
    return [c.header for c in columns(lambda ids: "")]


BODY_KIND_WORDS = {
    "cap_uy": "cấp ủy", "ban_tham_muu": "ban tham mưu", "van_phong": "văn phòng", "doan_the": "đoàn thể",
    "co_quan_nha_nuoc": "cơ quan nhà nước", "co_so": "cơ sở", "lanh_dao": "lãnh đạo", "khac": "khác",
}

ROLE_WORDS = {"legal_basis": "căn cứ", "implements": "thực hiện", "mention": "dẫn chiếu"}


def reference_table(resolution: Resolution) -> Table:
    columns = [
        Column("Số, ký hiệu", 16, "text", lambda r: r.code),
        Column("Loại văn bản", 13, "text", lambda r: r.doc_type),
        Column("Ngày ban hành", 12, "date", lambda r: as_date(r.date) or (str(r.year) if r.year else None)),
        Column("Cơ quan ban hành", 22, "text", lambda r: r.issuer),
        Column("Trích yếu", 40, "text", lambda r: r.title),
        Column("Vai trò", 10, "text", lambda r: ROLE_WORDS.get(r.role.value, r.role.value)),
        Column("Số lần dẫn", 8, "number", lambda r: max(1, len(r.mentions))),
        Column("Nguyên văn", 44, "text", lambda r: r.raw),
        Column("Ghi chú", 24, "text", reference_note),
    ]
    return fill_rows(Table(SHEET_REFERENCES, columns, file_stem="van-ban-dan-chieu"), resolution.references)


def reference_note(reference: Reference) -> Optional[str]:
    notes = list(reference.warnings)
    if reference.partial:
        notes.insert(0, "thiếu số hoặc ký hiệu")
    return "; ".join(notes) or None


def fill_rows(table: Table, items: list) -> Table:
    table.rows = [[column.value(item) for column in table.columns] for item in items]
    return table


def info_rows(resolution: Resolution, *, produced_at: Optional[datetime] = None) -> list[tuple[str, Any]]:
    """(field, value) pairs of the "Thông tin" sheet; the INFO_FILL_IN fields are left for the unit."""
    from . import __version__

    m, s = resolution.metadata, resolution.source
    when = (produced_at or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    signer = ", ".join(x for x in (m.signer.authority, m.signer.title, m.signer.name) if x)
    return [
        (INFO_UNIT, None),
        (INFO_PERIOD, None),
        (INFO_AUTHOR, None),
        ("Loại văn bản", m.doc_type),
        (INFO_CODE, m.code),
        (INFO_DATE, as_date(m.date)),
        ("Nơi ban hành", m.place),
        ("Cơ quan ban hành", m.issuer),
        ("Cơ quan cấp trên", m.parent_issuer),
        ("Trích yếu", m.title),
        ("Người ký", signer or None),
        ("Nơi nhận", "; ".join(r.name for r in m.recipients) or None),
        ("Số chỉ tiêu", len(resolution.indicators)),
        ("Số nhiệm vụ", len(resolution.tasks)),
        ("Số văn bản dẫn chiếu", len(resolution.references)),
        ("Cảnh báo khi đọc", len(resolution.warnings)),
        ("Tệp nguồn", s.path),
        ("Định dạng nguồn", s.format),
        (INFO_SHA, s.sha256),
        ("Tạo bởi", f"nqparse {__version__} (schema {resolution.schema_version})"),
        ("Thời điểm tạo", when),
        ("Hướng dẫn", "Đơn vị điền các cột nền vàng (kết quả, tỷ lệ đạt, tình trạng, minh chứng, ghi chú) "
                      "và ô Đơn vị báo cáo ở trên; không sửa cột Mã — bảng tổng hợp ghép theo mã."),
    ]


def register_rows(resolution: Resolution) -> list[list[Any]]:
    """Rows of the hidden register: every id the workbook was made with, its target and when it is due
    (ISO text, so a re-save by another spreadsheet cannot turn it into a local date)."""
    rows: list[list[Any]] = []
    for i in resolution.indicators:
        rows.append(["chi_tieu", i.id, i.section, i.comparator.value if i.comparator else None,
                     i.value, i.high, i.unit, i.deadline, i.text, i.span.quote, *schedule(i)])
    for t in resolution.tasks:
        rows.append(["nhiem_vu", t.id, t.section, None, None, None, None, t.deadline, t.span.quote, t.span.quote,
                     *schedule(t)])
    return rows


def schedule(item: Indicator | Task) -> list[Optional[str]]:
    return [item.due, item.start, Recurrence(item.recurrence).value if item.recurrence else None]


# Registers of schema 1.0 workbooks end at "quote": ``nqparse track merge`` reads their deadline words again.
REGISTER_HEADER = ["kind", "id", "section", "comparator", "value", "high", "unit", "deadline", "text", "quote",
                   "due", "start", "recurrence"]
REGISTER_MARK = "nqparse-register"


def register_digest(document: tuple[Any, Any], header: list[Any], rows: list[list[Any]]) -> str:
    """SHA-256 of the register's content — the document's code and source digest, the column names
    and every row — in a canonical form a re-save by Excel or LibreOffice does not change (numbers
    as numbers, "90" and 90 alike; ISO dates and date cells alike; whitespace runs as one space).

    Written beside the register at export (cell E1), it tells ``nqparse track merge`` whether a
    register is the one the workbook was made with. It is a plain digest, not a signature: a unit
    that edits the register and writes the new digest is caught by the majority of the other
    workbooks or by ``--resolution``, not by this."""
    content = [[canonical(v) for v in document], [canonical(v) for v in header],
               [[canonical(v) for v in row] for row in rows]]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def canonical(value: Any) -> Optional[str]:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format(float(value), ".12g")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


# -- how the sheets look (the tracking workbook and the roll-up alike) --------------------------

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
FILL_IN_HEADER_FILL = PatternFill("solid", fgColor="BF8F00")
FILL_IN_FILL = PatternFill("solid", fgColor="FFF2CC")
ID_FONT = Font(name="Arial", size=9, color="595959")
BODY_FONT = Font(name="Arial", size=10)
HEADER_FONT = Font(name="Arial", size=10, bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_LEFT_TOP = Alignment(wrap_text=True, vertical="top", horizontal="left")
ID_ALIGN = Alignment(wrap_text=False, vertical="top")  # an id on one line, never broken at "/" or "#"
ID_MAX_WIDTH = 40
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
SPARE_ROWS = 0  # no blank rows: a unit adding a target is an error the merge reports
LINE_HEIGHT = 12.75


def keep_text_as_text(ws: Worksheet) -> None:
    """Every string is text, never a formula — header rows too (a unit's name heads a column of the
    roll-up): openpyxl stores a string starting with "=" as a formula unless told otherwise, and the
    quote prefix keeps a formula-like string text when someone edits it in Excel. Dates show as 10/01/2022."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            elif isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD/MM/YYYY"


def id_width(ids: list[Any], least: float) -> float:
    """Wide enough to show the longest id on one line (about one width unit a character)."""
    longest = max((len(str(i)) for i in ids if i), default=0)
    return max(least, min(ID_MAX_WIDTH, longest + 2))


def row_height(row: list[Any], widths: list[Optional[float]]) -> float:
    """Enough height for the longest wrapped cell (Excel does not grow rows written by openpyxl);
    a column of width None does not wrap (ids)."""
    lines = 1
    for value, width in zip(row, widths):
        if isinstance(value, str) and value and width:
            per_line = max(1.0, width * 1.3)
            lines = max(lines, sum(math.ceil(max(1, len(part)) / per_line) for part in value.split("\n")))
    return min(409.0, LINE_HEIGHT * lines + 4)


def set_up_printing(ws: Worksheet, code: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = f"{ws.title} — {code}".replace("&", "&&")  # "&" starts a header code
    ws.oddFooter.center.text = "Trang &P / &N"
