"""The in-memory document that flows between stages after loading.

``normalize`` turns a :class:`~nqparse.source.SourceDocument` into a :class:`NormalizedDocument`
(one clean text, paragraphs with offsets back to their source blocks); ``structure`` adds the
header, the outline and the closing and yields a :class:`StructuredDocument`, which is what
every extractor reads. Extractors never re-read the file.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from .schema import Metadata, OutlineNode, ParseWarning, Span
from .source import SourceDocument

if TYPE_CHECKING:  # pragma: no cover
    from .structure.tables import ReadTable


@dataclass(slots=True)
class Paragraph:
    """One paragraph of the normalized text: ``text[start:end]``."""

    start: int
    end: int
    blocks: list[int] = field(default_factory=list)  # indices into SourceDocument.blocks
    bold: bool = False
    italic: bool = False
    align: Optional[str] = None
    table: Optional[tuple[int, int, int]] = None
    page: Optional[int] = None
    label: str = ""  # automatic numbering rebuilt by a loader (already part of the text)


@dataclass
class Cell:
    """One cell of a table: grid position and spans, and where its text is (``text[start:end]``).

    An empty cell has ``start == end`` (at the end of the cell before it)."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    start: int = 0
    end: int = 0
    paragraphs: list[int] = field(default_factory=list)  # indices into NormalizedDocument.paragraphs

    @property
    def empty(self) -> bool:
        return self.end <= self.start

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row < self.row + self.rowspan and self.col <= col < self.col + self.colspan


@dataclass
class Table:
    """A table of the normalized document, each cell pointing into the normalized text."""

    index: int
    rows: int
    cols: int
    cells: list[Cell]
    header_rows: int = 0
    ruled: Optional[bool] = None
    parent: Optional[tuple[int, int, int]] = None
    page: Optional[int] = None
    guessed: bool = False
    start: int = 0
    end: int = 0

    def __post_init__(self) -> None:
        self._grid: dict[tuple[int, int], Cell] = {}
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    self._grid.setdefault((r, c), cell)

    def at(self, row: int, col: int) -> Optional[Cell]:
        """The cell covering grid position (row, col): a merged cell answers for every position it spans."""
        return self._grid.get((row, col))

    def row(self, row: int) -> list[Optional[Cell]]:
        """The cells covering each column of ``row`` (a cell spanning two columns appears twice)."""
        return [self._grid.get((row, c)) for c in range(self.cols)]


@dataclass
class NormalizedDocument:
    text: str
    paragraphs: list[Paragraph]
    source: SourceDocument
    warnings: list[ParseWarning] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [p.start for p in self.paragraphs]

    def cell_text(self, cell: Optional[Cell]) -> str:
        """The text of a cell, wrapped lines and paragraphs joined by one space."""
        if cell is None or cell.empty:
            return ""
        return " ".join(self.text[cell.start:cell.end].split())

    def paragraph_text(self, p: Paragraph) -> str:
        return self.text[p.start:p.end]

    def paragraph_index_at(self, offset: int) -> int:
        """Index of the paragraph containing ``offset`` (or the last one before it)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, quote=self.text[start:end])


@dataclass
class Section:
    """A node of the outline, flat, with the region of text it governs."""

    node: OutlineNode
    start: int          # start of the heading
    end: int            # end of the region (start of the next sibling-or-higher node)
    heading_end: int    # end of the heading paragraph
    parent: Optional["Section"] = None

    @property
    def path(self) -> str:
        return self.node.id

    @property
    def title(self) -> str:
        return self.node.heading


@dataclass
class StructuredDocument:
    normalized: NormalizedDocument
    metadata: Metadata
    outline: list[OutlineNode]
    sections: list[Section]           # flat, in document order
    body_start: int                   # first offset after the header block
    body_end: int                     # first offset of the closing (signature, Nơi nhận)
    warnings: list[ParseWarning] = field(default_factory=list)
    appendix_start: Optional[int] = None  # annexes (phụ lục) after the closing, if any
    tables: list["ReadTable"] = field(default_factory=list)  # what each table holds (structure.tables)
    # what one extractor found that another asks for again (body mentions), keyed by what and by
    # the rules object it was read with
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.normalized.text

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.normalized.paragraphs

    def section_at(self, offset: int) -> Optional[Section]:
        """The deepest outline section whose region contains ``offset``."""
        best: Optional[Section] = None
        for s in self.sections:
            if s.start > offset:
                break
            if s.start <= offset < s.end:
                best = s
        return best

    def ancestors(self, section: Optional[Section]) -> list[Section]:
        """``section`` and its parents, outermost first."""
        chain: list[Section] = []
        while section is not None:
            chain.append(section)
            section = section.parent
        return chain[::-1]

    def in_body(self, offset: int) -> bool:
        """True inside the body or an annex (not in the header or the closing)."""
        if self.body_start <= offset < self.body_end:
            return True
        return self.appendix_start is not None and offset >= self.appendix_start

    def body_paragraphs(self) -> list[Paragraph]:
        """Paragraphs of the body and of any annex, in order."""
        return [p for p in self.paragraphs if self.in_body(p.start)]
