"""Deadlines and horizons as written: "trước ngày 30/6/2022", "ngay đầu năm 2022",
"định kỳ hàng quý", "đến năm 2030", "hằng năm", "giai đoạn 2026 - 2030".

The patterns are the ``deadlines`` list of ``rules/indicators.yaml``, tried in order; the
first that matches wins. When a clause names none, the nearest heading (or the document
title) that does gives the horizon: "Một số nhiệm vụ tập trung năm 2022" → "năm 2022".
"""
from __future__ import annotations

import re
from typing import Optional

from ..document import Section, StructuredDocument
from .vocabulary import compiled, indicator_rules


def _patterns() -> list[re.Pattern[str]]:
    r = indicator_rules()
    return compiled(r, "deadlines", lambda: [re.compile(p, re.IGNORECASE) for p in r.deadlines])


def deadline_in(text: str) -> Optional[str]:
    """The first deadline or horizon stated in ``text``, as written (whitespace collapsed)."""
    for pattern in _patterns():
        m = pattern.search(text)
        if m:
            return re.sub(r"\s+", " ", m.group(0)).strip()
    return None


def deadline_of_context(doc: StructuredDocument, section: Optional[Section]) -> Optional[str]:
    """The horizon of the nearest heading that states one, else of the document title."""
    for s in doc.ancestors(section)[::-1]:
        if len(s.title) <= 160:
            found = deadline_in(s.title)
            if found:
                return _as_sentence(found)
    found = deadline_in(doc.metadata.title or "")
    return _as_sentence(found) if found else None


def _as_sentence(phrase: str) -> str:
    """Headings and titles are often upper case: "NĂM 2022" reads "năm 2022" in a tracking sheet."""
    return phrase.lower() if phrase.isupper() else phrase
