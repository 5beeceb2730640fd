"""Hostile input: files and settings built to hurt. The tool finishes or refuses clearly, and never
writes outside the folder it was given.

(Zip bombs, XML entity tricks and encrypted PDFs are covered by the loaders' tests.)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES
from nqparse.errors import NqparseError

SAMPLE = SAMPLES / "nq-chi-bo-mau-2026.txt"


def need_sample() -> Path:
    if not SAMPLE.is_file():
        pytest.skip(f"the project's sample resolution is missing: {SAMPLE}")
    return SAMPLE


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# -- size ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_30_mb_text_file_is_refused_by_default_and_completes_without_limits(tmp_path):
    """About 1,100 resolutions back to back in one file: past the 5 million characters any real
    document stays under, refused in one line; with the limits off, such a file is parsed to the end."""
    text = need_sample().read_text(encoding="utf-8")
    big = tmp_path / "khong-lo.txt"
    copies = 30 * 2**20 // len(text.encode("utf-8")) + 1
    big.write_text("\n\n".join([text] * copies), encoding="utf-8")
    assert big.stat().st_size >= 30 * 2**20
    out = tmp_path / "khong-lo.json"
    command = [sys.executable, "-m", "nqparse.cli", "parse", str(big), "-o", str(out)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "NQPARSE_MAX_CHARS" in refused.stderr and not out.exists(), refused.stderr
    # with the limits off, a file past the character cap (8 MB: over 5 million characters, a quarter of the
    # 30 MB one's parse time) is parsed to the end
    copies = 8 * 2**20 // len(text.encode("utf-8")) + 1
    big.write_text("\n\n".join([text] * copies), encoding="utf-8")
    unlimited = os.environ | {"NQPARSE_MAX_CHARS": "0", "NQPARSE_TIME_LIMIT": "0", "NQPARSE_MEMORY_LIMIT_MB": "0"}
    run = subprocess.run(command, capture_output=True, text=True, timeout=180, env=unlimited)
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert len(result["text"]) > 5_000_000 and len(result["text"]) >= 0.95 * copies * len(text)   # all of it
    assert result["metadata"]["code"] == "05-NQ/ĐU"


# -- where things are written ----------------------------------------------------------------

HOSTILE_UNIT_NAMES = [
    "../../thoat-ra-ngoai", "/tmp/duong-dan-tuyet-doi", "..\\..\\windows\\system32", "....", ".", "..",
    "Chi bộ\x00Sở Tư pháp", "CON", "NUL.txt", "ＦＵＬＬ／ＷＩＤＴＨ／．．", "~root/.ssh/authorized_keys",
    "Chi bộ " + "rất dài " * 80, "-rf", "$(rm -rf ~)", "index", "Chi bộ A", "chi bo a", "   ",
]


@pytest.fixture(scope="module")
def resolution():
    import nqparse

    return nqparse.parse(need_sample())


def _plan_api():
    plan = pytest.importorskip("nqparse.plan", reason="the plan generator is not in this checkout")
    if not hasattr(plan, "generate_plans"):
        pytest.skip("nqparse.plan.generate_plans is not there yet")
    return plan


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_unit_names_can_never_write_outside_the_output_folder(resolution, tmp_path, fmt):
    plan = _plan_api()
    units = []
    for name in HOSTILE_UNIT_NAMES:
        try:
            units.append(plan.Unit(name=name, kind="chi_bo"))
        except Exception:  # a name the units model refuses is fine too (pydantic ValidationError)
            continue
    out = tmp_path / "plans"
    before = files_under(tmp_path)
    written = plan.generate_plans(resolution, units, out, fmt=fmt)

    assert len(written) == len(units) and len(set(written)) == len(written), "one distinct file per unit"
    for path in written:
        assert path.resolve().parent == out.resolve(), path
        assert path.is_file()
    created = files_under(tmp_path) - before
    assert all(p == out or out in p.parents for p in created), sorted(created - {out})


def _try_templates(plan, resolution, tmp_path: Path, attacks: list[str]) -> None:
    """Each attack template is refused with a one-line NqparseError or renders harmlessly."""
    templates = tmp_path / "mau"
    templates.mkdir(exist_ok=True)
    out = tmp_path / "plans"
    unit = plan.Unit(name="Chi bộ Văn phòng", kind="chi_bo")
    for attack in attacks:
        (templates / "ke-hoach.md.j2").write_text(f"# Kế hoạch\n{attack}\n", encoding="utf-8")
        try:
            [path] = plan.generate_plans(resolution, [unit], out, fmt="md", template_dir=templates)
        except NqparseError as refused:
            assert "\n" not in str(refused)
            continue
        text = path.read_text(encoding="utf-8")
        assert "root:" not in text and "subprocess" not in text.lower() and "__builtins__" not in text, attack
    assert all(p in (out, templates) or out in p.parents or templates in p.parents for p in files_under(tmp_path))


def test_a_template_cannot_reach_python_internals(resolution, tmp_path):
    _try_templates(_plan_api(), resolution, tmp_path, [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].listdir('/') }}",
    ])


def test_a_template_cannot_include_other_files(resolution, tmp_path):
    _try_templates(_plan_api(), resolution, tmp_path, [
        "{% include '/etc/passwd' %}",
        "{% include '../../../../etc/passwd' %}",
        "{% import '/etc/hostname' as h %}",
    ])


# -- batch input that could hang or crash a run --------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_in_a_folder_does_not_hang_the_index(tmp_path):
    from nqparse.corpus import index_paths

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "that.txt").write_text(need_sample().read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(docs / "ong-dan.txt")   # reading it would block forever
    report = index_paths([docs], tmp_path / "corpus.db", jobs=1, progress=False)
    assert (report.files, report.parsed, report.failed) == (1, 1, 0)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    from nqparse.corpus import Store, index_paths

    fake = tmp_path / "corpus.db"
    fake.write_bytes(b"PK\x03\x04 this is a zip, not SQLite" + os.urandom(2048))
    with pytest.raises(NqparseError) as refused:
        index_paths([need_sample()], fake, jobs=1, progress=False)
    assert "corpus.db" in str(refused.value) and "\n" not in str(refused.value)
    with pytest.raises(NqparseError):
        Store(tmp_path / "absent.db", readonly=True)
    assert not (tmp_path / "absent.db").exists()


def test_a_search_with_broken_query_syntax_is_refused_clearly(tmp_path):
    from nqparse.corpus import Store, index_paths

    db = tmp_path / "corpus.db"
    index_paths([need_sample()], db, jobs=1, progress=False)
    store = Store(db)
    for query in ['"chưa đóng ngoặc', "NEAR(", "a OR", "*", "đảng AND (", "\x00"]:
        try:
            store.search(query)
        except NqparseError as refused:
            assert "\n" not in str(refused)
