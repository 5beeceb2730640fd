"""The corpus: many documents indexed into one SQLite database, searched and cross-referenced.

    >>> from nqparse.corpus import Store, index_paths
    >>> report = index_paths(["archive/"], "corpus.db", jobs=4)
    >>> [r.metadata.code for r in Store("corpus.db").resolutions()]
"""
from __future__ import annotations

from .store import DocumentRow, IndexedFile, Rows, SearchHit, SearchMatch, Store, rows_of

__all__ = ["Store", "DocumentRow", "IndexedFile", "Rows", "rows_of", "SearchHit", "SearchMatch", "index_paths", "IndexReport"]


def __getattr__(name: str):
    # The indexer pulls in the process pool and rich; load it only when asked for.
    if name in {"index_paths", "IndexReport"}:
        from . import index

        return getattr(index, name)
    raise AttributeError(name)
