"""Tables written in plain text → grids of cells (row, column, spans) holding their text lines.

Forms read (all seen in real copies, see ``../shared/corpus/README.md``):

- **markdown pipe tables** (hand-made markdown): ``| TT | Chỉ tiêu | … |``, a ``|---|---|`` line, one
  row per line; a row with fewer cells than the header (a line cut short) or more (a stray bar)
  is aligned to the header's columns; ``\\|`` inside a cell is text;
- **tail-bar rows** (some crawls): ``CHÍNH PHỦ | CỘNG HÒA … |`` — a row per line, each cell closed
  by `` |``, no opening bar;
- **bar-line tables** (every crawl of tnt305/tai_lieu_noi_bo): the HTML table flattened into lines
  where a line holding only ``|`` separates cells, a cell's text is hard-wrapped over the lines
  between two bars, and two bars in a row end one row and open the next — exactly like an empty
  cell. The grid is rebuilt from the first row's width, the row numbers of the first column
  ("1", "I.", "a)", "11.1", read as sequences) and group rows (one cell, or a number and a
  heading) that span the table, sub-rows ('- Diện tích') between numbers, and a header of two
  rows over merged columns. Crawls without blank lines flatten the whole page: a table ends
  where a full row is followed by text (the prose after it), and opens where an anchor says
  (the motto in the header's second column, 'Nơi nhận' first in the signature table, ``TT``/
  ``STT`` heading a numbered table — ``rules/text_cleanup.yaml``);
- **HTML tables** (``<table><tr><td rowspan=2>…``);
- **column-aligned layout text** (``pdftotext -layout``): cells side by side, separated by runs of
  two or more spaces that line up over several lines, a cell's text wrapping in its column.

Every grid built by heuristics is marked ``guessed``; the reasons to doubt it are kept in
:attr:`GridTable.problems` (the loader turns them into one warning). Reading is linear in the
number of lines; look-aheads are bounded.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, reduce
from html.parser import HTMLParser
from math import gcd
from typing import TYPE_CHECKING, Optional, Union

from ..textkey import fold_tones

if TYPE_CHECKING:
    from .text import Line

MAX_COLUMNS = 64                # wider than any real table: a run of bars that is no table
Slot = Optional[list["Line"]]   # the text lines between two bars ([] for marks only); None: nothing stood
EMPTY: list = []                # an empty cell decided by the grid (not a gap)


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    lines: list = field(default_factory=list)   # the cell's cleaned text lines (text.Line), in order


@dataclass(slots=True)
class GridTable:
    rows: int
    cols: int
    cells: list[GridCell]
    line: int = 0                    # first source line
    header_rows: int = 0
    guessed: bool = False
    problems: list[str] = field(default_factory=list)   # why the grid is doubtful (Vietnamese)


Piece = Union["Line", GridTable]


def text_lines(slot: Slot) -> list["Line"]:
    return slot or []


# --- row numbers ------------------------------------------------------------------------------

_LABEL = re.compile(
    r"^(?:(?P<dec>\d{1,3}(?:\.\d{1,3}){1,3})\.?|(?P<arabic>\d{1,3})[.)]?|(?P<roman>[IVXLC]{1,7})[.)]?"
    r"|(?P<upper>[A-ZĐ])[.)]?|(?P<lower>[a-zđ])[.)]?)$"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"     # a), b), c), d), đ), e) …


def _roman(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


def row_label(slot: Slot) -> Optional[tuple[str, tuple[int, ...]]]:
    """('arabic', (3,)) for a cell holding only '3' / '3.' / '3)'; ('dec', (11, 2)) for '11.2';
    ('roman', (2,)) for 'II' / 'II.'; ('upper', (1,)) for 'A'; ('lower', (2,)) for 'b)'."""
    lines = text_lines(slot)
    if len(lines) != 1 or len(lines[0].text) > 12:
        return None
    m = _LABEL.match(lines[0].text.replace(" ", ""))
    if not m:
        return None
    kind = m.lastgroup or ""
    s = m.group(kind)
    if kind == "dec":
        return kind, tuple(int(x) for x in s.split("."))
    if kind == "arabic":
        return kind, (int(s),)
    if kind == "roman":
        return kind, (_roman(s),)
    return kind, (_LETTERS.index(s.lower()) + 1,)


class RowNumbers:
    """The numbering of a table's first column, to tell a row's first cell from a value.

    A label starts a row when it opens a sequence (1, I, A, a, 11.1 under row 11) or continues
    the one of its kind (2 after 1, III after II, 11.3 after 11.2, 12 after 11.12)."""

    def __init__(self) -> None:
        self.last: dict[str, tuple[int, ...]] = {}

    def follows(self, slot: Slot) -> bool:
        label = row_label(slot)
        if label is None:
            return False
        kind, value = label
        if kind == "dec":
            prev = self.last.get("dec")
            parent = self.last.get("arabic")
            if prev is not None and prev[:-1] == value[:-1] and value[-1] == prev[-1] + 1:
                return True
            return value[-1] == 1 and parent is not None and value[:-1] == parent
        return value[0] == 1 or value[0] == self.last.get(kind, (0,))[0] + 1

    def note(self, slot: Slot) -> None:
        label = row_label(slot)
        if label is not None:
            self.last[label[0]] = label[1]


# --- grid placement ---------------------------------------------------------------------------

@dataclass
class _Row:
    cells: list                  # slots (lists of lines); EMPTY for an empty cell
    kind: str = "data"           # "header" | "group" | "data" | "stray"


class _Grid:
    """Cells placed row by row into the first free columns, like an HTML table's layout."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.cells: list[GridCell] = []
        self.taken: dict[tuple[int, int], GridCell] = {}
        self.rows = 0

    def free_columns(self, r: int) -> list[int]:
        return [c for c in range(self.width) if (r, c) not in self.taken]

    def put(self, r: int, c: int, lines: list, rowspan: int = 1, colspan: int = 1) -> GridCell:
        cell = GridCell(r, c, rowspan, colspan, list(lines))
        self.cells.append(cell)
        self.cover(cell)
        return cell

    def cover(self, cell: GridCell) -> None:
        for rr in range(cell.row, cell.row + cell.rowspan):
            for cc in range(cell.col, cell.col + cell.colspan):
                self.taken.setdefault((rr, cc), cell)
        self.rows = max(self.rows, cell.row + cell.rowspan)

    def extend_down(self, r: int, c: int) -> bool:
        """Let the cell above (r-1, c) cover row r too (a value merged over several rows)."""
        above = self.taken.get((r - 1, c))
        if above is None or self.taken.get((r, c)) is above:
            return above is not None
        if above.row + above.rowspan != r:
            return False
        above.rowspan += 1
        for cc in range(above.col, above.col + above.colspan):
            self.taken.setdefault((r, cc), above)
        self.rows = max(self.rows, r + 1)
        return True


def _is_group(row: _Row) -> bool:
    """A group row: 'I' / 'A' / 'II.' then a heading (bold or in capitals)."""
    label = row_label(row.cells[0]) if row.cells and row.cells[0] is not EMPTY else None
    if label and label[0] in ("roman", "upper"):
        return True
    rest = [text_lines(cell)[0] for cell in row.cells[1:] if text_lines(cell)]
    return bool(rest) and all(ln.bold for ln in rest)     # a bold heading wraps: its first line tells


def place_rows(rows: list[_Row], width: int, problems: list[str]) -> _Grid:
    """Rows of cells → a grid of ``width`` columns, deciding the spans a flattened table lost:
    a row of one cell spans the table; a group row's heading spans what is left; a data row with
    fewer cells continues the cells above in the columns it lacks (a value merged downwards);
    a header of two rows gives its first row's cells either two rows or the sub-columns under them."""
    grid = _Grid(width)
    _place_header(rows, grid, problems)
    short = 0
    for r in range(sum(1 for row in rows if row.kind == "header"), len(rows)):
        row = rows[r]
        free = grid.free_columns(r)
        cells = row.cells[: len(free)]
        if len(row.cells) > len(free):
            extra = [ln for cell in row.cells[len(free):] for ln in cell]
            cells = cells[:-1] + [list(cells[-1]) + extra] if cells else []
            problems.append(f"dòng {_first_line_of(row.cells)} thừa ô")
        if not free:
            continue
        if len(cells) == 1 and len(free) > 1:
            grid.put(r, free[0], cells[0], colspan=len(free))
            continue
        if len(cells) < len(free) and (row.kind == "group" or _is_group(row)):
            for c, cell in zip(free, cells[:-1]):
                grid.put(r, c, cell)
            grid.put(r, free[len(cells) - 1], cells[-1], colspan=len(free) - len(cells) + 1)
            continue
        for c, cell in zip(free, cells):
            grid.put(r, c, cell)
        missing = free[len(cells):]
        if missing and not (r > 0 and rows[r - 1].kind == "data" and row.kind == "data"
                            and all(grid.extend_down(r, c) for c in missing)):
            short += 1
        grid.rows = max(grid.rows, r + 1)
    if short:
        problems.append(f"{short} dòng thiếu ô")
    return grid


def _place_header(rows: list[_Row], grid: _Grid, problems: list[str]) -> None:
    """The header rows: the first row's cells span the rows below them, except the ones the
    sub-headers of the second row stand under (the last ones: 'Kết quả' over three columns)."""
    header = [row for row in rows if row.kind == "header"]
    if not header:
        return
    first = header[0].cells
    if len(header) == 1 or len(first) >= grid.width:
        for i, row in enumerate(header):
            for c, cell in zip(grid.free_columns(i), row.cells):
                grid.put(i, c, cell)
        return
    subs = len(header[1].cells)
    spanning = len(first) + subs - grid.width
    if not 0 < spanning <= len(first) or subs < spanning:
        problems.append("hàng tiêu đề")
        spanning = 0
    col = 0
    for i, cell in enumerate(first):
        if i >= len(first) - spanning:
            k = len(first) - 1 - i          # spanning cells from the right
            span = subs // spanning + (1 if k < subs % spanning else 0)
            grid.put(0, col, cell, colspan=span)
            col += span
        else:
            grid.put(0, col, cell, rowspan=2 if spanning else 1)
            col += 1
    for i, row in enumerate(header[1:], start=1):
        for c, cell in zip(grid.free_columns(i), row.cells):
            grid.put(i, c, cell)
        grid.rows = max(grid.rows, i + 1)


def to_table(rows: list[_Row], width: int, problems: list[str]) -> GridTable:
    """A crawled table's rows on their grid (always ``guessed``)."""
    grid = place_rows(rows, width, problems)
    header = sum(1 for row in rows if row.kind == "header")
    return GridTable(rows=max(grid.rows, len(rows)), cols=width, cells=grid.cells,
                     header_rows=header, guessed=True, problems=problems)


# --- bar-line tables (crawls) -------------------------------------------------------------------

def bar_slots(tokens: list["Line"]) -> list[Slot]:
    """The region's text between bars: one slot per pair of bars — its text lines, [] when only
    marks stood there (a rule, an emphasis-only '** **': an empty cell), None when the two bars
    touch. ``tokens[0]`` is the opening bar; text after the last bar is a last, unclosed slot."""
    slots: list[Slot] = []
    current: Slot = None
    for token in tokens[1:]:
        if token.kind == "bar":
            slots.append(current)
            current = None
        elif current is None:
            current = [token] if token.kind == "text" else []
        elif token.kind == "text":
            current.append(token)
    if current is not None:
        slots.append(current)
    return slots


@dataclass
class TableCues:
    """What places a table in a crawl that flattened the whole page: anchors — cells known to stand
    in a given column of a table of a given width, ``(folded start, column, columns)``: the motto
    in the header's second column, 'Nơi nhận' first in the signature table — and the header of a
    row-number column ('TT', 'STT', by :func:`number_key`), which makes the table numbered."""

    number_headers: frozenset[str] = frozenset()
    anchors: tuple[tuple[str, int, int], ...] = ()

    @cached_property
    def initials(self) -> frozenset[str]:
        return frozenset(start[:1] for start, _, _ in self.anchors)

    def numbers(self, slot: Slot) -> bool:
        lines = text_lines(slot)
        return len(lines) == 1 and len(lines[0].text) <= 12 and number_key(lines[0].text) in self.number_headers

    def anchor(self, slot: Slot) -> Optional[tuple[int, int]]:
        """(column, columns) when the cell is an anchor."""
        lines = text_lines(slot)
        if not lines or lines[0].text[:1].casefold() not in self.initials:
            return None
        key = fold_tones(" ".join(ln.text for ln in lines[:3]))     # a motto wraps over lines
        return next(((col, cols) for start, col, cols in self.anchors if key.startswith(start)), None)

    def width(self, slots: list[Slot], start: int) -> Optional[int]:
        """The column count of a table whose first cell is ``slots[start]``, when an anchor tells."""
        for c in range(start, min(start + 4, len(slots))):
            if slots[c] is None:
                return None
            found = self.anchor(slots[c])
            if found and found[0] == c - start:
                return found[1]
        return None


def number_key(text: str) -> str:
    """'Số TT' → 'SỐTT', 'T.T' → 'TT': how a header cell naming the row-number column compares."""
    return re.sub(r"[\s.]", "", text).upper()


def read_bar_region(tokens: list["Line"], cues: TableCues) -> list[Piece]:
    """A run of bar lines and text → tables and the prose between them, in order."""
    slots = bar_slots(tokens)
    line = tokens[0].number
    out: list[Piece] = []
    start = 0
    # Where an anchor or a 'TT' header cell says a table opens, whatever came before ends; the
    # text just before the table is prose (a title, the body), since a table closes and opens
    # with a bar.
    for i in range(1, len(slots)):
        opens = _opening(slots, i, cues)
        if opens is None or opens <= start:
            continue
        before = opens - 1 if slots[opens - 1] is not None else opens
        out += _read_span(slots[start:before], cues, line)
        if before < opens:
            out += text_lines(slots[before])
        start = opens
    out += _read_span(slots[start:], cues, line)
    return out


def _opening(slots: list[Slot], i: int, cues: TableCues) -> Optional[int]:
    """Where the table that ``slots[i]`` belongs to opens, when the cell tells."""
    if cues.numbers(slots[i]):
        return i
    found = cues.anchor(slots[i])
    if found is None or i - found[0] < 1 or any(s is None for s in slots[i - found[0]:i]):
        return None
    return i - found[0]


def _read_span(slots: list[Slot], cues: TableCues, line: int) -> list[Piece]:
    out: list[Piece] = []
    i = 0
    while i < len(slots):
        if slots[i] is None:
            i += 1
            continue
        table, end = _read_table(slots, i, cues)
        if table is None:                      # a lone cell, or a row too wide to be a table: prose
            end = max(end, i + 1)
            out += [ln for slot in slots[i:end] for ln in text_lines(slot)]
            i = end
            continue
        table.line = _first_line(table, line)
        out.append(table)
        i = end
        if i < len(slots) and slots[i] is not None:
            out += text_lines(slots[i])      # the prose after a table
            i += 1
    return out


def _first_line(table: GridTable, default: int) -> int:
    return _first_line_of([cell.lines for cell in table.cells]) or default


def _first_line_of(cells: list) -> int:
    return min((ln.number for cell in cells for ln in cell), default=0)


def _gap_run(slots: list[Slot], pos: int) -> int:
    n = pos
    while n < len(slots) and slots[n] is None:
        n += 1
    return n - pos


def _row_starts(slots: list[Slot], start: int, limit: int) -> list[int]:
    """Where numbered rows begin: a bare row label right after a gap."""
    return [p for p in range(start + 1, min(len(slots), limit))
            if slots[p - 1] is None and row_label(slots[p]) is not None]


def _width(slots: list[Slot], after_first: int, first_width: int, numbered: bool) -> int:
    """The table's column count: its first row's, or — when rows are numbered — read from the
    distances between row numbers (a header with merged cells is narrower than its rows). Full
    rows put row numbers a multiple of width + 1 slots apart, also when sub-rows ('- Diện tích',
    '- Sản lượng') come between two numbers; otherwise the commonest distance that is no whole
    group of rows (at most three first rows long)."""
    if not numbered:
        return first_width
    starts = _row_starts(slots, after_first, after_first + 40 * max(first_width, 2))[:13]
    lengths = Counter(b - a - 1 for a, b in zip(starts, starts[1:]))
    if not lengths:
        return first_width
    step = reduce(gcd, (n + 1 for n in lengths))
    if max(first_width, 2) <= step - 1 <= 3 * first_width:
        return step - 1
    plausible = {n: k for n, k in lengths.items() if n <= 3 * first_width}    # not a whole group of rows
    if not plausible:
        return first_width
    top = max(plausible.values())
    return max(first_width, max(n for n, k in plausible.items() if k == top))


def _read_table(slots: list[Slot], start: int, cues: TableCues) -> tuple[Optional[GridTable], int]:
    """One table from ``slots[start]``; returns it (None when it is a lone cell: prose) and the
    index where it stopped (the prose after it, or the end)."""
    end_first = start
    while end_first < len(slots) and slots[end_first] is not None:
        end_first += 1
    fixed = cues.width(slots, start)
    if fixed is not None and end_first - start > fixed:
        # a layout table ('Nơi nhận | chữ ký'): what follows its row is prose
        return to_table([_Row(list(slots[start:start + fixed]))], fixed, []), start + fixed
    first = slots[start:end_first]
    if len(first) > MAX_COLUMNS:
        return None, end_first
    numbered = fixed is None and (cues.numbers(first[0]) or len(
        _row_starts(slots, end_first, end_first + 3 * len(first) + 6)) >= 2)
    width = min(fixed or _width(slots, end_first, len(first), numbered), MAX_COLUMNS)
    rows = [_Row(list(first), "header" if numbered else "data")]
    problems: list[str] = []
    pos = end_first + 1
    numbers = RowNumbers()
    if numbered and width > len(first):
        pos = _read_header(slots, pos, width, rows)
    ended = False
    while pos < len(slots) and not ended:
        row, pos, ended = _read_row(slots, pos, width, numbers if numbered else None, problems)
        if row.cells:
            rows.append(row)
    if len(rows) == 1 and len(rows[0].cells) == 1:
        return None, start
    if numbered:
        pos -= _trailing_prose(rows, slots, pos, width)
    return to_table(rows, width, problems), pos


def _trailing_prose(rows: list[_Row], slots: list[Slot], end: int, width: int) -> int:
    """How many cells at the end of the last row are the prose after the table (a footnote): the
    row before was short — its values merged downwards — and the last row, not full, has more
    cells than it. Those cells are dropped from the row."""
    if len(rows) < 3 or rows[-2].kind != "data":
        return 0
    last, before = rows[-1].cells, rows[-2].cells
    extra = len(last) - len(before)
    if not (len(before) < width and len(last) < width and extra > 0 and end - extra >= 0):
        return 0
    if any(slots[end - extra + i] is not last[len(before) + i] for i in range(extra)):
        return 0
    rows[-1] = _Row(last[:len(before)])
    return extra


def _read_header(slots: list[Slot], pos: int, width: int, rows: list[_Row]) -> int:
    """Further header rows under a first row narrower than the table (merged cells): rows
    between gaps, up to a row as wide as the table (sub-headers, or column numbers '(1) (2) …')."""
    for _ in range(3):
        end = pos
        while end < len(slots) and slots[end] is not None:
            end += 1
        cells = slots[pos:end]
        numbers = _column_numbers(cells)
        if not cells or row_label(cells[0]) is not None and not numbers:
            break
        rows.append(_Row(list(cells), "header"))
        pos = end + 1
        if len(cells) >= width or numbers:
            break
    return pos


def _column_numbers(cells: list[Slot]) -> bool:
    texts = [" ".join(ln.text for ln in text_lines(c)) for c in cells]
    return len(texts) >= 2 and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts)


def _read_row(slots: list[Slot], pos: int, width: int, numbers: Optional[RowNumbers],
              problems: list[str]) -> tuple[_Row, int, bool]:
    """One row from ``pos``: (row, where the next one starts, whether the table ended).

    Gaps inside a row are empty cells; a gap ends the row when the row is full or when a row
    number follows it; a full row followed by text ends the table (the text is prose) unless
    the text is the next row number — the crawl lost a bar — or junk before one."""
    cells: list = []
    if numbers is not None and pos < len(slots) and slots[pos] is not None:
        if _stray(slots, pos, numbers):
            problems.append("dòng lạc")
            return _Row([slots[pos]], "stray"), pos + 1, False
        numbers.note(slots[pos])
    while pos < len(slots):
        slot = slots[pos]
        if slot is not None:
            if len(cells) >= width:
                if numbers is not None and numbers.follows(slot):
                    problems.append("thiếu dấu ngăn dòng")      # the crawl lost the bars between rows
                    return _Row(cells), pos, False
                return _Row(cells), pos, numbers is None or not _stray(slots, pos, numbers)
            cells.append(slot)
            pos += 1
            continue
        gaps = _gap_run(slots, pos)
        nxt = pos + gaps
        if len(cells) >= width:
            return _Row(cells), pos + 1, False
        if numbers is not None and nxt < len(slots) and cells and numbers.follows(slots[nxt]):
            cells += [EMPTY] * min(gaps - 1, width - len(cells))
            return _Row(cells), nxt, False
        take = min(gaps, width - len(cells))
        cells += [EMPTY] * take
        pos += take
        if len(cells) >= width and pos < len(slots) and slots[pos] is None:
            return _Row(cells), pos + 1, False
    return _Row(cells), pos, True


def _stray(slots: list[Slot], pos: int, numbers: RowNumbers) -> bool:
    """Junk where the copy was cut ('…........'), or a lone text, just before a row number."""
    if pos + 1 >= len(slots) or row_label(slots[pos]) is not None or row_label(slots[pos + 1]) is None:
        return False
    junk = not any(ch.isalpha() for ln in text_lines(slots[pos]) for ch in ln.text)
    return junk or numbers.follows(slots[pos + 1])


# --- pipe and tail-bar rows ------------------------------------------------------------------

_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")


def split_pipe_row(raw: str) -> tuple[list[str], bool]:
    """``'| a | b \\| c |'`` → (['a', 'b \\| c'], True); False when the line lost its closing bar.
    A tail-bar row ``'a | b |'`` has no opening bar."""
    s = raw.strip()
    closed = s.endswith("|") and not s.endswith("\\|")
    if s.startswith("|"):
        s = s[1:]
    if closed:
        s = s[:-1]
    return _UNESCAPED_BAR.split(s), closed


def pipe_table(rows: list[tuple[list[list], bool, int]], header_rows: int, guessed: bool) -> GridTable:
    """Rows of cleaned cells (each a list of lines), whether each row's line was closed, and its
    line number → a table as wide as its first row. A shorter row is padded with empty cells;
    in a longer one, empty extra cells are dropped and text in them is kept in the last cell."""
    width = len(rows[0][0])
    problems: list[str] = []
    grid = _Grid(width)
    for r, (cells, closed, number) in enumerate(rows):
        if len(cells) > width:
            extra = [ln for cell in cells[width:] for ln in cell]
            if extra:
                problems.append(f"dòng {number} thừa ô")
                cells = cells[: width - 1] + [cells[width - 1] + extra]
            cells = cells[:width]
        elif len(cells) < width:
            problems.append(f"dòng {number} {'bị cắt' if not closed else 'thiếu ô'}")
        for c in range(width):
            grid.put(r, c, cells[c] if c < len(cells) else EMPTY)
    return GridTable(rows=len(rows), cols=width, cells=grid.cells, line=rows[0][2], header_rows=header_rows,
                     guessed=guessed or bool(problems), problems=problems)


# --- HTML tables -----------------------------------------------------------------------------

@dataclass
class HtmlCell:
    rowspan: int
    colspan: int
    line: int                     # line of the <td> within the region (1-based)
    text: list[str] = field(default_factory=list)
    bold: bool = False


class _HtmlTableReader(HTMLParser):
    """<tr>/<td>/<th> with rowspan/colspan; <br>, </p>, </div> and newlines break a cell's text.
    A table nested in a cell adds its text to that cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[HtmlCell]] = []
        self.cell: Optional[HtmlCell] = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.depth += 1
        elif self.depth > 1:
            return
        elif tag == "tr":
            self.rows.append([])
            self.cell = None
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            a = dict(attrs)
            self.cell = HtmlCell(_span(a.get("rowspan")), _span(a.get("colspan")), self.getpos()[0], [""], tag == "th")
            self.rows[-1].append(self.cell)
        elif tag in ("br", "p", "div", "li") and self.cell is not None:
            self.cell.text.append("")
        elif tag in ("b", "strong") and self.cell is not None and not "".join(self.cell.text).strip():
            self.cell.bold = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is None:
            return
        parts = data.split("\n")
        self.cell.text[-1] += parts[0]
        self.cell.text.extend(parts[1:])


def _span(value: Optional[str]) -> int:
    try:
        return max(1, min(int(str(value).strip().strip('"')), MAX_COLUMNS))
    except ValueError:
        return 1


def html_cells(markup: str) -> tuple[list[tuple[int, int, HtmlCell]], int, int]:
    """The cells of the first table in ``markup`` placed on the grid: [(row, col, cell)], rows, cols."""
    reader = _HtmlTableReader()
    reader.feed(markup)
    reader.close()
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, HtmlCell]] = []
    rows = cols = 0
    for r, row in enumerate(reader.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c + cell.colspan > MAX_COLUMNS:
                return [], 0, 0                 # no table is that wide
            placed.append((r, c, cell))
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    taken.add((rr, cc))
            c += cell.colspan
            cols = max(cols, c)
        rows = max(rows, r + 1)
    rows = max([rows] + [r + cell.rowspan for r, _, cell in placed])
    return placed, rows, cols


# --- column-aligned layout text (pdftotext -layout) ---------------------------------------------

_GAP = re.compile(r"\S(?P<gap> {2,})(?=\S)")
_ROW_START = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[a-zđ]\))$")


def gap_columns(raw: str) -> list[int]:
    """Where the text after each run of 2+ spaces starts ('TT    Nội dung' → [6])."""
    return [m.end("gap") for m in _GAP.finditer(raw.rstrip())]


def layout_blocks(raws: list[str], min_lines: int = 3) -> list[tuple[int, int, list[int]]]:
    """Runs of lines laid out in columns: (first index, end index, column starts).

    A run opens on a line whose wide gaps split it into 2+ columns and goes on while every piece
    of text on a line starts at one of those columns without running over the next (a wrapped
    cell goes on in its column, often alone on its line); in a numbered table, text in the first
    column that is not a row number ends it. Kept when it has ``min_lines`` lines, two with every
    column filled, and a gap of 3+ spaces somewhere ('1.  item' lists of markdown are not tables)."""
    out: list[tuple[int, int, list[int]]] = []
    i = 0
    while i < len(raws):
        cols = _line_columns(raws[i])
        j = i + 1
        while cols and j < len(raws) and _fits(raws[j], cols):
            j += 1
        firsts = [_cut(raw, cols)[0] for raw in raws[i:j]] if cols else []
        if sum(1 for f in firsts if _ROW_START.match(f)) >= 2:
            j = next((i + k for k, f in enumerate(firsts) if k and f and not _ROW_START.match(f)), j)
        lines = raws[i:j]
        if j - i >= min_lines and sum(1 for raw in lines if all(_cut(raw, cols))) >= 2 and _wide(lines, cols):
            out.append((i, j, cols))
            i = j
        else:
            i += 1
    return out


def _wide(lines: list[str], cols: list[int]) -> bool:
    """Somewhere in the block, each column is set off by 3+ spaces."""
    widest = dict.fromkeys(cols[1:], 0)
    for raw in lines:
        for m in _GAP.finditer(raw.rstrip()):
            col = next((c for c in widest if abs(c - m.end("gap")) <= 1), None)
            if col is not None:
                widest[col] = max(widest[col], len(m.group("gap")))
    return all(w >= 3 for w in widest.values())


def _line_columns(raw: str) -> list[int]:
    """Column starts of a line: its own indent, then the start after each wide gap."""
    stripped = raw.lstrip()
    if not stripped or stripped[0] in "|*#<>-+":
        return []
    gaps = gap_columns(raw)
    return [len(raw) - len(stripped)] + gaps if 0 < len(gaps) < MAX_COLUMNS else []


def _fits(raw: str, cols: list[int]) -> bool:
    """Every piece of text on the line starts at one of the columns (±1) and none runs over the
    start of the next column."""
    if not raw.strip():
        return False
    starts = [len(raw) - len(raw.lstrip())] + gap_columns(raw)
    if not all(any(abs(s - c) <= 1 for c in cols) for s in starts):
        return False
    # a column boundary falls in a gap of the line, never inside a word ("CỘNG HÒ|A XÃ HỘI")
    return all(not raw[max(0, c - 2):c].strip() or not raw[c - 1:c + 1].strip()
               for c in cols[1:] if 0 < c < len(raw.rstrip()))


def _cut(raw: str, cols: list[int]) -> list[str]:
    bounds = list(cols[1:]) + [len(raw) + 1]
    out = []
    for a, b in zip(cols, bounds):
        a = max(0, a - 1) if a > 0 and raw[a - 1:a] not in ("", " ") else a
        out.append(raw[a:b].strip() if a < len(raw) else "")
    return out


def layout_rows(raws: list[str], cols: list[int]) -> list[list[list[tuple[int, str]]]]:
    """The lines of a layout block cut at its columns → rows of cells, each cell the pieces of text
    ``(line index in the block, text)`` standing in its column.

    A new row starts where the first column holds a row number, or — in a table without numbers —
    where every column starts on the same line."""
    rows: list[list[list[tuple[int, str]]]] = []
    cut = [_cut(raw, cols) for raw in raws]
    numbered = sum(1 for pieces in cut if _ROW_START.match(pieces[0])) >= 2
    for i, pieces in enumerate(cut):
        if not rows or (_ROW_START.match(pieces[0]) is not None if numbered else all(pieces)):
            rows.append([[] for _ in cols])
        for c, piece in enumerate(pieces):
            if piece:
                rows[-1][c].append((i, piece))
    return rows
