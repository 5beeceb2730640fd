"""Find the targets (chỉ tiêu) a resolution sets, numeric or qualitative.

Where targets stand:

- in "Các chỉ tiêu chủ yếu" / "Mục tiêu cụ thể" sections, every quantity with a unit is a target,
  and a bullet that names a rating without a number is a qualitative one
  ("Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ trở lên" → comparator null);
- elsewhere (tasks, goals), a quantity is a target when a comparator or an aspiration cue
  stands before it ("mỗi tổ chức cơ sở đảng xây dựng ít nhất 01 mô hình", "phấn đấu … đạt 100%");
- never: dates, years, document numbers, section counts ("05 nhiệm vụ tập trung"), numbers in
  report sections ("Kết quả thực hiện") or after past cues ("đã có", "so với cùng kỳ"), budget
  facts and legal thresholds ("tổng kinh phí", "được hiểu là").

One clause may hold several targets ("99% đảng viên, 90% đoàn viên …" → two); a target after
"trong đó" in the same sentence is a sub-target of the one before it (``parent``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..document import Section, StructuredDocument
from ..ids import IdMaker, document_key
from ..schema import Body, Comparator, Indicator, ParseWarning, Span
from .clauses import Unit, clauses, section_has, sentences, strip_span, units
from .deadlines import deadline_in, deadline_of_context
from .targets import Mention, read_mentions
from .vocabulary import IndicatorRules, compile_phrases, compiled, indicator_rules


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
    )


def _context(doc: StructuredDocument, section: Optional[Section]) -> Context:
    targets = section_has(doc, section, "target_headings")
    goals = section_has(doc, section, "goal_headings")
    skip = section_has(doc, section, "definition_headings") is not None
    report = section_has(doc, section, "past_headings") is not None or _normative(doc)
    category_section = targets or goals or _titled(doc, section)
    category = category_section.title.strip(" :.") if category_section else None
    normative = _normative(doc) and not (targets or goals)
    return Context(targets=targets, goals=goals, skip=skip and not targets, report=report and not (targets or goals),
                   normative=normative, category=category)


def _normative(doc: StructuredDocument) -> bool:
    """A Hướng dẫn, Quy định, Thông tư …: its numbers are rules unless named as targets."""
    kind = (doc.metadata.doc_type or "").strip().lower()
    return kind in {t.lower() for t in indicator_rules().normative_doc_types}


def _titled(doc: StructuredDocument, section: Optional[Section]) -> Optional[Section]:
    """The innermost section that has a real heading (not a long numbered item)."""
    for s in doc.ancestors(section)[::-1]:
        if s.end > s.heading_end + 1 and len(s.title) <= 160:
            return s
    return None


def _is_target(m: Mention, text: str, clause_start: int, ctx: Context, c: Cues) -> bool:
    prefix = text[clause_start:m.number_start]
    past = [x.end() for x in c.past.finditer(prefix)]
    named = [x.start() for x in c.named_target.finditer(prefix)]
    if past and not (named and named[-1] > past[-1]):
        return False
    if c.conditional.search(prefix):
        return False
    committed = m.explicit and m.comparator in (">=", "<=")
    if c.fact.search(text[clause_start:m.end + 40]) and not ctx.targets and not committed:
        return False
    if m.weak_unit and not m.explicit and not m.cue:
        return False  # "Kế hoạch … hằng năm và 5 năm", "trong 05 ngày": durations, not targets
    if ctx.report:
        return bool(c.named_target.search(prefix[-40:])) or committed and not ctx.normative
    if m.unit is None and not ctx.targets:
        return False
    if ctx.targets or ctx.goals:
        return True
    if m.known_unit and re.search(r":\s*$", prefix[-3:]):
        return True  # a planned quantity: "Đầu tư mới trạm 5G: 35 trạm"
    return m.explicit or m.is_percent or bool(c.aspiration.search(prefix))


def _subject(text: str, m: Mention, stop: int, c: Cues) -> tuple[Optional[str], Optional[str]]:
    """(who/what is counted, the condition to reach) around one mention."""
    after = text[m.end:stop]
    cond = c.condition.search(after)
    punct = re.search(r"[;.()“”\"]|,\s*(?=\d)", after)
    cut = min(x.start() for x in (cond, punct) if x) if (cond or punct) else len(after)
    subject = after[:cut].strip(" ,:-–")
    if m.unit and not m.is_percent:
        subject = (m.unit + " " + subject).strip() if subject else m.unit
    condition_text = after[cut:].strip(" ,;.()")
    if not subject or not m.unit:
        head = None
        for h in c.subject_head.finditer(text, max(0, m.start - 160), m.start):
            head = h
        if head:
            before = text[head.start():m.start]
            before = re.split(r"\s+(?:đến|vào|trong)\s+năm\s+\d{4}|\s+đạt\b|\s+phấn đấu\b", before)[0]
            subject = before.strip(" ,:-–") or subject
    words = condition_text.split()
    condition = " ".join(words[:25]) if words else None
    return (subject or None), condition


def _indicator(doc: StructuredDocument, ids: IdMaker, m: Mention, clause: tuple[int, int], sentence_text: str,
               unit: Unit, ctx: Context, c: Cues, stop: int) -> Indicator:
    text = doc.text
    subject, condition = _subject(text, m, stop, c)
    span_end = m.end
    tail = subject[len(m.unit):].strip() if subject and m.unit and subject.startswith(m.unit) else subject
    if tail:
        at = text.find(tail, m.end, min(stop, m.end + len(tail) + 3))
        if at != -1:
            span_end = at + len(tail)
    section = unit.section.path if unit.section else None
    return Indicator(
        id=ids(section),
        text=re.sub(r"\s+", " ", text[clause[0]:clause[1]]).strip(),
        subject=subject,
        condition=condition,
        comparator=Comparator(m.comparator),
        value=m.value,
        high=m.high,
        unit=m.unit,
        deadline=deadline_in(sentence_text) or deadline_of_context(doc, unit.section),
        category=ctx.category,
        section=section,
        span=Span(start=m.start, end=span_end, quote=text[m.start:span_end]),
    )


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
        deadline=deadline_in(body) or deadline_of_context(doc, unit.section),
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
    for unit in units(doc):
        if unit.role == "heading" and unit.end - unit.start < 160:
            continue
        key = id(unit.section)
        ctx = contexts.get(key) or contexts.setdefault(key, _context(doc, unit.section))
        if ctx.skip:
            continue
        if _TABLE_CELL.fullmatch(text, unit.start, unit.end):
            continue  # a bare "100%" cell of a table: no subject to track
        for s_start, s_end in sentences(text, unit.start, unit.end):
            found.extend(_sentence_targets(doc, ids, unit, ctx, c, s_start, s_end, warnings))
    return found, warnings


def _sentence_targets(doc: StructuredDocument, ids: IdMaker, unit: Unit, ctx: Context, c: Cues,
                      s_start: int, s_end: int, warnings: list[ParseWarning]) -> list[Indicator]:
    text = doc.text
    sentence_text = text[s_start:s_end]
    out: list[Indicator] = []
    for clause in clauses(text, s_start, s_end):
        mentions = [m for m in read_mentions(text, *clause) if _is_target(m, text, clause[0], ctx, c)]
        mentions = _drop_conditions(text, mentions, c)
        for i, m in enumerate(mentions):
            stop = mentions[i + 1].start if i + 1 < len(mentions) else clause[1]
            ind = _indicator(doc, ids, m, clause, sentence_text, unit, ctx, c, stop)
            parent = _parent(text, out, m, c)
            if parent is not None:
                ind.parent = parent.id
                ind.subject = ind.subject or parent.subject
            out.append(ind)
        if not mentions and _rates_qualitative(ctx):
            q = _qualitative(doc, ids, clause, unit, ctx, c)
            if q is not None:
                out.append(q)
                warnings.append(ParseWarning(code="qualitative_target", message=f"target without a number: {q.text[:80]}", span=q.span))
    return out


def _drop_conditions(text: str, mentions: list[Mention], c: Cues) -> list[Mention]:
    """Drop a count that is the condition of the share before it:
    "100% các khu công nghiệp có tối thiểu 1 trạm phát sóng 5G" is one target, not two."""
    kept: list[Mention] = []
    for m in mentions:
        prev = kept[-1] if kept else None
        if prev is not None and prev.is_percent and not m.is_percent:
            between = text[prev.end:m.start]
            conditions = list(c.condition.finditer(between))
            if conditions and "," not in between[conditions[-1].start():] and not c.trong_do.search(between):
                continue
        kept.append(m)
    return kept


def _rates_qualitative(ctx: Context) -> bool:
    """Bare ratings are targets only in a "chỉ tiêu" section (not in the goals around it)."""
    if ctx.targets is None:
        return False
    return ctx.goals is None or ctx.targets.node.level >= ctx.goals.node.level


def _parent(text: str, earlier: list[Indicator], m: Mention, c: Cues) -> Optional[Indicator]:
    """The target a "trong đó …" sub-target belongs to: the last numeric one before "trong đó"."""
    numeric = [i for i in earlier if i.comparator is not None]
    if not numeric:
        return None
    last = numeric[-1]
    between = text[last.span.end:m.number_start]
    if c.trong_do.search(between):
        return last
    if last.parent and ")" not in between:
        return next((i for i in earlier if i.id == last.parent), None)  # a sibling: "VNPT: 25 trạm, Viettel: 33 trạm"
    return None
