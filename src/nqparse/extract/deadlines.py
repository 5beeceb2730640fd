"""Deadlines as dates: one grammar for every clause, table cell and labelled field.

``read_deadline(text, issued=...)`` gives a :class:`Deadline` — the words as written, ``due``
(ISO date, the last day of what is named), ``start`` (when a span is stated) and
``recurrence`` — or None when the text names no deadline. Forms read (the phrases are in
``rules/deadlines.yaml``):

- a day: "trước ngày 15/10/2026", "chậm nhất ngày 15/10/2026", "trước 15/10/2026",
  "ngày 15 tháng 10 năm 2026"; without a year ("trước ngày 15/12", "Trước ngày 31/01 năm liền
  kề") the next such day from the issue date, or no due date when the issue date is unknown;
- a month: "tháng 6/2026", "tháng 6 năm 2026", "Xong trong tháng 5/2026", a cell "06/2026";
- a period: "Quý II/2026", "quý 2 năm 2026", "6 tháng đầu năm 2026", "ngay đầu năm 2022"
  (→ 31/3/2022), "cuối năm 2026";
- a year: "năm 2026", "Trong năm 2026", "đến hết năm 2030", a cell "2026" → 31/12;
- a span: "giai đoạn 2026-2030", "từ năm 2026 đến năm 2030", a cell "2026 - 2030",
  "từ tháng 3 đến tháng 6/2026" → due at its end, start at its beginning;
- a recurrence: "hằng năm", "Hằng quý", "định kỳ hằng tháng", "định kỳ 6 tháng", "thường
  xuyên", "liên tục" → no due date, unless a dated one goes with it ("Năm 2026 và các năm tiếp
  theo" → 31/12/2026 yearly; "Thường xuyên, hoàn thành trước 30/6/2026" → 30/6/2026 continuous);
  a recurring day or period has none ("Quý IV hằng năm", "Tháng 12 hằng năm").

Not deadlines: a date that dates a cited document ("Kế hoạch số 12/KH-UBND ngày 3/5/2025",
"Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024"); a document number ("Nghị định số
52/2015/NĐ-CP"); a date inside quotation marks or in a name ("phong trào thi đua … giai đoạn
2019-2025", "Chiến lược … đến năm 2030"); a date after a backward-looking word ("hạn chế,
khuyết điểm … năm 2021", "so với năm 2020"); a date that ends before the document was issued;
"thường xuyên" inside a sentence as a manner ("tuyên truyền thường xuyên, sâu rộng"), and a
recurrence describing a noun ("kế hoạch công tác hằng năm").

When a clause states several, a firm deadline ("trước", "chậm nhất") beats a day, month or
period, which beats a year or span; among equals the latest wins — the item is done when its
last step is ("Ban hành kế hoạch trong tháng 01/2026, … báo cáo kết quả chậm nhất trong tháng
8/2026" → 31/8/2026).

``horizon_of(doc, section)`` is the horizon the nearest heading that states one gives (else
the document title): "Một số nhiệm vụ tập trung năm 2022" → năm 2022.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import rules
from ..document import Section, StructuredDocument
from ..schema import Recurrence
from ..textkey import fold
from .vocabulary import compiled, phrase_pattern

YEAR = r"(?:19|20)\d{2}"


class LeadIns(BaseModel):
    model_config = ConfigDict(extra="forbid")

    firm: list[str] = Field(default_factory=list, description="A firm deadline: 'trước', 'chậm nhất'.")
    within: list[str] = Field(default_factory=list, description="When the work is done: 'trong', 'vào'.")
    until: list[str] = Field(default_factory=list, description="An open end or a start: 'đến', 'từ'.")


class DeadlineRules(BaseModel):
    """``rules/deadlines.yaml``."""

    model_config = ConfigDict(extra="forbid")

    lead_ins: LeadIns = Field(default_factory=LeadIns)
    periods: dict[str, tuple[int, int]] = Field(description="Period of a year → (first month, last month).")
    spans: dict[str, tuple[int, int]] = Field(default_factory=dict,
                                              description="Word before a span of years → (first month, last month).")
    next_year: list[str] = Field(default_factory=list)
    recurrences: dict[str, Recurrence]
    open_ended: list[str] = Field(default_factory=list,
                                  description="Recurrences that run on from a dated start with no end of their own.")
    manner: list[str] = Field(default_factory=list)
    describes_after: list[str] = Field(default_factory=list)
    name_heads: list[str] = Field(default_factory=list)
    name_breakers: list[str] = Field(default_factory=list)
    past_cues: list[str] = Field(default_factory=list)
    cited_before: list[str] = Field(default_factory=list)
    cell_words: int = Field(6, ge=1)

    @field_validator("periods", "spans")
    @classmethod
    def months_exist(cls, value: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        bad = [k for k, months in value.items() if not all(1 <= m <= 12 for m in months)]
        if bad:
            raise ValueError(f"months must be 1–12 for {', '.join(bad)}")
        return value


def deadline_rules() -> DeadlineRules:
    return rules.load("deadlines", DeadlineRules)


@dataclass(frozen=True)
class Deadline:
    """A deadline as read: ``text`` as written, ``due``/``start`` ISO dates, ``span`` in the text read."""

    text: str
    due: Optional[str] = None
    start: Optional[str] = None
    recurrence: Optional[Recurrence] = None
    span: tuple[int, int] = (0, 0)


def fields(found: Optional[Deadline], *, written: Optional[str] = None) -> dict[str, Any]:
    """The ``deadline``, ``due``, ``start`` and ``recurrence`` of a Task or Indicator, from ``found``.

    ``written``: the whole cell or field value the deadline was read from ("Theo Kế hoạch
    riêng", "Quý II/2026 và hằng năm"), kept as the written deadline even when it gives no date.
    """
    text = " ".join(written.split()) if written and written.strip() else (found.text if found else None)
    if found is None:
        return {"deadline": text, "due": None, "start": None, "recurrence": None}
    return {"deadline": text, "due": found.due, "start": found.start, "recurrence": found.recurrence}


# --------------------------------------------------------------------------- the grammar


@dataclass(frozen=True, eq=False)   # hashed by identity: a new rules object makes a new grammar
class Grammar:
    when: re.Pattern[str]          # [lead-ins] + a day, month, period, year or span
    recurrence: re.Pattern[str]
    kinds: dict[str, Recurrence]   # recurrence phrase (lower case, single spaces) → kind
    firm: re.Pattern[str]          # classify the lead-in words
    within: re.Pattern[str]
    manner: re.Pattern[str]
    describes: re.Pattern[str]     # searched at the end of the text before a recurrence
    name_head: re.Pattern[str]
    name_breaker: re.Pattern[str]
    past_cue: re.Pattern[str]
    cited: re.Pattern[str]         # searched at the end of the text before a date


def grammar() -> Grammar:
    r = deadline_rules()
    return compiled(r, "grammar", lambda: _build(r))


def _build(r: DeadlineRules) -> Grammar:
    leads = phrase_pattern(r.lead_ins.firm + r.lead_ins.within + r.lead_ins.until)
    day = r"(?P<day>(?P<dword>ngày\s+)?(?P<dd>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<dm>\d{1,2})" \
          rf"(?:\s*(?P=sep)\s*(?P<dy>{YEAR})|\s+năm\s+(?P<dy2>{YEAR}))?)"
    alternatives = [
        rf"(?P<range>(?:(?P<head>{phrase_pattern(list(r.spans))})\s+)?(?P<from>(?:từ\s+)?(?:năm\s+)?)(?P<y1>{YEAR})"
        rf"\s*(?:[-–—]|đến|tới)\s*(?:hết\s+)?(?:năm\s+)?(?P<y2>{YEAR}))",
        rf"(?P<wday>ngày\s+(?P<wd>\d{{1,2}})\s+tháng\s+(?P<wm>\d{{1,2}})(?:\s+năm\s+(?P<wy>{YEAR}))?)",
        day,
        rf"(?P<month>tháng\s+(?P<mm>\d{{1,2}})(?:(?:\s*/\s*|\s+năm\s+)(?P<my>{YEAR}))?)",
        rf"(?P<period>(?P<pname>{phrase_pattern(list(r.periods))})(?:(?:\s*/\s*|\s+năm\s+|\s+)(?P<py>{YEAR}))?)",
        rf"(?P<year>năm\s+(?P<yy>{YEAR}))",
        rf"(?P<bmonth>(?P<bm>\d{{1,2}})\s*/\s*(?P<by>{YEAR}))",
        rf"(?P<byear>{YEAR})",
    ]
    starts = [*r.lead_ins.firm, *r.lead_ins.within, *r.lead_ins.until, *r.spans, *r.periods, "từ", "năm", "ngày",
              "tháng", *"0123456789"]
    when = (rf"(?<![\w/.-]){_first_word(starts)}(?P<lead>(?:{leads}\s+){{1,2}})?(?:{'|'.join(alternatives)})"
            rf"(?:\s+(?P<next>{phrase_pattern(r.next_year)}))?(?![\w/])")
    code = r"\d[^\s,;()]*[/-][^\s,;()]*[^\W\d_][^\s,;()]*"
    flags = re.IGNORECASE
    return Grammar(
        when=re.compile(when, flags),
        recurrence=re.compile(_first_word(list(r.recurrences)) + phrase_pattern(list(r.recurrences)), flags),
        kinds={fold(k): v for k, v in r.recurrences.items()},
        firm=re.compile(phrase_pattern(r.lead_ins.firm), flags),
        within=re.compile(phrase_pattern(r.lead_ins.within), flags),
        manner=re.compile(r"^(?:" + phrase_pattern(r.manner) + r")$", flags),
        describes=re.compile(r"(?:" + phrase_pattern(r.describes_after) + r")\s*$", flags),
        name_head=re.compile(phrase_pattern(r.name_heads), flags),
        name_breaker=re.compile(phrase_pattern(r.name_breakers), flags),
        past_cue=re.compile(phrase_pattern(r.past_cues), flags),
        cited=re.compile(rf"(?:(?:{code}|{phrase_pattern(r.cited_before)})\s*,?\s*(?:ngày\s*)?"
                         r"|(?:ngày|tháng)[\s.…_]*)$", flags),          # "số 12/KH-UBND ngày", a blank "ngày … tháng …"
    )


def _first_word(phrases: list[str]) -> str:
    """A lookahead for the first letters, then the first words, ``phrases`` start with ("0"–"9" for
    numbers): the regex engine passes over every other position quickly instead of trying each
    alternative there (about half the time on long clauses)."""
    firsts = {p.split()[0] for p in phrases if p.strip()}
    letters = {c for w in firsts for c in (w[0].lower(), w[0].upper())}
    words = sorted({w.lower() for w in firsts if not w.isdigit()}, key=len, reverse=True)
    digits = r"\d|" if any(w.isdigit() for w in firsts) else ""
    return ("(?=[" + "".join(re.escape(c) for c in sorted(letters)) + "])"
            "(?=" + digits + "(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w))")


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _When:
    """One date phrase found. Dates are (year, month, day); year 0: not written; day 0: the
    first (in ``first``) or last (in ``last``) day of the month."""

    start: int
    end: int
    rank: int                      # 0 firm deadline, 1 day/month/period, 2 year or span
    first: tuple[int, int, int]
    last: tuple[int, int, int]
    next_year: bool = False        # "… năm liền kề"
    ranged: bool = False           # a span from one date to another: it has a start
    loose: bool = False            # no year and nothing to hold it: only with a recurrence beside it
    opening: bool = False          # "từ tháng 11/2025" alone: when the work starts, not when it is due

    @property
    def yearless(self) -> bool:
        return not self.last[0]

    def with_year(self, year: int) -> "_When":
        return replace(self, first=(self.first[0] or year, *self.first[1:]), last=(year, *self.last[1:]))

    def due(self) -> Optional[date]:
        return None if self.yearless or self.opening else _day(*self.last, end=True)

    def begins(self) -> Optional[date]:
        return _day(*self.first, end=False) if (self.ranged or self.opening) and self.first[0] else None


def read_deadline(text: str, *, issued: date | str | None = None) -> Optional[Deadline]:
    """The deadline ``text`` states (a clause, a table cell, a field value), or None.

    ``issued``: the document's date (a ``date`` or an ISO string). It dates a day written
    without a year, and a date ending before it is a past reference, not a deadline.
    """
    return _read(text, _as_date(issued), names=True)


def _read(text: str, issued: Optional[date], *, names: bool) -> Optional[Deadline]:
    g = grammar()
    cell = len(text.split()) <= deadline_rules().cell_words
    recurrence = _recurrence(text, g, cell)
    found = _date(text, g, issued, cell, names, recurrence)
    if found is None and recurrence is None:
        return None
    if found is None:
        kind, (s, e) = recurrence
        return Deadline(_written(text, s, e), recurrence=kind, span=(s, e))
    span = (found.start, found.end)
    if recurrence is not None and _beside(text, span, recurrence[1]):
        span = (min(span[0], recurrence[1][0]), max(span[1], recurrence[1][1]))
    due, begins = found.due(), found.begins()
    if recurrence is not None and _beside(text, (found.start, found.end), recurrence[1]) \
            and fold(text[recurrence[1][0]:recurrence[1][1]]) in {fold(p) for p in deadline_rules().open_ended}:
        if begins is None and due is not None:
            begins = due.replace(month=1, day=1)
        due = None   # "Năm 2025 và các năm tiếp theo": from 2025 on, every year, never overdue
    return Deadline(_written(text, *span), due=due.isoformat() if due else None,
                    start=begins.isoformat() if begins else None,
                    recurrence=recurrence[0] if recurrence else None, span=span)


def _date(text: str, g: Grammar, issued: Optional[date], cell: bool, names: bool,
          recurrence: Optional[tuple[Recurrence, tuple[int, int]]]) -> Optional[_When]:
    """The date phrase that is the deadline, its year settled (left out when it recurs)."""
    found = _spans_joined(text, [w for m in g.when.finditer(text) if (w := _candidate(m, text, g, cell, names))])
    kept = []
    for w in found:
        if w.loose and not (recurrence and _beside(text, (w.start, w.end), recurrence[1])):
            continue
        if w.yearless and recurrence is None and issued is not None:
            w = _next_occurrence(w, issued)
        due = w.due()
        if due is None or issued is None or due >= issued or w.rank == 0 and w.last[2]:
            kept.append(w)   # a firm day stays the deadline though the plan came out after it
    if not kept:
        return None
    return min(kept, key=lambda w: (w.due() is None, w.rank, -(w.due() or date.min).toordinal(), w.start))


def _candidate(m: re.Match[str], text: str, g: Grammar, cell: bool, names: bool) -> Optional[_When]:
    """The date phrase ``m``, unless it dates a cited document, is quoted, looks back or is part of a name."""
    lead = m.group("lead") or ""
    firm = bool(lead) and g.firm.search(lead) is not None
    within = bool(lead) and g.within.search(lead) is not None
    w = _named(m, led=bool(lead), cell=cell)
    if w is None:
        return None
    start = m.start() + len(lead)
    before = text[max(0, start - 200):start]
    if g.cited.search(before[-60:]) or _quoted(text, start):
        return None
    clause = _CLAUSE.split(before)[-1]
    if not firm and g.past_cue.search(clause):
        return None
    if names and not (firm or within) and _in_name(before, g):
        return None
    if fold(lead) == "từ" and not w.ranged:
        w = replace(w, opening=True)   # "Từ tháng 11/2025 đến khi kết thúc kiểm kê"
    return replace(w, rank=0) if firm else w


_CLAUSE = re.compile(r"[,;:.!?()\n]")
_SENTENCE = re.compile(r"[;:.!?()\n]")


def _named(m: re.Match[str], *, led: bool, cell: bool) -> Optional[_When]:
    """What the phrase ``m`` names; None for an impossible date, or a bare number ("2026",
    "06/2026", "2026 - 2030") with no lead-in outside a cell of its own. A day without a year
    needs "ngày" or a lead-in even in a cell ("1/2 số xã" is a fraction)."""
    r = deadline_rules()
    g = m.group
    s, e, nxt = m.start(), m.end(), g("next") is not None
    held = led or cell
    if g("range"):
        if not (g("head") or g("from") or held) or int(g("y1")) > int(g("y2")):
            return None
        m1, m2 = _lookup(r.spans, g("head")) if g("head") else (1, 12)
        return _When(s, e, 2, (int(g("y1")), m1, 1), (int(g("y2")), m2, 0), ranged=True)
    if g("wday") or g("day"):
        day, month = (g("wd"), g("wm")) if g("wday") else (g("dd"), g("dm"))
        year = int((g("wy") if g("wday") else g("dy") or g("dy2")) or 0)
        if not year and g("day") and g("sep") != "/":
            return None                                  # "05 - 06%", "2.000": not a day
        named = led or bool(g("wday") or g("dword"))
        return _checked(_When(s, e, 1, (year, int(month), int(day)), (year, int(month), int(day)), nxt,
                              loose=not year and not named))
    if g("month"):
        year, month = int(g("my") or 0), int(g("mm"))
        return _checked(_When(s, e, 1, (year, month, 1), (year, month, 0), nxt, loose=not year and not held))
    if g("period"):
        year = int(g("py") or 0)
        m1, m2 = _lookup(r.periods, g("pname"))
        return _When(s, e, 1, (year, m1, 1), (year, m2, 0), nxt, loose=not year and not held)
    if g("year"):
        return _When(s, e, 2, (int(g("yy")), 1, 1), (int(g("yy")), 12, 0))
    if not held:
        return None
    if g("bmonth"):
        return _checked(_When(s, e, 1, (int(g("by")), int(g("bm")), 1), (int(g("by")), int(g("bm")), 0)))
    return _When(s, e, 2, (int(g("byear")), 1, 1), (int(g("byear")), 12, 0))


def _checked(w: _When) -> Optional[_When]:
    """``w`` if its days exist (a day without a year is checked against a leap year)."""
    ok = all(_day(y or 2000, month, day, end=True) for y, month, day in (w.first, w.last))
    return w if ok else None


def _lookup(table: dict[str, tuple[int, int]], phrase: str) -> tuple[int, int]:
    return next(v for k, v in table.items() if fold(k) == fold(phrase))


def _quoted(text: str, at: int) -> bool:
    """``at`` lies between quotation marks: “…” or "…"."""
    before = text[:at]
    if before.rfind("“") > before.rfind("”") and "”" in text[at:]:
        return True
    return before.count('"') % 2 == 1 and '"' in text[at:]


def _in_name(before: str, g: Grammar) -> bool:
    """A name head ("phong trào", "Chiến lược", "Nghị quyết" …) stands at most 30 words before the
    date in its sentence — names have commas ("Kế hoạch … “xã, phường không ma túy” giai đoạn
    2025 - 2030", "Nghị quyết số 36-NQ/TW ngày 22/10/2018, Hội nghị … về … đến năm 2030") — and no
    word that opens a goal stands between ("Kế hoạch …, phấn đấu đến năm 2030" is a deadline)."""
    phrase = _SENTENCE.split(before)[-1]
    heads = list(g.name_head.finditer(phrase))
    if not heads:
        return False
    after = phrase[heads[-1].end():]
    return len(after.split()) <= 30 and not g.name_breaker.search(after)


def _spans_joined(text: str, found: list[_When]) -> list[_When]:
    """"từ tháng 3 đến tháng 6/2026", "Quý I - Quý II/2026": two dates joined become one span;
    the first takes the year of the second when it has none."""
    out: list[_When] = []
    for w in found:
        a = out[-1] if out else None
        if a is not None and _joined(text, a, w):
            a = a.with_year(w.last[0]) if a.yearless else a
            out[-1] = _When(a.start, w.end, max(a.rank, w.rank), a.first, w.last, ranged=True)
        else:
            out.append(w)
    return out


def _joined(text: str, a: _When, b: _When) -> bool:
    """``b`` ends the span ``a`` opens: "A - B", "A đến B" (the "đến" is ``b``'s lead-in)."""
    if a.ranged or b.ranged or b.yearless or not _JOINS.fullmatch(text, a.end, b.start):
        return False
    return bool(text[a.end:b.start].strip()) or _UNTIL.match(text, b.start) is not None


_JOINS = re.compile(r"\s*[-–—]?\s*")
_UNTIL = re.compile(r"(?:đến|tới)\b", re.IGNORECASE)


def _next_occurrence(w: _When, issued: date) -> _When:
    """A day or period written without a year: the next one from the issue date ("năm liền kề": next year's)."""
    if w.next_year:
        return w.with_year(issued.year + 1)
    this_year = w.with_year(issued.year)
    due = this_year.due()
    return this_year if due is None or due >= issued else w.with_year(issued.year + 1)


def _recurrence(text: str, g: Grammar, cell: bool) -> Optional[tuple[Recurrence, tuple[int, int]]]:
    """The recurrence ``text`` states and its span. Adjacent phrases combine ("định kỳ hằng quý").
    A stated period beats a bare "định kỳ"; then one introduced by "định kỳ", at the start of the
    item or a sentence, or standing alone beats one inside a sentence; then the more specific."""
    groups: list[tuple[int, int, list[Recurrence]]] = []
    for m in g.recurrence.finditer(text):
        kind = g.kinds[fold(m.group(0))]
        if groups and not text[groups[-1][1]:m.start()].strip():
            groups[-1] = (groups[-1][0], m.end(), [*groups[-1][2], kind])
        else:
            groups.append((m.start(), m.end(), [kind]))
    best: Optional[tuple[tuple[bool, bool, int, int], Recurrence, tuple[int, int]]] = None
    for start, end, members in groups:
        periodic = Recurrence.PERIODIC in members        # "định kỳ hằng quý" states the schedule anywhere
        if not periodic and g.describes.search(text, max(0, start - 40), start):
            continue
        placed = cell or _schedule_position(text, start, end)
        if not placed and g.manner.match(text[start:end]):
            continue
        kind = min(members, key=_GENERAL.index)
        rank = (kind is Recurrence.PERIODIC, not (placed or periodic), _GENERAL.index(kind), start)
        if best is None or rank < best[0]:
            best = (rank, kind, (start, end))
    return (best[1], best[2]) if best else None


# "thường xuyên hằng năm" is yearly: a stated period before "continuous", both before "định kỳ"
_GENERAL = [*(k for k in Recurrence if k not in (Recurrence.CONTINUOUS, Recurrence.PERIODIC)),
            Recurrence.CONTINUOUS, Recurrence.PERIODIC]
_ITEM_START = re.compile(r"\s*(?:[-–+*•]|\(?[\dA-Za-zđĐ]{1,4}[.)])?\s*")
_OPENS = re.compile(r"[.;:!?]\s*$")
_ALONE_BEFORE = re.compile(r"[,(]\s*$")
_ALONE_AFTER = re.compile(r"\s*(?:[.;)]|$)")


def _schedule_position(text: str, start: int, end: int) -> bool:
    """Where a manner word states the schedule: at the start of the item, of a sentence or of a
    clause after ";" or ":" ("Thời gian: thường xuyên"), or alone at the end of one (", thường
    xuyên.", "(hằng quý)") — not in a list of manners ("thường xuyên, liên tục, đồng bộ")."""
    if _ITEM_START.fullmatch(text, 0, start) or _OPENS.search(text, max(0, start - 3), start):
        return True
    return bool(_ALONE_BEFORE.search(text, max(0, start - 3), start)) and bool(_ALONE_AFTER.match(text, end))


def _beside(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two phrases close enough to be one deadline: "Quý IV hằng năm", "Thường xuyên, hoàn thành trước 30/6/2026"."""
    gap = text[min(a[1], b[1]):max(a[0], b[0])] if a[1] <= b[0] or b[1] <= a[0] else ""
    return len(gap) <= 15 and not _APART.search(gap)


_APART = re.compile(r"[.;\n()]")


def _written(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split()).strip(" ,;:")


def _day(year: int, month: int, day: int, *, end: bool) -> Optional[date]:
    """The date, day 0 meaning the first (or, with ``end``, the last) day of the month; None if it does not exist."""
    try:
        if day == 0:
            day = calendar.monthrange(year, month)[1] if end else 1
        return date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        return None


def _as_date(value: date | str | None) -> Optional[date]:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------- headings and titles


def horizon_of(doc: StructuredDocument, section: Optional[Section]) -> Optional[Deadline]:
    """The horizon of the nearest heading that states one, else of the document title.

    A date in a citation is none ("… Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024" in a
    title); the title names the document itself, so its own year counts ("Kế hoạch … năm 2026").
    """
    issued = _as_date(doc.metadata.date)
    for s in doc.ancestors(section)[::-1]:
        if len(s.title) <= 160:
            found = _heading(s.title, issued, True, grammar())
            if found:
                return found
    return _heading(doc.metadata.title or "", issued, False, grammar())


@lru_cache(maxsize=512)
def _heading(title: str, issued: Optional[date], names: bool, _: Grammar) -> Optional[Deadline]:
    """A heading's horizon, read once per heading (every target under it asks). Headings and titles
    are often upper case: "NĂM 2022" reads "năm 2022" in a tracking sheet."""
    found = _read(title, issued, names=names)
    return replace(found, text=found.text.lower()) if found and found.text.isupper() else found
