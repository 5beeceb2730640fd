"""What every loader returns: the document as ordered blocks, before any cleaning.

A block is one paragraph, one table cell paragraph, or one physical line of a text file.
Loaders keep what the file tells about layout (bold, alignment, table position, page) as
hints; they do not join or clean text — that is :mod:`nqparse.normalize`'s job.

Tables keep their grid: every loader that finds a table (Word ``w:tbl``, a ruled PDF table, a
markdown or crawled table) lists it in :attr:`SourceDocument.tables`, one :class:`SourceCell`
per real cell with its row/column span and the blocks that hold its text. A cell merged over
several rows (Word ``vMerge``) is one cell with ``rowspan`` > 1, so the value written once
applies to every row it covers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

BlockKind = Literal["paragraph", "cell", "line"]


@dataclass(slots=True)
class Block:
    text: str
    kind: BlockKind = "paragraph"
    label: str = ""                 # automatic numbering rebuilt by the loader ("I-", "1.", "a)")
    bold: bool = False
    italic: bool = False
    align: Optional[str] = None     # "left" | "center" | "right" | "justify"
    font: Optional[str] = None
    size: Optional[float] = None    # points
    page: Optional[int] = None      # 1-based, when known
    table: Optional[tuple[int, int, int]] = None  # (table index, row, column) for cells
    source_line: Optional[int] = None  # 1-based line in a text file
    hard_wrapped: bool = False      # a text line that may continue on the next line
    blank_before: bool = False      # text files: an empty line precedes this one
    confidence: Optional[float] = None  # read by OCR: the mean word confidence of the line (0–100)

    @property
    def full_text(self) -> str:
        """The text as a reader sees it, numbering label included."""
        if self.label and self.text:
            return f"{self.label} {self.text}"
        return self.label or self.text


@dataclass(slots=True)
class SourceCell:
    """One cell of a table's grid: its top-left position, its spans and the blocks of its text."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    blocks: list[int] = field(default_factory=list)  # indices into SourceDocument.blocks


@dataclass(slots=True)
class SourceTable:
    """A table as the file lays it out. ``Block.table`` of a cell's blocks is ``(index, row, col)``."""

    index: int
    rows: int
    cols: int
    cells: list[SourceCell] = field(default_factory=list)
    header_rows: int = 0             # leading rows the file marks as repeated on every page
    ruled: Optional[bool] = None     # drawn borders (None: the format does not tell)
    parent: Optional[tuple[int, int, int]] = None  # the cell a nested table stands in
    page: Optional[int] = None       # first page, when known
    guessed: bool = False            # grid rebuilt from text by heuristics (crawls, layout text)


@dataclass(slots=True)
class SourceDocument:
    path: Optional[str]
    format: str                     # "txt" | "md" | "docx" | "pdf" | "doc"
    blocks: list[Block] = field(default_factory=list)
    pages: Optional[int] = None
    encoding: Optional[str] = None
    sha256: Optional[str] = None
    warnings: list[str] = field(default_factory=list)
    tables: list[SourceTable] = field(default_factory=list)
    ocr_pages: dict[int, float] = field(default_factory=dict)  # page → mean OCR word confidence (0–100)

    @property
    def char_count(self) -> int:
        return sum(len(b.text) for b in self.blocks)
