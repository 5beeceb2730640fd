"""The plan vocabulary of ``rules/plan.yaml``: unit kinds, routing and rewording rules.

A văn thư extends it by editing the YAML (new kind aliases, new collective phrasings); the
pydantic models here only say what shape that file must have.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import rules


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KindSpec(Strict):
    label: str
    aliases: list[str] = Field(default_factory=list)
    co_so: bool = False
    symbol: str = ""
    organisation: str
    committee: str
    authority: str = ""
    signer_title: str = "BÍ THƯ"
    members: str = ""
    archive: str = "Lưu"


class Rephrase(Strict):
    pattern: str
    to: Literal["committee", "organisation"]


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


class PlanRules(Strict):
    kinds: dict[str, KindSpec]
    unassigned_tasks_to: list[str] = Field(default_factory=list)
    unassigned_indicators_to: list[str] = Field(default_factory=list)
    subject_kinds: list[SubjectKinds] = Field(default_factory=list)
    collective_words: list[str] = Field(default_factory=list)
    collective_body_kinds: dict[str, list[str]] = Field(default_factory=dict)
    rephrase: list[Rephrase] = Field(default_factory=list)
    reporting_words: list[str] = Field(default_factory=list)
    suggest: SuggestRules = Field(default_factory=SuggestRules)
    columns: dict[str, list[str]] = Field(default_factory=dict)
    override_prefixes: list[str] = Field(default_factory=list)
    parent_from_issuer: list[ParentRule] = Field(default_factory=list)
    comparator_words: dict[str, str] = Field(default_factory=dict)


def plan_rules() -> PlanRules:
    return rules.load("plan", PlanRules)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case, NFC, diacritics removed, đ→d, runs of spaces collapsed: for loose comparison."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare).strip().lower()


@lru_cache(maxsize=8)
def _kind_index(rules_id: int) -> dict[str, str]:
    vocabulary = plan_rules()
    index: dict[str, str] = {}
    for key, spec in vocabulary.kinds.items():
        for word in [key, spec.label, *spec.aliases]:
            index.setdefault(fold(word), key)
    return index


def kind_key(written: str) -> str | None:
    """The canonical kind for what a units file wrote ('Chi bộ', 'đảng bộ cơ sở', 'CB' …)."""
    return _kind_index(id(plan_rules())).get(fold(written))


def kind_spec(key: str) -> KindSpec:
    return plan_rules().kinds[key]


def kind_names() -> list[str]:
    return [spec.label for spec in plan_rules().kinds.values()]
