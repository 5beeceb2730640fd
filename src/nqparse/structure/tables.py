"""What each table of a document holds, read from its header row(s).

Offices put assignments and targets in tables, most often in an annex (PHỤ LỤC):

- tasks: ``TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm``
  (with variants: "Tên nhiệm vụ", "Sở, ngành chủ trì tham mưu", "Đơn vị phối hợp thực hiện",
  "Tiến độ", "Cá nhân phụ trách", "Kinh phí", "Ghi chú");
- targets: ``TT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Mục tiêu đến 2030 | Cơ quan chủ trì`` or
  ``TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá``;
- norms and prices (định mức, mức chi, đơn giá …), which hold no targets;
- layout: the header (issuer | motto; Số … | place, date) and the signature block
  (Nơi nhận | T/M … BÍ THƯ), borderless tables that are not data.

A header cell takes the role of the longest phrase of ``rules/tables.yaml`` it contains; a
row of column numbers "(1) (2) (3)" under the header is part of it. Rows below are data rows
or group rows: a roman numeral or capital letter in the first column ("I", "II.", "A"), a
single cell merged across the table ("I. Kinh tế số"), or a numbered row whose number opens
the next rows' numbers ("11" before "11.1") with nothing but its title. Groups give the
section ids of the rows under them ("PLII.I", "PLII.I.2" …), under the annex (PHỤ LỤC II →
"PLII") or the outline section the table stands in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Optional

from pydantic import BaseModel, field_validator

from .. import rules
from ..document import Cell, NormalizedDocument, Section, Table
from ..grammar import AUTHORITY_MARK, RECIPIENTS
from ..textkey import fold_tones

LAYOUT_CUES = re.compile(
    rf"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*-\s*Tự do|{RECIPIENTS}|^\s*Số\s*:|"
    rf"^\s*(?:{AUTHORITY_MARK})\s", re.MULTILINE)


class TableRules(BaseModel):
    columns: dict[str, list[str]]
    target_table_columns: dict[str, str] = {}
    year_header: str
    baseline_words: list[str] = []
    norm_words: list[str] = []
    group_label: str
    row_label: str
    annex_heading: str

    @field_validator("year_header", "group_label", "row_label", "annex_heading")
    @classmethod
    def valid_regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from None
        return value


def table_rules() -> TableRules:
    return rules.load("tables", TableRules)


@dataclass
class Vocabulary:
    phrases: list[tuple[str, str]]          # (folded phrase, role), longest first
    target_columns: dict[str, str]
    year: re.Pattern[str]
    baseline: list[str]
    norms: list[str]
    group_label: re.Pattern[str]
    row_label: re.Pattern[str]
    annex: re.Pattern[str]


_vocabulary: list[tuple[TableRules, Vocabulary]] = []


def vocabulary() -> Vocabulary:
    r = table_rules()
    if not _vocabulary or _vocabulary[0][0] is not r:
        # longest first; phrases of one length keep the order of rules/tables.yaml, so a header
        # holding two of them ("Nội dung / Kinh phí") gets the same role in every run
        listed = dict.fromkeys((fold_tones(p), role) for role, ps in r.columns.items() for p in ps)
        phrases = sorted(listed, key=lambda x: len(x[0]), reverse=True)
        _vocabulary[:] = [(r, Vocabulary(
            phrases=phrases,
            target_columns={fold_tones(k): v for k, v in r.target_table_columns.items()},
            year=re.compile(r.year_header, re.IGNORECASE),
            baseline=[fold_tones(w) for w in r.baseline_words],
            norms=[fold_tones(w) for w in r.norm_words],
            group_label=re.compile(r.group_label),
            row_label=re.compile(r.row_label),
            annex=re.compile(r.annex_heading),
        ))]
    return _vocabulary[0][1]


@dataclass
class Column:
    """The role of one grid column and, for a target value column, the horizon its header states."""

    role: Optional[str] = None
    header: str = ""
    year: Optional[int] = None
    first_year: Optional[int] = None


@dataclass
class Row:
    """One row under the header: a group heading or an item, each role's cell in it."""

    index: int
    number: str                      # the first column's label as written ("1", "11.1", "I")
    group: bool
    section: str                     # the id of the group this row opens or stands in
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell(self, role: str) -> Optional[Cell]:
        return self.cells.get(role)


@dataclass
class ReadTable:
    """A table with what it holds: kind, column roles, header rows and its rows."""

    table: Table
    kind: str                        # tasks | targets | norms | layout | other
    columns: list[Column]
    header_rows: int
    section: str                     # where it stands: "PLII", "III.2", "B3"
    rows: list[Row] = field(default_factory=list)

    def role_columns(self, role: str) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.role == role]

    @property
    def holds_items(self) -> bool:
        return self.kind in ("tasks", "targets")


def _key(text: str) -> str:
    return fold_tones(re.sub(r"[*_:()\[\]]", " ", text)).strip(" .,;-")


def column_role(header: str, v: Vocabulary, in_targets: bool = False) -> Optional[str]:
    """The role a header cell names: the longest phrase of the rules found in it."""
    key = _key(header)
    if not key:
        return None
    if in_targets and key in v.target_columns:
        return v.target_columns[key]
    for phrase, role in v.phrases:
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", key):
            return role
    return None


def _year_of(header: str, v: Vocabulary) -> Optional[tuple[int, Optional[int]]]:
    m = v.year.search(header)
    if not m:
        return None
    first, last = int(m.group(1)), m.group(2)
    return (int(last), first) if last else (first, None)


def _distinct(cells: list[Optional[Cell]]) -> list[Cell]:
    out: list[Cell] = []
    for c in cells:
        if c is not None and all(c is not o for o in out):
            out.append(c)
    return out


_COLUMN_NUMBER = re.compile(r"^\(?\s*(?:\d{1,2}|[A-Z])\s*\)?(?:\s*[=x*+\-]\s*\(?\d{1,2}\)?)*$")


def _header_rows(doc: NormalizedDocument, t: Table, v: Vocabulary) -> int:
    """Rows at the top that name columns (and a row of column numbers under them)."""
    n = 0
    for r in range(min(t.rows, 4)):
        cells = [c for c in _distinct(t.row(r)) if c.row == r or n and c.row < n]
        texts = [doc.cell_text(c) for c in cells if c.row == r and not c.empty]
        if not texts:
            if n:
                continue
            break
        first = doc.cell_text(t.at(r, 0))
        if n and (v.group_label.match(first) or v.row_label.match(first)):
            break  # "I | Đến năm 2030": the first group, not a heading of the columns
        named = sum(1 for x in texts if column_role(x, v) is not None or _year_of(x, v) and len(x) < 40)
        if named >= 2 or n and named >= 1 and not v.row_label.match(texts[0]):
            n = r + 1
        else:
            break
    if n and n < t.rows:
        texts = [doc.cell_text(c) for c in _distinct(t.row(n)) if c.row == n and not c.empty]
        if len(texts) >= 2 and all(_COLUMN_NUMBER.match(x) for x in texts):
            n += 1
    return n


def _columns(doc: NormalizedDocument, t: Table, header_rows: int, v: Vocabulary, in_targets: bool,
             issued: Optional[int]) -> list[Column]:
    columns: list[Column] = []
    for c in range(t.cols):
        col = Column()
        for r in range(header_rows):
            cell = t.at(r, c)
            text = doc.cell_text(cell)
            if not text or _COLUMN_NUMBER.match(text):
                continue
            col.header = f"{col.header} / {text}" if col.header and text not in col.header else text
            role = column_role(text, v, in_targets)
            year = _year_of(text, v) if len(text) < 60 else None
            if year and role in (None, "value", "target", "deadline"):
                past = issued is not None and year[0] < issued
                baseline = any(w in _key(text) for w in v.baseline)
                role = "baseline" if past or baseline else "value"
                col.year, col.first_year = year
            if role is not None:
                col.role = role                      # the deepest header row names the column
        columns.append(col)
    return columns


def _kind(doc: NormalizedDocument, t: Table, columns: list[Column], header_text: str, v: Vocabulary) -> str:
    roles = {c.role for c in columns}
    if "target" in roles and roles & {"value", "unit", "lead"} or \
            roles & {"task", "target"} and "value" in roles and any(c.year for c in columns):
        return "targets"
    if "task" in roles and roles & {"lead", "partners", "deadline", "product", "person"}:
        return "tasks"
    key = _key(header_text)
    if any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", key) for w in v.norms):
        return "norms"
    return "other"


def _is_layout(doc: NormalizedDocument, t: Table, body: tuple[int, int]) -> bool:
    if t.rows <= 1 or t.cols == 1:
        return True                     # one line side by side (a PDF's two-column header) holds no rows
    if t.end <= body[0]:
        return True                     # the header: issuer | motto, number | place and date
    return t.cols <= 3 and t.rows <= 3 and bool(LAYOUT_CUES.search(doc.text, t.start, t.end))


def _annex(doc: NormalizedDocument, t: Table, v: Vocabulary, body_end: int) -> Optional[str]:
    """"PLII" when the table stands in annex II (the last PHỤ LỤC heading before it)."""
    last = None
    for m in v.annex.finditer(doc.text, 0, t.start):
        last = m
    if last is None or last.start() < body_end and t.start - last.end() > 1500:
        return None
    return "PL" + (last.group(1) or "")


def _label_token(number: str) -> str:
    return re.sub(r"[^\w.]", "", number).strip(".")


def _rows(doc: NormalizedDocument, rt: ReadTable, v: Vocabulary) -> list[Row]:
    t = rt.table
    main = next((i for i, c in enumerate(rt.columns) if c.role in ("task", "target")), None)
    number_col = next((i for i, c in enumerate(rt.columns) if c.role == "number"), 0 if main != 0 else None)
    rows: list[Row] = []
    numbers = [doc.cell_text(t.at(r, number_col)) if number_col is not None else "" for r in range(t.rows)]
    groups: list[tuple[str, str]] = []            # (label token, section id) open groups, outermost first
    for r in range(rt.header_rows, t.rows):
        cells = t.row(r)
        distinct = _distinct(cells)
        filled = [c for c in distinct if not c.empty and c.row == r]
        if not filled and not any(not c.empty for c in distinct):
            continue
        number = numbers[r] if number_col is not None and t.at(r, number_col) is not None \
            and t.at(r, number_col).row == r else ""
        by_role: dict[str, Cell] = {}
        for i, col in enumerate(rt.columns):
            cell = cells[i] if i < len(cells) else None
            if col.role and cell is not None and not cell.empty and col.role not in by_role:
                by_role[col.role] = cell
        spans_all = len(distinct) == 1 and distinct[0].colspan >= max(2, t.cols - 1)
        group = bool(v.group_label.match(number)) or spans_all or _opens_numbering(number, numbers, r, by_role)
        if spans_all and not number:
            m = re.match(r"^\s*((?:[IVXLC]{1,6}|[A-ZĐ]|\d{1,2}(?:\.\d{1,2})*)[.)\-]?)\s+\S", doc.cell_text(distinct[0]))
            number = m.group(1) if m else ""
        token = _label_token(number)
        numeric = token[:1].isdigit()
        if numeric:   # leave the numbered groups this number is not under ("12" after "11.x")
            groups = [g for g in groups if not g[0][:1].isdigit() or token.startswith(g[0] + ".")]
        if group:
            if not numeric:
                groups = []                      # "I", "II", "A": a top-level group
            base = groups[-1][1] if groups else rt.section
            section = f"{base}.{token}" if token else f"{base}.G{r}"
            groups.append((token, section))
        else:
            section = groups[-1][1] if groups else rt.section
        rows.append(Row(index=r, number=number, group=group, section=section, cells=by_role))
    return rows


def _opens_numbering(number: str, numbers: list[str], r: int, by_role: dict[str, Cell]) -> bool:
    """"11" whose next rows are "11.1", "11.2" … and which carries nothing but its title."""
    token = _label_token(number)
    if not token or not token[0].isdigit():
        return False
    nxt = next((_label_token(n) for n in numbers[r + 1:] if _label_token(n)), "")
    if not nxt.startswith(token + "."):
        return False
    return not set(by_role) - {"number", "task", "target", "note"}


def read_tables(doc: NormalizedDocument, body: tuple[int, int], sections: list[Section],
                issued: Optional[str] = None) -> list[ReadTable]:
    """Every table of ``doc`` with its kind, column roles and rows (``body``: the text between
    the header and the closing; tables wholly outside it are layout unless they are ruled data)."""
    v = vocabulary()
    year = date.fromisoformat(issued).year if issued else None
    out: list[ReadTable] = []
    for t in doc.tables:
        if t.parent is not None or _is_layout(doc, t, body):
            out.append(ReadTable(t, "layout", [Column() for _ in range(t.cols)], 0, ""))
            continue
        header_rows = _header_rows(doc, t, v)
        header_text = " ".join(doc.cell_text(c) for c in t.cells if c.row < header_rows)
        columns = _columns(doc, t, header_rows, v, False, year)
        kind = _kind(doc, t, columns, header_text, v)
        if kind == "targets":
            columns = _columns(doc, t, header_rows, v, True, year)
            for c in columns:
                if c.role == "task":
                    c.role = "target"
        section = _annex(doc, t, v, body[1]) or _enclosing(sections, t.start) or f"B{len(out) + 1}"
        rt = ReadTable(t, kind, columns, header_rows, section)
        if rt.holds_items:
            rt.rows = _rows(doc, rt, v)
        out.append(rt)
    return out


def _enclosing(sections: list[Section], offset: int) -> Optional[str]:
    best = None
    for s in sections:
        if s.start > offset:
            break
        if s.start <= offset < s.end:
            best = s
    return best.path if best else None


def data_paragraphs(tables: list[ReadTable]) -> set[int]:
    """Paragraph indices inside data tables (everything but layout), which prose readers skip."""
    return {p for rt in tables if rt.kind != "layout" for c in rt.table.cells for p in c.paragraphs}


def iter_items(rt: ReadTable) -> Iterator[Row]:
    """The rows of a task or target table that are items (not group headings)."""
    return (row for row in rt.rows if not row.group)
