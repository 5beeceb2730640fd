"""Comparison keys for Vietnamese text: how two spellings of one name are found equal.

``fold`` is the plain key (NFC, case-folded, single spaces); ``fold_tones`` also unifies the
two tone placements of open syllables ("Đảng uỷ" = "Đảng ủy", "hoà" = "hòa") and leaves closed
ones ("hoàn", "thuyết") alone. Keys are for lookup only; displayed text keeps its spelling.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONE_MOVES = {a: b for a, b in (
    ("uỷ", "ủy"), ("uý", "úy"), ("uỳ", "ùy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
    ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"))}
_TONE_RE = re.compile("(" + "|".join(_TONE_MOVES) + ")(?![a-zà-ỹđ])")


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """NFC, casefold and single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fold_tones(text: str) -> str:
    """``fold`` with the tone of oa/oe/uy open syllables on the first vowel ('uỷ' → 'ủy')."""
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], fold(text))
