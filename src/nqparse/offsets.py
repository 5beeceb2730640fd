"""Offsets in the normalized text → offsets in the text the caller gave.

Every span nqparse reports points into :attr:`Resolution.text`, the *normalized* text: NFC,
one space for NBSP and tabs, one hyphen in "357 – CV/HNDTW", wrapped lines joined, markdown
and web boilerplate dropped. A caller who holds the original text (a spaCy ``Doc``, an editor
buffer) needs the same spans in *its* text. :func:`align` builds that map after the fact, the
way eyecite's ``SpanUpdater`` does, from a diff of the two texts:

1. both texts are cut into tokens — runs of letters, digits and marks, any other visible
   character alone; white space and invisible characters dropped — and *folded* (NFC, every
   dash a hyphen, every slash "/"), each folded character remembering the character it came
   from;
2. the two token lists are walked side by side: equal tokens match; where the texts part, the
   walk resumes where the next few tokens agree again (a dropped ``**`` or boilerplate block
   is skipped, text only the normalized side holds is left unmatched) — linear for texts
   alike, where :class:`difflib.SequenceMatcher` over a whole document is quadratic;
3. the stretches between matched runs are compared character by character
   (:class:`difflib.SequenceMatcher`) when both sides hold about as much text;
4. each normalized character gets the original characters it matched.

A span maps to the original characters from its first matched character to its last, so it
never starts or ends on text the original does not hold (a joined line's space, a dropped
``**``). Text found only in the normalized side (nothing to map to) gives ``None``.

    >>> m = align("Số 03 \\u2013 NQ/ĐUK,\\r\\nngày 10", "Số 03-NQ/ĐUK, ngày 10")
    >>> m.original_span(3, 12)
    (3, 14)
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Optional, Sequence

_MARKS = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # combining marks
# a token: a run of letters, digits and marks, or any other visible character alone
_TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_FOLD_SIGN = {**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
              **dict.fromkeys("\uff0f\u2215\u2044", "/")}
_GRAM = 4             # tokens that must agree for the walk to resume after the texts part
_NEAR = 64           # tokens of the original looked at one by one when the texts part
_MAX_INSERT = 200     # tokens the normalized text may hold, in one stretch, that the original does not
_INSERT_COST = 4      # skipping a normalized token costs as much as skipping this many original ones
_CHAR_DIFF_LIMIT = 1_000_000  # stretches that differ are compared character by character up to this size


def _tokens(text: str) -> tuple[list[str], list[Sequence[int]]]:
    """The tokens of ``text`` folded (NFC, one dash, one slash), and for each token the index
    in ``text`` of each of its characters."""
    tokens: list[str] = []
    owners: list[Sequence[int]] = []
    for m in _TOKEN.finditer(text):
        token, at = m.group(), m.start()
        if len(token) == 1:
            tokens.append(_FOLD_SIGN.get(token, token))
            owners.append((at,))
        elif token.isascii() or unicodedata.is_normalized("NFC", token):
            tokens.append(token)
            owners.append(range(at, m.end()))
        else:  # decomposed letters: each composed letter belongs to its base character
            folded, where = [], []
            for k, ch in enumerate(token):
                if folded and unicodedata.combining(ch):
                    folded[-1] += ch
                else:
                    folded.append(ch)
                    where.append(at + k)
            composed = [unicodedata.normalize("NFC", c) for c in folded]
            tokens.append("".join(composed))
            owners.append([w for c, w in zip(composed, where) for _ in c])
    return tokens, owners


@dataclass(frozen=True)
class OffsetMap:
    """The map from offsets in ``normalized`` to offsets in ``original`` (see :func:`align`)."""

    original: str = field(repr=False)
    normalized: str = field(repr=False)
    _first: array = field(repr=False)  # per normalized character: the first original character it matched, or -1
    _last: array = field(repr=False)   # per normalized character: the last original character it matched, or -1

    def __repr__(self) -> str:
        return f"<OffsetMap {len(self.normalized)} normalized → {len(self.original)} original characters>"

    def original_span(self, start: int, end: int) -> Optional[tuple[int, int]]:
        """``(start, end)`` in the original text of the normalized text between ``start`` and
        ``end``; ``None`` when none of it comes from the original."""
        start, end = max(0, start), min(end, len(self.normalized))
        first = next((n for n in range(start, end) if self._first[n] >= 0), None)
        if first is None:
            return None
        last = next(n for n in range(end - 1, first - 1, -1) if self._last[n] >= 0)
        lo, hi = self._first[first], self._last[last] + 1
        if hi <= lo:  # matched out of order (a table read in another order): cover every match
            matched = [n for n in range(first, last + 1) if self._first[n] >= 0]
            lo = min(self._first[n] for n in matched)
            hi = max(self._last[n] for n in matched) + 1
        while hi < len(self.original) and unicodedata.combining(self.original[hi]):
            hi += 1  # the marks of a decomposed last letter belong to it
        return lo, hi

    def original_offset(self, offset: int) -> Optional[int]:
        """The original offset of the normalized character at ``offset`` (None: not in the original)."""
        if 0 <= offset < len(self.normalized) and self._first[offset] >= 0:
            return self._first[offset]
        return None


def _runs(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, size)`` of equal tokens ``a[i:i+size] == b[j:j+size]``, in order in both.

    Walks both token lists at once; where they part, the walk resumes at the nearest place
    where the next tokens of ``b`` stand in ``a`` again (:func:`_resume`). Linear in the length
    of the texts for texts alike."""
    places: dict[str, list[int]] = {}
    for i, token in enumerate(a):
        places.setdefault(token, []).append(i)
    grams: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(a) - _GRAM + 1):
        grams.setdefault(tuple(a[i:i + _GRAM]), []).append(i)
    runs: list[tuple[int, int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i0, j0 = i, j
            while i < len(a) and j < len(b) and a[i] == b[j]:
                i, j = i + 1, j + 1
            runs.append((i0, j0, i - i0))
            continue
        resumed = _resume(a, b, i, j, places, grams)
        if resumed is None:
            j += 1  # b[j] is not in the rest of a
        else:
            i, j = resumed
    return runs


def _resume(a: list[str], b: list[str], i: int, j: int, places: dict[str, list[int]],
            grams: dict[tuple[str, ...], list[int]]) -> Optional[tuple[int, int]]:
    """Where the walk resumes after ``a[i] != b[j]``: the place ``(i', j')`` of least cost
    (tokens of ``a`` skipped, plus :data:`_INSERT_COST` per token of ``b`` skipped) where
    ``a[i'] == b[j']`` and the next :data:`_GRAM` tokens of ``b`` follow in ``a`` — close by
    with other tokens between them (markup around words), far off only all together."""
    best: Optional[tuple[int, int, int]] = None  # (cost, i', j')
    for dj in range(min(_MAX_INSERT, len(b) - j)):
        if best is not None and dj * _INSERT_COST >= best[0]:
            break
        jj = j + dj
        want = b[jj:jj + _GRAM]
        found = None
        positions = places.get(b[jj], ())
        for k in range(bisect_left(positions, i), len(positions)):
            at = positions[k]
            if at - i >= _NEAR:
                break
            if _follows(a, at, want):
                found = at
                break
        if found is None and len(want) == _GRAM:
            positions = grams.get(tuple(want), ())
            k = bisect_left(positions, i)
            found = positions[k] if k < len(positions) else None
        if found is not None and (best is None or found - i + dj * _INSERT_COST < best[0]):
            best = (found - i + dj * _INSERT_COST, found, jj)
    return None if best is None else (best[1], best[2])


def _follows(a: list[str], at: int, want: list[str]) -> bool:
    """Do the tokens ``want`` stand in ``a`` from ``at`` on, in order, a few others between?"""
    k = 0
    for token in a[at:at + 4 * len(want)]:
        if token == want[k]:
            k += 1
            if k == len(want):
                return True
    return False


def align(original: str, normalized: str) -> OffsetMap:
    """Align ``normalized`` (text nqparse made from ``original``) with ``original``."""
    first = array("q", [-1]) * len(normalized)
    last = array("q", [-1]) * len(normalized)

    def match(o: int, n: int) -> None:
        if first[n] < 0 or o < first[n]:
            first[n] = o
        if o > last[n]:
            last[n] = o

    a, a_at = _tokens(original)
    b, b_at = _tokens(normalized)

    def match_chars(a0: int, a1: int, b0: int, b1: int) -> None:
        """Character by character between two runs, when both sides hold about as much."""
        chars_a, chars_b = "".join(a[a0:a1]), "".join(b[b0:b1])
        if not chars_a or not chars_b or len(chars_a) > 2 * len(chars_b) + 32 \
                or len(chars_a) * len(chars_b) > _CHAR_DIFF_LIMIT:
            return
        at_a = [o for owners in a_at[a0:a1] for o in owners]
        at_b = [n for owners in b_at[b0:b1] for n in owners]
        for block in SequenceMatcher(None, chars_a, chars_b, autojunk=False).get_matching_blocks():
            for k in range(block.size):
                match(at_a[block.a + k], at_b[block.b + k])

    i = j = 0
    for i0, j0, size in _runs(a, b) + [(len(a), len(b), 0)]:
        match_chars(i, i0, j, j0)
        for k in range(size):
            for o, n in zip(a_at[i0 + k], b_at[j0 + k]):
                match(o, n)
        i, j = i0 + size, j0 + size
    return OffsetMap(original, normalized, first, last)
