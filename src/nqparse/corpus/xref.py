"""The cross-reference report: for each document what it cites and what cites it.

    >>> from nqparse.corpus import Store
    >>> from nqparse.corpus.xref import build_report
    >>> report = build_report(Store("corpus.db").resolutions())
    >>> report.document("57-NQ/TW").cited_by

Citations are resolved against the corpus first (a parsed document whose own number is the
cited code), then ``rules/known_documents.yaml``; the rest are ``unresolved``, with the
documents that cite them. ``inconsistencies`` lists what an office should check: a cited date
or issuer that differs from the cited document's own, one code used for two different
documents, and malformed symbols.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable, Literal, Optional

from pydantic import BaseModel, Field

from ..extract.citation_codes import code_key, issuer_for_name
from ..schema import Reference, Resolution
from .resolve import CorpusDocument, KnownDocument, Resolver

InconsistencyKind = Literal["date_mismatch", "issuer_mismatch", "code_reused", "conflicting_citations", "malformed_symbol"]


class XrefDocument(BaseModel):
    code: str = Field(description="The document's own code (or file name when it has none).")
    title: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    resolved: Literal["corpus", "known"] = Field(description="Where its facts come from.")
    path: Optional[str] = Field(None, description="The indexed file, for corpus documents.")
    status: Optional[str] = Field(None, description="In force / replaced by …, for known documents.")
    cites: list[str] = Field(default_factory=list)
    cited_by: list[str] = Field(default_factory=list)


class UnresolvedCitation(BaseModel):
    code: str
    doc_type: Optional[str] = None
    dates: list[str] = Field(default_factory=list, description="Dates the citing documents give it.")
    cited_by: list[str] = Field(default_factory=list)


class Inconsistency(BaseModel):
    kind: InconsistencyKind
    code: str = Field(description="The cited (or reused) code.")
    message: str
    documents: list[str] = Field(default_factory=list, description="Documents involved (citing or indexed).")


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

    def document(self, code: str) -> Optional[XrefDocument]:
        key = code_key(code)
        return next((d for d in self.documents if code_key(d.code) == key), None)

    def unresolved_code(self, code: str) -> Optional[UnresolvedCitation]:
        key = code_key(code)
        return next((u for u in self.unresolved if code_key(u.code) == key), None)

    def focus(self, code: str) -> "XrefReport":
        """The part of the report about one document: it, what it cites and what cites it."""
        key = code_key(code)
        centre = self.document(code)
        near = {key}
        if centre is not None:
            near |= {code_key(c) for c in centre.cites + centre.cited_by}
        return XrefReport(
            documents=[d for d in self.documents if code_key(d.code) in near],
            unresolved=[u for u in self.unresolved if code_key(u.code) in near
                        or any(code_key(c) == key for c in u.cited_by)],
            inconsistencies=[i for i in self.inconsistencies if code_key(i.code) in near
                             or any(code_key(c) == key for c in i.documents)],
            most_cited=[m for m in self.most_cited if code_key(m.code) in near],
        )


def document_id(resolution: Resolution) -> str:
    """How a corpus document is named in the report: its code, else its file name."""
    if resolution.metadata.code and resolution.metadata.number:
        return resolution.metadata.code
    return Path(resolution.source.path or "document").name


def cited_codes(resolution: Resolution) -> list[Reference]:
    """The references of a document that carry a code (numbered, completed partial, or known)."""
    return [r for r in resolution.references if r.code]


def build_report(resolutions: Iterable[Resolution], failures: Iterable[tuple[str, str, str]] = ()) -> XrefReport:
    """Cross-reference many parsed documents (e.g. ``Store.resolutions()``) into one report."""
    corpus = list(resolutions)
    resolver = Resolver(r for r in corpus if r.metadata.number)
    entries: dict[str, XrefDocument] = {}
    for r in corpus:
        ident = document_id(r)
        entries.setdefault(code_key(ident), XrefDocument(
            code=ident, title=r.metadata.title, date=r.metadata.date, issuer=r.metadata.issuer,
            resolved="corpus", path=r.source.path))
    unresolved: dict[str, UnresolvedCitation] = {}
    inconsistencies: list[Inconsistency] = []
    citations: dict[str, list[tuple[str, Reference]]] = defaultdict(list)
    for r in corpus:
        citing = entries[code_key(document_id(r))]
        for ref in cited_codes(r):
            key = code_key(ref.code)
            if key == code_key(citing.code):
                continue
            citations[key].append((citing.code, ref))
            where, target = resolver.resolve(ref.code)
            if where is None:
                entry = unresolved.setdefault(key, UnresolvedCitation(code=ref.code, doc_type=ref.doc_type))
                _add(entry.cited_by, citing.code)
                if ref.date:
                    _add(entry.dates, ref.date)
                cited_name = entry.code
            else:
                cited = entries.get(key) or entries.setdefault(key, _entry(where, target))
                _add(cited.cited_by, citing.code)
                cited_name = cited.code
                inconsistencies += _compare(citing.code, ref, target)
            _add(citing.cites, cited_name)
            inconsistencies += [Inconsistency(kind="malformed_symbol", code=ref.code, message=w, documents=[citing.code])
                                for w in ref.warnings if w.startswith("malformed")]
    inconsistencies += _reused_codes(resolver) + _conflicting_citations(citations, resolver)
    report = XrefReport(
        documents=sorted(entries.values(), key=lambda d: (d.resolved != "corpus", d.code)),
        unresolved=sorted(unresolved.values(), key=lambda u: (-len(u.cited_by), u.code)),
        inconsistencies=inconsistencies,
        failures=[Failure(path=p, stage=s, message=m) for p, s, m in failures],
    )
    report.most_cited = _most_cited(report)
    return report


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _entry(where: str, target) -> XrefDocument:
    if where == "corpus":
        doc: CorpusDocument = target
        return XrefDocument(code=doc.code, title=doc.title, date=doc.date, issuer=doc.issuer, resolved="corpus", path=doc.path)
    known: KnownDocument = target
    return XrefDocument(code=known.code, title=known.title, date=known.date, issuer=known.issuer, resolved="known",
                        status=known.status)


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


def _compare(citing: str, ref: Reference, target) -> list[Inconsistency]:
    """A cited date or issuer that differs from the cited document's own."""
    unconfirmed = set(getattr(target, "unconfirmed", []) or [])
    out: list[Inconsistency] = []
    if ref.date and target.date and ref.date != target.date and "date" not in unconfirmed:
        out.append(Inconsistency(kind="date_mismatch", code=ref.code, documents=[citing],
                                 message=f"{citing} cites {ref.code} of {ref.date}; the document is dated {target.date}"))
    if ref.issuer and target.issuer and "issuer" not in unconfirmed and not same_issuer(ref.issuer, target.issuer):
        out.append(Inconsistency(kind="issuer_mismatch", code=ref.code, documents=[citing],
                                 message=f"{citing} cites {ref.code} as issued by {ref.issuer}; the document says {target.issuer}"))
    return out


def _reused_codes(resolver: Resolver) -> list[Inconsistency]:
    """Two indexed documents with one code and different dates: one code, two documents."""
    out = []
    for docs in resolver.corpus.values():
        dates = sorted({d.date for d in docs if d.date})
        if len(dates) > 1:
            out.append(Inconsistency(kind="code_reused", code=docs[0].code, documents=[d.path or d.code for d in docs],
                                     message=f"{docs[0].code} is the number of {len(docs)} indexed documents dated {', '.join(dates)}"))
    return out


def _conflicting_citations(citations: dict[str, list[tuple[str, Reference]]], resolver: Resolver) -> list[Inconsistency]:
    """Citations of one code giving different dates: likely two documents sharing a local code (07-KH/TU)."""
    out = []
    for key, items in citations.items():
        if key in resolver.corpus:
            continue
        dates = sorted({ref.date for _, ref in items if ref.date})
        if len(dates) > 1:
            who = sorted({citing for citing, _ in items})
            out.append(Inconsistency(kind="conflicting_citations", code=items[0][1].code, documents=who,
                                     message=f"{items[0][1].code} is cited with different dates: {', '.join(dates)}"))
    return out


def _most_cited(report: XrefReport, limit: int = 10) -> list[CitationCount]:
    counts = [CitationCount(code=d.code, count=len(d.cited_by), resolved=d.resolved) for d in report.documents if d.cited_by]
    counts += [CitationCount(code=u.code, count=len(u.cited_by)) for u in report.unresolved]
    return sorted(counts, key=lambda c: (-c.count, c.code))[:limit]


def to_markdown(report: XrefReport) -> str:
    """The report as Markdown: documents with their links, unresolved citations, what to check."""
    lines = ["# Dẫn chiếu văn bản", ""]
    if report.most_cited:
        lines += ["## Most cited", ""] + [f"- **{m.code}** — {m.count}" + (f" ({m.resolved})" if m.resolved else "")
                                          for m in report.most_cited] + [""]
    lines += ["## Documents", ""]
    for d in report.documents:
        facts = ", ".join(x for x in (d.date, d.issuer) if x)
        lines.append(f"### {d.code}" + (f" — {d.title}" if d.title else ""))
        lines.append(f"_{d.resolved}{': ' + facts if facts else ''}{'; ' + d.status if d.status else ''}_")
        if d.cites:
            lines.append(f"- cites: {', '.join(d.cites)}")
        if d.cited_by:
            lines.append(f"- cited by: {', '.join(d.cited_by)}")
        lines.append("")
    if report.unresolved:
        lines += ["## Unresolved", "", "| code | cited by |", "|---|---|"]
        lines += [f"| {u.code} | {', '.join(u.cited_by)} |" for u in report.unresolved] + [""]
    if report.inconsistencies:
        lines += ["## Inconsistencies", ""] + [f"- [{i.kind}] {i.message}" for i in report.inconsistencies] + [""]
    if report.failures:
        lines += ["## Files that failed", ""] + [f"- {f.path} ({f.stage}): {f.message}" for f in report.failures] + [""]
    return "\n".join(lines)
