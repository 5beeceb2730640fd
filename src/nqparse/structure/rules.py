"""The header/closing vocabulary (``rules/header.yaml``) and name casing."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from pydantic import BaseModel

from .. import rules
from ..textkey import fold_tones as fold


class DocType(BaseModel):
    """One entry of ``rules/references.yaml`` ``doc_types``: the type word and its abbreviations."""

    name: str
    party: list[str] = []
    state: list[str] = []
    in_header: bool = True

    @property
    def abbr(self) -> list[str]:
        return self.party + self.state


class DocTypes(BaseModel):
    doc_types: list[DocType] = []


class Portfolio(BaseModel):
    heads: list[str] = []
    fields: list[str] = []


class PortfolioNames(BaseModel):
    """The part of ``rules/bodies.yaml`` the header reads: ministries and departments by field."""

    portfolios: list[Portfolio] = []


class HeaderRules(BaseModel):
    party_motto: str
    state_motto: str
    state_slogan: str
    org_heads: list[str]
    org_head_exceptions: list[str] = []
    proper_phrases: list[str] = []
    place_markers: list[str] = []
    keep_upper: list[str] = []
    signer_titles: list[str] = []
    authority_marks: list[str]
    signature_fillers: list[str] = []
    adopted_openers: list[str] = []        # "Nghị quyết này được … thông qua ngày …" opens the closing
    body_openers: list[str] = []
    letter_type: str = "Công văn"
    subject_markers: list[str] = ["V/v", "V/V", "Về việc"]
    addressee_openers: list[str] = ["Kính gửi"]
    signing_date_labels: list[str] = []
    signing_number_labels: list[str] = []
    copy_stamp_markers: list[str] = []
    recipient_purposes: dict[str, str] = {}


def header_rules() -> HeaderRules:
    return rules.load("header", HeaderRules)


@lru_cache(maxsize=4)
def _proper_pattern(phrases: tuple[str, ...]) -> tuple[re.Pattern, dict[str, str]]:
    ordered = sorted(phrases, key=len, reverse=True)
    canon = {fold(p): p for p in ordered}
    pattern = re.compile(r"(?<![\wÀ-ỹ])(" + "|".join(re.escape(fold(p)) for p in ordered) + r")(?![\wÀ-ỹ])")
    return pattern, canon


def _portfolio_names() -> tuple[str, ...]:
    """"Bộ Nông nghiệp và Môi trường", "Sở Tài chính": ministries and departments keep their capitals."""
    groups = rules.load("bodies", PortfolioNames).portfolios
    return tuple(f"{head} {name}" for group in groups for head in group.heads for name in group.fields)


def sentence_case(name: str) -> str:
    """'ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP' → 'Đảng ủy Khối các cơ quan và doanh nghiệp'."""
    cfg = header_rules()
    text = " ".join(name.split())
    if not text:
        return text
    if not text.isupper():
        return text  # already in running-text form
    keep = set(cfg.keep_upper)
    low = " ".join(w if w in keep else fold(w) for w in text.split())
    pattern, canon = _proper_pattern(tuple(cfg.proper_phrases) + _portfolio_names())
    low = pattern.sub(lambda m: canon.get(m.group(1), m.group(1)), low)
    for marker in sorted(cfg.place_markers, key=len, reverse=True):
        m = re.search(rf"(?<![\wÀ-ỹ]){re.escape(marker)} ([\wÀ-ỹ][\wÀ-ỹ ]*)$", low, re.IGNORECASE)
        if m:
            place = " ".join(w[:1].upper() + w[1:] for w in m.group(1).split())
            low = low[: m.start(1)] + place
            break
    return low[:1].upper() + low[1:]


def all_doc_types() -> list[DocType]:
    """Every document type of references.yaml: the list the citations read too."""
    return rules.load("references", DocTypes).doc_types


def doc_types() -> list[DocType]:
    """The document types a header may name (one list with the citations': references.yaml)."""
    return [t for t in all_doc_types() if t.in_header]


def doc_type_for_abbr(abbr: str, family: Optional[str]) -> Optional[str]:
    """The type an abbreviation of the document's own symbol stands for in its family: Party "TT"
    is Thông tri, State "TT" Thông tư; of several, the one the others extend ("TB": Thông báo,
    not Thông báo kết luận), and none when they differ (Party "QĐ": Quy định or Quyết định)."""
    names = [t.name for t in doc_types() if abbr in (t.party if family == "party" else t.state if family == "state" else [])]
    names = names or [t.name for t in doc_types() if abbr in t.abbr]   # "CV" in a State-looking symbol
    general = [n for n in names if all(other.startswith(n) for other in names)]
    return general[0] if general else None
