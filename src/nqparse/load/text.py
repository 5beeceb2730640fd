"""Plain text and markdown copies of documents → SourceDocument: one block per line of prose,
one ``cell`` block per paragraph of a table cell, and the tables' grids.

Forms handled (all seen in real copies):
- office text exports: one paragraph per line, paragraphs split where pages broke;
- web crawls turned into markdown: hard-wrapped at ~80 columns, tables flattened into lines of
  ``|`` (the header table, the signature table, annexes — sometimes the whole page, without a
  blank line), ``**bold**``, a site block before the real header and after the end;
- hand-made markdown: ``#`` headings, ``*   `` bullets, escaped ``57\\-NQ/TW``, pipe tables;
- HTML residue: ``<div align="center">``, ``<br>``, ``<strong>``, entities, ``<table>``;
- text printed by ``pdftotext -layout``: tables as columns of text;
- digital-signature stamp lines; footnote markers ``[1]``.

Joining wrapped prose lines into paragraphs is :mod:`nqparse.normalize`'s job; this module
decodes, strips markup and site boilerplate, records layout hints, and rebuilds tables
(:mod:`nqparse.load.text_tables`), joining a cell's wrapped lines itself (normalize never joins
cell blocks).
"""
from __future__ import annotations

import codecs
import html
import re
import unicodedata
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, Field

from .. import rules
from ..errors import EmptyDocumentError, EncodingError
from ..grammar import is_structural_start
from ..source import Block, SourceCell, SourceDocument, SourceTable
from ..textkey import fold_tones
from .text_tables import (MAX_COLUMNS, GridCell, GridTable, TableCues, html_cells, layout_blocks, layout_rows,
                          number_key, pipe_table, read_bar_region, split_pipe_row)


class TableAnchor(BaseModel):
    """A cell whose place in its table is known: it starts with ``starts`` and stands in
    ``column`` of a table of ``columns`` columns."""

    starts: str
    column: int = Field(0, ge=0)
    columns: int = Field(2, ge=1)


class TextCleanupRules(BaseModel):
    boilerplate_start_markers: list[str] = []
    boilerplate_table_keys: list[str] = []
    boilerplate_scan_lines: int = 120
    boilerplate_end_markers: list[str] = []
    boilerplate_end_drop_previous_title: bool = True
    stamp_line_prefixes: list[str] = []
    table_anchors: list[TableAnchor] = []
    table_number_headers: list[str] = []


# --- decoding -------------------------------------------------------------------------

def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample)


def _fix_legacy(text: str) -> tuple[str, Optional[str]]:
    """Convert TCVN3/VNI text (recognised by content) to Unicode."""
    try:
        from .legacy import detect_legacy, to_unicode
    except ImportError:  # the converter module is optional at import time
        return text, None
    encoding = detect_legacy(text)
    if encoding:
        return to_unicode(text, encoding), encoding
    return text, None


def decode_text(data: bytes, path: str | Path | None = None) -> tuple[str, str, list[str]]:
    """Bytes → (str, encoding, warnings). UTF-8/UTF-16 (BOM or not), a UTF-8 file with some lines
    in Windows-1258 (:func:`decode_mixed`), then legacy Vietnamese 8-bit encodings."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            mixed = decode_mixed(data[3:])
            if mixed is None:
                raise EncodingError("cannot decode text: not UTF-8, UTF-16 or a known Vietnamese encoding",
                                    path=path) from None
            return mixed
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        head = data[:4000]
        if head and head.count(b"\x00") > len(head) // 4:
            # UTF-16 without a BOM: every other byte is NUL for Latin-script text.
            le = head[1::2].count(0) > head[0::2].count(0)
            try:
                text, enc = data.decode("utf-16-le" if le else "utf-16-be"), "utf-16"
            except UnicodeDecodeError:
                raise EncodingError("binary content, not a text document", path=path) from None
        else:
            try:
                text, enc = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                mixed = decode_mixed(data)
                if mixed is not None:
                    return mixed
                text, enc = _decode_8bit(data, path)
    if _control_ratio(text) > 0.01:
        raise EncodingError("binary content, not a text document", path=path)
    fixed, legacy = _fix_legacy(text)
    return unicodedata.normalize("NFC", fixed), legacy or enc, []


_VIETNAMESE_LETTER = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9]")


def decode_mixed(data: bytes) -> Optional[tuple[str, str, list[str]]]:
    """A UTF-8 file with some lines typed or pasted in Windows-1258 (cp1258) — what an editor
    saving in "Vietnamese (Windows)" leaves in a UTF-8 copy: each line in its own encoding, and a
    warning naming the cp1258 lines. None unless some lines are Vietnamese in UTF-8 and others are
    not UTF-8 at all (a whole TCVN3, VNI or cp1258 file is read as one encoding, further on)."""
    lines = data.split(b"\n")
    texts: list[str] = []
    other: list[int] = []
    vietnamese_utf8 = False
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
            vietnamese_utf8 = vietnamese_utf8 or bool(_VIETNAMESE_LETTER.search(line))
        except UnicodeDecodeError:
            line = raw.decode("cp1258", errors="replace")
            other.append(number)
        texts.append(line)
    text = "\n".join(texts)
    if not vietnamese_utf8 or _control_ratio(text) > 0.01:
        return None                                       # binary content is refused further on
    shown = ", ".join(map(str, other[:10])) + (f" … ({len(other)} dòng)" if len(other) > 10 else "")
    warning = (f"tệp UTF-8 có dòng không phải UTF-8 (dòng {shown}): đã đọc các dòng đó theo bảng mã "
               f"Windows-1258 (cp1258); kiểm tra lại chữ ở các dòng này")
    return unicodedata.normalize("NFC", text), "utf-8+cp1258", [warning]


def _decode_8bit(data: bytes, path) -> tuple[str, str]:
    # TCVN3 and VNI files are bytes in the cp1252 range; keep every byte (latin-1 fallback).
    text = "".join(_CP1252_LOSSLESS[b] for b in data)
    converted, legacy = _fix_legacy(text)
    if legacy:
        return converted, legacy
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        raise EncodingError("cannot decode text: not UTF-8, UTF-16 or a known Vietnamese encoding", path=path) from None


def _cp1252_table() -> list[str]:
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))
    return table


_CP1252_LOSSLESS = _cp1252_table()


# --- markup -------------------------------------------------------------------------

_BR = re.compile(r"<br\s*/?>", re.I)
# Tag names only: what follows up to the ">" is checked by _has_tag/_has_center_tag, which
# read each stretch once ("<p" * 60,000 made "<p\b[^>]*>" rescan the line from every "<p").
_BOLD_TAG = re.compile(r"</?(?:strong|b)\b", re.I)
_ITALIC_TAG = re.compile(r"</?(?:em|i)\b", re.I)
_CENTER_TAG = re.compile(r"<(?:div|p)\b", re.I)
_CENTER_ALIGN = re.compile(r"align=\"?center", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_ESCAPE = re.compile(r"\\([-\\`*_{}\[\]()#+.!|>~])")
_FOOTNOTE = re.compile(r"(?<=[^\s\[])\[\d{1,3}\](?!\()")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_BULLET = re.compile(r"^\s*[*•]\s+(?=\S)")  # "+" stays: in these documents it is a sub-item
_STRONG = re.compile(r"\*\*|__")
_EM_OPEN = re.compile(r"(?<![\w*\\])\*(?=[^\s*])")
_EM_CLOSE = re.compile(r"(?<=[^\s*])\*(?![\w*])")
_RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


class Line:
    """One physical line: its text after markup removal (``kind == "text"``), or a mark that only
    breaks paragraphs — ``blank``, ``void`` (a rule or emphasis-only line), ``bar`` (a lone ``|``),
    ``sep`` (a markdown table separator) — or a table row kept raw (``pipe``, ``tail``, ``html``)."""

    __slots__ = ("text", "bold", "italic", "center", "heading", "number", "break_before", "kind", "raw")

    def __init__(self, text: str, number: int, raw: str = "", kind: str = "text"):
        self.text = text
        self.number = number
        self.raw = raw
        self.kind = kind
        self.bold = self.italic = self.center = self.heading = False
        self.break_before = False


def _has_tag(name: re.Pattern[str], s: str) -> bool:
    """A tag ``name`` closed by a ">" somewhere after it (``<b class="x">``, ``</strong>``)."""
    m = name.search(s)
    return m is not None and s.find(">", m.end()) >= 0


def _has_center_tag(s: str) -> bool:
    """A ``<div``/``<p`` tag with ``align="center"`` before the next ">"."""
    for piece in s.split(">"):
        m = _CENTER_TAG.search(piece)
        if m and _CENTER_ALIGN.search(piece, m.end()):
            return True
    return False


def strip_markup(raw: str, line: Line) -> str:
    """Remove markdown/HTML from one line, recording what it meant as hints on ``line``."""
    s = raw
    if "<" in s:
        if _has_tag(_BOLD_TAG, s):
            line.bold = True
        if _has_tag(_ITALIC_TAG, s):
            line.italic = True
        if _has_center_tag(s):
            line.center = True
        s = _ANY_TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    if _MD_HEADING.match(s) and s.lstrip().startswith("#"):
        s = _MD_HEADING.sub("", s)
        line.heading = line.bold = True
    if "**" in s or "__" in s:
        inner = s.strip()
        if inner.startswith(("**", "__")):
            line.bold = True
        s = _STRONG.sub("", s)
    s = _MD_BULLET.sub("- ", s)
    if "*" in s and s.strip() != "*":
        if s.strip().startswith("*") and s.strip().endswith("*"):
            line.italic = True
        s = _EM_CLOSE.sub("", _EM_OPEN.sub("", s))
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "[" in s:
        s = _FOOTNOTE.sub("", s)
    return _SPACES.sub(" ", s).strip()


def split_physical_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<br" in text or "<BR" in text:
        text = _BR.sub("\n", text)
    return text.split("\n")


_TAIL_ROW = re.compile(r"^[^|].*\S\s\|$")
_TABLE_TAG = re.compile(r"<(/?)table\b", re.I)


def read_lines(text: str) -> list[Line]:
    """Physical lines → tokens: text lines with their markup stripped and a paragraph-break hint
    (``break_before``: after a blank line, a rule, a bar, a table row), and the marks between them.
    An HTML table, ``<table`` to its ``</table>``, is one ``html`` token holding its raw lines."""
    raws = split_physical_lines(text)
    tables = _html_tables(raws)
    out: list[Line] = []
    pending_break = True
    index = 0
    while index < len(raws):
        raw = raws[index]
        if index in tables:
            end = tables[index]
            out.append(Line("", index + 1, "\n".join(raws[index:end + 1]), "html"))
            pending_break = True
            index = end + 1
            continue
        line = Line("", index + 1, raw, _mark_kind(raw))
        if line.kind == "text":
            line.text = strip_markup(raw, line)
            if not line.text:
                line.kind = "void"
        if line.kind == "text":
            line.break_before = pending_break or line.heading
            pending_break = False
        else:
            pending_break = True
        out.append(line)
        index += 1
    return out


def _mark_kind(raw: str) -> str:
    stripped = raw.strip()
    if not stripped:
        return "blank"
    if stripped == "|":
        return "bar"
    if _RULE.match(stripped) and stripped.strip("*") != "":
        return "void"
    if "|" not in stripped:
        return "text"
    if _TABLE_SEPARATOR.match(stripped) and "-" in stripped:
        return "sep"
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if _TAIL_ROW.match(stripped):
        return "tail"
    return "text"


def _html_tables(raws: list[str]) -> dict[int, int]:
    """{first line index: last line index} of each HTML table (nested tables counted); a table
    never closed is left as text."""
    found: dict[int, int] = {}
    start, depth = -1, 0
    for i, raw in enumerate(raws):
        if "<" not in raw:
            continue
        for m in _TABLE_TAG.finditer(raw):
            if not m.group(1):
                start = i if depth == 0 else start
                depth += 1
            elif depth > 0:
                depth -= 1
                if depth == 0:
                    found[start] = i
    return found


# --- site boilerplate --------------------------------------------------------------------

def _starts_with_any(text: str, prefixes: list[str]) -> bool:
    return any(text.startswith(p) for p in prefixes)


def drop_boilerplate(lines: list[Line], cfg: TextCleanupRules) -> list[Line]:
    """Cut a web site's block before the real header and after the document's end."""
    scan = lines[: cfg.boilerplate_scan_lines]
    if any(any(m in ln.text for m in cfg.boilerplate_start_markers) for ln in scan):
        last_key = -1
        for i, ln in enumerate(scan):  # the site's metadata table: keys a line or two apart
            if _starts_with_any(ln.text, cfg.boilerplate_table_keys):
                last_key = i
            elif last_key >= 0 and i - last_key > 3:
                break
        if last_key >= 0:
            start = last_key + 1
            # the value of the last key follows on its own line
            if start < len(lines) and len(lines[start].text) < 40 and not lines[start].text.isupper():
                start += 1
            lines = lines[start:]
            if lines:
                lines[0].break_before = True
    for i, ln in enumerate(lines):
        if i > 10 and _starts_with_any(ln.text, cfg.boilerplate_end_markers):
            end = i
            if cfg.boilerplate_end_drop_previous_title and end > 0 and _looks_like_title_repeat(lines[end - 1].text):
                end -= 1
            lines = lines[:end]
            break
    return [ln for ln in lines[:30] if not _starts_with_any(ln.text, cfg.stamp_line_prefixes)] + lines[30:]


_TITLE_REPEAT = re.compile(r"^[A-ZĐ][\wÀ-ỹ ]{2,40}\s\d{1,5}[-/]\S+ (?:năm|ngày) ", re.UNICODE)


def _looks_like_title_repeat(text: str) -> bool:
    return bool(_TITLE_REPEAT.match(text))


def keep_document(tokens: list[Line], cfg: TextCleanupRules) -> list[Line]:
    """The tokens of the document itself: :func:`drop_boilerplate` decides on the text lines, and
    the bars, blank lines and table rows between the kept lines stay with them."""
    text = [t for t in tokens if t.kind == "text"]
    if not text:
        return tokens                                    # only tables (rows kept raw): nothing to cut
    kept = drop_boilerplate(text, cfg)
    if not kept:
        return []
    first, last = text.index(kept[0]), text.index(kept[-1])
    lo = text[first - 1].number + 1 if first > 0 else 0
    hi = text[last + 1].number - 1 if last + 1 < len(text) else tokens[-1].number
    keep = {id(t) for t in kept}
    return [t for t in tokens if lo <= t.number <= hi and (t.kind != "text" or id(t) in keep)]


# --- tables -----------------------------------------------------------------------------------

def assemble(tokens: list[Line], cfg: TextCleanupRules) -> list[Line | GridTable]:
    """Tokens → the document in order: prose lines and tables (pipe, tail-bar, bar-line, HTML,
    column-aligned layout)."""
    cues = TableCues(frozenset(number_key(h) for h in cfg.table_number_headers),
                     tuple((fold_tones(a.starts), a.column, a.columns) for a in cfg.table_anchors))
    out: list[Line | GridTable] = []
    i = 0
    while i < len(tokens):
        kind = tokens[i].kind
        j = i + 1
        if kind == "text":
            while j < len(tokens) and tokens[j].kind == "text":
                j += 1
            out += with_layout_tables(tokens[i:j])
        elif kind in ("pipe", "sep"):
            while j < len(tokens) and tokens[j].kind in ("pipe", "sep"):
                j += 1
            out += read_pipe_rows(tokens[i:j], tail=False)
        elif kind == "tail":
            while j < len(tokens) and tokens[j].kind == "tail":
                j += 1
            if j < len(tokens) and tokens[j].kind == "bar":
                j += 1                                  # the lone bar that closes the rows
            out += read_pipe_rows(tokens[i:j], tail=True)
        elif kind == "bar":
            while j < len(tokens) and tokens[j].kind in ("bar", "text", "void", "tail"):
                j += 1
            out += read_bar_region(split_tail_rows(tokens[i:j]), cues)
        elif kind == "html":
            out += read_html_table(tokens[i])
        i = j
    return out


def cell_line(raw: str, number: int) -> Line:
    """A piece of a cell's text as a line of its own (markup stripped)."""
    line = Line("", number, raw)
    line.text = strip_markup(raw, line)
    line.kind = "text" if line.text else "void"
    return line


def cell_lines(raw: str, number: int) -> list[Line]:
    """The text lines of one cell of a row: none when it is empty."""
    line = cell_line(raw, number)
    return [line] if line.kind == "text" else []


def read_pipe_rows(tokens: list[Line], tail: bool) -> list[Line | GridTable]:
    """Markdown pipe rows (header, ``|---|`` separator, rows) or tail-bar rows → one table.
    A lone row without a separator is still a row of cells."""
    rows = []
    for t in tokens:
        if t.kind not in ("pipe", "tail"):
            continue
        raws, closed = split_pipe_row(t.raw)
        if tail and raws and not raws[-1].strip():
            raws = raws[:-1]
        rows.append(([cell_lines(raw, t.number) for raw in raws], closed, t.number))
    if not rows:
        return []
    if len(rows) == 1 and len(rows[0][0]) == 1 or len(rows[0][0]) > MAX_COLUMNS:
        # one cell (a line that ends with a bar), or too many to be a table: the cells as lines
        lines = [ln for cells, _, _ in rows for cell in cells for ln in cell]
        for line in lines:
            line.break_before = True
        return lines
    separated = len(tokens) > 1 and tokens[1].kind == "sep"
    return [pipe_table(rows, header_rows=1 if separated else 0, guessed=tail)]


def split_tail_rows(tokens: list[Line]) -> list[Line]:
    """Inside a bar-line region, ``Phạm Ngọc Thưởng |`` is a cell's last line and its closing bar."""
    out: list[Line] = []
    for t in tokens:
        if t.kind != "tail":
            out.append(t)
            continue
        raws, _ = split_pipe_row(t.raw)
        for raw in raws[:-1] if raws and not raws[-1].strip() else raws:
            line = cell_line(raw, t.number)
            line.break_before = True
            out += [line, Line("", t.number, "|", "bar")]
    return out


def read_html_table(token: Line) -> list[Line | GridTable]:
    """An HTML table → its grid (rowspan, colspan); each ``<br>``/``<p>`` starts a line of the cell."""
    placed, rows, cols = html_cells(token.raw)
    cells = []
    for r, c, cell in placed:
        lines = [ln for part in cell.text for ln in cell_lines(part, token.number + cell.line - 1)]
        for ln in lines:
            ln.bold = ln.bold or cell.bold
        cells.append(GridCell(r, c, cell.rowspan, cell.colspan, lines))
    if cells:
        return [GridTable(rows=rows, cols=cols, cells=cells, line=token.number)]
    lines = [ln for k, raw in enumerate(token.raw.split("\n")) for ln in cell_lines(raw, token.number + k)]
    for ln in lines:                                     # a table too wide to be one: its text
        ln.break_before = True
    return lines


def with_layout_tables(lines: list[Line]) -> list[Line | GridTable]:
    """A run of text lines, with column-aligned blocks (``pdftotext -layout``) turned into tables."""
    if len(lines) < 3 or not any("  " in ln.raw.strip() for ln in lines):
        return list(lines)
    raws = [ln.raw.expandtabs() for ln in lines]
    out: list[Line | GridTable] = []
    at = 0
    for first, end, cols in layout_blocks(raws):
        out += lines[at:first]
        cells = [GridCell(r, c, lines=[ln for i, text in parts for ln in cell_lines(text, lines[first + i].number)])
                 for r, row in enumerate(layout_rows(raws[first:end], cols)) for c, parts in enumerate(row)]
        out.append(GridTable(rows=cells[-1].row + 1, cols=len(cols), cells=cells, line=lines[first].number,
                             guessed=True))
        at = end
    return out + lines[at:]


def cell_paragraphs(lines: list[Line]) -> list[list[Line]]:
    """A cell's wrapped lines joined into its paragraphs. A new paragraph starts where the copy
    broke the text (after a rule or an emphasis-only line, at a heading), where a line opens its
    own emphasis ('Số: 5253/CT-CS' / '*V/v chính sách …*', 'BỘ TÀI CHÍNH' / '**CỤC THUẾ**') and
    where a line opens an item or a signature part ('- Như trên;', 'a)', 'Nơi nhận:', 'KT. CHỦ TỊCH')."""
    paragraphs: list[list[Line]] = []
    for ln in lines:
        if not paragraphs or ln.break_before or ln.raw.lstrip().startswith(("*", "_")) or is_structural_start(ln.text):
            paragraphs.append([ln])
        else:
            paragraphs[-1].append(ln)
    return paragraphs


# --- entry points ---------------------------------------------------------------------------

def line_block(ln: Line) -> Block:
    return Block(text=ln.text, kind="line", bold=ln.bold, italic=ln.italic, align="center" if ln.center else None,
                 source_line=ln.number, hard_wrapped=True, blank_before=ln.break_before)


def add_table(doc: SourceDocument, grid: GridTable) -> None:
    """The grid's cells as ``cell`` blocks (one per paragraph) and a :class:`SourceTable`."""
    index = len(doc.tables)
    table = SourceTable(index=index, rows=grid.rows, cols=grid.cols, header_rows=grid.header_rows,
                        guessed=grid.guessed)
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        first = len(doc.blocks)
        for n, para in enumerate(cell_paragraphs(cell.lines)):
            doc.blocks.append(Block(
                text=" ".join(ln.text for ln in para), kind="cell", bold=para[0].bold, italic=para[0].italic,
                align="center" if para[0].center else None, source_line=para[0].number,
                table=(index, cell.row, cell.col), blank_before=n == 0,
            ))
        table.cells.append(SourceCell(cell.row, cell.col, cell.rowspan, cell.colspan,
                                      list(range(first, len(doc.blocks)))))
    doc.tables.append(table)
    if grid.problems:
        doc.warnings.append(f"bảng {index + 1} (dòng {grid.line}) dựng lại từ văn bản, chưa chắc chắn "
                            f"({'; '.join(grid.problems[:4])}): kiểm tra lại các cột")


def _build(text: str, path, encoding: str) -> SourceDocument:
    cfg = rules.load("text_cleanup", TextCleanupRules)
    tokens = keep_document(read_lines(text), cfg)
    fmt = "md" if path is not None and str(path).lower().endswith((".md", ".markdown")) else "txt"
    doc = SourceDocument(path=str(path) if path is not None else None, format=fmt, encoding=encoding)
    for piece in assemble(tokens, cfg):
        if isinstance(piece, GridTable):
            add_table(doc, piece)
        else:
            doc.blocks.append(line_block(piece))
    if not doc.blocks:
        raise EmptyDocumentError("no text in the document", path=path)
    return doc


def load_text_string(text: str, *, path: str | Path | None = None) -> SourceDocument:
    """A document already in memory as text (legacy TCVN3/VNI content is still converted)."""
    fixed, legacy = _fix_legacy(unicodedata.normalize("NFC", text))
    return _build(unicodedata.normalize("NFC", fixed), path, legacy or "unicode")


def load_text_bytes(data: bytes, *, path: str | Path | None = None) -> SourceDocument:
    text, encoding, warnings = decode_text(data, path)
    if not text.strip():
        raise EmptyDocumentError("file holds only white space", path=path)
    doc = _build(text, path, encoding)
    doc.warnings[:0] = warnings
    return doc
