"""The template context of one unit's plan, built from the Resolution and the Unit.

Everything a template shows is computed here, numbers included ("1.", "2.1."), so that the
.docx and .md templates stay declarative and Word's automatic numbering is never involved.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Optional

from ..schema import Indicator, OutlineNode, Resolution
from .routing import OPENING_SLACK, RoutedIndicator, addresses, reword, RoutedTask, indicators_for, tasks_for, unit_sector, unit_word as routing_word
from .units import Unit
from .vocabulary import bare, has_phrase, kind_spec, plan_rules

BLANK = "……"
MIN_SENTENCE_WORDS = 12  # a first sentence this long stands for its task in a plan
GROUPING_KINDS = {"part", "chapter", "section", "article", "roman", "arabic", "decimal"}


@dataclass
class PlanContext:
    """What a template receives (as a dict) and what the caller learns about the draft."""

    values: dict[str, Any]
    unused_overrides: list[str] = field(default_factory=list)


# --- the resolution, cited ---------------------------------------------------------------

def citation_date(iso: Optional[str]) -> Optional[str]:
    """'2022-01-10' → '10/01/2022' (day < 10 and months 1–2 take a leading zero, HD 36)."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return None
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


@lru_cache(maxsize=4)
def _casings(text: str) -> dict[str, str]:
    """Most frequent non-capitalised spelling of each word of the text, keyed by its lower case."""
    counts: Counter[str] = Counter(w for w in re.findall(r"\w+", text) if not w.isupper())
    best: dict[str, str] = {}
    for word, _ in counts.most_common():
        best.setdefault(word.lower(), word)
    return best


@lru_cache(maxsize=256)
def recase(phrase: str, text: str) -> str:
    """Write an ALL-CAPS phrase as the document writes it elsewhere ("Ban Chấp hành Đảng bộ Khối").

    Runs of words are looked up in ``text`` longest first, so a name keeps its own capitals;
    a lone word takes its most frequent spelling.
    """
    if not phrase.isupper():
        return phrase
    words = phrase.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words[i:j]) + r"(?!\w)"
            found = next((m.group(0) for m in re.finditer(pattern, text, re.IGNORECASE) if not m.group(0).isupper()), None)
            if found and (j - i > 1 or j == len(words)):
                out.extend(found.split())
                i = j
                break
        else:
            out.append(_casings(text).get(words[i].lower(), words[i].lower()))
            i += 1
    return " ".join(out)


def _title_tail(resolution: Resolution) -> str:
    """The part of the citation after the date: 'của Ban Chấp hành Đảng bộ Khối năm 2022' …"""
    meta = resolution.metadata
    title = " ".join((meta.title or "").split())
    if meta.doc_type and bare(title).startswith(bare(meta.doc_type)):
        title = title[len(meta.doc_type):].strip()
    title = recase(title, resolution.text) if title else ""
    if bare(title).startswith(("cua ", "ve ")):
        title = title[0].lower() + title[1:]  # "Của Ban Chấp hành …" → "của Ban Chấp hành …"
    if title.startswith("của "):
        return title
    if title and not title.startswith("về ") and not title[:2].isupper():
        title = f"về {title[0].lower()}{title[1:]}"  # "Triển khai công tác …" → "về triển khai công tác …"
    issuer = f"của {meta.issuer}" if meta.issuer else f"của {BLANK}"
    return f"{issuer} {title}".strip()


def citation(resolution: Resolution) -> str:
    """'Nghị quyết số 03-NQ/ĐUK, ngày 10/01/2022 của Ban Chấp hành Đảng bộ Khối năm 2022'."""
    meta = resolution.metadata
    doc_type = (meta.doc_type or "Văn bản").strip()
    doc_type = doc_type[0].upper() + doc_type[1:].lower() if doc_type.isupper() else doc_type
    when = citation_date(meta.date)
    parts = f"{doc_type} số {meta.code or BLANK}" + (f", ngày {when}" if when else "")
    return f"{parts} {_title_tail(resolution)}"


def source_word(resolution: Resolution) -> str:
    """The implemented document named by its own type: 'Nghị quyết', 'Kế hoạch', 'Chỉ thị' …"""
    doc_type = (resolution.metadata.doc_type or "Văn bản").strip()
    return doc_type[0].upper() + doc_type[1:].lower() if doc_type.isupper() else doc_type


# --- the unit -------------------------------------------------------------------------------

def _side_of_issuer(resolution: Resolution) -> Optional[str]:
    family = resolution.metadata.family
    return family.value if family is not None else None


def parent_line(unit: Unit, resolution: Resolution) -> str:
    """The cấp trên line of the header: the unit's parent, or the body above it on its side.

    A Party unit under a Party issuer belongs to the issuer's Party organisation ("Đảng ủy Khối …"
    → "Đảng bộ Khối …"); a State unit under a State issuer to the issuer itself ("UBND tỉnh …").
    """
    if unit.parent:
        return unit.parent
    issuer = resolution.metadata.issuer or ""
    side = kind_spec(unit.kind).side
    if _side_of_issuer(resolution) not in (None, side):
        return ""
    if side == "state":
        return issuer
    for rule in plan_rules().parent_from_issuer:
        if bare(issuer).startswith(bare(rule.prefix)):
            return rule.to + issuer[len(rule.prefix):]
    return issuer


def superior(unit: Unit, resolution: Resolution) -> str:
    """The body the unit reports to: its own word, the issuer when on the unit's side, else its parent."""
    if unit.superior:
        return unit.superior
    side = kind_spec(unit.kind).side
    issuer = resolution.metadata.issuer
    if issuer and _side_of_issuer(resolution) in (None, side):
        return issuer
    if unit.parent:
        for rule in plan_rules().parent_from_issuer:  # "Đảng bộ Khối …" reports to "Đảng ủy Khối …"
            if side == "party" and bare(unit.parent).startswith(bare(rule.to)) and len(rule.to.split()) > 1:
                return rule.prefix + unit.parent[len(rule.to):]
        return unit.parent
    return BLANK


def _initials(name: str) -> str:
    """'Sở Tư pháp' → 'STP' (the ký hiệu of a State body when the units file gives none)."""
    words = [w for w in re.findall(r"\w+", name) if bare(w) not in {"va", "cua"}]
    return "".join(w[0] for w in words).upper()


def _unit_values(unit: Unit, resolution: Resolution) -> dict[str, Any]:
    spec = kind_spec(unit.kind)
    side = plan_rules().sides[spec.side]
    symbol = unit.symbol if unit.symbol is not None else spec.symbol
    if not symbol and spec.side == "state":
        symbol = _initials(unit.name)
    place = unit.place or resolution.metadata.place or BLANK
    parent = parent_line(unit, resolution)
    return {
        "name": unit.name,
        "name_upper": unit.name.upper(),
        "kind": unit.kind,
        "kind_label": spec.label,
        "side": spec.side,
        "parent": parent,
        "parent_upper": parent.upper(),
        "symbol": symbol or BLANK,
        "number_line": side.number_line.format(symbol=symbol or BLANK),
        "place": place,
        "date_line": f"{place}, ngày … tháng … năm 20…",
        "committee": routing_word(unit, "committee"),
        "organisation": routing_word(unit, "organisation"),
        "authority": spec.authority,
        "signer_title": (unit.signer_title or spec.signer_title).upper(),
        "secretary": unit.secretary or "",
        "members": spec.members,
        "archive": spec.archive,
    }


# --- targets --------------------------------------------------------------------------------

def _number(value: Optional[float]) -> str:
    if value is None:
        return BLANK
    text = f"{value:g}" if value != int(value) else str(int(value))
    return text.replace(".", ",")


def target_text(indicator: Indicator) -> str:
    """'trên 90%', 'từ 80% trở lên', '140 – 150 đảng viên'; the condition for a qualitative target."""
    if indicator.comparator is None or indicator.value is None:
        return indicator.condition or "định tính"
    unit = indicator.unit or ""
    glue = "" if unit in {"%", ""} else " "
    value, high = _number(indicator.value) + glue + unit, _number(indicator.high) + glue + unit
    if indicator.comparator.value == "range":
        value = _number(indicator.value)  # "140 – 150 đảng viên": the unit once, after the range
    template = plan_rules().comparator_words.get(indicator.comparator.value, "{value}")
    return template.format(value=value, high=high).strip()


def _override_owners(indicators: list[RoutedIndicator], overrides: dict[str, str]) -> dict[str, str]:
    """Indicator id → the override key that sets its unit target; each key sets exactly one target.

    A key is an indicator id, or words of a target: the target whose own words hold it, else the
    first top-level target whose sentence holds it ("Kết nạp từ 140" is the 140–150, not its
    "trong đó" sub-target of the same sentence).
    """
    owners: dict[str, str] = {}
    for key in overrides:
        ids = [r.indicator.id for r in indicators]
        if key in ids:
            owners.setdefault(key, key)
            continue
        words = bare(key)
        if len(words) < 4:
            continue
        own = [r.indicator for r in indicators if words in bare(r.indicator.span.quote)]
        in_sentence = [r.indicator for r in indicators if words in bare(r.indicator.text)]
        candidates = own or [i for i in in_sentence if i.parent is None] or in_sentence
        free = [i for i in candidates if i.id not in owners]
        if free:
            owners[free[0].id] = key
    return owners


def _per_unit(indicator: Indicator) -> bool:
    """The text sets the number for each unit ("mỗi tổ chức cơ sở đảng … ít nhất 01 mô hình") or
    says how often ("ít nhất 01 lần mỗi quý"): each unit's as it stands, not a share."""
    levels = plan_rules().target_levels
    text = indicator.text
    at = text.find(indicator.span.quote)
    before = text[: at if at >= 0 else len(text)]
    clause = re.split(r"[;.]", before)[-1]
    if any(has_phrase(clause, word) for word in levels.per_unit):
        return True
    after = text[at: at + len(indicator.span.quote) + 30] if at >= 0 else ""
    return any(has_phrase(indicator.unit or "", unit) for unit in levels.frequency_units) or \
        any(has_phrase(after, word) for word in levels.frequency)


def _own_condition(condition: str) -> str:
    """The condition without its "trong đó" sub-target ("hoàn thành tốt nhiệm vụ (trong đó có")."""
    condition = " ".join(condition.split())
    cut = re.search(r"\s*(?:[(,;]\s*)?\btrong đó\b|\s*[;(]", condition, re.IGNORECASE)
    return (condition[: cut.start()] if cut else condition).strip(" ,")


def _workplace(unit: Unit) -> str:
    if kind_spec(unit.kind).side == "state":
        return unit.name
    return plan_rules().wording.workplace["enterprise" if unit_sector(unit) == "enterprise" else "agency"]


@dataclass(frozen=True)
class UnitTarget:
    text: str    # the target in the unit's words
    level: str   # the unit's level ("99%", "…… (theo chỉ tiêu được giao)", the goal's condition)
    review: str  # as_set | own_goal | share | override


def unit_target(routed: RoutedIndicator, unit: Unit, is_child: bool, previous: str = "") -> UnitTarget:
    """A target of the document at the unit's level, in the unit's words.

    Only a target that reached the unit as one of many (a collective addressee, or the chỉ tiêu
    of the whole issuer) is brought down to the unit; one addressed to the unit by name is its own:
    a rate over organisations becomes the unit's goal, an absolute count the unit's share, a rate
    over people a rate over the unit's own people.
    """
    levels = plan_rules().target_levels
    indicator = routed.indicator
    clause = _row_text(indicator, is_child, previous)
    as_set = UnitTarget(reword(clause, unit), target_text(indicator), "as_set")
    if routed.via == "named" or _per_unit(indicator):
        return as_set
    subject = indicator.subject or ""
    counted = indicator.comparator is not None and indicator.value is not None
    condition = _own_condition(indicator.condition or "")
    if counted and indicator.unit == "%" and condition:
        who = None
        if any(has_phrase(subject, w) for w in levels.party_units):
            who = routing_word(unit, "organisation")
        elif any(has_phrase(subject, w) for w in levels.workplaces):
            who = _workplace(unit)
        if who is not None:
            condition = reword(condition, unit)
            goal = levels.own_goal.format(organisation=who, condition=condition)
            return UnitTarget(f"Trong đó: {goal}" if is_child else goal, levels.goal_level, "own_goal")
    if counted and indicator.unit not in ("%", None):
        return UnitTarget(reword(_COUNT.sub(BLANK, clause, count=1), unit), levels.share_blank, "share")
    if counted and any(has_phrase(subject, w) for w in levels.people):
        return replace(as_set, text=reword(_scoped(clause, indicator, unit), unit))
    return as_set


def _scoped(clause: str, indicator: Indicator, unit: Unit) -> str:
    """'99% đảng viên được học tập' → '99% đảng viên trong Chi bộ được học tập'."""
    quote = " ".join(indicator.span.quote.split())
    subject = " ".join((indicator.subject or "").split())
    if not subject or quote not in clause or not bare(quote).endswith(bare(subject)):
        return clause
    scope = kind_spec(unit.kind).scope.format(name=unit.name)
    return clause.replace(quote, f"{quote} {scope}", 1)


_COUNT = re.compile(r"(?:\b(?:từ|trên|dưới|khoảng|ít nhất|tối thiểu|tối đa|không quá|đạt)\s+)?"
                    r"\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?", re.IGNORECASE)


def _clause_of(indicator: Indicator) -> str:
    """The clause of the sentence that holds the target (not the other targets of the sentence)."""
    text = " ".join(indicator.text.split())
    quote = " ".join(indicator.span.quote.split())
    at = text.find(quote)
    if at < 0:
        return text
    starts = [m.end() for m in re.finditer(r"[;:]\s|,\s+(?=(?:trong đó|mỗi|từng)\b)", text[:at])]
    start = starts[-1] if starts else 0
    end_match = re.compile(r";|[,(]\s*trong đó\b|\.(?=\s|$)").search(text, at + len(quote))
    end = end_match.start() if end_match else len(text)
    return text[start:end].strip(" ,.")


def _row_text(indicator: Indicator, is_child: bool, previous: str = "") -> str:
    """The target as the document words it: its own clause (its own words when the row before
    showed that clause: "99% đảng viên, 90% đoàn viên …")."""
    clause = _clause_of(indicator)
    own = clause if not is_child and clause != previous else " ".join(indicator.span.quote.split())
    condition = _own_condition(indicator.condition or "")
    if own != clause and condition and bare(condition) not in bare(own):
        own = f"{own} {condition}"
    own = own[:1].upper() + own[1:]
    return f"Trong đó: {own[:1].lower() + own[1:]}" if is_child else own


def _indicator_rows(routed: list[RoutedIndicator], unit: Unit, source: str,
                    used: set[str]) -> list[dict[str, Any]]:
    reviews = plan_rules().target_levels.review
    share_issuer = plan_rules().target_levels.share_issuer
    owners = _override_owners(routed, unit.overrides)
    used |= set(owners.values())
    rows: list[dict[str, Any]] = []
    numbers: dict[str, str] = {}
    top = 0
    children: Counter[str] = Counter()
    previous = ""
    for item in routed:
        indicator = item.indicator
        is_child = indicator.parent in numbers
        if is_child:
            children[indicator.parent] += 1
            stt = f"{numbers[indicator.parent]}.{children[indicator.parent]}"
        else:
            top += 1
            stt = str(top)
        numbers[indicator.id] = stt
        override = unit.overrides.get(owners.get(indicator.id, ""))
        target = unit_target(item, unit, is_child, previous)
        share = target.review == "share"
        rows.append({
            "stt": stt,
            "id": indicator.id,
            "text": target.text,
            "target": share_issuer if share else target_text(indicator),
            "unit_target": override or target.level,
            "level": "override" if override else target.review,
            "review": getattr(reviews, "override" if override else target.review).format(source=source),
            "category": indicator.category or "",
            "deadline": indicator.deadline or "",
        })
        previous = _clause_of(indicator)
    return rows


# --- tasks ------------------------------------------------------------------------------------

def _outline_index(nodes: list[OutlineNode], index: Optional[dict[str, OutlineNode]] = None) -> dict[str, OutlineNode]:
    index = {} if index is None else index
    for node in nodes:
        index[node.id] = node
        _outline_index(node.children, index)
    return index


def _grouping(node: OutlineNode) -> bool:
    return node.kind.rstrip("0123456789") in GROUPING_KINDS


def _group_node(routed: RoutedTask, outline: dict[str, OutlineNode]) -> Optional[OutlineNode]:
    """The heading a task sits under (not the task's own numbered paragraph)."""
    path = routed.task.section or ""
    while path:
        node = outline.get(path)
        own_paragraph = node is not None and node.span.start >= routed.task.span.start - 3
        if node is not None and _grouping(node) and not own_paragraph:
            return node
        path = re.sub(r"[.]?[^.]*$", "", path)
    return None


def _current_deadline(deadline: Optional[str], year: Optional[int]) -> Optional[str]:
    """The task's deadline, unless every year it names is before the resolution's ("năm 2021" in 2022)."""
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", deadline or "")]
    if year and years and max(years) < year:
        return None
    return deadline


def brief(text: str, limit: int) -> str:
    """The task as a plan lists it: its first sentence when that says enough, and never more than
    ``limit`` words — cut after the last clause (';') that fits, else the last comma, with '…'.
    The plan points to the section of the source for the rest."""
    first = re.match(r".+?[.!?](?=\s+[A-ZĐÀ-Ỹ]|$)", text)
    if first and len(first.group(0).split()) >= MIN_SENTENCE_WORDS:
        text = first.group(0) if first.end() == len(text) else first.group(0).rstrip(".") + " …"
    words = text.split()
    if len(words) <= limit:
        return text
    head = " ".join(words[:limit])
    for marks in (";.", ","):
        cut = max(head.rfind(mark) for mark in marks)
        if cut >= len(head) // 3:
            return head[:cut].rstrip() + " …"
    return head + " …"


def _opens_with_unit(node: OutlineNode, unit_mentions: list[int]) -> bool:
    """The heading names the unit or a collective it belongs to ("3. Giám đốc các Sở …")."""
    start = node.span.start
    i = bisect.bisect_left(unit_mentions, start)
    return i < len(unit_mentions) and unit_mentions[i] <= start + len(node.label) + OPENING_SLACK + 2


def _heading(item: RoutedTask, node: Optional[OutlineNode], resolution: Resolution, unit_mentions: list[int],
             source: str) -> str:
    """The group's heading as the unit's plan shows it. Tasks the unit only takes part in go under
    `partner_heading`, those of an annex table under `annex_heading`; the source's "Tổ chức thực
    hiện" or a heading naming the unit ("1. Sở Xây dựng:") becomes `retitle` (the plan has its own IV)."""
    rules = plan_rules()
    if item.role == "partner":
        return rules.partner_heading
    if (item.task.section or "").startswith("PL"):
        return rules.annex_heading.format(source=source)
    if node is None:
        return ""
    heading = recase(node.heading.strip().rstrip(":"), resolution.text)
    folded = bare(heading)
    if any(folded.startswith(bare(words)) for words in rules.retitled_groups) or _opens_with_unit(node, unit_mentions):
        return rules.retitle
    return heading[:1].upper() + heading[1:]


def _task_groups(routed: list[RoutedTask], resolution: Resolution, unit: Unit, source: str) -> list[dict[str, Any]]:
    """Tasks grouped under their headings, in document order; the ones the unit takes part in last."""
    outline = _outline_index(resolution.outline)
    unit_mentions = sorted(m.start for body in resolution.bodies if addresses(body, unit) for m in body.mentions)
    groups: dict[str, list[RoutedTask]] = {}
    for item in sorted(routed, key=lambda item: item.role == "partner"):
        heading = _heading(item, _group_node(item, outline), resolution, unit_mentions, source)
        groups.setdefault(heading, []).append(item)
    year = int(resolution.metadata.date[:4]) if resolution.metadata.date else None
    return _numbered([{"heading": h, "tasks": tasks} for h, tasks in groups.items()], year, source, resolution)


def _meta_line(item: RoutedTask, deadline: str, source: str) -> str:
    """'(Mục II.1; phối hợp với …; thời gian: …; phụ trách: ……)' after the task."""
    words = plan_rules().wording
    parts = [words.task_section.format(section=item.task.section) if item.task.section else source]
    if item.role == "partner":
        parts.append(words.task_partner.format(others=", ".join(item.others)) if item.others
                     else words.task_partner_unnamed)
    parts += [words.task_deadline.format(deadline=deadline), words.task_owner.format(blank=BLANK)]
    return f"({'; '.join(parts)})"


def _numbered(groups: list[dict[str, Any]], year: Optional[int], source: str,
              resolution: Resolution) -> list[dict[str, Any]]:
    """Number groups 1., 2. … and their tasks 1.1., 1.2. …; a task outside any heading takes the next
    top number itself."""
    limit = plan_rules().task_words
    numbered = []
    top = 0
    for group in groups:
        if group["heading"]:
            top += 1
        prefix = f"{top}." if group["heading"] else ""
        tasks = []
        for t, item in enumerate(group["tasks"], start=1):
            if not group["heading"]:
                top += 1
            number = f"{top}.{t}." if group["heading"] else f"{top}."
            deadline = _current_deadline(item.task.deadline, year) or BLANK
            text = brief(item.text, limit)
            tasks.append({
                "number": number,
                "text": text[:1].upper() + text[1:],
                "meta": _meta_line(item, deadline, source),
                "role": "chủ trì" if item.role == "lead" else "phối hợp",
                "deadline": deadline,
                "owner": BLANK,
                "section": item.task.section or "",
                "id": item.task.id,
            })
        numbered.append({"number": prefix, "heading": group["heading"], "tasks": tasks})
    return numbered


def _reporting_deadlines(routed: list[RoutedTask]) -> list[str]:
    words = [bare(w) for w in plan_rules().reporting_words]
    seen: dict[str, None] = {}
    for item in routed:
        if item.task.deadline and any(w in bare(item.text) for w in words):
            seen.setdefault(item.task.deadline, None)
    return list(seen)


# --- the whole context ---------------------------------------------------------------------------

ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def _headings(side: str) -> dict[str, str]:
    numerals = plan_rules().sides[side].numerals
    titles = plan_rules().wording.headings.model_dump()
    return {key: f"{numerals.format(roman=ROMAN[i])} {title}" for i, (key, title) in enumerate(titles.items())}


def _organisation(unit: Unit, words: dict[str, str], deadlines: list[str]) -> list[str]:
    spec = kind_spec(unit.kind)
    side = plan_rules().sides[spec.side]
    wording = plan_rules().wording
    when = wording.reporting_deadlines.format(source=words["source"], deadlines="; ".join(deadlines)) if deadlines \
        else wording.reporting_blank.format(blank=BLANK)
    lines = [line.format(**words) for line in spec.duties]
    lines.append(side.reporting.format(deadlines=when, **words))
    return [f"{n}. {line}" for n, line in enumerate(lines, start=1)]


def build_context(resolution: Resolution, unit: Unit) -> PlanContext:
    """Everything the plan templates show for ``unit``."""
    meta = resolution.metadata
    spec = kind_spec(unit.kind)
    side = plan_rules().sides[spec.side]
    source = source_word(resolution)
    cited = citation(resolution)
    routed = tasks_for(resolution, unit)
    used: set[str] = set()
    rows = _indicator_rows(indicators_for(resolution, unit, routed), unit, source, used)
    unit_values = _unit_values(unit, resolution)
    reports_to = superior(unit, resolution)
    words = {"source": source, "citation": cited, "name": unit.name, "committee": unit_values["committee"],
             "superior": reports_to, "blank": BLANK}
    wording = plan_rules().wording
    recipients = [f"{reports_to} (b/c)"] if reports_to != BLANK else []
    if unit.parent and bare(unit.parent) not in {bare(reports_to)}:
        recipients.append(f"{unit.parent} (b/c)")
    recipients += [line for line in (unit_values["members"], unit_values["archive"]) if line]
    deadlines = _reporting_deadlines(routed)
    groups = _task_groups(routed, resolution, unit, source)
    values = {
        "unit": unit_values,
        "resolution": {
            "doc_type": source,
            "code": meta.code or BLANK,
            "date": citation_date(meta.date) or BLANK,
            "issuer": meta.issuer or BLANK,
            "citation": cited,
        },
        "title": wording.title,
        "trich_yeu": wording.trich_yeu.format(**words),
        "opening": wording.opening.format(**words),
        "headings": _headings(spec.side),
        "purpose_blocks": [
            {"heading": wording.purpose_heading, "paragraphs": [line.format(**words) for line in side.purpose]},
            {"heading": wording.requirement_heading, "paragraphs": [line.format(**words) for line in side.requirement]},
        ],
        "indicator_columns": [column.format(**words) for column in wording.indicator_columns],
        "indicators": rows,
        "indicator_note": wording.indicator_note.format(**words) if rows else "",
        "no_indicators": wording.no_indicators.format(**words),
        "task_groups": groups,
        "no_tasks": wording.no_tasks.format(**words),
        "organisation": _organisation(unit, words, deadlines),
        "recipients": recipients,
        # kept for office templates written for earlier versions
        "goals": [" ".join(g.text.split()) for g in resolution.goals],
        "reporting": {"to": reports_to, "deadlines": deadlines},
        "blank": BLANK,
    }
    unused = [key for key in unit.overrides if key not in used]
    return PlanContext(values=values, unused_overrides=unused)
