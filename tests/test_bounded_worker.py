"""Each document is parsed in a worker with a time budget and a memory limit: an overrun is one line
and exit 2, the whole worker — LibreOffice included — is killed, `index` records the file as failed
and goes on, Ctrl-C stops an index at once (the database stays resumable), the web server parses
at most two uploads at once and exits on SIGTERM.

A .doc "converted" by a stand-in LibreOffice that never finishes plays the document that hangs:
its process id is written to a file, so the tests can check it is gone.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from pathlib import Path

import pytest

from conftest import SAMPLES, as_from_a_terminal, signal_state
from minipdf import pdf_bytes
from nqparse.bounded import allow_more_time, run_bounded
from nqparse.errors import BadInputError, MemoryLimitError, TimeLimitError
from nqparse.limits import Limits

SAMPLE = SAMPLES / "kh-ubnd-mau-2026.txt"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def hanging_office(tmp_path: Path) -> tuple[dict, Path]:
    """Environment for a LibreOffice that never finishes, and the file its process id goes to."""
    pid_file = tmp_path / "soffice.pid"
    program = tmp_path / "soffice"
    program.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 120\n')
    program.chmod(0o755)
    return os.environ | {"NQPARSE_SOFFICE": str(program), "NQPARSE_LANG": "en"}, pid_file


def legacy_doc(folder: Path, name: str = "cham.doc") -> Path:
    path = folder / name
    path.write_bytes(OLE + b"a Word 97 file" * 10)
    return path


def running(pid_file: Path) -> bool:
    """Whether the process whose id is in ``pid_file`` still runs (a zombie does not count)."""
    try:
        stat = Path(f"/proc/{int(pid_file.read_text())}/stat").read_text()
    except (OSError, ValueError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition, seconds: float = 60.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def cli(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nqparse.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


# -- the worker itself -------------------------------------------------------------------------


def test_the_worker_returns_the_result_and_raises_the_error_it_met(tmp_path):
    limits = Limits(time_limit_s=60, memory_limit_mb=2048)
    assert run_bounded(sum, [1, 2, 3], limits=limits) == 6
    with pytest.raises(BadInputError) as caught:
        run_bounded(_bad_input, limits=limits)
    assert (caught.value.path, caught.value.stage, caught.value.problem) == ("x.docx", "load", "file is empty")


def _bad_input():
    raise BadInputError("file is empty", path="x.docx", stage="load")


def test_work_over_its_time_budget_is_stopped():
    with pytest.raises(TimeLimitError, match="took longer than 1 s"):
        run_bounded(time.sleep, 30, limits=Limits(time_limit_s=1, memory_limit_mb=0), path="cham.txt")


def test_pages_read_by_ocr_buy_more_time():
    assert run_bounded(_slow_scan, limits=Limits(time_limit_s=1, memory_limit_mb=0)) == "read"


def _slow_scan():
    allow_more_time(20)    # what the OCR stage asks for its pages
    time.sleep(1.5)
    return "read"


def test_work_over_its_memory_limit_is_stopped():
    with pytest.raises(MemoryLimitError, match="needs more than 256 MB"):
        run_bounded(bytearray, 1024 * 2**20, limits=Limits(time_limit_s=60, memory_limit_mb=256))


# -- nqparse parse / plan ----------------------------------------------------------------------


def test_a_document_that_hangs_is_stopped_with_libreoffice(tmp_path):
    env, pid_file = hanging_office(tmp_path)
    doc = legacy_doc(tmp_path)
    run = cli("parse", str(doc), "--time-limit", "3", env=env)
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == [f"nqparse: error: {doc}: took longer than 3 s "
                                               "(--time-limit, NQPARSE_TIME_LIMIT)"]
    assert pid_file.exists() and wait_for(lambda: not running(pid_file), 5), "LibreOffice was left running"


def test_plan_is_bounded_too(tmp_path):
    env, pid_file = hanging_office(tmp_path)
    run = cli("plan", str(legacy_doc(tmp_path)), "--time-limit", "3", env=env | {"NQPARSE_TIME_LIMIT": "50"})
    assert run.returncode == 2 and "took longer than 3 s" in run.stderr, run.stderr
    assert wait_for(lambda: not running(pid_file), 5)


def test_a_small_pdf_of_two_million_nested_q_needs_more_than_the_memory_limit(tmp_path):
    """4.5 KB of Flate: 2 million nested graphics-state saves took 890 MB."""
    content = zlib.compress(b"q " * 2_000_000 + b"BT /F1 12 Tf 72 720 Td (NGHI QUYET) Tj ET", 9)
    path = tmp_path / "q-long-nhau.pdf"
    path.write_bytes(pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]))
    assert path.stat().st_size < 8000
    run = cli("parse", str(path), "--memory-limit-mb", "300", "-o", str(tmp_path / "q.json"),
              env=os.environ | {"NQPARSE_LANG": "en"})
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == [f"nqparse: error: {path}: needs more than 300 MB of memory "
                                               "(--memory-limit-mb, NQPARSE_MEMORY_LIMIT_MB)"]
    assert not (tmp_path / "q.json").exists()


def test_limits_that_are_not_numbers_are_usage_errors(tmp_path):
    run = cli("parse", str(SAMPLE), env=os.environ | {"NQPARSE_LANG": "en", "NQPARSE_TIME_LIMIT": "mot phut"})
    assert run.returncode == 2 and "NQPARSE_TIME_LIMIT must be a number" in run.stderr, run.stderr


# -- nqparse index ------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_index_gives_up_on_a_file_over_its_budget_and_goes_on(tmp_path, jobs):
    env, pid_file = hanging_office(tmp_path)
    docs = tmp_path / "kho"
    docs.mkdir()
    (docs / "ke-hoach.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    legacy_doc(docs)
    run = cli("index", str(docs), "--db", str(tmp_path / "kho.db"), "-q", "-j", jobs, "--time-limit", "4", env=env)
    assert run.returncode == 1, run.stderr
    assert "1 parsed, 1 failed" in run.stdout
    assert "cham.doc  [limits]  took longer than 4 s" in run.stderr
    assert wait_for(lambda: not running(pid_file), 5)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_an_index_at_once_and_it_resumes(tmp_path, jobs):
    """The index hung on such a file and ignored Ctrl-C."""
    env, pid_file = hanging_office(tmp_path)
    docs = tmp_path / "kho"
    docs.mkdir()
    legacy_doc(docs)
    db = tmp_path / "kho.db"
    command = [sys.executable, "-m", "nqparse.cli", "index", str(docs), "--db", str(db), "-q", "-j", jobs,
               "--time-limit", "0"]
    index = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=as_from_a_terminal)
    try:
        assert wait_for(lambda: running(pid_file), 90), "LibreOffice never started"
        index.send_signal(signal.SIGINT)
        _, err = index.communicate(timeout=20)
    finally:
        index.kill()
    assert index.returncode == 130, (err, signal_state())
    assert "run the same command to resume" in err
    assert wait_for(lambda: not running(pid_file), 5), "LibreOffice was left running"
    (docs / "ke-hoach.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    again = cli("index", str(docs), "--db", str(db), "-q", "-j", "1", "--time-limit", "4", env=env)
    assert again.returncode == 1 and "1 parsed, 1 failed" in again.stdout, again.stderr


# -- the web app --------------------------------------------------------------------------------


def test_web_parses_wait_for_one_of_two_slots(monkeypatch, tmp_path):
    from nqparse import bounded
    from nqparse.web import jobs

    at_once, most = 0, 0
    lock = threading.Lock()

    def fake_run(work, *args, **kwargs):
        nonlocal at_once, most
        with lock:
            at_once += 1
            most = max(most, at_once)
        time.sleep(0.3)
        with lock:
            at_once -= 1
        return "resolution"

    monkeypatch.setattr(bounded, "run_bounded", fake_run)
    workspace = jobs.Workspace(tmp_path, 3600)
    uploads = [workspace.create() for _ in range(5)]
    for job in uploads:
        job.source.write_bytes(b"NGHI QUYET")
    threads = [threading.Thread(target=jobs.parse_in_worker, args=(job, "nq.txt")) for job in uploads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == jobs.PARSES_AT_ONCE == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def upload(port: int, path: Path) -> None:
    boundary = "nqparse-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/upload", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                                              "Origin": f"http://127.0.0.1:{port}", "Accept": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=120).read()
    except Exception:  # noqa: BLE001 - the server goes away under it: that is the point
        pass


def test_the_web_server_exits_on_sigterm_and_kills_running_parses(tmp_path):
    env, pid_file = hanging_office(tmp_path)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "nqparse.cli", "serve", "--port", str(port), "--time-limit", "0"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: _listening(port), 60), "the server did not start"
        threading.Thread(target=upload, args=(port, legacy_doc(tmp_path)), daemon=True).start()
        assert wait_for(lambda: running(pid_file), 60), "the parse never started"
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=20)
    finally:
        server.kill()
    assert server.returncode is not None
    assert wait_for(lambda: not running(pid_file), 5), "LibreOffice was left running"


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
