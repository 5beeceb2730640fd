"""Which targets and tasks of a resolution go into which unit's plan.

Routing reads the bodies the extractor found (``Body.kind``) and the rules of ``rules/plan.yaml``:

* a ``co_so`` body ("cấp ủy các chi bộ, đảng bộ cơ sở", "cấp ủy cơ sở") addresses every cơ sở
  unit (chi bộ, đảng bộ cơ sở, đảng bộ bộ phận);
* a collective of another kind ("các đoàn thể") addresses every unit of that kind;
* a specific organ ("Ban Tuyên giáo Đảng ủy Khối") addresses only the unit that is that organ
  (same name, or one of the unit's aliases);
* a task led by another body still reaches a unit its text names ("…; cấp ủy các chi bộ, đảng bộ
  cơ sở tăng cường …"), with the role "named";
* an item with no lead goes to the kinds listed in ``unassigned_tasks_to`` /
  ``unassigned_indicators_to`` (and a target to the kinds its subject names, ``subject_kinds``) — unless the item's text opens with the name of a body, which
  is then taken as its lead, or with the issuer's own name ("Đảng bộ Khối phấn đấu …"): the
  issuer's own targets stay out of the units' plans.

A task addressed to all cơ sở units is reworded for one unit: "Cấp ủy các chi bộ, đảng bộ cơ sở
nắm tình hình …" becomes "Chi ủy nắm tình hình …" in a chi bộ's plan.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Optional

from ..schema import Body, BodyKind, Indicator, Resolution, Task
from .units import Unit
from .vocabulary import fold, kind_spec, plan_rules

Role = Literal["lead", "partner", "named"]

OPENING_SLACK = 12  # characters before a body name that still count as "the text opens with it"


@dataclass(frozen=True)
class RoutedTask:
    task: Task
    role: Role
    text: str  # reworded for the unit


def _unit_names(unit: Unit) -> set[str]:
    return {fold(unit.name), *(fold(alias) for alias in unit.aliases)}


def _is_collective(body: Body) -> bool:
    first = fold(body.name).split(" ", 1)[0]
    return first in {fold(word) for word in plan_rules().collective_words}


def addresses(body: Body, unit: Unit) -> bool:
    """True when ``body`` (as the resolution names it) stands for ``unit``."""
    vocabulary = plan_rules()
    if body.kind is BodyKind.CO_SO:
        return unit.kind in vocabulary.collective_body_kinds.get("co_so", [])
    names = _unit_names(unit)
    if fold(body.name) in names or any(fold(alias) in names for alias in body.aliases):
        return True
    if _is_collective(body):
        return unit.kind in vocabulary.collective_body_kinds.get(body.kind.value, [])
    return False


def _opening_body(resolution: Resolution, start: int) -> Optional[str]:
    """The body whose mention opens the text at ``start`` (e.g. "2. Ban Tuyên giáo … xây dựng")."""
    for body in resolution.bodies:
        if any(start <= m.start <= start + OPENING_SLACK for m in body.mentions):
            return body.id
    return None


def _leads(resolution: Resolution, lead: list[str], start: int) -> list[str]:
    if lead:
        return lead
    opening = _opening_body(resolution, start)
    return [opening] if opening else []


def issuer_names(resolution: Resolution) -> list[str]:
    """The issuer under the names it calls itself: 'Đảng ủy Khối …', 'Đảng bộ Khối …', 'Đảng bộ Khối'."""
    issuer = resolution.metadata.issuer or ""
    names = {fold(issuer)} if issuer else set()
    for rule in plan_rules().parent_from_issuer:
        if issuer and fold(issuer).startswith(fold(rule.prefix)):
            names.add(fold(rule.to + issuer[len(rule.prefix):]))
            # the short form alone ("Đảng bộ Khối") only when it is a name, not a bare word ("Đảng ủy")
            names |= {fold(short) for short in (rule.to, rule.prefix) if len(short.split()) >= 3}
            break
    return sorted(n for n in names if n)


def issuers_own(resolution: Resolution, text: str, subject: Optional[str] = None) -> bool:
    """True for an item the issuer sets itself ("Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ")."""
    names = issuer_names(resolution)
    opening, who = fold(text[:120]), fold(subject or "")
    return any(who == name or opening.startswith(name + " ") for name in names)


def _addressed(resolution: Resolution, body_ids: list[str], unit: Unit) -> bool:
    bodies = {body.id: body for body in resolution.bodies}
    return any(addresses(bodies[i], unit) for i in body_ids if i in bodies)


def _mentions_of(resolution: Resolution, unit: Unit) -> list[int]:
    """Where the text names the unit (or a collective it belongs to), sorted offsets."""
    return sorted(m.start for body in resolution.bodies if addresses(body, unit) for m in body.mentions)


def _named_within(offsets: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(offsets, start)
    return i < len(offsets) and offsets[i] < end


def tasks_for(resolution: Resolution, unit: Unit) -> list[RoutedTask]:
    """The tasks of ``resolution`` this unit leads or takes part in, in document order.

    Besides the tasks it leads or partners, a unit gets a task led by someone else whose text
    names it ("Đảng ủy Khối …; cấp ủy các chi bộ, đảng bộ cơ sở tăng cường …"): the duty is there.
    """
    unassigned = plan_rules().unassigned_tasks_to
    named = _mentions_of(resolution, unit)
    routed = []
    for task in resolution.tasks:
        lead = _leads(resolution, task.lead, task.span.start)
        unassigned_here = not lead and unit.kind in unassigned and not issuers_own(resolution, task.text)
        if unassigned_here or _addressed(resolution, lead, unit):
            routed.append(RoutedTask(task, "lead", reword(task.text, unit)))
        elif _addressed(resolution, task.partners, unit):
            routed.append(RoutedTask(task, "partner", reword(task.text, unit)))
        elif _named_within(named, task.span.start, task.span.end):
            routed.append(RoutedTask(task, "named", reword(task.text, unit)))
    return routed


def _kinds_counted(indicator: Indicator) -> list[str]:
    """Unit kinds a target without a lead also concerns, from what it counts ("đoàn viên" → đoàn thể)."""
    subject = fold(indicator.subject or "")
    return [kind for rule in plan_rules().subject_kinds if any(fold(w) in subject for w in rule.words)
            for kind in rule.kinds]


def indicators_for(resolution: Resolution, unit: Unit) -> list[Indicator]:
    """The targets that apply to this kind of unit (and the sub-targets of those)."""
    unassigned = plan_rules().unassigned_indicators_to
    chosen: list[Indicator] = []
    kept: set[str] = set()
    for indicator in resolution.indicators:
        lead = _leads(resolution, indicator.lead, indicator.span.start)
        concerned = unit.kind in unassigned or unit.kind in _kinds_counted(indicator)
        unassigned_here = not lead and concerned and not issuers_own(
            resolution, indicator.text, indicator.subject)
        applies = unassigned_here or _addressed(resolution, lead, unit)
        if applies or (indicator.parent in kept):
            chosen.append(indicator)
            kept.add(indicator.id)
    return chosen


@lru_cache(maxsize=1)
def _rephrase_patterns(rules_id: int) -> list[tuple[re.Pattern[str], str]]:
    compiled = []
    for rule in plan_rules().rephrase:
        source = re.sub(r"\s+", r"\\s+", rule.pattern)
        source = source.replace("ủy", "(?:ủy|uỷ)").replace("Ủy", "(?:Ủy|Uỷ)")
        compiled.append((re.compile(source, re.IGNORECASE), rule.to))
    return compiled


def reword(text: str, unit: Unit) -> str:
    """Rewrite the collective cơ sở wording of ``text`` for one unit ("Chi ủy …", "Đảng ủy …")."""
    spec = kind_spec(unit.kind)
    if not spec.co_so:
        return text
    for pattern, to in _rephrase_patterns(id(plan_rules())):
        word = spec.committee if to == "committee" else spec.organisation

        def replace(match: re.Match[str], word: str = word) -> str:
            return word if match.group(0)[0].isupper() else word[0].lower() + word[1:]

        text = pattern.sub(replace, text)
    return text
