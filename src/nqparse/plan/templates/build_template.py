"""Build the default docxtpl template ``ke-hoach.docx`` (run: python build_template.py [OUT]).

The template follows Hướng dẫn 36-HD/VPTW for Party documents: A4, Times New Roman, margins
20/20/30/15 mm; a borderless two-column header (cấp trên and unit name in capitals, "*", "Số
-KH/…" on the left; "ĐẢNG CỘNG SẢN VIỆT NAM" underlined and the italic place/date line on the
right); "KẾ HOẠCH" and its trích yếu; sections I–IV; Nơi nhận and the signature block.

All numbers ("I-", "1.", "1.1.") are text written by the context, never Word list numbering,
so every section restarts correctly however docxtpl's loops repeat the paragraphs.
An office making its own letterhead can start from this file (``nqparse plan --template DIR``).
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
DEFAULT_OUT = Path(__file__).resolve().parent / "ke-hoach.docx"


# --- page and styles -------------------------------------------------------------------------

def set_run_font(rpr_parent, name: str = FONT) -> None:
    """Name the font for every script (ascii, hAnsi, east Asian, complex) of a run or style."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_up_page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True  # no page number on page 1
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def set_up_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    set_run_font(normal.element)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(20)
    for name in ("Header", "Table Grid"):
        if name in [s.name for s in document.styles]:
            set_run_font(document.styles[name].element)


# --- building blocks ---------------------------------------------------------------------------

def para(container, text: str = "", *, align=JUSTIFY, bold=False, italic=False, underline=False,
         size: float = BODY_PT, indent=True, after: float | None = None, before: float | None = None,
         single: bool = False):
    """One paragraph holding one run (a jinja tag must never be split across runs)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if indent and align == JUSTIFY:
        fmt.first_line_indent = Mm(10)
    if after is not None:
        fmt.space_after = Pt(after)
    if before is not None:
        fmt.space_before = Pt(before)
    if single:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        run.font.name = FONT
        set_run_font(run._r)
    return paragraph


def tag(container, statement: str):
    """A paragraph-level docxtpl tag ({%p … %}): the paragraph disappears when rendered."""
    return para(container, "{%p " + statement + " %}", align=LEFT, indent=False)


def cell_para(cell, text: str = "", **kwargs):
    kwargs.setdefault("align", CENTER)
    kwargs.setdefault("indent", False)
    kwargs.setdefault("after", 0)
    kwargs.setdefault("single", True)
    return para(cell, text, **kwargs)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def fixed_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)


def keep_rows_whole(table) -> None:
    """A target's row never breaks across pages (w:cantSplit)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_as_header(row) -> None:
    """The column headings repeat on every page the table runs onto (w:tblHeader)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def first_cell_emptied(table):
    """python-docx gives each new cell an empty paragraph; reuse it for the first line."""
    for row in table.rows:
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    return table


# --- the document -----------------------------------------------------------------------------------

def header_table(document: Document) -> None:
    table = first_cell_emptied(document.add_table(rows=1, cols=2))
    no_borders(table)
    fixed_widths(table, [75, TEXT_WIDTH_MM - 75])
    left, right = table.rows[0].cells
    cell_para(left, "{{ unit.parent_upper }}")
    cell_para(left, "{{ unit.name_upper }}", bold=True)
    cell_para(left, "*")
    cell_para(left, "{{ unit.number_line }}")
    cell_para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=15, after=10)
    cell_para(right, "{{ unit.date_line }}", italic=True)


def title_block(document: Document) -> None:
    para(document, "KẾ HOẠCH", align=CENTER, bold=True, size=16, before=18, after=0, indent=False)
    para(document, "{{ trich_yeu }}", align=CENTER, bold=True, after=0, indent=False, single=True)
    para(document, "-----", align=CENTER, after=12, indent=False)
    para(document, "{{ opening }}")


def purpose_section(document: Document) -> None:
    para(document, "I- MỤC ĐÍCH, YÊU CẦU", bold=True)
    para(document, "1. Mục đích", bold=True)
    para(document, "Quán triệt sâu sắc và tổ chức thực hiện có hiệu quả {{ resolution.citation }}; cụ thể hóa "
         "các chỉ tiêu, nhiệm vụ, giải pháp của Nghị quyết phù hợp với chức năng, nhiệm vụ và tình hình "
         "thực tế của {{ unit.name }}.")
    tag(document, "if goals")
    para(document, "Mục tiêu Nghị quyết đề ra:")
    tag(document, "for goal in goals")
    para(document, "- {{ goal }}")
    tag(document, "endfor")
    tag(document, "endif")
    para(document, "2. Yêu cầu", bold=True)
    para(document, "Xác định rõ nội dung, thời gian thực hiện và người, bộ phận phụ trách từng nhiệm vụ; "
         "phát huy vai trò nêu gương của cấp ủy viên, đảng viên. Thường xuyên kiểm tra, đôn đốc, định kỳ "
         "sơ kết, đánh giá và báo cáo kết quả thực hiện đúng thời gian quy định.")


def targets_section(document: Document) -> None:
    para(document, "II- CHỈ TIÊU", bold=True)
    tag(document, "if indicators")
    widths = [15, 76, 34, TEXT_WIDTH_MM - 125]
    table = first_cell_emptied(document.add_table(rows=4, cols=4))
    table.style = document.styles["Table Grid"]
    fixed_widths(table, widths)
    head, loop_start, row, loop_end = table.rows
    for cell, text in zip(head.cells, ["STT", "Chỉ tiêu Nghị quyết đề ra", "Mức Nghị quyết giao", "Chỉ tiêu của đơn vị (dự kiến)"]):
        cell_para(cell, text, bold=True, size=13)
    cell_para(loop_start.cells[0], "{%tr for row in indicators %}")
    for cell in loop_start.cells[1:]:
        cell_para(cell)
    cell_para(row.cells[0], "{{ row.stt }}", size=13)
    cell_para(row.cells[1], "{{ row.text }}", align=LEFT, size=13)
    cell_para(row.cells[2], "{{ row.target }}", size=13)
    cell_para(row.cells[3], "{{ row.unit_target }}", bold=True, size=13)
    cell_para(row.cells[3], "({{ row.review }})", italic=True, size=11)
    keep_rows_whole(table)
    repeat_as_header(head)
    cell_para(loop_end.cells[0], "{%tr endfor %}")
    for cell in loop_end.cells[1:]:
        cell_para(cell)
    para(document, "Cột “Chỉ tiêu của đơn vị” được điền sẵn theo mức Nghị quyết giao hoặc mức đơn vị đề xuất; "
         "cần rà soát, điều chỉnh trước khi ban hành.", italic=True, size=12, before=6)
    tag(document, "else")
    para(document, "Nghị quyết không giao chỉ tiêu cho loại đơn vị này; {{ unit.name }} xác định chỉ tiêu "
         "phù hợp với nhiệm vụ được giao.")
    tag(document, "endif")


def tasks_section(document: Document) -> None:
    para(document, "III- NHIỆM VỤ, GIẢI PHÁP", bold=True)
    tag(document, "for group in task_groups")
    tag(document, "if group.heading")
    para(document, "{{ group.number }} {{ group.heading }}", bold=True)
    tag(document, "endif")
    tag(document, "for task in group.tasks")
    para(document, "{{ task.number }} {{ task.text }}")
    para(document, "- Thời gian thực hiện: {{ task.deadline }}", italic=True, after=0)
    para(document, "- Người/bộ phận phụ trách: {{ task.owner }}{% if task.role == 'phối hợp' %} (phối hợp "
         "thực hiện){% endif %}", italic=True)
    tag(document, "endfor")
    tag(document, "endfor")
    tag(document, "if not task_groups")
    para(document, "Nghị quyết không giao nhiệm vụ riêng cho loại đơn vị này; {{ unit.name }} cụ thể hóa "
         "nhiệm vụ phù hợp với chức năng, nhiệm vụ được giao.")
    tag(document, "endif")


def organisation_section(document: Document) -> None:
    para(document, "IV- TỔ CHỨC THỰC HIỆN", bold=True)
    para(document, "1. {{ unit.committee }} quán triệt Kế hoạch này đến toàn thể cán bộ, đảng viên; phân công "
         "người, bộ phận phụ trách từng nhiệm vụ tại Mục III và theo dõi, đôn đốc việc thực hiện.")
    para(document, "2. Người, bộ phận được phân công chủ động triển khai, định kỳ báo cáo tiến độ, kịp thời "
         "đề xuất tháo gỡ khó khăn, vướng mắc phát sinh.")
    tag(document, "if reporting.deadlines")
    para(document, "3. {{ unit.committee }} tổng hợp, báo cáo kết quả thực hiện về {{ reporting.to }} theo thời "
         "hạn Nghị quyết đề ra: {{ reporting.deadlines | join('; ') }}.")
    tag(document, "else")
    para(document, "3. {{ unit.committee }} tổng hợp, báo cáo kết quả thực hiện về {{ reporting.to }} (sơ kết "
         "6 tháng trước ngày {{ blank }}, tổng kết năm trước ngày {{ blank }}).")
    tag(document, "endif")


def closing_table(document: Document) -> None:
    para(document, "", after=6)
    table = first_cell_emptied(document.add_table(rows=1, cols=2))
    no_borders(table)
    fixed_widths(table, [85, TEXT_WIDTH_MM - 85])
    left, right = table.rows[0].cells
    cell_para(left, "Nơi nhận:", align=LEFT, underline=True)
    tag(left, "for line in recipients")
    cell_para(left, "- {{ line }}{% if loop.last %}.{% else %},{% endif %}", align=LEFT, size=12)
    tag(left, "endfor")
    tag(right, "if unit.authority")
    cell_para(right, "{{ unit.authority }}", bold=True)
    tag(right, "endif")
    cell_para(right, "{{ unit.signer_title }}", after=60)
    cell_para(right, "{{ unit.secretary }}", bold=True)


def slim(document: Document) -> None:
    """Drop what python-docx's stock template carries and a plan never uses.

    The stock styles.xml and stylesWithEffects.xml hold ~800 KB of XML (latent styles, dozens
    of table looks) that every render would parse and write again; a plan uses a handful.
    """
    unused = ("/stylesWithEffects", "/customXml", "/metadata/thumbnail")
    part = document.part
    for rels in (part.rels, part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(unused):
                del rels[r_id]
    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    used = {"Normal", "TableGrid", "TableNormal", "DefaultParagraphFont", "NoList", "Header", "HeaderChar"}
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in used:
            styles.remove(style)


def build(out: Path = DEFAULT_OUT) -> Path:
    document = Document()
    document._body._body.remove(document.paragraphs[0]._p) if document.paragraphs else None
    set_up_page(document)
    set_up_styles(document)
    header_table(document)
    title_block(document)
    purpose_section(document)
    targets_section(document)
    tasks_section(document)
    organisation_section(document)
    closing_table(document)
    slim(document)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT))
