"""Read the numeric targets stated in one clause of text.

Forms handled (comparator words come from ``rules/indicators.yaml``):

- ``trên 90% tổ chức cơ sở đảng`` → ``>`` 90 %
- ``80% trở lên``, ``từ 80% đảng viên trở lên``, ``ít nhất 01 mô hình`` → ``>=``
- ``dưới 2%`` → ``<``; ``không quá 5%``, ``tối đa 3 lần`` → ``<=``
- ``đạt 100%``, bare ``99% đảng viên`` → ``=``; ``gấp 30 lần`` → ``=`` 30 lần
- ``từ 140 - 150 đảng viên``, ``0,5%-0,8%``, ``2 đến 3 sản phẩm`` → ``range``; the unit may be written
  on both sides: ``trên 10 tỷ đồng đến 20 tỷ đồng``, ``từ trên 5 tỷ đồng đến dưới 10 tỷ đồng``,
  ``từ 10 triệu đến 20 triệu đồng``, ``từ 250 triệu đồng đến dưới 01 tỷ đồng`` (→ 250–1000 triệu đồng)
- ``khoảng 82,6 triệu đồng`` → ``approx``
- ``04/09 thôn`` → ``=`` 4 thôn (of 9)
- a minimum or maximum word a few words before its number: ``tối thiểu có 05 mô hình``,
  ``ít nhất mỗi xã có 01 …``, ``không để quá 3% …`` → ``>=`` / ``<=``
- an amount of money per unit (``500.000 đồng/hộ/tháng``) is marked a ``rate``: a norm or a price

:func:`read_value_cell` reads the value cell of a target table ("≥ 55", "20% - 50%",
"≤ 3 Đông Nam Á; ≤ 50 Thế giới").

This module only reads numbers, units and comparators; whether a mention is a *target*
(and not a past statistic or a date) is decided by :mod:`nqparse.extract.indicators`, which
knows the section and the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .numbers import NUMERAL, parse_number, parse_numeral, tidy
from .vocabulary import IndicatorRules, compiled, indicator_rules, phrase_pattern

@dataclass
class Mention:
    """One quantity in a clause; offsets are absolute (into the document text)."""

    start: int            # first character of the comparator word (or of the number)
    end: int              # one past the unit (or "trở lên")
    number_start: int
    number_end: int
    comparator: str       # ">", ">=", "<", "<=", "=", "range", "approx"
    value: float
    high: Optional[float]
    unit: Optional[str]
    cue: Optional[str]    # the comparator word as written, if any
    explicit: bool        # a comparator word (not just "đạt" or nothing) stands before it
    known_unit: bool      # "%" or a unit from the rules (not a weak one)
    weak_unit: bool
    total: Optional[float] = None  # the "b" of a ratio "a/b"
    rate: bool = False             # money per unit ("500.000 đồng/hộ/tháng"): a norm or a price

    @property
    def is_percent(self) -> bool:
        return self.unit is not None and self.unit.startswith("%")


@dataclass
class Grammar:
    """The comparator/unit vocabulary compiled into regular expressions."""

    rules: IndicatorRules
    number: re.Pattern[str]
    before: re.Pattern[str]
    before_map: dict[str, str]
    after: re.Pattern[str]
    after_map: dict[str, str]
    later_after: re.Pattern[str]     # "từ 80% đảng viên … trở lên": the after word a few words on
    range_tail: re.Pattern[str]
    unit: re.Pattern[str]
    non_target_unit: re.Pattern[str]
    weak_units: set[str]
    unit_breakers: frozenset[str]
    from_words: set[str]
    multipliers: set[str]
    ranks: list[re.Pattern[str]]
    cue_words: re.Pattern[str]
    classifiers: set[str]
    late_range: re.Pattern[str]
    change: re.Pattern[str]
    distant: re.Pattern[str]
    money: dict[str, float]
    rated: re.Pattern[str]           # "… xếp loại hoàn thành tốt nhiệm vụ trở lên": a rating, not the number's bound
    not_a_quantity: re.Pattern[str]  # "năm 2025", "Điều 5", "Tổ 3": a date, a code, a part or a name


def grammar() -> Grammar:
    r = indicator_rules()
    return compiled(r, "grammar", lambda: _build_grammar(r))


def _not_a_quantity(r: IndicatorRules) -> re.Pattern[str]:
    """The words (as written: case counts) right before a number that make it no quantity; the
    year word unless a frequency word stands before it ("năm 2025", not "hằng năm 2 lần")."""
    year = "".join(f"(?<!{re.escape(w)} )" for w in r.year_word_not_after) + rf"\b{re.escape(r.year_word)}\s*$"
    words = "|".join(re.escape(w) for w in r.not_a_quantity_after) or r"(?!x)x"
    return re.compile(rf"(?:{year})|(?:\b(?:{words})\s*$)")


def _build_grammar(r: IndicatorRules) -> Grammar:
    words = "|".join(sorted((re.escape(w) for w in r.number_words), key=len, reverse=True)) or r"(?!x)x"
    number = re.compile(rf"(?<![\w.,/])(?:{NUMERAL})(?![\w]|[.,]\d)|(?<![\w])(?:{words})(?![\w])", re.IGNORECASE)
    before_map = {w.lower(): c for c, ws in r.comparators_before.items() for w in ws}
    before = re.compile(
        rf"(?P<cue>(?:(?:{phrase_pattern(list(before_map))})\s+)+)?"
        rf"(?:(?P<from>{phrase_pattern(r.from_words)})\s+)?"
        rf"(?:(?P<mult>{phrase_pattern(r.multiplier_words)})\s+)?$",
        re.IGNORECASE,
    )
    after_map = {w.lower(): c for c, ws in r.comparators_after.items() for w in ws}
    joiners = "|".join(re.escape(j) for j in sorted(r.range_joiners, key=len, reverse=True))
    range_tail = re.compile(rf"\s*(?:{joiners})\s*(?P<high>{NUMERAL})(?![\w]|[.,]\d)(?P<pct>\s?%)?", re.IGNORECASE)
    cue_words = phrase_pattern(list(before_map))
    late_range = re.compile(rf"\s*(?:{joiners})\s*(?:(?:{cue_words})\s+)?(?P<high>{NUMERAL})(?![\w]|[.,]\d)", re.IGNORECASE)
    gap_word = rf"\s+(?!{phrase_pattern(r.distant_comparator_breaks)})[^\W\d_]+"
    distant = re.compile(rf"(?P<cue>{phrase_pattern(r.distant_comparators)})(?:{gap_word}){{1,{r.distant_comparator_words}}}\s*$",
                         re.IGNORECASE)
    return Grammar(
        rules=r,
        number=number,
        before=before,
        before_map=before_map,
        after=re.compile(rf"\s*(?P<after>{phrase_pattern(list(after_map))})", re.IGNORECASE),
        after_map=after_map,
        later_after=re.compile(rf"[^;.:()]{{0,60}}?\s(?P<after>{phrase_pattern(list(after_map))})(?![\w])", re.IGNORECASE),
        range_tail=range_tail,
        unit=re.compile(r"\s*(?P<unit>%|" + phrase_pattern(r.units) + ")", re.IGNORECASE),
        non_target_unit=re.compile(rf"\s*{phrase_pattern(r.non_target_units)}", re.IGNORECASE),
        weak_units={u.lower() for u in r.weak_units},
        unit_breakers=frozenset(r.unit_breakers),
        from_words={w.lower() for w in r.from_words},
        multipliers={w.lower() for w in r.multiplier_words},
        ranks=[re.compile(p, re.IGNORECASE) for p in r.rank_patterns],
        cue_words=re.compile(cue_words, re.IGNORECASE),
        classifiers={w.lower() for w in r.classifier_nouns},
        late_range=late_range,
        change=re.compile(rf"[^\d;,.()]{{0,25}}?(?<![\w])(?:{phrase_pattern(r.change_words)})\s+(?:mức\s+)?\d", re.IGNORECASE),
        distant=distant,
        money={u.lower(): scale for u, scale in r.money_scales.items()},
        rated=re.compile(phrase_pattern(r.rating_verbs) if r.rating_verbs else r"(?!x)x", re.IGNORECASE),
        not_a_quantity=_not_a_quantity(r),
    )


_WORD_START = re.compile(r"(?<!\w)(?=[^\W\d_]|[≥≤<>])")


def _cue_before(g: Grammar, window: str) -> Optional[re.Match[str]]:
    """The comparator words that end right before the number (tried at word starts only)."""
    for start in _WORD_START.finditer(window, max(0, len(window) - 45)):
        m = g.before.match(window, start.start())
        if m and m.group(0):
            return m
    return None


def _strongest_cue(g: Grammar, words: str) -> str:
    """Of stacked cue words ("hướng tới tối thiểu đạt"), the one that is not a plain "=" wins."""
    found = [m.group(0) for m in g.cue_words.finditer(words)]
    for w in found:
        if g.before_map.get(re.sub(r"\s+", " ", w.lower()), "=") != "=":
            return w
    return found[-1] if found else words.strip()


def read_mentions(text: str, start: int, end: int, *, counts: bool = False) -> list[Mention]:
    """Every quantity with a unit or a comparator in ``text[start:end]``, in order. ``counts``:
    a plain number followed by a noun the rules do not list counts that noun ("có 01 trung tâm
    thương mại, 05 siêu thị và 80 chợ") — where every number is a target (a targets section)."""
    g = grammar()
    mentions: list[Mention] = []
    pos = start
    while True:
        m = g.number.search(text, pos, end)
        if m is None:
            break
        mention = _read_one(g, text, m, start, end, counts)
        if mention is None:
            pos = m.end()
            continue
        mentions.append(mention)
        pos = mention.end
    ranks = _rank_mentions(g, text, start, end)
    if ranks:
        mentions = sorted([m for m in mentions if not any(r.start <= m.number_start < r.end for r in ranks)] + ranks,
                          key=lambda m: m.start)
    return mentions


_SYLLABLE = re.compile(r"\s*([^\W\d_]+)(?=[\s,;.:()/]|$)")
_ALTERNATIVE = re.compile(r"\s*/\s*(?=[^\W\d_])")


def _unknown_unit(g: Grammar, text: str, pos: int, end: int) -> tuple[Optional[str], int]:
    """A unit the rules do not list: two syllables, three after a classifier ("bộ dữ liệu", "vùng
    dự án"), with the alternatives written after a slash ("sáng kiến/mô hình/ giải pháp")."""
    words = _syllables(g, text, pos, end, 3)
    if not words:
        return None, pos
    take = 3 if words[0].group(1) in g.classifiers and len(words) == 3 else min(2, len(words))
    unit_end = words[take - 1].end(1)
    while (alt := _ALTERNATIVE.match(text, unit_end, end)) and (more := _syllables(g, text, alt.end(), end, 2)):
        unit_end = more[-1].end(1)
    return text[words[0].start(1):unit_end], unit_end


def _syllables(g: Grammar, text: str, pos: int, end: int, limit: int) -> list[re.Match[str]]:
    """Up to ``limit`` lower-case syllables from ``pos``, stopping before a comparator word."""
    words: list[re.Match[str]] = []
    while len(words) < limit:
        w = _SYLLABLE.match(text, pos, end)
        if not w or not w.group(1)[0].islower() or g.after.match(text, pos, end) \
                or w.group(1) in g.unit_breakers:
            break  # "80 chợ được đầu tư": "được" begins what is said of the unit
        words.append(w)
        pos = w.end()
    return words


def _rank_mentions(g: Grammar, text: str, start: int, end: int) -> list[Mention]:
    """Ranking targets: "thuộc nhóm 4 nước dẫn đầu" → rank ≤ 4."""
    found: list[Mention] = []
    for pattern in g.ranks:
        for m in pattern.finditer(text, start, end):
            value = parse_number(m.group("n"))
            if value is None:
                continue
            found.append(Mention(start=m.start(), end=m.end(), number_start=m.start("n"), number_end=m.end("n"),
                                 comparator="<=", value=tidy(value), high=None, unit=g.rules.rank_unit,
                                 cue=None, explicit=True, known_unit=True, weak_unit=False))
    return found


def _read_one(g: Grammar, text: str, m: re.Match[str], clause_start: int, end: int,
              counts: bool = False) -> Optional[Mention]:
    raw = m.group(0)
    is_word = not raw[0].isdigit()
    value = parse_number(raw, g.rules.number_words)
    if value is None:
        return None
    window = text[max(clause_start, m.start() - 60):m.start()]
    if g.not_a_quantity.search(window):
        return None
    after_num = text[m.end():min(end, m.end() + 12)]
    if re.match(r"\s*[-–]\s*[A-ZĐ]{1,}", after_num) or re.match(r"/\d{4}", after_num) or re.match(r"-[A-Za-zĐđ]", after_num):
        return None  # a document code "12-CT/TU" or a month/year "6/2022"
    total = None
    pos = m.end()
    ratio = re.match(r"/(\d{1,4})(?![\w/])", text[pos:min(end, pos + 6)])
    if text.startswith("/", pos) and not ratio:
        return None  # a date "30/6/2022"
    if ratio:
        if not g.unit.match(text, pos + ratio.end(), end) or g.unit.match(text, pos + ratio.end(), end).group("unit") == "%":
            return None  # "30/6" is a date, "04/09 thôn" a ratio
        total = float(ratio.group(1))
        pos += ratio.end()
    if not is_word and re.fullmatch(r"(?:19|20)\d\d", raw) and not re.match(r"\s?%", text[pos:pos + 2]):
        return None  # a year
    pct_first = re.match(r"\s?%", text[pos:pos + 2]) if total is None else None
    high = None
    rng = g.range_tail.match(text, pos + (pct_first.end() if pct_first else 0), end) if total is None else None
    if rng:
        high = parse_number(rng.group("high"))
        if high is None or high <= value:
            high = None
        else:
            pos = rng.end("high")
    unit_m = g.unit.match(text, pos, end)
    not_unit = g.non_target_unit.match(text, pos, end)
    if not_unit and (unit_m is None or not_unit.end() > unit_m.end()):
        return None
    unit = None
    if unit_m:
        unit = "%" if unit_m.group("unit") == "%" else re.sub(r"\s+", " ", unit_m.group("unit"))
        unit_end = unit_m.end()
    elif pct_first:
        unit, unit_end = "%", pos + (0 if high is not None else pct_first.end())
    else:
        unit_end = pos
    if unit == "%" and (per := _PER_PERIOD.match(text, unit_end, end)):
        unit, unit_end = "%/" + per.group(1).lower(), per.end()   # "12 - 13%/năm": a yearly rate
    if high is None and total is None:
        late = _range_after_unit(g, text, value, unit, unit_end, end)
        if late is not None:
            high, unit, unit_end = late
    cue_m = _cue_before(g, window)
    cue = _strongest_cue(g, cue_m.group("cue")) if cue_m and cue_m.group("cue") else None
    from_word = cue_m.group("from") if cue_m else None
    mult = cue_m.group("mult") if cue_m else None
    cue_start = m.start() - (len(window) - cue_m.start()) if cue_m and cue_m.group(0) else m.start()
    comparator = g.before_map.get(re.sub(r"\s+", " ", cue.lower()), "=") if cue else "="
    if comparator == "=" and not from_word and not mult:
        far = g.distant.search(window)
        if far:
            cue = far.group("cue")
            comparator = g.before_map.get(re.sub(r"\s+", " ", cue.lower()), "=")
            cue_start = m.start() - (len(window) - far.start())
    explicit = bool(cue) and comparator != "=" or bool(from_word) or bool(mult)
    after_m = g.after.match(text, unit_end, end)
    stop = unit_end
    if high is not None:
        comparator, explicit = "range", True
    elif after_m:
        comparator = g.after_map[re.sub(r"\s+", " ", after_m.group("after").lower())]
        stop = after_m.end()
        explicit = True
    elif from_word:
        if g.change.match(text, unit_end, end):
            return None  # "từ 10 ngày làm việc thành 09 ngày": where it starts, not where it goes
        comparator = ">="
        later = g.later_after.match(text[unit_end:min(end, unit_end + 80)])
        if later and not g.rated.search(later.group(0)[: later.start("after")]):
            comparator = g.after_map[re.sub(r"\s+", " ", later.group("after").lower())]
    if unit is None and (explicit or counts) and not is_word and high is None:
        unit, unit_end = _unknown_unit(g, text, unit_end, end)
    if unit is None and (is_word or not explicit):
        return None
    if is_word and not (explicit or cue):
        return None
    weak = unit is not None and unit.lower() in g.weak_units
    known = unit is not None and not weak
    rate = unit is not None and unit.lower() in g.money and bool(_PER_UNIT.match(text, stop, end))
    return Mention(
        start=cue_start, end=stop, number_start=m.start(), number_end=m.end(),
        comparator=comparator, value=tidy(value), high=tidy(high), unit=unit,
        cue=(cue or from_word or mult), explicit=explicit, known_unit=known, weak_unit=weak, total=total,
        rate=rate,
    )


_PER_UNIT = re.compile(r"\s*/\s*(?:0?1\s+)?[^\W\d_]")
_PER_PERIOD = re.compile(r"\s*/\s*(năm|tháng|quý)(?![\w])", re.IGNORECASE)


def _range_after_unit(g: Grammar, text: str, value: float, unit: Optional[str], pos: int,
                      end: int) -> Optional[tuple[float, Optional[str], int]]:
    """The upper bound of a range written after the unit of its lower one, as (high, unit, end):
    "trên 10 tỷ đồng đến 20 tỷ đồng", "từ trên 5 tỷ đồng đến dưới 10 tỷ đồng", "từ 10 triệu đến
    20 triệu đồng" (the unit is the fuller one), "từ 250 triệu đồng đến dưới 01 tỷ đồng" (the bound
    in the unit of the lower one: 1000 triệu đồng). Both sides must carry units that agree."""
    if unit is None:
        return None
    m = g.late_range.match(text, pos, end)
    if m is None:
        return None
    high = parse_number(m.group("high"))
    high_unit = g.unit.match(text, m.end(), end)
    if high is None or high_unit is None:
        return None
    other = "%" if high_unit.group("unit") == "%" else re.sub(r"\s+", " ", high_unit.group("unit"))
    low_key, high_key = unit.lower(), other.lower()
    if high_key.startswith(low_key + " "):
        unit = other                                     # "10 triệu đến 20 triệu đồng"
    elif low_key != high_key:
        scales = g.money
        if low_key not in scales or high_key not in scales or low_key.split()[-1] != high_key.split()[-1]:
            return None
        high = high * scales[high_key] / scales[low_key]
    if high <= value:
        return None
    return high, unit, high_unit.end()


_CELL_PARTS = re.compile(r"[^;\n]+")
_SYMBOLS = {"≥": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "<=": "<=", "=<": "<=", ">": ">", "<": "<", "=": "="}


def _value_cell_grammar(g: Grammar) -> re.Pattern[str]:
    joiners = "|".join(re.escape(j) for j in sorted(g.rules.range_joiners, key=len, reverse=True))
    symbols = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
    return re.compile(
        rf"[\s\-•+*]*(?:(?P<sym>{symbols})\s*|(?P<cue>(?:(?:{phrase_pattern(list(g.before_map))})\s+)+))?"
        rf"(?:(?P<from>{phrase_pattern(g.rules.from_words)})\s+)?"
        rf"(?P<n>{NUMERAL})(?![\w]|[.,]\d)(?P<pct>\s?%)?"
        rf"(?:\s*(?:{joiners})\s*(?P<high>{NUMERAL})(?![\w]|[.,]\d)(?P<pct2>\s?%)?)?"
        rf"(?:\s+(?P<after>{phrase_pattern(list(g.after_map))}))?",
        re.IGNORECASE,
    )


def read_value_cell(text: str, unit: Optional[str] = None) -> list[Mention]:
    """The quantities of a value cell of a target table ("Kết quả", "Năm 2030" …), offsets into ``text``.

    Forms read (cases from the targets annex of 03/NQ-CP, PHỤ LỤC I):

    - a bare value: "90", "09" (→ 9), "100%", "> 0,7", "≥ 55", ">= 30", "≤ 10", "< 5" → that comparator;
    - comparator words: "Tối thiểu 80%" (>=), "Trên 95%" (>), "Đạt 100%" (=), "từ 80% trở lên" (>=);
    - a range: "20% - 50%", "16 - 18", "40 - 50";
    - words after the value qualify it and are not read: "≥ 3% và tăng dần theo yêu cầu phát triển",
      "≤ 3 Đông Nam Á; ≤ 50 Thế giới" (one quantity per part between ";");
    - a part that opens with words is read as prose ("Phấn đấu đạt 100%"); qualitative text ("Đạt
      mức tiên tiến ở nhiều lĩnh vực quan trọng", "Tiên tiến, hiện đại …") gives nothing, and the
      caller makes a qualitative target of the row.

    ``unit`` is the Đơn vị tính column ("%", "% GDP", "Doanh nghiệp", "Tbps", "Người/vạn dân"): it is
    the unit when the cell writes none, and when it details the cell's "%" ("≥ 3%" with "% tổng chi NSNN").
    """
    g = grammar()
    pattern = compiled(g.rules, "value-cell", lambda: _value_cell_grammar(g))
    column_unit = " ".join(unit.split()) if unit and unit.strip() else None
    found: list[Mention] = []
    for part in _CELL_PARTS.finditer(text):
        m = pattern.match(text, part.start(), part.end())
        if m is None:
            found.extend(_with_column_unit(x, column_unit) for x in read_mentions(text, part.start(), part.end()))
            continue
        mention = _cell_value(g, text, m, part.end())
        if mention is not None:
            found.append(_with_column_unit(mention, column_unit))
    return found


def _cell_value(g: Grammar, text: str, m: re.Match[str], end: int) -> Optional[Mention]:
    """One value read by the value-cell pattern: comparator, value, high and the cell's own unit."""
    value = parse_numeral(m.group("n"))
    high = parse_numeral(m.group("high")) if m.group("high") else None
    if value is None or re.fullmatch(r"(?:19|20)\d\d", m.group("n")) and not m.group("pct"):
        return None  # a year is a deadline, not a value
    if high is not None and high <= value:
        high = None
    cue = m.group("sym") or (_strongest_cue(g, m.group("cue")) if m.group("cue") else None)
    if m.group("sym"):
        comparator = _SYMBOLS[m.group("sym")]
    else:
        comparator = g.before_map.get(re.sub(r"\s+", " ", cue.lower()), "=") if cue else "="
    if m.group("from"):
        comparator = ">="
    if m.group("after"):
        comparator = g.after_map[re.sub(r"\s+", " ", m.group("after").lower())]
    if high is not None:
        comparator = "range"
    stop = m.end()
    unit = "%" if m.group("pct") or m.group("pct2") else None
    if unit is None:
        written = g.unit.match(text, stop, end)
        if written is not None:
            unit, stop = re.sub(r"\s+", " ", written.group("unit")), written.end()
    start = m.start("sym") if m.group("sym") else m.start("cue") if m.group("cue") else m.start("from") \
        if m.group("from") else m.start("n")
    return Mention(start=start, end=stop, number_start=m.start("n"), number_end=m.end("n"), comparator=comparator,
                   value=tidy(value), high=tidy(high), unit=unit, cue=cue or m.group("from"),
                   explicit=comparator != "=", known_unit=unit is not None, weak_unit=False)


def _with_column_unit(m: Mention, column_unit: Optional[str]) -> Mention:
    """The Đơn vị tính column's unit where the cell wrote none, or where it details the cell's "%"."""
    if column_unit and (m.unit is None or m.unit == "%" and column_unit.startswith("%")):
        m.unit = column_unit
        m.known_unit = True
    return m
