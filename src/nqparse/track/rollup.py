"""The roll-up: per target, each unit's result and the share of units on track; per task,
status counts and overdue items.

A unit is *on track* for a target when
- its status is not "Không đạt", and
- for a target measured per unit (a percentage, or a count "mỗi …"), its numeric result meets
  the target (``>``, ``≥``, ``<``, ``≤`` as written; "đạt X", "khoảng X" and ranges from the
  lower bound up);
- otherwise (qualitative targets, counts that are summed, no number given) its status is
  "Hoàn thành" or "Đang thực hiện".
A unit that wrote nothing on the row has not reported; it counts against the share.
Counts in other units (đảng viên, mô hình …) are also added up and the total compared with
the target. A task is overdue for a unit when its due date has passed and the unit has not
reported it "Hoàn thành"; a recurring task ("hằng quý", "thường xuyên") or one without a due
date never is.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ..workbook import STATUSES
from .report import NOT_REPORTED, Entry, RegisterItem, TargetRollup, TaskRollup, UnitResult, UnitReturn
from .rules import TrackingRules

DONE, UNDER_WAY, NOT_MET = "Hoàn thành", "Đang thực hiện", "Không đạt"


def roll_up_targets(register: dict[tuple[str, str], RegisterItem], units: list[UnitReturn], rules: TrackingRules) -> list[TargetRollup]:
    out = []
    for item in register.values():
        if item.kind != "chi_tieu":
            continue
        aggregate = aggregate_of(item, rules)
        results = [UnitResult(u.unit, u.entries.get(item.key), None) for u in units]
        for r in results:
            r.on_track = unit_on_track(item, r.entry, aggregate, rules)
        rollup = TargetRollup(item, results, aggregate)
        if aggregate == "sum" and item.comparator:
            numbers = [r.entry.result for r in results if r.entry and isinstance(r.entry.result, float)]
            if numbers:
                rollup.total = sum(numbers)
                rollup.total_meets = meets(rollup.total, item, rules)
        out.append(rollup)
    return out


def aggregate_of(item: RegisterItem, rules: TrackingRules) -> str:
    if item.comparator is None or (item.unit or "").strip() in rules.share_units:
        return "each"
    text = item.text.lower()
    if any(re.search(r"(?<!\w)" + re.escape(w.lower()) + r"(?!\w)", text) for w in rules.per_unit_words):
        return "each"
    return "sum"


def unit_on_track(item: RegisterItem, entry: Optional[Entry], aggregate: str, rules: TrackingRules) -> Optional[bool]:
    if entry is None or not entry.reported:
        return None
    if entry.status == NOT_MET:
        return False
    if aggregate == "each" and item.comparator and isinstance(entry.result, float):
        return meets(entry.result, item, rules)
    return entry.status in (DONE, UNDER_WAY)


def meets(result: float, item: RegisterItem, rules: TrackingRules) -> Optional[bool]:
    value = item.value
    if value is None:
        return None
    return {
        ">": result > value,
        ">=": result >= value,
        "<": result < value,
        "<=": result <= value,
        "=": result >= value,
        "range": result >= value,
        "approx": result >= value * rules.approx_tolerance,
    }.get(item.comparator)


def roll_up_tasks(register: dict[tuple[str, str], RegisterItem], units: list[UnitReturn], as_of: date) -> list[TaskRollup]:
    out = []
    for item in register.values():
        if item.kind != "nhiem_vu":
            continue
        statuses: dict[str, list[str]] = {s: [] for s in (*STATUSES, NOT_REPORTED)}
        rollup = TaskRollup(item, item.due, statuses)
        passed = item.due is not None and item.due < as_of and item.recurrence is None
        for u in units:
            entry = u.entries.get(item.key)
            status = entry.status if entry and entry.status else NOT_REPORTED
            statuses[status].append(u.unit)
            if passed and status != DONE:
                rollup.overdue_units.append(u.unit)
        out.append(rollup)
    return out


def target_label(item: RegisterItem) -> str:
    """The target as a person says it: "trên 90 %", "từ 140 đến 150 đảng viên", "định tính"."""
    if item.comparator is None or item.value is None:
        return "định tính"
    unit = "%" if item.unit == "%" else (f" {item.unit}" if item.unit else "")
    value = f"{item.value:g}"
    if item.comparator == "range" and item.high is not None:
        return f"từ {value} đến {item.high:g}{unit}"
    words = {">": "trên", ">=": "từ", "<": "dưới", "<=": "không quá", "=": "đạt", "approx": "khoảng"}
    tail = " trở lên" if item.comparator == ">=" else ""
    return f"{words.get(item.comparator, '')} {value}{unit}{tail}".strip()
