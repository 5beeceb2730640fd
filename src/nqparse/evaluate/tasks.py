"""Score extracted tasks and their responsible bodies against gold written by a person.

Gold (``tests/gold/tasks/<stem>.json``)::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt",
     "tasks": [{"quote": "Ban Tuyên giáo Đảng ủy Khối xây dựng kế hoạch cụ thể",
                "lead": ["Ban Tuyên giáo Đảng ủy Khối"], "partners": []}, ...]}

A predicted task matches a gold one when its span contains the start of the gold quote (the
quote is the distinctive first words of the task). Gold bodies are names as written; they
are resolved to the predicted body ids through the names and aliases of ``resolution.bodies``
(and the body-id slug of the name). Fields:

- ``tasks``: precision / recall / F1;
- ``tasks_lead``: precision / recall / F1 counting a task as found only when its lead set is
  right too (a gold task with no lead is right when the prediction names none);
- ``lead``: accuracy of the lead set among matched tasks whose gold names a lead;
- ``partners``: accuracy of the partner set among matched tasks whose gold names partners;
- ``due``: accuracy of the due date among matched tasks where the gold or the prediction
  gives one (a gold that annotates deadlines says ``"due": null`` for a task without a date);
- ``product``: accuracy among matched tasks whose gold gives a ``product``.
"""
from __future__ import annotations

from typing import Any, Optional

from . import FieldScore
from .indicators import in_scope, match_by_quote, span_holds_start
from .match import match_key

ASPECT = "tasks"


def body_index(resolution: Any) -> dict[str, str]:
    """match key of every name and alias → body id."""
    index: dict[str, str] = {}
    for b in resolution.bodies:
        for name in [b.name, *b.aliases]:
            index.setdefault(_key(name), b.id)
        index.setdefault(b.id, b.id)
    return index


def _key(name: str) -> str:
    k = match_key(name).replace(",", " ")
    k = " ".join(w for w in k.split() if w != "của")
    return k


def resolve(name: str, index: dict[str, str]) -> Optional[str]:
    from ..extract.bodies import body_id

    return index.get(_key(name)) or index.get(body_id(name))


def _match(gold_items: list[dict], predicted: list[Any], text: str) -> tuple[list[tuple[dict, Any]], list[dict], list[Any], list[str]]:
    """Each gold task to the prediction whose span holds the start of its quote."""
    return match_by_quote(gold_items, predicted, text, span_holds_start)


def _set_field(field: str, pairs: list[tuple[dict, Any]], index: dict[str, str]) -> FieldScore:
    fs = FieldScore(ASPECT, field)
    for g, p in pairs:
        want_names = g.get(field) or []
        if not want_names:
            continue
        fs.total += 1
        want = {resolve(n, index) or f"?{n}" for n in want_names}
        got = set(getattr(p, field))
        if want == got:
            fs.correct += 1
        else:
            fs.misses.append(f"{g['quote'][:60]!r}: {field} {sorted(got)} (gold {sorted(want)})")
    return fs


def _with_lead(pairs: list[tuple[dict, Any]], found: FieldScore, index: dict[str, str]) -> FieldScore:
    """Tasks found with the right lead: a wrong lead is both a miss and a false find."""
    fs = FieldScore(ASPECT, "tasks_lead", fp=found.fp, fn=found.fn)
    for g, p in pairs:
        want = {resolve(n, index) or f"?{n}" for n in g.get("lead") or []}
        if want == set(p.lead):
            fs.tp += 1
        else:
            fs.fp += 1
            fs.fn += 1
            fs.misses.append(f"{g['quote'][:60]!r}: lead {sorted(p.lead)} (gold {sorted(want)})")
    return fs


def _due(pairs: list[tuple[dict, Any]]) -> FieldScore:
    fs = FieldScore(ASPECT, "due")
    for g, p in pairs:
        if "due" not in g and "deadline" not in g:
            continue
        want = g.get("due")
        if want is None and getattr(p, "due", None) is None:
            continue
        fs.total += 1
        if want == getattr(p, "due", None):
            fs.correct += 1
        else:
            fs.misses.append(f"{g['quote'][:60]!r}: due {getattr(p, 'due', None)} from {p.deadline!r} "
                             f"(gold {want} from {g.get('deadline')!r})")
    return fs


def _product(pairs: list[tuple[dict, Any]]) -> FieldScore:
    fs = FieldScore(ASPECT, "product")
    for g, p in pairs:
        if not g.get("product"):
            continue
        fs.total += 1
        if match_key(g["product"]) == match_key(getattr(p, "product", None) or ""):
            fs.correct += 1
        else:
            fs.misses.append(f"{g['quote'][:60]!r}: product {getattr(p, 'product', None)!r} (gold {g['product']!r})")
    return fs


def score(gold: dict, resolution: Any) -> list[FieldScore]:
    predicted = in_scope(gold, resolution.text, list(resolution.tasks))
    pairs, missed, extra, notes = _match(gold.get("tasks", []), predicted, resolution.text)
    found = FieldScore(ASPECT, "tasks", tp=len(pairs), fp=len(extra), fn=len(missed))
    found.misses += notes
    found.misses += [f"missed {g['quote'][:70]!r}" for g in missed]
    found.misses += [f"extra {p.span.quote[:70]!r} in {p.section}" for p in extra]
    index = body_index(resolution)
    return [found, _with_lead(pairs, found, index), _set_field("lead", pairs, index),
            _set_field("partners", pairs, index), _due(pairs), _product(pairs)]
