"""Score the responsible bodies found in a document against gold written by a person.

Gold (``tests/gold/bodies/<stem>.json``)::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt",
     "bodies": [{"name": "Ban Tuyên giáo Đảng ủy Khối", "kind": "ban_tham_muu"}, ...]}

A gold body is found when its name (as written in the document) resolves to a predicted body
through that body's name or aliases. Fields:

- ``bodies``: precision / recall / F1 (a predicted body no gold name resolves to is an extra);
- ``kind``: accuracy of the body kind among found bodies (the plan generator routes by it).
"""
from __future__ import annotations

from typing import Any

from . import FieldScore
from .tasks import body_index, resolve

ASPECT = "bodies"


def score(gold: dict, resolution: Any) -> list[FieldScore]:
    index = body_index(resolution)
    by_id = {b.id: b for b in resolution.bodies}
    found = FieldScore(ASPECT, "bodies")
    kind = FieldScore(ASPECT, "kind")
    matched: set[str] = set()
    for g in gold.get("bodies", []):
        bid = resolve(g["name"], index)
        if bid is None or bid in matched:
            found.fn += 1
            found.misses.append(f"missed {g['name']!r}")
            continue
        matched.add(bid)
        found.tp += 1
        kind.total += 1
        got = by_id[bid].kind.value
        if got == g.get("kind"):
            kind.correct += 1
        else:
            kind.misses.append(f"{g['name']!r}: kind {got} (gold {g.get('kind')})")
    extra = [b for b in resolution.bodies if b.id not in matched]
    found.fp = len(extra)
    found.misses += [f"extra {b.name!r} ({b.kind.value})" for b in extra]
    return [found, kind]
