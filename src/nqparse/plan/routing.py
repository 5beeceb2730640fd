"""Which tasks and targets of a document go into which unit's plan, and in which words.

Routing reads the bodies the extractor found and the rules of ``rules/plan.yaml``. A unit gets:

* the tasks it leads: named ("4. Sở Xây dựng: …", "Ban Tuyên giáo Đảng ủy Khối xây dựng …"), or
  as one of a collective addressee ("cấp ủy các chi bộ, đảng bộ cơ sở", "các sở, ban, ngành",
  "Ủy ban nhân dân các xã, phường"; ``addressees`` in the rules);
* the tasks it takes part in (a partner, "phối hợp");
* of a task led by another body, only the sentences addressed to the unit ("Ban Chỉ đạo 35 xây
  dựng kế hoạch …. Cấp ủy các chi bộ, đảng bộ cơ sở nắm tình hình …": the second sentence);
* a task with no stated lead when its kind takes those (``unassigned_tasks_to``: the cơ sở units
  of a Party resolution) — but not the issuer's own ("Đảng bộ Khối phấn đấu …"), and from the
  clause a later addressee opens when there is one ("Tập trung chỉ đạo Đại hội Đoàn Khối …; các
  cấp ủy cơ sở duy trì …");
* nothing meant for the other sector: a task opening with "Lãnh đạo doanh nghiệp …" goes to
  enterprises only (``sectors``).

A target goes where the task holding it goes; a target outside any task (the chỉ tiêu section)
goes to the kinds that take unassigned items, unless it counts the issuer's own level.
The chosen text is then reworded in the unit's voice ("Chi ủy nắm tình hình …", ``rephrase``).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Literal, Optional

from .. import rules
from ..schema import Body, BodyKind, Indicator, Resolution, Task
from .units import Unit
from .vocabulary import Sector, bare, has_phrase, kind_spec, plan_rules

Role = Literal["lead", "partner"]
Via = Literal["named", "collective", "unassigned"]

OPENING_SLACK = 12   # characters before a body name that still count as "the text opens with it"
CLAUSE_SLACK = 3     # … in a clause handed on to the unit ("…; các cấp ủy cơ sở duy trì …")
SENTENCE_SLACK = 40  # … for a sentence that hands the work to another body ("Trong năm 2022, Ủy viên …")
_CLAUSE_END = re.compile(r"[;.!?](?=\s|$)")


@dataclass(frozen=True)
class RoutedTask:
    task: Task
    role: Role
    text: str   # the unit's part of the task, in the unit's voice
    start: int  # where that part is in the document
    end: int
    via: Via = "named"
    others: tuple[str, ...] = ()  # who leads a task the unit takes part in


@dataclass(frozen=True)
class RoutedIndicator:
    indicator: Indicator
    via: Via


# --- who is addressed ----------------------------------------------------------------------

def _unit_names(unit: Unit) -> set[str]:
    return {bare(unit.name), *(bare(alias) for alias in unit.aliases)}


def is_collective(name: str) -> bool:
    """"các sở, ban, ngành", "mỗi chi bộ", "UBND cấp xã": a name standing for many units."""
    return _is_collective(name)


@rules.cached(maxsize=8192)
def _is_collective(name: str) -> bool:
    return any(has_phrase(name, word) for word in plan_rules().collective_words)


def addressee_kinds(body: Body) -> list[str]:
    """The unit kinds a collective body stands for ("các sở, ban, ngành" → sở, ban, ngành)."""
    name = body.name
    for rule in plan_rules().addressees:
        if any(has_phrase(name, phrase) for phrase in rule.phrases):
            return rule.kinds
    if body.kind is BodyKind.CO_SO:
        return plan_rules().unassigned_tasks_to
    return []


def addresses(body: Body, unit: Unit) -> bool:
    """True when ``body`` (as the document names it) stands for ``unit``."""
    names = _unit_names(unit)
    if bare(body.name) in names or any(bare(alias) in names for alias in body.aliases):
        return True
    if body.kind is BodyKind.CO_SO or is_collective(body.name):
        return unit.kind in addressee_kinds(body)
    return False


def _named_unit(body: Body, unit: Unit) -> bool:
    names = _unit_names(unit)
    return bare(body.name) in names or any(bare(alias) in names for alias in body.aliases)


def unit_sector(unit: Unit) -> Optional[Sector]:
    """Enterprise or agency: the units file's word, the kind's, or the words of the unit's name."""
    if unit.sector:
        return unit.sector
    spec = kind_spec(unit.kind)
    if spec.sector:
        return spec.sector
    name = unit.name
    for sector in ("enterprise", "agency"):
        words = plan_rules().sectors.get(sector)
        if words and any(has_phrase(name, word) for word in words.unit_words):
            return sector
    return None


def task_sector(text: str) -> Optional[Sector]:
    """The sector a task is for when its opening words say so ("Lãnh đạo doanh nghiệp …")."""
    opening = " ".join(text.split()[: plan_rules().opening_words])
    for sector, words in plan_rules().sectors.items():
        if any(has_phrase(opening, phrase) for phrase in words.task_openings):
            return sector
    return None


# --- the issuer's own items ---------------------------------------------------------------------

def issuer_names(resolution: Resolution) -> list[str]:
    """The issuer under the names it calls itself: 'Đảng ủy Khối …', 'Đảng bộ Khối …', 'Đảng bộ Khối'."""
    issuer = resolution.metadata.issuer or ""
    names = {bare(issuer)} if issuer else set()
    for rule in plan_rules().parent_from_issuer:
        if issuer and bare(issuer).startswith(bare(rule.prefix)):
            names.add(bare(rule.to + issuer[len(rule.prefix):]))
            # the short form alone ("Đảng bộ Khối") only when it is a name, not a bare word ("Đảng ủy")
            names |= {bare(short) for short in (rule.to, rule.prefix) if len(short.split()) >= 3}
            # … and with its level word but not its place: "Đảng bộ xã" of "Đảng ủy xã Tân Lam"
            rest = issuer[len(rule.prefix):].split()
            if rest and bare(rest[0]) in {bare(word) for word in plan_rules().issuer_level_words}:
                names |= {bare(f"{short} {rest[0]}") for short in (rule.to, rule.prefix)}
            break
    return sorted(n for n in names if n)


def issuers_own(resolution: Resolution, text: str, subject: Optional[str] = None) -> bool:
    """True for an item the issuer sets itself ("Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ")."""
    names = issuer_names(resolution)
    opening, who = bare(text[:120]), bare(subject or "")
    return any(who == name or opening.startswith(name + " ") for name in names)


def _issuer_level(indicator: Indicator) -> bool:
    """A target counting the level above the units ("đoàn thể cấp trên cơ sở")."""
    subject = indicator.subject or ""
    return any(has_phrase(subject, words) for words in plan_rules().target_levels.issuer_level)


# --- the unit's part of a task -----------------------------------------------------------------

def takes_unassigned(resolution: Resolution, unit: Unit, kinds: list[str]) -> bool:
    """A unit of these kinds takes the items with no stated lead — of a document of its own side
    (a chi bộ does not take the unassigned tasks of a UBND's Kế hoạch)."""
    family = resolution.metadata.family
    same_side = family is None or family.value == kind_spec(unit.kind).side
    return unit.kind in kinds and same_side


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


def _clauses(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, ends_a_sentence) of each clause of ``text``, cut at ';' and sentence ends."""
    clauses, start = [], 0
    for match in _CLAUSE_END.finditer(text):
        clauses.append((start, match.end(), match.group(0) != ";"))
        start = match.end()
    if text[start:].strip():
        clauses.append((start, len(text), True))
    return clauses


def _first_word(text: str, start: int) -> int:
    while start < len(text) and not text[start].isalnum():
        start += 1
    return start


def _opens_with(offsets: list[int], at: int, slack: int) -> bool:
    i = bisect.bisect_left(offsets, at)
    return i < len(offsets) and offsets[i] <= at + slack


@dataclass(frozen=True)
class _Mentions:
    of_unit: list[int]   # where the text names the unit (or a collective it belongs to)
    of_others: list[int]  # where it names any other body


def _mentions(resolution: Resolution, unit: Unit) -> _Mentions:
    ours, others = [], []
    for body in resolution.bodies:
        (ours if addresses(body, unit) else others).extend(m.start for m in body.mentions)
    return _Mentions(sorted(ours), sorted(others))


def _addressed_part(resolution: Resolution, task: Task, mentions: _Mentions,
                    first_clause: int = 0) -> Optional[tuple[int, int]]:
    """The part of a task handed to the unit by name: from the first clause that opens with the
    unit's name (from ``first_clause`` on) to the end of its part (see ``_own_part``); None when
    no clause opens with it."""
    base = task.span.start
    text = resolution.text[base:task.span.end]
    clauses = _clauses(text)
    for i, (start, _end, _) in enumerate(clauses):
        opening = base + _first_word(text, start)
        if i >= first_clause and _opens_with(mentions.of_unit, opening, CLAUSE_SLACK):
            return opening, _own_part_end(text, base, clauses, i, mentions)
    return None


def _own_part_end(text: str, base: int, clauses: list[tuple[int, int, bool]], first: int, mentions: _Mentions) -> int:
    """Where the unit's part ends: the end of the sentence it opens, then of each following
    sentence that does not hand the work to another body ("… . Cấp ủy các chi bộ … tổ chức …")."""
    end, in_sentence = clauses[first][0], True
    for c_start, c_end, sentence_end in clauses[first:]:
        if not in_sentence:
            opening = base + _first_word(text, c_start)
            if _opens_with(mentions.of_others, opening, SENTENCE_SLACK) and not _opens_with(
                    mentions.of_unit, opening, SENTENCE_SLACK):
                break
        end, in_sentence = c_end, not sentence_end
    return base + end


def _led_part(resolution: Resolution, task: Task, mentions: _Mentions) -> Optional[tuple[int, int]]:
    """A task the unit leads, without the sentences it hands on to other bodies; None when whole."""
    base = task.span.start
    text = resolution.text[base:task.span.end]
    clauses = _clauses(text)
    if not clauses:
        return None
    end = _own_part_end(text, base, clauses, 0, mentions)
    return (base, end) if end < base + len(text.rstrip()) else None


def _routed(resolution: Resolution, task: Task, unit: Unit, role: Role, via: Via,
            part: Optional[tuple[int, int]] = None, mentions: Optional[_Mentions] = None) -> RoutedTask:
    if part is None:
        start, end, text = task.span.start, task.span.end, task.text
    else:
        start, end = part
        text = resolution.text[start:end]
    text = reword(" ".join(text.split()), unit)
    text = text[:1].upper() + text[1:]
    if role == "lead" and mentions is not None and not _opens_with_a_body(resolution, start, mentions):
        text = with_subject(text, unit)
    return RoutedTask(task, role, text, start, end, via)


def _opens_with_a_body(resolution: Resolution, start: int, mentions: _Mentions) -> bool:
    opening = _first_word(resolution.text, start)
    return _opens_with(mentions.of_unit, opening, OPENING_SLACK) or _opens_with(mentions.of_others, opening, OPENING_SLACK)


def with_subject(text: str, unit: Unit) -> str:
    """'Tăng cường …' → 'Chi ủy tăng cường …': the unit as the subject of a task it leads."""
    subject = unit_word(unit, "committee")
    if bare(text).startswith(bare(unit_word(unit, "organisation"))):
        return text
    return _subject_first(text, subject)


def _subject_first(text: str, subject: str) -> str:
    if not text or bare(text).startswith(bare(subject)):
        return text
    opening = " ".join(text.split()[:4])
    if any(bare(opening).startswith(bare(word) + " ") or bare(opening) == bare(word)
           for word in plan_rules().subject_kept_after) or not text[0].isalpha():
        return text
    return f"{subject} {text[0].lower()}{text[1:]}"


def _opens_as_partner(text: str) -> bool:
    """"Phối hợp với Sở Tư pháp …" under "2. Sở Nội vụ": Sở Tư pháp leads, Sở Nội vụ takes part."""
    return any(bare(text).startswith(bare(words)) for words in plan_rules().partner_openings)


def _route(resolution: Resolution, task: Task, unit: Unit, mentions: _Mentions) -> Optional[RoutedTask]:
    bodies = {body.id: body for body in resolution.bodies}
    lead = [bodies[i] for i in _leads(resolution, task.lead, task.span.start) if i in bodies]
    partners = [bodies[i] for i in task.partners if i in bodies]
    if _opens_as_partner(task.text) and lead and partners:
        # the body of the section takes part; the body it works with leads its own part elsewhere
        if any(_named_unit(body, unit) for body in lead):
            return replace(_routed(resolution, task, unit, "partner", "named"), others=tuple(b.name for b in partners))
        return None
    if any(_named_unit(body, unit) for body in lead):
        return _routed(resolution, task, unit, "lead", "named", _led_part(resolution, task, mentions), mentions)
    if any(addresses(body, unit) for body in lead):
        return _routed(resolution, task, unit, "lead", "collective", _led_part(resolution, task, mentions), mentions)
    if any(_named_unit(body, unit) or (body.kind is BodyKind.CO_SO and addresses(body, unit)) for body in partners):
        routed = _routed(resolution, task, unit, "partner", "named")
        others = tuple(body.name for body in lead)
        text = routed.text
        if others and not _opens_as_partner(text) and not _opens_with_a_body(resolution, routed.start, mentions):
            text = _subject_first(text, others[0])
        return replace(routed, others=others, text=text)
    if not lead and takes_unassigned(resolution, unit, plan_rules().unassigned_tasks_to) \
            and not issuers_own(resolution, task.text):
        later = _addressed_part(resolution, task, mentions, first_clause=1)
        return _routed(resolution, task, unit, "lead", "unassigned", later, mentions)
    part = _addressed_part(resolution, task, mentions)
    return _routed(resolution, task, unit, "lead", "named", part, mentions) if part else None


def tasks_for(resolution: Resolution, unit: Unit) -> list[RoutedTask]:
    """The tasks of ``resolution`` this unit leads or takes part in, in document order."""
    mentions = _mentions(resolution, unit)
    sector = unit_sector(unit)
    routed = []
    for task in resolution.tasks:
        item = _route(resolution, task, unit, mentions)
        if item is None:
            continue
        wanted = task_sector(item.text)
        if wanted is not None and sector is not None and wanted != sector:
            continue
        routed.append(item)
    return routed


# --- targets ------------------------------------------------------------------------------------

def _kinds_counted(indicator: Indicator) -> list[str]:
    """Unit kinds a target without a lead also concerns, from what it counts ("đoàn viên" → đoàn thể)."""
    subject = indicator.subject or ""
    return [kind for rule in plan_rules().subject_kinds if any(has_phrase(subject, w) for w in rule.words)
            for kind in rule.kinds]


def _holder(resolution: Resolution, start: int) -> Optional[Task]:
    for task in resolution.tasks:
        if task.span.start <= start < task.span.end:
            return task
    return None


def indicators_for(resolution: Resolution, unit: Unit,
                   routed: Optional[list[RoutedTask]] = None) -> list[RoutedIndicator]:
    """The targets that concern this unit (and the sub-targets of those), with how they reached it."""
    routed = tasks_for(resolution, unit) if routed is None else routed
    bodies = {body.id: body for body in resolution.bodies}
    unassigned = plan_rules().unassigned_indicators_to
    chosen: list[RoutedIndicator] = []
    kept: dict[str, Via] = {}
    for indicator in resolution.indicators:
        via: Optional[Via] = kept.get(indicator.parent or "")
        lead = [bodies[i] for i in _leads(resolution, indicator.lead, indicator.span.start) if i in bodies]
        holder = _holder(resolution, indicator.span.start)
        if via is not None:
            pass
        elif lead:
            if any(_named_unit(body, unit) for body in lead):
                via = "named"
            elif any(addresses(body, unit) for body in lead):
                via = "collective"
        elif holder is not None:
            via = next((item.via for item in routed if item.task.id == holder.id and item.role == "lead"
                        and item.start <= indicator.span.start < item.end), None)
        elif takes_unassigned(resolution, unit, unassigned + _kinds_counted(indicator)) and not _issuer_level(indicator) \
                and not issuers_own(resolution, indicator.text, indicator.subject):
            via = "unassigned"
        if via is not None:
            chosen.append(RoutedIndicator(indicator, via))
            kept[indicator.id] = via
    return chosen


# --- the unit's voice -----------------------------------------------------------------------------

@rules.cached(maxsize=1)
def _rephrase_patterns() -> list[tuple[frozenset[str], list[tuple[re.Pattern[str], str]]]]:
    groups = []
    for group in plan_rules().rephrase:
        compiled = []
        for phrase in group.phrases:
            source = re.sub(r" +", r"\\s+", phrase.pattern)
            source = source.replace("ủy", "(?:ủy|uỷ)").replace("Ủy", "(?:Ủy|Uỷ)")
            opening = r"(?:^|(?<=[;.:]\s))" if group.at_clause_start else r"(?<!\w)"
            compiled.append((re.compile(opening + source + r"(?!\w)", re.IGNORECASE), phrase.to))
        groups.append((frozenset(group.kinds), compiled))
    return groups


def _role_template(unit: Unit, role: str) -> str:
    """The kind's word for the unit's committee, organisation or head ("Chi ủy", "Giám đốc {name}")."""
    spec = kind_spec(unit.kind)
    return {"committee": spec.committee, "organisation": spec.organisation, "head": spec.head}[role]


def unit_word(unit: Unit, role: str) -> str:
    """The unit's committee, organisation or head as its plan writes it ("Chi ủy", "Sở Tư pháp")."""
    return (_role_template(unit, role) or kind_spec(unit.kind).organisation).format(name=unit.name)


@rules.cached(maxsize=1)
def _sector_patterns() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    return {sector: [(re.compile(r"(?<!\w)" + re.escape(p.pattern).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE), p.to)
                     for p in phrases]
            for sector, phrases in plan_rules().sector_rephrase.items()}


def reword(text: str, unit: Unit) -> str:
    """Rewrite a collective addressing for one unit ("Cấp ủy các chi bộ, đảng bộ cơ sở" → "Chi ủy"),
    and wording for both sectors for the unit's own ("cơ quan, doanh nghiệp" → "cơ quan")."""
    sector = unit_sector(unit)
    for pattern, to in _sector_patterns().get(sector or "", []):
        text = pattern.sub(lambda m, to=to: to[0].upper() + to[1:] if m.group(0)[0].isupper() else to, text)
    for kinds, patterns in _rephrase_patterns():
        if unit.kind not in kinds:
            continue
        for pattern, to in patterns:
            word = unit_word(unit, to)
            # a generic word ("Chi ủy") follows the case of what it replaces; a name keeps its capitals
            lower = word if "{name}" in _role_template(unit, to) else word[0].lower() + word[1:]
            text = pattern.sub(lambda m, word=word, lower=lower: word if m.group(0)[0].isupper() else lower, text)
    return text
