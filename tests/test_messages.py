"""The command line speaks Vietnamese by default, English with --lang en or NQPARSE_LANG=en."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nqparse import errors, messages
from nqparse.cli import main

SRC = Path(messages.__file__).resolve().parent


@pytest.fixture
def vietnamese(monkeypatch):
    monkeypatch.delenv("NQPARSE_LANG", raising=False)


def run_cli(args, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(args)
    return stop.value.code, capsys.readouterr().err


def test_errors_are_vietnamese_by_default(vietnamese, tmp_path, capsys):
    code, err = run_cli(["parse", str(tmp_path / "khong-co.docx")], capsys)
    assert code == 2
    assert err == f"nqparse: lỗi: {tmp_path / 'khong-co.docx'}: không tìm thấy tệp\n"


def test_an_empty_file_is_named_in_vietnamese(vietnamese, tmp_path, capsys):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    code, err = run_cli(["parse", str(empty)], capsys)
    assert (code, err) == (2, f"nqparse: lỗi: {empty}: tệp rỗng\n")


def test_lang_en_and_the_environment_choose_english(vietnamese, tmp_path, capsys, monkeypatch):
    missing = tmp_path / "missing.docx"
    assert run_cli(["--lang", "en", "parse", str(missing)], capsys) == (2, f"nqparse: error: {missing}: file not found\n")
    monkeypatch.setenv("NQPARSE_LANG", "en")
    assert run_cli(["parse", str(missing)], capsys) == (2, f"nqparse: error: {missing}: file not found\n")


def test_an_unknown_output_format_is_a_usage_error_not_an_internal_one(vietnamese, tmp_path, capsys):
    doc = tmp_path / "nq.txt"
    doc.write_text("NGHỊ QUYẾT\nvề công tác cán bộ\n", encoding="utf-8")
    code, err = run_cli(["parse", str(doc), "-f", "pdf"], capsys)
    assert code == 2
    lines = err.splitlines()
    assert lines == ["nqparse: lỗi: '-f' / '--format': 'pdf' không hợp lệ; chọn một trong "
                     "'json', 'yaml', 'md', 'xlsx', 'csv', 'html'",
                     "nqparse: xem: nqparse parse --help"]


def test_an_unknown_language_is_refused_in_one_line(vietnamese, capsys):
    code, err = run_cli(["--lang", "fr", "schema"], capsys)
    assert code == 2 and "'fr' không hợp lệ" in err.splitlines()[0]


def test_a_missing_argument_and_an_unknown_option_are_worded(vietnamese, capsys):
    assert run_cli(["parse"], capsys)[1].startswith("nqparse: lỗi: thiếu đối số")
    assert run_cli(["parse", "x.txt", "--khong-co"], capsys)[1].startswith("nqparse: lỗi: không có tùy chọn --khong-co")


def test_a_problem_without_wording_keeps_its_english_detail(vietnamese):
    text = messages.problem_text("the moon is made of cheese", errors.EncodingError)
    assert text.startswith("không nhận ra bảng mã chữ") and text.endswith("(the moon is made of cheese)")


def _sample(message: ast.expr) -> str | None:
    """The message as written, each ``{…}`` of an f-string read as "1"."""
    if isinstance(message, ast.Constant) and isinstance(message.value, str):
        return message.value
    if isinstance(message, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "1" for part in message.values)
    return None


def _raised_problems() -> list[tuple[str, str]]:
    """Every message an error of the package is raised with (f-strings as samples), and where."""
    ours = {name for name in dir(errors) if name.endswith("Error")}
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args
                    and isinstance(node.exc.func, ast.Name) and node.exc.func.id in ours):
                text = _sample(node.exc.args[0])
                if text is not None and re.search(r"[A-Za-z]{2}", text):  # "{where}: {why}" has no words of its own
                    found.append((text, f"{path.relative_to(SRC)}:{node.lineno}"))
    return found


def test_every_problem_the_package_raises_has_vietnamese_wording(vietnamese):
    problems = _raised_problems()
    assert len(problems) > 20
    wording = messages._wording().problems
    unworded = [f"{where}: {text!r}" for text, where in problems
                if not any(re.fullmatch(entry.match, text.strip(), re.DOTALL) for entry in wording)]
    assert not unworded, "add to rules/messages.yaml problems:\n" + "\n".join(unworded)


def test_the_command_line_speaks_vietnamese_in_a_fresh_process(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k != "NQPARSE_LANG"}
    run = subprocess.run([sys.executable, "-m", "nqparse.cli", "parse", str(tmp_path / "x.pdf")],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2
    assert run.stderr == f"nqparse: lỗi: {tmp_path / 'x.pdf'}: không tìm thấy tệp\n"
