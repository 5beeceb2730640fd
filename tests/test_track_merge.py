"""`nqparse track merge`: units fill in copies of the workbook; the office gets one roll-up.

The filled copies are made here, cell by cell, the way a unit would fill them in Excel.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from nqparse.cli import app
from nqparse.errors import TrackingError
from nqparse.workbook import (
    HEADER_DEADLINE, HEADER_DUE, HEADER_ID, HEADER_RATE, HEADER_RESULT, HEADER_STATUS, HEADER_EVIDENCE, INFO_UNIT,
    SHEET_INFO, SHEET_REGISTER, SHEET_TARGETS, SHEET_TASKS,
)
from nqparse.render.xlsx import write_workbook
from nqparse.schema import Recurrence
from nqparse.track import merge
from tracking_sample import sample_resolution

AS_OF = date(2024, 6, 30)
I = "07-NQ/ĐUK#"


def dated(resolution):
    """The sample's tasks with their due dates, as the parser gives them: "trước ngày 31/3/2024",
    "trong năm 2099", "trong quý I/2024"."""
    for task, due in zip(resolution.tasks, ["2024-03-31", "2099-12-31", "2024-03-31"]):
        task.due = due
    return resolution


def fill(template: Path, out: Path, *, unit: str | None, targets: dict, tasks: dict, edit=None) -> Path:
    """Copy ``template`` filling rows by id: {id: {header: value}}; ``edit(wb)`` spoils it further."""
    wb = openpyxl.load_workbook(template)
    if unit:
        for label, value in wb[SHEET_INFO].iter_rows(min_row=2):
            if label.value == INFO_UNIT:
                value.value = unit
    for sheet, rows in ((SHEET_TARGETS, targets), (SHEET_TASKS, tasks)):
        ws = wb[sheet]
        cols = {c.value: c.column for c in ws[1]}
        for r in range(2, ws.max_row + 1):
            for header, value in rows.get(ws.cell(row=r, column=cols[HEADER_ID]).value, {}).items():
                ws.cell(row=r, column=cols[header]).value = value
    if edit:
        edit(wb)
    wb.save(out)
    return out


def row_of(wb, sheet: str, item_id: str) -> int:
    ws = wb[sheet]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == item_id)


def letter(wb, sheet: str, header: str) -> str:
    cols = {c.value: c.column_letter for c in wb[sheet][1]}
    return cols[header]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "07-theo-doi.xlsx"
    write_workbook(dated(sample_resolution()), path)
    return path


def spoil(wb) -> None:
    """Chi bộ C's mistakes: a made-up id, a word where a number is due, a status off the list, a
    negative rate, a value in a row without id, and a column of its own."""
    ws = wb[SHEET_TARGETS]
    ws[f"A{row_of(wb, SHEET_TARGETS, I + 'I-2')}"] = I + "I-99"
    ws[f"{letter(wb, SHEET_TARGETS, HEADER_RESULT)}{row_of(wb, SHEET_TARGETS, I + 'I-3')}"] = "khoảng hai mươi"
    ws[f"{letter(wb, SHEET_TARGETS, HEADER_RATE)}{row_of(wb, SHEET_TARGETS, I + 'I-1')}"] = -5
    ts = wb[SHEET_TASKS]
    ts[f"{letter(wb, SHEET_TASKS, HEADER_STATUS)}{row_of(wb, SHEET_TASKS, I + 'II.2-1')}"] = "Xong"
    ts[f"{letter(wb, SHEET_TASKS, HEADER_EVIDENCE)}10"] = "biên bản"
    ts["T3"] = "ý kiến riêng"


@pytest.fixture(scope="module")
def merged(template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("units")
    a = fill(template, folder / "chi-bo-a.xlsx", unit="Chi bộ A",
             targets={I + "I-1": {HEADER_RESULT: 95, HEADER_STATUS: "Hoàn thành"},
                      I + "I-2": {HEADER_RESULT: 25, HEADER_STATUS: "Hoàn thành"},
                      I + "I-3": {HEADER_RESULT: 20, HEADER_STATUS: "Đang thực hiện"},
                      I + "I-4": {HEADER_RESULT: "Hoàn thành tốt nhiệm vụ", HEADER_STATUS: "Hoàn thành"}},
             tasks={I + "II.1-1": {HEADER_STATUS: "Hoàn thành"}, I + "II.2-1": {HEADER_STATUS: "Đang thực hiện"},
                    I + "II.3-1": {HEADER_STATUS: "hoàn  thành"}})
    b = fill(template, folder / "chi-bo-b.xlsx", unit="Chi bộ B",
             targets={I + "I-1": {HEADER_RESULT: "85,5", HEADER_STATUS: "Đang thực hiện"},
                      I + "I-2": {HEADER_RESULT: 10},
                      I + "I-3": {HEADER_RESULT: 30, HEADER_STATUS: "Đang thực hiện"},
                      I + "I-4": {HEADER_STATUS: "Không đạt"}},
             tasks={I + "II.1-1": {HEADER_STATUS: "Đang thực hiện"}, I + "II.2-1": {HEADER_STATUS: "Chưa thực hiện"}})
    c = fill(template, folder / "chi-bo-c.xlsx", unit=None,
             targets={I + "I-1": {HEADER_RESULT: 91, HEADER_STATUS: "Hoàn thành"},
                      I + "I-4": {HEADER_STATUS: "Hoàn thành"}},
             tasks={I + "II.1-1": {HEADER_STATUS: "Chưa thực hiện"}, I + "II.3-1": {HEADER_STATUS: "Hoàn thành"}},
             edit=spoil)
    out = folder / "tong-hop" / "tong-hop.xlsx"
    return merge([a, b, c], out, as_of=AS_OF), out


def test_units_are_named_from_the_info_sheet_or_else_the_file(merged):
    report, _ = merged
    assert [u.unit for u in report.merged_units] == ["Chi bộ A", "Chi bộ B", "chi-bo-c"]


def test_share_of_units_on_track_per_target(merged):
    report, _ = merged
    by_id = {t.item.item_id: t for t in report.targets}
    # > 90 %: A 95 yes, B 85.5 no, C 91 yes
    assert [r.on_track for r in by_id[I + "I-1"].results] == [True, False, True]
    assert by_id[I + "I-1"].share == pytest.approx(2 / 3)
    assert by_id[I + "I-1"].results[1].entry.result == 85.5  # "85,5" written with a decimal comma
    # = 20 %: A 25 yes, B 10 no, C's row had its id changed → not reported
    assert [r.on_track for r in by_id[I + "I-2"].results] == [True, False, None]
    # 40–50 đảng viên is a count for the whole Đảng bộ: units add up (20 + 30 = 50, reached)
    i3 = by_id[I + "I-3"]
    assert i3.aggregate == "sum" and i3.total == 50 and i3.total_meets is True
    # qualitative: judged by status
    assert [r.on_track for r in by_id[I + "I-4"].results] == [True, False, True]


def test_task_status_counts_and_overdue_units(merged):
    report, _ = merged
    by_id = {t.item.item_id: t for t in report.tasks}
    t1 = by_id[I + "II.1-1"]  # due 31/3/2024, passed on 30/6/2024
    assert t1.due == date(2024, 3, 31)
    assert {k: len(v) for k, v in t1.statuses.items()} == {
        "Chưa thực hiện": 1, "Đang thực hiện": 1, "Hoàn thành": 1, "Không đạt": 0, "Chưa báo cáo": 0}
    assert t1.overdue_units == ["Chi bộ B", "chi-bo-c"]
    assert by_id[I + "II.2-1"].overdue_units == []  # due in 2099
    assert by_id[I + "II.3-1"].statuses["Hoàn thành"] == ["Chi bộ A", "chi-bo-c"]  # "hoàn  thành" accepted
    assert by_id[I + "II.3-1"].overdue_units == ["Chi bộ B"]


def test_each_bad_cell_is_reported_by_sheet_row_and_column(merged):
    report, _ = merged
    wb = openpyxl.load_workbook(report.units[2].path)
    found = {(e.sheet, e.cell or e.row, e.message.split(":")[0].split(" (")[0]) for e in report.errors}
    rate = letter(wb, SHEET_TARGETS, HEADER_RATE)
    result = letter(wb, SHEET_TARGETS, HEADER_RESULT)
    status = letter(wb, SHEET_TASKS, HEADER_STATUS)
    evidence = letter(wb, SHEET_TASKS, HEADER_EVIDENCE)
    assert found == {
        (SHEET_TARGETS, "A3", "mã không có trong bảng gốc"),
        (SHEET_TARGETS, f"{result}4", "cần một số"),
        (SHEET_TARGETS, f"{rate}2", "cần một số phần trăm không âm, ví dụ 95"),
        (SHEET_TARGETS, None, f"thiếu dòng của mã {I}I-2"),
        (SHEET_TASKS, f"{status}3", "tình trạng ngoài danh sách"),
        (SHEET_TASKS, f"{evidence}10", "ô có dữ liệu nhưng dòng không có mã"),
        (SHEET_TASKS, "T3", "cột ngoài mẫu"),
    }
    assert all(e.file == "chi-bo-c.xlsx" for e in report.errors)
    assert not report.ok


def test_valid_cells_of_a_row_with_a_bad_cell_still_count(merged):
    report, _ = merged
    c = report.merged_units[2]
    assert c.entries[("chi_tieu", I + "I-1")].result == 91 and c.entries[("chi_tieu", I + "I-1")].rate is None
    assert c.entries[("chi_tieu", I + "I-3")].result is None


def test_a_target_and_a_task_may_share_an_id(tmp_path):
    r = dated(sample_resolution())
    r.tasks[0].id = r.indicators[0].id  # ids are numbered per section and kind
    template = tmp_path / "t.xlsx"
    write_workbook(r, template)
    path = fill(template, tmp_path / "a.xlsx", unit="A", targets={r.indicators[0].id: {HEADER_RESULT: 95}},
                tasks={r.indicators[0].id: {HEADER_STATUS: "Hoàn thành"}})
    report = merge([path], tmp_path / "out.xlsx", as_of=AS_OF)
    assert report.ok, report.errors
    assert report.targets[0].results[0].entry.result == 95
    assert report.tasks[0].statuses["Hoàn thành"] == ["A"]


def test_rollup_workbook_markdown_and_docx_are_written(merged):
    report, out = merged
    assert report.outputs == [out, out.with_suffix(".md"), out.with_suffix(".docx")]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp chỉ tiêu", "Tổng hợp nhiệm vụ", "Quá hạn", "Chi tiết đơn vị", "Lỗi", "Đơn vị"]
    targets = wb["Tổng hợp chỉ tiêu"]
    header = [c.value for c in targets[1]]
    assert header[5:8] == ["Chi bộ A", "Chi bộ B", "chi-bo-c"]
    first = [c.value for c in targets[2]]
    assert first[5:8] == [95, 85.5, 91] and first[8] == 2 and first[9] == pytest.approx(2 / 3)
    assert wb["Lỗi"].max_row == 1 + len(report.errors)
    assert wb["Quá hạn"].max_row == 1 + 3
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert md.startswith("# Tổng hợp tình hình thực hiện 07-NQ/ĐUK")
    assert "3 đơn vị: Chi bộ A, Chi bộ B, chi-bo-c" in md and "Nhiệm vụ quá hạn chưa hoàn thành: 2." in md
    assert "| 1 | Có trên 90%" not in md and "2/3 (67%)" in md
    import docx

    text = "\n".join(p.text for p in docx.Document(out.with_suffix(".docx")).paragraphs)
    assert "Tổng hợp tình hình thực hiện 07-NQ/ĐUK" in text and "chưa hoàn thành: Chi bộ B, chi-bo-c" in text


def test_a_cell_formatted_as_percent_is_read_as_a_percentage(template, tmp_path):
    def percent(wb):
        ws = wb[SHEET_TARGETS]
        cell = ws[f"{letter(wb, SHEET_TARGETS, HEADER_RESULT)}{row_of(wb, SHEET_TARGETS, I + 'I-1')}"]
        cell.value, cell.number_format = 0.92, "0%"

    path = fill(template, tmp_path / "p.xlsx", unit="P", targets={}, tasks={}, edit=percent)
    report = merge([path], tmp_path / "out.xlsx", as_of=AS_OF)
    assert report.targets[0].results[0].entry.result == pytest.approx(92)
    assert report.targets[0].results[0].on_track is True


def test_workbooks_of_another_document_or_not_workbooks_are_reported_and_skipped(template, tmp_path):
    other = dated(sample_resolution())
    other.metadata.code = "99-NQ/ĐUK"
    write_workbook(other, tmp_path / "khac.xlsx")
    (tmp_path / "hong.xlsx").write_bytes(b"not a zip")
    a = fill(template, tmp_path / "a.xlsx", unit="A", targets={}, tasks={})
    b = fill(template, tmp_path / "b.xlsx", unit="A", targets={}, tasks={})
    report = merge([a, b, tmp_path / "khac.xlsx", tmp_path / "hong.xlsx"], tmp_path / "out.xlsx", as_of=AS_OF)
    assert [u.unit for u in report.merged_units] == ["A", "A (b)"]
    messages = {e.file: e.message for e in report.errors}
    assert "văn bản khác (99-NQ/ĐUK)" in messages["khac.xlsx"]
    assert "không mở được bảng tính" in messages["hong.xlsx"]
    assert "trùng tên đơn vị" in messages["b.xlsx"]
    with pytest.raises(TrackingError):
        merge([tmp_path / "hong.xlsx"], tmp_path / "out2.xlsx")


def test_a_recurring_or_undated_task_is_never_overdue(tmp_path):
    r = dated(sample_resolution())
    r.tasks[0].recurrence = Recurrence.QUARTERLY    # "định kỳ hằng quý": each quarter, no single date
    r.tasks[1].due = None                            # no deadline written
    r.tasks[2].due = "2024-06-29"                    # passed the day before the report
    template = tmp_path / "t.xlsx"
    write_workbook(r, template)
    report = merge([fill(template, tmp_path / "a.xlsx", unit="A", targets={}, tasks={})], tmp_path / "out.xlsx",
                   as_of=AS_OF)
    assert [(t.due, t.overdue_units) for t in report.tasks] == [
        (date(2024, 3, 31), []), (None, []), (date(2024, 6, 29), ["A"])]
    tasks = openpyxl.load_workbook(tmp_path / "out.xlsx")["Tổng hợp nhiệm vụ"]
    assert [c.value for c in tasks[1]][3:6] == ["Thời hạn", "Hạn", "Định kỳ"]
    assert [c.value for c in tasks[2]][3:6] == ["trước ngày 31/3/2024", datetime(2024, 3, 31), "hằng quý"]


def schema_1_0(path, *, deadlines: dict[str, str] | None = None):
    """Make ``path`` look like a workbook of the previous version: "Thời hạn" holds the words, there is
    no written-deadline or recurrence column, and the register has no due dates."""
    wb = openpyxl.load_workbook(path)
    for sheet in (SHEET_TARGETS, SHEET_TASKS):
        ts = wb[sheet]
        cols = {c.value: c.column for c in ts[1]}
        for r in range(2, ts.max_row + 1):
            ts.cell(row=r, column=cols[HEADER_DUE]).value = ts.cell(row=r, column=cols[HEADER_DEADLINE]).value
        ts.delete_cols(cols[HEADER_DEADLINE], 2)
    ws = wb[SHEET_REGISTER]
    ws["B1"], ws["E1"] = "1.0", None  # nor a digest
    ws.delete_cols(11, 3)
    for row in ws.iter_rows(min_row=3):
        if row[1].value in (deadlines or {}):
            row[7].value = deadlines[row[1].value]
    wb.save(path)
    return path


def test_a_workbook_of_the_previous_version_is_dated_from_its_deadline_words(tmp_path):
    template = tmp_path / "t.xlsx"
    write_workbook(sample_resolution(), template)     # the words only, as schema 1.0 had them
    old = schema_1_0(fill(template, tmp_path / "a.xlsx", unit="A", targets={}, tasks={}),
                     deadlines={I + "II.2-1": "năm 2023"})  # the year before the document (5/1/2024): no deadline
    assert [c.value for c in openpyxl.load_workbook(old)[SHEET_REGISTER][2]][-1] == "quote"
    assert HEADER_DEADLINE not in [c.value for c in openpyxl.load_workbook(old)[SHEET_TASKS][1]]
    report = merge([old], tmp_path / "out.xlsx", as_of=AS_OF)
    assert report.ok, report.errors
    assert [(t.due, t.overdue_units) for t in report.tasks] == [
        (date(2024, 3, 31), ["A"]), (None, []), (date(2024, 3, 31), ["A"])]


def test_the_register_records_due_date_and_recurrence_as_iso_text(template):
    ws = openpyxl.load_workbook(template)[SHEET_REGISTER]
    header = [c.value for c in ws[2]]
    rows = {row[1]: dict(zip(header, row)) for row in ws.iter_rows(min_row=3, values_only=True)}
    assert header[-3:] == ["due", "start", "recurrence"]
    assert (rows[I + "II.1-1"]["deadline"], rows[I + "II.1-1"]["due"]) == ("trước ngày 31/3/2024", "2024-03-31")


def test_cli_merge_exits_1_and_lists_bad_cells(merged, template, tmp_path):
    report, _ = merged
    paths = [str(u.path) for u in report.units]
    result = CliRunner().invoke(app, ["track", "merge", *paths, "-o", str(tmp_path / "t.xlsx"), "--as-of", "2024-06-30"])
    assert result.exit_code == 1
    assert "chi-bo-c.xlsx: Chỉ tiêu!A3" in result.output
    clean = CliRunner().invoke(app, ["track", "merge", paths[0], paths[1], "-o", str(tmp_path / "u.xlsx")])
    assert clean.exit_code == 0, clean.output
    assert (tmp_path / "u.md").exists() and (tmp_path / "u.docx").exists()


# --- the seed: three units fill in the workbook of the real resolution ---

def test_seed_workbooks_filled_by_three_units_roll_up(seed_resolution, tmp_path):
    template = tmp_path / "03.xlsx"
    write_workbook(seed_resolution, template)
    numeric = [i for i in seed_resolution.indicators if i.comparator and i.unit == "%"]
    assert len(seed_resolution.indicators) >= 16 and numeric
    ok = {i.id: {HEADER_RESULT: i.value + 1, HEADER_STATUS: "Hoàn thành"} for i in numeric}
    short = {i.id: {HEADER_RESULT: i.value - 1 if i.comparator.value != "<" else i.value + 1,
                    HEADER_STATUS: "Đang thực hiện"} for i in numeric}
    first_task = seed_resolution.tasks[0].id
    units = [
        fill(template, tmp_path / "a.xlsx", unit="Đảng bộ Sở A", targets=ok, tasks={first_task: {HEADER_STATUS: "Hoàn thành"}}),
        fill(template, tmp_path / "b.xlsx", unit="Chi bộ B", targets=short, tasks={}),
        fill(template, tmp_path / "c.xlsx", unit="Chi bộ C", targets=ok, tasks={first_task: {HEADER_STATUS: "Đã xong"}}),
    ]
    report = merge(units, tmp_path / "tong-hop.xlsx", as_of=date(2022, 7, 1))
    assert len(report.targets) == len(seed_resolution.indicators) >= 16
    assert len(report.tasks) == len(seed_resolution.tasks)
    by_id = {t.item.item_id: t for t in report.targets}
    for i in numeric:
        assert by_id[i.id].on_track == 2, i.id  # A and C reached it, B fell short
    assert [(e.file, e.sheet, e.header) for e in report.errors] == [("c.xlsx", SHEET_TASKS, HEADER_STATUS)]
    assert report.errors[0].row == 2


@pytest.mark.slow
def test_a_workbook_saved_again_by_libreoffice_still_merges(merged, tmp_path):
    """Many offices fill the workbook in LibreOffice Calc: its re-saved file must merge the same."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    report, _ = merged
    original = report.units[0].path
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(original)],
        capture_output=True, text=True, timeout=180,
    )
    resaved = tmp_path / "lo" / original.name
    if not resaved.exists() and "could not be loaded" in done.stderr:
        pytest.skip("LibreOffice Calc is missing (only Writer installed): apt-get install libreoffice-calc-nogui")
    again = merge([resaved], tmp_path / "again.xlsx", as_of=AS_OF)
    assert again.ok, again.errors
    assert again.merged_units[0].unit == "Chi bộ A"
    assert [t.results[0].entry.result for t in again.targets] == [95, 25, 20, "Hoàn thành tốt nhiệm vụ"]
