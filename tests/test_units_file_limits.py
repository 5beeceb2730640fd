"""A units file is a short list a văn thư writes: it cannot grow into millions of units or plans.

YAML anchors and aliases (``&a`` … ``*a``) are allowed for what they are for — a shared
overrides mapping, say — but a file that expands past a budget is refused in one line, like a
file listing more units than the limit (500 unless ``--max-units`` says otherwise).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLES
from nqparse.errors import UnitsFileError
from nqparse.plan.units import MAX_UNITS, read_units

SAMPLE = SAMPLES / "nq-chi-bo-mau-2026.txt"

# 410 bytes that expand to a million strings (six levels of ten)
ALIAS_BOMB = """\
a: &a ["Sở Tư pháp tỉnh Trà Vinh"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
units:
  - {name: Chi bộ Sở Tư pháp, kind: chi bộ, overrides: {"Kết nạp": *g}}
"""


def units_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_alias_bomb_is_refused_in_one_line_naming_the_file(tmp_path):
    path = units_file(tmp_path, "don-vi.yaml", ALIAS_BOMB)
    with pytest.raises(UnitsFileError) as refused:
        read_units(path)
    message = str(refused.value)
    assert str(path) in message and "alias" in message and "\n" not in message


def test_units_repeated_by_alias_count_toward_the_limit(tmp_path):
    text = f"one: &u {{name: Chi bộ A, kind: chi bộ}}\nunits: [{', '.join(['*u'] * (MAX_UNITS + 1))}]\n"
    with pytest.raises(UnitsFileError, match=f"more than {MAX_UNITS} units"):
        read_units(units_file(tmp_path, "don-vi.yaml", text))


def test_a_shared_overrides_mapping_by_alias_is_still_fine(tmp_path):
    text = ("- &a {name: Chi bộ A, kind: chi bộ, overrides: &o {\"Kết nạp\": 3}}\n"
            "- {name: Chi bộ B, kind: chi bộ, overrides: *o}\n")
    units = read_units(units_file(tmp_path, "don-vi.yaml", text))
    assert [u.overrides for u in units] == [{"Kết nạp": "3"}] * 2


def test_a_csv_of_70000_units_is_refused_and_a_setting_raises_the_limit(tmp_path):
    rows = "".join(f"Chi bộ số {n},chi bộ\n" for n in range(70_000))
    path = units_file(tmp_path, "don-vi.csv", "name,kind\n" + rows)
    with pytest.raises(UnitsFileError, match=f"more than {MAX_UNITS} units"):
        read_units(path)
    few = units_file(tmp_path, "it.csv", "name,kind\n" + "".join(f"Chi bộ {n},chi bộ\n" for n in range(MAX_UNITS + 1)))
    assert len(read_units(few, max_units=MAX_UNITS + 1)) == MAX_UNITS + 1


def run_plan(capsys, *args: str) -> tuple[int, str]:
    from nqparse import cli

    if not SAMPLE.is_file():
        pytest.skip(f"the project's sample resolution is missing: {SAMPLE}")
    with pytest.raises(SystemExit) as exited:
        cli.main(["plan", str(SAMPLE), *args])
    return exited.value.code, capsys.readouterr().err


def test_plan_with_an_alias_bomb_exits_2_in_one_line_and_writes_nothing(tmp_path, capsys):
    bomb = units_file(tmp_path, "don-vi.yaml", ALIAS_BOMB)
    out = tmp_path / "ke-hoach"
    code, err = run_plan(capsys, "--units", str(bomb), "-o", str(out), "-f", "md")
    assert code == 2 and "alias" in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists() or not any(out.iterdir())


def test_plan_max_units_flag_sets_the_limit(tmp_path, capsys):
    units = units_file(tmp_path, "don-vi.csv", "name,kind\nChi bộ A,chi bộ\nChi bộ B,chi bộ\n")
    code, err = run_plan(capsys, "--units", str(units), "-o", str(tmp_path / "out"), "-f", "md", "--max-units", "1")
    assert code == 2 and "more than 1 units" in err, err
