"""Find the targets (chỉ tiêu) a resolution sets, numeric or qualitative.

Where targets stand:

- in "Các chỉ tiêu chủ yếu" / "Mục tiêu cụ thể" sections, every quantity with a unit is a target,
  and a bullet that names a rating without a number is a qualitative one
  ("Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ trở lên" → comparator null);
- elsewhere (tasks, goals), a quantity is a target when a comparator or an aspiration cue
  stands before it ("mỗi tổ chức cơ sở đảng xây dựng ít nhất 01 mô hình", "phấn đấu … đạt 100%");
- never: dates, years, document numbers, section counts ("05 nhiệm vụ tập trung"), numbers in
  report sections ("Kết quả thực hiện") or after past cues ("đã có", "so với cùng kỳ"), budget
  facts and legal thresholds ("tổng kinh phí", "được hiểu là");
- never norms and prices: under a heading or after a word that sets one ("Mức hỗ trợ: 500.000
  đồng/hộ/tháng", "Phí: 2.000 đồng/trang", "nguyên giá dưới 500 triệu đồng"), an amount per unit
  with no target word before it, nor anything but named targets in a document that sets norms,
  fees, powers or procedures (its title, or a legal normative number "12/2025/NQ-HĐND");
- never a statement of fact outside a target section ("Đoàn kiểm tra gồm 05 đồng chí", "hơn
  200.000 nhà bị ngập"): no aspiration cue in the clause and a word that states what is.

Cue and head words inside a compound word do not count ("số" in "kinh tế số", "phí" in "kinh phí").
The subject is what is measured: the head phrase opening the clause ("Tỷ lệ doanh nghiệp … đạt
60%"), the noun after a count ("99% đảng viên"), or the clause's opening noun phrase ("Kinh tế số
chiếm 45% GRDP tỉnh" → "Kinh tế số (% GRDP tỉnh)") — never the denominator after "%".

One clause may hold several targets ("99% đảng viên, 90% đoàn viên …" → two); a target after
"trong đó" in the same sentence is a sub-target of the one before it (``parent``).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Optional

from ..document import Section, StructuredDocument
from ..ids import IdMaker, document_key
from ..schema import Body, CellRef, Comparator, Indicator, ItemSource, ParseWarning, Span
from .clauses import Unit, ancestry, clauses, heading_starts_with, is_titled, section_has, sentences, strip_span, units
from . import deadlines
from .targets import Mention, grammar, read_mentions
from .vocabulary import IndicatorRules, compile_phrases, compiled, indicator_rules, phrase_pattern


_TABLE_CELL = re.compile(r"[\s>=<≥≤~]*[\d.,]+\s*%?[\s*]*")


@dataclass
class Context:
    """What the section around a paragraph says about the numbers in it."""

    targets: Optional[Section]    # innermost "chỉ tiêu" section, if any
    goals: Optional[Section]
    skip: bool                    # a definitions section: no targets at all
    report: bool                  # a report section: only restated targets ("mục tiêu 80%", "ít nhất 3%")
    normative: bool               # a Hướng dẫn / Thông tư …: only named targets ("phấn đấu", "mục tiêu")
    category: Optional[str]
    norms: bool = False           # under a heading of norms, prices or budget ("Mức chi", "Kinh phí thực hiện")
    rules_doc: bool = False       # the document sets rules (normative type, title or number): no bare ratings


@dataclass
class Cues:
    aspiration: re.Pattern[str]
    past: re.Pattern[str]
    fact: re.Pattern[str]
    rating: re.Pattern[str]
    subject_head: re.Pattern[str]
    condition: re.Pattern[str]
    trong_do: re.Pattern[str]
    named_target: re.Pattern[str]
    conditional: re.Pattern[str]
    norm: re.Pattern[str]
    norm_heading: re.Pattern[str]
    norm_title: re.Pattern[str]
    normative_code: re.Pattern[str]
    statement: re.Pattern[str]
    compound: re.Pattern[str]
    denominator: re.Pattern[str]
    subject_verb: re.Pattern[str]
    criterion: re.Pattern[str]
    name_head: re.Pattern[str]
    durations: frozenset[str]
    bound_words: frozenset[str]
    progress_column: re.Pattern[str]


def cues() -> Cues:
    r = indicator_rules()
    return compiled(r, "cues", lambda: _build_cues(r))


def _build_cues(r: IndicatorRules) -> Cues:
    return Cues(
        aspiration=compile_phrases(r.aspiration_cues),
        past=compile_phrases(r.past_cues),
        fact=compile_phrases(r.fact_cues),
        rating=compile_phrases(r.rating_phrases),
        subject_head=compile_phrases(r.subject_heads),
        condition=compile_phrases(r.condition_starts),
        trong_do=re.compile(r"(?<!\w)trong\s+đó(?!\w)", re.IGNORECASE),
        named_target=compile_phrases(r.target_names),
        conditional=compile_phrases(r.conditional_cues),
        norm=compile_phrases(r.norm_cues),
        norm_heading=re.compile(r"^[\W\d]*(?:" + phrase_pattern(r.norm_headings) + ")", re.IGNORECASE),
        norm_title=compile_phrases(r.norm_titles),
        normative_code=re.compile("|".join(f"(?:{p})" for p in r.normative_codes) or r"(?!x)x"),
        statement=compile_phrases(r.statement_cues),
        compound=compile_phrases(r.compound_words),
        denominator=re.compile(r"\s*(?:" + phrase_pattern(r.percent_denominators) + ")", re.IGNORECASE),
        subject_verb=compile_phrases(r.subject_verbs),
        criterion=re.compile("(?:" + phrase_pattern(r.criterion_cues) + r")\s*$", re.IGNORECASE),
        progress_column=compile_phrases(r.progress_columns),
        name_head=compile_phrases(r.name_heads),
        durations=frozenset(u.lower() for u in r.duration_units),
        bound_words=frozenset(w.lower() for cmp, ws in r.comparators_before.items() if cmp != "=" for w in ws)
        | frozenset(w.lower() for ws in r.comparators_after.values() for w in ws),
    )


def free(pattern: re.Pattern[str], text: str, start: int, end: int, c: Cues) -> list[re.Match[str]]:
    """Matches of ``pattern`` in ``text[start:end]`` that are not part of a compound word: "số"
    in "kinh tế số" is no head ("the number of"), "phí" in "kinh phí" no fee, "kết quả" in "kết
    quả giải quyết thủ tục hành chính" no past result. A match that is the whole compound counts."""
    found = list(pattern.finditer(text, start, end))
    if not found:
        return found
    compounds = [(x.start(), x.end()) for x in c.compound.finditer(text, max(0, start - 30), min(len(text), end + 30))]
    starts = [a for a, _ in compounds]

    def inside(m: re.Match[str]) -> bool:
        # compounds do not overlap: only the last one opening at or before m can hold it
        k = bisect_right(starts, m.start()) - 1
        return k >= 0 and m.end() <= compounds[k][1] and compounds[k] != m.span()

    return [m for m in found if not inside(m)]


def _context(doc: StructuredDocument, section: Optional[Section], rules_doc: bool, norms: bool) -> Context:
    targets = section_has(doc, section, "target_headings")
    goals = section_has(doc, section, "goal_headings")
    skip = section_has(doc, section, "definition_headings") is not None
    report = section_has(doc, section, "past_headings") is not None or rules_doc
    category_section = targets or goals or _titled(doc, section)
    category = category_section.title.strip(" :.") if category_section else None
    return Context(targets=targets, goals=goals, skip=skip and not targets, report=report and not (targets or goals),
                   normative=rules_doc and not (targets or goals), category=category,
                   norms=norms, rules_doc=rules_doc)


def _normative(doc: StructuredDocument) -> bool:
    """A document whose numbers are rules unless named as targets: a Hướng dẫn, Quy định, Thông tư
    …; a document that sets norms, fees, powers or procedures by its title ("Quy định nội dung, mức
    chi …", "Công bố danh mục thủ tục hành chính …"); a legal normative document ("12/2025/NQ-HĐND")."""
    c = cues()
    kind = (doc.metadata.doc_type or "").strip().lower()
    if kind in {t.lower() for t in indicator_rules().normative_doc_types}:
        return True
    if c.normative_code.match(doc.metadata.code or ""):
        return True
    title = doc.metadata.title or ""
    return bool(free(c.norm_title, title, 0, len(title), c))


def _under_norm_heading(section: Optional[Section], seen: dict[int, bool]) -> bool:
    """Is ``section`` under a heading of norms, prices or a budget ("II. Định mức chi", "Mức hỗ
    trợ", "III. Kinh phí thực hiện")? ``seen`` remembers the sections already answered."""
    if section is None:
        return False
    key = id(section)
    if key not in seen:
        c, title = cues(), section.title
        own = is_titled(section) and bool(c.norm_heading.match(title) or free(c.norm, title, 0, len(title), c))
        seen[key] = own or _under_norm_heading(section.parent, seen)
    return seen[key]


def _titled(doc: StructuredDocument, section: Optional[Section]) -> Optional[Section]:
    """The innermost section that has a real heading (not a long numbered item)."""
    for s in doc.ancestors(section)[::-1]:
        if s.end > s.heading_end + 1 and len(s.title) <= 160:
            return s
    return None


def _is_target(m: Mention, text: str, clause: tuple[int, int], ctx: Context, c: Cues) -> bool:
    clause_start = clause[0]
    prefix = text[clause_start:m.number_start]
    past = [x.end() for x in free(c.past, text, clause_start, m.number_start, c)]
    named = [x.start() for x in c.named_target.finditer(text, clause_start, m.number_start)]
    if past and not (named and named[-1] > past[-1]):
        return False
    if c.conditional.search(prefix):
        return False
    if _sets_a_norm(m, text, clause_start, ctx, c, named):
        return False
    if c.criterion.search(text, clause_start, m.start) and not c.aspiration.search(prefix):
        return False  # "… với tỷ lệ 1% - 3% doanh thu": what qualifies, not what is sought
    if _in_a_name(text, clause_start, m, c):
        return False
    committed = m.explicit and m.comparator in (">=", "<=")
    if not committed and _ALREADY.match(text, m.end):
        return False  # "ưu tiên 40 xã, phường đã được công bố …": which ones, not how many to reach
    if not committed and _states_a_fact(text, clause, ctx, c):
        return False
    if c.fact.search(text[clause_start:m.end + 40]) and not ctx.targets and not committed:
        return False
    if m.weak_unit and (not m.explicit or m.comparator == "range") and not m.cue:
        return False  # "Kế hoạch … hằng năm và 5 năm", "trong 05 ngày", "(0-48 giờ)": durations, not targets
    if m.unit and m.unit.lower() in c.durations and not _sought(text, clause_start, m.number_start, c):
        return False  # "phải thông báo … ít nhất 10 ngày": a notice period, not a target
    if ctx.report:
        return bool(c.named_target.search(prefix[-40:])) or committed and not ctx.normative
    if m.unit is None and not ctx.targets:
        return False
    if ctx.targets or ctx.goals:
        return True
    if m.known_unit and re.search(r":\s*$", prefix[-3:]):
        return True  # a planned quantity: "Đầu tư mới trạm 5G: 35 trạm"
    if c.aspiration.search(prefix):
        return True
    return m.explicit and m.comparator != "approx" or m.is_percent  # "(khoảng 1.500 tỷ đồng)": an estimate


_ALREADY = re.compile(r"\s*(?:đã|đang)\s")


def _sought(text: str, start: int, end: int, c: Cues) -> bool:
    """An aspiration word in ``text[start:end]`` other than a bare minimum or maximum ("giảm còn tối
    đa 05 ngày" is sought; "thông báo … ít nhất 10 ngày" only bounded)."""
    bounds = c.bound_words
    return any(x.group(0).lower() not in bounds for x in c.aspiration.finditer(text, start, end))


def _in_a_name(text: str, clause_start: int, m: Mention, c: Cues) -> bool:
    """Is ``m`` inside the quoted name of a movement or programme ("thi đua cao điểm “500 ngày đêm
    thi đua hoàn thành 3.000 km đường bộ cao tốc”")?"""
    opening = max(text.rfind("“", clause_start, m.start), text.rfind('"', clause_start, m.start))
    if opening < 0 or "”" in text[opening:m.start] or text.count('"', opening, m.start) > 1:
        return False
    return bool(c.name_head.search(text, max(clause_start, opening - 40), opening))


def _sets_a_norm(m: Mention, text: str, clause_start: int, ctx: Context, c: Cues, named: list[int]) -> bool:
    """A norm, a price or a threshold, not a target: under a norm heading, after a norm word in the
    clause ("Mức chi bằng 80% …", "Phí: 2.000 đồng/trang", "nguyên giá dưới 500 triệu đồng"), or
    an amount per unit with no target word before it ("Mức khoán …: 1.386.000 đồng/ha/năm") —
    unless a named target ("phấn đấu", "mục tiêu") comes after the norm word."""
    last_named = named[-1] if named else -1
    if ctx.norms and last_named < 0:
        return True
    norms = free(c.norm, text, clause_start, m.number_start, c)
    if norms and norms[-1].start() > last_named:
        return True
    return m.rate and last_named < 0 and not c.aspiration.search(text, clause_start, m.number_start)


def _states_a_fact(text: str, clause: tuple[int, int], ctx: Context, c: Cues) -> bool:
    """A statement of what is, outside a target section: a clause with a word that states a fact
    ("Đoàn kiểm tra gồm 05 đồng chí", "hơn 200.000 nhà bị ngập", "40 xã, phường đã được công bố
    tình huống khẩn cấp") and no aspiration cue anywhere in it."""
    if ctx.targets or ctx.goals:
        return False
    if c.aspiration.search(text, *clause):
        return False
    return bool(free(c.statement, text, clause[0], clause[1], c))


_HORIZON_CUT = re.compile(r"(?:^|\s+)(?:(?:đến|vào|trong)\s+năm\s+\d{4}|phấn đấu\b)", re.IGNORECASE)
_LABEL = re.compile(r"[\s\-–+•*]*")


def _subject(text: str, m: Mention, since: int, stop: int, c: Cues,
             earlier: Optional[str]) -> tuple[Optional[str], Optional[str], int]:
    """(what is measured, the condition to reach, where the quantity's words end) for one mention.

    ``since`` is where the mention's stretch of the clause starts (the clause, or the end of the
    mention before it, whose subject ``earlier`` a bare share inherits: "100% bộ, ngành đạt cấp độ
    4 và 90% đạt cấp độ 5"). Forms:

    - a count names what it counts: "ít nhất 01 mô hình dân vận khéo";
    - a head before the first number of the clause names what a share measures: "Tỷ lệ doanh
      nghiệp có hoạt động đổi mới sáng tạo đạt tối thiểu 40%", "Phấn đấu tỷ trọng đào tạo các
      ngành STEM … đạt tối thiểu 30%", "Số lượng công bố khoa học quốc tế tăng trung bình 10%/năm";
    - else the noun after the share: "99% đảng viên";
    - else the clause's opening noun phrase ("Kinh tế số chiếm 45% …");
    - "% GRDP", "% GDP", "% dân số" … name what the share is of: noted after the subject
      ("Kinh tế số (% GRDP tỉnh)"), never the subject.
    """
    after = text[m.end:stop]
    cond = c.condition.search(after)
    punct = re.search(r"[;.()“”\"]|,\s*(?=\d)", after)
    cut = min(x.start() for x in (cond, punct) if x) if (cond or punct) else len(after)
    noun = after[:cut].strip(" ,:-–")
    words_end = m.end + len(after[:cut].rstrip(" ,:-–")) if noun else m.end
    condition_text = after[cut:].strip(" ,;.()")
    if noun.startswith("/"):
        noun = ""  # the per-unit part of a rate ("82,6 triệu đồng/người/năm")
    denominator = None
    if m.is_percent and noun and c.denominator.match(after):
        denominator = re.split(r"\s+(?:trong|đến|vào|năm|so với)\s", noun)[0]
        noun = ""
    noun = re.sub(r"\s+(?:và|hoặc)$", "", noun)            # "05 siêu thị và 80 chợ"
    money = bool(m.unit) and m.unit.lower() in grammar().money
    count = bool(m.unit) and not m.is_percent and not money   # an amount of money measures its head
    head = _head(text, since, m.start, c) if earlier is None and not (count and noun) else None
    opening = _LABEL.match(text, since).end()
    subject: Optional[str]
    if head is not None:
        subject = _phrase(text, head.start(), head.end(), m.start, c) or noun or None
    elif noun or count:
        subject = (m.unit + " " + noun).strip() if count and not noun.startswith(m.unit) else noun
    elif earlier is None:
        subject = _phrase(text, opening, opening, m.start, c)
    else:
        subject = earlier
    if denominator:
        subject = f"{subject} (% {denominator})" if subject else f"% {denominator}"
    words = condition_text.split()
    condition = " ".join(words[:25]) if words else None
    return (subject or None), condition, words_end


def _head(text: str, start: int, end: int, c: Cues) -> Optional[re.Match[str]]:
    """The first subject head in ``text[start:end]`` that is a head: not inside a compound ("kinh
    tế số"), not the "số" of a document number ("Nghị quyết số 57-NQ/TW")."""
    for h in free(c.subject_head, text, start, end, c):
        if not re.match(r"\s*\d", text[h.end():h.end() + 3]):
            return h
    return None


def _phrase(text: str, start: int, head_end: int, end: int, c: Cues) -> Optional[str]:
    """The noun phrase from ``start`` up to the verb that ends it ("Tỷ lệ hộ nghèo giảm …", "Kinh
    tế số chiếm …"), before a horizon ("… đến năm 2030") and at most 30 words."""
    verb = next(iter(free(c.subject_verb, text, head_end, end, c)), None)
    phrase = text[start:verb.start() if verb else end]
    phrase = _HORIZON_CUT.split(phrase)[0].strip(" ,:-–")
    return phrase if phrase and len(phrase.split()) <= 30 else None


def _indicator(doc: StructuredDocument, ids: IdMaker, m: Mention, clause: tuple[int, int], deadline: dict,
               section: Optional[str], ctx: Context, c: Cues, since: int, stop: int,
               earlier: Optional[str]) -> Indicator:
    text = doc.text
    subject, condition, span_end = _subject(text, m, since, stop, c, earlier)
    return Indicator(
        id=ids(section),
        text=re.sub(r"\s+", " ", text[clause[0]:clause[1]]).strip(),
        subject=subject,
        condition=condition,
        comparator=Comparator(m.comparator),
        value=m.value,
        high=m.high,
        unit=m.unit,
        **deadline,
        category=ctx.category,
        section=section,
        span=Span(start=m.start, end=span_end, quote=text[m.start:span_end]),
    )


def _deadline(doc: StructuredDocument, sentence: str, where: Optional[Section]) -> dict:
    """deadline, due, start and recurrence of a target: those its sentence states ("phủ sóng 5G
    đạt 100% đến năm 2030"), else the horizon of the heading above it ("Một số chỉ tiêu chủ yếu
    năm 2022"), else of the document's title."""
    found = deadlines.read_deadline(sentence, issued=doc.metadata.date) or deadlines.horizon_of(doc, where)
    return deadlines.fields(found)


def _written_deadline(text: str) -> Optional[str]:
    """The deadline ``text`` states, as written."""
    found = deadlines.read_deadline(text)
    return found.text if found else None


def _qualitative(doc: StructuredDocument, ids: IdMaker, clause: tuple[int, int], unit: Unit, ctx: Context,
                 c: Cues) -> Optional[Indicator]:
    text = doc.text
    start, end = strip_span(text, *clause)
    body = text[start:end]
    rating = c.rating.search(body)
    aspiration = c.aspiration.search(body)
    if not aspiration or len(body.split()) < 4:
        return None
    cut = min(rating.start(), aspiration.start()) if rating else aspiration.start()
    subject = body[:cut].strip(" ,") or body[aspiration.end():].strip(" ,")
    section = unit.section.path if unit.section else None
    return Indicator(
        id=ids(section), text=re.sub(r"\s+", " ", body), subject=subject or None,
        condition=body[rating.start():].strip() if rating else None, comparator=None,
        **_deadline(doc, body, unit.section),
        category=ctx.category, section=section, span=Span(start=start, end=end, quote=body),
    )


def find_indicators(doc: StructuredDocument, bodies: list[Body]) -> tuple[list[Indicator], list[ParseWarning]]:
    """Every target of ``doc`` in reading order, sub-targets linked to their parent."""
    c = cues()
    ids = IdMaker(document_key(doc.metadata.code, doc.text))
    text = doc.text
    found: list[Indicator] = []
    warnings: list[ParseWarning] = []
    contexts: dict[int, Context] = {}
    norm_sections: dict[int, bool] = {}
    rules_doc = _normative(doc)
    horizon_lines: dict[int, str] = {}
    goal_items: list[tuple[Unit, Context, bool]] = []   # items of goal lists, and whether they stated a number
    for unit in units(doc):
        if unit.role == "heading" and unit.end - unit.start < 160:
            continue
        key = id(unit.section)
        if _is_horizon_line(text, unit):
            horizon_lines[key] = text[unit.start:unit.end]
            continue
        ctx = contexts.get(key) or contexts.setdefault(
            key, _context(doc, unit.section, rules_doc, _under_norm_heading(unit.section, norm_sections)))
        if ctx.skip:
            continue
        if _TABLE_CELL.fullmatch(text, unit.start, unit.end):
            continue  # a bare "100%" cell of a table: no subject to track
        before = len(found)
        for s_start, s_end in sentences(text, unit.start, unit.end):
            these = _sentence_targets(doc, ids, unit, ctx, c, s_start, s_end, warnings)
            if key in horizon_lines:
                _under_horizon_line(doc, these, horizon_lines[key])
            found.extend(these)
        if _goal_item(unit, ctx):
            goal_items.append((unit, ctx, len(found) > before))
    for unit, ctx, numbered in goal_items:
        if not numbered and _specific(doc, unit):
            found.append(_item_target(doc, ids, unit, ctx))
    found.sort(key=lambda i: i.span.start)
    return found + task_table_targets(doc, bodies, ids, rules_doc), warnings


def _goal_item(unit: Unit, ctx: Context) -> bool:
    """A bullet or numbered item of a goals section, in a document that does not set rules."""
    return unit.role == "item" and unit.label_start != unit.start and ctx.goals is not None and not ctx.rules_doc


def _specific(doc: StructuredDocument, unit: Unit) -> bool:
    """Under "Mục tiêu cụ thể", or under the "a) Mục tiêu" of one topic of a plan ("1. Cải cách thể
    chế / a) Mục tiêu / b) Nhiệm vụ") — not under a task heading nested there, nor a general goal."""
    for s in doc.ancestors(unit.section)[::-1]:
        if any(heading_starts_with(k, s.title) for k in ("general_goal_headings", "task_headings")):
            return False
        if heading_starts_with("specific_goal_headings", s.title):
            return True
        if heading_starts_with("goal_headings", s.title):
            parent = s.parent
            return parent is not None and not heading_starts_with("goal_headings", parent.title) \
                and len(s.title.split()) <= 4
    return False


def _item_target(doc: StructuredDocument, ids: IdMaker, unit: Unit, ctx: Context) -> Indicator:
    """An item of "Mục tiêu cụ thể" that states no number, as a qualitative target: "- Có ứng dụng
    AI hỗ trợ công tác phổ biến, giáo dục pháp luật." — the general goals and the vision stay goals."""
    text = doc.text
    start, end = strip_span(text, unit.start, unit.end, chars=" *.;")
    body = text[start:end]
    section = unit.section.path if unit.section else None
    return Indicator(
        id=ids(section), text=re.sub(r"\s+", " ", body), subject=re.sub(r"\s+", " ", body)[:200] or None,
        comparator=None, **_deadline(doc, body, unit.section), category=ctx.category, section=section,
        span=Span(start=start, end=end, quote=body),
    )


def _is_horizon_line(text: str, unit: Unit) -> bool:
    """A line that only names the period of the items after it: "- Giai đoạn 2025-2027",
    "Đến năm 2030:" (QĐ 2629/QĐ-TTg II.2 lists its targets under two such lines)."""
    line = text[unit.start:unit.end].strip(" *:.")
    if not line or len(line) > 40:
        return False
    written = _written_deadline(line)
    return written is not None and len(written) >= 0.6 * len(line)


def _under_horizon_line(doc: StructuredDocument, found: list[Indicator], line: str) -> None:
    """Targets with no deadline of their own take the period of the line above them."""
    for ind in found:
        if _written_deadline(ind.text) is None:
            for key, value in _deadline(doc, line, None).items():
                setattr(ind, key, value)


def _sentence_targets(doc: StructuredDocument, ids: IdMaker, unit: Unit, ctx: Context, c: Cues,
                      s_start: int, s_end: int, warnings: list[ParseWarning]) -> list[Indicator]:
    out: list[Indicator] = []
    section = unit.section.path if unit.section else None
    deadline = _SentenceDeadline(doc, (s_start, s_end), unit.section)
    for clause in clauses(doc.text, s_start, s_end):
        found = _numeric_targets(doc, ids, clause, deadline, section, ctx, c, out)
        if not found and _rates_qualitative(ctx):
            q = _qualitative(doc, ids, clause, unit, ctx, c)
            if q is not None:
                out.append(q)
                warnings.append(ParseWarning(code="qualitative_target", message=f"target without a number: {q.text[:80]}", span=q.span))
    return out


class _SentenceDeadline:
    """The deadline fields of one sentence's targets, read once however many targets it holds."""

    def __init__(self, doc: StructuredDocument, sentence: tuple[int, int], where: Optional[Section]):
        self.doc, self.sentence, self.where = doc, sentence, where
        self.found: Optional[dict] = None

    def __call__(self) -> dict:
        if self.found is None:
            self.found = _deadline(self.doc, self.doc.text[self.sentence[0]:self.sentence[1]], self.where)
        return self.found


# Every number of a clause is checked against the words before it in the clause. A clause with
# more numbers than any written one holds (12 in the corpus) is a list or a crawl without
# punctuation: it is read in pieces of a few numbers, so the work stays linear in its length.
MANY_NUMBERS = 50
PIECE_NUMBERS = 20


def _numeric_targets(doc: StructuredDocument, ids: IdMaker, clause: tuple[int, int], deadline: _SentenceDeadline,
                     section: Optional[str], ctx: Context, c: Cues, out: list[Indicator]) -> bool:
    """Append the numeric targets of one clause to ``out`` (sub-targets linked to their parent);
    False when it states none."""
    text = doc.text
    counts = bool(ctx.targets or ctx.goals) and not ctx.rules_doc
    mentions = read_mentions(text, *clause, counts=counts)
    if len(mentions) > MANY_NUMBERS:
        cuts = [clause[0]] + [mentions[i - 1].end for i in range(PIECE_NUMBERS, len(mentions), PIECE_NUMBERS)] + [clause[1]]
        found = [_numeric_targets(doc, ids, (a, b), deadline, section, ctx, c, out) for a, b in zip(cuts, cuts[1:])]
        return any(found)
    mentions = [m for m in mentions if _is_target(m, text, clause, ctx, c)]
    mentions = _drop_conditions(text, mentions, c)
    for i, m in enumerate(mentions):
        stop = mentions[i + 1].start if i + 1 < len(mentions) else clause[1]
        since, earlier = (mentions[i - 1].end, out[-1].subject) if i else (clause[0], None)
        ind = _indicator(doc, ids, m, clause, deadline(), section, ctx, c, since, stop, earlier)
        parent = _parent(text, out, m, c)
        if parent is not None:
            ind.parent = parent.id
            ind.subject = ind.subject or parent.subject
        out.append(ind)
    return bool(mentions)


def task_table_targets(doc: StructuredDocument, bodies: list[Body], ids: IdMaker, rules_doc: bool) -> list[Indicator]:
    """Targets written inside the rows of a task table, read as the tasks of the text are: a task
    cell "Bố trí ít nhất 15% ngân sách nhà nước chi sự nghiệp khoa học và công nghệ", a result cell
    "Ít nhất 10 cơ sở được thành lập" (03/NQ-CP, PHỤ LỤC II). Each keeps its row's section, the
    bodies of its lead cell, the deadline of its deadline cell and its table cell. (Tables of
    targets are read by :mod:`nqparse.extract.tables`.)"""
    from ..structure.tables import iter_items

    c = cues()
    ctx = Context(targets=None, goals=None, skip=False, report=False, normative=rules_doc, category=None,
                  rules_doc=rules_doc)
    out: list[Indicator] = []
    seen: set[int] = set()
    named = sorted((span.start, b.id) for b in bodies for span in b.mentions)   # where each body is named
    for table_no, rt in enumerate(doc.tables):
        if rt.kind != "tasks" or any(c.progress_column.search(col.header) for col in rt.columns):
            continue  # a progress report quotes targets set elsewhere
        for row in iter_items(rt):
            found: list[Indicator] = []
            for role in ("task", "product"):
                cell = row.cell(role)
                if cell is None or cell.empty or id(cell) in seen:
                    continue
                seen.add(id(cell))
                where = doc.section_at(cell.start)
                for s_start, s_end in sentences(doc.text, cell.start, cell.end):
                    deadline = _SentenceDeadline(doc, (s_start, s_end), where)
                    for clause in clauses(doc.text, s_start, s_end):
                        before = len(found)
                        _numeric_targets(doc, ids, clause, deadline, row.section, ctx, c, found)
                        for ind in found[before:]:
                            ind.source, ind.cell = ItemSource.TABLE, CellRef(table=table_no, row=cell.row, col=cell.col)
            when = row.cell("deadline")
            lead = _bodies_in(named, row.cell("lead"))
            for ind in found:
                ind.lead = lead
                if when is not None and not when.empty:
                    written = doc.normalized.cell_text(when).strip(" *")
                    found_when = deadlines.read_deadline(written, issued=doc.metadata.date)
                    for key, value in deadlines.fields(found_when, written=written).items():
                        setattr(ind, key, value)
            out.extend(found)
    return out


def _bodies_in(named: list[tuple[int, str]], cell) -> list[str]:
    """Ids of the bodies named in ``cell``, in the order they are named (``named``: every
    (offset, body id), sorted)."""
    if cell is None or cell.empty:
        return []
    inside = named[bisect_left(named, (cell.start,)):bisect_left(named, (cell.end,))]
    return list(dict.fromkeys(body_id for _, body_id in inside))


def _drop_conditions(text: str, mentions: list[Mention], c: Cues) -> list[Mention]:
    """Drop a count that is the condition of the share before it ("100% các khu công nghiệp có tối
    thiểu 1 trạm phát sóng 5G" is one target, not two), and an amount in brackets that restates the
    share before it in money ("chiếm khoảng 10% tổng vốn đầu tư (khoảng 12.173 tỷ đồng)")."""
    kept: list[Mention] = []
    for m in mentions:
        prev = kept[-1] if kept else None
        if prev is not None and prev.is_percent and not m.is_percent:
            between = text[prev.end:m.start]
            if between.count("(") == 1 and ")" not in between and (m.unit or "").lower() in grammar().money:
                continue
            conditions = list(c.condition.finditer(between))
            if conditions and "," not in between[conditions[-1].start():] and not c.trong_do.search(between):
                continue
        kept.append(m)
    return kept


def _rates_qualitative(ctx: Context) -> bool:
    """Bare ratings are targets only in a "chỉ tiêu" section (not in the goals around it), and
    never in a document that sets rules ("Chỉ tiêu về hạ tầng xã hội trong một khu vực TOD được
    phép phân bổ …" in a Nghị quyết quy định is a planning norm)."""
    if ctx.targets is None or ctx.rules_doc:
        return False
    return ctx.goals is None or ctx.targets.node.level >= ctx.goals.node.level


def _parent(text: str, earlier: list[Indicator], m: Mention, c: Cues) -> Optional[Indicator]:
    """The target a "trong đó …" sub-target belongs to: the last numeric one before "trong đó"."""
    last = next((i for i in reversed(earlier) if i.comparator is not None), None)
    if last is None:
        return None
    between = text[last.span.end:m.number_start]
    if c.trong_do.search(between):
        return last
    if last.parent and ")" not in between:
        return next((i for i in earlier if i.id == last.parent), None)  # a sibling: "VNPT: 25 trạm, Viettel: 33 trạm"
    return None
