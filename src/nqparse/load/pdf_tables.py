"""Ruled tables of a PDF: the grid a table's drawn rules make, and one table across page ends.

A Word or LibreOffice table prints its borders as lines or hairline rectangles; pdfplumber's
table finder turns the rules into cells, a merged cell being one box over several grid rows or
columns. Only rules a reader sees count: e-office converters draw a white rectangle behind each
line of text (B03, cv193) and white lines around blocks, and those make no table. A page that
draws no horizontal and vertical rules is not searched at all, so text pages cost nothing: the
page's drawn objects are parsed with its characters anyway.

Offices' annex tables run over several pages. A table that ends a page and one that starts the
next with the same columns are one table:

* the header row(s) the file repeats at the top of each page ("TT | Nhiệm vụ | Cơ quan chủ
  trì …" again) are dropped, and counted in ``header_rows``;
* a row broken by the page end goes on at the top of the next page without its TT number (its
  first column is empty) — or, in a table without numbers, with each cell going on in lower case
  with the sentence the cell above broke off: that part is joined into the row it continues,
  cell by cell, and a cell merged down from it (a lead written once for several rows) keeps
  covering its rows.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional, Protocol

RULE_GAP = 2.0          # pt: cell edges this close are one grid line
COLUMN_SLACK = 3.0      # pt: column boundaries this close on two pages are the same column
MIN_RULE = 3.0          # pt: shorter strokes are dots and hairline ends, not rules
WHITE = 0.95            # a colour this light is paper: backgrounds, not rules
HEADER_ROWS_MAX = 3     # rows looked at for a repeated header
SENTENCE_END = ".;:!?"  # a cell's text that ends so is no sentence broken off by the page end


class Placed(Protocol):
    """A word with its position on the page (``pdf.Word``)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


Box = tuple[float, float, float, float]       # x0, top, x1, bottom


# --- the rules a page draws -----------------------------------------------------------------

def light(colour) -> bool:
    """Whether a fill or stroke colour is (near) white: grey 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if isinstance(colour, (int, float)):
        values = (float(colour),)
    elif isinstance(colour, (tuple, list)) and colour and all(isinstance(v, (int, float)) for v in colour):
        values = tuple(float(v) for v in colour)
    else:
        return False           # no colour (black by default) or a pattern
    if len(values) == 4:
        return all(v <= 1 - WHITE for v in values)
    return all(v >= WHITE for v in values)


def seen(obj: dict) -> bool:
    """A drawn object a reader sees: stroked or filled in a colour that is not white."""
    if obj["object_type"] == "line" or obj.get("stroke"):
        if not light(obj.get("stroking_color")):
            return True
    return bool(obj.get("fill")) and not light(obj.get("non_stroking_color"))


def straight(edge: dict) -> bool:
    """A horizontal or vertical stroke long enough to be a rule (not a diagonal, not a dot)."""
    if edge.get("orientation") == "v":
        return abs(edge["x1"] - edge["x0"]) <= 1 and edge["bottom"] - edge["top"] >= MIN_RULE
    if edge.get("orientation") == "h":
        return abs(edge["bottom"] - edge["top"]) <= 1 and edge["x1"] - edge["x0"] >= MIN_RULE
    return False


def drawn_rules(page) -> list[dict]:
    """The visible horizontal and vertical rules of a page: lines, the sides of rectangles (a
    hairline rectangle is how many exporters draw a border) and straight path segments."""
    from pdfplumber.utils import obj_to_edges

    rules = []
    for obj in (*page.lines, *page.rects, *page.curves):
        if seen(obj):
            rules.extend(e for e in obj_to_edges(obj) if straight(e))
    return rules


def may_hold_table(rules: list[dict]) -> bool:
    """At least two horizontal and two vertical rules: an underline under a heading is no table."""
    horizontal = sum(1 for e in rules if e["orientation"] == "h")
    return horizontal >= 2 and len(rules) - horizontal >= 2


# --- one page's grid ------------------------------------------------------------------------

@dataclass
class GridCell:
    """A cell as the page draws it: grid position and spans, its box and the words inside."""

    page: int
    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box
    words: list = field(default_factory=list)

    @property
    def text(self) -> str:
        """The cell's words in reading order (lines top to bottom), for comparing cells."""
        ordered = sorted(self.words, key=lambda w: (round(w.top), w.x0))
        return " ".join(w.text for w in ordered)


@dataclass
class PageTable:
    """The part of a ruled table that stands on one page."""

    page: int
    xs: list[float]             # column boundaries, left to right
    ys: list[float]             # row boundaries, top to bottom
    cells: list[GridCell]

    def __post_init__(self) -> None:
        self._grid = {(r, c): cell for cell in self.cells
                      for r in range(cell.row, cell.row + cell.rowspan)
                      for c in range(cell.col, cell.col + cell.colspan)}

    @property
    def box(self) -> Box:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def at(self, row: int, col: int) -> Optional[GridCell]:
        return self._grid.get((row, col))

    def cell_under(self, x: float, y: float) -> Optional[GridCell]:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        col = min(bisect.bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        row = min(bisect.bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return self._grid.get((row, col))

    def take(self, words: list[Placed]) -> list[Placed]:
        """Put each word whose centre lies in a cell into that cell; return the others."""
        rest = []
        for word in words:
            cell = self.cell_under((word.x0 + word.x1) / 2, (word.top + word.bottom) / 2)
            if cell is None:
                rest.append(word)
            else:
                cell.words.append(word)
        return rest

    def row_signature(self, row: int, columns: list[int]) -> tuple:
        """(column, width, text) of the cells that start in ``row``, columns in the table's grid."""
        return tuple((columns[c.col], columns[c.col + c.colspan] - columns[c.col], " ".join(c.text.split()))
                     for c in self.cells if c.row == row)


def boundaries(values: list[float]) -> list[float]:
    """Grid lines from cell edges: edges closer than ``RULE_GAP`` are one line."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= RULE_GAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def nearest(lines: list[float], value: float) -> int:
    return min(range(len(lines)), key=lambda k: abs(lines[k] - value))


def page_table(page_no: int, boxes: list[Box]) -> PageTable:
    """The grid of pdfplumber's cell boxes: a box over several grid rows or columns is one merged cell."""
    xs = boundaries([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = boundaries([b[1] for b in boxes] + [b[3] for b in boxes])
    cells = []
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (b[1], b[0])):
        row, col = nearest(ys, top), nearest(xs, x0)
        rowspan, colspan = nearest(ys, bottom) - row, nearest(xs, x1) - col
        if rowspan > 0 and colspan > 0:
            cells.append(GridCell(page_no, row, col, rowspan, colspan, (x0, top, x1, bottom)))
    return PageTable(page_no, xs, ys, cells)


def ruled_tables(page, page_no: int) -> list[PageTable]:
    """The ruled tables of a page, top to bottom; none (and no search) on a page without rules.
    A single ruled box (a framed note) is not a table."""
    rules = drawn_rules(page)
    if not may_hold_table(rules):
        return []
    try:
        found = page.find_tables({
            "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
            "explicit_vertical_lines": [e for e in rules if e["orientation"] == "v"],
            "explicit_horizontal_lines": [e for e in rules if e["orientation"] == "h"],
        })
    except Exception:       # rules the finder cannot make out must not cost the page: its text stays lines
        return []
    tables = [page_table(page_no, t.cells) for t in found]
    return sorted((t for t in tables if len(t.cells) >= 2), key=lambda t: t.top)


# --- one table over several pages --------------------------------------------------------

@dataclass
class TableCell:
    """A cell of the whole table, with the page cells its text is in (more than one when a page
    end broke its row)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    parts: list[GridCell]

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row < self.row + self.rowspan and self.col <= col < self.col + self.colspan


@dataclass
class RuledTable:
    pieces: list[PageTable]
    xs: list[float]
    rows: int = 0
    header_rows: int = 0
    cells: list[TableCell] = field(default_factory=list)

    @classmethod
    def start(cls, piece: PageTable) -> "RuledTable":
        table = cls([piece], piece.xs, piece.rows)
        table.cells = [TableCell(c.row, c.col, c.rowspan, c.colspan, [c]) for c in piece.cells]
        return table

    @property
    def cols(self) -> int:
        return len(self.xs) - 1

    @property
    def page(self) -> int:
        return self.pieces[0].page

    def covering(self, row: int, col: int) -> Optional[TableCell]:
        return next((c for c in self.cells if c.covers(row, col)), None)

    def columns_of(self, piece: PageTable) -> Optional[list[int]]:
        """The table's column boundary for each of the piece's, or None when the piece has
        other columns (a boundary of its own, or a different outer width)."""
        out = [nearest(self.xs, x) for x in piece.xs]
        if any(abs(self.xs[k] - x) > COLUMN_SLACK for k, x in zip(out, piece.xs)):
            return None
        if out[0] != 0 or out[-1] != len(self.xs) - 1:
            return None
        return out

    def repeated_header(self, piece: PageTable, columns: list[int]) -> int:
        """How many of the table's first rows the piece starts with again (the header repeated)."""
        first = self.pieces[0]
        own = list(range(len(first.xs)))
        tried = [self.header_rows] if self.header_rows else range(min(HEADER_ROWS_MAX, piece.rows - 1), 0, -1)
        for k in tried:
            if k < piece.rows and all(piece.row_signature(r, columns) == first.row_signature(r, own)
                                      and any(text for _, _, text in first.row_signature(r, own))
                                      for r in range(k)):
                return k
        return 0

    def continues_row(self, piece: PageTable, row: int, columns: Optional[list[int]] = None) -> bool:
        """The piece's ``row`` goes on with the table's last row: it has no TT number of its own
        while the last row has one; or, in a table without numbers, each of its cells goes on
        with the sentence the cell above it broke off ("… hỗ trợ nông dân" / "chuyển đổi cơ cấu …")."""
        mine, last = piece.at(row, 0), self.covering(self.rows - 1, 0)
        if mine is None or last is None:
            return False
        if not mine.text.strip():
            return last.row == self.rows - 1 and any(part.text.strip() for part in last.parts)
        return columns is not None and self.sentences_go_on(piece, row, columns)

    def sentences_go_on(self, piece: PageTable, row: int, columns: list[int]) -> bool:
        """Every written cell of the piece's ``row`` goes on (no capital: "nghiệp; hỗ trợ …",
        "2026") under a cell of the table's last row whose text stops without ending its
        sentence ("… đất nông", "Năm"), and one of them in lower case."""
        written = [c for c in piece.cells if c.row == row and c.text.strip()]
        if not written:
            return False
        for cell in written:
            above = self.covering(self.rows - 1, columns[cell.col])
            before = " ".join(part.text for part in above.parts).strip() if above is not None else ""
            if not before or before[-1] in SENTENCE_END or cell.text.strip()[0].isupper():
                return False
        return any(cell.text.strip()[0].islower() for cell in written)

    def extend(self, piece: PageTable) -> bool:
        """Add the piece that continues this table on the next page; False if its columns differ."""
        columns = self.columns_of(piece)
        if columns is None:
            return False
        skip = self.repeated_header(piece, columns)
        self.header_rows = self.header_rows or skip
        joined = self.continues_row(piece, skip, columns)
        offset = self.rows - skip - joined
        for cell in piece.cells:
            if cell.row < skip:
                continue          # the header again
            row, col = cell.row + offset, columns[cell.col]
            colspan = columns[cell.col + cell.colspan] - col
            into = self.covering(row, col) if joined and cell.row == skip else None
            if into is not None and into.col == col and into.colspan == colspan:
                into.parts.append(cell)
                into.rowspan = max(into.rowspan, row + cell.rowspan - into.row)
            else:
                self.cells.append(TableCell(row, col, cell.rowspan, colspan, [cell]))
        self.rows = max(c.row + c.rowspan for c in self.cells)
        self.cells.sort(key=lambda c: (c.row, c.col))
        self.pieces.append(piece)
        return True


def tables_across_pages(pieces: list[list[PageTable]], text: list[list[tuple[float, float]]]) -> list[RuledTable]:
    """Join the pages' tables: a table that is the last thing on its page and one that is the
    first on the next page (``text``: the top and bottom of each page's other lines, running
    heads already dropped) are one table when their columns agree."""
    tables: list[RuledTable] = []
    for page_pieces in pieces:
        for k, piece in enumerate(page_pieces):
            previous = tables[-1] if tables else None
            if k == 0 and previous is not None and last_then_first(previous.pieces[-1], piece, text) \
                    and previous.extend(piece):
                continue
            tables.append(RuledTable.start(piece))
    return tables


def last_then_first(before: PageTable, after: PageTable, text: list[list[tuple[float, float]]]) -> bool:
    """Whether ``before`` ends its page and ``after``, on the next page, starts it."""
    if after.page != before.page + 1:
        return False
    below = any(top >= before.bottom for top, _ in text[before.page - 1])
    above = any(bottom <= after.top for _, bottom in text[after.page - 1])
    return not below and not above
