"""The registry of documents offices cite without their number, or with a short form.

``rules/known_documents.yaml`` lists documents cited without a number ("Nghị quyết Trung ương 4
khóa XII", "Điều lệ Đảng") or with a short form ("Quy định số 37 về những điều đảng viên không
được làm"), each with where its facts were confirmed. The citation reader resolves such
citations here; the corpus resolver (:mod:`nqparse.corpus.resolve`) falls back to it.
"""
from __future__ import annotations

import re
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .. import rules
from .citation_codes import code_key, fold, issuer_for_name, vocabulary_cache


class KnownDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Optional[str] = Field(None, description="Canonical code; null for documents without one (Điều lệ Đảng).")
    doc_type: Optional[str] = None
    date: Optional[str] = Field(None, description="ISO date of issue.")
    issuer: Optional[str] = None
    title: Optional[str] = None
    aliases: list[str] = Field(default_factory=list, description="Names it is cited by without a number.")
    status: str = Field("in force", description="'in force', 'replaced by <code>', 'expired' …")
    source: str = Field(description="Where the facts were confirmed: a corpus path or 'standards.md'.")
    unconfirmed: list[str] = Field(default_factory=list,
                                   description="Fields the source does not state (not used to flag inconsistencies).")


class KnownDocuments(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[KnownDocument] = Field(default_factory=list)


def known_documents() -> KnownDocuments:
    return rules.load("known_documents", KnownDocuments)


@vocabulary_cache(1)
def _by_code() -> dict[str, KnownDocument]:
    return {code_key(d.code): d for d in known_documents().documents if d.code}


@vocabulary_cache(1)
def _by_alias() -> dict[str, KnownDocument]:
    return {fold(a): d for d in known_documents().documents for a in d.aliases}


def known_by_code(code: Optional[str]) -> Optional[KnownDocument]:
    return _by_code().get(code_key(code)) if code else None


def known_by_alias(name: str) -> Optional[KnownDocument]:
    """The registry entry cited by ``name`` ("Nghị quyết Trung ương 4 khóa XII"), ignoring case and spaces."""
    return _by_alias().get(fold(name.replace("khoá", "khóa")))


def _words(text: Optional[str]) -> set[str]:
    return set(re.findall(r"\w+", fold(text or "")))


def known_by_parts(doc_type: Optional[str], number: Optional[str], issuer: Optional[str],
                   title: Optional[str]) -> Optional[KnownDocument]:
    """A partial citation resolved by type + number and its issuer or most of its title words."""
    if not (doc_type and number) or not (issuer or title):
        return None
    want_number = number.lstrip("0")
    symbol = issuer_for_name(issuer).symbol if issuer and issuer_for_name(issuer) else None
    for d in known_documents().documents:
        if not d.code or fold(d.doc_type or "") != fold(doc_type):
            continue
        if re.split(r"[-/]", d.code)[0].lstrip("0") != want_number:
            continue
        if symbol and not code_key(d.code).endswith("/" + code_key(symbol)):
            continue
        if title and not issuer:
            words = _words(title)
            if len(words & _words(d.title)) < 0.6 * len(words):
                continue
        return d
    return None
