"""The rule files the extractors read, validated on load and compiled once.

``rules/indicators.yaml`` (comparator words, units, cues), ``rules/bodies.yaml`` (body names,
aliases, kinds) and ``rules/sections.yaml`` (heading cues) are plain YAML a văn thư edits;
this module turns their phrases into case-insensitive regular expressions where a space
matches any run of whitespace and longer phrases are tried first.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator, TypeVar

from pydantic import BaseModel, Field, field_validator

from .. import rules
from ..schema import BodyKind

T = TypeVar("T")


def phrase_pattern(phrases: list[str]) -> str:
    """An alternation of ``phrases``, longest first, whitespace-tolerant, not inside a word."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in ordered]
    return r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])" if parts else r"(?!x)x"


def compile_phrases(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(phrase_pattern(phrases), re.IGNORECASE)


_TOKEN = re.compile(r"[^\W_]+")


class PhraseIndex:
    """Many phrases found in one pass: candidates are looked up by their first word.

    A regex alternation of a few hundred names costs a trial of every name at every offset;
    looking up each word of the text in a dict and trying only the names that start with it is
    linear in the text.
    """

    def __init__(self, phrases: list[str], case_sensitive: bool = False, followed_by: str = r"(?![\w])"):
        self.case_sensitive = case_sensitive
        flags = 0 if case_sensitive else re.IGNORECASE
        grouped: dict[str, list[str]] = {}
        for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
            first = _TOKEN.match(phrase)
            if first is None:
                continue
            key = first.group(0) if case_sensitive else first.group(0).lower()
            grouped.setdefault(key, []).append(r"\s+".join(re.escape(w) for w in phrase.split()))
        self.by_first = {key: re.compile("(?:" + "|".join(alts) + ")" + followed_by, flags)
                         for key, alts in grouped.items()}

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """Longest phrase starting at each word, left to right (matches may overlap)."""
        for w in _TOKEN.finditer(text, start, end):
            if w.start() > 0 and (text[w.start() - 1].isalnum() or text[w.start() - 1] == "_"):
                continue
            pattern = self.by_first.get(w.group(0) if self.case_sensitive else w.group(0).lower())
            if pattern is not None:
                m = pattern.match(text, w.start(), end)
                if m:
                    yield m


class IndicatorRules(BaseModel):
    comparators_before: dict[str, list[str]]
    comparators_after: dict[str, list[str]] = {}
    from_words: list[str] = ["từ"]
    range_joiners: list[str] = ["-", "đến"]
    multiplier_words: list[str] = ["gấp"]
    number_words: dict[str, int] = {}
    units: list[str] = []
    non_target_units: list[str] = []
    weak_units: list[str] = []
    unit_breakers: list[str] = []            # "được", "và": words that never belong to a unit read from the text
    aspiration_cues: list[str] = []
    past_cues: list[str] = []
    fact_cues: list[str] = []
    rating_phrases: list[str] = []
    not_a_quantity_after: list[str] = []     # "Điều 5", "Tổ 3", "Nghị quyết 57": no quantity (case counts)
    year_word: str = "năm"                   # "năm 2025": a year …
    year_word_not_after: list[str] = []      # … unless "hằng năm 2 lần"
    rating_verbs: list[str] = []             # "từ 80% … xếp loại … trở lên": the bound is the rating's
    subject_heads: list[str] = []
    condition_starts: list[str] = []
    rank_patterns: list[str] = []
    target_names: list[str] = []
    normative_doc_types: list[str] = []
    classifier_nouns: list[str] = []
    conditional_cues: list[str] = []
    rank_unit: str = "hạng"
    change_words: list[str] = []             # "từ 10 ngày thành 09 ngày": the first is where it starts
    distant_comparators: list[str] = []      # "tối thiểu có 05 …": the minimum word a few words away
    distant_comparator_words: int = 3
    distant_comparator_breaks: list[str] = []
    money_scales: dict[str, float] = {}      # "triệu đồng": 1e6 — ranges across scales, rates
    norm_cues: list[str] = []                # "mức chi", "đơn giá", "phí": norms and prices, not targets
    norm_headings: list[str] = []            # "Kinh phí thực hiện": sums to spend
    norm_titles: list[str] = []              # a document that sets norms, fees, powers, procedures
    normative_codes: list[str] = []          # "12/2025/NQ-HĐND": a legal normative document
    statement_cues: list[str] = []           # "gồm", "bị", "hiện có": a statement of fact
    compound_words: list[str] = []           # "kinh tế số": "số" there is no head
    percent_denominators: list[str] = []     # "% GRDP": what the share is of
    subject_verbs: list[str] = []            # "Kinh tế số chiếm 45%": where the opening subject ends
    criterion_cues: list[str] = []           # "với tỷ lệ 1% - 3% doanh thu": a criterion, not a target
    progress_columns: list[str] = []         # "Kết quả hiện nay": a task table that reports progress
    duration_units: list[str] = []           # "ít nhất 10 ngày": a notice period unless sought ("giảm còn …")
    name_heads: list[str] = []               # "phong trào “500 ngày đêm … 3.000 km …”": a number in a name

    @field_validator("comparators_before", "comparators_after")
    @classmethod
    def known_comparators(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        allowed = {">", ">=", "<", "<=", "=", "approx"}
        bad = set(value) - allowed
        if bad:
            raise ValueError(f"unknown comparator(s) {sorted(bad)}; use one of {sorted(allowed)}")
        return value

    @field_validator("rank_patterns", "normative_codes")
    @classmethod
    def valid_regexes(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
        return value


class BodyEntry(BaseModel):
    name: str
    kind: BodyKind
    aliases: list[str] = []
    abbreviations: list[str] = Field(default_factory=list, description="Matched case-sensitively.")
    everyone: bool = Field(False, description="The addressees at large: as the subject of a sentence, no lead of its own.")


class RelativeOrgan(BaseModel):
    """An organ named without its committee ("Ban Thường vụ"), completed with the issuer's name."""

    name: str
    kind: BodyKind
    aliases: list[str] = []


class NamePattern(BaseModel):
    """A generic head ("Sở", "Bộ") followed by a capitalised proper name."""

    head: str
    kind: BodyKind


class Portfolios(BaseModel):
    """Ministries and provincial departments by field: every head with every field is a body
    ("Bộ" + "Ngoại giao", "Sở" + "Giao thông vận tải")."""

    heads: list[str] = []
    kind: BodyKind = BodyKind.CO_QUAN_NHA_NUOC
    fields: list[str] = []


class BodyRules(BaseModel):
    bodies: list[BodyEntry] = []
    portfolios: list[Portfolios] = []
    relative_organs: list[RelativeOrgan] = []
    issuer_short_names: list[str] = []
    name_patterns: list[NamePattern] = []
    name_connectors: list[str] = ["và", "của"]
    name_tails: list[str] = []
    name_stop_words: list[str] = []
    name_breakers: list[str] = []
    not_bodies: list[str] = []
    name_continues: list[str] = []          # stop words that may still continue a name in a heading
    cell_not_names: list[str] = []          # capitalised openings of a lead/partner cell that name no body
    collective_heads: list[str] = []        # "đơn vị", "tổ chức": "Các đơn vị cấp nước …" heading names bodies
    addressee_heads: list[str] = []          # "Các đơn vị …" opening a paragraph: everyone, no body
    heading_tails: list[str] = []           # "có trách nhiệm" after a body heading
    sentence_openers: list[str] = []        # "Để …", "Trên cơ sở …": a heading that is a sentence, no body
    sentence_modals: list[str] = []         # "phải", "cần" in a heading: a sentence, no body
    name_kept_phrases: list[str] = []       # "có thẩm quyền" after a name still belongs to it
    people_nouns: list[str] = []            # "cá nhân": people an article binds like a body
    elliptic_heads: list[str] = []          # "Các Bộ: Quốc phòng, Công an": one head for a list of names
    elliptic_companions: list[str] = []     # "Các Bộ, cơ quan: …"
    list_nouns: list[str] = []              # lower-case names in a "phối hợp với …" list: chính quyền, lực lượng …
    person_titles: list[str] = []           # "Giám đốc", "Chủ tịch": the head of a body, who leads in person
    person_bare_nouns: list[str] = []       # "Giám đốc Sở", "Thủ trưởng cơ quan, ban, ngành": kinds named bare
    delegators: list[str] = []              # bodies that hand work down: "UBND tỉnh yêu cầu các Sở …"
    place_actor_verbs: list[str] = []       # "tỉnh Đắk Lắk cần …": a province acting is a body
    place_actor_cues: list[str] = []        # "Đề nghị tỉnh Thanh Hóa …"
    split_heads: list[str] = []             # "Bộ", "Sở" inside a name start another one: "… Truyền thông Bộ Khoa học …"
    name_qualifiers: list[str] = []         # "có liên quan", "đóng trên địa bàn": part of the name that precedes them

    def entries(self) -> list[BodyEntry]:
        """The named bodies, those of ``portfolios`` included ("Bộ Ngoại giao", "Sở Y tế")."""
        made = [BodyEntry(name=f"{head} {name}", kind=group.kind)
                for group in self.portfolios for head in group.heads for name in group.fields]
        return list(self.bodies) + made


class SectionRules(BaseModel):
    target_headings: list[str] = []          # "chỉ tiêu": numbers are targets, bare items qualitative targets
    goal_headings: list[str] = []            # "mục tiêu": goals (and numeric targets in "mục tiêu cụ thể")
    specific_goal_headings: list[str] = []
    general_goal_headings: list[str] = []
    past_headings: list[str] = []            # reports: numbers are past statistics
    definition_headings: list[str] = []      # definitions: numbers are legal thresholds
    task_headings: list[str] = []            # items below are tasks
    not_task_headings: list[str] = []        # "mục đích, yêu cầu", "quan điểm" … even under a task heading
    closing_phrases: list[str] = []          # "Trên đây là Kế hoạch …": not a task
    contact_labels: list[str] = []           # "Nhận báo cáo: Đồng chí …": a contact, not a task
    opinion_verbs: list[str] = []            # "Bộ Chính trị … nhất trí với …": a view, not a task
    responsibility_headings: list[str] = []  # sub-headings there name the lead body
    responsibility_heading_lead_ins: list[str] = []  # "Giao", "Đề nghị" before the body in such a heading
    owner_heading_lead_ins: list[str] = []   # "Trách nhiệm của …": an article on whoever it binds
    topic_heading_lead_ins: list[str] = []   # "Đối với …": a body, or a topic
    lead_prefixes: list[str] = []            # "Giao", "Đề nghị", "Căn cứ …," before the lead body
    task_fields: dict[str, list[str]] = {}   # lead / partners / deadline / other → labels
    task_labels: list[str] = []              # "a) Nhiệm vụ:" over the task items below it
    delegation_verbs: list[str] = []         # "UBND Thành phố yêu cầu các Sở …": the latter lead
    directive_verbs: list[str] = []          # "… yêu cầu … như sau:", "… chỉ thị:": the items below are tasks
    obligation_verbs: list[str] = []         # "Sở X có trách nhiệm …" in a regulation's article: a task
    obligation_not_before: list[str] = []    # "chịu trách nhiệm trước pháp luật": answers to, no work
    rule_statements: list[str] = []          # "… được sửa đổi, bổ sung hoặc thay thế thì áp dụng theo …": no task
    lead_verbs: list[str] = []               # "chủ trì"
    partner_cues: list[str] = []             # "phối hợp với"
    later_partner_cues: list[str] = []       # "… . Phối hợp với X …" later in an item: more partners


def indicator_rules() -> IndicatorRules:
    return rules.load("indicators", IndicatorRules)


def body_rules() -> BodyRules:
    return rules.load("bodies", BodyRules)


def section_rules() -> SectionRules:
    return rules.load("sections", SectionRules)


def compiled(source: BaseModel, key: str, build: Callable[[], T]) -> T:
    """``build()`` once per rule set: ``source`` is a rules object of the active :class:`rules.Rules`,
    and the value is kept on that Rules (another rule set builds its own)."""
    hit = rules.active().derived_values.get((id(source), key))
    if hit is None:
        hit = rules.active().derived_values.setdefault((id(source), key), (source, build()))
    if hit[0] is not source:   # a rules object of another rule set: built, not kept
        return build()
    return hit[1]  # type: ignore[return-value]


def field_matcher() -> re.Pattern[str]:
    """"Cơ quan chủ trì: …" — a labelled field; group ``label`` says which."""
    sr = section_rules()

    def build() -> re.Pattern[str]:
        labels = [label for labels in sr.task_fields.values() for label in labels]
        return re.compile(r"(?P<label>" + phrase_pattern(labels) + r")\s*:\s*", re.IGNORECASE)

    return compiled(sr, "task-fields", build)


def field_kind(label: str) -> str:
    key = " ".join(label.lower().split())
    for kind, labels in section_rules().task_fields.items():
        if key in {" ".join(x.lower().split()) for x in labels}:
            return kind
    return "other"


def heading_matcher(kind: str) -> re.Pattern[str]:
    """Matcher for one list of ``rules/sections.yaml`` (e.g. ``"task_headings"``)."""
    sr = section_rules()
    return compiled(sr, kind, lambda: compile_phrases(getattr(sr, kind)))
