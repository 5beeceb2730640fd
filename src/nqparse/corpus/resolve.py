"""Resolve cited codes: against the corpus first, then the known-documents registry
(:mod:`nqparse.extract.known_documents`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, Optional

from ..extract.citation_codes import code_key
from ..extract.known_documents import KnownDocument, known_by_code, known_documents  # noqa: F401  (xref reads KnownDocument here)
from ..schema import Resolution


@dataclass
class CorpusDocument:
    """What the cross-reference report needs of one indexed document."""

    code: str
    title: Optional[str]
    date: Optional[str]
    issuer: Optional[str]
    path: Optional[str]


class Resolver:
    """Looks a cited code up in the corpus, then in the known-documents registry."""

    def __init__(self, resolutions: Iterable[Resolution]):
        known_documents()                      # reload the registry if the rule folders changed
        self.corpus: dict[str, list[CorpusDocument]] = {}
        for r in resolutions:
            if r.metadata.code:
                doc = CorpusDocument(r.metadata.code, r.metadata.title, r.metadata.date, r.metadata.issuer, r.source.path)
                self.corpus.setdefault(code_key(r.metadata.code), []).append(doc)

    def resolve(self, code: str) -> tuple[Optional[Literal["corpus", "known"]], Optional[object]]:
        key = code_key(code)
        if key in self.corpus:
            return "corpus", self.corpus[key][0]
        known = known_by_code(code)
        if known is not None:
            return "known", known
        return None, None
