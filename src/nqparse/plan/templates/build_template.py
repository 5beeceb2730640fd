"""Build the docxtpl plan templates with python-docx.

    python build_template.py                      # rebuild both templates beside this script
    python build_template.py OUT                  # the Party template, written to OUT
    python build_template.py --format state OUT   # the State template, written to OUT

Two formats share one body and differ in the header, the title rule and the closing block:

* ``party`` → ``ke-hoach.docx``, Hướng dẫn 36-HD/VPTW: cấp trên and unit name in capitals, "*",
  "Số -KH/…" on the left; "ĐẢNG CỘNG SẢN VIỆT NAM" underlined and the italic place/date line on
  the right; "-----" under the trích yếu; "Nơi nhận:" underlined.
* ``state`` → ``ke-hoach-nha-nuoc.docx``, Nghị định 30/2020/NĐ-CP Phụ lục I: cơ quan chủ quản,
  cơ quan ban hành in bold with a short rule under it, "Số: …" on the left; Quốc hiệu and the
  underlined Tiêu ngữ with the italic place/date line on the right; a short rule under the
  trích yếu; "Nơi nhận:" bold italic.

Both: A4, Times New Roman, margins 20/20/30/15 mm, the page number centred at the top from page 2.

Every word of the body — title, trích yếu, section headings, the column headings of the targets
table, the notes shown when the resolution gives the unit no target or no task — comes from the
template context (computed by :mod:`nqparse.plan.context` from the rules); the only fixed text
is the Party motto, the Quốc hiệu and Tiêu ngữ, "*" and "Nơi nhận:". Numbers ("I-", "1.",
"1.1.") are text of the context too, never Word list numbering, so every section restarts
correctly however docxtpl's loops repeat the paragraphs.

docxtpl techniques: every jinja tag sits in one run; ``{%p … %}`` paragraphs carry the loops and
conditions (the paragraph disappears when rendered); ``{%tr … %}`` rows loop the table rows; a
target's row never breaks across pages and the column headings repeat on each page.
An office making its own letterhead can start from these files (``nqparse plan --template DIR``).
"""
from __future__ import annotations

import argparse
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
TEMPLATES = Path(__file__).resolve().parent
FILE_NAMES = {"party": "ke-hoach.docx", "state": "ke-hoach-nha-nuoc.docx"}
DEFAULT_OUT = TEMPLATES / FILE_NAMES["party"]

# the fixed words of the two headers (everything else is context)
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
NOI_NHAN = "Nơi nhận:"

# the order of the children of w:tblPr and w:pPr in the WordprocessingML schema (Word refuses
# a file whose properties are out of order or repeated)
TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription", "tblPrChange")
AFTER_P_BDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")


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


def add_run(paragraph, text: str, *, italic=False, size: float = BODY_PT):
    """A second run in a paragraph (its own formatting; still one whole jinja tag per run)."""
    run = paragraph.add_run(text)
    run.italic = italic
    run.font.size = Pt(size)
    run.font.name = FONT
    set_run_font(run._r)
    return run


def tag(container, statement: str):
    """A paragraph-level docxtpl tag ({%p … %}): the paragraph disappears when rendered."""
    return para(container, "{%p " + statement + " %}", align=LEFT, indent=False)


def cell_para(cell, text: str = "", **kwargs):
    kwargs.setdefault("align", CENTER)
    kwargs.setdefault("indent", False)
    kwargs.setdefault("after", 0)
    kwargs.setdefault("single", True)
    return para(cell, text, **kwargs)


def rule(container, width_mm: float, room_mm: float, *, after: float = 0, before: float = 0):
    """A short solid rule, centred: an empty paragraph whose bottom border is ``width_mm`` long.

    ``room_mm`` is the width the paragraph spans (the text width, or a cell's width less its
    margins); the side indents leave ``width_mm`` of it for the border.
    """
    paragraph = container.add_paragraph()
    paragraph.alignment = CENTER
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((room_mm - width_mm) / 2)
    fmt.first_line_indent = Mm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(3)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_P_BDR)
    return paragraph


def ordered_tbl_pr(table) -> None:
    """Put the table's properties in schema order, the last of a repeated one winning."""
    tbl_pr = table._tbl.tblPr
    children: dict[str, object] = {}
    for child in list(tbl_pr):
        children[child.tag.split("}")[1]] = child
        tbl_pr.remove(child)
    for name in TBL_PR_ORDER:
        if name in children:
            tbl_pr.append(children.pop(name))
    for child in children.values():  # anything unknown keeps its place at the end
        tbl_pr.append(child)


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    ordered_tbl_pr(table)


def fixed_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False  # w:tblLayout fixed
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    ordered_tbl_pr(table)


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


def two_columns(document: Document, left_mm: float):
    """A borderless one-row, two-column table spanning the text width; its two cells."""
    table = first_cell_emptied(document.add_table(rows=1, cols=2))
    fixed_widths(table, [left_mm, TEXT_WIDTH_MM - left_mm])
    no_borders(table)
    return table.rows[0].cells


# --- the headers (the only part of page 1 that differs) ---------------------------------------

PARTY_HEADER_LEFT_MM = 75
STATE_HEADER_LEFT_MM = 70  # the bold 12 pt Quốc hiệu (88 mm in Times) fits the right column on one line
CELL_MARGINS_MM = 2 * 1.9  # Word's default left + right cell margins (0.08")


def party_header(document: Document) -> None:
    """HD 36: cấp trên / UNIT NAME (bold) / * / Số … | ĐẢNG CỘNG SẢN VIỆT NAM (15, underlined) / date."""
    left, right = two_columns(document, PARTY_HEADER_LEFT_MM)
    cell_para(left, "{{ unit.parent_upper }}")
    cell_para(left, "{{ unit.name_upper }}", bold=True)
    cell_para(left, "*")
    cell_para(left, "{{ unit.number_line }}")
    cell_para(right, PARTY_MOTTO, bold=True, underline=True, size=15, after=10)
    cell_para(right, "{{ unit.date_line }}", italic=True)


def state_header(document: Document) -> None:
    """NĐ 30: CƠ QUAN CHỦ QUẢN / CƠ QUAN BAN HÀNH (bold) / short rule / Số: … |
    Quốc hiệu (bold 12) / Tiêu ngữ (bold 13, underlined) / date (italic)."""
    left, right = two_columns(document, STATE_HEADER_LEFT_MM)
    cell_para(left, "{{ unit.parent_upper }}", size=13)
    cell_para(left, "{{ unit.name_upper }}", bold=True, size=13)
    rule(left, 24, STATE_HEADER_LEFT_MM - CELL_MARGINS_MM, after=8)
    cell_para(left, "{{ unit.number_line }}", size=13)
    cell_para(right, QUOC_HIEU, bold=True, size=12)
    cell_para(right, TIEU_NGU, bold=True, underline=True, size=13, after=14)
    cell_para(right, "{{ unit.date_line }}", italic=True, size=13)


# --- the body (the same wording keys for both formats) ----------------------------------------

def title_block(document: Document, fmt: str) -> None:
    if fmt == "party":
        para(document, "{{ title }}", align=CENTER, bold=True, size=16, before=18, after=0, indent=False)
        para(document, "{{ trich_yeu }}", align=CENTER, bold=True, after=0, indent=False, single=True)
        para(document, "-----", align=CENTER, after=12, indent=False)
    else:
        para(document, "{{ title }}", align=CENTER, bold=True, size=14, before=18, after=0, indent=False)
        para(document, "{{ trich_yeu }}", align=CENTER, bold=True, after=0, indent=False, single=True)
        rule(document, 40, TEXT_WIDTH_MM, before=2, after=14)
    para(document, "{{ opening }}")


def heading(document: Document, key: str) -> None:
    para(document, "{{ headings." + key + " }}", bold=True)


def purpose_section(document: Document) -> None:
    heading(document, "purpose")
    tag(document, "for block in purpose_blocks")
    tag(document, "if block.heading")
    para(document, "{{ block.heading }}", bold=True)
    tag(document, "endif")
    tag(document, "for paragraph in block.paragraphs")
    para(document, "{{ paragraph }}")
    tag(document, "endfor")
    tag(document, "endfor")


def targets_section(document: Document) -> None:
    heading(document, "targets")
    tag(document, "if indicators")
    widths = [13, 92, 28, TEXT_WIDTH_MM - 133]  # the target in the unit's words is the long one
    table = first_cell_emptied(document.add_table(rows=4, cols=4))
    table.style = document.styles["Table Grid"]
    fixed_widths(table, widths)
    head, loop_start, row, loop_end = table.rows
    for n, cell in enumerate(head.cells):
        cell_para(cell, "{{ indicator_columns[%d] }}" % n, bold=True, size=13)
    cell_para(loop_start.cells[0], "{%tr for row in indicators %}")
    for cell in loop_start.cells[1:]:
        cell_para(cell)
    cell_para(row.cells[0], "{{ row.stt }}", size=13)
    cell_para(row.cells[1], "{{ row.text }}", align=LEFT, size=13)
    cell_para(row.cells[2], "{{ row.target }}", size=13)
    cell_para(row.cells[3], "{{ row.unit_target }}", bold=True, size=13)
    tag(row.cells[3], "if row.review")
    cell_para(row.cells[3], "({{ row.review }})", italic=True, size=11)
    tag(row.cells[3], "endif")
    keep_rows_whole(table)
    repeat_as_header(head)
    cell_para(loop_end.cells[0], "{%tr endfor %}")
    for cell in loop_end.cells[1:]:
        cell_para(cell)
    tag(document, "if indicator_note")
    para(document, "{{ indicator_note }}", italic=True, size=12, before=6)
    tag(document, "endif")
    tag(document, "else")
    para(document, "{{ no_indicators }}")
    tag(document, "endif")


def tasks_section(document: Document) -> None:
    heading(document, "tasks")
    tag(document, "for group in task_groups")
    tag(document, "if group.heading")
    para(document, "{% if group.number %}{{ group.number }} {% endif %}{{ group.heading }}", bold=True)
    tag(document, "endif")
    tag(document, "for task in group.tasks")
    # the task and, in the same paragraph, its source section, deadline and owner in small italics
    paragraph = para(document, "{% if task.number %}{{ task.number }} {% endif %}{{ task.text }}")
    add_run(paragraph, "{% if task.meta %} {{ task.meta }}{% endif %}", italic=True, size=12)
    tag(document, "endfor")
    tag(document, "endfor")
    tag(document, "if not task_groups")
    para(document, "{{ no_tasks }}")
    tag(document, "endif")


def organisation_section(document: Document) -> None:
    heading(document, "organisation")
    tag(document, "for line in organisation")
    para(document, "{{ line }}")
    tag(document, "endfor")


# --- the closing blocks -----------------------------------------------------------------------

def recipient_lines(cell, size: float) -> None:
    tag(cell, "for line in recipients")
    cell_para(cell, "- {{ line }}{% if loop.last %}.{% else %},{% endif %}", align=LEFT, size=size)
    tag(cell, "endfor")


def party_closing(document: Document) -> None:
    """HD 36: Nơi nhận (underlined, list 12 pt) | T/M … (bold) / chức vụ / signature / name (bold)."""
    para(document, "", after=6)
    left, right = two_columns(document, 85)
    cell_para(left, NOI_NHAN, align=LEFT, underline=True)
    recipient_lines(left, 12)
    tag(right, "if unit.authority")
    cell_para(right, "{{ unit.authority }}", bold=True)
    tag(right, "endif")
    cell_para(right, "{{ unit.signer_title }}", after=60)
    cell_para(right, "{{ unit.secretary }}", bold=True)


def state_closing(document: Document) -> None:
    """NĐ 30: Nơi nhận (bold italic 12, list 11 pt) | TM. … / chức vụ (bold) / signature / name (bold)."""
    para(document, "", after=6)
    left, right = two_columns(document, 85)
    cell_para(left, NOI_NHAN, align=LEFT, bold=True, italic=True, size=12)
    recipient_lines(left, 11)
    tag(right, "if unit.authority")
    cell_para(right, "{{ unit.authority }}", bold=True)
    tag(right, "endif")
    cell_para(right, "{{ unit.signer_title }}", bold=True, after=60)
    cell_para(right, "{{ unit.secretary }}", bold=True)


# --- the file -----------------------------------------------------------------------------------

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


HEADERS = {"party": party_header, "state": state_header}
CLOSINGS = {"party": party_closing, "state": state_closing}


def build(out: Path | None = None, fmt: str = "party") -> Path:
    """Write the ``fmt`` template ("party" or "state") to ``out`` (default: its file beside this script)."""
    if fmt not in FILE_NAMES:
        raise ValueError(f"unknown template format {fmt!r} (use {' or '.join(FILE_NAMES)})")
    out = Path(out) if out is not None else TEMPLATES / FILE_NAMES[fmt]
    document = Document()
    for paragraph in list(document.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    set_up_page(document)
    set_up_styles(document)
    HEADERS[fmt](document)
    title_block(document, fmt)
    purpose_section(document)
    targets_section(document)
    tasks_section(document)
    organisation_section(document)
    CLOSINGS[fmt](document)
    slim(document)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the docxtpl plan templates.")
    parser.add_argument("out", nargs="?", type=Path, help="where to write (default: both templates, beside this script)")
    parser.add_argument("--format", choices=sorted(FILE_NAMES), help="party (HD 36) or state (NĐ 30); default party with OUT")
    args = parser.parse_args(argv)
    if args.out is None and args.format is None:
        for fmt in FILE_NAMES:
            print(build(fmt=fmt))
    else:
        print(build(args.out, args.format or "party"))


if __name__ == "__main__":
    main()
