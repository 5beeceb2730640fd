"""Find the goals (mục tiêu) a document sets, general or specific.

Goals are the contents of the sections whose headings open with a goal cue of
``rules/sections.yaml`` ("Mục tiêu", "Mục tiêu chung", "Mục tiêu cụ thể", "Tầm nhìn"), but not
of the "chỉ tiêu" sections nested in them (those are indicators). A bullet or numbered item is
one goal; a plain paragraph gives one goal per sentence. Goals under "Mục tiêu cụ thể" are
``specific``; the others ``general``.
"""
from __future__ import annotations

import re

from ..document import StructuredDocument
from ..ids import IdMaker, document_key
from ..schema import Goal, Span
from .clauses import section_has, sentences, strip_span, units


def find_goals(doc: StructuredDocument) -> list[Goal]:
    """Every goal of ``doc`` in reading order."""
    text = doc.text
    ids = IdMaker(document_key(doc.metadata.code, doc.text), kind="MT")
    goals: list[Goal] = []
    for unit in units(doc):
        if unit.role != "item":
            continue
        goal_section = section_has(doc, unit.section, "goal_headings")
        if goal_section is None:
            continue
        target_section = section_has(doc, unit.section, "target_headings")
        if target_section is not None and target_section.node.level >= goal_section.node.level:
            continue
        specific = section_has(doc, unit.section, "specific_goal_headings") is not None
        labelled = unit.label_start != unit.start
        pieces = [(unit.start, unit.end)] if labelled else list(sentences(text, unit.start, unit.end))
        for start, end in pieces:
            start, end = strip_span(text, start, end, chars=" *")
            if end - start < 15:
                continue
            section = unit.section.path if unit.section else None
            quote = text[start:end]
            goals.append(Goal(id=ids(section), text=re.sub(r"\s+", " ", quote),
                              kind="specific" if specific else "general", section=section,
                              span=Span(start=start, end=end, quote=quote)))
    return goals
