"""The template context of one unit's plan, built from the Resolution and the Unit.

Everything a template shows is computed here, numbers included ("1.", "2.1."), so that the
.docx and .md templates stay declarative and Word's automatic numbering is never involved.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Optional

from ..schema import Indicator, OutlineNode, Resolution
from .routing import RoutedTask, indicators_for, tasks_for
from .units import Unit
from .vocabulary import fold, kind_spec, plan_rules

BLANK = "……"
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
    if meta.doc_type and fold(title).startswith(fold(meta.doc_type)):
        title = title[len(meta.doc_type):].strip()
    title = recase(title, resolution.text) if title else ""
    if fold(title).startswith(("cua ", "ve ")):
        title = title[0].lower() + title[1:]  # "Của Ban Chấp hành …" → "của Ban Chấp hành …"
    if title.startswith("của "):
        return title
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


# --- the unit -------------------------------------------------------------------------------

def parent_line(unit: Unit, resolution: Resolution) -> str:
    """The cấp trên line of the header: the unit's parent, or the Party body of the issuer."""
    if unit.parent:
        return unit.parent
    issuer = resolution.metadata.issuer or ""
    for rule in plan_rules().parent_from_issuer:
        if fold(issuer).startswith(fold(rule.prefix)):
            return rule.to + issuer[len(rule.prefix):]
    return issuer


def _unit_values(unit: Unit, resolution: Resolution) -> dict[str, Any]:
    spec = kind_spec(unit.kind)
    symbol = unit.symbol if unit.symbol is not None else spec.symbol
    place = unit.place or resolution.metadata.place or BLANK
    parent = parent_line(unit, resolution)
    return {
        "name": unit.name,
        "name_upper": unit.name.upper(),
        "kind": unit.kind,
        "kind_label": spec.label,
        "parent": parent,
        "parent_upper": parent.upper(),
        "symbol": symbol or BLANK,
        "number_line": f"Số      -KH/{symbol or BLANK}",
        "place": place,
        "date_line": f"{place}, ngày … tháng … năm 20…",
        "committee": spec.committee,
        "organisation": spec.organisation,
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


def _override_for(indicator: Indicator, overrides: dict[str, str], used: set[str]) -> Optional[str]:
    for key, value in overrides.items():
        if key == indicator.id or (len(fold(key)) >= 4 and fold(key) in fold(indicator.text)):
            used.add(key)
            return value
    return None


def _row_text(indicator: Indicator, previous: Optional[Indicator], is_child: bool) -> str:
    """The clause of the target; a sub-target or a second target of the same sentence shows its own words."""
    text = " ".join(indicator.text.split())
    if not is_child and (previous is None or previous.text != indicator.text):
        return text[:1].upper() + text[1:]
    own = " ".join(indicator.span.quote.split())
    condition = " ".join((indicator.condition or "").split())
    if condition and fold(condition) not in fold(own) and not fold(condition).startswith(("trong do", "tro len")):
        own = f"{own} {condition}"
    return f"Trong đó: {own}" if is_child else own[:1].upper() + own[1:]


def _indicator_rows(indicators: list[Indicator], unit: Unit, used: set[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    numbers: dict[str, str] = {}
    top = 0
    children: Counter[str] = Counter()
    previous: Optional[Indicator] = None
    for indicator in indicators:
        is_child = indicator.parent in numbers
        if is_child:
            children[indicator.parent] += 1
            stt = f"{numbers[indicator.parent]}.{children[indicator.parent]}"
        else:
            top += 1
            stt = str(top)
        numbers[indicator.id] = stt
        target = target_text(indicator)
        override = _override_for(indicator, unit.overrides, used)
        rows.append({
            "stt": stt,
            "id": indicator.id,
            "text": _row_text(indicator, previous, is_child),
            "target": target,
            "unit_target": override or target,
            "review": "đơn vị đề xuất, cần rà soát" if override else "theo Nghị quyết, cần rà soát",
            "category": indicator.category or "",
            "deadline": indicator.deadline or "",
        })
        previous = indicator
    return rows


# --- tasks ------------------------------------------------------------------------------------

def _outline_index(nodes: list[OutlineNode], index: Optional[dict[str, OutlineNode]] = None) -> dict[str, OutlineNode]:
    index = {} if index is None else index
    for node in nodes:
        index[node.id] = node
        _outline_index(node.children, index)
    return index


def _group_node(routed: RoutedTask, outline: dict[str, OutlineNode]) -> Optional[OutlineNode]:
    """The heading a task sits under (not the task's own numbered paragraph)."""
    path = routed.task.section or ""
    while path:
        node = outline.get(path)
        own_paragraph = node is not None and node.span.start >= routed.task.span.start - 3
        if node is not None and node.kind in GROUPING_KINDS and not own_paragraph:
            return node
        path = re.sub(r"[.]?[^.]*$", "", path)
    return None


def _current_deadline(deadline: Optional[str], year: Optional[int]) -> Optional[str]:
    """The task's deadline, unless every year it names is before the resolution's ("năm 2021" in 2022)."""
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", deadline or "")]
    if year and years and max(years) < year:
        return None
    return deadline


def _task_groups(routed: list[RoutedTask], resolution: Resolution) -> list[dict[str, Any]]:
    outline = _outline_index(resolution.outline)
    groups: list[dict[str, Any]] = []
    for item in routed:
        node = _group_node(item, outline)
        key = node.id if node is not None else ""
        if not groups or groups[-1]["key"] != key:
            heading = recase(node.heading.strip().rstrip(":"), resolution.text) if node is not None else ""
            heading = heading[:1].upper() + heading[1:]
            groups.append({"key": key, "heading": heading, "tasks": []})
        groups[-1]["tasks"].append(item)
    year = int(resolution.metadata.date[:4]) if resolution.metadata.date else None
    return _numbered(groups, year)


def _numbered(groups: list[dict[str, Any]], year: Optional[int]) -> list[dict[str, Any]]:
    """Number groups 1., 2. … and their tasks 1.1., 1.2. …; a task outside any heading gets 1., 2. …"""
    numbered = []
    for g, group in enumerate(groups, start=1):
        prefix = f"{g}." if group["heading"] else ""
        tasks = []
        for t, item in enumerate(group["tasks"], start=1):
            number = f"{g}.{t}." if group["heading"] else f"{g}."
            tasks.append({
                "number": number,
                "text": " ".join(item.text.split()),
                "role": "chủ trì" if item.role == "lead" else "phối hợp",
                "deadline": _current_deadline(item.task.deadline, year) or BLANK,
                "owner": BLANK,
                "id": item.task.id,
            })
        numbered.append({"number": prefix, "heading": group["heading"], "tasks": tasks})
    return numbered


def _reporting_deadlines(routed: list[RoutedTask]) -> list[str]:
    words = [fold(w) for w in plan_rules().reporting_words]
    seen: dict[str, None] = {}
    for item in routed:
        if item.task.deadline and any(w in fold(item.task.text) for w in words):
            seen.setdefault(item.task.deadline, None)
    return list(seen)


# --- the whole context ---------------------------------------------------------------------------

def build_context(resolution: Resolution, unit: Unit) -> PlanContext:
    """Everything the plan templates show for ``unit``."""
    meta = resolution.metadata
    cited = citation(resolution)
    routed = tasks_for(resolution, unit)
    used: set[str] = set()
    rows = _indicator_rows(indicators_for(resolution, unit), unit, used)
    unit_values = _unit_values(unit, resolution)
    issuer = meta.issuer or BLANK
    recipients = [f"{issuer} (b/c)"]
    if unit.parent and fold(unit.parent) != fold(issuer):
        recipients.append(f"{unit.parent} (b/c)")
    recipients += [line for line in (unit_values["members"], unit_values["archive"]) if line]
    values = {
        "unit": unit_values,
        "resolution": {
            "doc_type": meta.doc_type or "Văn bản",
            "code": meta.code or BLANK,
            "date": citation_date(meta.date) or BLANK,
            "issuer": issuer,
            "citation": cited,
        },
        "trich_yeu": f"thực hiện {cited}",
        "opening": f"Thực hiện {cited}, {unit.name} xây dựng Kế hoạch thực hiện như sau:",
        "goals": [" ".join(g.text.split()) for g in resolution.goals],
        "indicators": rows,
        "task_groups": _task_groups(routed, resolution),
        "reporting": {"to": issuer, "deadlines": _reporting_deadlines(routed)},
        "recipients": recipients,
        "blank": BLANK,
    }
    unused = [key for key in unit.overrides if key not in used]
    return PlanContext(values=values, unused_overrides=unused)
