"""The units extractors read: content paragraphs, sentences and clauses, with their sections.

A paragraph of the body is one of:

- a *heading*: the heading paragraph of an outline section whose region goes on after it
  ("2.1. Chỉ tiêu về thực hiện nhiệm vụ chính trị", "III- TỔ CHỨC THỰC HIỆN");
- an *intro*: a paragraph ending with ":" that announces the items below it
  ("Cấp ủy các chi bộ, đảng bộ cơ sở phối hợp với … tập trung một số nhiệm vụ, giải pháp chủ yếu sau:");
- an *item*: anything else — a bullet, a "(3)" item, a numbered item with no sub-items, or a
  plain paragraph under a heading.

Sections are classified from their headings with the cues of ``rules/sections.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from ..document import Paragraph, Section, StructuredDocument
from ..grammar import CLAUSE_LABEL
from .vocabulary import heading_matcher

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])|\n")
_CLAUSE_END = re.compile(r";\s*")
_NEXT_CLOSING = re.compile(r"^\W*Nơi nhận\b", re.MULTILINE)
_ANNEX = re.compile(r"^\W*(?:PHỤ LỤC\b[^\n]{0,40}|Phụ lục(?:\s+(?:số\s*)?(?:[IVXLC]+|\d{1,2}[a-z]?))?\W*)$", re.MULTILINE)


@dataclass
class Unit:
    """A paragraph with its role and section."""

    start: int            # after the label
    end: int
    label_start: int
    role: str             # "heading" | "intro" | "item"
    section: Optional[Section]


def _is_heading(p: Paragraph, section: Optional[Section], text: str) -> bool:
    """The heading of a section with text under it — unless it has no sub-items and reads as a
    finished sentence ("3. Đề nghị Ủy ban MTTQ … tham gia thực hiện Kế hoạch."): then it is an
    item of its own and the paragraph after it another."""
    if section is None or section.start != p.start or section.end <= p.end + 1:
        return False
    heading = text[p.start:p.end].rstrip(" *")
    return bool(section.node.children) or not heading.endswith((".", ";")) \
        or len(section.title.split()) <= 7    # "3.Chế độ thông tin báo cáo." over its lines


def content_ranges(doc: StructuredDocument) -> list[tuple[int, int]]:
    """Where extractors read: the body, plus an attachment after the signature when the body is
    only a wrapper for it (a cover letter before a report, a one-article Nghị quyết that issues a
    Chương trình hành động) — the attachment then has titled sections of its own and is most of
    the text. The closing block between them is left out."""
    end_of_body = doc.body_end if doc.body_end > doc.body_start else len(doc.text)
    ranges = [(doc.body_start, _before_annex(doc.text, doc.body_start, end_of_body))]
    later = [s for s in doc.sections if s.start >= end_of_body and s.parent is None]
    titled = [s for s in later if len(re.findall(r"[^\W\d_]{2,}", s.title)) >= 2
              or s.node.kind in ("part", "chapter")]   # "Chương I" with its title on the next line
    thin_body = end_of_body - doc.body_start < 0.2 * len(doc.text)
    if not titled or not thin_body:
        return ranges  # what follows the signature is annexes to a body of its own
    if later:
        start = later[0].start
        closing = _NEXT_CLOSING.search(doc.text, start)
        stop = closing.start() if closing else max(s.end for s in later)
        ranges.append((start, _before_annex(doc.text, start, stop)))
    return ranges


def _before_annex(text: str, start: int, end: int) -> int:
    """Where a "PHỤ LỤC" (annex) starts inside ``text[start:end]``: its tables are read by
    :mod:`nqparse.extract.tables`, row by row, not as prose."""
    m = _ANNEX.search(text, start, end)
    return m.start() if m else end


def units(doc: StructuredDocument) -> list[Unit]:
    """Every non-empty paragraph of the body (and attachments), with its role and section."""
    out: list[Unit] = []
    for lo, hi in content_ranges(doc):
        out.extend(_rejoin(doc.text, _units_in(doc, lo, hi)))
    return out


_FINISHING = frozenset('.;:!?…)]"”*')


def _last_char(text: str, start: int, end: int, skip: str = "") -> str:
    """The last character of ``text[start:end]`` that is not in ``skip`` ("" when none): read
    from the end, so a long span costs only its tail."""
    while end > start and text[end - 1] in skip:
        end -= 1
    return text[end - 1] if end > start else ""


def _rejoin(text: str, found: list[Unit]) -> list[Unit]:
    """Glue back a sentence that a hard wrap left in two paragraphs: "3. Đài Truyền hình Việt Nam
    … phổ biến thông tin về" + "Chính phủ số, …". The second part has no label of its own and
    either starts in lower case or follows a long unfinished line."""
    out: list[Unit] = []
    for unit in found:
        prev = out[-1] if out else None
        first = text[unit.start:unit.start + 1]
        last = _last_char(text, prev.start, prev.end) if prev is not None else ""
        unfinished = last != "" and last not in _FINISHING
        if prev is not None and unit.label_start == unit.start and unit.section is prev.section \
                and (unfinished and (first.isdigit() or prev.end - prev.start > 100)
                     or first.islower() and (unfinished or text[prev.end - 1:prev.end] in ";,")):
            role = "intro" if _last_char(text, prev.start, unit.end, " *") == ":" else "item"
            out[-1] = Unit(start=prev.start, end=unit.end, label_start=prev.label_start,
                           role=prev.role if prev.role == "heading" and prev.end - prev.start <= 100 else role,
                           section=prev.section)
            continue
        out.append(unit)
    return out


class SectionSweep:
    """``doc.section_at`` for offsets visited in increasing order, in linear total time."""

    def __init__(self, doc: StructuredDocument):
        self.sections = doc.sections
        self.next = 0
        self.open: list[Section] = []

    def at(self, offset: int) -> Optional[Section]:
        while self.next < len(self.sections) and self.sections[self.next].start <= offset:
            self.open.append(self.sections[self.next])
            self.next += 1
        while self.open and not offset < self.open[-1].end:
            self.open.pop()  # ended; nested sections end before their parents
        return self.open[-1] if self.open else None


def _units_in(doc: StructuredDocument, lo: int, hi: int) -> list[Unit]:
    """Paragraphs of ``text[lo:hi]`` as units; cells of data tables are left to extract.tables."""
    from ..structure.tables import data_paragraphs

    out: list[Unit] = []
    text = doc.text
    sweep = SectionSweep(doc)
    in_tables = data_paragraphs(doc.tables)
    for i, p in enumerate(doc.paragraphs):
        if p.end <= lo or p.start >= hi or i in in_tables:
            continue
        start, end = max(p.start, lo), min(p.end, hi)
        while end > start and text[end - 1].isspace():
            end -= 1
        label = CLAUSE_LABEL.match(text, start, end)
        body_start = label.end() if label else start
        if body_start >= end or not any(ch.isalnum() for ch in text[body_start:end]):
            continue  # "- *" left by a crawl's lost formatting
        section = sweep.at(start)
        if section is not None and section.start < start and end <= section.heading_end:
            continue  # "TỔ CHỨC THỰC HIỆN" under a bare "Chương IV": part of that heading
        if _is_heading(p, section, text):
            role = "heading"
        elif text[body_start:end].rstrip(" *").endswith(":"):
            role = "intro"
        else:
            role = "item"
        out.append(Unit(start=body_start, end=end, label_start=start, role=role, section=section))
    return out


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``."""
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each ";"-separated clause of a sentence."""
    pos = start
    for m in _CLAUSE_END.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def strip_span(text: str, start: int, end: int, chars: str = " .;:,*\"“”") -> tuple[int, int]:
    while start < end and text[start] in chars + "-–":
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def heading_starts_with(kind: str, heading: str) -> bool:
    """Does ``heading`` open with one of the cues of ``rules/sections.yaml`` list ``kind``?"""
    head = re.sub(r"^[\W\d]*(?:(?:các|những|một số|nhóm|về|phần)\s+)*", "", heading.strip(), flags=re.IGNORECASE)
    m = heading_matcher(kind).match(head)
    return m is not None


def is_titled(section: Section) -> bool:
    """A real heading with text under it, not a numbered item whose "heading" is its whole text."""
    return section.end > section.heading_end + 1


def ancestry(doc: StructuredDocument, section: Optional[Section]) -> list[Section]:
    """``section`` and its parents that are real headings, innermost first."""
    return [s for s in doc.ancestors(section)[::-1] if is_titled(s)]


def section_has(doc: StructuredDocument, section: Optional[Section], kind: str) -> Optional[Section]:
    """The innermost section at or above ``section`` whose heading opens with a ``kind`` cue."""
    for s in ancestry(doc, section):
        if heading_starts_with(kind, s.title):
            return s
    return None
