"""Tables in .txt/.md copies keep their grid: markdown pipe tables, crawled bar-line tables,
HTML tables and column-aligned layout text all become cells with spans in the normalized text.

Fixtures are written the way the real copies are (``../shared/corpus``: text/28 and 03 are
hand-made markdown, text/04…36 and archive/ are crawls of tnt305/tai_lieu_noi_bo).
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

import nqparse
from conftest import need_shared_corpus

from nqparse.api import load
from nqparse.load.text import load_text_string
from nqparse.normalize import clean_block_text, normalize


def read(text: str):
    """The text as a loaded and normalized document."""
    src = load_text_string(text)
    return src, normalize(src)


def grid(doc, table) -> list[list[str]]:
    """Each row as the texts of the cells covering its columns ('' for an empty or missing cell)."""
    return [[doc.cell_text(c) for c in table.row(r)] for r in range(table.rows)]


def spans_point_at_cell_texts(doc) -> bool:
    """Every cell's span in the normalized text holds exactly the (cleaned) text of its blocks."""
    for table in doc.tables:
        for cell in table.cells:
            blocks = [doc.source.blocks[b] for p in cell.paragraphs for b in doc.paragraphs[p].blocks]
            if any(b.table != (table.index, cell.row, cell.col) for b in blocks):
                return False
            if doc.text[cell.start:cell.end].split() != " ".join(clean_block_text(b.text) for b in blocks).split():
                return False
    return True


# --- markdown pipe tables ------------------------------------------------------------------------

PIPE = """PHỤ LỤC I

| TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì |
|---|---|---|---|---|
| **I** | **Đến năm 2030** | | | |
| 1 | Quy mô kinh tế số | % GDP | ≥ 30 | Bộ Thông tin và Truyền thông |
| 2 | Tỉ lệ giao dịch qua tài khoản \\| ví điện tử | % | ≥ 80 | Ngân hàng Nhà nước |

Các bộ, ngành theo dõi, báo cáo hằng năm.
"""


def test_a_pipe_table_is_one_table_with_its_header_row():
    src, doc = read(PIPE)
    [table] = doc.tables
    assert (table.rows, table.cols, table.header_rows, table.guessed) == (4, 5, 1, False)
    assert grid(doc, table) == [
        ["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì"],
        ["I", "Đến năm 2030", "", "", ""],
        ["1", "Quy mô kinh tế số", "% GDP", "≥ 30", "Bộ Thông tin và Truyền thông"],
        ["2", "Tỉ lệ giao dịch qua tài khoản | ví điện tử", "%", "≥ 80", "Ngân hàng Nhà nước"],
    ]
    assert src.warnings == []


def test_pipe_cells_point_into_the_normalized_text_and_prose_stays_outside():
    src, doc = read(PIPE)
    lead = doc.tables[0].at(2, 4)
    assert doc.text[lead.start:lead.end] == "Bộ Thông tin và Truyền thông"
    assert spans_point_at_cell_texts(doc)
    prose = [doc.paragraph_text(p) for p in doc.paragraphs if p.table is None]
    assert prose == ["PHỤ LỤC I", "Các bộ, ngành theo dõi, báo cáo hằng năm."]


def test_a_bold_group_row_keeps_its_bold_and_its_empty_cells():
    src, doc = read(PIPE)
    group = doc.tables[0].at(1, 1)
    assert doc.paragraphs[group.paragraphs[0]].bold
    assert doc.tables[0].at(1, 3).empty


def test_pipe_rows_with_too_few_or_too_many_bars_are_aligned_to_the_header_with_a_warning():
    text = PIPE.replace(
        "\n\nCác bộ", "\n| 3 | Số doanh nghiệp công nghệ số | Doanh nghiệp | ≥ 5 |\n"
        "| 4 | Chỉ số đổi mới sáng tạo | Thứ bậc | ≤ 30 | Bộ Khoa học | và Công nghệ |\n"
        "| 5 | Làm chủ công nghệ chíp và vi mạch bán dẫn, trí tuệ\n\nCác bộ")
    src, doc = read(text)
    table = doc.tables[0]
    assert table.rows == 7 and table.cols == 5 and table.guessed
    rows = grid(doc, table)
    assert rows[4] == ["3", "Số doanh nghiệp công nghệ số", "Doanh nghiệp", "≥ 5", ""]
    assert rows[5] == ["4", "Chỉ số đổi mới sáng tạo", "Thứ bậc", "≤ 30", "Bộ Khoa học và Công nghệ"]
    assert rows[6] == ["5", "Làm chủ công nghệ chíp và vi mạch bán dẫn, trí tuệ", "", "", ""]
    [warning] = src.warnings
    assert "bảng 1 (dòng 3)" in warning and "dòng 10 bị cắt" in warning and "kiểm tra lại các cột" in warning


def test_a_stray_empty_cell_at_the_end_of_a_pipe_row_is_dropped_silently():
    src, doc = read(PIPE.replace("| Ngân hàng Nhà nước |", "| Ngân hàng Nhà nước | |"))
    assert grid(doc, doc.tables[0])[3][4] == "Ngân hàng Nhà nước"
    assert src.warnings == []


def test_a_file_holding_only_a_table_keeps_it():
    src, doc = read("| TT | Nhiệm vụ |\n|---|---|\n| 1 | Rà soát thủ tục |\n")
    assert grid(doc, doc.tables[0]) == [["TT", "Nhiệm vụ"], ["1", "Rà soát thủ tục"]]


def test_a_row_of_a_hundred_cells_is_no_table_but_its_text_is_kept():
    src, doc = read("| " + " | ".join(f"ô {i}" for i in range(100)) + " |\n\nHết.\n")
    assert doc.tables == []
    assert doc.text.startswith("ô 0\nô 1\n") and doc.text.endswith("ô 99\nHết.")


def test_tail_bar_rows_of_a_crawl_are_a_table():
    text = ("CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc--------------- |\n"
            "Số: 16/2025/NĐ-CP | Hà Nội, ngày 04 tháng 02 năm 2025 |\n|\n\nNGHỊ ĐỊNH\n")
    src, doc = read(text)
    [table] = doc.tables
    assert grid(doc, table)[1] == ["Số: 16/2025/NĐ-CP", "Hà Nội, ngày 04 tháng 02 năm 2025"]
    assert table.guessed


# --- crawled bar-line tables ---------------------------------------------------------------------

HEADER = """|
**ỦY BAN NHÂN DÂN
**
TỈNH BẮC NINH
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 144/KH-UBND
|
*Bắc Ninh, ngày 24
tháng 11 năm 2025*
|
"""

BODY = """**KẾ HOẠCH**

PHÁT TRIỂN KINH TẾ SỐ, XÃ HỘI SỐ TỈNH BẮC NINH GIAI ĐOẠN 2026 - 2030

**I. NHIỆM VỤ**

1. Sở Tài chính chủ trì, phối hợp với các sở, ngành tham mưu bố trí kinh phí
thực hiện Kế hoạch, hoàn thành trước ngày 31/12/2026.
"""

SIGNATURE = """|
Nơi nhận:
- VPCP, Bộ KH&CN (b/c);
- Các sở, ban, ngành;
- Báo và Phát thanh, Truyền hình tỉnh, các cơ quan báo chí đóng trên địa bàn
tỉnh;
- Lưu: VT.
|
**TM. ỦY BAN NHÂN
DÂN **
KT. CHỦ TỊCH
**PHÓ CHỦ TỊCH**
**Mai Sơn**
|
"""

ANNEX = """|
**TT**
|
**Chỉ tiêu**
|
**Chủ trì**
|
|
|
**I. Kinh
tế số**
|
|
|
1
|
Kinh tế số chiếm 45% GRDP tỉnh.
|
Sở Tài chính
|
|
2
|
Tỷ lệ doanh nghiệp có hoạt động
đổi mới sáng tạo đạt tối thiểu 40%
|
|
|
3
|
Tỷ lệ phủ sóng 5G trên địa
bàn đạt 100% dân số.
|
Sở Khoa học và Công nghệ
|
"""

CRAWL = HEADER + "\n" + BODY + "\n" + SIGNATURE + "\n\n**PHỤ LỤC**\n\n" + ANNEX


def test_the_crawled_header_is_a_two_by_two_table_of_cells():
    src, doc = read(CRAWL)
    header = doc.tables[0]
    assert (header.rows, header.cols, header.guessed) == (2, 2, True)
    assert grid(doc, header) == [
        ["ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"],
        ["Số: 144/KH-UBND", "Bắc Ninh, ngày 24 tháng 11 năm 2025"],
    ]
    assert src.warnings == []


def test_a_cell_keeps_the_paragraphs_the_crawl_broke_and_joins_its_wrapped_lines():
    src, doc = read(CRAWL)
    issuer = doc.tables[0].at(0, 0)
    assert [doc.paragraph_text(doc.paragraphs[p]) for p in issuer.paragraphs] == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"]
    recipients = doc.tables[1].at(0, 0)
    assert [doc.paragraph_text(doc.paragraphs[p]) for p in recipients.paragraphs] == [
        "Nơi nhận:", "- VPCP, Bộ KH&CN (b/c);", "- Các sở, ban, ngành;",
        "- Báo và Phát thanh, Truyền hình tỉnh, các cơ quan báo chí đóng trên địa bàn tỉnh;", "- Lưu: VT."]
    assert all(b.source_line for b in src.blocks)


def test_metadata_is_read_from_the_crawled_header_cells():
    r = nqparse.parse(CRAWL)
    m = r.metadata
    assert (m.code, m.date, m.place, m.issuer, m.doc_type) == (
        "144/KH-UBND", "2025-11-24", "Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh", "Kế hoạch")
    assert m.signer.name == "Mai Sơn" and len(m.recipients) == 4


def test_an_annex_table_is_rebuilt_from_its_row_numbers_with_group_rows_and_empty_cells():
    src, doc = read(CRAWL)
    annex = doc.tables[2]
    assert (annex.rows, annex.cols, annex.guessed) == (5, 3, True)
    assert grid(doc, annex) == [
        ["TT", "Chỉ tiêu", "Chủ trì"],
        ["", "I. Kinh tế số", ""],
        ["1", "Kinh tế số chiếm 45% GRDP tỉnh.", "Sở Tài chính"],
        ["2", "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt tối thiểu 40%", ""],
        ["3", "Tỷ lệ phủ sóng 5G trên địa bàn đạt 100% dân số.", "Sở Khoa học và Công nghệ"],
    ]
    assert spans_point_at_cell_texts(doc)
    assert src.warnings == []


def test_the_signature_table_sits_between_body_and_annex_and_prose_is_not_in_a_table():
    src, doc = read(CRAWL)
    assert [(t.rows, t.cols) for t in doc.tables] == [(2, 2), (1, 2), (5, 3)]
    prose = [doc.paragraph_text(p) for p in doc.paragraphs if p.table is None]
    assert prose[0] == "KẾ HOẠCH" and "PHỤ LỤC" in prose
    assert any(t.startswith("1. Sở Tài chính chủ trì") for t in prose)


def test_a_page_flattened_without_blank_lines_still_separates_tables_from_the_prose():
    flat = "\n".join(line for line in CRAWL.splitlines() if line.strip())
    src, doc = read(flat)
    assert [(t.rows, t.cols) for t in doc.tables] == [(2, 2), (1, 2), (5, 3)]
    prose = [doc.paragraph_text(p) for p in doc.paragraphs if p.table is None]
    assert any("Sở Tài chính chủ trì" in t for t in prose)          # the body is not a cell
    assert any(t.startswith("PHỤ LỤC") for t in prose)               # nor the annex title
    assert grid(doc, doc.tables[2])[4][2] == "Sở Khoa học và Công nghệ"


def crawl_table(rows: list[list[str]]) -> str:
    """Rows of cells written the way the crawls flatten an HTML table: a bar line between cells,
    two bars between rows, nothing between the bars of an empty cell."""
    return "|\n" + "|\n".join("".join((f"{c}\n" if c else "") + "|\n" for c in row) for row in rows)


MERGED_HEADER = """|
**TT**
|
**Tiêu chí**
|
**Điểm tối đa**
|
**Kết quả đánh giá**
|
|
**Tự chấm**
|
**Quản lý đánh giá**
|
|
*(1)*
|
*(2)*
|
*(3)*
|
*(4)*
|
*(5)*
|
|
**I**
|
**TIÊU CHÍ CHUNG**
|
|
1
|
Chính trị tư tưởng
|
5
|
|
|
|
2
|
Đạo đức, lối sống
|
5
|
4
|
|
"""


def test_a_header_cell_over_two_rows_and_one_over_sub_columns_are_rebuilt():
    src, doc = read(MERGED_HEADER)
    [table] = doc.tables
    assert (table.rows, table.cols) == (6, 5)
    top = {doc.cell_text(c): (c.row, c.col, c.rowspan, c.colspan) for c in table.cells if c.row < 2}
    assert top == {"TT": (0, 0, 2, 1), "Tiêu chí": (0, 1, 2, 1), "Điểm tối đa": (0, 2, 2, 1),
                   "Kết quả đánh giá": (0, 3, 1, 2), "Tự chấm": (1, 3, 1, 1), "Quản lý đánh giá": (1, 4, 1, 1)}
    rows = grid(doc, table)
    assert rows[2] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert rows[3] == ["I", "TIÊU CHÍ CHUNG", "TIÊU CHÍ CHUNG", "TIÊU CHÍ CHUNG", "TIÊU CHÍ CHUNG"]
    assert rows[5] == ["2", "Đạo đức, lối sống", "5", "4", ""]
    assert src.warnings == []


def test_sub_rows_between_row_numbers_do_not_widen_the_table():
    cells = [["**TT**", "**Chỉ tiêu**", "**ĐVT**", "**GIAI ĐOẠN 2026 - 2030**"], ["**Năm 2026**", "**Năm 2030**"],
             ["**I**", "**CÂY CÔNG NGHIỆP**", "", "", ""],
             ["**1**", "**Cà phê**", "", "", ""],
             ["-", "Diện tích", "Ha", "27.000", "30.000"], ["-", "Sản lượng", "Tấn", "39.800", "54.468"],
             ["**2**", "**Chè**", "", "", ""],
             ["-", "Diện tích", "Ha", "6.500", "8.000"], ["-", "Sản lượng", "Tấn", "64.213", "90.000"]]
    src, doc = read(crawl_table(cells))
    [table] = doc.tables
    assert (table.rows, table.cols) == (9, 5)
    rows = grid(doc, table)
    assert rows[1] == ["TT", "Chỉ tiêu", "ĐVT", "Năm 2026", "Năm 2030"]
    assert rows[0][3:] == ["GIAI ĐOẠN 2026 - 2030"] * 2
    assert rows[4] == ["-", "Diện tích", "Ha", "27.000", "30.000"]
    assert rows[6][:2] == ["2", "Chè"]


def test_a_row_with_fewer_cells_continues_the_cells_above_it():
    text = "\n".join(["|", "**STT**", "|", "**Tên thủ tục**", "|", "**Lĩnh vực**", "|", "**Cơ quan thực hiện**", "|",
                      "|", "1", "|", "Cấp giấy phép", "|", "Đấu thầu", "|", "Sở Tài chính", "|",
                      "|", "2", "|", "Gia hạn giấy phép", "|",
                      "|", "3", "|", "Cấp chứng chỉ", "|", "Xây dựng", "|", "Sở Xây dựng", "|", ""])
    src, doc = read(text)
    table = doc.tables[0]
    assert grid(doc, table)[2] == ["2", "Gia hạn giấy phép", "Đấu thầu", "Sở Tài chính"]
    assert table.at(2, 3) is table.at(1, 3) and table.at(1, 3).rowspan == 2
    assert grid(doc, table)[3] == ["3", "Cấp chứng chỉ", "Xây dựng", "Sở Xây dựng"]


def test_a_footnote_after_a_table_whose_last_rows_are_merged_is_prose_not_a_cell():
    text = "\n".join(["|", "**STT**", "|", "**Tên thủ tục**", "|", "**Lĩnh vực**", "|", "**Cơ quan thực hiện**", "|",
                      "|", "1", "|", "Cấp giấy phép", "|", "Đấu thầu", "|", "Sở Tài chính", "|",
                      "|", "2", "|", "Gia hạn giấy phép", "|",
                      "|", "3", "|", "Thu hồi giấy phép", "|",
                      "[1] Bắc Ninh hiện có 02 đơn vị được cấp phép.", "|", ""])
    src, doc = read(text)
    [table] = doc.tables
    assert grid(doc, table)[3] == ["3", "Thu hồi giấy phép", "Đấu thầu", "Sở Tài chính"]
    assert table.at(1, 3).rowspan == 3
    assert [doc.paragraph_text(p) for p in doc.paragraphs if p.table is None] == [
        "[1] Bắc Ninh hiện có 02 đơn vị được cấp phép."]


def test_junk_where_the_crawl_cut_a_table_is_a_row_of_its_own_and_reported():
    cut = ANNEX.replace("40%\n|\n|\n|\n3\n|", "40%\n|\nSở Công Thương\n|\n…...............\n|\n3\n|")
    src, doc = read(cut)
    rows = grid(doc, doc.tables[0])
    assert rows[3] == ["2", "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt tối thiểu 40%", "Sở Công Thương"]
    assert rows[4] == ["…..............."] * 3
    assert rows[5] == ["3", "Tỷ lệ phủ sóng 5G trên địa bàn đạt 100% dân số.", "Sở Khoa học và Công nghệ"]
    [warning] = src.warnings
    assert "dòng lạc" in warning and "kiểm tra lại các cột" in warning


# --- HTML tables ---------------------------------------------------------------------------------

HTML = """<div align="center">PHỤ LỤC</div>
<table border="1">
<tr><td rowspan="2"><strong>TT</strong></td><td rowspan="2"><strong>Nhiệm vụ</strong></td>
<td colspan="2"><strong>Thời gian</strong></td></tr>
<tr><td>Bắt đầu</td><td>Kết thúc</td></tr>
<tr><td>1</td><td>Rà soát thủ tục hành chính<br>nội bộ &amp; công khai</td><td>2025</td><td>2026</td></tr>
</table>
<p>Các sở, ngành thực hiện.</p>
"""


def test_an_html_table_keeps_rowspan_and_colspan():
    src, doc = read(HTML)
    [table] = doc.tables
    assert (table.rows, table.cols) == (3, 4)
    spans = {doc.cell_text(c): (c.row, c.col, c.rowspan, c.colspan) for c in table.cells}
    assert spans["TT"] == (0, 0, 2, 1) and spans["Thời gian"] == (0, 2, 1, 2) and spans["Kết thúc"] == (1, 3, 1, 1)
    assert grid(doc, table)[2] == ["1", "Rà soát thủ tục hành chính nội bộ & công khai", "2025", "2026"]
    assert doc.paragraphs[table.at(0, 0).paragraphs[0]].bold
    assert [doc.paragraph_text(p) for p in doc.paragraphs if p.table is None] == ["PHỤ LỤC", "Các sở, ngành thực hiện."]


def test_an_html_table_never_closed_stays_text():
    src, doc = read("<table><tr><td>Sở Nội vụ</td>\nchủ trì thực hiện.\n")
    assert doc.tables == [] and "Sở Nội vụ" in doc.text


# --- column-aligned layout text ------------------------------------------------------------------

LAYOUT = """PHỤ LỤC

TT                    Nhiệm vụ           Cơ quan chủ trì   Thời gian
1                     Xây dựng kế        Sở Khoa học và    Quý I/2026
                      hoạch chuyển       Công nghệ
                      đổi số của tỉnh
2                     Rà soát thủ tục    Văn phòng         Hằng năm
                      hành chính         UBND tỉnh
3                     Tổ chức tập        Sở Nội vụ         Trước 30/6/2026
                      huấn kỹ năng số

Nơi nhận: như trên.
"""


def test_column_aligned_text_becomes_a_table_whose_wrapped_cells_are_joined():
    src, doc = read(LAYOUT)
    [table] = doc.tables
    assert table.guessed and (table.rows, table.cols) == (4, 4)
    assert grid(doc, table) == [
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
        ["1", "Xây dựng kế hoạch chuyển đổi số của tỉnh", "Sở Khoa học và Công nghệ", "Quý I/2026"],
        ["2", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Hằng năm"],
        ["3", "Tổ chức tập huấn kỹ năng số", "Sở Nội vụ", "Trước 30/6/2026"],
    ]
    assert spans_point_at_cell_texts(doc)


def test_a_markdown_numbered_list_with_two_spaces_is_not_a_layout_table():
    text = ("**III. TỔ CHỨC THỰC HIỆN**\n\n"
            "1.  Các thành viên Đảng đoàn có trách nhiệm lãnh đạo, chỉ đạo triển khai Kế hoạch.\n"
            "2.  Ủy ban Thường vụ Quốc hội phối hợp tổ chức thực hiện có hiệu quả.\n"
            "3.  Định kỳ, Thường trực Ủy ban tổng hợp, báo cáo kết quả thực hiện.\n")
    assert read(text)[1].tables == []


def test_a_word_table_printed_by_pdftotext_layout_reads_as_a_table(tmp_path):
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("LibreOffice (soffice) and pdftotext are needed to print a .docx table as layout text")
    from docx import Document

    rows = [("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"),
            ("1", "Xây dựng kế hoạch chuyển đổi số của tỉnh giai đoạn 2026 - 2030", "Sở Khoa học và Công nghệ", "Quý I/2026"),
            ("2", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Hằng năm")]
    d = Document()
    d.add_paragraph("PHỤ LỤC")
    table = d.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph("Nơi nhận: như trên.")
    d.save(tmp_path / "bang.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "bang.docx")],
                   check=True, capture_output=True, timeout=180)
    layout = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bang.pdf"), "-"], check=True,
                            capture_output=True, text=True).stdout
    src, doc = read(layout)
    [table] = doc.tables
    assert [" ".join(r[:2]) for r in grid(doc, table)] == [
        "TT Nhiệm vụ", "1 Xây dựng kế hoạch chuyển đổi số của tỉnh giai đoạn 2026 - 2030", "2 Rà soát thủ tục hành chính"]
    assert grid(doc, table)[1][2] == "Sở Khoa học và Công nghệ"


# --- real documents ------------------------------------------------------------------------------

def corpus_doc(name: str):
    path = need_shared_corpus() / name
    return read(path.read_text(encoding="utf-8"))


def test_text_28_annex_tables_keep_their_rows_group_rows_and_leads():
    src, doc = corpus_doc("text/28_nq03-cp-ctr-hanh-dong-nq57.txt")
    targets, tasks = doc.tables
    assert (targets.rows, targets.cols, tasks.cols) == (60, 5, 6)
    assert tasks.rows == 151
    assert grid(doc, targets)[1][:2] == ["I", "Đến năm 2030"]
    assert ["II", "Đến năm 2045"] in [row[:2] for row in grid(doc, targets)]
    first_task = grid(doc, tasks)[2]
    assert first_task[0] == "1." and first_task[1].startswith("Xây dựng, trình Thủ tướng Chính phủ ban hành")
    assert first_task[2] == "Bộ Thông tin và Truyền thông"
    assert src.warnings == []


def test_text_18_annex_has_its_group_rows_and_one_lead_per_target():
    src, doc = corpus_doc("text/18_kh144-ubnd-bacninh-kinh-te-so-07-kh-tu.txt")
    header, signature, annex = doc.tables
    assert grid(doc, header)[1][0] == "Số: 144/KH-UBND"
    assert (annex.rows, annex.cols) == (22, 3)
    rows = grid(doc, annex)
    assert rows[0] == ["TT", "Chỉ tiêu", "Chủ trì"]
    assert rows[1] == ["", "I. Kinh tế số", ""] and rows[8] == ["", "II. Xã hội số", ""]
    assert rows[2] == ["1", "Kinh tế số chiếm 45% GRDP tỉnh.", "Sở Tài chính"]
    assert all(row[2] for row in rows if row[0])
    assert src.warnings == []


def test_every_text_and_archive_copy_still_loads_with_consistent_tables():
    corpus = need_shared_corpus()
    files = sorted((corpus / "text").glob("*.txt")) + sorted((corpus / "archive").glob("*.md"))
    assert len(files) > 250
    tables = 0
    for n, path in enumerate(files):
        src = load(path)
        tables += len(src.tables)
        assert all(b.source_line for b in src.blocks), path.name
        for t in src.tables:
            assert all(0 <= c.row < t.rows and 0 <= c.col and c.col + c.colspan <= t.cols for c in t.cells), path.name
        if n % 4 == 0 or "/text/" in path.as_posix():        # spans: a sample, to keep the test fast
            assert spans_point_at_cell_texts(normalize(src)), path.name
    assert tables > 1000
