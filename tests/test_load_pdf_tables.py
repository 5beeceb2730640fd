"""Ruled tables in PDF input keep their grid: rows, merged cells, one table across page ends.

The annex plan of :mod:`annex_fixture` (27 tasks in a ruled table, printed to PDF by
LibreOffice over four landscape pages with its header row repeated and rows broken by page
ends) is read against the .docx it was printed from; real office PDFs are read as they look.
"""
from __future__ import annotations

import pdfplumber
import pytest

from annex_fixture import ANNEX_NOTE, COLUMNS, GROUPS, LEAD_MERGED, PARTNERS_MERGED, TASKS, annex_plan_pdf, build_annex_plan
from conftest import SHARED_CORPUS, need_shared_corpus
from nqparse.load.docx import load_docx
from nqparse.load.pdf import Word, load_pdf
from nqparse.load.pdf_tables import PageTable, page_table, ruled_tables, tables_across_pages
from nqparse.normalize import normalize

KH21 = SHARED_CORPUS / "office" / "kh21-pgddt-hiephoa-phap-che-2020.pdf"
CV193 = SHARED_CORPUS / "office" / "cv193-ubnd-laocai-vat-lieu-no.pdf"
PDFS = SHARED_CORPUS / "pdf"


def load_watching_the_finder(data: bytes, path=None):
    """The PDF loaded, and the pages pdfplumber's table finder was run on."""
    searched: list[int] = []
    find_tables = pdfplumber.page.Page.find_tables

    def spy(page, *args, **kwargs):
        searched.append(page.page_number)
        return find_tables(page, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdfplumber.page.Page, "find_tables", spy)
        return load_pdf(data, path=path), searched


@pytest.fixture(scope="module")
def annex_pdf() -> bytes:
    return annex_plan_pdf()


@pytest.fixture(scope="module")
def annex_loaded(annex_pdf):
    return load_watching_the_finder(annex_pdf)


@pytest.fixture(scope="module")
def annex_source(annex_loaded):
    return annex_loaded[0]


@pytest.fixture(scope="module")
def annex(annex_source):
    """The printed annex plan, normalized, and its one ruled table."""
    doc = normalize(annex_source)
    ruled = [t for t in doc.tables if t.ruled]
    assert len(ruled) == 1, [(t.index, t.page, t.rows) for t in ruled]
    return doc, ruled[0]


def cell_text(doc, table, row: int, col: int) -> str:
    return doc.cell_text(table.at(row, col))


def task_row(doc, table, number: int) -> int:
    """The grid row whose TT cell holds ``number``."""
    return next(r for r in range(table.rows) if cell_text(doc, table, r, 0) == str(number))


def grid(doc, table) -> dict[tuple[int, int, int, int], str]:
    """Every cell by (row, col, rowspan, colspan) with its text, whitespace folded."""
    return {(c.row, c.col, c.rowspan, c.colspan): " ".join(doc.cell_text(c).split()) for c in table.cells}


# --- the annex printed over four pages -----------------------------------------------------

def test_the_printed_annex_runs_over_several_pages_repeating_its_header(annex_pdf):
    """The premise of the tests below: LibreOffice breaks the table over pages 2-5 and prints
    the header row again at the top of each."""
    import io

    with pdfplumber.open(io.BytesIO(annex_pdf)) as pdf:
        with_header = [p.page_number for p in pdf.pages if "Cơ quan chủ trì" in (p.extract_text() or "")]
    assert with_header == [2, 3, 4, 5]


def test_the_annex_is_one_table_of_27_task_rows_and_4_group_rows(annex):
    doc, table = annex
    assert (table.rows, table.cols, table.page) == (1 + 4 + 27, 6, 2)
    numbers = [cell_text(doc, table, r, 0) for r in range(table.rows)]
    assert [n for n in numbers if n.isdigit()] == [str(k) for k in range(1, 28)]


def test_the_header_row_repeated_on_every_page_is_read_once(annex):
    doc, table = annex
    assert table.header_rows == 1
    assert [cell_text(doc, table, 0, c) for c in range(6)] == list(COLUMNS)
    headers = [c for c in table.cells if doc.cell_text(c) == "Cơ quan chủ trì"]
    assert len(headers) == 1


def test_group_rows_are_one_cell_across_all_columns(annex):
    doc, table = annex
    groups = [c for c in table.cells if c.colspan == 6]
    assert [doc.cell_text(c) for c in groups] == [f"{label}. {title}" for label, title in GROUPS.items()]


def test_each_task_row_holds_its_task_lead_partners_deadline_and_product(annex):
    doc, table = annex
    for task in TASKS:
        r = task_row(doc, table, task.number)
        assert cell_text(doc, table, r, 1) == task.text
        assert cell_text(doc, table, r, 2) == " ".join(task.lead)
        assert cell_text(doc, table, r, 3) == " ".join(task.partners)
        assert cell_text(doc, table, r, 4) == task.deadline
        assert cell_text(doc, table, r, 5) == task.product


def test_a_lead_written_once_for_four_rows_is_one_cell_covering_them(annex):
    doc, table = annex
    rows = [task_row(doc, table, n) for n in LEAD_MERGED]
    lead = table.at(rows[0], 2)
    assert (lead.row, lead.rowspan) == (rows[0], 4)
    assert all(table.at(r, 2) is lead for r in rows)
    assert doc.cell_text(lead) == "Sở Khoa học và Công nghệ"


def test_partners_merged_over_two_rows_across_a_page_end_stay_one_cell(annex):
    doc, table = annex
    first, second = (task_row(doc, table, n) for n in PARTNERS_MERGED)
    partners = table.at(first, 3)
    assert table.at(second, 3) is partners and partners.rowspan == 2
    assert doc.cell_text(partners) == "Sở Khoa học và Công nghệ UBND các xã, phường"
    assert {doc.paragraphs[p].page for p in partners.paragraphs} == {3, 4}


def test_a_row_broken_by_the_page_end_is_joined_into_one_row(annex_pdf, annex):
    """Task 7 starts at the foot of page 2 and goes on at the top of page 3 with no TT number."""
    import io

    with pdfplumber.open(io.BytesIO(annex_pdf)) as pdf:
        foot, top = (" ".join(pdf.pages[k].extract_text().split()) for k in (1, 2))
    assert "7 Phối hợp với các doanh nghiệp viễn thông" in foot and "7 Phối hợp" not in top
    assert "khu công nghiệp, khu đô thị" in top and "khu công nghiệp, khu đô thị" not in foot
    doc, table = annex
    r = task_row(doc, table, 7)
    assert cell_text(doc, table, r, 1) == TASKS[6].text
    assert [cell_text(doc, table, r, c) for c in (3, 4, 5)] == ["UBND các xã, phường", "Thường xuyên",
                                                               "Hạ tầng mạng 5G được mở rộng"]
    assert task_row(doc, table, 8) == r + 1


def test_the_table_stands_where_it_is_printed_after_the_annex_title(annex):
    doc, table = annex
    before = doc.text[:table.start].rstrip().splitlines()
    assert before[-1] == ANNEX_NOTE and before[-3] == "PHỤ LỤC"
    assert doc.text[table.end:].strip() == ""


def test_a_cell_holds_one_block_per_paragraph_with_wrapped_lines_joined(annex_source):
    doc = annex_source
    table = next(t for t in doc.tables if t.ruled)
    lead_of_7 = next(c for c in table.cells if c.col == 2 and c.rowspan == 4)
    assert [doc.blocks[b].text for b in lead_of_7.blocks] == ["Sở Khoa học và Công nghệ"]
    partners_of_1 = next(c for c in table.cells if c.row == 2 and c.col == 3)
    assert [doc.blocks[b].text for b in partners_of_1.blocks] == ["Sở Khoa học và Công nghệ", "Sở Tư pháp"]
    assert all(doc.blocks[b].kind == "cell" and doc.blocks[b].table == (table.index, 2, 3) for b in partners_of_1.blocks)


def test_the_27_task_annex_reads_as_a_table_in_docx_and_pdf(annex):
    pdf_doc, pdf_table = annex
    docx_doc = normalize(load_docx(build_annex_plan().docx))
    docx_table = next(t for t in docx_doc.tables if t.ruled)
    assert (pdf_table.rows, pdf_table.cols, pdf_table.header_rows) == \
        (docx_table.rows, docx_table.cols, docx_table.header_rows) == (32, 6, 1)
    assert grid(pdf_doc, pdf_table) == grid(docx_doc, docx_table)


# --- pages without rules, header and signature -------------------------------------------

def test_the_table_finder_runs_only_on_pages_that_draw_rules(annex_loaded):
    _, searched = annex_loaded
    assert searched == [2, 3, 4, 5]


def test_a_text_page_gets_no_ruled_table(annex_source):
    doc = annex_source
    assert not [t for t in doc.tables if t.page == 1 and t.ruled]
    assert not [b for b in doc.blocks if b.page == 1 and b.table and doc.tables[b.table[0]].ruled]


def test_header_and_signature_stay_two_column_layout_cells(annex_source):
    doc = annex_source
    header, signature = doc.tables[0], doc.tables[1]
    assert (header.ruled, header.rows, header.cols, signature.ruled) == (False, 1, 2, False)
    left = [doc.blocks[b].text for b in header.cells[0].blocks]
    right = [doc.blocks[b].text for b in header.cells[1].blocks]
    assert left == ["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ", "Số: 215/KH-UBND"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Phú Thọ, ngày 15 tháng 01 năm 2026"]
    assert [doc.blocks[b].text for b in signature.cells[1].blocks][-1] == "Trần Minh Đức"


# --- how pages' tables are joined ------------------------------------------------------

def box_table(page: int, xs: list[float], ys: list[float]) -> PageTable:
    """A plain grid with a rule at each of ``xs`` and ``ys``."""
    return page_table(page, [(x0, y0, x1, y1) for y0, y1 in zip(ys, ys[1:]) for x0, x1 in zip(xs, xs[1:])])


def filled(page: int, xs: list[float], top: float, rows: list[list[str]]) -> PageTable:
    """A grid of 20 pt rows from ``top`` with each text as a word in the middle of its cell."""
    ys = [top + 20 * k for k in range(len(rows) + 1)]
    table = box_table(page, xs, ys)
    words = [Word(text, (x0 + x1) / 2 - 5, (x0 + x1) / 2 + 5, y0 + 5, y0 + 15, 13.0, "Times")
             for row, (y0, _) in zip(rows, zip(ys, ys[1:])) for text, x0, x1 in zip(row, xs, xs[1:]) if text]
    assert table.take(words) == []
    return table


def texts(table) -> list[list[str]]:
    return [[" ".join(p.text for p in c.parts).strip() for c in table.cells if c.row == r] for r in range(table.rows)]


def test_a_header_repeated_at_the_top_of_the_next_page_is_dropped_and_counted():
    first = filled(1, [50, 80, 400], 700, [["TT", "Nhiệm vụ"], ["1", "Rà soát"]])
    second = filled(2, [50, 80, 400], 60, [["TT", "Nhiệm vụ"], ["2", "Ban hành"]])
    [table] = tables_across_pages([[first], [second]], [[], []])
    assert table.header_rows == 1
    assert texts(table) == [["TT", "Nhiệm vụ"], ["1", "Rà soát"], ["2", "Ban hành"]]


def test_a_table_whose_header_is_not_repeated_goes_on_with_its_next_rows():
    first = filled(1, [50, 80, 400], 700, [["TT", "Nhiệm vụ"], ["1", "Rà soát"]])
    second = filled(2, [50, 80, 400], 60, [["2", "Ban hành"], ["3", "Tổ chức"]])
    [table] = tables_across_pages([[first], [second]], [[], []])
    assert table.header_rows == 0 and table.rows == 4


def test_a_row_going_on_without_its_number_is_joined_to_the_row_it_continues():
    first = filled(1, [50, 80, 400, 500], 700, [["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Rà soát", "Sở"]])
    second = filled(2, [50, 80, 400, 500], 60, [["TT", "Nhiệm vụ", "Chủ trì"], ["", "quy chế", "Tư pháp"],
                                                ["2", "Ban hành", "Sở Y tế"]])
    [table] = tables_across_pages([[first], [second]], [[], []])
    assert texts(table) == [["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Rà soát quy chế", "Sở Tư pháp"],
                            ["2", "Ban hành", "Sở Y tế"]]


def test_tables_of_other_columns_on_the_next_page_stay_two_tables():
    first, second = box_table(1, [50, 100, 300], [700, 720, 790]), box_table(2, [50, 200, 300], [60, 80, 100])
    assert len(tables_across_pages([[first], [second]], [[], []])) == 2


def test_a_table_with_text_below_it_is_not_continued_on_the_next_page():
    first, second = box_table(1, [50, 100, 300], [600, 620, 640]), box_table(2, [50, 100, 300], [60, 80, 100])
    assert len(tables_across_pages([[first], [second]], [[(700.0, 712.0)], []])) == 2
    assert len(tables_across_pages([[first], [second]], [[(500.0, 512.0)], []])) == 1


# --- real documents --------------------------------------------------------------------

@pytest.fixture(scope="module")
def kh21():
    """kh21 loaded, and the pages the table finder ran on."""
    need_shared_corpus()
    return load_watching_the_finder(KH21.read_bytes(), KH21)


def test_the_members_list_of_a_district_plan_is_a_table_of_13_rows(kh21):
    """kh21: the last page lists the legal-affairs team in a ruled STT | HỌ VÀ TÊN | CHỨC VỤ table
    (read before as two interleaved columns)."""
    doc = normalize(kh21[0])
    [table] = [t for t in doc.tables if t.ruled]
    assert (table.rows, table.cols, table.page) == (13, 3, 4)
    assert [doc.cell_text(c) for c in table.row(0)] == ["STT", "HỌ VÀ TÊN", "CHỨC VỤ-NHIỆM VỤ"]
    assert [doc.cell_text(c) for c in table.row(11)] == ["11", "Nguyễn Thị Phương Anh", "NV thư viện - Phụ trách tủ sách PL"]
    assert [doc.cell_text(c) for c in table.row(12)][:2] == ["12", "Trần Thị Nguyên"]


def test_the_underlines_of_a_header_do_not_send_a_page_to_the_table_finder(kh21):
    _, searched = kh21      # page 1 draws three underlines (under the issuer, the motto, the number)
    assert searched == [4]


def ruled_on_page(path, number: int) -> list[PageTable]:
    """The ruled tables of one page, with the page's words in their cells."""
    from nqparse.load.pdf import page_words

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        tables = ruled_tables(page, number)
        words = page_words(page)
    for table in tables:
        words = table.take(words)
    return tables


@pytest.mark.parametrize("path, number", [(CV193, 2), (PDFS / "B04_hd-btctu-hanoi-huy-hieu_huongdan21.pdf", 5),
                                          (PDFS / "B05_kh-sgddt-bacgiang-bao-hanh-tre.pdf", 3),
                                          (PDFS / "B03_hd-btctu-hanoi-nghiep-vu_huongdan.pdf", 2)],
                         ids=lambda v: v.name[:12] if hasattr(v, "name") else f"p{v}")
def test_white_rectangles_behind_the_text_make_no_table(path, number):
    """These pages draw a white rectangle behind every line (a converter's background, hundreds
    on cv193 p2) and no rule a reader sees; pdfplumber's own finder takes them for tables."""
    need_shared_corpus()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        assert page.find_tables(), "pdfplumber finds a table in the white rectangles"
        assert ruled_tables(page, number) == []


def test_the_banner_mock_up_of_a_guide_is_a_ruled_table():
    """B03 page 11 draws a framed mock-up of the ceremony banner: the two party bodies side by
    side, the ceremony's name in one cell across both."""
    need_shared_corpus()
    [table] = ruled_on_page(PDFS / "B03_hd-btctu-hanoi-nghiep-vu_huongdan.pdf", 11)
    assert (table.rows, len(table.xs) - 1) == (2, 2)
    across = table.at(1, 0)
    assert across is table.at(1, 1) and across.text.startswith("LỄ CHUYỂN GIAO - TIẾP NHẬN")
    assert table.at(0, 0).text.startswith("TỈNH/ THÀNH UỶ") and table.at(0, 1).text.startswith("THÀNH UỶ HÀ NỘI")


def test_a_text_only_pdf_has_no_rules_to_search():
    need_shared_corpus()
    with pdfplumber.open(PDFS / "B01_qd294-tw_quydinh294.pdf") as pdf:
        for page in pdf.pages[:3]:
            assert not (page.lines or page.rects or page.curves)
            assert ruled_tables(page, page.page_number) == []
