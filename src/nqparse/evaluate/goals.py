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
from .indicators import in_scope, match_by_quote, span_holds_start

ASPECT = "goals"


def score(gold: dict, resolution: Any) -> list[FieldScore]:
    text = resolution.text
    predicted = in_scope(gold, text, list(resolution.goals))
    pairs, missed, extra, notes = match_by_quote(gold.get("goals", []), predicted, text, span_holds_start)
    found = FieldScore(ASPECT, "goals", tp=len(pairs), fn=len(missed), fp=len(extra))
    found.misses = notes + [f"missed {g['quote'][:70]!r}" for g in missed]
    found.misses += [f"extra {p.span.quote[:70]!r} in {p.section}" for p in extra]
    kind = FieldScore(ASPECT, "kind", total=len(pairs))
    for g, p in pairs:
        if p.kind == g.get("kind", "general"):
            kind.correct += 1
        else:
            kind.misses.append(f"{g['quote'][:60]!r}: kind {p.kind} (gold {g.get('kind')})")
    return [found, kind]
