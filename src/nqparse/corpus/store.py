"""The corpus database: one SQLite file holding every indexed document.

Tables
    documents   one row per file path: content hash, status (``ok`` / ``failed``), the stage
                and message of a failure, metadata columns and the full Resolution as JSON.
    citations   the references each document makes (code, type, date, issuer, role ...).
    indicators  the targets (chỉ tiêu) of each document.
    tasks       the tasks (nhiệm vụ) of each document.
    search      an FTS5 table over the document text, its targets and its tasks.
    skipped     files of an indexed folder that are no document (README, notes …), with the
                reason, so that a re-run neither parses them again nor lists them as documents.

Writes go through :meth:`Store.write` in one transaction per batch, and every write is an
upsert keyed by the file path: re-writing a path replaces its rows, so a run that was killed
and started again can never leave two copies of a document. The database runs in WAL mode,
so readers (the web app, ``nqparse search``) can read while an index run writes.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..errors import BadInputError
from ..schema import Resolution

SCHEMA_VERSION = 1
HIGHLIGHT = ("**", "**")   # markers around the matched words in search snippets

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    sha256      TEXT,
    size        INTEGER,
    mtime_ns    INTEGER,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    stage       TEXT,
    error       TEXT,
    code        TEXT,
    doc_type    TEXT,
    date        TEXT,
    issuer      TEXT,
    title       TEXT,
    family      TEXT,
    format      TEXT,
    chars       INTEGER,
    parser      TEXT,
    indexed_at  REAL,
    resolution  TEXT
);
CREATE INDEX IF NOT EXISTS documents_code ON documents(code);
CREATE TABLE IF NOT EXISTS citations (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code        TEXT,
    doc_type    TEXT,
    number      TEXT,
    symbol      TEXT,
    year        INTEGER,
    date        TEXT,
    issuer      TEXT,
    title       TEXT,
    role        TEXT,
    raw         TEXT,
    partial     INTEGER,
    mentions    INTEGER,
    start       INTEGER,
    "end"       INTEGER
);
CREATE INDEX IF NOT EXISTS citations_doc ON citations(doc_id);
CREATE INDEX IF NOT EXISTS citations_code ON citations(code);
CREATE TABLE IF NOT EXISTS indicators (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id     TEXT,
    text        TEXT,
    section     TEXT,
    comparator  TEXT,
    value       REAL,
    high        REAL,
    unit        TEXT,
    deadline    TEXT
);
CREATE INDEX IF NOT EXISTS indicators_doc ON indicators(doc_id);
CREATE TABLE IF NOT EXISTS tasks (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id     TEXT,
    text        TEXT,
    section     TEXT,
    deadline    TEXT,
    lead        TEXT,
    partners    TEXT
);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc_id);
CREATE TABLE IF NOT EXISTS skipped (
    path        TEXT PRIMARY KEY,
    sha256      TEXT,
    size        INTEGER,
    mtime_ns    INTEGER,
    parser      TEXT,
    reason      TEXT NOT NULL,
    skipped_at  REAL
);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    doc_id UNINDEXED, kind UNINDEXED, item_id UNINDEXED, body, folded,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""


@dataclass(slots=True)
class Rows:
    """A parsed document as table rows, prepared where it was parsed (the writer only inserts)."""

    metadata: tuple          # code, doc_type, date, issuer, title, family, format, chars
    citations: list[tuple]
    indicators: list[tuple]
    tasks: list[tuple]
    search: list[tuple]      # kind, item_id, body, folded


@dataclass(slots=True)
class IndexedFile:
    """What indexing one file produced, ready to be written (plain data: cheap to pickle).

    ``resolution`` is the Resolution as JSON for a parsed file, None for a failure; ``rows``
    are its table rows (see :func:`rows_of`).
    """

    path: str
    sha256: Optional[str]
    size: Optional[int] = None
    mtime_ns: Optional[int] = None
    resolution: Optional[str] = None
    rows: Optional[Rows] = None
    stage: Optional[str] = None
    error: Optional[str] = None
    unchanged: bool = False        # the content hash matched the stored one: nothing to write
    skipped: Optional[str] = None  # parsed, but no document: the reason (see corpus.discover)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.resolution is not None


@dataclass(slots=True)
class DocumentRow:
    path: str
    sha256: Optional[str]
    status: str
    stage: Optional[str]
    error: Optional[str]
    code: Optional[str]
    doc_type: Optional[str]
    date: Optional[str]
    issuer: Optional[str]
    title: Optional[str]
    family: Optional[str]
    format: Optional[str]
    chars: Optional[int]
    indexed_at: Optional[float]


@dataclass(slots=True)
class SearchMatch:
    kind: str                  # "document" | "indicator" | "task"
    item_id: Optional[str]     # the indicator/task id; None for the document text
    snippet: str               # matched words wrapped in HIGHLIGHT markers


@dataclass(slots=True)
class SearchHit:
    path: str
    code: Optional[str]
    title: Optional[str]
    doc_type: Optional[str]
    score: float               # bm25 of the best match: lower is better
    matches: list[SearchMatch] = field(default_factory=list)


class Store:
    """An SQLite corpus database (created on first use)."""

    def __init__(self, db_path: str | Path, *, readonly: bool = False):
        self.path = Path(db_path)
        if readonly and not self.path.is_file():
            raise BadInputError("no index database here (run `nqparse index` first)", path=self.path)
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys=ON")
            if readonly:
                self._db.execute("SELECT 1 FROM documents LIMIT 1")   # is it an index at all?
            else:
                self._db.execute("PRAGMA journal_mode=WAL")   # readers never block the writer
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
        except sqlite3.DatabaseError as exc:
            raise BadInputError(f"not a usable index database ({exc})", path=self.path) from None

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self._db.in_transaction:   # a batch cut by Ctrl-C between its BEGIN and its COMMIT
            self._db.execute("ROLLBACK")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------

    def known_files(self) -> dict[str, tuple[Optional[str], Optional[int], Optional[int], Optional[str]]]:
        """path → (sha256, size, mtime_ns, parser version) of every stored document."""
        rows = self._db.execute("SELECT path, sha256, size, mtime_ns, parser FROM documents UNION ALL "
                                "SELECT path, sha256, size, mtime_ns, parser FROM skipped")
        return {path: (sha, size, mtime, parser) for path, sha, size, mtime, parser in rows}

    def write(self, files: Iterable[IndexedFile], *, parser: str = "") -> int:
        """Upsert a batch in one transaction; returns how many rows changed."""
        written = 0
        with self._transaction() as db:
            for item in files:
                if item.unchanged:
                    for table in ("documents", "skipped"):
                        db.execute(f"UPDATE {table} SET size = ?, mtime_ns = ? WHERE path = ?",
                                   (item.size, item.mtime_ns, item.path))
                    continue
                if item.skipped:
                    self._skip(db, item, parser)
                else:
                    self._upsert(db, item, parser)
                written += 1
        return written

    def _skip(self, db: sqlite3.Connection, item: IndexedFile, parser: str) -> None:
        """Record a file that is no document, and forget it if an earlier run stored it as one."""
        self._forget(db, item.path)
        db.execute("INSERT OR REPLACE INTO skipped (path, sha256, size, mtime_ns, parser, reason, skipped_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (item.path, item.sha256, item.size, item.mtime_ns, parser, item.skipped, time.time()))

    @staticmethod
    def _forget(db: sqlite3.Connection, path: str) -> None:
        old = db.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
        if old is not None:
            db.execute("DELETE FROM search WHERE doc_id = ?", (old[0],))
            db.execute("DELETE FROM documents WHERE id = ?", (old[0],))   # its rows go with it (ON DELETE CASCADE)

    def _upsert(self, db: sqlite3.Connection, item: IndexedFile, parser: str) -> None:
        db.execute("DELETE FROM skipped WHERE path = ?", (item.path,))
        old = db.execute("SELECT id FROM documents WHERE path = ?", (item.path,)).fetchone()
        if old is not None:
            doc_id = old[0]
            for table in ("citations", "indicators", "tasks"):
                db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM search WHERE doc_id = ?", (doc_id,))
        rows = item.rows if item.ok else None
        if item.ok and rows is None:
            rows = rows_of(Resolution.model_validate_json(item.resolution))
        meta = rows.metadata if rows else (None,) * 8
        row = (item.path, item.sha256, item.size, item.mtime_ns, "ok" if rows else "failed", item.stage, item.error,
               *meta, parser, time.time(), item.resolution)
        columns = ("path, sha256, size, mtime_ns, status, stage, error, code, doc_type, date, issuer, "
                   "title, family, format, chars, parser, indexed_at, resolution")
        if old is None:
            cur = db.execute(f"INSERT INTO documents ({columns}) VALUES ({', '.join('?' * 18)})", row)
            doc_id = cur.lastrowid
        else:
            assignments = ", ".join(f"{c.strip()} = ?" for c in columns.split(","))
            db.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*row, doc_id))
        if rows is not None:
            _insert_rows(db, doc_id, rows)

    # -- reading -----------------------------------------------------------------------

    def resolutions(self) -> Iterator[Resolution]:
        """Every successfully parsed document, in path order."""
        cur = self._db.execute("SELECT resolution FROM documents WHERE status = 'ok' ORDER BY path")
        for (text,) in cur:
            yield Resolution.model_validate_json(text)

    def failures(self) -> list[tuple[str, str, str]]:
        """(path, stage, message) of every file that could not be parsed."""
        rows = self._db.execute(
            "SELECT path, COALESCE(stage, ''), COALESCE(error, '') FROM documents WHERE status = 'failed' ORDER BY path"
        )
        return [tuple(r) for r in rows]

    def skipped(self) -> list[tuple[str, str]]:
        """(path, reason) of every file set aside as no document."""
        try:
            return [tuple(r) for r in self._db.execute("SELECT path, reason FROM skipped ORDER BY path")]
        except sqlite3.OperationalError:   # an index made before files were set aside, opened read-only
            return []

    def documents(self) -> list[DocumentRow]:
        rows = self._db.execute(
            "SELECT path, sha256, status, stage, error, code, doc_type, date, issuer, title, family, format, "
            "chars, indexed_at FROM documents ORDER BY path"
        )
        return [DocumentRow(*r) for r in rows]

    def get(self, code: str) -> Optional[Resolution]:
        """The parsed document whose own number/symbol is ``code`` (first by path if several:
        one code may be the number of several issuers' documents, see :meth:`get_all`)."""
        row = self._db.execute(
            "SELECT resolution FROM documents WHERE status = 'ok' AND code = ? ORDER BY path LIMIT 1", (code,)
        ).fetchone()
        return Resolution.model_validate_json(row[0]) if row else None

    def get_all(self, code: str) -> list[Resolution]:
        """Every parsed document whose own number/symbol is ``code`` (each issuer's, each copy)."""
        rows = self._db.execute("SELECT resolution FROM documents WHERE status = 'ok' AND code = ? ORDER BY path", (code,))
        return [Resolution.model_validate_json(text) for (text,) in rows]

    def get_path(self, path: str | Path) -> Optional[Resolution]:
        row = self._db.execute(
            "SELECT resolution FROM documents WHERE status = 'ok' AND path = ?", (str(path),)
        ).fetchone()
        return Resolution.model_validate_json(row[0]) if row else None

    def count(self) -> dict[str, int]:
        """How many documents are stored, by status."""
        counts = {"ok": 0, "failed": 0}
        for status, n in self._db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"):
            counts[status] = n
        return counts

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Documents, targets and tasks mentioning ``query`` (a phrase, or FTS5 syntax).

        Plain words are searched as one phrase ("đột phá phát triển"); a query that already
        uses FTS5 syntax (quotes, AND/OR/NOT/NEAR, a trailing ``*``) is passed on as it is.
        Diacritics are optional: "phat trien" finds "phát triển".
        """
        match = _fts_query(query)
        if not match:
            return []
        try:
            rows = self._db.execute(
                "SELECT doc_id, kind, item_id, body, snippet(search, 4, ?, ?, '…', 16), bm25(search) AS score "
                "FROM search WHERE search MATCH ? ORDER BY score LIMIT ?",
                (_MARK_OPEN, _MARK_CLOSE, match, max(limit, 1) * 50),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise BadInputError(f"cannot search for {query!r}: {exc}") from None
        hits: dict[int, SearchHit] = {}
        for doc_id, kind, item_id, body, snippet, score in rows:
            hit = hits.get(doc_id)
            if hit is None:
                if len(hits) >= limit:
                    continue
                path, code, title, doc_type = self._db.execute(
                    "SELECT path, code, title, doc_type FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()
                hit = hits[doc_id] = SearchHit(path, code, title, doc_type, score)
            hit.matches.append(SearchMatch(kind, item_id, _unfold_snippet(snippet, body)))
        return list(hits.values())


def rows_of(resolution: Resolution) -> Rows:
    """The table rows of one parsed document."""
    meta = resolution.metadata
    heading = "\n".join(filter(None, (meta.code, meta.title)))
    search = [("document", None, f"{heading}\n{resolution.text}" if heading else resolution.text)]
    search += [("indicator", i.id, i.text) for i in resolution.indicators]
    search += [("task", t.id, t.text) for t in resolution.tasks]
    return Rows(
        metadata=(meta.code, meta.doc_type, meta.date, meta.issuer, meta.title,
                  meta.family.value if meta.family else None, resolution.source.format, len(resolution.text)),
        citations=[
            (r.code, r.doc_type, r.number, r.symbol, r.year, r.date, r.issuer, r.title, r.role.value, r.raw,
             int(r.partial), max(len(r.mentions), 1), r.span.start, r.span.end)
            for r in resolution.references
        ],
        indicators=[
            (i.id, i.text, i.section, i.comparator.value if i.comparator else None, i.value, i.high, i.unit, i.deadline)
            for i in resolution.indicators
        ],
        tasks=[(t.id, t.text, t.section, t.deadline, json.dumps(t.lead), json.dumps(t.partners)) for t in resolution.tasks],
        search=[(kind, item_id, body, _fold(body)) for kind, item_id, body in search],
    )


def _insert_rows(db: sqlite3.Connection, doc_id: int, rows: Rows) -> None:
    db.executemany(
        'INSERT INTO citations (doc_id, code, doc_type, number, symbol, year, date, issuer, title, role, raw, '
        'partial, mentions, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [(doc_id, *row) for row in rows.citations],
    )
    db.executemany(
        "INSERT INTO indicators (doc_id, item_id, text, section, comparator, value, high, unit, deadline) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, *row) for row in rows.indicators],
    )
    db.executemany(
        "INSERT INTO tasks (doc_id, item_id, text, section, deadline, lead, partners) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, *row) for row in rows.tasks],
    )
    db.executemany(
        "INSERT INTO search (doc_id, kind, item_id, body, folded) VALUES (?, ?, ?, ?, ?)",
        [(doc_id, *row) for row in rows.search],
    )


_FTS_SYNTAX = ('"', " AND ", " OR ", " NOT ", "NEAR(", "*", "^")
_FOLD = str.maketrans("đĐ", "dD")


def _fold(text: str) -> str:
    """What the FTS tokenizer does not fold by itself: đ → d (it strips the other diacritics)."""
    return text.translate(_FOLD)


_MARK_OPEN, _MARK_CLOSE, _ELLIPSIS = "\x02", "\x03", "…"


def _unfold_snippet(snippet: str, body: str) -> str:
    """Put the đ back into a snippet cut from the folded column (folding keeps every offset).

    Returns the snippet with its matches wrapped in :data:`HIGHLIGHT`, whitespace collapsed.
    """
    core = snippet
    head = core.startswith(_ELLIPSIS)
    tail = core.endswith(_ELLIPSIS) and len(core) > 1
    core = core[1 if head else 0: len(core) - 1 if tail else len(core)]
    plain = core.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    at = _fold(body).find(plain) if plain else -1
    if at >= 0:
        original = iter(body[at: at + len(plain)])
        core = "".join(c if c in (_MARK_OPEN, _MARK_CLOSE) else next(original) for c in core)
    text = (_ELLIPSIS if head else "") + core + (_ELLIPSIS if tail else "")
    text = text.replace(_MARK_OPEN, HIGHLIGHT[0]).replace(_MARK_CLOSE, HIGHLIGHT[1])
    return " ".join(text.split())


def _fts_query(query: str) -> str:
    """Turn what a user typed into an FTS5 MATCH expression.

    The ``body`` column keeps đ, the ``folded`` column has d: a query typed with đ matches the
    body, one typed without diacritics matches the folded copy.
    """
    query = " ".join(query.split())
    if not query:
        return ""
    if not any(token in query for token in _FTS_SYNTAX):
        query = '"' + query.replace('"', '""') + '"'
    folded = _fold(query)
    return query if folded == query else f"({query}) OR ({folded})"

