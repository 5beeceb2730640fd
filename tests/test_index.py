"""`nqparse index`: many documents into one SQLite database, in parallel, resumable, and a bad
file never stops the run; `nqparse search` finds phrases in it."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, as_from_a_terminal, signal_state
from nqparse import cli
from nqparse.corpus import Store, index_paths
from nqparse.corpus import index as index_module
from nqparse.corpus import runners

SAMPLE_TEXTS = sorted(SAMPLES.glob("*.txt"))


def need_samples() -> list[Path]:
    if len(SAMPLE_TEXTS) < 2:
        pytest.skip(f"the project's sample documents are missing from {SAMPLES}")
    return SAMPLE_TEXTS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two real-looking documents, one nested, plus a file that is not what it claims to be."""
    first, second = need_samples()[:2]
    root = tmp_path / "docs"
    (root / "nested").mkdir(parents=True)
    shutil.copy(first, root / first.name)
    shutil.copy(second, root / "nested" / second.name)
    (root / "broken.docx").write_bytes(b"this is not a zip archive at all")
    (root / "notes.xlsx").write_bytes(b"ignored: not a document format")
    return root


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def test_a_folder_is_indexed_recursively_and_a_broken_file_is_recorded(folder, tmp_path):
    db = tmp_path / "corpus.db"
    report = index_paths([folder], db, jobs=2, progress=False)

    assert report.files == 3            # the .xlsx is not a document format
    assert report.parsed == 2 and report.failed == 1
    [(path, stage, message)] = report.failures
    assert path.endswith("broken.docx") and stage == "load" and message
    assert "\n" not in message

    store = Store(db)
    codes = sorted(r.metadata.code or "" for r in store.resolutions())
    assert len(codes) == 2 and all(codes), codes
    assert store.failures() == report.failures
    statuses = sorted(d.status for d in store.documents())
    assert statuses == ["failed", "ok", "ok"]
    # every citation, target and task of a parsed document is in its own table
    for r in store.resolutions():
        assert store.get(r.metadata.code).metadata.code == r.metadata.code
    n_refs = sum(len(r.references) for r in store.resolutions())
    assert _rows(db, "SELECT COUNT(*) FROM citations")[0][0] == n_refs


def test_a_batch_cut_between_its_begin_and_its_commit_does_not_block_the_next(folder, tmp_path):
    db = tmp_path / "corpus.db"
    index_paths([folder], db, jobs=1, progress=False)
    sample = next(p for p in sorted(folder.rglob("*")) if p.suffix in (".txt", ".docx") and "broken" not in p.name)
    st = sample.stat()
    parsed = index_module.index_file(index_module.FileTask(str(sample), st.st_size, st.st_mtime_ns))
    with Store(db) as store:
        store._db.execute("BEGIN IMMEDIATE")     # Ctrl-C landed after BEGIN: the transaction is still open
        assert store.write([parsed]) == 1        # the final flush still writes instead of raising
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_scan_that_cannot_be_read_is_recorded_as_failed_with_its_reason(shared_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("NQPARSE_TESSERACT", str(tmp_path / "no-such-tesseract"))  # OCR unavailable
    scanned = shared_corpus / "pdf" / "B09_nq12-2025-hdnd-hanoi_VanBanGoc_scan.pdf"
    seed = shared_corpus / "seed" / "03-nq-duk-tra-vinh-2022.txt"
    if not scanned.is_file() or not seed.is_file():
        pytest.skip("the scanned PDF or the seed is missing from ../shared/corpus")
    report = index_paths([scanned, seed], tmp_path / "corpus.db", jobs=1, progress=False)
    assert (report.parsed, report.failed) == (1, 1)
    [(path, stage, message)] = report.failures
    assert Path(path).resolve() == scanned.resolve() and stage == "load"
    assert "OCR" in message and "tesseract-ocr-vie" in message
    assert Store(tmp_path / "corpus.db").get("03-NQ/ĐUK") is not None


def test_rerun_skips_unchanged_files_and_updates_changed_ones(folder, tmp_path):
    db = tmp_path / "corpus.db"
    index_paths([folder], db, jobs=1, progress=False)
    again = index_paths([folder], db, jobs=1, progress=False)
    assert (again.parsed, again.failed, again.unchanged) == (0, 0, 3)
    assert len(again.failures) == 1, "a file that still fails is still reported"

    target = next(folder.glob("*.txt"))
    os.utime(target, ns=(time.time_ns(), time.time_ns() + 10**9))   # touched, same content
    touched = index_paths([folder], db, jobs=1, progress=False)
    assert (touched.parsed, touched.unchanged) == (0, 3)

    target.write_text(target.read_text(encoding="utf-8") + "\nĐoạn bổ sung về thư viện số cộng đồng.\n", encoding="utf-8")
    changed = index_paths([folder], db, jobs=1, progress=False)
    assert (changed.parsed, changed.unchanged) == (1, 2)
    assert _rows(db, "SELECT COUNT(*) FROM documents")[0][0] == 3
    assert Store(db).search("thư viện số cộng đồng")[0].path == str(target.resolve())


def test_search_finds_a_target_phrase_with_its_document_and_snippet(folder, tmp_path):
    db = tmp_path / "corpus.db"
    index_paths([folder], db, jobs=1, progress=False)
    store = Store(db)
    with_targets = [r for r in store.resolutions() if r.indicators]
    if not with_targets:
        pytest.fail("no sample document yielded a target (chỉ tiêu): extraction is not wired yet")
    resolution = with_targets[0]
    words = resolution.indicators[0].text.split()[:6]
    phrase = " ".join(w.strip(".,;:") for w in words)

    hits = store.search(phrase)
    hit = next(h for h in hits if h.code == resolution.metadata.code)
    kinds = {m.kind for m in hit.matches}
    assert "indicator" in kinds and "document" in kinds
    assert any("**" in m.snippet for m in hit.matches)
    assert store.search("cụm từ không hề có trong văn bản nào") == []


def test_search_ignores_diacritics_the_user_did_not_type(folder, tmp_path):
    db = tmp_path / "corpus.db"
    index_paths([folder], db, jobs=1, progress=False)
    store = Store(db)
    with_diacritics = store.search("chuyển đổi số")
    without = store.search("chuyen doi so")
    assert with_diacritics and [h.path for h in without] == [h.path for h in with_diacritics]
    assert "chuyển đổi số" in without[0].matches[0].snippet.replace("**", "")


def run_cli(*args: str) -> int:
    try:
        cli.main(list(args))
    except SystemExit as stop:
        return stop.code or 0
    return 0


def test_cli_lists_failures_with_their_stage_and_exits_1(folder, tmp_path, capsys):
    db = tmp_path / "corpus.db"
    assert run_cli("index", str(folder), "--db", str(db), "-j", "1", "-q") == 1
    out, err = capsys.readouterr()
    assert "3 files: 2 parsed, 1 failed" in out
    [line] = [line for line in err.splitlines() if "broken.docx" in line]
    assert "[load]" in line and line.split("[load]")[1].strip()

    (folder / "broken.docx").unlink()
    _rows(db, "DELETE FROM documents WHERE path LIKE '%broken.docx'")
    assert run_cli("index", str(folder), "--db", str(db), "-q") == 0

    assert run_cli("search", "--db", str(db), "chuyển đổi số") == 0
    assert "**chuyển đổi số**" in capsys.readouterr().out.lower()


_real_index_file = runners.index_file


def _dies_on_poison(task):
    """Stands in for a parser bug in a C library: the process dies on one particular file."""
    if task.path.endswith("poison.txt"):
        os._exit(139)
    return _real_index_file(task)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_worker_process_that_dies_costs_one_file_not_the_run(folder, tmp_path, monkeypatch):
    shutil.copy(next(folder.glob("*.txt")), folder / "poison.txt")
    _generated_archive(folder / "more", 8)
    monkeypatch.setattr(runners, "index_file", _dies_on_poison)   # forked workers inherit it
    report = index_paths([folder], tmp_path / "corpus.db", jobs=2, progress=False)
    assert (report.parsed, report.failed) == (10, 2)
    stages = {Path(path).name: stage for path, stage, _ in report.failures}
    assert stages == {"poison.txt": "worker", "broken.docx": "load"}


# -- interrupted runs -------------------------------------------------------------------


def _generated_archive(root: Path, count: int) -> Path:
    """``count`` distinct short documents made from the samples' headers and first targets."""
    root.mkdir(parents=True)
    texts = ["\n".join(p.read_text(encoding="utf-8").splitlines()[:45]) for p in need_samples()]
    for i in range(count):
        text = texts[i % len(texts)]
        text = text.replace("05-NQ/ĐU", f"{i + 100}-NQ/ĐU").replace("179/KH-UBND", f"{i + 100}/KH-UBND")
        text = text.replace("năm 2026", f"năm {2000 + i % 30}")
        (root / f"{i:04d}.txt").write_text(text + f"\nBản số {i}.\n", encoding="utf-8")
    return root


def _session_processes(sid: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def _count(db: Path) -> int:
    try:
        return _rows(db, "SELECT COUNT(*) FROM documents")[0][0]
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and SIGKILL")
def test_a_killed_run_resumes_without_duplicates_or_corruption(tmp_path):
    total = 200
    archive = _generated_archive(tmp_path / "archive", total)
    db = tmp_path / "corpus.db"
    command = [sys.executable, "-m", "nqparse.cli", "index", str(archive), "--db", str(db), "-j", "2", "-q"]
    run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while _count(db) == 0 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert run.poll() is None, f"the run ended before it could be killed: {run.stderr.read()!r}"
        run.send_signal(signal.SIGKILL)      # the main process only: workers must not linger
        run.wait()
        time.sleep(0.5)
        assert _session_processes(run.pid) == [], "worker processes outlived the killed run"
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    stored = _count(db)
    assert 0 < stored < total

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{total} files: {total - stored} parsed, 0 failed, {stored} unchanged" in resumed.stdout
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(db, "SELECT COUNT(*), COUNT(DISTINCT path) FROM documents") == [(total, total)]
    # each document's rows were replaced, not appended to
    per_doc = _rows(db, "SELECT doc_id, COUNT(*) FROM search WHERE kind = 'document' GROUP BY doc_id HAVING COUNT(*) > 1")
    assert per_doc == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses process groups and SIGINT")
def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path):
    archive = _generated_archive(tmp_path / "archive", 150)
    db = tmp_path / "corpus.db"
    command = [sys.executable, "-m", "nqparse.cli", "index", str(archive), "--db", str(db), "-j", "2", "-q"]
    run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           preexec_fn=as_from_a_terminal)
    try:
        deadline = time.monotonic() + 60
        while _count(db) == 0 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert run.poll() is None, "the run ended before Ctrl-C could be pressed"
        os.killpg(run.pid, signal.SIGINT)      # a terminal sends Ctrl-C to the whole foreground group
        _, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 130, (err, signal_state())
    assert "interrupted" in err and "resume" in err and "Traceback" not in err, err
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    stored = _count(db)
    assert f"{stored} files are stored" in err
    assert _session_processes(run.pid) == []


# -- Dask -------------------------------------------------------------------------------


def _content(db: Path) -> list[tuple]:
    return _rows(
        db,
        "SELECT path, sha256, status, stage, error, code, doc_type, date, issuer, title, family, format, chars, "
        "resolution, (SELECT COUNT(*) FROM citations c WHERE c.doc_id = d.id), "
        "(SELECT COUNT(*) FROM indicators i WHERE i.doc_id = d.id), "
        "(SELECT COUNT(*) FROM tasks t WHERE t.doc_id = d.id) FROM documents d ORDER BY path",
    )


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_database_as_a_local_run(folder, tmp_path):
    distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (pip install 'nqparse[dask]')")
    _generated_archive(folder / "more", 6)
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    local = index_paths([folder], local_db, jobs=2, progress=False)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = index_paths([folder], dask_db, dask_address=cluster.scheduler_address, progress=False)

    assert (remote.parsed, remote.failed) == (local.parsed, local.failed) == (8, 1)
    assert _content(dask_db) == _content(local_db)



# --- only documents are documents ---------------------------------------------------------

SOURCES_LIST = """# Nguồn văn bản

Các văn bản trong thư mục này tải từ cổng thông tin điện tử của tỉnh; Nghị quyết 57-NQ/TW
được dẫn nhiều lần. Liên hệ văn phòng để bổ sung.
"""

NOTES_THAT_ARE_A_DOCUMENT = """ĐẢNG BỘ TỈNH VĨNH LAM
ĐẢNG ỦY KHỐI
*
Số 04-TB/ĐUK

ĐẢNG CỘNG SẢN VIỆT NAM

Vĩnh Lam, ngày 02 tháng 3 năm 2025

THÔNG BÁO
kết luận của Ban Thường vụ về công tác tháng 2 năm 2025

1. Các chi bộ hoàn thành kiểm điểm trong quý I năm 2025.
"""


def test_a_readme_and_notes_in_the_folder_are_not_documents(folder, tmp_path):
    shared_readme = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "README.md"
    readme = shared_readme.read_text(encoding="utf-8") if shared_readme.is_file() else "# Kho\n\n| 57-NQ/TW | Bộ Chính trị |\n"
    (folder / "README.md").write_text(readme, encoding="utf-8")
    (folder / "danh-sach-tai-ve.md").write_text(SOURCES_LIST, encoding="utf-8")   # no telling name: its content says
    (folder / "notes-thong-bao-04.txt").write_text(NOTES_THAT_ARE_A_DOCUMENT, encoding="utf-8")  # a notes name, a real header
    (folder / "broken.docx").unlink()
    db = tmp_path / "corpus.db"
    report = index_paths([folder], db, jobs=1, progress=False)

    assert sorted((Path(p).name, why) for p, why in report.skipped) == [
        ("README.md", "notes_name"), ("danh-sach-tai-ve.md", "no_header")]
    assert report.parsed == 3 and report.ok
    with Store(db) as store:
        paths = [Path(d.path).name for d in store.documents()]
        assert "README.md" not in paths and "danh-sach-tai-ve.md" not in paths and "notes-thong-bao-04.txt" in paths
        assert not any("README" in hit.path for hit in store.search("57-NQ/TW"))
    again = index_paths([folder], db, jobs=1, progress=False)   # remembered: not parsed again, still listed
    assert again.parsed == 0 and len(again.skipped) == 2


def test_a_readme_an_older_run_stored_is_forgotten(folder, tmp_path, monkeypatch):
    (folder / "broken.docx").unlink()
    (folder / "README.md").write_text("# Kho văn bản\n\nGhi chú của văn phòng.\n", encoding="utf-8")
    db = tmp_path / "corpus.db"
    monkeypatch.setattr(index_module, "not_a_document", lambda *a: None)      # as before this rule
    index_paths([folder], db, jobs=1, progress=False)
    assert "README.md" in [Path(d.path).name for d in Store(db).documents()]
    monkeypatch.undo()
    index_paths([folder], db, jobs=1, progress=False, force=True)
    assert "README.md" not in [Path(d.path).name for d in Store(db).documents()]


def test_cli_names_the_files_it_set_aside(folder, tmp_path, capsys):
    (folder / "broken.docx").unlink()
    (folder / "LICENSE.txt").write_text("Permission is hereby granted, free of charge, to any person.\n", encoding="utf-8")
    assert run_cli("index", str(folder), "--db", str(tmp_path / "corpus.db"), "-j", "1", "-q") == 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "LICENSE.txt" in line]
    assert line.split("LICENSE.txt", 1)[1].strip()                     # with the reason
    assert "LICENSE.txt" not in [Path(d.path).name for d in Store(tmp_path / "corpus.db").documents()]


# --- links out of the folder ----------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform.startswith("win"), reason="needs symbolic links")
def test_links_out_of_the_folder_are_not_followed_unless_asked(folder, tmp_path, capsys):
    (folder / "broken.docx").unlink()
    secret = tmp_path / "elsewhere" / "private"
    secret.mkdir(parents=True)
    outside = secret / "luong-can-bo.txt"
    shutil.copy(need_samples()[0], outside)
    (folder / "link-file.txt").symlink_to(outside)
    (folder / "link-folder").symlink_to(secret, target_is_directory=True)
    (folder / "inside.txt").symlink_to(folder / need_samples()[0].name)   # a link within: the same file
    db = tmp_path / "corpus.db"

    assert run_cli("index", str(folder), "--db", str(db), "-j", "1", "-q") == 0
    out, err = capsys.readouterr()
    assert "link-file.txt" in out and "link-folder" in out and "--follow-links" in out
    assert "private" not in out + err and "elsewhere" not in out + err     # the targets are never shown
    stored = [d.path for d in Store(db).documents()]
    assert len(stored) == 2 and not any("elsewhere" in p for p in stored)

    report = index_paths([folder], db, jobs=1, progress=False, follow_links=True)
    assert not report.skipped
    assert str(outside.resolve()) in [d.path for d in Store(db).documents()]


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform.startswith("win"), reason="needs symbolic links")
def test_a_link_loop_ends(folder, tmp_path):
    (folder / "broken.docx").unlink()
    (folder / "nested" / "loop").symlink_to(folder, target_is_directory=True)
    report = index_paths([folder], tmp_path / "corpus.db", jobs=1, progress=False, follow_links=True)
    assert report.files == 2
