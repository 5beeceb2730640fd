"""The corpus pages' view of the local index: ``nqparse.corpus.store.Store`` and its xref report.

The web layer only reads what the corpus package gives — the documents, the FTS search, the
cross-reference report of ``corpus.xref.build_report`` — and keeps the report until the
database file changes.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from markupsafe import Markup, escape


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """A value from a pydantic model, a dataclass or a dict alike."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def snippet_html(snippet: str) -> Markup:
    """A search snippet escaped, its matched words (between the store's markers) in ``<mark>``."""
    from ..corpus.store import HIGHLIGHT

    opening, closing = HIGHLIGHT
    out, rest, inside = [], snippet, False
    while rest:
        head, found, rest = rest.partition(closing if inside else opening)
        out.append(f"<mark>{escape(head)}</mark>" if inside else str(escape(head)))
        inside = not inside if found else inside
    return Markup("".join(out))


def document_url(code: str) -> str:
    return "/kho/van-ban?code=" + quote(code, safe="")


@dataclass
class Listing:
    available: bool
    reason: str = ""
    documents: list = field(default_factory=list)
    hits: list = field(default_factory=list)
    problem: str = ""
    ids: dict = field(default_factory=dict)     # path → the document's id in the cross-reference report


@dataclass
class CorpusEntry:
    """One document of the cross-reference report, with links to its neighbours."""

    document: Any                      # corpus.xref.XrefDocument
    cites: list[dict]
    cited_by: list[dict]
    inconsistencies: list = field(default_factory=list)
    possibly_cites: list[dict] = field(default_factory=list)
    possibly_cited_by: list[dict] = field(default_factory=list)
    same_number: list[dict] = field(default_factory=list)   # other issuers' documents of this number


class CorpusView:
    def __init__(self, db_path: Optional[Path]):
        self.db_path = db_path
        self._lock = threading.Lock()
        self._stamp: Optional[tuple] = None
        self._report: Any = None

    def unavailable_reason(self) -> str:
        if self.db_path is None:
            return ("Chưa chỉ định kho văn bản: chạy “nqparse index THƯ_MỤC --db kho.sqlite” "
                    "rồi “nqparse serve --db kho.sqlite”.")
        if not self.db_path.is_file():
            return f"Không tìm thấy tệp chỉ mục {self.db_path.name}; hãy chạy “nqparse index … --db {self.db_path.name}”."
        return ""

    def _store(self):
        from ..corpus.store import Store

        return Store(self.db_path, readonly=True)

    def report(self):
        """The cross-reference report of the whole index, rebuilt when the database changes."""
        stat = self.db_path.stat()
        wal = self.db_path.with_name(self.db_path.name + "-wal")
        stamp = (stat.st_mtime_ns, stat.st_size, wal.stat().st_mtime_ns if wal.exists() else 0)
        with self._lock:
            if stamp != self._stamp:
                from ..corpus.xref import build_report

                with self._store() as store:
                    self._report = build_report(store.resolutions(), store.failures())
                self._stamp = stamp
            return self._report

    def _in_corpus(self, code: str) -> bool:
        entry = self.report().document(code)
        return entry is not None and entry.resolved == "corpus"

    def xref_url(self, code: str) -> Optional[str]:
        """Link to the cross-reference view when the cited document is in the index."""
        if not code or self.unavailable_reason():
            return None
        try:
            return document_url(code) if self._in_corpus(code) else None
        except Exception:  # a broken index must not break the review page
            return None

    def listing(self, query: str) -> Listing:
        reason = self.unavailable_reason()
        if reason:
            return Listing(False, reason)
        try:   # a number several issuers use links to each one's page: "120/KH-UBND (… Vĩnh Lam)"
            ids = {p: d.id for d in self.report().documents for p in d.paths}
        except Exception:
            ids = {}
        with self._store() as store:
            listing = Listing(True, documents=store.documents(), ids=ids)
            if query:
                try:
                    listing.hits = store.search(query)
                except Exception:
                    listing.problem = "Không tìm được với cụm từ này; hãy bỏ bớt dấu ngoặc kép hoặc ký tự đặc biệt."
        return listing

    def document(self, code: str) -> Optional[CorpusEntry]:
        if not code or self.unavailable_reason():
            return None
        report = self.report()
        candidates = report.candidates(code)
        if not candidates:
            return None
        entry = candidates[0]
        links = lambda codes: [{"code": c, "url": document_url(c) if report.document(c) else None}  # noqa: E731
                               for c in codes]
        same = [d.id for d in report.candidates(entry.code) if d.id != entry.id]
        return CorpusEntry(entry, links(entry.cites), links(entry.cited_by), report.focus(entry.id).inconsistencies,
                           links(entry.possibly_cites), links(entry.possibly_cited_by), links(same))
