"""Score the goals (mục tiêu) found in a document against gold written by a person.

Gold (``tests/gold/goals/<stem>.json``)::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt",
     "goals": [{"quote": "Tập trung xây dựng chi bộ, đảng bộ vững mạnh", "kind": "general"}, ...]}

A predicted goal matches when its span contains the start of the gold quote. Fields:
``goals`` (precision / recall / F1) and ``kind`` (general/specific accuracy among matches).
"""
from __future__ import annotations

from typing import Any

from . import FieldScore
from .indicators import in_scope, locate

ASPECT = "goals"


def score(gold: dict, resolution: Any) -> list[FieldScore]:
    text = resolution.text
    predicted = in_scope(gold, text, list(resolution.goals))
    used: set[int] = set()
    found = FieldScore(ASPECT, "goals")
    kind = FieldScore(ASPECT, "kind")
    for g in gold.get("goals", []):
        where = locate(text, g["quote"])
        hit = None
        if where is not None:
            hit = next((i for i, p in enumerate(predicted)
                        if i not in used and p.span.start <= where[0] < p.span.end), None)
        if hit is None:
            found.fn += 1
            found.misses.append(f"missed {g['quote'][:70]!r}")
            continue
        used.add(hit)
        found.tp += 1
        kind.total += 1
        if predicted[hit].kind == g.get("kind", "general"):
            kind.correct += 1
        else:
            kind.misses.append(f"{g['quote'][:60]!r}: kind {predicted[hit].kind} (gold {g.get('kind')})")
    extra = [p for i, p in enumerate(predicted) if i not in used]
    found.fp = len(extra)
    found.misses += [f"extra {p.span.quote[:70]!r} in {p.section}" for p in extra]
    return [found, kind]
