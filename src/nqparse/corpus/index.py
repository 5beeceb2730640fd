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
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional

from .. import __version__
from ..errors import BadInputError, NqparseError, RulesError
from .discover import SUPPORTED_SUFFIXES, discover, not_a_document  # noqa: F401 (SUPPORTED_SUFFIXES re-exported)
from .store import IndexedFile, Store, rows_of

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import Parser
    from ..rules import Rules

BATCH_FILES = 64          # write after this many results …
BATCH_SECONDS = 2.0       # … or this long after the last write, whichever comes first
IN_FLIGHT_PER_WORKER = 4  # bounded submission keeps memory flat however large the archive


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


@dataclass(slots=True)
class FileTask:
    """One file to index, with what the database already knows about it."""

    path: str
    size: int
    mtime_ns: int
    known_sha: Optional[str] = None
    data: Optional[bytes] = None      # shipped with the task when workers cannot see the file (Dask)


# -- finding files ---------------------------------------------------------------------


def find_documents(paths: Iterable[str | Path], follow_links: bool = False) -> list[Path]:
    """Supported files under ``paths`` (folders recursively), sorted, each once (see :func:`discover`)."""
    return discover(paths, follow_links).files


def parser_fingerprint(rules: "Optional[Rules]" = None) -> str:
    """The nqparse version and a digest of the rules in use: a change re-parses every file."""
    from .. import rules as rules_module

    return f"{__version__}+{(rules or rules_module.active()).fingerprint()}"


# -- parsing one file (runs in a worker) ----------------------------------------------


_worker_parser: list["Parser"] = []   # in a worker process: the Parser of the run that started it


def index_file(task: FileTask, parser: "Optional[Parser]" = None) -> IndexedFile:
    """Read, hash and parse one file with ``parser`` (in a worker: the run's, else the default);
    never raises for a bad file (the failure is the result).

    The parse runs in a bounded worker (:mod:`nqparse.bounded`): a file that takes longer than
    the time limit or more memory than the memory limit fails at stage ``limits``."""
    from ..bounded import run_bounded
    from ..limits import current
    from ..pipeline import default_parser

    parser = parser or (_worker_parser[0] if _worker_parser else default_parser())
    started = time.perf_counter()
    result = IndexedFile(task.path, None, task.size, task.mtime_ns)
    try:
        data = task.data if task.data is not None else _read(task)
        result.sha256 = hashlib.sha256(data).hexdigest()
        if result.sha256 == task.known_sha:
            result.unchanged = True
            return result
        result.resolution, result.rows = run_bounded(_parse, parser, data, task.path, limits=current(), path=task.path)
    except RulesError:
        raise   # not this file's fault: the whole run stops (exit code 3)
    except NqparseError as exc:
        result.stage, result.error = exc.stage or "load", _one_line(exc.problem)
    finally:
        result.seconds = time.perf_counter() - started
    return result


def _parse(parser: "Parser", data: bytes, path: str) -> tuple[str, list]:
    """One file's Resolution as JSON and its table rows; a failure names its stage."""
    from ..pipeline import stage_of

    stage = "load"
    try:
        state = parser.make_state(data, filename=path)
        try:
            parser.run(state)
        finally:
            stage = stage_of(state.stage)
        state.source.path = path
        resolution = parser.resolution(state)
        stage = "serialize"
        return resolution.model_dump_json(), rows_of(resolution)
    except NqparseError as exc:
        exc.stage = exc.stage or stage
        raise
    except RecursionError:
        raise NqparseError("internal error: recursion too deep", stage=stage) from None
    except Exception as exc:  # a parser bug must not stop a batch: record it and go on
        raise NqparseError(_one_line(f"internal error: {type(exc).__name__}: {exc}"), stage=stage) from None


def _read(task: FileTask) -> bytes:
    from ..load import MAX_INPUT_BYTES

    if task.size > MAX_INPUT_BYTES:
        raise BadInputError(f"file is too large ({task.size // 2**20} MB; limit {MAX_INPUT_BYTES // 2**20} MB)")
    try:
        return Path(task.path).read_bytes()
    except OSError as exc:
        raise BadInputError(f"cannot read the file ({exc.strerror or exc})") from None


def _one_line(message: str) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return (lines[0] if lines else "unknown error")[:500]


def _worker_init(parser: "Parser", run_pid: int) -> None:
    """Workers parse with the run's Parser, leave Ctrl-C to the parent, exit when the run's
    process dies (even by SIGKILL), and on SIGTERM (the parent interrupted) kill the file's
    bounded worker on their way out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    threading.Thread(target=_exit_with, args=(run_pid,), daemon=True, name="nqparse-watchdog").start()
    _worker_parser[:] = [parser]


def _stop(signum, frame) -> None:
    """The run was interrupted: kill this worker's file parse (its whole process group), then exit."""
    from ..bounded import kill_all

    kill_all()
    os._exit(1)


def _exit_with(pid: int) -> None:
    """Block until process ``pid`` ends, then end this process.

    Pool workers share the task queue's pipe ends with each other, so they never see it close
    when the run is killed; without this watchdog they would wait forever.
    """
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])        # readable once the process has exited
    else:  # pragma: no cover - not Linux ≥ 5.3
        while True:
            time.sleep(1.0)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
    from ..bounded import kill_all

    kill_all()
    os._exit(1)


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
        workers = 0 if dask_address else min(jobs or _cores(), len(tasks))
        pool = _start_pool(workers, parser) if workers > 1 else None   # before any thread is started
        with _Progress(len(documents), report.unchanged, enabled=progress) as bar:
            writer = _BatchWriter(store, fingerprint, report, bar)
            try:
                if dask_address:
                    _run_on_dask(tasks, dask_address, writer, parser)
                elif pool is None:
                    if tasks:    # each file's bounded worker is forked warm from here
                        _warm_up(parser)
                    for task in tasks:
                        writer.add(index_file(task, parser))
                else:
                    _run_in_pool(tasks, pool, workers, writer, parser)
            finally:
                writer.flush()
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
        wanted = {str(p) for p in documents}
        report.failures = [f for f in store.failures() if f[0] in wanted]
        report.skipped = found.skipped + [f for f in store.skipped() if f[0] in wanted]
    report.seconds = time.perf_counter() - started
    return report


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


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


class _BatchWriter:
    """Collects results and writes them in batched transactions."""

    def __init__(self, store: Store, parser: str, report: IndexReport, bar: "_Progress"):
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


_WARM_UP_TEXT = """ĐẢNG BỘ TỈNH VĨNH LAM
ĐẢNG ỦY XÃ TÂN LAM
*
Số 01-NQ/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
Tân Lam, ngày 02 tháng 01 năm 2026

NGHỊ QUYẾT
về công tác xây dựng Đảng năm 2026

Căn cứ Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị;

I- MỤC TIÊU, CHỈ TIÊU
1. Có từ 90% đảng viên trở lên hoàn thành tốt nhiệm vụ.
II- NHIỆM VỤ, GIẢI PHÁP
1. Ban Tuyên giáo chủ trì, phối hợp với Văn phòng xây dựng kế hoạch, hoàn thành trong quý I.

T/M ĐẢNG ỦY
BÍ THƯ
Nguyễn Văn A
"""


def _start_pool(workers: int, parser: "Parser") -> ProcessPoolExecutor:
    """Worker processes forked from this one once it has loaded every module, rule and regex.

    On Linux the workers are forked (all at once, before the progress bar starts a thread),
    so none of them pays the second or two of imports and rule loading again; each parses with
    ``parser`` (forked as it is, or pickled as its rule folders and components elsewhere).
    """
    _warm_up(parser)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method),
        initializer=_worker_init, initargs=(parser, os.getpid()),
    )
    pool.submit(os.getpid).result()   # with fork, the first task starts every worker
    return pool


def _warm_up(parser: "Parser") -> None:
    """Load every module, rule and regex here, so that what is forked from here starts warm."""
    try:
        parser.parse_text(_WARM_UP_TEXT, filename="warm-up.txt")
    except Exception:  # noqa: BLE001 - warming up is an optimisation, never a failure
        pass


def _run_in_pool(tasks: list[FileTask], pool: ProcessPoolExecutor, jobs: int, writer: _BatchWriter,
                 parser: "Parser") -> None:
    def renew(workers: int) -> ProcessPoolExecutor:
        return _start_pool(workers, parser)

    suspects = _drain(tasks, pool, jobs * IN_FLIGHT_PER_WORKER, writer, renew, jobs)
    for task in suspects:  # alone in a fresh process: only the culprit fails
        again = _drain([task], renew(1), 1, writer, None, 1)
        if again:
            writer.add(IndexedFile(task.path, None, task.size, task.mtime_ns, stage="worker",
                                   error="the parsing process died on this file (crash or out of memory)"))


def _drain(
    tasks: list[FileTask],
    pool: ProcessPoolExecutor,
    in_flight: int,
    writer: _BatchWriter,
    renew: Optional[Callable[[int], ProcessPoolExecutor]],
    jobs: int,
) -> list[FileTask]:
    """Run ``tasks`` through ``pool``; returns the tasks lost to a dying worker process."""
    queue = iter(tasks)
    running: dict[Future, FileTask] = {}
    lost: list[FileTask] = []
    try:
        while True:
            for task in queue:
                running[pool.submit(index_file, task)] = task
                if len(running) >= in_flight:
                    break
            if not running:
                return lost
            done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                task = running.pop(future)
                try:
                    writer.add(future.result())
                except BrokenProcessPool:
                    lost.append(task)
                    broken = True
            if broken and renew is not None:
                lost.extend(running.values())
                running.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = renew(jobs)
    except BaseException:   # Ctrl-C: stop the files in progress now, not when they finish
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=not running, cancel_futures=True)


def _run_on_dask(tasks: list[FileTask], address: str, writer: _BatchWriter, parser: "Parser") -> None:
    """Parse on an existing Dask cluster; this process reads the files and writes the database.

    The file bytes travel with each task, so the workers need nqparse installed but no access
    to the files. At most a few tasks per worker thread are in flight at a time.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise NqparseError("--dask needs the Dask distributed package: pip install 'nqparse[dask]'") from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise NqparseError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
    try:
        in_flight = max(sum(client.nthreads().values()), 1) * IN_FLIGHT_PER_WORKER
        queue = iter(tasks)
        paths: dict[str, FileTask] = {}
        futures = as_completed()

        def submit_next() -> None:
            for task in queue:
                shipped = _with_bytes(task)
                if shipped is None:  # unreadable here: recorded without a round trip
                    writer.add(index_file(task, parser))
                    continue
                if hashlib.sha256(shipped.data).hexdigest() == task.known_sha:
                    writer.add(index_file(shipped, parser))  # only hashes: unchanged
                    continue
                future = client.submit(index_file, shipped, parser, pure=False)
                paths[future.key] = task
                futures.add(future)
                return

        for _ in range(in_flight):
            submit_next()
        for future in futures:
            task = paths.pop(future.key)
            try:
                writer.add(future.result())
            except RulesError:
                raise
            except Exception as exc:  # the worker died or the task was lost
                writer.add(IndexedFile(task.path, None, task.size, task.mtime_ns, stage="worker",
                                       error=_one_line(f"Dask task failed: {type(exc).__name__}: {exc}")))
            future.release()
            submit_next()
    finally:
        client.close()


def _with_bytes(task: FileTask) -> Optional[FileTask]:
    try:
        data = _read(task)
    except BadInputError:
        return None
    return FileTask(task.path, task.size, task.mtime_ns, task.known_sha, data)


# -- progress ---------------------------------------------------------------------------


class _Progress:
    """A rich progress bar on stderr: files done, files/s, failures, ETA (or nothing at all)."""

    def __init__(self, total: int, skipped: int, enabled: bool):
        self.total, self.skipped, self.enabled = total, skipped, enabled
        self.failures = 0
        self._bar = None

    def __enter__(self) -> "_Progress":
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                                   TimeRemainingColumn)
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                return Text(f"{task.speed or 0:.1f} files/s")

        self._bar = Progress(
            TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), Rate(),
            TextColumn("{task.fields[failures]} failed"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("index", total=self.total, completed=self.skipped, failures=0)
        return self

    def advance(self, failed: bool) -> None:
        self.failures += failed
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failures=self.failures)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
