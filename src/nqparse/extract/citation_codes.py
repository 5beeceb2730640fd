"""Citation vocabulary and canonical codes (số và ký hiệu).

Canonical forms (Hướng dẫn 36-HD/VPTW, Nghị định 30/2020/NĐ-CP, Luật 80/2015/QH13 Điều 10):

- Party: ``N-TYPE/ISSUER`` — ``12-CT/TU``, ``3260-KH/ĐĐQH15``, ``27-CTr/TU``;
- State: ``N/TYPE-ISSUER`` — ``71/NQ-CP``, ``411/QĐ-TTg``, ``03/VBHN-VPQH``;
  with the year for normative documents: ``30/2020/NĐ-CP``, ``55/2005/TTLT-BNV-VPCP``;
  laws and resolutions of Quốc hội: ``80/2015/QH13``.

:func:`code_key` is the comparison key used everywhere codes are matched (case, dashes,
spaces and leading zeros of the number do not matter).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .. import grammar, rules
from ..textkey import fold  # the key for vocabulary lookups


class DocTypeWord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    party: list[str] = Field(default_factory=list, description="Abbreviations in Party symbols.")
    state: list[str] = Field(default_factory=list, description="Abbreviations in State symbols.")
    year_in_code: bool = False
    in_header: bool = Field(True, description="Read as a document's own type above its title (not 'Văn bản').")


class IssuerWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    symbol: str
    family: Literal["party", "state"]
    names: list[str]
    symbol_prefix: bool = Field(False, description="Symbols carry a suffix (QH13, QH15).")


class RoleWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    legal_basis: list[str] = Field(default_factory=list)
    implements: list[str] = Field(default_factory=list)
    title_implements: list[str] = Field(default_factory=list)


class BackReferenceWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    this: list[str] = Field(default_factory=list)
    previous: list[str] = Field(default_factory=list)


class ScopeWords(BaseModel):
    """Which numbers are national and how an issuer names its place (read by ``corpus.resolve``)."""

    model_config = ConfigDict(extra="forbid")
    national: list[str] = Field(default_factory=list, description="Issuer parts of codes unique in the whole country.")
    place_words: list[str] = Field(default_factory=list, description="Words before a place name in an issuer.")


class TitleWords(BaseModel):
    """Where a cited document's title (trích yếu) begins and ends."""

    model_config = ConfigDict(extra="forbid")
    openers: list[str] = Field(default_factory=list, description="Verbs opening a title written without 'về'.")
    ends: list[str] = Field(default_factory=list, description="Words that begin a new clause after a title.")
    comma_ends: list[str] = Field(default_factory=list, description="… only when they follow a comma.")
    clause_verbs: list[str] = Field(default_factory=list, description="', Subject <verb>' starts the citing clause.")
    links: list[str] = Field(default_factory=list, description="A title ending with these goes on through the next citation.")


class ReferenceRules(BaseModel):
    """Schema of ``rules/references.yaml``."""

    model_config = ConfigDict(extra="forbid")
    doc_types: list[DocTypeWord]
    law_words: list[str] = Field(default_factory=list)
    issuers_followed_by_place: list[str] = Field(default_factory=list)
    issuers: list[IssuerWords] = Field(default_factory=list)
    issuer_heads: list[str] = Field(default_factory=list, description="Offices signing for an issuer ('Bộ trưởng').")
    roles: RoleWords = Field(default_factory=RoleWords)
    back_references: BackReferenceWords = Field(default_factory=BackReferenceWords)
    scope: ScopeWords = Field(default_factory=ScopeWords)
    titles: TitleWords = Field(default_factory=TitleWords)
    law_names: list[str] = Field(default_factory=list, description="Law names holding commas, 'và' or stop words.")


vocabulary_cache = rules.cached   # values derived from the rule files, one cache per rule set


def reference_rules() -> ReferenceRules:
    return rules.load("references", ReferenceRules)


_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "‒": "-", "−": "-"})


def code_key(code: str) -> str:
    """Comparison key of a code: ``57-NQ/TW`` == ``57 - nq/tw`` == ``057-NQ/TW``."""
    text = unicodedata.normalize("NFC", code).translate(_DASHES).replace("\\", "")
    text = re.sub(r"\s+", "", text).casefold()
    return re.sub(r"^0+(?=\d)", "", text)


@vocabulary_cache()
def type_words_for(abbreviation: str, family: str) -> tuple[str, ...]:
    """Document-type names an abbreviation stands for ("QĐ", party → Quy định, Quyết định)."""
    key = fold(abbreviation)
    out = []
    for t in reference_rules().doc_types:
        abbrs = t.party if family == "party" else t.state
        if any(fold(a) == key for a in abbrs) and t.name not in out:
            out.append(t.name)
    return tuple(out)


@vocabulary_cache()
def doc_type_named(word: str) -> Optional[DocTypeWord]:
    key = fold(word)
    for t in reference_rules().doc_types:
        if fold(t.name) == key:
            return t
    return None


@vocabulary_cache()
def canonical_abbreviation(abbreviation: str, family: str) -> str:
    """The spelling of a type abbreviation the vocabulary uses ("ctr" → "CTr"), else upper case."""
    return grammar.canonical_abbreviation(abbreviation, family, reference_rules().doc_types)


@vocabulary_cache()
def is_state_only_type(abbreviation: str) -> bool:
    key = fold(abbreviation)
    types = reference_rules().doc_types
    in_state = any(fold(a) == key for t in types for a in t.state)
    in_party = any(fold(a) == key for t in types for a in t.party)
    return in_state and not in_party


@vocabulary_cache()
def issuer_family(symbol: str) -> Optional[str]:
    """'party' or 'state' when the vocabulary knows the issuer symbol ("CP" → state)."""
    key = fold(symbol)
    for i in reference_rules().issuers:
        s = fold(i.symbol)
        if key == s or (i.symbol_prefix and key.startswith(s) and key[len(s):].isdigit()):
            return i.family
    return None


@vocabulary_cache(None)
def _issuer_index() -> list[tuple[str, IssuerWords]]:
    pairs = [(fold(n), i) for i in reference_rules().issuers for n in i.names]
    return sorted(pairs, key=lambda p: -len(p[0]))


def issuer_for_name(name: str) -> Optional[IssuerWords]:
    """The issuer entry whose name begins ``name`` (longest first): "Ban Thường vụ Tỉnh ủy Trà Vinh" → TU."""
    key = fold(name)
    for n, entry in _issuer_index():
        if key == n or key.startswith(n + " "):
            return entry
    return None


def issuer_names() -> list[str]:
    return [n for i in reference_rules().issuers for n in i.names]


def party_code(number: str, abbreviation: str, issuer: str) -> str:
    return grammar.party_code(number, abbreviation, issuer, reference_rules().doc_types)


def state_code(number: str, year: Optional[str], abbreviation: Optional[str], issuer: str) -> str:
    return grammar.state_code(number, year, abbreviation, issuer, reference_rules().doc_types)


@vocabulary_cache()
def normalize_issuer_symbol(issuer: str) -> str:
    """Upper-case an issuer symbol, keeping the vocabulary's mixed case (TTg)."""
    parts = []
    for part in issuer.split("-"):
        fam_entry = next((i for i in reference_rules().issuers if fold(i.symbol) == fold(part)), None)
        parts.append(fam_entry.symbol if fam_entry else part.upper())
    return "-".join(parts)
