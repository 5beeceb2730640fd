"""Where one upload and everything made from it live until the retention time runs out.

Each upload is a *job*: a folder ``<work dir>/<32 hex digits>/`` (mode 0700) holding the bytes
as received (``source``), the parse result (``resolution.json``), the units list the person
edited (``units.json``), a small ``meta.json`` (the label of the upload, when it came, when its
parse finished) and, while a download is being made, that download's own scratch folder. Paths
are built from the random id only, never from user input.

A job is kept for the retention time after its parse finished, and never swept while it is
being received or parsed; a job left half-done by a crash is swept when the server starts.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from ..schema import Resolution

JOB_ID = re.compile(r"^[0-9a-f]{32}$")
PARSES_AT_ONCE = 2    # uploads parsed at the same time; the others wait their turn
_parse_slots = threading.BoundedSemaphore(PARSES_AT_ONCE)


@dataclass
class Job:
    id: str
    folder: Path

    @property
    def source(self) -> Path:
        return self.folder / "source"

    @property
    def resolution_file(self) -> Path:
        return self.folder / "resolution.json"

    @property
    def units_file(self) -> Path:
        return self.folder / "units.json"

    def meta(self) -> dict:
        try:
            return json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_meta(self, **values) -> None:
        meta = self.meta() | values
        write_private(self.folder / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))

    def save_resolution(self, resolution: Resolution) -> None:
        write_private(self.resolution_file, resolution.model_dump_json().encode("utf-8"))
        self.write_meta(ready=time.time())  # the retention time counts from here

    def resolution(self) -> Optional[Resolution]:
        if not self.resolution_file.is_file():
            return None
        return Resolution.model_validate_json(self.resolution_file.read_bytes())

    @contextmanager
    def scratch(self, name: str) -> Iterator[Path]:
        """A private folder of one download's own (two downloads at once never share one), removed after."""
        path = Path(tempfile.mkdtemp(prefix=name + "-", dir=self.folder))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


def parse_in_worker(job: Job, filename: str, parser=None, **options) -> Resolution:
    """Parse the job's upload with ``parser`` (default: the API's) in a bounded worker (time and
    memory limits of :mod:`nqparse.limits`), at most ``PARSES_AT_ONCE`` uploads at a time."""
    from .. import api
    from ..bounded import run_bounded
    from ..limits import current

    parse = parser.parse if parser is not None else api.parse
    with _parse_slots:
        return run_bounded(parse, job.source.read_bytes(), limits=current(), path=filename,
                           filename=filename, **options)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by this user only, replacing it atomically."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Workspace:
    """The private folder of all jobs, swept of jobs older than ``retention_seconds``."""

    def __init__(self, root: Path, retention_seconds: float, sweep_interval: float = 30.0):
        self.root = root
        self.retention = retention_seconds
        self.sweep_interval = sweep_interval
        self._last_sweep = 0.0
        self._lock = threading.Lock()
        self._busy: set[str] = set()  # jobs being received or parsed

    def create(self) -> Job:
        job_id = secrets.token_hex(16)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        job = Job(job_id, folder)
        job.write_meta(created=time.time())
        return job

    def get(self, job_id: str) -> Optional[Job]:
        if not JOB_ID.match(job_id):
            return None
        folder = self.root / job_id
        if not folder.is_dir() or self._expired(folder, time.time()):
            return None
        return Job(job_id, folder)

    def discard(self, job: Job) -> None:
        shutil.rmtree(job.folder, ignore_errors=True)

    @contextmanager
    def busy(self, job: Job) -> Iterator[Job]:
        """While the upload of ``job`` is received and parsed, no sweep removes it."""
        with self._lock:
            self._busy.add(job.id)
        try:
            yield job
        finally:
            with self._lock:
                self._busy.discard(job.id)

    def _expired(self, folder: Path, now: float) -> bool:
        meta = Job(folder.name, folder).meta()
        created = meta.get("ready", meta.get("created"))
        if not isinstance(created, (int, float)):
            try:
                created = folder.stat().st_mtime
            except OSError:
                return True
        return now - created > self.retention

    def sweep(self, now: Optional[float] = None, force: bool = False, interrupted: bool = False) -> int:
        """Delete expired jobs; runs at most once per ``sweep_interval`` unless ``force``.

        ``interrupted`` (at start-up) also deletes jobs whose parse never finished: the server
        that was parsing them is gone. A job being received or parsed now is never deleted.
        """
        now = time.time() if now is None else now
        with self._lock:
            if not force and now - self._last_sweep < self.sweep_interval:
                return 0
            self._last_sweep = now
        removed = 0
        for folder in self.root.iterdir():
            if not folder.is_dir() or not JOB_ID.match(folder.name):
                continue
            with self._lock:
                if folder.name in self._busy:
                    continue
            unfinished = interrupted and not Job(folder.name, folder).resolution_file.is_file()
            if unfinished or self._expired(folder, now):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed
