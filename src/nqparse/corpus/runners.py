"""Where the files of an ``index`` run are parsed: here, in a pool of forked worker processes,
or on a Dask cluster — each file in its own bounded worker (:mod:`nqparse.bounded`).

A worker never raises for a bad file (the failure is its result), leaves Ctrl-C to the run,
and ends when the run's process ends (a watchdog on its pid: pool workers share the task
queue's pipe, so they would never see it close). A pool worker that dies takes only the files
it held: they are retried one by one, and the one that kills its process again is recorded as
failed at stage ``worker``.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from ..errors import BadInputError, NqparseError, RulesError
from .store import IndexedFile, rows_of

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import Parser
    from .index import BatchWriter

IN_FLIGHT_PER_WORKER = 4  # bounded submission keeps memory flat however large the archive


@dataclass(slots=True)
class FileTask:
    """One file to index, with what the database already knows about it."""

    path: str
    size: int
    mtime_ns: int
    known_sha: Optional[str] = None
    data: Optional[bytes] = None      # shipped with the task when workers cannot see the file (Dask)


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


# -- a pool of worker processes ---------------------------------------------------------


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


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


def start_pool(workers: int, parser: "Parser") -> ProcessPoolExecutor:
    """Worker processes forked from this one once it has loaded every module, rule and regex.

    On Linux the workers are forked (all at once, before the progress bar starts a thread),
    so none of them pays the second or two of imports and rule loading again; each parses with
    ``parser`` (forked as it is, or pickled as its rule folders and components elsewhere).
    """
    warm_up(parser)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method),
        initializer=_worker_init, initargs=(parser, os.getpid()),
    )
    pool.submit(os.getpid).result()   # with fork, the first task starts every worker
    return pool


def warm_up(parser: "Parser") -> None:
    """Load every module, rule and regex here, so that what is forked from here starts warm."""
    try:
        parser.parse_text(_WARM_UP_TEXT, filename="warm-up.txt")
    except Exception:  # noqa: BLE001 - warming up is an optimisation, never a failure
        pass


def run_in_pool(tasks: list[FileTask], pool: ProcessPoolExecutor, jobs: int, writer: "BatchWriter",
                 parser: "Parser") -> None:
    def renew(workers: int) -> ProcessPoolExecutor:
        return start_pool(workers, parser)

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
    writer: "BatchWriter",
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


def run_on_dask(tasks: list[FileTask], address: str, writer: "BatchWriter", parser: "Parser") -> None:
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
