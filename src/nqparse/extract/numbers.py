"""Vietnamese numerals as written in resolutions.

Forms handled:

- decimal comma: ``82,6`` → 82.6; ``0,5`` → 0.5
- thousands dot: ``10.950`` → 10950; ``1.234.567`` → 1234567; ``2.838,5`` → 2838.5
- a dot followed by one or two digits is a decimal point (``4.5`` → 4.5, crawled texts)
- leading zeros: ``03`` → 3
- number words (from ``rules/indicators.yaml``): ``một`` → 1, ``hai`` → 2
"""
from __future__ import annotations

import re
from typing import Mapping, Optional

# Thousands groups first so "10.950" is one number, not "10" and "950".
NUMERAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?:\.\d{1,2}(?!\d))?"
NUMERAL_RE = re.compile(rf"(?<![\w.,/])(?:{NUMERAL})(?![\w]|[.,/]\d)")


def parse_numeral(text: str) -> Optional[float]:
    """The value of a written numeral, or None when ``text`` is not one."""
    t = text.strip()
    if not t:
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"\d+(?:\.\d{1,2})?", t):
        return None
    value = float(t)
    return value


def parse_number(text: str, words: Mapping[str, int] | None = None) -> Optional[float]:
    """A numeral or a number word ("một", "hai" …) as a float."""
    value = parse_numeral(text)
    if value is None and words:
        hit = words.get(text.strip().lower())
        value = float(hit) if hit is not None else None
    return value


def tidy(value: Optional[float]) -> Optional[float]:
    """Integral floats stay floats but compare cleanly (3.0 == 3)."""
    if value is None:
        return None
    return float(int(value)) if value == int(value) else round(value, 6)
