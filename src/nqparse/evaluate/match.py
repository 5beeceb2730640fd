"""Match keys for comparing what the parser read with what a person wrote down.

Two spellings of the same Vietnamese text often differ in ways nobody cares about:
Unicode form (NFC/NFD), letter case, runs of spaces, the dash inside a document number
("03–NQ/ĐUK"), and where the tone mark sits on an open oa/oe/uy rime ("Ủy"/"Uỷ",
"hòa"/"hoà", "khỏe"/"khoẻ"). :func:`match_key` folds all of them into one key; closed
syllables (hoàn, hoạch, thuyết) are left alone, because their tone never moves.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")   # huyền, sắc, ngã, hỏi, nặng
DASHES = re.compile(r"\s*[\u2010-\u2015\u2212-]\s*")
SPACES = re.compile(r"\s+")
WORD = re.compile(r"[^\W\d_]+")
# onset (consonants only, never "q" whose u belongs to the onset) + open rime oa/oe/uy
OPEN_RIME = re.compile(r"(?P<onset>[bcdđghklmnprstvx]*)(?P<v1>[ou])(?P<v2>[aey])")


def _tone_on_first_vowel(word: str) -> str:
    """Put the tone of an open oa/oe/uy syllable on its first vowel: 'hoà' → 'hòa', 'uỷ' → 'ủy'."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return word
    base = "".join(c for c in decomposed if c not in TONE_MARKS)
    m = OPEN_RIME.fullmatch(unicodedata.normalize("NFC", base))
    if m is None or m["v1"] + m["v2"] not in ("oa", "oe", "uy"):
        return word
    return unicodedata.normalize("NFC", m["onset"] + m["v1"] + tones[0] + m["v2"])


def match_key(text: Optional[str]) -> str:
    """The comparison key of ``text``: NFC, casefolded, one space, one dash, one tone style."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = s.replace("\u00a0", " ").replace("\u200b", "").replace("\u00ad", "")
    s = DASHES.sub("-", s)
    s = SPACES.sub(" ", s).strip()
    s = WORD.sub(lambda m: _tone_on_first_vowel(m.group(0)), s)
    return unicodedata.normalize("NFC", s)


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
