"""`nqparse track merge` against a unit that edits what it should not, or sends a workbook no
spreadsheet could hold (issue 15, Hardening 4).

The hidden `_nqparse` register is protected without a password: a unit can unhide it and turn
"trên 90%" into "từ 0% trở lên". One workbook must never redefine the targets of all the others,
and one absurd workbook must not stop the others from merging.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nqparse.errors import BadInputError, TrackingError
from nqparse.workbook import HEADER_RESULT, HEADER_STATUS, INFO_UNIT, SHEET_INFO, SHEET_REGISTER, SHEET_TARGETS
from nqparse.render.xlsx import write_workbook
from nqparse.track import merge, read_resolution
from nqparse.track.read import open_unit_workbook
from tracking_sample import sample_resolution

I = "07-NQ/ĐUK#"
MEMORY_LIMIT = 1536 * 2**20  # bytes: a merge of a few small workbooks needs far less


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "07-theo-doi.xlsx"
    write_workbook(sample_resolution(), path)
    return path


def filled(template: Path, out: Path, unit: str, result_i1) -> Path:
    """A unit's copy with its name and a result for "trên 90% tổ chức cơ sở đảng …" (I-1)."""
    wb = openpyxl.load_workbook(template)
    for label, value in wb[SHEET_INFO].iter_rows(min_row=2):
        if label.value == INFO_UNIT:
            value.value = unit
    ws = wb[SHEET_TARGETS]
    cols = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == I + "I-1")
    ws.cell(row=row, column=cols[HEADER_RESULT]).value = result_i1
    ws.cell(row=row, column=cols[HEADER_STATUS]).value = "Hoàn thành"
    wb.save(out)
    return out


def lower_the_target(path: Path, *, reseal: bool = False) -> Path:
    """What a unit can do: unhide the register and make I-1 "từ 0% trở lên" (and, knowing how,
    write the new register's digest where the old one was)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_REGISTER]
    for row in ws.iter_rows(min_row=3):
        if row[1].value == I + "I-1":
            row[3].value, row[4].value = ">=", 0
    wb.save(path)
    if reseal:
        wb = openpyxl.load_workbook(path)
        wb[SHEET_REGISTER]["E1"] = open_unit_workbook(path).register_digest
        wb.save(path)
    return path


def target_i1(report):
    return next(t for t in report.targets if t.item.item_id == I + "I-1")


# --- the register -----------------------------------------------------------------------------

def test_a_unit_that_lowers_a_target_in_its_register_changes_nothing_for_the_others(template, tmp_path):
    cheat = lower_the_target(filled(template, tmp_path / "a-gian-lan.xlsx", "Chi bộ A", 50))
    honest = filled(template, tmp_path / "b.xlsx", "Chi bộ B", 95)
    report = merge([cheat, honest], tmp_path / "out" / "tong-hop.xlsx")
    t = target_i1(report)
    assert (t.item.comparator, t.item.value) == (">", 90), "the targets are the original ones"
    assert [r.on_track for r in t.results] == [False, True], "50% does not meet «trên 90%»"
    [edited] = [e for e in report.errors if e.file == "a-gian-lan.xlsx"]
    assert edited.sheet == SHEET_REGISTER and "«trên 90%» → «từ 0% trở lên»" in edited.message
    assert [u.unit for u in report.merged_units] == ["Chi bộ A", "Chi bộ B"], "its results are still merged"


def test_a_unit_that_also_rewrites_the_digest_is_outvoted(template, tmp_path):
    cheat = lower_the_target(filled(template, tmp_path / "a.xlsx", "Chi bộ A", 50), reseal=True)
    others = [filled(template, tmp_path / f"{n}.xlsx", f"Chi bộ {n.upper()}", 95) for n in ("b", "c")]
    report = merge([cheat, *others], tmp_path / "out.xlsx")
    assert (target_i1(report).item.comparator, target_i1(report).item.value) == (">", 90)
    assert any(e.file == "a.xlsx" and "«từ 0% trở lên»" in e.message for e in report.errors)


def test_two_registers_equally_common_stop_the_merge_until_the_resolution_decides(template, tmp_path):
    cheat = lower_the_target(filled(template, tmp_path / "a.xlsx", "Chi bộ A", 50), reseal=True)
    honest = filled(template, tmp_path / "b.xlsx", "Chi bộ B", 95)
    with pytest.raises(TrackingError, match=r"a\.xlsx, b\.xlsx differ .* --resolution"):
        merge([cheat, honest], tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    report = merge([cheat, honest], tmp_path / "out.xlsx", resolution=sample_resolution())
    assert (target_i1(report).item.comparator, target_i1(report).item.value) == (">", 90)
    assert [e.file for e in report.errors] == ["a.xlsx"]


def test_a_single_workbook_with_an_edited_register_is_refused_without_the_resolution(template, tmp_path):
    cheat = lower_the_target(filled(template, tmp_path / "a.xlsx", "Chi bộ A", 50))
    with pytest.raises(TrackingError, match="was edited"):
        merge([cheat], tmp_path / "out.xlsx")


def test_cli_takes_the_targets_from_the_resolution_json(template, tmp_path):
    cheat = lower_the_target(filled(template, tmp_path / "a.xlsx", "Chi bộ A", 50), reseal=True)
    honest = filled(template, tmp_path / "b.xlsx", "Chi bộ B", 95)
    official = tmp_path / "07.json"
    official.write_text(sample_resolution().model_dump_json(), encoding="utf-8")
    run = cli("track", "merge", str(cheat), str(honest), "--resolution", str(official), "-o", str(tmp_path / "t.xlsx"))
    assert run.returncode == 1, run.stderr
    assert "a.xlsx" in run.stderr and "«trên 90%» → «từ 0% trở lên»" in run.stderr
    bad = tmp_path / "khong-phai.json"
    bad.write_text("{}", encoding="utf-8")
    run = cli("track", "merge", str(honest), "--resolution", str(bad), "-o", str(tmp_path / "t2.xlsx"))
    assert run.returncode == 2 and len(run.stderr.splitlines()) == 1 and "khong-phai.json" in run.stderr
    with pytest.raises(BadInputError):
        read_resolution(tmp_path / "khong-co.json")


def test_workbooks_of_another_reading_than_the_resolution_are_set_aside(template, tmp_path):
    honest = filled(template, tmp_path / "b.xlsx", "Chi bộ B", 95)
    other = sample_resolution()
    other.indicators[0].id = I + "I-9"
    with pytest.raises(TrackingError, match="no workbook matches the resolution"):
        merge([honest], tmp_path / "out.xlsx", resolution=other)


def test_a_resave_by_libreoffice_keeps_the_register_trusted(template, tmp_path):
    import shutil

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    a = filled(template, tmp_path / "a.xlsx", "Chi bộ A", 95)
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(a)],
                          capture_output=True, text=True, timeout=180)
    resaved = tmp_path / "lo" / "a.xlsx"
    if not resaved.exists():
        pytest.skip(f"LibreOffice Calc could not convert: {done.stderr.strip()[:200]}")
    assert open_unit_workbook(resaved).sealed is True


# --- workbooks no spreadsheet could hold ------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    """The command line in a process that may not use more than MEMORY_LIMIT of memory."""
    def limit():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "nqparse.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env, preexec_fn=limit if os.name == "posix" else None)


def test_a_cell_at_xfd1048576_is_an_error_for_that_file_only(template, tmp_path):
    big = filled(template, tmp_path / "lon.xlsx", "Chi bộ L", 95)
    wb = openpyxl.load_workbook(big)
    wb[SHEET_TARGETS]["XFD1048576"] = "x"
    wb.save(big)
    good = filled(template, tmp_path / "b.xlsx", "Chi bộ B", 95)
    out = tmp_path / "tong-hop.xlsx"
    run = cli("track", "merge", str(big), str(good), "-o", str(out))
    assert run.returncode == 1, run.stderr[-500:]
    [line] = [x for x in run.stderr.splitlines() if "lon.xlsx" in x]
    assert "XFD1048576" in line and "không được tổng hợp" in line
    assert out.is_file() and "Chi bộ B" in [c.value for c in openpyxl.load_workbook(out)["Tổng hợp chỉ tiêu"][1]]


def with_row(path: Path, out: Path, row: int) -> Path:
    """``path`` with one more cell, at row ``row`` of the target sheet, and no recorded size."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', "", data.decode("utf-8"))
                cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'
                data = text.replace("</sheetData>", cell + "</sheetData>").encode("utf-8")
            target.writestr(info, data)
    return out


def test_more_rows_than_a_spreadsheet_has_is_an_error_for_that_file_only(template, tmp_path):
    good = filled(template, tmp_path / "b.xlsx", "Chi bộ B", 95)
    rows = with_row(good, tmp_path / "nhieu-dong.xlsx", 2_000_000)
    report = merge([rows, good], tmp_path / "out.xlsx")
    [error] = [e for e in report.errors if e.file == "nhieu-dong.xlsx"]
    assert "dòng" in error.message and "không được tổng hợp" in error.message
    assert [u.unit for u in report.merged_units] == ["Chi bộ B"]


def test_a_formula_without_a_computed_value_is_reported_not_read_as_empty(template, tmp_path):
    path = filled(template, tmp_path / "a.xlsx", "Chi bộ A", "=B2*0+95")  # written by a program: no cached value
    report = merge([path], tmp_path / "out.xlsx")
    [error] = [e for e in report.errors if e.header == HEADER_RESULT]
    assert "công thức" in error.message and error.value == "=B2*0+95" and error.column and error.row
