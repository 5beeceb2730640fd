"""Index many documents into a corpus database: in parallel, resumable, failure-tolerant.

    nqparse index archive/ more/*.docx --db corpus.db -j 8
    nqparse index archive/ --db corpus.db --dask tcp://scheduler:8786

How a run goes:

1. Every supported file under the given paths is listed (recursively, hidden files skipped;
   links out of a folder only with ``follow_links``); see :mod:`nqparse.corpus.discover`.
2. A file whose size and modification time match the database is skipped without being read;
   otherwise it is read and hashed, and skipped if its content hash still matches.
3. The others are parsed in worker processes (``-j N``, default: the machine's cores; on Linux
   forked from this process after it has loaded every module and rule, so a worker starts warm)
   or on a Dask cluster. Each returns its Resolution as JSON with its table rows ready, or the
   stage and message of its failure; only this process writes to the database.
4. A parsed file that is no document (a README, notes: see ``discover.not_a_document``) is
   recorded as skipped, not stored as a document.
5. Results are written in batches, one transaction each. An interrupted run (Ctrl-C, a kill)
   loses at most the batch in flight; the next run picks up where it stopped, and the upsert
   keyed by path means no document is ever stored twice.

A worker process that dies (a crash in a C library, the out-of-memory killer) does not stop
the run: the files it may have been holding are retried one by one, and the one that kills
its process again is recorded as failed at stage ``worker``.

Here: the run and its database writes. Finding the files: :mod:`nqparse.corpus.discover`;
parsing them (one file, a pool, Dask, the watchdog): :mod:`nqparse.corpus.runners`; the bar:
:mod:`nqparse.corpus.progress`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from .. import __version__
from .discover import SUPPORTED_SUFFIXES, discover, not_a_document  # noqa: F401 (SUPPORTED_SUFFIXES re-exported)
from .progress import IndexProgress
from .runners import FileTask, cores, index_file, run_in_pool, run_on_dask, start_pool, warm_up  # noqa: F401
from .store import IndexedFile, Store

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import Parser
    from ..rules import Rules

BATCH_FILES = 64          # write after this many results …
BATCH_SECONDS = 2.0       # … or this long after the last write, whichever comes first


@dataclass
class IndexReport:
    """What one ``index`` run did."""

    db: str
    files: int = 0              # supported files found under the given paths
    parsed: int = 0             # parsed successfully in this run
    failed: int = 0             # failed in this run
    unchanged: int = 0          # skipped: content unchanged since the last run
    seconds: float = 0.0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, message), incl. earlier runs
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): no documents, links not followed

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def files_per_second(self) -> float:
        done = self.parsed + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0


# -- finding files ---------------------------------------------------------------------


def find_documents(paths: Iterable[str | Path], follow_links: bool = False) -> list[Path]:
    """Supported files under ``paths`` (folders recursively), sorted, each once (see :func:`discover`)."""
    return discover(paths, follow_links).files


def parser_fingerprint(rules: "Optional[Rules]" = None) -> str:
    """The nqparse version and a digest of the rules in use: a change re-parses every file."""
    from .. import rules as rules_module

    return f"{__version__}+{(rules or rules_module.active()).fingerprint()}"


# -- running a batch ------------------------------------------------------------------


def index_paths(
    paths: Iterable[str | Path],
    db: str | Path,
    jobs: Optional[int] = None,
    dask_address: Optional[str] = None,
    progress: bool = True,
    force: bool = False,
    parser: "Optional[Parser]" = None,
    follow_links: bool = False,
) -> IndexReport:
    """Index every supported file under ``paths`` into the database ``db``.

    ``jobs`` worker processes (default: the machine's cores; 1 parses in this process);
    ``dask_address`` sends the parsing to an existing Dask scheduler instead; ``force``
    re-parses files whose content has not changed; ``follow_links`` reads files that links
    inside a folder lead to outside it. Every file is parsed with ``parser``
    (default: :func:`nqparse.pipeline.default_parser`), here, in the workers and on Dask alike.
    """
    from ..pipeline import Parser

    started = time.perf_counter()
    found = discover(paths, follow_links)
    documents = found.files
    report = IndexReport(db=str(db), files=len(documents))
    parser = Parser(parser.rules, parser.pipeline) if parser is not None else Parser(Parser().rules)  # rules fixed now
    with Store(db) as store:
        fingerprint = parser_fingerprint(parser.rules)
        tasks = list(_plan(store, documents, fingerprint, force, report))
        workers = 0 if dask_address else min(jobs or cores(), len(tasks))
        pool = start_pool(workers, parser) if workers > 1 else None   # before any thread is started
        with IndexProgress(len(documents), report.unchanged, enabled=progress) as bar:
            writer = BatchWriter(store, fingerprint, report, bar)
            try:
                if dask_address:
                    run_on_dask(tasks, dask_address, writer, parser)
                elif pool is None:
                    if tasks:    # each file's bounded worker is forked warm from here
                        warm_up(parser)
                    for task in tasks:
                        writer.add(index_file(task, parser))
                else:
                    run_in_pool(tasks, pool, workers, writer, parser)
            finally:
                writer.flush()
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
        wanted = {str(p) for p in documents}
        report.failures = [f for f in store.failures() if f[0] in wanted]
        report.skipped = found.skipped + [f for f in store.skipped() if f[0] in wanted]
    report.seconds = time.perf_counter() - started
    return report


def _plan(store: Store, documents: list[Path], parser: str, force: bool, report: IndexReport) -> Iterator[FileTask]:
    """The files that need parsing; counts those skipped because nothing changed."""
    known = store.known_files()
    for path in documents:
        key = str(path)
        try:
            st = path.stat()
        except OSError:
            st = None
        size, mtime = (st.st_size, st.st_mtime_ns) if st else (0, 0)
        sha, old_size, old_mtime, old_parser = known.get(key, (None, None, None, None))
        same_parser = old_parser == parser and not force
        if same_parser and sha and (old_size, old_mtime) == (size, mtime):
            report.unchanged += 1
            continue
        yield FileTask(key, size, mtime, known_sha=sha if same_parser else None)


class BatchWriter:
    """Collects results and writes them in batched transactions."""

    def __init__(self, store: Store, parser: str, report: IndexReport, bar: IndexProgress):
        self.store, self.parser, self.report, self.bar = store, parser, report, bar
        self.pending: list[IndexedFile] = []
        self.last_write = time.monotonic()

    def add(self, result: IndexedFile) -> None:
        if result.ok and result.rows is not None:
            code, doc_type, date, issuer = result.rows.metadata[:4]
            result.skipped = not_a_document(result.path, code, doc_type, date, issuer)
        self.pending.append(result)
        if result.unchanged or result.skipped:
            self.report.unchanged += bool(result.unchanged)
        elif result.ok:
            self.report.parsed += 1
        else:
            self.report.failed += 1
        self.bar.advance(failed=not result.ok and not result.unchanged)
        if len(self.pending) >= BATCH_FILES or time.monotonic() - self.last_write > BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.write(self.pending, parser=self.parser)
            self.pending = []
        self.last_write = time.monotonic()


