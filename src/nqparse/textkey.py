"""Comparison keys for Vietnamese text: how two spellings of one name are found equal.

One rule for where the tone sits, and the keys built on it:

- :func:`tones_first` puts the tone of an open syllable on its first vowel ("uỷ" → "ủy",
  "hoà" → "hòa", "khoẻ" → "khỏe"), character for character so that offsets stay valid; closed
  syllables ("hoàn", "thuyết") and "qu" + vowel ("quý") are left alone;
- :func:`fold` — NFC, case-folded, single spaces: the plain key of vocabulary lookups;
- :func:`fold_tones` — ``fold`` with one tone placement: names written in either style;
- :func:`match_key` — ``fold_tones`` that also sets aside invisible characters and the spacing of
  dashes ("03 – NQ/ĐUK"): what a person wrote down against what the parser read;
- :func:`name_key` — a body's name: ``fold_tones`` without "của", commas or end punctuation;
- :func:`bare` — without diacritics ("chi bo" = "Chi bộ"): for words a user types.

Keys are for lookup only; displayed text keeps its spelling.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

_OPEN_RIME = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![^\W\d_])")
_INVISIBLE = str.maketrans({"\u00a0": " ", "\u200b": None, "\u00ad": None})
_DASH = re.compile(r"\s*[\u2010-\u2015\u2212-]\s*")
_OF = re.compile(r"\s+của\s+")


def tones_first(text: str) -> str:
    """``text`` (NFC) with the tone of its open oa/oe/uy syllables on the first vowel, same length."""
    if not _OPEN_RIME.search(text):
        return text

    def move(m: re.Match[str]) -> str:
        base, tone = unicodedata.normalize("NFD", m.group(2))[:2]
        return unicodedata.normalize("NFC", m.group(1) + tone) + base

    return _OPEN_RIME.sub(move, text)


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """NFC, casefold and single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fold_tones(text: str) -> str:
    """``fold`` with the tone of open syllables on the first vowel ('uỷ' → 'ủy')."""
    return tones_first(fold(text))


def match_key(text: Optional[str]) -> str:
    """``fold_tones`` without invisible characters, with one plain dash: '03 – NQ/ĐUK' = '03-nq/đuk'."""
    if text is None:
        return ""
    return fold_tones(_DASH.sub("-", unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE)))


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A body's name: case, spacing, tone placement (hoà/hòa, thuỷ/thủy), 'của' and commas set aside."""
    key = _OF.sub(" ", fold_tones(name))
    return re.sub(r"[\s,]+", " ", key).strip(" ,.;:")


@lru_cache(maxsize=8192)
def bare(text: str) -> str:
    """Lower case, NFC, diacritics removed, đ→d, single spaces: 'Chi bộ' = 'chi bo'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().lower()
