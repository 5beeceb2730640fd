"""The corpus pages' view of the local index: ``nqparse.corpus.store.Store`` and its xref report.

The web layer only reads what the corpus package returns (documents, FTS search, the
cross-reference report) and keeps the report until the database file changes.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from markupsafe import Markup, escape


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """A value from a pydantic model, a dataclass, a sqlite3.Row or a dict alike."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    try:
        return obj[name]
    except (TypeError, KeyError, IndexError):
        return getattr(obj, name, default)


def snippet_html(snippet: str) -> Markup:
    """A search snippet escaped, its matched words (between the store's markers) in ``<mark>``."""
    from ..corpus.store import HIGHLIGHT

    opening, closing = HIGHLIGHT
    out, rest, inside = [], snippet, False
    while rest:
        marker = closing if inside else opening
        head, found, rest = rest.partition(marker)
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


@dataclass
class CorpusEntry:
    code: str
    document: Any
    cites: list[dict]
    cited_by: list[dict]
    xref_available: bool = True
    path: Optional[str] = None


class CorpusView:
    def __init__(self, db_path: Optional[Path]):
        self.db_path = db_path
        self._lock = threading.Lock()
        self._stamp: Optional[tuple] = None
        self._codes: set[str] = set()
        self._report: Any = None

    def unavailable_reason(self) -> str:
        if self.db_path is None:
            return "Chưa chỉ định kho văn bản: chạy “nqparse index THƯ_MỤC --db kho.sqlite” rồi “nqparse serve --db kho.sqlite”."
        if not self.db_path.is_file():
            return f"Không tìm thấy tệp chỉ mục {self.db_path.name}; hãy chạy “nqparse index … --db {self.db_path.name}”."
        try:
            from ..corpus.store import Store  # noqa: F401
        except ImportError:
            return "Phiên bản này chưa có chức năng kho văn bản."
        return ""

    def _store(self):
        from ..corpus.store import Store

        return Store(self.db_path)

    def _refresh(self) -> None:
        """Reload codes and the xref report when the database file has changed."""
        stat = self.db_path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp == self._stamp:
                return
            store = self._store()
            codes = {field_of(d, "code") for d in store.documents() if field_of(d, "status", "ok") == "ok"}
            try:
                from ..corpus.xref import build_report
            except ImportError:
                report = None
            else:
                report = build_report(store.resolutions())
            self._codes, self._report, self._stamp = {c for c in codes if c}, report, stamp

    def xref_url(self, code: str) -> Optional[str]:
        """Link to the cross-reference view when the cited document is in the index."""
        if not code or self.unavailable_reason():
            return None
        try:
            self._refresh()
        except Exception:
            return None
        return document_url(code) if code in self._codes else None

    def listing(self, query: str) -> Listing:
        reason = self.unavailable_reason()
        if reason:
            return Listing(False, reason)
        store = self._store()
        listing = Listing(True, documents=list(store.documents()))
        if query:
            try:
                listing.hits = list(store.search(query))
            except Exception:
                listing.problem = "Không tìm được với cụm từ này; hãy bỏ bớt dấu ngoặc kép hoặc ký tự đặc biệt."
        return listing

    def document(self, code: str) -> Optional[CorpusEntry]:
        if not code or self.unavailable_reason():
            return None
        document = self._store().get(code)
        if document is None:
            return None
        self._refresh()
        return CorpusEntry(code, field_of(document, "metadata", document), self._links(code, "cites"),
                           self._links(code, "cited_by"), self._report is not None,
                           field_of(field_of(document, "source"), "path"))

    def _links(self, code: str, direction: str) -> list[dict]:
        for doc in field_of(self._report, "documents", []) or []:
            if field_of(doc, "code") == code:
                return [{"code": c, "url": document_url(c) if c in self._codes else None}
                        for c in field_of(doc, direction, []) or []]
        return []
