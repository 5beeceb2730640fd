"""Match keys for comparing what the parser read with what a person wrote down.

Two spellings of the same Vietnamese text often differ in ways nobody cares about:
Unicode form (NFC/NFD), letter case, runs of spaces, the dash inside a document number
("03–NQ/ĐUK"), and where the tone mark sits on an open oa/oe/uy rime ("Ủy"/"Uỷ",
"hòa"/"hoà", "khỏe"/"khoẻ"). :func:`nqparse.textkey.match_key` folds all of them into one key;
closed syllables (hoàn, hoạch, thuyết) are left alone, because their tone never moves.
"""
from __future__ import annotations

import re
from typing import Optional

from ..textkey import match_key


def same(a: Optional[str], b: Optional[str]) -> bool:
    """True when both are absent/blank or their match keys are equal."""
    return match_key(a) == match_key(b)


def tokens(text: Optional[str]) -> list[str]:
    """Words and numbers of the match key, punctuation dropped."""
    return re.findall(r"\w+", match_key(text))


def similar_titles(got: Optional[str], want: Optional[str], overlap: float = 0.8,
                   min_share: float = 0.4) -> bool:
    """Titles match when equal, when one contains the other, or when their words overlap.

    Containment only counts when the shorter title holds at least ``min_share`` of the
    longer one's words (so a stray "về" is not a title). Overlap is the share of the
    longer title's distinct words found in the other title.
    """
    a, b = match_key(got), match_key(want)
    if a == b:
        return True
    if not a or not b:
        return False
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if (a in b or b in a) and len(short) >= min_share * len(long_):
        return True
    return len(ta & tb) / len(long_) >= overlap
