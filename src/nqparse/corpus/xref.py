"""The cross-reference report: for each document what it cites and what cites it.

    >>> from nqparse.corpus import Store
    >>> from nqparse.corpus.xref import build_report
    >>> report = build_report(Store("corpus.db").resolutions())
    >>> report.document("57-NQ/TW").cited_by

A document is its code *and* its issuer's scope (see :mod:`nqparse.corpus.resolve`): Đồng
Tháp's 310/KH-UBND and Hà Nội's are two documents, each reported apart, named
"310/KH-UBND (Ủy ban nhân dân tỉnh Đồng Tháp)" when a code is shared. Citations are resolved
against the corpus first, then ``rules/known_documents.yaml``; a citation whose issuer cannot be
decided is only a *possible* link; the rest are ``unresolved``, with the documents that cite
them. ``inconsistencies`` lists what an office should check — only where the identity is
certain, each with its evidence (both dates or issuers, and the citing sentence): a cited date or
issuer that differs from the cited document's own, one number of one issuer used for two
documents, one document cited with different dates, and malformed symbols.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Optional

from pydantic import BaseModel, Field

from ..escape import markdown_fields
from ..extract.citation_codes import code_key, issuer_for_name
from ..extract.known_documents import KnownDocument
from ..schema import Reference, Resolution
from .resolve import CorpusDocument, Resolver, cited_scope, code_scope, places_of, read_place

InconsistencyKind = Literal["date_mismatch", "issuer_mismatch", "code_reused", "conflicting_citations", "malformed_symbol"]


class XrefDocument(BaseModel):
    id: str = Field("", description="How the report names it: its code, followed by its issuer when another document "
                                    "or citation shares the code; the file name when it has no code.")
    code: str = Field(description="The document's own code (or file name when it has none).")
    title: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    resolved: Literal["corpus", "known"] = Field(description="Where its facts come from.")
    path: Optional[str] = Field(None, description="The indexed file, for corpus documents.")
    paths: list[str] = Field(default_factory=list, description="Every indexed file holding it (copies).")
    status: Optional[str] = Field(None, description="In force / replaced by …, for known documents.")
    cites: list[str] = Field(default_factory=list)
    cited_by: list[str] = Field(default_factory=list)
    possibly_cites: list[str] = Field(default_factory=list,
                                      description="Documents of the cited code whose issuer the citation leaves open.")
    possibly_cited_by: list[str] = Field(default_factory=list)


class UnresolvedCitation(BaseModel):
    id: str = Field("", description="The code, followed by its place when the code stands for several documents.")
    code: str
    doc_type: Optional[str] = None
    issuer: Optional[str] = Field(None, description="The issuer as the (first) citation writes it.")
    place: Optional[str] = Field(None, description="Where it comes from: the place the citation names, else the citing document's.")
    dates: list[str] = Field(default_factory=list, description="Dates the citing documents give it.")
    cited_by: list[str] = Field(default_factory=list)


class Evidence(BaseModel):
    """One side of an inconsistency: a citation (what it says, its sentence) or an indexed document."""

    document: str = Field(description="The citing document, or the indexed document.")
    path: Optional[str] = None
    date: Optional[str] = Field(None, description="The date the citation gives, or the document's own.")
    issuer: Optional[str] = Field(None, description="The issuer the citation gives, or the document's own.")
    quote: Optional[str] = Field(None, description="The citing sentence.")


class Inconsistency(BaseModel):
    kind: InconsistencyKind
    code: str = Field(description="The cited (or reused) code.")
    message: str
    documents: list[str] = Field(default_factory=list, description="Documents involved (citing or indexed).")
    evidence: list[Evidence] = Field(default_factory=list)


class CitationCount(BaseModel):
    code: str
    count: int = Field(description="Number of corpus documents citing it.")
    resolved: Optional[str] = None


class Failure(BaseModel):
    path: str
    stage: str
    message: str


class XrefReport(BaseModel):
    documents: list[XrefDocument] = Field(default_factory=list)
    unresolved: list[UnresolvedCitation] = Field(default_factory=list)
    inconsistencies: list[Inconsistency] = Field(default_factory=list)
    most_cited: list[CitationCount] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)

    def candidates(self, code: str) -> list[XrefDocument]:
        """The documents answering to ``code``: its id exactly, else every document of that code.

        "97/2025/QĐ-UBND (Quảng Ninh)" picks, among documents of one code, those whose issuer
        contains the words in brackets.
        """
        key = code_key(code)
        exact = [d for d in self.documents if code_key(d.id) == key]
        if exact:
            return exact
        bare, _, qualifier = code.partition("(")
        same = [d for d in self.documents if code_key(d.code) == code_key(bare)]
        if qualifier.strip(" )"):
            want = _words(qualifier.strip(" )"))
            same = [d for d in same if want <= _words(d.id) | _words(d.issuer or "")]
        return same

    def document(self, code: str) -> Optional[XrefDocument]:
        found = self.candidates(code)
        return found[0] if found else None

    def unresolved_code(self, code: str) -> Optional[UnresolvedCitation]:
        key = code_key(code)
        return next((u for u in self.unresolved if code_key(u.id) == key), None) or \
            next((u for u in self.unresolved if code_key(u.code) == key), None)

    def focus(self, code: str) -> "XrefReport":
        """The part of the report about one document: it, what it cites and what cites it."""
        centre = self.document(code)
        ident = centre.id if centre is not None else (self.unresolved_code(code) or UnresolvedCitation(code=code)).id or code
        key = code_key(ident)
        near = {key}
        if centre is not None:
            near |= {code_key(c) for c in centre.cites + centre.cited_by + centre.possibly_cites + centre.possibly_cited_by}
        return XrefReport(
            documents=[d for d in self.documents if code_key(d.id) in near],
            unresolved=[u for u in self.unresolved if code_key(u.id) in near
                        or any(code_key(c) == key for c in u.cited_by)],
            inconsistencies=[i for i in self.inconsistencies if code_key(i.code) in near
                             or any(code_key(c) == key for c in i.documents)],
            most_cited=[m for m in self.most_cited if code_key(m.code) in near],
        )


def _words(text: str) -> set[str]:
    from ..textkey import fold_tones

    return set(fold_tones(text).replace(",", " ").split())


def document_id(resolution: Resolution) -> str:
    """How a corpus document without a shared code is named: its code, else its file name."""
    if resolution.metadata.code and resolution.metadata.number:
        return resolution.metadata.code
    return Path(resolution.source.path or "document").name


def cited_codes(resolution: Resolution) -> list[Reference]:
    """The references of a document that carry a code (numbered, completed partial, or known)."""
    return [r for r in resolution.references if r.code]


def citing_sentence(text: str, start: int, end: int, limit: int = 320) -> str:
    """The sentence (or list item, or clause up to ';') of ``text`` holding ``start:end``."""
    if not text or end > len(text):
        return ""
    left = max(max(text.rfind(stop, 0, start) + len(stop) for stop in ("\n", ". ", "; ")), 0)
    rights = [i for i in (text.find(stop, end) for stop in ("\n", ". ", "; ")) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    if start - left > limit // 2:
        left = text.rfind(" ", 0, start - limit // 2) + 1
    if right - end > limit // 2:
        right = text.find(" ", end + limit // 2) if text.find(" ", end + limit // 2) > 0 else right
    quote = " ".join(text[left:right].split())
    return quote


@dataclass
class _Citation:
    citing: str                    # entity key of the citing document
    reference: Reference
    resolution: Resolution


@dataclass
class _Build:
    """Entities by internal key while the report is built; ids are given at the end."""

    documents: dict[str, XrefDocument] = field(default_factory=dict)
    unresolved: dict[str, UnresolvedCitation] = field(default_factory=dict)
    citations: dict[str, list[_Citation]] = field(default_factory=lambda: defaultdict(list))
    sure: dict[str, bool] = field(default_factory=dict)   # unresolved key → its identity is certain
    qualifier: dict[str, str] = field(default_factory=dict)
    places: dict[str, object] = field(default_factory=dict)   # unresolved key → its Place (or None)


def build_report(resolutions: Iterable[Resolution], failures: Iterable[tuple[str, str, str]] = ()) -> XrefReport:
    """Cross-reference many parsed documents (e.g. ``Store.resolutions()``) into one report."""
    corpus = list(resolutions)
    numbered = [r for r in corpus if r.metadata.code and r.metadata.number]
    resolver = Resolver(numbered)
    own = {id(r): resolver.document_of(r) for r in numbered}
    b = _Build()
    keys: dict[int, str] = {}
    for r in corpus:
        keys[id(r)] = _own_entry(b, r, own.get(id(r)))
    inconsistencies: list[Inconsistency] = []
    for r in corpus:
        citing = keys[id(r)]
        citing_places = places_of(r.metadata)
        for ref in cited_codes(r):
            if r.metadata.code and code_key(ref.code) == code_key(r.metadata.code):
                continue
            look = resolver.resolve(ref, citing_places)
            if look.where is not None:
                cited = _cited_entry(b, look.where, look.target)
                _link(b, citing, cited, "cites", "cited_by")
                inconsistencies += _compare(b, citing, r, ref, look.target, cited)
            elif look.possible:
                for target in look.possible:
                    where = "corpus" if isinstance(target, CorpusDocument) else "known"
                    _link(b, citing, _cited_entry(b, where, target), "possibly_cites", "possibly_cited_by")
            else:
                _unresolved(b, citing, r, ref, citing_places)
            inconsistencies += [
                Inconsistency(kind="malformed_symbol", code=ref.code, message=w, documents=[citing],
                              evidence=[_said(citing, r, ref, written=_written(w))])
                for w in ref.warnings if w.startswith("malformed")]
    _merge_undated(b)
    inconsistencies += _reused_codes(resolver) + _conflicting_citations(b)
    report = _named(b, inconsistencies)
    report.failures = [Failure(path=p, stage=s, message=m) for p, s, m in failures]
    report.most_cited = _most_cited(report)
    return report


def _own_entry(b: _Build, r: Resolution, doc: Optional[CorpusDocument]) -> str:
    if doc is None:
        key = "file:" + (r.source.path or document_id(r))
        b.documents.setdefault(key, XrefDocument(
            code=document_id(r), title=r.metadata.title, date=r.metadata.date, issuer=r.metadata.issuer,
            resolved="corpus", path=r.source.path, paths=[r.source.path] if r.source.path else []))
        return key
    key = f"doc{id(doc)}"
    if key not in b.documents:
        b.documents[key] = XrefDocument(code=doc.code, title=doc.title, date=doc.date, issuer=doc.issuer,
                                        resolved="corpus", path=doc.path,
                                        paths=[p for p, _, _ in doc.copies if p and p != doc.code])
        place = min((p.name for p in doc.places), default="")
        named = read_place(doc.issuer)[0] is not None
        b.qualifier[key] = ", ".join(x for x in (doc.issuer, "" if named else place) if x) or Path(doc.path or "").name
    return key


def _cited_entry(b: _Build, where: str, target) -> str:
    if where == "corpus":
        return f"doc{id(target)}"       # every corpus identity has its entry already
    known: KnownDocument = target
    key = "known:" + code_key(known.code)
    b.documents.setdefault(key, XrefDocument(code=known.code, title=known.title, date=known.date, issuer=known.issuer,
                                             resolved="known", status=known.status))
    b.qualifier[key] = known.issuer or ""
    return key


def _link(b: _Build, citing: str, cited: str, forward: str, backward: str) -> None:
    _add(getattr(b.documents[citing], forward), cited)
    target = b.documents.get(cited) or b.unresolved.get(cited)
    _add(getattr(target, backward), citing)


def _unresolved(b: _Build, citing: str, r: Resolution, ref: Reference, citing_places) -> None:
    scope = code_scope(ref.code)
    cited = cited_scope(ref, citing_places)
    place = None if scope.national else min(cited.places, key=lambda p: p.key, default=None)
    year = cited.year if scope.yearly else None
    stem = f"cite:{code_key(ref.code)}|"
    key = next((k for k, p in b.places.items() if k.startswith(stem) and k.endswith(f"|{year or ''}")
                and p is not None and place is not None and p.same(place)), None)
    key = key or f"{stem}{' '.join(place.key) if place else ''}|{year or ''}"
    b.places.setdefault(key, place)
    entry = b.unresolved.setdefault(key, UnresolvedCitation(code=ref.code, doc_type=ref.doc_type, issuer=ref.issuer,
                                                            place=place.name if place else None))
    b.sure[key] = scope.national or place is not None
    b.qualifier[key] = " ".join(x for x in (place.name if place else "", str(year or "")) if x)
    _add(b.documents[citing].cites, key)
    _add(entry.cited_by, citing)
    if ref.date:
        _add(entry.dates, ref.date)
    b.citations[key].append(_Citation(citing, ref, r))


def _merge_undated(b: _Build) -> None:
    """A citation of a yearly code without a date joins the one dated entry of its code and place."""
    for key in [k for k, u in b.unresolved.items() if k.endswith("|") and code_scope(u.code).yearly]:
        dated = [k for k in b.unresolved if k.startswith(key) and k != key]
        if len(dated) != 1:
            continue
        entry, into = b.unresolved.pop(key), b.unresolved[dated[0]]
        for citing in entry.cited_by:
            _add(into.cited_by, citing)
            cites = b.documents[citing].cites
            cites[cites.index(key)] = dated[0]
        b.citations[dated[0]] += b.citations.pop(key, [])


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _said(citing: str, r: Resolution, ref: Reference, written: str = "") -> Evidence:
    return Evidence(document=citing, path=r.source.path, date=ref.date, issuer=ref.issuer, quote=_quote(r, ref, written))


def _written(warning: str) -> str:
    """The citation as written, quoted in a malformed-symbol warning ("malformed citation '88/NĐ-CP' …")."""
    found = re.search(r"'([^']+)'", warning)
    return found.group(1) if found else ""


def _quote(r: Resolution, ref: Reference, written: str = "") -> str:
    """The sentence of the mention written as ``written``, else of the one giving the cited date,
    else of the first mention."""
    spans = [ref.span] + [m for m in ref.mentions if m.start != ref.span.start]
    if written:
        key = re.sub(r"\s+", "", written)
        spans = [s for s in spans if key in re.sub(r"\s+", "", r.text[s.start: s.end])] + spans
    if ref.date and len(ref.date) == 10:
        y, m, d = ref.date[:4], int(ref.date[5:7]), int(ref.date[8:10])
        written = re.compile(rf"\b0?{d}\s*(?:/|-|\.|tháng)\s*0?{m}\s*(?:/|-|\.|năm)\s*{y}")
        spans = [s for s in spans if written.search(r.text, s.start, s.start + 90)] + spans
    return citing_sentence(r.text, spans[0].start, spans[0].end) or ref.raw


def same_issuer(cited: Optional[str], own: Optional[str]) -> bool:
    """Issuers agree when their names map to one symbol (Bộ Chính trị ~ Ban Bí thư ~ TW) or one names the other."""
    from ..textkey import match_key

    a, b = match_key(cited), match_key(own)
    if not a or not b or a == b or a.startswith(b) or b.startswith(a) or a in b or b in a:
        return True
    ia, ib = issuer_for_name(cited), issuer_for_name(own)
    if ia is not None and ib is not None:
        return ia.symbol == ib.symbol
    return True          # an issuer the vocabulary does not know: no claim either way


def _vn_date(iso: Optional[str]) -> str:
    if not iso or len(iso) != 10:
        return iso or ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _compare(b: _Build, citing: str, r: Resolution, ref: Reference, target, cited: str) -> list[Inconsistency]:
    """A cited date or issuer that differs from the cited document's own (the identity is certain here)."""
    unconfirmed = set(getattr(target, "unconfirmed", []) or [])
    own = Evidence(document=cited, path=getattr(target, "path", None) or getattr(target, "source", None),
                   date=target.date, issuer=target.issuer)
    out: list[Inconsistency] = []
    if ref.date and target.date and ref.date != target.date and "date" not in unconfirmed:
        out.append(Inconsistency(
            kind="date_mismatch", code=ref.code, documents=[citing], evidence=[_said(citing, r, ref), own],
            message=f"{{{citing}}} dẫn {ref.code} ngày {_vn_date(ref.date)}; văn bản đề ngày {_vn_date(target.date)}"))
    if ref.issuer and target.issuer and "issuer" not in unconfirmed and not same_issuer(ref.issuer, target.issuer):
        out.append(Inconsistency(
            kind="issuer_mismatch", code=ref.code, documents=[citing], evidence=[_said(citing, r, ref), own],
            message=f"{{{citing}}} dẫn {ref.code} của {ref.issuer}; văn bản do {target.issuer} ban hành"))
    return out


def _reused_codes(resolver: Resolver) -> list[Inconsistency]:
    """One issuer's number on indexed documents with different dates: one number, two documents."""
    out = []
    for docs in resolver.corpus.values():
        for doc in docs:
            dates = sorted({d for _, d, _ in doc.copies if d})
            if len(dates) < 2 or id(doc) in resolver.unsure:
                continue
            out.append(Inconsistency(
                kind="code_reused", code=doc.code, documents=[p for p, _, _ in doc.copies],
                evidence=[Evidence(document=f"doc{id(doc)}", path=p, date=d, issuer=i) for p, d, i in doc.copies],
                message=f"{doc.code} ({doc.issuer or 'cùng cơ quan'}) là số của {len(doc.copies)} văn bản trong kho, "
                        f"đề ngày {', '.join(_vn_date(d) for d in dates)}"))
    return out


def _conflicting_citations(b: _Build) -> list[Inconsistency]:
    """One document (certain identity) cited with different dates: at least one citation is wrong."""
    out = []
    for key, items in b.citations.items():
        dated = [c for c in items if c.reference.date]
        dates = sorted({c.reference.date for c in dated})
        if len(dates) < 2 or not b.sure.get(key):
            continue
        code = items[0].reference.code
        if code_scope(code).party and len({d[:4] for d in dates}) > 1:
            continue                       # perhaps two terms' documents of one number
        by_date = defaultdict(list)
        for c in dated:
            by_date[c.reference.date].append(c)
        out.append(Inconsistency(
            kind="conflicting_citations", code=code, documents=sorted({c.citing for c in dated}),
            evidence=[_said(c.citing, c.resolution, c.reference) for d in dates for c in by_date[d][:3]],
            message=f"{{{key}}} được dẫn với các ngày khác nhau: "
                    + "; ".join(f"{_vn_date(d)} ({len(by_date[d])} văn bản)" for d in dates)))
    return out


def _named(b: _Build, inconsistencies: list[Inconsistency]) -> XrefReport:
    """Give every entity its id (the code, with a qualifier when the code is shared) and use ids everywhere."""
    entities: dict[str, object] = {**b.documents, **b.unresolved}
    by_code: dict[str, list[str]] = defaultdict(list)
    for key, e in entities.items():
        if not key.startswith("file:"):
            by_code[code_key(e.code)].append(key)
    ids: dict[str, str] = {}
    for key, e in entities.items():
        shared = key.startswith("file:") is False and len(by_code[code_key(e.code)]) > 1
        ids[key] = f"{e.code} ({b.qualifier.get(key) or '?'})" if shared else e.code
    seen: dict[str, int] = defaultdict(int)
    for key in entities:                                   # still equal (same issuer, another year): number them
        seen[ids[key]] += 1
        if seen[ids[key]] > 1:
            ids[key] = f"{ids[key][:-1]} #{seen[ids[key]]})" if ids[key].endswith(")") else f"{ids[key]} #{seen[ids[key]]}"
    name = lambda k: ids.get(k, k)  # noqa: E731
    for key, e in entities.items():
        e.id = ids[key]
        for attr in ("cites", "cited_by", "possibly_cites", "possibly_cited_by"):
            if hasattr(e, attr):
                setattr(e, attr, [name(k) for k in getattr(e, attr)])
    for i in inconsistencies:
        i.documents = [name(k) if k in ids else k for k in i.documents]
        for ev in i.evidence:
            ev.document = name(ev.document)
        for key in ids:
            i.message = i.message.replace("{" + key + "}", ids[key])
    return XrefReport(
        documents=sorted(b.documents.values(), key=lambda d: (d.resolved != "corpus", d.id)),
        unresolved=sorted(b.unresolved.values(), key=lambda u: (-len(u.cited_by), u.id)),
        inconsistencies=inconsistencies)


def _most_cited(report: XrefReport, limit: int = 10) -> list[CitationCount]:
    counts = [CitationCount(code=d.id, count=len(d.cited_by), resolved=d.resolved) for d in report.documents if d.cited_by]
    counts += [CitationCount(code=u.id, count=len(u.cited_by)) for u in report.unresolved]
    return sorted(counts, key=lambda c: (-c.count, c.code))[:limit]


def to_markdown(report: XrefReport) -> str:
    """The report as Markdown, in the web page's words: most cited, documents and their links,
    citations not in the corpus, what to check."""
    report = markdown_fields(report)  # titles, issuers and file names come from the documents
    lines = ["# Dẫn chiếu văn bản", ""]
    where = {"corpus": "trong kho", "known": "văn bản đã biết"}
    if report.most_cited:
        lines += ["## Được dẫn nhiều nhất", ""]
        lines += [f"- **{m.code}** — {m.count}" + (f" ({where.get(m.resolved, m.resolved)})" if m.resolved else
                                                   " (chưa có trong kho)") for m in report.most_cited] + [""]
    lines += ["## Văn bản", ""]
    for d in report.documents:
        facts = ", ".join(x for x in (_vn_date(d.date), d.issuer) if x)
        lines.append(f"### {d.id}" + (f" — {d.title}" if d.title else ""))
        lines.append(f"_{where[d.resolved]}{': ' + facts if facts else ''}{'; ' + d.status if d.status else ''}_")
        for label, items in (("Văn bản này dẫn chiếu", d.cites), ("Có thể dẫn chiếu", d.possibly_cites),
                             ("Được dẫn chiếu bởi", d.cited_by), ("Có thể được dẫn chiếu bởi", d.possibly_cited_by)):
            if items:
                lines.append(f"- {label}: {', '.join(items)}")
        lines.append("")
    if report.unresolved:
        lines += ["## Chưa có trong kho", "", "| Số, ký hiệu | Nơi ban hành | Được dẫn chiếu bởi |", "|---|---|---|"]
        lines += [f"| {u.id} | {u.place or u.issuer or ''} | {', '.join(u.cited_by)} |" for u in report.unresolved] + [""]
    if report.inconsistencies:
        lines += ["## Cần kiểm tra", ""]
        for i in report.inconsistencies:
            lines.append(f"- [{i.kind}] {i.message}")
            lines += [f"  - {e.document}: “{e.quote}”" for e in i.evidence if e.quote]
        lines.append("")
    if report.failures:
        lines += ["## Tệp không đọc được", ""] + [f"- {f.path} ({f.stage}): {f.message}" for f in report.failures] + [""]
    return "\n".join(lines)
