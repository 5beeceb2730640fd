"""Blocks a page break cuts read as one (issue 12, item 3).

Office documents printed to PDF by LibreOffice, their page breaks put where the cases need them
(Times New Roman 14 on an exact 20 pt line, so the lines fall the same on every run):

* the Nơi nhận | signature table broken at the foot of a page — the signer's name alone at the
  top of the next page, or with the last Nơi nhận items, or the table cut after its first line
  ("Nơi nhận:   T/M ĐẢNG ỦY"): one two-column region, its columns going on over the page, so the
  metadata gets the signer and every recipient;
* a ruled table's row broken by the page end, in a table without a TT column (the cells go on in
  lower case) and in a two-page document whose running footer stands under the table;
* a paragraph going on over the page under a two-page document's running footer.

Each document's layout is checked first: if another LibreOffice breaks its pages elsewhere, the
test is skipped with the reason.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

import nqparse
from nqparse.load import load_path
from officedoc import borderless

FOOTER = "Nghị quyết số 07-NQ/ĐU"
PARTY = ["T/M ĐẢNG ỦY", "BÍ THƯ", "", "", "", "Nguyễn Văn Tám"]
STATE = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "Trần Chí Hùng"]
ITEMS = ["- Ban Thường vụ Huyện ủy (b/c),", "- Thường trực HĐND, UBND xã,", "- Các chi bộ trực thuộc,",
         "- Các đồng chí đảng ủy viên,", "- Mặt trận Tổ quốc xã,", "- Các đoàn thể chính trị - xã hội,",
         "- Lưu Văn phòng Đảng ủy."]
TASKS = [
    ("1", "Tổ chức quán triệt, triển khai thực hiện Nghị quyết đến toàn thể cán bộ, đảng viên và nhân dân "
          "trên địa bàn xã.", "Ban Tuyên giáo", "Quý I/2026"),
    ("2", "Xây dựng kế hoạch phát triển vùng sản xuất lúa chất lượng cao gắn với tiêu thụ sản phẩm cho nông "
          "dân.", "UBND xã", "Quý II/2026"),
    ("3", "Rà soát, bổ sung quy hoạch sử dụng đất nông nghiệp; hỗ trợ nông dân chuyển đổi cơ cấu cây trồng, "
          "vật nuôi phù hợp với điều kiện thổ nhưỡng, khí hậu của địa phương; khuyến khích thành lập hợp tác xã "
          "kiểu mới, liên kết sản xuất theo chuỗi giá trị; đẩy mạnh ứng dụng khoa học kỹ thuật vào sản xuất, "
          "bảo quản và chế biến nông sản.", "UBND xã", "Năm 2026"),
    ("4", "Kiểm tra, giám sát việc thực hiện Nghị quyết; sơ kết, đánh giá kết quả và báo cáo Ban Thường vụ "
          "Huyện ủy.", "Ủy ban Kiểm tra Đảng ủy", "Tháng 12/2026"),
]
LONG = ("Đảng ủy xã yêu cầu các chi bộ trực thuộc tập trung lãnh đạo, chỉ đạo thực hiện tốt các nhiệm vụ "
        "phát triển kinh tế nông nghiệp theo hướng hàng hóa, ứng dụng công nghệ cao, gắn với xây dựng nông thôn "
        "mới kiểu mẫu, bảo vệ môi trường sinh thái và nâng cao đời sống vật chất, tinh thần của nhân dân trên "
        "địa bàn xã, phấn đấu hoàn thành toàn diện các chỉ tiêu Nghị quyết Đại hội Đảng bộ xã đề ra cho năm 2026.")


# --- the documents ---------------------------------------------------------------------------

class Office:
    """A Party resolution typed the usual way, on lines of exactly 20 pt."""

    def __init__(self, footer: str | None = None):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = "Times New Roman", Pt(14)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(20)
        fmt.widow_control = False
        page = section.footer.paragraphs[0]
        page.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if footer:
            page.add_run(f"{footer} - trang ")
        page._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        self.columns([("ĐẢNG BỘ HUYỆN TÂN LAM", "c"), ("ĐẢNG ỦY XÃ TÂN LAM", "cb"), ("*", "c"), ("Số 07-NQ/ĐU", "c")],
                     [("ĐẢNG CỘNG SẢN VIỆT NAM", "cb"), ("", ""), ("Tân Lam, ngày 15 tháng 3 năm 2026", "ci")], (7.0, 9.0))
        self.paragraph("")
        self.paragraph("NGHỊ QUYẾT", "cb")
        self.paragraph("về phát triển kinh tế nông nghiệp năm 2026", "cb")

    def paragraph(self, text: str, style: str = "j", container=None):
        para = (container or self.doc).add_paragraph()
        run = para.add_run(text)
        run.bold, run.italic = "b" in style, "i" in style
        if "s" in style:
            run.font.size = Pt(12)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if "c" in style else WD_ALIGN_PARAGRAPH.JUSTIFY
        if "j" in style:
            para.paragraph_format.first_line_indent = Cm(1)
        return para

    def body(self, first: int, count: int) -> None:
        for k in range(first, first + count):
            self.paragraph(f"{k}. Nhiệm vụ số {k} của Đảng ủy xã trong năm.")

    def columns(self, left, right, widths=(8.0, 8.0)) -> None:
        """A borderless two-column table (the header, the closing)."""
        table = self.doc.add_table(rows=1, cols=2)
        borderless(table)
        table.autofit = False
        for c, (lines, width) in enumerate(zip((left, right), widths)):
            cell = table.cell(0, c)
            cell.width = Cm(width)
            for k, (text, style) in enumerate(lines):
                para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                run = para.add_run(text)
                run.bold, run.italic = "b" in style, "i" in style
                if "s" in style:
                    run.font.size = Pt(12)
                if "c" in style:
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def closing(self, items: list[str], signature: list[str]) -> None:
        self.columns([("Nơi nhận:", "bi")] + [(item, "s") for item in items],
                     [(line, "cb" if line else "") for line in signature])

    def grid(self, rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> None:
        """A ruled table, its first row the header."""
        table = self.doc.add_table(rows=len(rows), cols=len(widths))
        table.style = "Table Grid"
        table.autofit = False
        for c, width in enumerate(widths):
            table.columns[c].width = Cm(width)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.width = Cm(widths[c])
                para = cell.paragraphs[0]
                para.add_run(text).bold = r == 0
                wide = widths[c] == max(widths)
                para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if wide and r else WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph("")

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def name_alone() -> bytes:
    doc = Office()
    doc.body(1, 24)
    doc.closing([ITEMS[0], ITEMS[2], ITEMS[3], ITEMS[6]], PARTY)
    return doc.save()


def items_and_name(signature: list[str], footer: str | None) -> bytes:
    doc = Office(footer)
    doc.body(1, 26 if footer else 27)
    doc.closing(ITEMS if footer else [ITEMS[0], ITEMS[1], ITEMS[6]], signature)
    return doc.save()


def cut_after_first_line() -> bytes:
    doc = Office()
    doc.body(1, 28)
    doc.closing([ITEMS[0], ITEMS[2], ITEMS[3], ITEMS[6]], PARTY)
    return doc.save()


def table_without_numbers() -> bytes:
    doc = Office()
    doc.body(1, 22)
    doc.grid([("Nhiệm vụ", "Cơ quan chủ trì", "Thời gian")] + [task[1:] for task in TASKS], (10.0, 4.0, 2.0))
    doc.closing([ITEMS[2], ITEMS[6]], ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Tám"])
    return doc.save()


def table_under_a_footer() -> bytes:
    doc = Office(FOOTER)
    doc.body(1, 22)
    doc.grid([("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian")] + TASKS, (1.2, 8.8, 4.0, 2.0))
    doc.closing([ITEMS[2], ITEMS[6]], ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Tám"])
    return doc.save()


def paragraph_under_a_footer() -> bytes:
    doc = Office(FOOTER)
    doc.body(1, 24)
    doc.paragraph(LONG)
    doc.body(25, 2)
    doc.closing([ITEMS[2], ITEMS[6]], ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Tám"])
    return doc.save()


DOCUMENTS = {
    "name-alone": (name_alone, {"BÍ THƯ": 1, "Nguyễn Văn Tám": 2}),
    "items-and-name": (lambda: items_and_name(PARTY, FOOTER),
                       {"T/M ĐẢNG ỦY": 1, "BÍ THƯ": 1, "- Các chi bộ trực thuộc,": 2, "Nguyễn Văn Tám": 2}),
    "state-title-cut": (lambda: items_and_name(STATE, None),
                        {"KT. CHỦ TỊCH": 1, "PHÓ CHỦ TỊCH": 2, "- Thường trực HĐND, UBND xã,": 2}),
    "cut-after-first-line": (cut_after_first_line, {"Nơi nhận:": 1, "T/M ĐẢNG ỦY": 1, "BÍ THƯ": 2}),
    "table-without-numbers": (table_without_numbers, {"tiêu thụ sản phẩm cho": 1, "nông dân.": 2}),
    "table-under-a-footer": (table_under_a_footer, {"gắn với tiêu thụ": 1, "sản phẩm cho nông dân.": 2}),
    "paragraph-under-a-footer": (paragraph_under_a_footer, {"Đảng ủy xã yêu cầu": 1, "cho năm 2026.": 2}),
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """Every document printed to PDF by LibreOffice in one run."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot print the test documents to PDF "
                    "(Debian: apt-get install libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("across-pages")
    sources = []
    for stem, (build, _) in DOCUMENTS.items():
        sources.append(folder / f"{stem}.docx")
        sources[-1].write_bytes(build())
    subprocess.run([command, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources)],
                   check=True, capture_output=True, timeout=240, env={"HOME": str(folder), "PATH": "/usr/bin:/bin"})
    return {stem: folder / f"{stem}.pdf" for stem in DOCUMENTS}


def laid_out(printed: dict[str, Path], stem: str) -> Path:
    """The printed document, once its pages are seen to break where the case needs them."""
    import pypdfium2

    path = printed[stem]
    with pypdfium2.PdfDocument(path) as pdf:
        texts = [page.get_textpage().get_text_range() for page in pdf]
    for text, page in DOCUMENTS[stem][1].items():
        found = [k + 1 for k, t in enumerate(texts) if text in t]
        if found != [page]:
            pytest.skip(f"{stem}: LibreOffice put {text!r} on page(s) {found}, the case needs page {page} "
                        "(another version lays the lines out differently)")
    return path


def closing_columns(doc) -> tuple[list[str], list[str]]:
    """The texts of the two cells of the region that holds "Nơi nhận", in reading order."""
    start = next(b for b in doc.blocks if b.text.startswith("Nơi nhận"))
    assert start.table is not None, "Nơi nhận is not in a two-column region"
    region = start.table[0]
    cells = [b for b in doc.blocks if b.table is not None and b.table[0] == region]
    left = [b.text for b in cells if b.table[2] == 0]
    right = [b.text for b in cells if b.table[2] == 1]
    assert [b.text for b in cells] == left + right       # read column by column
    return left, right


def recipients(resolution) -> list[str]:
    return [r.name for r in resolution.metadata.recipients]


# --- the closing -------------------------------------------------------------------------------

def test_a_signers_name_alone_at_the_top_of_the_next_page_stays_under_the_title(printed):
    path = laid_out(printed, "name-alone")
    left, right = closing_columns(load_path(path))
    assert left == ["Nơi nhận:", ITEMS[0], ITEMS[2], ITEMS[3], ITEMS[6]]
    assert right == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Tám"]
    signer = nqparse.parse(path).metadata.signer
    assert (signer.authority, signer.title, signer.name) == ("T/M Đảng ủy", "Bí thư", "Nguyễn Văn Tám")


def test_nơi_nhận_items_and_the_name_going_on_over_the_page_under_a_footer_are_one_closing(printed):
    path = laid_out(printed, "items-and-name")
    doc = load_path(path)
    left, right = closing_columns(doc)
    assert left == ["Nơi nhận:"] + ITEMS
    assert right == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Tám"]
    assert not [b.text for b in doc.blocks if FOOTER in b.text]        # the two pages' running footer
    resolution = nqparse.parse(path)
    assert resolution.metadata.signer.name == "Nguyễn Văn Tám"
    assert recipients(resolution) == ["Ban Thường vụ Huyện ủy", "Thường trực HĐND, UBND xã", "Các chi bộ trực thuộc",
                                      "Các đồng chí đảng ủy viên", "Mặt trận Tổ quốc xã",
                                      "Các đoàn thể chính trị - xã hội", "Văn phòng Đảng ủy"]


def test_a_state_signature_cut_between_its_two_titles_is_one_block(printed):
    path = laid_out(printed, "state-title-cut")
    left, right = closing_columns(load_path(path))
    assert left == ["Nơi nhận:", ITEMS[0], ITEMS[1], ITEMS[6]]
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Chí Hùng"]
    resolution = nqparse.parse(path)
    signer = resolution.metadata.signer
    assert (signer.title, signer.name) == ("Phó Chủ tịch", "Trần Chí Hùng")
    assert recipients(resolution) == ["Ban Thường vụ Huyện ủy", "Thường trực HĐND, UBND xã", "Văn phòng Đảng ủy"]


def test_a_closing_cut_after_its_first_line_is_parted_into_its_columns(printed):
    """Page 1 ends with the one line "Nơi nhận:   T/M ĐẢNG ỦY"; the rest is on page 2."""
    path = laid_out(printed, "cut-after-first-line")
    left, right = closing_columns(load_path(path))
    assert left == ["Nơi nhận:", ITEMS[0], ITEMS[2], ITEMS[3], ITEMS[6]]
    assert right == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Tám"]


# --- ruled tables ------------------------------------------------------------------------------

def task_table(doc):
    [table] = [t for t in doc.tables if t.ruled]
    return table, {(c.row, c.col): " ".join(doc.blocks[k].text for k in c.blocks) for c in table.cells}


def test_a_row_of_a_table_without_numbers_going_on_over_the_page_is_one_row(printed):
    table, cells = task_table(load_path(laid_out(printed, "table-without-numbers")))
    assert table.rows == 5
    assert [cells[(r, 0)] for r in range(1, 5)] == [task[1] for task in TASKS]
    assert [cells[(r, 2)] for r in range(1, 5)] == [task[3] for task in TASKS]


def test_a_table_going_on_over_the_page_under_a_two_page_footer_is_one_table(printed):
    table, cells = task_table(load_path(laid_out(printed, "table-under-a-footer")))
    assert table.rows == 5
    assert [cells[(r, 0)] for r in range(1, 5)] == ["1", "2", "3", "4"]
    assert [cells[(r, 1)] for r in range(1, 5)] == [task[1] for task in TASKS]


# --- running text ------------------------------------------------------------------------------

def test_a_paragraph_going_on_over_the_page_under_a_two_page_footer_is_one_paragraph(printed):
    doc = load_path(laid_out(printed, "paragraph-under-a-footer"))
    assert not [b.text for b in doc.blocks if FOOTER in b.text]
    first = next(k for k, b in enumerate(doc.blocks) if b.text.startswith("Đảng ủy xã yêu cầu"))
    on_next = next(k for k in range(first, len(doc.blocks)) if doc.blocks[k].page == 2)
    assert doc.blocks[on_next - 1].hard_wrapped and not doc.blocks[on_next].blank_before
    paragraph = [doc.blocks[first].text]
    for block in doc.blocks[first + 1:]:
        if block.blank_before:
            break
        paragraph.append(block.text)
    assert " ".join(paragraph) == LONG


# --- the rules behind, on made-up pages ----------------------------------------------------------

def made_up(number: int, texts: list[tuple[float, str]]):
    from nqparse.load.pdf import Line, Word

    return [Line([Word(t, 85, 85 + 6 * len(t), top, top + 12, 12.0, "Times")], number) for top, t in texts]


def test_a_two_page_running_footer_is_dropped_only_where_it_ends_both_pages():
    from nqparse.load.pdf import drop_running_heads

    pages = [made_up(n, [(100, f"Nội dung {n}"), (790, f"Số 07-NQ/ĐU - trang {n}")]) for n in (1, 2)]
    assert [[ln.text for ln in page] for page in drop_running_heads(pages, [842.0, 842.0])] == \
        [["Nội dung 1"], ["Nội dung 2"]]
    # the same words at the foot of both pages, but text goes on below them on one page: not a footer
    page1 = [(100, "Nội dung"), (120, "tiếp"), (140, "theo"), (775, "- Lưu VT."), (788, "a"), (800, "b")]
    pages = [made_up(1, page1), made_up(2, [(100, "Nội dung"), (775, "- Lưu VT.")])]
    assert [ln.text for ln in drop_running_heads(pages, [842.0, 842.0])[0]] == [t for _, t in page1]


def test_the_header_of_a_document_that_follows_a_closing_is_not_pulled_into_it():
    """A file of two documents: the first ends its page with its closing, the second opens the
    next page with its own two-column header, on the same gutter."""
    from nqparse.load.pdf import Line, Word, regions_across_pages

    def cell(page: int, region: int, col: int, top: float, text: str) -> Line:
        x0 = 85 if col == 0 else 330
        return Line([Word(text, x0, x0 + 6 * len(text), top, top + 13, 13.0, "Times")], page, (region, 0, col))

    first = [cell(1, 0, 0, 700, "Nơi nhận:"), cell(1, 0, 0, 716, "- Như trên;"), cell(1, 0, 0, 732, "- Lưu: VT."),
             cell(1, 0, 1, 700, "TM. ỦY BAN NHÂN DÂN"), cell(1, 0, 1, 716, "CHỦ TỊCH")]
    second = [cell(2, 1, 0, 60, "UBND TỈNH LÀO CAI"), cell(2, 1, 1, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
              cell(2, 1, 1, 76, "Độc lập - Tự do - Hạnh phúc")]
    pages = regions_across_pages([first, second], {0: (300.0, 325.0), 1: (300.0, 325.0)}, [[], []], [595.0, 595.0])
    assert [[ln.text for ln in page] for page in pages] == [[ln.text for ln in first], [ln.text for ln in second]]
    assert {ln.cell[0] for ln in pages[1]} == {1}
