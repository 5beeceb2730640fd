"""A provincial Kế hoạch whose 27 tasks are assigned in an annex table, as an office types it.

:func:`build_annex_plan` writes, with python-docx, what a văn thư of a UBND tỉnh produces in Word:

* portrait A4, Times New Roman 13 pt; the header in a borderless two-column table
  (ỦY BAN NHÂN DÂN / TỈNH PHÚ THỌ | CỘNG HÒA … / Độc lập …; Số: 215/KH-UBND | Phú Thọ, ngày …);
* the title, a short body "I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ" (which points to the annex),
  "III. TỔ CHỨC THỰC HIỆN", and the signature block in a second borderless table;
* a landscape section "PHỤ LỤC" with a ruled table
  ``TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm``:
  its header row is marked to repeat on every page (``w:tblHeader``), four group rows
  ("I. HOÀN THIỆN THỂ CHẾ …") are merged across all columns, 27 numbered task rows follow;
  the lead of tasks 7–10 is written once in a cell merged down over the four rows (``vMerge``)
  and the partners of tasks 16–17 once in a cell merged over two rows.

It returns the bytes and, as data, the tasks a reader finds there (:class:`AnnexTask`: the
first words of the task cell as ``quote``, lead and partners as lists of names as written,
deadline, due date, product), so a test can score the parser against the document with
:meth:`AnnexPlan.gold` (the format of ``nqparse.evaluate.tasks``).

:func:`annex_plan_pdf` prints the same document to PDF with LibreOffice (skipping the calling
test when LibreOffice is absent); the PDF's annex table runs over several pages, repeating its
header row, with rows broken across page ends.
"""
from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from officedoc import FIXED_TIME, Writer, borderless, stable_zip

FONT, SIZE = "Times New Roman", 13
QUOTE_WORDS = 8
COLUMNS = ("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm")
WIDTHS_CM = (1.2, 9.0, 4.0, 4.5, 3.0, 4.0)           # 25.7 cm: landscape A4 less 2 cm margins
LEAD_MERGED = range(7, 11)                          # tasks whose lead is one cell merged down
PARTNERS_MERGED = range(16, 18)                     # tasks whose partners are one merged cell
SKHCN, VP, CA, XA, NGANH = ("Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Công an tỉnh",
                            "UBND các xã, phường", "Các sở, ban, ngành")
DUE = {"Quý II/2026": "2026-06-30", "Quý III/2026": "2026-09-30", "Quý IV/2026": "2026-12-31",
       "Trước ngày 31/3/2026": "2026-03-31", "Trước ngày 30/6/2026": "2026-06-30",
       "Trước ngày 31/10/2026": "2026-10-31", "Trước ngày 15/12/2026": "2026-12-15",
       "Tháng 9/2026": "2026-09-30", "Năm 2026": "2026-12-31", "Thường xuyên": None}


@dataclass(frozen=True)
class AnnexTask:
    number: int
    group: str                 # the group row it stands under: "I", "II" …
    text: str
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    deadline: str
    product: str

    @property
    def quote(self) -> str:
        """The distinctive first words of the task cell."""
        return " ".join(self.text.split()[:QUOTE_WORDS])

    @property
    def due(self) -> Optional[str]:
        return DUE[self.deadline]

    def gold(self) -> dict:
        return {"quote": self.quote, "lead": list(self.lead), "partners": list(self.partners),
                "deadline": self.deadline, "due": self.due, "product": self.product}


def task(number: int, group: str, text: str, lead: str, partners: str, deadline: str, product: str) -> AnnexTask:
    """One row: several lead or partner names are written separated by "; " in their cell."""
    return AnnexTask(number, group, text, tuple(lead.split("; ")), tuple(partners.split("; ")), deadline, product)


GROUPS = {
    "I": "HOÀN THIỆN THỂ CHẾ, CƠ CHẾ, CHÍNH SÁCH",
    "II": "PHÁT TRIỂN HẠ TẦNG SỐ VÀ DỮ LIỆU SỐ",
    "III": "PHÁT TRIỂN CHÍNH QUYỀN SỐ, NÂNG CAO CHẤT LƯỢNG DỊCH VỤ CÔNG TRỰC TUYẾN",
    "IV": "PHÁT TRIỂN KINH TẾ SỐ, XÃ HỘI SỐ VÀ BẢO ĐẢM AN TOÀN THÔNG TIN MẠNG",
}

TASKS = [
    task(1, "I", "Rà soát, sửa đổi, bổ sung Quy chế quản lý, vận hành, khai thác Hệ thống thông tin giải "
         "quyết thủ tục hành chính tỉnh phù hợp với quy định mới của Chính phủ", VP,
         f"{SKHCN}; Sở Tư pháp", "Quý II/2026", "Quyết định của UBND tỉnh"),
    task(2, "I", "Xây dựng, trình HĐND tỉnh ban hành Nghị quyết quy định chính sách hỗ trợ chuyển đổi số cho "
         "doanh nghiệp nhỏ và vừa, hợp tác xã trên địa bàn tỉnh giai đoạn 2026 - 2030", SKHCN,
         "Sở Tài chính; Sở Tư pháp", "Tháng 9/2026", "Nghị quyết của HĐND tỉnh"),
    task(3, "I", "Ban hành Kế hoạch triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác "
         "thực điện tử (Đề án 06) năm 2026 trên địa bàn tỉnh", CA, f"{NGANH}; {XA}",
         "Trước ngày 31/3/2026", "Kế hoạch của UBND tỉnh"),
    task(4, "I", "Xây dựng Quy chế bảo đảm an toàn thông tin mạng trong hoạt động của các cơ quan nhà nước "
         "trên địa bàn tỉnh", SKHCN, f"{CA}; Bộ Chỉ huy Quân sự tỉnh", "Quý II/2026",
         "Quyết định của UBND tỉnh"),
    task(5, "I", "Chuẩn hóa quy trình nội bộ, quy trình điện tử giải quyết thủ tục hành chính thuộc thẩm quyền "
         "của cấp tỉnh và cấp xã", VP, f"{NGANH}; {XA}", "Trước ngày 30/6/2026",
         "Quyết định phê duyệt quy trình"),
    task(6, "I", "Tham mưu bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số của tỉnh năm 2026 từ nguồn "
         "ngân sách nhà nước và các nguồn hợp pháp khác", "Sở Tài chính", SKHCN, "Năm 2026",
         "Quyết định giao dự toán"),
    task(7, "II", "Phối hợp với các doanh nghiệp viễn thông mở rộng vùng phủ sóng mạng di động 5G tại các khu "
         "công nghiệp, khu đô thị và trung tâm hành chính các xã, phường", SKHCN, XA, "Thường xuyên",
         "Hạ tầng mạng 5G được mở rộng"),
    task(8, "II", "Nâng cấp Trung tâm dữ liệu tỉnh bảo đảm năng lực lưu trữ, xử lý và an toàn thông tin "
         "cấp độ 3 theo quy định", SKHCN, "Sở Tài chính", "Quý III/2026", "Trung tâm dữ liệu được nâng cấp"),
    task(9, "II", "Xây dựng, vận hành Kho dữ liệu dùng chung của tỉnh, kết nối, chia sẻ dữ liệu với Cơ sở dữ "
         "liệu quốc gia về dân cư", SKHCN, f"{CA}; {VP}", "Tháng 9/2026", "Kho dữ liệu dùng chung"),
    task(10, "II", "Kết nối nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) với Nền tảng tích hợp, chia sẻ "
         "dữ liệu quốc gia", SKHCN, NGANH, "Quý II/2026", "Nền tảng LGSP được kết nối"),
    task(11, "II", "Số hóa, cập nhật cơ sở dữ liệu đất đai; xây dựng cơ sở dữ liệu tài nguyên và môi trường "
         "của tỉnh", "Sở Nông nghiệp và Môi trường", XA, "Năm 2026", "Cơ sở dữ liệu đất đai"),
    task(12, "II", "Xây dựng cơ sở dữ liệu hộ tịch điện tử, số hóa sổ hộ tịch đang lưu trữ tại UBND cấp xã",
         "Sở Tư pháp", XA, "Trước ngày 31/10/2026", "Cơ sở dữ liệu hộ tịch"),
    task(13, "II", "Hoàn thiện cơ sở dữ liệu ngành giáo dục, kết nối với cơ sở dữ liệu của Bộ Giáo dục và "
         "Đào tạo", "Sở Giáo dục và Đào tạo", SKHCN, "Quý IV/2026", "Cơ sở dữ liệu ngành giáo dục"),
    task(14, "III", "Cung cấp dịch vụ công trực tuyến toàn trình đối với các thủ tục hành chính đủ điều kiện, "
         "tích hợp trên Cổng Dịch vụ công quốc gia", VP, NGANH, "Thường xuyên",
         "Dịch vụ công trực tuyến toàn trình"),
    task(15, "III", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công "
         "tỉnh và Bộ phận một cửa cấp xã", "Trung tâm Phục vụ hành chính công tỉnh", XA, "Thường xuyên",
         "Hồ sơ được số hóa"),
    task(16, "III", "Vận hành Hệ thống quản lý văn bản và điều hành, bảo đảm 100% văn bản trao đổi giữa các cơ "
         "quan nhà nước dưới dạng điện tử có ký số", VP, f"{SKHCN}; {XA}", "Thường xuyên",
         "Văn bản điện tử có ký số"),
    task(17, "III", "Cấp chứng thư số chuyên dùng, chữ ký số cho cán bộ, công chức, viên chức các cơ quan, "
         "đơn vị trên địa bàn tỉnh", "Sở Nội vụ", f"{SKHCN}; {XA}", "Quý II/2026", "Chứng thư số được cấp"),
    task(18, "III", "Xây dựng Hệ thống thông tin báo cáo của tỉnh, kết nối với Hệ thống thông tin báo cáo "
         "Chính phủ", VP, SKHCN, "Tháng 9/2026", "Hệ thống thông tin báo cáo"),
    task(19, "III", "Triển khai Hệ thống quản lý hồ sơ cán bộ, công chức, viên chức; kết nối với Cơ sở dữ liệu "
         "quốc gia về cán bộ, công chức, viên chức", "Sở Nội vụ", f"{NGANH}; {XA}", "Năm 2026",
         "Cơ sở dữ liệu cán bộ, công chức"),
    task(20, "III", "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức làm công tác chuyển đổi "
         "số tại các cơ quan, đơn vị", "Sở Nội vụ", SKHCN, "Năm 2026", "Lớp bồi dưỡng được tổ chức"),
    task(21, "III", "Đánh giá, xếp hạng mức độ chuyển đổi số của các sở, ban, ngành và UBND các xã, phường "
         "năm 2026", SKHCN, "Sở Nội vụ", "Trước ngày 15/12/2026", "Quyết định công bố kết quả"),
    task(22, "IV", "Hỗ trợ doanh nghiệp nhỏ và vừa, hộ kinh doanh sử dụng các nền tảng số, sàn thương mại "
         "điện tử để tiêu thụ sản phẩm", "Sở Công Thương", f"{SKHCN}; {XA}", "Thường xuyên",
         "Doanh nghiệp, hộ kinh doanh được hỗ trợ"),
    task(23, "IV", "Đẩy mạnh thanh toán không dùng tiền mặt trong các cơ sở giáo dục, cơ sở y tế và dịch vụ "
         "công trên địa bàn tỉnh", "Sở Tài chính", "Sở Giáo dục và Đào tạo; Sở Y tế", "Năm 2026",
         "Báo cáo kết quả thực hiện"),
    task(24, "IV", "Triển khai hồ sơ sức khỏe điện tử, bệnh án điện tử tại các bệnh viện tuyến tỉnh và trạm y "
         "tế xã, phường", "Sở Y tế", CA, "Quý IV/2026", "Hồ sơ sức khỏe điện tử"),
    task(25, "IV", "Tuyên truyền, phổ biến về chuyển đổi số, kỹ năng số và an toàn trên không gian mạng cho "
         "người dân", "Sở Văn hóa, Thể thao và Du lịch", f"Báo và Phát thanh, Truyền hình Phú Thọ; {XA}",
         "Thường xuyên", "Tin, bài, phóng sự tuyên truyền"),
    task(26, "IV", "Tổ chức diễn tập thực chiến bảo đảm an toàn thông tin mạng cho các hệ thống thông tin quan "
         "trọng của tỉnh", CA, f"{SKHCN}; Bộ Chỉ huy Quân sự tỉnh", "Quý III/2026",
         "Báo cáo kết quả diễn tập"),
    task(27, "IV", "Giám sát, phát hiện, xử lý kịp thời các nguy cơ, sự cố mất an toàn thông tin mạng đối với "
         "hệ thống thông tin của cơ quan nhà nước", CA, SKHCN, "Thường xuyên", "Báo cáo định kỳ"),
]

HEADER = [
    (["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ", "Số: 215/KH-UBND"],
     ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
      "Phú Thọ, ngày 15 tháng 01 năm 2026"]),
]
TITLE = ["KẾ HOẠCH", "Chuyển đổi số, phát triển chính quyền số tỉnh Phú Thọ năm 2026"]
BODY = [
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công "
    "nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số, "
    "phát triển chính quyền số tỉnh Phú Thọ năm 2026 như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Cụ thể hóa các nhiệm vụ chuyển đổi số của tỉnh năm 2026; xác định rõ nhiệm vụ, cơ quan chủ trì, cơ quan "
    "phối hợp, thời gian hoàn thành và sản phẩm để tổ chức thực hiện, theo dõi, đánh giá.",
    "2. Yêu cầu",
    "Các nhiệm vụ được triển khai đồng bộ, bám sát chỉ đạo của Trung ương và của Tỉnh ủy; bảo đảm tiến độ, "
    "chất lượng và hiệu quả; gắn trách nhiệm của người đứng đầu cơ quan, đơn vị với kết quả thực hiện.",
    "II. NHIỆM VỤ",
    "Các nhiệm vụ cụ thể, cơ quan chủ trì, cơ quan phối hợp, thời gian hoàn thành và sản phẩm được giao tại "
    "Phụ lục kèm theo Kế hoạch này.",
    "III. TỔ CHỨC THỰC HIỆN",
    "Căn cứ nhiệm vụ được giao tại Phụ lục, thủ trưởng các cơ quan, đơn vị xây dựng kế hoạch chi tiết, bố trí "
    "nguồn lực để triển khai và báo cáo kết quả về Ủy ban nhân dân tỉnh theo định kỳ. Trong quá trình thực hiện, "
    "nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo Ủy ban nhân dân tỉnh để xem xét, "
    "giải quyết./.",
]
RECIPIENTS = ["Nơi nhận:", "- Bộ Khoa học và Công nghệ (b/c);", "- TT Tỉnh ủy, TT HĐND tỉnh (b/c);",
              "- Chủ tịch, các PCT UBND tỉnh;", "- Các sở, ban, ngành tỉnh;", "- UBND các xã, phường;",
              "- Lưu: VT, KGVX."]
SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "Trần Minh Đức"]
ANNEX_TITLE = ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TỈNH PHÚ THỌ NĂM 2026"]
ANNEX_NOTE = "(Kèm theo Kế hoạch số 215/KH-UBND ngày 15/01/2026 của Ủy ban nhân dân tỉnh Phú Thọ)"


@dataclass
class AnnexPlan:
    docx: bytes
    tasks: list[AnnexTask] = field(default_factory=lambda: list(TASKS))
    groups: dict[str, str] = field(default_factory=lambda: dict(GROUPS))

    def gold(self, document: str = "kh-215-ubnd-phu-tho-phu-luc.docx") -> dict:
        """Gold for ``nqparse.evaluate.tasks.score``, scoped to the annex."""
        return {"document": document, "scope_start_quote": ANNEX_TITLE[1],
                "tasks": [t.gold() for t in self.tasks]}

    def rows(self) -> list[list[str]]:
        return annex_rows(self.tasks)


def annex_rows(tasks: list[AnnexTask]) -> list[list[str]]:
    """The annex table's rows as typed: the header; a group row as its one merged cell; a merged
    lead or partners cell's text in its first row, "" in the rows the merge goes on over."""
    out = [list(COLUMNS)]
    group = None
    for t in tasks:
        if t.group != group:
            group = t.group
            out.append([f"{group}. {GROUPS[group]}"])
        lead = "; ".join(t.lead) if t.number not in LEAD_MERGED[1:] else ""
        partners = "; ".join(t.partners) if t.number not in PARTNERS_MERGED[1:] else ""
        out.append([str(t.number), t.text, lead, partners, t.deadline, t.product])
    return out


# --- writing the .docx -----------------------------------------------------------------

class AnnexWriter:
    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(SIZE)
        rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), FONT)
        normal.paragraph_format.space_after = Pt(0)
        Writer.page_number_header(section)

    def paragraph(self, container, text: str, *, align=None, bold=False, italic=False, indent=False, after=0):
        para = container.add_paragraph()
        if align is not None:
            para.alignment = align
        if indent:
            para.paragraph_format.first_line_indent = Cm(1.27)
        para.paragraph_format.space_after = Pt(after)
        if text:
            run = para.add_run(text)
            run.bold, run.italic = bold or None, italic or None
        return para

    def cell_lines(self, cell, lines: list[str], *, align=None, bold=False, italic=False, size=None) -> None:
        """Write ``lines`` into the cell, the first into its own empty paragraph."""
        first = cell.paragraphs[0]
        for k, line in enumerate(lines):
            para = first if k == 0 else cell.add_paragraph()
            if align is not None:
                para.alignment = align
            if line:
                run = para.add_run(line)
                run.bold, run.italic = bold or None, italic or None
                if size:
                    run.font.size = Pt(size)

    def layout_table(self, widths: tuple[float, float]):
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        borderless(table)
        table.autofit = False
        for c, width in enumerate(widths):
            table.columns[c].width = table.cell(0, c).width = Cm(width)
        return table

    def header(self) -> None:
        for left, right in HEADER:       # NĐ 30: Quốc hiệu 12 pt, Tiêu ngữ 13 pt
            table = self.layout_table((6.0, 10.0))
            center = WD_ALIGN_PARAGRAPH.CENTER
            self.cell_lines(table.cell(0, 0), left[:2], align=center, bold=True)
            self.cell_lines(table.cell(0, 1), right[:1], align=center, bold=True, size=12)
            table.cell(0, 1).add_paragraph().add_run(right[1]).bold = True
            table.cell(0, 1).paragraphs[-1].alignment = center
            table.add_row()
            self.cell_lines(table.cell(1, 0), [left[2]], align=center)
            self.cell_lines(table.cell(1, 1), [right[2]], align=center, italic=True)

    def body(self) -> None:
        self.paragraph(self.doc, "")
        for k, line in enumerate(TITLE):
            self.paragraph(self.doc, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=12 * (k == 1))
        for line in BODY:
            heading = len(line) < 60
            self.paragraph(self.doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=heading, indent=True, after=6)

    def signature(self) -> None:
        table = self.layout_table((8.0, 8.0))
        left, right = table.cell(0, 0), table.cell(0, 1)
        self.cell_lines(left, RECIPIENTS[:1], bold=True, italic=True)
        for line in RECIPIENTS[1:]:
            run = left.add_paragraph().add_run(line)
            run.font.size = Pt(11)
        self.cell_lines(right, SIGNATURE, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)

    def annex(self, tasks: list[AnnexTask]) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2)
        for line in ANNEX_TITLE:
            self.paragraph(self.doc, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        self.paragraph(self.doc, ANNEX_NOTE, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=12)
        self.task_table(tasks)

    def task_table(self, tasks: list[AnnexTask]) -> None:
        grid = annex_rows(tasks)
        table = self.doc.add_table(rows=len(grid), cols=len(COLUMNS))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for c, width in enumerate(WIDTHS_CM):
            table.columns[c].width = Cm(width)
            for cell in table.columns[c].cells:
                cell.width = Cm(width)
        center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
        repeat_as_header(table.rows[0])
        for c, text in enumerate(grid[0]):
            self.cell_lines(table.cell(0, c), [text], align=center, bold=True)
        merges: dict[str, list[int]] = {"lead": [], "partners": []}
        for r, row in enumerate(grid[1:], start=1):
            if len(row) == 1:      # a group row, merged across the table
                merged = table.cell(r, 0).merge(table.cell(r, len(COLUMNS) - 1))
                self.cell_lines(merged, row, bold=True)
                continue
            number = int(row[0])
            for c, text in enumerate(row):
                lines = text.split("; ") if c in (2, 3) else [text]
                self.cell_lines(table.cell(r, c), lines if text else [],
                                align=justify if c == 1 else center)
            if number in LEAD_MERGED:
                merges["lead"].append(r)
            if number in PARTNERS_MERGED:
                merges["partners"].append(r)
        for col, rows in ((2, merges["lead"]), (3, merges["partners"])):
            table.cell(rows[0], col).merge(table.cell(rows[-1], col))

    def save(self) -> bytes:
        props = self.doc.core_properties
        props.author = props.last_modified_by = "nqparse tests"
        props.created = props.modified = FIXED_TIME
        props.revision = 1
        out = io.BytesIO()
        self.doc.save(out)
        return stable_zip(out.getvalue())


def repeat_as_header(row) -> None:
    """Mark a row as a header row Word repeats at the top of every page (``w:tblHeader``)."""
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def build_annex_plan(out: Optional[Path] = None) -> AnnexPlan:
    """The Kế hoạch with its 27-task annex as .docx bytes (written to ``out`` when given)."""
    writer = AnnexWriter()
    writer.header()
    writer.body()
    writer.signature()
    writer.annex(TASKS)
    plan = AnnexPlan(docx=writer.save())
    if out is not None:
        Path(out).write_bytes(plan.docx)
    return plan


# --- printing it to PDF ----------------------------------------------------------------

def soffice() -> str:
    """LibreOffice's command, or skip the calling test."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui): no PDF of the annex plan")
    return found


def docx_to_pdf(docx: bytes, folder: Path, stem: str = "annex-plan") -> Path:
    """Print a .docx to PDF with LibreOffice headless, in its own profile (runs may overlap)."""
    command = soffice()
    source = folder / f"{stem}.docx"
    source.write_bytes(docx)
    profile = (folder / "lo-profile").as_uri()
    subprocess.run([command, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(folder), "PATH": "/usr/bin:/bin"})
    return folder / f"{stem}.pdf"


@functools.cache
def annex_plan_pdf() -> bytes:
    """The annex plan printed to PDF by LibreOffice: once per test session (skips without it)."""
    soffice()
    with tempfile.TemporaryDirectory(prefix="nqparse-annex-") as folder:
        return docx_to_pdf(build_annex_plan().docx, Path(folder)).read_bytes()
