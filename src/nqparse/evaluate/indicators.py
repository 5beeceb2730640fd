"""Score extracted targets (chỉ tiêu) against gold written by a person.

Gold (``tests/gold/indicators/<stem>.json``)::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt",
     "indicators": [{"quote": "trên 90% tổ chức cơ sở đảng", "comparator": ">", "value": 90,
                     "high": null, "unit": "%", "subject": "tổ chức cơ sở đảng",
                     "parent_quote": null}, ...]}

A gold target is found in the parsed text by its quote (case, spacing, tone placement and
markdown ``*`` ignored). A predicted indicator matches it when value, high and unit agree
(both null for a qualitative target) and their spans overlap — or, failing that, when the
prediction lies within the same stretch of text (``NEAR`` characters). Fields:

- ``indicators``: precision / recall / F1 of the matching;
- ``comparator``: accuracy among matched pairs;
- ``parent``: accuracy among matched pairs where the gold or the prediction has a parent.

A gold file may annotate only part of a document: ``"scope_start_quote"`` / ``"scope_end_quote"``
name where its annotation starts and stops, and predictions outside are not counted.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable, Optional

from . import FieldScore
from .match import match_key

ASPECT = "indicators"
NEAR = 200


def _fold(ch: str) -> str:
    return match_key(ch) if ch.strip() else " "


def locate(text: str, quote: str, occurrence: int = 1) -> Optional[tuple[int, int]]:
    """(start, end) of the n-th ``quote`` in ``text``, tolerant of case, spacing, '*' and tone placement."""
    words = [w for w in re.split(r"[\s*_]+", unicodedata.normalize("NFC", quote)) if w]
    if not words:
        return None
    pattern = r"[\s*_]+".join(re.escape(w) for w in words)
    hits = list(re.finditer(pattern, text, re.IGNORECASE))
    if hits:
        m = hits[min(occurrence, len(hits)) - 1]
        return m.start(), m.end()
    folded = match_key(text.replace("*", " "))
    if len(folded) != len(text):
        return None
    m = re.search(r"\s+".join(re.escape(match_key(w)) for w in words), folded)
    return (m.start(), m.end()) if m else None


def _unit_key(unit: Optional[str]) -> str:
    return match_key(unit or "").replace(" ", "")


def _num(x: Any) -> Optional[float]:
    return None if x is None else round(float(x), 6)


def _same_quantity(g: dict, p: Any) -> bool:
    return (_num(g.get("value")) == _num(p.value) and _num(g.get("high")) == _num(p.high)
            and _unit_key(g.get("unit")) == _unit_key(p.unit))


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[0] < b[1] and b[0] < a[1]:
        return 0
    return min(abs(a[0] - b[1]), abs(b[0] - a[1]))


def match_by_quote(gold_items: list[dict], predicted: list[Any], text: str,
                   pick: Callable[[dict, tuple[int, int], list[tuple[int, Any]]], Optional[int]],
                   ) -> tuple[list[tuple[dict, Any]], list[dict], list[Any], list[str]]:
    """Greedy one-to-one matching of gold items (found by their quote) to predictions.

    ``pick(gold, where, free)`` chooses among the still-unmatched ``(index, prediction)``
    pairs. Returns (pairs, missed gold, extra predictions, notes).
    """
    notes: list[str] = []
    missed: list[dict] = []
    pairs: list[tuple[dict, Any]] = []
    used: set[int] = set()
    seen: dict[str, int] = {}
    for g in gold_items:
        seen[g["quote"]] = seen.get(g["quote"], 0) + 1
        where = locate(text, g["quote"], seen[g["quote"]])
        if where is None:
            notes.append(f"gold quote not found in text: {g['quote']!r}")
            missed.append(g)
            continue
        hit = pick(g, where, [(k, p) for k, p in enumerate(predicted) if k not in used])
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            pairs.append((g, predicted[hit]))
    extra = [p for k, p in enumerate(predicted) if k not in used]
    return pairs, missed, extra, notes


def span_holds_start(g: dict, where: tuple[int, int], free: list[tuple[int, Any]]) -> Optional[int]:
    """Choice rule for tasks and goals: the prediction whose span holds the start of the gold quote."""
    return next((k for k, p in free if p.span.start <= where[0] < p.span.end), None)


def _nearest_same_quantity(g: dict, where: tuple[int, int], free: list[tuple[int, Any]]) -> Optional[int]:
    best, best_d = None, NEAR + 1
    for k, p in free:
        if _same_quantity(g, p):
            d = _distance(where, (p.span.start, p.span.end))
            if d < best_d:
                best, best_d = k, d
    return best


def match_pairs(gold_items: list[dict], predicted: list[Any], text: str) -> tuple[list[tuple[dict, Any]], list[dict], list[Any], list[str]]:
    """Each gold target to the nearest prediction with the same quantity."""
    return match_by_quote(gold_items, predicted, text, _nearest_same_quantity)


def _describe(g: dict) -> str:
    q = g.get("comparator")
    qty = f"{g.get('value')}" + (f"–{g.get('high')}" if g.get("high") is not None else "")
    return f"{q} {qty} {g.get('unit') or ''}".strip() if q else "qualitative"


def in_scope(gold: dict, text: str, items: list[Any]) -> list[Any]:
    """Predictions between ``scope_start_quote`` and ``scope_end_quote`` (gold that annotates
    only part of a document, e.g. its "Tổ chức thực hiện")."""
    start = locate(text, gold["scope_start_quote"]) if gold.get("scope_start_quote") else None
    end = locate(text, gold["scope_end_quote"]) if gold.get("scope_end_quote") else None
    lo = start[0] if start else 0
    hi = end[0] if end else len(text)
    return [p for p in items if lo <= p.span.start < hi]


def score(gold: dict, resolution: Any) -> list[FieldScore]:
    text = resolution.text
    predicted = in_scope(gold, text, list(resolution.indicators))
    pairs, missed, extra, notes = match_pairs(gold.get("indicators", []), predicted, text)
    found = FieldScore(ASPECT, "indicators", tp=len(pairs), fp=len(extra), fn=len(missed))
    found.misses += notes
    found.misses += [f"missed {g['quote']!r} ({_describe(g)})" for g in missed]
    found.misses += [f"extra {p.span.quote!r} ({p.comparator.value if p.comparator else 'qualitative'} {p.value} {p.unit}) in {p.section}" for p in extra]
    comparator = FieldScore(ASPECT, "comparator")
    parent = FieldScore(ASPECT, "parent")
    by_id = {p.id: p for p in predicted}
    matched_gold_of = {id(p): g for g, p in pairs}
    for g, p in pairs:
        comparator.total += 1
        got = p.comparator.value if p.comparator else None
        if got == g.get("comparator"):
            comparator.correct += 1
        else:
            comparator.misses.append(f"{g['quote']!r}: comparator {got} (gold {g.get('comparator')})")
        want_parent = g.get("parent_quote")
        if want_parent is None and p.parent is None:
            continue
        parent.total += 1
        got_parent = by_id.get(p.parent) if p.parent else None
        got_quote = matched_gold_of.get(id(got_parent), {}).get("quote") if got_parent else None
        if want_parent is not None and got_quote is not None and match_key(got_quote) == match_key(want_parent):
            parent.correct += 1
        else:
            parent.misses.append(f"{g['quote']!r}: parent {got_quote!r} (gold {want_parent!r})")
    return [found, comparator, parent]
