"""When a task is due: a written deadline ("trước ngày 31/3/2024", "quý I/2024") as a date.

Forms read, first match wins:
- a recurring deadline ("định kỳ hàng quý", "thường xuyên") → no due date;
- full dates "31/3/2024", "31-3-2024", "ngày 31 tháng 3 năm 2024" → the latest one written;
- a month "tháng 6/2024", "tháng 6 năm 2024" → the month's last day;
- a period phrase from rules/tracking.yaml followed by a year ("quý I/2024", "đầu năm 2022",
  "trong năm 2022") → the last day of the period's month;
- a span of years "giai đoạn 2021 - 2025" → 31/12 of the last year.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from typing import Optional

from .rules import TrackingRules, tracking_rules

YEAR = r"((?:19|20)\d{2})"
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + YEAR + r"(?!\d)")
WORDED_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+" + YEAR, re.IGNORECASE)
MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*" + YEAR, re.IGNORECASE)
YEAR_SPAN = re.compile(YEAR + r"\s*[-–]\s*" + YEAR)


def due_date(deadline: Optional[str], rules: TrackingRules | None = None) -> Optional[date]:
    if not deadline:
        return None
    rules = rules or tracking_rules()
    text = " ".join(deadline.split())
    lowered = text.lower()
    if any(word.lower() in lowered for word in rules.recurring):
        return None
    dates = [d for m in (*NUMERIC_DATE.finditer(text), *WORDED_DATE.finditer(text)) if (d := make_date(*m.groups()))]
    if dates:
        return max(dates)
    if m := MONTH.search(text):
        return month_end(int(m.group(2)), int(m.group(1)))
    if m := period_pattern(tuple(sorted(rules.periods, key=len, reverse=True))).search(text):
        phrase = next(k for k in rules.periods if k.lower() == m.group(1).lower())
        return month_end(int(m.group(2)), rules.periods[phrase])
    if m := YEAR_SPAN.search(text):
        return date(int(m.group(2)), 12, 31)
    return None


@lru_cache(maxsize=8)
def period_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in phrases)
    return re.compile(r"(?<!\w)(" + alternatives + r")\s*(?:/|năm)?\s*" + YEAR, re.IGNORECASE)


def make_date(day: str, month: str, year: str) -> Optional[date]:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def month_end(year: int, month: int) -> Optional[date]:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])
