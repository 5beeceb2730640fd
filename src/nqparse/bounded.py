"""Parse one document in a worker process with a time budget and a memory limit.

    resolution = run_bounded(api.parse, path, limits=limits.current(), path=path)

The work runs in a child forked from this process (so it starts warm: every module, rule and
regex already loaded), in a process group of its own, with its address space capped
(``RLIMIT_AS``). The result comes back pickled through a pipe. When the budget runs out, the
whole group is killed — LibreOffice's ``soffice.bin`` converting a .doc included — and the
caller gets a one-line :class:`~nqparse.errors.TimeLimitError`; a child that runs out of memory
gives a :class:`~nqparse.errors.MemoryLimitError`. Ctrl-C (or any exception) in the caller kills
the group too, so nothing outlives the run.

Pages read by OCR buy more time: :func:`allow_more_time` (called before OCR starts) extends the
deadline by the seconds it is given, so a long scan is not cut off for being a scan.
"""
from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import struct
import time
from typing import Any, Callable, Optional, TypeVar

from .errors import MemoryLimitError, NqparseError, TimeLimitError
from .limits import Limits

T = TypeVar("T")
_HEADER = struct.Struct("!cQ")      # message kind, payload length
_RESULT, _MORE_TIME, _PROGRESS = b"r", b"t", b"p"
_DIED_OF_MEMORY = {signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS}

_report_fd: Optional[int] = None    # in a worker: where to tell the parent about more time
_live_groups: set[int] = set()      # worker process groups of this process, killed at exit


def run_bounded(work: Callable[..., T], *args: Any, limits: Limits, path: Any = None,
                on_progress: Optional[Callable[[int, int], None]] = None, **kwargs: Any) -> T:
    """``work(*args, **kwargs)`` in a bounded worker; its result, or its exception re-raised here.

    ``path`` names the document in the limit errors; ``on_progress`` gets what a :func:`relay`
    callback reports in the worker. Limits of 0 mean none; with neither a time nor a memory
    limit the work runs in this process."""
    if not limits.time_limit_s and not limits.memory_limit_mb:
        return work(*args, **kwargs)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
        os.close(read_end)
        _child(write_end, limits.memory_limit_mb, work, args, kwargs)
    os.close(write_end)
    try:
        os.setpgid(pid, pid)        # as the child does: whichever runs first
    except OSError:
        pass
    _live_groups.add(pid)
    try:
        outcome = _wait(read_end, pid, limits, path, on_progress)
    finally:
        os.close(read_end)
        _kill_group(pid)
    kind, value = outcome
    if kind == "ok":
        return value
    raise value


def allow_more_time(seconds: float) -> None:
    """In a bounded worker, extend its deadline by ``seconds`` (no-op elsewhere)."""
    if _report_fd is not None and seconds > 0:
        payload = struct.pack("!d", seconds)
        os.write(_report_fd, _HEADER.pack(_MORE_TIME, len(payload)) + payload)


def relay(progress: Optional[Callable[[int, int], None]]) -> Optional[Callable[[int, int], None]]:
    """A progress callback (pages done, pages in all) that, called in a bounded worker, reports
    to the parent, which calls ``on_progress`` (where the progress bar is)."""
    if progress is None:
        return None
    def forward(done: int, total: int) -> None:
        if _report_fd is None:
            progress(done, total)
        else:
            payload = struct.pack("!qq", done, total)
            os.write(_report_fd, _HEADER.pack(_PROGRESS, len(payload)) + payload)

    return forward


def kill_all() -> None:
    """Kill every worker this process still has running (a server shutting down)."""
    for group in list(_live_groups):
        _kill_group(group)


# -- the child --------------------------------------------------------------------------


def _child(fd: int, memory_mb: int, work: Callable, args: tuple, kwargs: dict) -> None:  # pragma: no cover
    global _report_fd
    code = 0
    try:
        gc.freeze()     # what the parent had is never collected here: its pages stay shared, not copied
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _die_with_parent()
        _live_groups.clear()
        _report_fd = fd
        if memory_mb:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            wanted = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
        try:
            outcome: tuple = ("ok", work(*args, **kwargs))
        except MemoryError:
            outcome = ("memory", None)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            outcome = ("error", exc)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
            payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        _write_all(fd, _HEADER.pack(_RESULT, len(payload)) + payload)
    except BaseException:  # noqa: BLE001
        code = 1
    finally:
        os._exit(code)


def _die_with_parent() -> None:  # pragma: no cover
    """Linux: the kernel kills this worker when the thread that forked it dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _write_all(fd: int, data: bytes) -> None:  # pragma: no cover
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


# -- the parent -------------------------------------------------------------------------


def _wait(fd: int, pid: int, limits: Limits, path: Any, on_progress: Optional[Callable]) -> tuple[str, Any]:
    """Read the child's messages until its result, its death, or the deadline."""
    deadline = time.monotonic() + limits.time_limit_s if limits.time_limit_s else None
    buffer = bytearray()
    while True:
        timeout = None if deadline is None else deadline - time.monotonic()
        if timeout is not None and timeout <= 0:
            raise TimeLimitError(f"took longer than {limits.time_limit_s:g} s (--time-limit, NQPARSE_TIME_LIMIT)",
                                 path=path, stage="limits")
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return _died(pid, limits, path)
        buffer += chunk
        while len(buffer) >= _HEADER.size:
            kind, length = _HEADER.unpack_from(buffer)
            if len(buffer) < _HEADER.size + length:
                break
            payload = bytes(buffer[_HEADER.size:_HEADER.size + length])
            del buffer[:_HEADER.size + length]
            if kind == _MORE_TIME and deadline is not None:
                deadline += struct.unpack("!d", payload)[0]
            elif kind == _PROGRESS and on_progress is not None:
                on_progress(*struct.unpack("!qq", payload))
            elif kind == _RESULT:
                outcome = pickle.loads(payload)
                if outcome[0] == "memory":
                    return "error", _memory_error(limits, path)
                return outcome


def _died(pid: int, limits: Limits, path: Any) -> tuple[str, Any]:
    """The child closed its pipe without a result: it was killed or crashed."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 0
    _live_groups.discard(pid)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in _DIED_OF_MEMORY and limits.memory_limit_mb:
        return "error", _memory_error(limits, path)
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit code {os.WEXITSTATUS(status)}"
    return "error", NqparseError(f"the parsing process died ({how})", path=path, stage="worker")


def _memory_error(limits: Limits, path: Any) -> MemoryLimitError:
    return MemoryLimitError(f"needs more than {limits.memory_limit_mb} MB of memory "
                            "(--memory-limit-mb, NQPARSE_MEMORY_LIMIT_MB)", path=path, stage="limits")


def _kill_group(pid: int) -> None:
    """Kill the worker's process group (LibreOffice and Tesseract included) and reap the worker."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    _live_groups.discard(pid)


import atexit  # noqa: E402 - registered once the module is whole

atexit.register(kill_all)
