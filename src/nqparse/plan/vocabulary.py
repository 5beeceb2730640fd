"""The plan vocabulary of ``rules/plan.yaml``: unit kinds, routing and rewording rules.

A văn thư extends it by editing the YAML (new kind aliases, new collective phrasings); the
pydantic models here only say what shape that file must have.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .. import rules
from ..textkey import bare, fold_tones


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Side = Literal["party", "state"]
Sector = Literal["enterprise", "agency"]


class KindSpec(Strict):
    label: str
    side: Side
    sector: Optional[Sector] = None
    aliases: list[str] = Field(default_factory=list)
    symbol: str = ""
    organisation: str
    committee: str
    head: str = ""
    authority: str = ""
    signer_title: str = "BÍ THƯ"
    members: str = ""
    archive: str = "Lưu"
    duties: list[str] = Field(default_factory=list)
    scope: str = "của {name}"


class SideSpec(Strict):
    template: str
    numerals: str
    number_line: str
    purpose: list[str]
    requirement: list[str]
    reporting: str


class Phrase(Strict):
    pattern: str
    to: Literal["committee", "organisation", "head"]


class LiteralPhrase(Strict):
    pattern: str
    to: str


class Rephrase(Strict):
    kinds: list[str]
    at_clause_start: bool = False
    phrases: list[Phrase]


class Addressee(Strict):
    phrases: list[str]
    kinds: list[str]


class TargetReview(Strict):
    as_set: str
    own_goal: str
    share: str
    override: str


class TargetLevels(Strict):
    party_units: list[str]
    people: list[str] = Field(default_factory=list)
    workplaces: list[str]
    per_unit: list[str]
    frequency: list[str] = Field(default_factory=list)
    frequency_units: list[str] = Field(default_factory=list)
    issuer_level: list[str] = Field(default_factory=list)
    own_goal: str
    share_blank: str
    share_issuer: str
    goal_level: str
    review: TargetReview


class SectorWords(Strict):
    unit_words: list[str] = Field(default_factory=list)
    task_openings: list[str] = Field(default_factory=list)


class KindWord(Strict):
    word: str
    kind: str


class SuggestRules(Strict):
    skip_purposes: list[str] = Field(default_factory=list)
    skip_prefixes: list[str] = Field(default_factory=list)
    skip_suffixes: list[str] = Field(default_factory=list)
    kind_words: list[KindWord] = Field(default_factory=list)
    body_kinds: dict[str, str] = Field(default_factory=dict)


class ParentRule(Strict):
    prefix: str
    to: str


class SubjectKinds(Strict):
    words: list[str]
    kinds: list[str]


class Headings(Strict):
    purpose: str
    targets: str
    tasks: str
    organisation: str


class Wording(Strict):
    title: str
    trich_yeu: str
    opening: str
    headings: Headings
    purpose_heading: str
    requirement_heading: str
    indicator_columns: list[str]
    indicator_note: str
    no_indicators: str
    no_tasks: str
    task_section: str
    task_partner: str
    task_partner_unnamed: str
    task_deadline: str
    task_owner: str
    reporting_deadlines: str
    reporting_blank: str
    workplace: dict[Sector, str]


class PlanRules(Strict):
    kinds: dict[str, KindSpec]
    sides: dict[Side, SideSpec]
    wording: Wording
    sector_words: dict[Sector, list[str]] = Field(default_factory=dict)
    issuer_level_words: list[str] = Field(default_factory=list)
    partner_openings: list[str] = Field(default_factory=list)
    target_levels: TargetLevels
    sectors: dict[Sector, SectorWords] = Field(default_factory=dict)
    opening_words: int = 8
    sector_rephrase: dict[Sector, list[LiteralPhrase]] = Field(default_factory=dict)
    task_words: int = 70
    subject_kept_after: list[str] = Field(default_factory=list)
    retitled_groups: list[str] = Field(default_factory=list)
    retitle: str = ""
    partner_heading: str = ""
    annex_heading: str = ""
    unassigned_tasks_to: list[str] = Field(default_factory=list)
    unassigned_indicators_to: list[str] = Field(default_factory=list)
    subject_kinds: list[SubjectKinds] = Field(default_factory=list)
    collective_words: list[str] = Field(default_factory=list)
    addressees: list[Addressee] = Field(default_factory=list)
    rephrase: list[Rephrase] = Field(default_factory=list)
    reporting_words: list[str] = Field(default_factory=list)
    suggest: SuggestRules = Field(default_factory=SuggestRules)
    columns: dict[str, list[str]] = Field(default_factory=dict)
    override_prefixes: list[str] = Field(default_factory=list)
    parent_from_issuer: list[ParentRule] = Field(default_factory=list)
    comparator_words: dict[str, str] = Field(default_factory=dict)


def plan_rules() -> PlanRules:
    return rules.load("plan", PlanRules)


@rules.cached(maxsize=1)
def _kind_index() -> dict[str, str]:
    vocabulary = plan_rules()
    index: dict[str, str] = {}
    for key, spec in vocabulary.kinds.items():
        for word in [key, spec.label, *spec.aliases]:
            index.setdefault(bare(word), key)
    return index


def kind_key(written: str) -> str | None:
    """The canonical kind for what a units file wrote ('Chi bộ', 'đảng bộ cơ sở', 'CB' …)."""
    return _kind_index().get(bare(written))


def kind_spec(key: str) -> KindSpec:
    return plan_rules().kinds[key]


def kind_names() -> list[str]:
    return [spec.label for spec in plan_rules().kinds.values()]


def side_spec(kind: str) -> SideSpec:
    return plan_rules().sides[kind_spec(kind).side]


@lru_cache(maxsize=65536)
def has_phrase(text: str, phrase: str) -> bool:
    """True when ``phrase`` occurs in ``text`` as whole words, case and tone placement aside.

    Diacritics count: "mới" is not "mỗi", "cơ sở" does not hold "số"."""
    return _phrase_pattern(fold_tones(phrase)).search(fold_tones(text)) is not None


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
