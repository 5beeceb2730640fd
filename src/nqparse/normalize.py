"""SourceDocument → NormalizedDocument: one clean text, paragraphs with offsets.

What it does, in order:
- per block: NFC, NBSP/zero-width/soft-hyphen cleanup (legacy conversion already happened in
  the loader, so a TCVN3 soft hyphen that meant "ư" is not lost), one dash and slash form
  inside document numbers ("357 –CV/HNDTW" → "357-CV/HNDTW");
- joins lines that a text file or a PDF hard-wrapped back into paragraphs;
- re-joins paragraphs split where a page broke ("… để cụ thể hóa" / "Nghị quyết Đại hội XIII …"),
  telling them from headings by looking at their siblings;
- records for every paragraph the blocks it came from (the offset map back to the source).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from .document import Cell, NormalizedDocument, Paragraph, Table
from .grammar import is_bare_label, is_structural_start, label_kind
from .source import Block, SourceDocument, SourceTable

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_LIKE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]+")
_MULTI_SPACE = re.compile(r" {2,}")
_NUMBER_DASH = re.compile(r"(?<=\d)\s*[\u2010-\u2015\u2212]\s*(?=[A-ZĐ][A-Za-zĐđ]{0,6}\s*/)")
_NUMBER_HYPHEN_SPACES = re.compile(r"(?<=\d) *- +(?=[A-ZĐ][A-Za-zĐđ]{0,6}/)|(?<=\d) +- *(?=[A-ZĐ][A-Za-zĐđ]{0,6}/)")
_SLASH_SPACES = re.compile(r"(?<=[A-ZĐ\d])\s*[/\uff0f\u2215]\s*(?=[A-ZĐ]{1,8}\b)")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")

TERMINAL = ".:;!?…"
def clean_block_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACE_LIKE.sub(" ", text)
    if any(ch in text for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"):
        text = _NUMBER_DASH.sub("-", text)
    if " -" in text or "- " in text:
        text = _NUMBER_HYPHEN_SPACES.sub("-", text)
    if "/" in text or "\uff0f" in text:
        text = _SLASH_SPACES.sub("/", text)
    return _MULTI_SPACE.sub(" ", text).strip()


def ends_sentence(text: str) -> bool:
    t = text.rstrip(" \"”'’*)]")
    return bool(t) and t[-1] in TERMINAL


@dataclass
class _Para:
    parts: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    first: Optional[Block] = None

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def wrap_width(blocks: list[Block]) -> Optional[int]:
    """The column a hard-wrapped file wraps at, or None when lines are whole paragraphs."""
    # Short lines (table cells, headings) say nothing about the wrap column: leave them out.
    lengths = sorted(len(b.text) for b in blocks if b.hard_wrapped and len(b.text) > 30)
    if len(lengths) < 20:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    if width > 130:
        return None
    near = sum(1 for n in lengths if 0.7 * width <= n <= width + 8)
    return width if near >= 0.3 * len(lengths) else None


def blank_separated(blocks: list[Block]) -> bool:
    """Does the text file set a blank line before every paragraph (a crawl's markdown)? Then a
    line without one is always a wrapped line: "- *Giai đoạn 48-72 giờ:*" goes on below it."""
    starts = [b for b in blocks if b.kind == "line" and b.page is None and b.table is None
              and label_kind(clean_block_text(b.text)) is not None]
    return len(starts) >= 5 and sum(b.blank_before for b in starts) >= 0.95 * len(starts)


def _continues(prev: _Para, block: Block, width: Optional[int], blanks: bool = False) -> bool:
    """Does ``block`` continue the paragraph ``prev`` (a wrapped line)?"""
    p = prev.first
    if p is None or block.table != p.table or block.kind == "cell" and block.table is None:
        return False
    text, last = block.text, prev.parts[-1]
    if text == "*" or last == "*":
        return False
    if block.kind != "line":
        return False  # real paragraphs (docx) are joined only by the page-break rule
    if block.blank_before:
        return False
    structural = is_structural_start(text)
    if block.page is not None:  # PDF lines: the loader marks new paragraphs with blank_before
        return not (structural and (ends_sentence(last) or last.endswith(",")))
    if block.bold and not p.bold and text.isupper():
        return False  # "**THỦ TƯỚNG CHÍNH PHỦ**" after a wrapped title: a line of its own
    if len(prev.parts) == 1 and is_bare_label(last) and not structural:
        return True  # "**1." then "Sở Nông nghiệp và Môi trường**": a crawl wrapped right after the label
    if last.isupper() and len(last.split()) >= 2 and text[:1].isupper() and not text.isupper() \
            and not is_bare_label(last):
        return False  # a title in capitals ends where the text turns to normal case ("… 2026-2035" / "Ngày 18 …")
    if width is None:
        return False  # text file with one paragraph per line: lines are not wrapped
    if blanks and not (structural and ends_sentence(last)):
        return True   # paragraphs stand between blank lines: this line wraps the one above
    if structural and (ends_sentence(last) or last.endswith(",") or len(last) < 0.7 * (width or 80) or p.bold and not block.bold):
        return False
    if ends_sentence(last) and len(last) < 0.7 * (width or 80) and text[:1].isupper():
        return False
    if block.bold != p.bold and text[:1].isupper() and ends_sentence(last):
        return False
    return True


def _heading_like(text: str) -> bool:
    return len(text) <= 110 and not ends_sentence(text) and (label_kind(text) is not None or text.isupper())


def _sibling_is_body(paras: list[_Para], i: int) -> bool:
    """For a labelled short paragraph, decide from its siblings whether it is a body item."""
    kind = label_kind(paras[i].text)
    if kind is None:
        return False
    for j in list(range(i + 1, min(len(paras), i + 400))) + list(range(i - 1, max(-1, i - 400), -1)):
        if label_kind(paras[j].text) == kind:
            t = paras[j].text
            return ends_sentence(t) and len(t) > 110
    return False


def _page_split(paras: list[_Para], i: int) -> bool:
    """Was paragraph i+1 split from paragraph i by a page break?"""
    prev, nxt = paras[i], paras[i + 1]
    a, b = prev.text, nxt.text
    if prev.first is None or nxt.first is None or prev.first.table != nxt.first.table:
        return False
    if ends_sentence(a) or a.endswith(("*",)) or is_structural_start(b) or b.isupper() or len(a) < 40:
        return False
    if a.isupper() or prev.first.bold and not nxt.first.bold and not b[:1].islower():
        return False
    if b[:1].islower():
        return True
    if label_kind(a) is not None:
        return _sibling_is_body(paras, i)
    return len(a) >= 100


def _group_lines(blocks: list[Block]) -> list[_Para]:
    width = wrap_width(blocks)
    blanks = blank_separated(blocks)
    paras: list[_Para] = []
    for idx, block in enumerate(blocks):
        text = clean_block_text(block.full_text)
        if not text:
            continue
        if paras and _continues(paras[-1], block, width, blanks):
            paras[-1].parts.append(text)
            paras[-1].blocks.append(idx)
        else:
            paras.append(_Para([text], [idx], block))
    return paras


def _join_page_splits(paras: list[_Para]) -> list[_Para]:
    out: list[_Para] = []
    i = 0
    while i < len(paras):
        cur = paras[i]
        while i + 1 < len(paras) and _page_split(paras, i):
            nxt = paras[i + 1]
            merged = _Para(cur.parts + nxt.parts, cur.blocks + nxt.blocks, cur.first)
            paras[i + 1] = merged
            cur = merged
            i += 1
        out.append(cur)
        i += 1
    return out


def normalize(source: SourceDocument) -> NormalizedDocument:
    """Clean and join the loader's blocks into one text with paragraph offsets."""
    paras = _join_page_splits(_group_lines(source.blocks))
    pieces: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for para in paras:
        text = para.text
        first = para.first
        paragraphs.append(
            Paragraph(
                start=offset,
                end=offset + len(text),
                blocks=para.blocks,
                bold=bool(first and first.bold),
                italic=bool(first and first.italic),
                align=first.align if first else None,
                table=first.table if first else None,
                page=first.page if first else None,
                label=first.label if first else "",
            )
        )
        pieces.append(text)
        offset += len(text) + 1
    return NormalizedDocument(text="\n".join(pieces), paragraphs=paragraphs, source=source,
                              tables=place_tables(source.tables, paragraphs))


def place_tables(tables: list[SourceTable], paragraphs: list[Paragraph]) -> list[Table]:
    """Each source table with its cells' spans in the normalized text.

    A cell spans the paragraphs its blocks went into (normalization never joins two cells);
    an empty cell sits, with no width, where the cell before it ended."""
    if not tables:
        return []
    para_of: dict[int, int] = {b: i for i, p in enumerate(paragraphs) for b in p.blocks}
    out: list[Table] = []
    for t in tables:
        cells: list[Cell] = []
        for sc in sorted(t.cells, key=lambda c: (c.row, c.col)):
            paras = sorted({para_of[b] for b in sc.blocks if b in para_of})
            start = paragraphs[paras[0]].start if paras else -1
            end = paragraphs[paras[-1]].end if paras else -1
            cells.append(Cell(sc.row, sc.col, sc.rowspan, sc.colspan, start, end, paras))
        filled = [c for c in cells if c.paragraphs]
        first = min((c.start for c in filled), default=0)
        at = first
        for c in cells:
            if c.paragraphs:
                at = c.end
            else:
                c.start = c.end = at
        out.append(Table(index=t.index, rows=t.rows, cols=t.cols, cells=cells, header_rows=t.header_rows,
                         ruled=t.ruled, parent=t.parent, page=t.page, guessed=t.guessed,
                         start=first, end=max((c.end for c in filled), default=first)))
    return out
