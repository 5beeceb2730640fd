"""The tracking workbook an office hands out (xlsx), and its CSV and Markdown siblings."""
from __future__ import annotations

import csv
import shutil
from datetime import datetime
import subprocess
from pathlib import Path

import openpyxl
import pytest

from nqparse.render.csv import write_csv_folder
from nqparse.render.markdown import to_markdown
from nqparse.workbook import (
    FILL_IN_HEADERS, HEADER_DEADLINE, HEADER_DUE, HEADER_ID, HEADER_RECURRENCE, HEADER_STATUS, INFO_UNIT, SHEET_INFO,
    SHEET_REFERENCES, SHEET_REGISTER, SHEET_TARGETS, SHEET_TASKS, STATUSES,
)
from nqparse.render.xlsx import write_workbook
from nqparse.schema import Recurrence, Span
from tracking_sample import sample_resolution

SHEETS = [SHEET_TARGETS, SHEET_TASKS, SHEET_REFERENCES, SHEET_INFO]


def dated(resolution):
    """The sample with its deadlines read as the parser reads them: the target "năm 2024", the tasks
    "trước ngày 31/3/2024", "trong năm 2099" and — made recurring here — "trong quý I/2024" hằng năm."""
    resolution.indicators[0].due = "2024-12-31"
    resolution.tasks[0].due, resolution.tasks[1].due = "2024-03-31", "2099-12-31"
    resolution.tasks[2].recurrence = Recurrence.YEARLY
    return resolution


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "theo-doi.xlsx"
    write_workbook(dated(sample_resolution()), path)
    return path


@pytest.fixture(scope="module")
def seed_book(seed_resolution, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "03-theo-doi.xlsx"
    write_workbook(seed_resolution, path)
    return path


def headers(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def column_values(ws, header: str) -> list:
    col = headers(ws)[header]
    return [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]


# --- what a person sees when opening the workbook ---

def test_workbook_has_the_four_sheets_in_vietnamese_and_a_hidden_register(sample_book):
    wb = openpyxl.load_workbook(sample_book)
    assert wb.sheetnames == SHEETS + [SHEET_REGISTER]
    assert [wb[s].sheet_state for s in SHEETS] == ["visible"] * 4
    assert wb[SHEET_REGISTER].sheet_state == "veryHidden"


def test_target_sheet_has_one_row_per_target_with_values_as_numbers(sample_book):
    ws = openpyxl.load_workbook(sample_book)[SHEET_TARGETS]
    r = sample_resolution()
    assert column_values(ws, HEADER_ID) == [i.id for i in r.indicators]
    assert column_values(ws, "Giá trị") == [90, 20, 40, None]
    assert all(isinstance(v, (int, float)) for v in column_values(ws, "Giá trị")[:3])
    assert column_values(ws, "Đến (khoảng)")[2] == 50
    assert column_values(ws, "So sánh")[3] == "định tính"
    assert column_values(ws, "Đơn vị tính")[:3] == ["%", "%", "đảng viên"]
    assert column_values(ws, "Chỉ tiêu (trích)")[0] == r.indicators[0].span.quote


def test_tracking_sheets_end_with_the_fill_in_columns(sample_book):
    wb = openpyxl.load_workbook(sample_book)
    for name in (SHEET_TARGETS, SHEET_TASKS):
        header = [c.value for c in wb[name][1]]
        assert tuple(header[-len(FILL_IN_HEADERS):]) == FILL_IN_HEADERS


def test_task_sheet_names_lead_partner_bodies_deadline_and_documents(sample_book):
    ws = openpyxl.load_workbook(sample_book)[SHEET_TASKS]
    assert column_values(ws, "Chủ trì")[0] == "Ban Tuyên giáo Đảng ủy Khối"
    assert column_values(ws, "Phối hợp")[0] == "Văn phòng Đảng ủy Khối"
    assert column_values(ws, HEADER_DEADLINE)[0] == "trước ngày 31/3/2024"
    assert column_values(ws, "Văn bản liên quan")[1] == "12-CT/TU"


def test_the_deadline_is_a_date_cell_beside_the_words_and_the_recurrence(sample_book):
    wb = openpyxl.load_workbook(sample_book)
    tasks = wb[SHEET_TASKS]
    assert column_values(tasks, HEADER_DUE) == [datetime(2024, 3, 31), datetime(2099, 12, 31), None]
    assert column_values(tasks, HEADER_DEADLINE) == ["trước ngày 31/3/2024", "trong năm 2099", "trong quý I/2024"]
    assert column_values(tasks, HEADER_RECURRENCE) == [None, None, "hằng năm"]
    due = openpyxl.utils.get_column_letter(headers(tasks)[HEADER_DUE])
    assert tasks[f"{due}2"].is_date and tasks[f"{due}2"].number_format == "DD/MM/YYYY"
    assert tasks.auto_filter.ref.startswith("A1:")  # the date column filters by year, month, day
    targets = wb[SHEET_TARGETS]
    assert column_values(targets, HEADER_DUE)[0] == datetime(2024, 12, 31)
    assert column_values(targets, HEADER_DEADLINE)[:2] == ["năm 2024", None]


def test_the_id_column_shows_each_id_on_one_line(sample_book, tmp_path):
    from nqparse.workbook import row_height
    from nqparse.track import merge

    wb = openpyxl.load_workbook(sample_book)
    for sheet in (SHEET_TARGETS, SHEET_TASKS):
        ws = wb[sheet]
        ids = column_values(ws, HEADER_ID)
        assert ws.column_dimensions["A"].width >= max(len(i) for i in ids) + 1, sheet
        assert not any(ws.cell(row=r, column=1).alignment.wrap_text for r in range(2, ws.max_row + 1)), sheet
    assert row_height(["07-NQ/ĐUK#II.2-1", "ngắn"], [None, 10]) == row_height(["", "ngắn"], [None, 10])
    merge([sample_book], tmp_path / "tong-hop.xlsx")
    rollup = openpyxl.load_workbook(tmp_path / "tong-hop.xlsx")["Tổng hợp nhiệm vụ"]
    assert rollup.column_dimensions["A"].width >= len("07-NQ/ĐUK#II.2-1") + 1 and not rollup["A2"].alignment.wrap_text


def test_citation_sheet_lists_code_type_date_and_issuer(sample_book):
    ws = openpyxl.load_workbook(sample_book)[SHEET_REFERENCES]
    first = [c.value for c in ws[2]]
    assert first[:4] == ["12-CT/TU", "Chỉ thị", datetime(2021, 10, 28), "Ban Thường vụ Tỉnh ủy"]
    assert ws["C2"].number_format == "DD/MM/YYYY"  # a real date, shown the Vietnamese way


def test_status_is_a_drop_down_of_the_four_statuses_on_every_row(sample_book):
    wb = openpyxl.load_workbook(sample_book)
    for name in (SHEET_TARGETS, SHEET_TASKS):
        ws = wb[name]
        letter = openpyxl.utils.get_column_letter(headers(ws)[HEADER_STATUS])
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert len(lists) == 1
        assert lists[0].formula1 == '"' + ",".join(STATUSES) + '"'
        assert str(lists[0].sqref) == f"{letter}2:{letter}{ws.max_row}"


def test_header_frozen_filter_on_print_a4_landscape(sample_book):
    wb = openpyxl.load_workbook(sample_book)
    for name in (SHEET_TARGETS, SHEET_TASKS, SHEET_REFERENCES):
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
        assert ws.print_title_rows == "$1:$1"
        assert all(ws.column_dimensions[c].width >= 5 for c in "ABCD")
        assert ws.cell(row=2, column=4).alignment.wrap_text


def test_ids_and_document_columns_are_locked_fill_in_cells_are_not(sample_book):
    wb = openpyxl.load_workbook(sample_book)
    ws = wb[SHEET_TARGETS]
    assert ws.protection.sheet
    cols = headers(ws)
    assert ws.cell(row=2, column=cols[HEADER_ID]).protection.locked
    for header in FILL_IN_HEADERS:
        assert not ws.cell(row=2, column=cols[header]).protection.locked
    info = wb[SHEET_INFO]
    unit_row = next(row for row in info.iter_rows(min_row=2) if row[0].value == INFO_UNIT)
    assert not unit_row[1].protection.locked and unit_row[1].value is None


def test_register_records_every_id_the_workbook_was_made_with(sample_book):
    ws = openpyxl.load_workbook(sample_book)[SHEET_REGISTER]
    r = sample_resolution()
    ids = [row[1] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert ids == [i.id for i in r.indicators] + [t.id for t in r.tasks]
    assert ws["C1"].value == "07-NQ/ĐUK"


def test_document_text_starting_with_equals_is_kept_as_text(tmp_path):
    r = sample_resolution()
    quote = r.indicators[0].span.quote
    r.indicators[0].text = "=SUM(A1:A9) " + quote
    path = tmp_path / "eq.xlsx"
    write_workbook(r, path)
    ws = openpyxl.load_workbook(path)[SHEET_TARGETS]
    cell = ws.cell(row=2, column=headers(ws)["Nội dung"])
    assert cell.data_type == "s" and cell.value.startswith("=SUM")


# --- CSV and Markdown ---

def test_csv_folder_has_one_utf8_bom_file_per_sheet(tmp_path):
    out = tmp_path / "csv"
    write_csv_folder(sample_resolution(), out)
    assert sorted(p.name for p in out.iterdir()) == ["chi-tieu.csv", "nhiem-vu.csv", "thong-tin.csv", "van-ban-dan-chieu.csv"]
    raw = (out / "chi-tieu.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader((out / "chi-tieu.csv").open(encoding="utf-8-sig")))
    assert rows[0][0] == HEADER_ID and len(rows) == 1 + 4
    assert rows[1][rows[0].index("Giá trị")] == "90"


def test_csv_gives_the_due_date_as_iso_beside_the_written_deadline(tmp_path):
    write_csv_folder(dated(sample_resolution()), tmp_path / "csv")
    header, *rows = csv.reader((tmp_path / "csv" / "nhiem-vu.csv").open(encoding="utf-8-sig"))
    due, words, recurs = header.index(HEADER_DUE), header.index(HEADER_DEADLINE), header.index(HEADER_RECURRENCE)
    assert [(r[due], r[words], r[recurs]) for r in rows] == [
        ("2024-03-31", "trước ngày 31/3/2024", ""), ("2099-12-31", "trong năm 2099", ""),
        ("", "trong quý I/2024", "hằng năm")]


def test_csv_folder_is_replaced_whole_and_leaves_no_temporary_folder(tmp_path):
    out = tmp_path / "csv"
    out.mkdir()
    (out / "stale.csv").write_text("old")
    write_csv_folder(sample_resolution(), out)
    assert not (out / "stale.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]


def test_markdown_has_the_tables_and_escapes_the_document_text():
    md = to_markdown(sample_resolution())
    assert md.startswith("# Nghị quyết số 07-NQ/ĐUK")
    assert "## Chỉ tiêu (4)" in md and "## Nhiệm vụ (3)" in md and "## Văn bản dẫn chiếu (2)" in md
    assert "<script>" not in md and "&lt;script>" in md
    target_rows = [line for line in md.splitlines() if line.startswith("| 07-NQ/ĐUK#I-")]
    columns = md.splitlines()[md.splitlines().index("## Chỉ tiêu (4)") + 2].count("|") - 1
    assert len(target_rows) == 4
    assert all(line.count("|") - line.count("\\|") == columns + 1 for line in target_rows)


# --- the seed resolution ---

def test_seed_workbook_has_at_least_16_targets_with_their_values(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    targets = wb[SHEET_TARGETS]
    assert targets.max_row - 1 >= 16
    values = column_values(targets, "Giá trị")
    assert sum(isinstance(v, (int, float)) for v in values) >= 16
    assert wb[SHEET_TASKS].max_row - 1 >= 10
    assert wb[SHEET_REFERENCES].max_row - 1 >= 3
    codes = column_values(wb[SHEET_REFERENCES], "Số, ký hiệu")
    assert "12-CT/TU" in codes


def test_reparsing_the_seed_gives_the_same_ids_as_the_workbook(seed_book, seed_path):
    import nqparse

    again = nqparse.parse(seed_path)
    wb = openpyxl.load_workbook(seed_book)
    assert column_values(wb[SHEET_TARGETS], HEADER_ID) == [i.id for i in again.indicators]
    assert column_values(wb[SHEET_TASKS], HEADER_ID) == [t.id for t in again.tasks]
    assert len(set(i.id for i in again.indicators)) == len(again.indicators)


@pytest.mark.slow
def test_seed_workbook_converts_to_pdf_with_libreoffice(seed_book, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(seed_book)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / (seed_book.stem + ".pdf")
    if not pdf.exists() and "calc_pdf_Export" not in done.stdout and "could not be loaded" in done.stderr:
        pytest.skip("LibreOffice Calc is missing (only Writer installed): apt-get install libreoffice-calc-nogui")
    assert pdf.exists(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_parse_command_writes_every_export_format(tmp_path):
    from typer.testing import CliRunner

    from nqparse.cli import app
    from tracking_sample import TEXT

    source = tmp_path / "07-nq.txt"
    source.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    for fmt, out in (("xlsx", "t.xlsx"), ("csv", "csv"), ("md", "t.md"), ("html", "t.html")):
        result = runner.invoke(app, ["parse", str(source), "-f", fmt, "-o", str(tmp_path / out)])
        assert result.exit_code == 0, (fmt, result.output)
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames[:4] == SHEETS
    assert (tmp_path / "csv" / "chi-tieu.csv").is_file()
    assert (tmp_path / "t.md").read_text(encoding="utf-8").startswith("# ")
    assert "&amp; &#34;trích dẫn&#34;" in (tmp_path / "t.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["07-nq.txt", "csv", "t.html", "t.md", "t.xlsx"]
