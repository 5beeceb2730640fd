"""Read the numeric targets stated in one clause of text.

Forms handled (comparator words come from ``rules/indicators.yaml``):

- ``trên 90% tổ chức cơ sở đảng`` → ``>`` 90 %
- ``80% trở lên``, ``từ 80% đảng viên trở lên``, ``ít nhất 01 mô hình`` → ``>=``
- ``dưới 2%`` → ``<``; ``không quá 5%``, ``tối đa 3 lần`` → ``<=``
- ``đạt 100%``, bare ``99% đảng viên`` → ``=``; ``gấp 30 lần`` → ``=`` 30 lần
- ``từ 140 - 150 đảng viên``, ``0,5%-0,8%``, ``2 đến 3 sản phẩm`` → ``range``
- ``khoảng 82,6 triệu đồng`` → ``approx``
- ``04/09 thôn`` → ``=`` 4 thôn (of 9)

This module only reads numbers, units and comparators; whether a mention is a *target*
(and not a past statistic or a date) is decided by :mod:`nqparse.extract.indicators`, which
knows the section and the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .numbers import NUMERAL, parse_number, tidy
from .vocabulary import IndicatorRules, compiled, indicator_rules, phrase_pattern

# Words right before a number that make it a date, a code, a count of parts or a name.
_NOT_A_QUANTITY_BEFORE = re.compile(
    r"(?:(?<!hàng )(?<!hằng )(?<!mỗi )(?<!quân )\bnăm\s*$)|(?:\b(?:ngày|tháng|quý|khóa|khoá|lần thứ|thứ|số|Số|Điều|điều|khoản|điểm|mục|Mục|Chương|chương|"
    r"Phần|phần|kỳ|giai đoạn|Quy định|Chỉ thị|Kết luận|Thông tư|Nghị định|Trung ương|Covid|COVID|"
    r"Chỉ đạo|Hướng dẫn|Công văn|Kế hoạch|Nghị quyết|Quyết định|Đề án|Luật|Chương trình|Tờ trình|"
    r"Báo cáo|Thông báo|Tổ|tổ|Khu|khu|Ấp|ấp|đường|Đường|lô|Lô|phụ lục|Phụ lục|ISO|TCVN|QCVN|IPv|Đại hội|"
    r"Bảng|bảng|tầng|Tầng|cấp độ|Cấp độ|hạng|Hạng|bậc|Bậc|mức)\s*$)"
)


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

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


@dataclass
class Grammar:
    """The comparator/unit vocabulary compiled into regular expressions."""

    rules: IndicatorRules
    number: re.Pattern[str]
    before: re.Pattern[str]
    before_map: dict[str, str]
    after: re.Pattern[str]
    after_map: dict[str, str]
    range_tail: re.Pattern[str]
    unit: re.Pattern[str]
    non_target_unit: re.Pattern[str]
    weak_units: set[str]
    from_words: set[str]
    multipliers: set[str]
    ranks: list[re.Pattern[str]]
    cue_words: re.Pattern[str]
    classifiers: set[str]


def grammar() -> Grammar:
    r = indicator_rules()
    return compiled(r, "grammar", lambda: _build_grammar(r))


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
    return Grammar(
        rules=r,
        number=number,
        before=before,
        before_map=before_map,
        after=re.compile(rf"\s*(?P<after>{phrase_pattern(list(after_map))})", re.IGNORECASE),
        after_map=after_map,
        range_tail=range_tail,
        unit=re.compile(r"\s*(?P<unit>%|" + phrase_pattern(r.units) + ")", re.IGNORECASE),
        non_target_unit=re.compile(rf"\s*{phrase_pattern(r.non_target_units)}", re.IGNORECASE),
        weak_units={u.lower() for u in r.weak_units},
        from_words={w.lower() for w in r.from_words},
        multipliers={w.lower() for w in r.multiplier_words},
        ranks=[re.compile(p, re.IGNORECASE) for p in r.rank_patterns],
        cue_words=re.compile(phrase_pattern(list(before_map)), re.IGNORECASE),
        classifiers={w.lower() for w in r.classifier_nouns},
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


def read_mentions(text: str, start: int, end: int) -> list[Mention]:
    """Every quantity with a unit or a comparator in ``text[start:end]``, in order."""
    g = grammar()
    mentions: list[Mention] = []
    pos = start
    while True:
        m = g.number.search(text, pos, end)
        if m is None:
            break
        mention = _read_one(g, text, m, start, end)
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


_SYLLABLE = re.compile(r"\s*([^\W\d_]+)(?=[\s,;.:()]|$)")


def _unknown_unit(g: Grammar, text: str, pos: int, end: int) -> tuple[Optional[str], int]:
    """A unit the rules do not list: two syllables, three after a classifier ("bộ dữ liệu")."""
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < 3:
        w = _SYLLABLE.match(text, cursor, end)
        if not w or not w.group(1)[0].islower() or g.after.match(text, cursor, end):
            break
        words.append(w)
        cursor = w.end()
    if not words:
        return None, pos
    take = 3 if words[0].group(1) in g.classifiers and len(words) == 3 else min(2, len(words))
    last = words[take - 1]
    return text[words[0].start(1):last.end(1)], last.end(1)


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


def _read_one(g: Grammar, text: str, m: re.Match[str], clause_start: int, end: int) -> Optional[Mention]:
    raw = m.group(0)
    is_word = not raw[0].isdigit()
    value = parse_number(raw, g.rules.number_words)
    if value is None:
        return None
    window = text[max(clause_start, m.start() - 60):m.start()]
    if _NOT_A_QUANTITY_BEFORE.search(window):
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
    cue_m = _cue_before(g, window)
    cue = _strongest_cue(g, cue_m.group("cue")) if cue_m and cue_m.group("cue") else None
    from_word = cue_m.group("from") if cue_m else None
    mult = cue_m.group("mult") if cue_m else None
    cue_start = m.start() - (len(window) - cue_m.start()) if cue_m and cue_m.group(0) else m.start()
    comparator = g.before_map.get(re.sub(r"\s+", " ", cue.lower()), "=") if cue else "="
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
        comparator = ">="
        later = re.match(r"[^;.:()]{0,60}?\s(trở lên|trở xuống)(?![\w])", text[unit_end:min(end, unit_end + 80)])
        if later and not re.search(r"hoàn thành|đạt|xếp loại", later.group(0)[: later.start(1)]):
            comparator = ">=" if later.group(1) == "trở lên" else "<="
    if unit is None and explicit and not is_word and high is None:
        unit, unit_end = _unknown_unit(g, text, unit_end, end)
    if unit is None and (is_word or not explicit):
        return None
    if is_word and not (explicit or cue):
        return None
    weak = unit is not None and unit.lower() in g.weak_units
    known = unit is not None and not weak
    return Mention(
        start=cue_start, end=stop, number_start=m.start(), number_end=m.end(),
        comparator=comparator, value=tidy(value), high=tidy(high), unit=unit,
        cue=(cue or from_word or mult), explicit=explicit, known_unit=known, weak_unit=weak, total=total,
    )
