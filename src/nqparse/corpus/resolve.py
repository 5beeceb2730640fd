"""Resolve cited codes: against the corpus first, then the known-documents registry
(:mod:`nqparse.extract.known_documents`).

A code names one document only within its scope. Central numbers (``57-NQ/TW``,
``30/2020/NĐ-CP``, ``2629/QĐ-TTg``; the list is ``scope.national`` in ``rules/references.yaml``)
are national; every other number is unique only within its issuer — Đồng Tháp's
``310/KH-UBND`` is not Hà Nội's — and, for a State code without its year, within the year.
So a citation resolves to an indexed document only when the issuer fits: the place named in
the citation ("của UBND tỉnh Đồng Tháp"), else the citing document's own place ("của Ủy ban
nhân dân Tỉnh", "của Tỉnh ủy", or no issuer at all). When either place is unknown the link is
only *possible*.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Literal, Optional

from ..extract.citation_codes import code_key, fold, issuer_for_name, reference_rules, type_words_for, vocabulary_cache
from ..extract.known_documents import known_by_code, known_documents
from ..textkey import fold_tones


# -- the scope of a number --------------------------------------------------------------

Match = Literal["certain", "possible", "excluded"]
PARTY_TERM_YEARS = 5


@dataclass(frozen=True)
class CodeScope:
    """What a code says about where its number is unique.

    ``national``: the issuer part is a central body's (``57-NQ/TW``, ``30/2020/NĐ-CP``,
    ``2629/QĐ-TTg``, ``80/2015/QH13``); otherwise the number is unique only within its issuer.
    ``yearly``: a State code without its year (``310/KH-UBND``, ``23/CT-TTg``): numbering starts
    again each year, so the year of the date belongs to the identity.
    ``party``: a Party code, numbered anew each five-year term (khóa, nhiệm kỳ): dates five or
    more years apart are two documents (42-HD/BTCTW of 2005 and of 2025), a few years apart
    perhaps two.
    """

    national: bool
    yearly: bool
    party: bool = False

    def years_apart(self, a: Optional[int], b: Optional[int]) -> Match:
        """Can a citation dated in year ``a`` name a document dated in year ``b``?"""
        if not a or not b or a == b:
            return "certain"
        if self.yearly or (self.party and abs(a - b) >= PARTY_TERM_YEARS):
            return "excluded"
        return "possible" if self.party else "certain"


_PARTY_CODE = re.compile(r"^\d+[a-z]?-[^/]+/(?P<issuer>.+)$", re.I)
_STATE_CODE = re.compile(r"^\d+[a-z]?/(?:(?P<year>\d{4})/)?(?P<rest>.+)$", re.I)


def _issuer_parts(code: str) -> tuple[list[str], bool, bool]:
    """(issuer parts, is a State code, carries its year) of a canonical code."""
    text = code.replace(" ", "")
    party = _PARTY_CODE.match(text)
    if party:
        return party.group("issuer").split("-"), False, False
    state = _STATE_CODE.match(text)
    if not state:
        return [], False, False
    parts = [p for p in state.group("rest").split("-") if p]
    if len(parts) > 1 and type_words_for(parts[0], "state"):
        parts = parts[1:]                    # 71/NQ-CP → CP; 10989/BNV-TCBC → BNV
    return parts, True, state.group("year") is not None


def _is_national(part: str) -> bool:
    key = fold(part)
    for symbol in reference_rules().scope.national:
        s = fold(symbol)
        if key == s or (key.startswith(s) and key[len(s):].isdigit()):
            return True
    return False


@vocabulary_cache()
def code_scope(code: str) -> CodeScope:
    """Where the number of ``code`` is unique: in the country, or within its issuer (and year)."""
    parts, state, has_year = _issuer_parts(code)
    return CodeScope(national=bool(parts) and _is_national(parts[0]), yearly=state and not has_year,
                     party=bool(parts) and not state)


@dataclass(frozen=True)
class Place:
    """A place an issuer belongs to ("Đồng Tháp", "Hà Nội"), compared by its folded words."""

    key: tuple[str, ...]
    name: str = field(compare=False, hash=False)

    def same(self, other: "Place") -> bool:
        """One names the other ("Hà Nội" ~ "Hà Nội Trung tâm Phục vụ …" read from a run-on issuer)."""
        n = min(len(self.key), len(other.key))
        return n > 0 and self.key[:n] == other.key[:n]


@vocabulary_cache(1)
def _place_words() -> list[tuple[str, ...]]:
    words = [tuple(fold_tones(w).split()) for w in reference_rules().scope.place_words]
    return sorted(words, key=len, reverse=True)


PLACE_MAX_WORDS = 3          # Thừa Thiên Huế, Hồ Chí Minh, Bà Rịa - Vũng Tàu (prefixes compare equal)
_WORD = re.compile(r"[^\s,;:()\"“”]+")


def read_place(issuer: Optional[str]) -> tuple[Optional[Place], bool]:
    """(the place an issuer names, whether it has a place word at all).

    "Ủy ban nhân dân tỉnh Đồng Tháp" → (Đồng Tháp, True); "HĐND Thành phố", "Ban Thường vụ
    Tỉnh ủy" → (None, True): the citing document's own place; "Bộ Y tế" → (None, False).
    """
    if not issuer:
        return None, False
    words = _WORD.findall(issuer)
    keys = [fold_tones(w) for w in words]
    for i in range(len(words)):
        for phrase in _place_words():
            if tuple(keys[i:i + len(phrase)]) != phrase:
                continue
            name = []
            for w in words[i + len(phrase):]:
                if w == "-" and name:
                    name.append(w)
                elif w[:1].isupper() or w[:1].isdigit():
                    name.append(w)
                else:
                    break
                if sum(w != "-" for w in name) == PLACE_MAX_WORDS:
                    break                  # "Hà Nội Trung tâm Phục vụ …": a run-on issuer
            while name and name[-1] == "-":
                name.pop()
            if name:
                text = " ".join(name)
                return Place(tuple(fold_tones(text).replace("-", " ").split()), text), True
            return None, True
    return None, False


def places_of(metadata) -> frozenset[Place]:
    """The places a document's issuer belongs to: its own, its parent's ("Đảng bộ tỉnh Trà Vinh")
    and, for a local body whose header names none ("Ban Thường vụ Tỉnh ủy"), the place it is
    dated at ("Trà Vinh, ngày …"). A central body's documents are dated at Hà Nội: no place."""
    found = set()
    for name in (metadata.issuer, metadata.parent_issuer):
        place, _ = read_place(name)
        if place is not None:
            found.add(place)
    if not found and metadata.place and _local_body(metadata.issuer):
        place, worded = read_place(metadata.place)
        if place is None and not worded:
            place = Place(tuple(fold_tones(metadata.place).replace("-", " ").split()), metadata.place)
        if place is not None:
            found.add(place)
    return frozenset(found)


def _local_body(issuer: Optional[str]) -> bool:
    """An issuer whose numbers are local: it names a place word, or the vocabulary knows it as local."""
    if not issuer:
        return False
    if read_place(issuer)[1]:
        return True
    known = issuer_for_name(issuer)
    return known is not None and not _is_national(known.symbol)


def share_place(a: Iterable[Place], b: Iterable[Place]) -> bool:
    return any(x.same(y) for x in a for y in b)


def year_of(date: Optional[str]) -> Optional[int]:
    return int(date[:4]) if date and date[:4].isdigit() else None


# -- resolving a citation ---------------------------------------------------------------

@dataclass
class CorpusDocument:
    """One indexed document (one identity: code + issuer scope), with every file holding it."""

    code: str
    title: Optional[str]
    date: Optional[str]
    issuer: Optional[str]
    path: Optional[str]
    places: frozenset[Place] = frozenset()
    copies: list[tuple[str, Optional[str], Optional[str]]] = field(default_factory=list)  # (path, date, issuer)

    @property
    def year(self) -> Optional[int]:
        return year_of(self.date)

    def same_identity(self, other: "CorpusDocument", scope: CodeScope) -> Optional[bool]:
        """True/False when two documents of one code are/aren't one; None when it cannot be told."""
        years = scope.years_apart(self.year, other.year)
        if years == "excluded":
            return False
        if scope.national:
            return True if years == "certain" else None
        if self.places and other.places:
            same = share_place(self.places, other.places)
            return same if years == "certain" or not same else None
        return None


@dataclass
class CitedScope:
    """Where a citation says its document comes from."""

    places: frozenset[Place]          # named in the citation, else the citing document's own
    named: bool                       # the citation names the place itself
    year: Optional[int]               # the year of the date it gives


def cited_scope(reference, citing_places: frozenset[Place]) -> CitedScope:
    place, _ = read_place(reference.issuer)
    places = frozenset({place}) if place else citing_places
    return CitedScope(places, place is not None, year_of(reference.date))


def judge(scope: CodeScope, cited: CitedScope, issuer: Optional[str], date: Optional[str],
          places: frozenset[Place]) -> Match:
    """Is the document (``issuer``, ``date``, ``places``) the one a citation of its code means?

    Certain for a national code, or a local one whose place (named, or the citing document's)
    is the document's; excluded when the places differ, or the dates cannot be of one document
    (another year for a State code without its year, another term for a Party code); possible
    when the place of either side is unknown or a Party citation is dated a few years off.
    """
    years = scope.years_apart(cited.year, year_of(date))
    if years == "excluded" or scope.national:
        return years
    if not places and issuer:
        place, _ = read_place(issuer)
        places = frozenset({place}) if place else places
    if not cited.places or not places:
        return "possible"
    if not share_place(cited.places, places):
        return "excluded"
    return years


@dataclass
class Lookup:
    """Where a citation leads: one document for sure, some possibly, or nowhere."""

    where: Optional[Literal["corpus", "known"]] = None
    target: Optional[object] = None                      # CorpusDocument | KnownDocument, when certain
    possible: list[object] = field(default_factory=list)  # CorpusDocument | KnownDocument, when not


class Resolver:
    """Looks a cited code up in the corpus, then in the known-documents registry, within its scope.

    Two indexed documents with one code are one document only when their issuers are (same
    place; for a State code without its year, same year too) — else they are kept apart.
    """

    def __init__(self, resolutions: Iterable):
        known_documents()                      # reload the registry if the rule folders changed
        self.corpus: dict[str, list[CorpusDocument]] = {}
        self.unsure: set[int] = set()          # id() of documents merged without knowing their places
        self._of: dict[int, CorpusDocument] = {}
        for r in resolutions:
            meta = r.metadata
            if not meta.code:
                continue
            doc = CorpusDocument(meta.code, meta.title, meta.date, meta.issuer, r.source.path, places_of(meta),
                                 [(r.source.path or meta.code, meta.date, meta.issuer)])
            self._of[id(r)] = self.add(doc)

    def add(self, doc: CorpusDocument) -> CorpusDocument:
        scope = code_scope(doc.code)
        same = self.corpus.setdefault(code_key(doc.code), [])
        for other in same:
            verdict = other.same_identity(doc, scope)
            if verdict is False:
                continue
            other.copies += doc.copies
            other.places |= doc.places
            if verdict is None:
                self.unsure.add(id(other))
            return other
        same.append(doc)
        return doc

    def document_of(self, resolution) -> Optional[CorpusDocument]:
        """The corpus document a parsed file (given to the constructor) was counted as."""
        return self._of.get(id(resolution))

    def resolve(self, reference, citing_places: frozenset[Place] = frozenset()) -> Lookup:
        scope = code_scope(reference.code)
        cited = cited_scope(reference, citing_places)
        verdicts = [(judge(scope, cited, d.issuer, d.date, d.places), d)
                    for d in self.corpus.get(code_key(reference.code), [])]
        certain = [d for v, d in verdicts if v == "certain"]
        if len(certain) == 1:
            return Lookup("corpus", certain[0])
        possible = certain + [d for v, d in verdicts if v == "possible"]
        known = known_by_code(reference.code)
        verdict = judge(scope, cited, known.issuer, known.date, frozenset()) if known is not None else "excluded"
        if verdict == "certain" and not possible:
            return Lookup("known", known)
        return Lookup(possible=possible + ([known] if verdict != "excluded" and not possible else []))
