"""The built-in plan templates, specified on a fixed context (independent of routing and rules).

Two formats share one context contract (see ``nqparse.plan.context``): the Party plan of
Hướng dẫn 36-HD/VPTW (``ke-hoach.docx`` / ``ke-hoach.md.j2``) and the State plan of Nghị định
30/2020/NĐ-CP (``ke-hoach-nha-nuoc.docx`` / ``ke-hoach-nha-nuoc.md.j2``). Every word of the body
comes from the context; the templates only add the header's fixed words ("ĐẢNG CỘNG SẢN VIỆT
NAM", or the Quốc hiệu and Tiêu ngữ, "*"), "Nơi nhận:" and the punctuation of the recipients.
"""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from nqparse.plan.docx import render_docx
from nqparse.plan.markdown import render_markdown

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "nqparse" / "plan" / "templates"
DOCX = {"party": TEMPLATES / "ke-hoach.docx", "state": TEMPLATES / "ke-hoach-nha-nuoc.docx"}
MARKDOWN = {"party": TEMPLATES / "ke-hoach.md.j2", "state": TEMPLATES / "ke-hoach-nha-nuoc.md.j2"}
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# --- the fixed sample context --------------------------------------------------------------------

PARTY_UNIT = {
    "name": "Chi bộ Sở Tư pháp", "name_upper": "CHI BỘ SỞ TƯ PHÁP",
    "parent": "Đảng bộ Khối các cơ quan tỉnh", "parent_upper": "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
    "number_line": "Số      -KH/CB", "date_line": "Hòa Lâm, ngày … tháng … năm 20…", "place": "Hòa Lâm",
    "authority": "T/M CHI BỘ", "signer_title": "BÍ THƯ", "secretary": "Trần Thị Hoa",
    "committee": "Chi ủy", "organisation": "chi bộ", "members": "Các đảng viên trong chi bộ",
    "archive": "Lưu chi bộ", "kind": "chi bộ", "kind_label": "Chi bộ",
}
STATE_UNIT = {
    "name": "Ủy ban nhân dân xã Hòa Thuận", "name_upper": "ỦY BAN NHÂN DÂN XÃ HÒA THUẬN",
    "parent": "Ủy ban nhân dân tỉnh Hòa Lâm", "parent_upper": "ỦY BAN NHÂN DÂN TỈNH HÒA LÂM",
    "number_line": "Số:      /KH-UBND", "date_line": "Hòa Thuận, ngày … tháng … năm 20…", "place": "Hòa Thuận",
    "authority": "TM. ỦY BAN NHÂN DÂN", "signer_title": "CHỦ TỊCH", "secretary": "Nguyễn Văn Nam",
    "committee": "Ủy ban nhân dân xã", "organisation": "Ủy ban nhân dân xã", "members": "Các phòng, ban thuộc xã",
    "archive": "Lưu: VT, VP", "kind": "ủy ban nhân dân", "kind_label": "Ủy ban nhân dân",
}
PARTY_HEADINGS = {"purpose": "I- MỤC ĐÍCH, YÊU CẦU", "targets": "II- CHỈ TIÊU",
                  "tasks": "III- NHIỆM VỤ, GIẢI PHÁP", "organisation": "IV- TỔ CHỨC THỰC HIỆN"}
STATE_HEADINGS = {key: re.sub(r"^([IV]+)- ", r"\1. ", text) for key, text in PARTY_HEADINGS.items()}
CITATION = "Nghị quyết số 07-NQ/ĐUK, ngày 08/01/2026 của Ban Chấp hành Đảng bộ Khối năm 2026"


def sample_context(fmt: str = "party") -> dict:
    unit = PARTY_UNIT if fmt == "party" else STATE_UNIT
    return copy.deepcopy({
        "unit": unit,
        "title": "KẾ HOẠCH",
        "trich_yeu": f"thực hiện {CITATION}",
        "opening": f"Thực hiện {CITATION}, {unit['name']} xây dựng Kế hoạch thực hiện như sau:",
        "headings": PARTY_HEADINGS if fmt == "party" else STATE_HEADINGS,
        "purpose_blocks": [
            {"heading": "1. Mục đích", "paragraphs": [
                f"Quán triệt sâu sắc và tổ chức thực hiện có hiệu quả {CITATION}.",
                "Cụ thể hóa các chỉ tiêu, nhiệm vụ, giải pháp phù hợp với tình hình thực tế của đơn vị."]},
            {"heading": "2. Yêu cầu", "paragraphs": [
                "Xác định rõ nội dung, thời gian thực hiện và người, bộ phận phụ trách từng nhiệm vụ."]},
        ],
        "indicator_columns": ["STT", "Chỉ tiêu Nghị quyết đề ra", "Mức Nghị quyết giao", "Chỉ tiêu của đơn vị (dự kiến)"],
        "indicators": [
            {"stt": "1", "text": "Có trên 85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", "target": "trên 85%",
             "unit_target": "trên 85%", "review": "theo Nghị quyết, cần rà soát"},
            {"stt": "2", "text": "Kết nạp đảng viên mới", "target": "60 – 70 đảng viên",
             "unit_target": "02 đảng viên", "review": ""},
        ],
        "indicator_note": "Cột “Chỉ tiêu của đơn vị” được điền sẵn; cần rà soát, điều chỉnh trước khi ban hành.",
        "no_indicators": "Nghị quyết không giao chỉ tiêu cho loại đơn vị này.",
        "task_groups": [
            {"number": "1.", "heading": "Công tác chính trị, tư tưởng", "tasks": [
                {"number": "1.1.", "text": "Tổ chức học tập, quán triệt Nghị quyết đến cán bộ, đảng viên.",
                 "meta": "Thời gian: trong quý I năm 2026; phụ trách: ……", "role": "chủ trì",
                 "deadline": "trong quý I năm 2026", "owner": "……", "id": "07-NQ/ĐUK#II.1-1"},
                {"number": "1.2.", "text": "Xây dựng ít nhất 01 mô hình “Dân vận khéo”.",
                 "meta": "", "role": "chủ trì", "deadline": "……", "owner": "……", "id": "07-NQ/ĐUK#II.1-2"},
            ]},
            {"number": "2.", "heading": "Công tác tổ chức", "tasks": [
                {"number": "2.1.", "text": "Phối hợp rà soát hồ sơ đảng viên.",
                 "meta": "Thời gian: ……; phụ trách: …… (phối hợp thực hiện)", "role": "phối hợp",
                 "deadline": "……", "owner": "……", "id": "07-NQ/ĐUK#II.2-1"},
            ]},
        ],
        "no_tasks": "Nghị quyết không giao nhiệm vụ riêng cho loại đơn vị này.",
        "organisation": [
            f"1. {unit['committee']} quán triệt Kế hoạch này đến toàn thể cán bộ, đảng viên.",
            "2. Người, bộ phận được phân công chủ động triển khai, định kỳ báo cáo tiến độ.",
            "3. Tổng hợp, báo cáo kết quả thực hiện trước ngày 15/12/2026.",
        ],
        "recipients": ["Đảng ủy Khối các cơ quan tỉnh (b/c)", "Ban Tổ chức Đảng ủy Khối (b/c)",
                       unit["members"], unit["archive"]],
    })


def task_meta(context: dict) -> list[str]:
    return [t["meta"] for g in context["task_groups"] for t in g["tasks"] if t["meta"]]


def expected_body(context: dict, fmt: str) -> list[str]:
    """The body paragraphs outside the tables, in order, as the context words them.

    The Party plan types its "-----" under the trích yếu; the State plan draws a rule (an empty
    paragraph with a border).
    """
    rule = ["-----"] if fmt == "party" else []
    lines = [context["title"], context["trich_yeu"], *rule, context["opening"], context["headings"]["purpose"]]
    for block in context["purpose_blocks"]:
        lines += [block["heading"], *block["paragraphs"]]
    lines.append(context["headings"]["targets"])
    if context["indicators"]:
        lines += [context["indicator_note"]] if context["indicator_note"] else []
    else:
        lines.append(context["no_indicators"])
    lines.append(context["headings"]["tasks"])
    for group in context["task_groups"]:
        lines.append(f"{group['number']} {group['heading']}")
        for task in group["tasks"]:
            lines.append(f"{task['number']} {task['text']}" + (f" {task['meta']}" if task["meta"] else ""))
    if not context["task_groups"]:
        lines.append(context["no_tasks"])
    lines.append(context["headings"]["organisation"])
    return lines + context["organisation"]


# --- helpers -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The sample rendered once per format: {fmt: (docx path, markdown text, context)}."""
    out = tmp_path_factory.mktemp("plans")
    result = {}
    for fmt in ("party", "state"):
        context = sample_context(fmt)
        docx_path, md_path = out / f"{fmt}.docx", out / f"{fmt}.md"
        render_docx(DOCX[fmt], context, docx_path)
        render_markdown(MARKDOWN[fmt], context, md_path)
        result[fmt] = (docx_path, md_path.read_text(encoding="utf-8"), context)
    return result


def render(fmt: str, context: dict, tmp_path: Path) -> Document:
    path = tmp_path / f"{fmt}.docx"
    render_docx(DOCX[fmt], context, path)
    return Document(str(path))


def body_paragraphs(document) -> list[Paragraph]:
    """The paragraphs outside the tables that hold text."""
    return [p for p in document.paragraphs if p.text.strip()]


def all_paragraphs(document) -> list[Paragraph]:
    return list(document.paragraphs) + [p for t in document.tables for r in t.rows for c in r.cells
                                        for p in c.paragraphs]


def all_text(document) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


def cells(table) -> list[list[str]]:
    return [[p.text for p in cell.paragraphs] for cell in table.rows[0].cells]


def mm(length) -> int:
    return round(length.mm)


# --- both formats ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["party", "state"])
def test_page_setup_and_fonts(rendered, fmt):
    document = Document(str(rendered[fmt][0]))
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin)] == \
        [20, 20, 30, 15]
    normal = document.styles["Normal"].font
    fonts = {run.font.name or normal.name for p in all_paragraphs(document) for run in p.runs}
    assert fonts == {"Times New Roman"} and normal.size.pt == 14
    # the page number: a PAGE field centred in the header, none on page 1
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert header.alignment == 1 and "PAGE" in header._p.xml
    assert not any(p._p.pPr is not None and p._p.pPr.numPr is not None for p in document.paragraphs)


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_the_body_is_the_context_in_order_and_nothing_else(rendered, fmt):
    path, _, context = rendered[fmt]
    document = Document(str(path))
    assert [p.text for p in body_paragraphs(document)] == expected_body(context, fmt)
    for key, text in context["headings"].items():
        matching = [p for p in all_paragraphs(document) if p.text == text]
        assert len(matching) == 1, f"heading {key!r} appears {len(matching)} times"
        assert all(run.bold for run in matching[0].runs)
    by_text = {p.text: p for p in body_paragraphs(document)}
    assert all(r.bold for r in by_text["KẾ HOẠCH"].runs) and all(r.bold for r in by_text[context["trich_yeu"]].runs)
    for block in context["purpose_blocks"]:
        assert all(r.bold for r in by_text[block["heading"]].runs)
        first = by_text[block["paragraphs"][0]]
        assert first.alignment == 3 and first.paragraph_format.first_line_indent.mm > 5  # justified, indented
    assert all(r.bold for r in by_text["1. Công tác chính trị, tư tưởng"].runs)


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_each_task_ends_with_its_meta_in_small_italics_in_the_same_paragraph(rendered, fmt):
    path, _, context = rendered[fmt]
    paragraphs = body_paragraphs(Document(str(path)))
    for meta in task_meta(context):
        [paragraph] = [p for p in paragraphs if p.text.endswith(" " + meta)]
        italic = [r for r in paragraph.runs if r.italic]
        plain = [r for r in paragraph.runs if not r.italic]
        assert "".join(r.text for r in italic).strip() == meta and {r.font.size.pt for r in italic} == {12}
        assert "".join(r.text for r in plain) + "".join(r.text for r in italic) == paragraph.text
    # the task without meta is the whole paragraph, followed directly by the next group heading
    texts = [p.text for p in paragraphs]
    second = texts.index("1.2. Xây dựng ít nhất 01 mô hình “Dân vận khéo”.")
    assert texts[second + 1] == "2. Công tác tổ chức"


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_the_targets_table_has_the_context_columns_and_rows(rendered, fmt):
    path, _, context = rendered[fmt]
    document = Document(str(path))
    assert len(document.tables) == 3  # header, targets, closing
    table = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == context["indicator_columns"]
    assert rows[1] == ["1", "Có trên 85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", "trên 85%",
                       "trên 85%\n(theo Nghị quyết, cần rà soát)"]
    assert rows[2] == ["2", "Kết nạp đảng viên mới", "60 – 70 đảng viên", "02 đảng viên"]  # no "()" without review
    unit_target, review = table.rows[1].cells[3].paragraphs
    assert unit_target.runs[0].bold and review.runs[0].italic
    tr_pr = [row._tr.trPr for row in table.rows]
    assert all(pr is not None and pr.find(qn("w:cantSplit")) is not None for pr in tr_pr)
    assert tr_pr[0].find(qn("w:tblHeader")) is not None
    note = next(p for p in document.paragraphs if p.text == context["indicator_note"])
    assert all(r.italic for r in note.runs)


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_no_targets_and_no_tasks_show_the_context_notes_and_no_table(tmp_path, fmt):
    context = sample_context(fmt)
    context.update(indicators=[], task_groups=[])
    document = render(fmt, context, tmp_path)
    texts = [p.text for p in body_paragraphs(document)]
    assert texts == expected_body(context, fmt)
    assert context["no_indicators"] in texts and context["no_tasks"] in texts
    assert context["indicator_note"] not in texts
    assert len(document.tables) == 2  # header and closing only
    assert not any(column in all_text(document) for column in context["indicator_columns"][1:])


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_an_empty_indicator_note_leaves_no_paragraph(tmp_path, fmt):
    context = sample_context(fmt)
    context["indicator_note"] = ""
    document = render(fmt, context, tmp_path)
    texts = [p.text for p in document.paragraphs]
    table_at = [i for i, child in enumerate(document.element.body.iterchildren()) if child.tag.endswith("}tbl")][1]
    after_table = Paragraph(document.element.body[table_at + 1], document)
    assert after_table.text == context["headings"]["tasks"]
    assert [t for t in texts if t.strip()] == expected_body(context, fmt)


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_recipients_end_with_a_full_stop(rendered, fmt):
    path, _, context = rendered[fmt]
    left, _ = Document(str(path)).tables[-1].rows[0].cells
    lines = [p.text for p in left.paragraphs if p.text.strip()]
    assert lines[0] == "Nơi nhận:"
    *most, last = context["recipients"]
    assert lines[1:] == [f"- {line}," for line in most] + [f"- {last}."]


# --- the Party header and closing (HD 36) ------------------------------------------------------------

def test_party_header_motto_asterisk_and_date(rendered):
    document = Document(str(rendered["party"][0]))
    header = document.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"} and len(header.columns) == 2
    left, right = cells(header)
    assert left == ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "CHI BỘ SỞ TƯ PHÁP", "*", "Số      -KH/CB"]
    assert right == [PARTY_MOTTO, "Hòa Lâm, ngày … tháng … năm 20…"]
    left_p, right_p = (cell.paragraphs for cell in header.rows[0].cells)
    assert left_p[1].runs[0].bold and not left_p[0].runs[0].bold
    motto = right_p[0].runs[0]
    assert motto.bold and motto.underline and motto.font.size.pt == 15
    assert right_p[1].runs[0].italic
    text = all_text(document)
    assert QUOC_HIEU not in text and TIEU_NGU not in text


def test_party_closing_underlines_noi_nhan_and_signs_for_the_committee(rendered):
    document = Document(str(rendered["party"][0]))
    left, right = document.tables[-1].rows[0].cells
    assert left.paragraphs[0].runs[0].underline and not left.paragraphs[0].runs[0].bold
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == ["T/M CHI BỘ", "BÍ THƯ", "Trần Thị Hoa"]
    assert lines[0].runs[0].bold and not lines[1].runs[0].bold and lines[2].runs[0].bold


# --- the State header and closing (NĐ 30) -------------------------------------------------------------

def test_state_header_quoc_hieu_tieu_ngu_and_the_rule_under_the_issuer(rendered):
    document = Document(str(rendered["state"][0]))
    header = document.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"} and len(header.columns) == 2
    left, right = cells(header)
    assert left == ["ỦY BAN NHÂN DÂN TỈNH HÒA LÂM", "ỦY BAN NHÂN DÂN XÃ HÒA THUẬN", "", "Số:      /KH-UBND"]
    assert right == [QUOC_HIEU, TIEU_NGU, "Hòa Thuận, ngày … tháng … năm 20…"]
    left_p, right_p = (cell.paragraphs for cell in header.rows[0].cells)
    assert not left_p[0].runs[0].bold and left_p[1].runs[0].bold
    assert {left_p[0].runs[0].font.size.pt, left_p[1].runs[0].font.size.pt, left_p[3].runs[0].font.size.pt} == {13}
    # the short rule: a bottom border under an indented empty paragraph, about a third of the column
    rule = left_p[2]
    assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    column = header.columns[0].width.mm
    span = column - 3.8 - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
    assert column / 4 <= span <= column / 2
    quoc_hieu, tieu_ngu, date_line = (p.runs[0] for p in right_p)
    assert quoc_hieu.bold and 12 <= quoc_hieu.font.size.pt <= 13
    assert tieu_ngu.bold and tieu_ngu.underline and 13 <= tieu_ngu.font.size.pt <= 14
    assert date_line.italic


def test_state_plan_has_no_party_marks(rendered):
    path, markdown, _ = rendered["state"]
    document = Document(str(path))
    assert PARTY_MOTTO not in all_text(document)
    assert "*" not in [p.text.strip() for p in all_paragraphs(document)]
    assert PARTY_MOTTO not in markdown and "<br>\\*<br>" not in markdown


def test_state_title_block_has_a_short_rule_under_the_trich_yeu(rendered):
    path, _, context = rendered["state"]
    document = Document(str(path))
    paragraphs = list(document.paragraphs)
    at = next(i for i, p in enumerate(paragraphs) if p.text == context["trich_yeu"])
    title, rule = paragraphs[at - 1], paragraphs[at + 1]
    assert title.text == "KẾ HOẠCH" and title.runs[0].bold and title.runs[0].font.size.pt == 14
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None


def test_state_closing_signs_for_the_people_s_committee(rendered):
    document = Document(str(rendered["state"][0]))
    left, right = document.tables[-1].rows[0].cells
    noi_nhan = left.paragraphs[0].runs[0]
    assert noi_nhan.bold and noi_nhan.italic and noi_nhan.font.size.pt == 12
    assert {r.font.size.pt for p in left.paragraphs[1:] for r in p.runs} == {11}
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Nam"]
    assert all(p.runs[0].bold for p in lines)


def test_state_closing_without_authority_or_name_starts_with_the_title(tmp_path):
    context = sample_context("state")
    context["unit"].update(authority="", secretary="", signer_title="GIÁM ĐỐC")
    right = render("state", context, tmp_path).tables[-1].rows[0].cells[1]
    assert right.paragraphs[0].text == "GIÁM ĐỐC" and [p.text for p in right.paragraphs if p.text] == ["GIÁM ĐỐC"]


# --- Markdown ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["party", "state"])
def test_markdown_has_the_header_headings_tasks_and_recipients(rendered, fmt):
    _, text, context = rendered[fmt]
    first_row = text.splitlines()[0]
    assert context["unit"]["name_upper"] in first_row and context["unit"]["date_line"] in first_row
    if fmt == "party":
        assert PARTY_MOTTO in first_row and "<br>\\*<br>" in first_row and QUOC_HIEU not in text
    else:
        assert QUOC_HIEU in first_row and TIEU_NGU in first_row and "TM. ỦY BAN NHÂN DÂN" in text
    for heading in context["headings"].values():
        assert text.count(f"## {heading}\n") == 1 and text.count(heading) == 1
    order = [text.index(f"## {context['headings'][key]}") for key in ("purpose", "targets", "tasks", "organisation")]
    assert order == sorted(order)
    assert "| STT | Chỉ tiêu Nghị quyết đề ra | Mức Nghị quyết giao | Chỉ tiêu của đơn vị (dự kiến) |" in text
    assert "| 2 | Kết nạp đảng viên mới | 60 – 70 đảng viên | **02 đảng viên** |" in text
    assert "**1. Công tác chính trị, tư tưởng**" in text and "\n1.1. Tổ chức học tập" in text
    for meta in task_meta(context):
        assert text.count(f" *{meta}*\n") == 1
    for line in context["organisation"]:
        assert f"\n{line}\n" in text
    *most, last = context["recipients"]
    assert all(f"| - {line}, |" in text for line in most) and f"| - {last}. |" in text
    assert "\n\n\n" not in text and "{{" not in text and "{%" not in text


@pytest.mark.parametrize("fmt", ["party", "state"])
def test_markdown_without_targets_or_tasks_shows_the_notes(tmp_path, fmt):
    context = sample_context(fmt)
    context.update(indicators=[], task_groups=[])
    render_markdown(MARKDOWN[fmt], context, tmp_path / "plan.md")
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert f"\n{context['no_indicators']}\n" in text and f"\n{context['no_tasks']}\n" in text
    assert "| STT |" not in text and context["indicator_note"] not in text


# --- the templates are what the script builds ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["party", "state"])
def test_the_shipped_template_is_reproducible_from_its_script(tmp_path, fmt):
    from nqparse.plan.templates.build_template import build

    built = build(tmp_path / DOCX[fmt].name, fmt=fmt)
    read = lambda p: zipfile.ZipFile(p).read("word/document.xml")  # noqa: E731
    assert read(built) == read(DOCX[fmt])


def test_the_templates_carry_no_body_wording_of_their_own():
    """Only the header's fixed words and "Nơi nhận:" are typed into the templates."""
    fixed = {PARTY_MOTTO, QUOC_HIEU, TIEU_NGU, "Nơi nhận:", "*", "-----"}
    for path in DOCX.values():
        document = Document(str(path))
        for paragraph in all_paragraphs(document):
            bare = re.sub(r"\{[{%].*?[%}]\}", "", paragraph.text).strip(" -,.()")
            assert not bare or bare in fixed, f"{path.name}: {paragraph.text!r}"
    old_keys = re.compile(r"\b(goals|reporting|blank|resolution)\b")
    for path in [*DOCX.values(), *MARKDOWN.values()]:
        source = zipfile.ZipFile(path).read("word/document.xml").decode() if path.suffix == ".docx" else path.read_text()
        tags = " ".join(re.findall(r"\{[{%].*?[%}]\}", source))
        assert not old_keys.search(tags), f"{path.name} still reads an older context key"


# --- LibreOffice: the plans open and lay out --------------------------------------------------------------

MM = 72 / 25.4  # PDF points per millimetre


def pdf_chars(path: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, the (y, x, character) of every visible character (centres of their boxes)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in pdf:
            text = page.get_textpage()
            chars = []
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                if char.strip():
                    left, bottom, right, top = text.get_charbox(i, loose=True)
                    chars.append(((bottom + top) / 2, (left + right) / 2, char))
            pages.append(chars)
        return pages
    finally:
        pdf.close()


def reading_order(chars) -> list[str]:
    """The lines of text, top to bottom, each read left to right, without whitespace.

    Sorting by position, not by the order of the PDF's content stream: when the machine lacks
    Times New Roman's Vietnamese glyphs LibreOffice draws them with a fallback font, and the
    stream then holds each line's text in two interleaved pieces.
    """
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for y, x, char in sorted(chars, key=lambda c: -c[0]):
        if lines and lines[-1][0] - y <= 4:
            lines[-1][1].append((x, char))
        else:
            lines.append((y, [(x, char)]))
    return ["".join(char for _, char in sorted(line)) for _, line in lines]


def bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_both_plans_convert_to_pdf_with_libreoffice(rendered, tmp_path):
    binary = shutil.which("soffice")
    if not binary:
        pytest.skip("LibreOffice (soffice) is not on PATH: cannot check that the plans convert to PDF")
    profile = tmp_path / "lo-profile"
    files = [str(rendered[fmt][0]) for fmt in ("party", "state")]
    subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *files], check=True, capture_output=True, timeout=120)
    for fmt in ("party", "state"):
        path, _, context = rendered[fmt]
        pages = pdf_chars(tmp_path / (path.stem + ".pdf"))
        assert 1 <= len(pages) <= 3, f"{fmt}: {len(pages)} pages"
        document = Document(str(path))
        split = (30 + document.tables[0].columns[0].width.mm) * MM  # the header's column boundary
        left = "".join(reading_order(c for c in pages[0] if c[1] < split))
        right = "".join(reading_order(c for c in pages[0] if c[1] >= split))
        unit = context["unit"]
        mottos = [PARTY_MOTTO] if fmt == "party" else [QUOC_HIEU, TIEU_NGU]
        assert bare(unit["parent_upper"] + unit["name_upper"]) in left, f"{fmt}: page 1 lacks the issuer"
        assert bare(unit["number_line"]) in left
        assert bare("".join(mottos) + unit["date_line"]) in right, f"{fmt}: page 1 lacks the motto and date"
        lines = [reading_order(chars) for chars in pages]
        assert bare(context["title"]) in lines[0] and not lines[0][0].isdigit(), "no page number on page 1"
        if len(pages) > 1:
            assert lines[1][0] == "2", "page 2 is numbered at the top"
        whole = "\n".join(line for page in lines for line in page)
        order = [whole.find(bare(context["headings"][key])) for key in ("purpose", "targets", "tasks", "organisation")]
        assert -1 not in order and order == sorted(order), f"{fmt}: headings missing or out of order {order}"
        assert whole.rfind("Nơinhận:") > order[-1] and bare(unit["secretary"]) in whole
