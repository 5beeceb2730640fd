"""The .docx loader reads what a person sees in Word: cells, numbering labels, legacy fonts.

The documents are laid out the way offices do it (tests/officedoc.py): a borderless header
table, Word automatic numbering for headings and lists, a signature table.
"""
from __future__ import annotations

import io
import zipfile

import pytest

from conftest import SAMPLES, SEED, need_shared_corpus
from officedoc import build_docx, expected_lines

from nqparse.load.docx import load_docx

SAMPLE_STEMS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def lines_of(doc) -> list[str]:
    return [b.full_text for b in doc.blocks]


# --- the office layout, end to end --------------------------------------------------------

@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_committed_sample_docx_reads_as_its_text(stem):
    docx = SAMPLES / f"{stem}.docx"
    assert docx.is_file(), f"run python corpus/make_docx.py to build {docx.name}"
    doc = load_docx(docx.read_bytes(), path=docx)
    assert lines_of(doc) == expected_lines((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_committed_sample_docx_is_rebuilt_from_the_current_text(stem):
    fresh = build_docx((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8"))
    with zipfile.ZipFile(io.BytesIO(fresh)) as new, zipfile.ZipFile(SAMPLES / f"{stem}.docx") as old:
        stale = [n for n in new.namelist() if n not in old.namelist() or new.read(n) != old.read(n)]
    assert not stale, f"corpus/{stem}.docx is out of date ({stale}): run python corpus/make_docx.py"


def test_seed_resolution_as_office_docx_keeps_every_line_and_label():
    need_shared_corpus()
    text = SEED.read_text(encoding="utf-8")
    doc = load_docx(build_docx(text))
    assert lines_of(doc) == expected_lines(text)
    labels = [b.label for b in doc.blocks if b.label and b.label not in "-+"]
    assert labels[:3] == ["I-", "1.", "2."]
    assert "2.4." in labels and labels.index("(1)") < labels.index("(5)") < labels.index("III-")


def test_numbering_labels_are_not_in_the_paragraph_text():
    doc = load_docx((SAMPLES / "nq-chi-bo-mau-2026.docx").read_bytes())
    heading = next(b for b in doc.blocks if b.label == "I-")
    assert heading.text == "MỤC TIÊU, CHỈ TIÊU"
    assert heading.bold
    # the builder really used Word numbering: the label is nowhere in document.xml
    with zipfile.ZipFile(SAMPLES / "nq-chi-bo-mau-2026.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "I- MỤC TIÊU" not in body and "<w:numPr>" in body


def test_header_is_read_column_by_column_as_cells():
    doc = load_docx((SAMPLES / "kh-ubnd-mau-2026.docx").read_bytes())
    header = [(b.table, b.text) for b in doc.blocks if b.table and b.table[0] == 0]
    assert header == [
        ((0, 0, 0), "ỦY BAN NHÂN DÂN"), ((0, 0, 0), "XÃ TÂN LAM"), ((0, 0, 0), "Số: 179/KH-UBND"),
        ((0, 0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ((0, 0, 1), "Độc lập - Tự do - Hạnh phúc"),
        ((0, 0, 1), "Tân Lam, ngày 26 tháng 01 năm 2026"),
    ]
    assert all(b.kind == "cell" for b in doc.blocks if b.table)


def test_style_hints_are_kept():
    doc = load_docx((SAMPLES / "kh-ubnd-mau-2026.docx").read_bytes())
    by_text = {b.text: b for b in doc.blocks}
    date = by_text["Tân Lam, ngày 26 tháng 01 năm 2026"]
    assert date.italic and date.align == "center"
    title = by_text["KẾ HOẠCH"]
    assert title.bold and title.align == "center" and title.kind == "paragraph"
    assert title.font == "Times New Roman" and title.size == 14
    body = next(b for b in doc.blocks if b.text.startswith("Căn cứ Luật"))
    assert not body.bold and body.align == "justify"


def test_signature_block_is_a_table_after_the_body():
    doc = load_docx((SAMPLES / "kh-ubnd-mau-2026.docx").read_bytes())
    last = doc.blocks[-4:]
    assert [b.text for b in last] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Thu Hà"]
    assert {b.table for b in last} == {(1, 0, 1)}


def test_page_header_with_page_number_is_not_content():
    data = (SAMPLES / "nq-chi-bo-mau-2026.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert any(n.startswith("word/header") for n in z.namelist())
    assert "2" not in lines_of(load_docx(data))


@pytest.mark.parametrize("font, marker", [("TCVN3", ".VnTime"), ("VNI", "VNI-Times")])
def test_legacy_font_docx_comes_out_as_unicode(font, marker):
    text = (SAMPLES / "nq-chi-bo-mau-2026.txt").read_text(encoding="utf-8")
    data = build_docx(text, font=font)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert marker in xml and "Đảng" not in xml          # really written in legacy codes
    assert lines_of(load_docx(data)) == expected_lines(text)


def test_tcvn3_capital_font_runs_are_upper_case():
    data = build_docx((SAMPLES / "nq-chi-bo-mau-2026.txt").read_text(encoding="utf-8"), font="TCVN3")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert ".VnTimeH" in z.read("word/document.xml").decode("utf-8")
    doc = load_docx(data)
    assert doc.blocks[0].text == "ĐẢNG BỘ TỈNH VĨNH LAM"


# --- numbering rules, on hand-made numbering.xml -------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(body: str, numbering: str = "", styles: str = "") -> bytes:
    """A minimal .docx with the given body XML (and numbering/styles parts)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>')
        if numbering:
            z.writestr("word/numbering.xml", f'<?xml version="1.0"?><w:numbering {W_NS}>{numbering}</w:numbering>')
        if styles:
            z.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles {W_NS}>{styles}</w:styles>')
    return out.getvalue()


def para(text: str, num: int | None = None, ilvl: int = 0, style: str | None = None, extra: str = "") -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    return f'<w:p><w:pPr>{ppr}{extra}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


HEADINGS = abstract(1, level(0, "upperRoman", "%1-"), level(1, "decimal", "%2."), level(2, "decimal", "%2.%3."),
                    level(3, "decimal", "(%4)"), level(4, "lowerLetter", "%5)"))


def test_multilevel_counters_restart_under_a_new_parent():
    body = "".join([para("A", 1, 0), para("a1", 1, 1), para("a2", 1, 1), para("a2x", 1, 2), para("a2y", 1, 2),
                    para("B", 1, 0), para("b1", 1, 1), para("b1x", 1, 2), para("p", 1, 3), para("q", 1, 3),
                    para("l", 1, 4), para("m", 1, 4)])
    doc = load_docx(make_docx(body, HEADINGS + num(1, 1)))
    assert lines_of(doc) == ["I- A", "1. a1", "2. a2", "2.1. a2x", "2.2. a2y", "II- B", "1. b1", "1.1. b1x",
                             "(1) p", "(2) q", "a) l", "b) m"]


def test_lists_sharing_an_abstract_list_continue_and_start_override_restarts():
    numbering = HEADINGS + num(1, 1) + num(2, 1) + num(
        3, 1, '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="7"/></w:lvlOverride>')
    body = para("x", 1, 1) + para("y", 2, 1) + para("z", 3, 1) + para("w", 3, 1)
    assert lines_of(load_docx(make_docx(body, numbering))) == ["1. x", "2. y", "7. z", "8. w"]


def test_lvl_restart_zero_keeps_counting_across_parents():
    numbering = abstract(1, level(0, "upperRoman", "%1."),
                         level(1, "decimal", "Điều %2.", extra='<w:lvlRestart w:val="0"/>')) + num(1, 1)
    body = para("A", 1, 0) + para("x", 1, 1) + para("B", 1, 0) + para("y", 1, 1)
    assert lines_of(load_docx(make_docx(body, numbering))) == ["I. A", "Điều 1. x", "II. B", "Điều 2. y"]


@pytest.mark.parametrize("fmt, text, start, expected", [
    ("lowerRoman", "%1.", 1, ["i. a", "ii. b", "iii. c"]),
    ("upperLetter", "%1)", 1, ["A) a", "B) b", "C) c"]),
    ("decimalZero", "%1.", 8, ["08. a", "09. b", "10. c"]),
    ("decimal", "%1-", 1, ["1- a", "2- b", "3- c"]),
    ("none", "%1", 1, ["a", "b", "c"]),
])
def test_number_formats(fmt, text, start, expected):
    numbering = abstract(1, level(0, fmt, text, start)) + num(1, 1)
    body = para("a", 1) + para("b", 1) + para("c", 1)
    assert lines_of(load_docx(make_docx(body, numbering))) == expected


def test_legal_numbering_shows_parents_in_decimal():
    numbering = abstract(1, level(0, "upperRoman", "%1."),
                         level(1, "decimal", "%1.%2.", extra="<w:isLgl/>")) + num(1, 1)
    body = para("A", 1, 0) + para("B", 1, 0) + para("x", 1, 1)
    assert lines_of(load_docx(make_docx(body, numbering))) == ["I. A", "II. B", "2.1. x"]


@pytest.mark.parametrize("glyph, label", [("-", "-"), ("•", "-"), ("\uf0b7", "-"), ("–", "-"), ("+", "+"), ("o", "-")])
def test_bullets_become_dash_or_plus(glyph, label):
    numbering = abstract(1, level(0, "bullet", glyph)) + num(1, 1)
    doc = load_docx(make_docx(para("việc cần làm", 1), numbering))
    assert doc.blocks[0].label == label and doc.blocks[0].text == "việc cần làm"


def test_numbering_from_the_paragraph_style():
    styles = ('<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/>'
              '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>')
    body = para("MỤC TIÊU", style="Heading1") + para("Mục tiêu chung", style="Heading2") + para("NHIỆM VỤ", style="Heading1")
    doc = load_docx(make_docx(body, HEADINGS + num(1, 1), styles))
    assert lines_of(doc) == ["I- MỤC TIÊU", "1. Mục tiêu chung", "II- NHIỆM VỤ"]
    assert all(b.bold for b in doc.blocks)


def test_num_id_zero_switches_numbering_off():
    styles = ('<w:style w:type="paragraph" w:styleId="List"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    body = para("a", style="List") + para("plain", 0, style="List") + para("b", style="List")
    assert lines_of(load_docx(make_docx(body, HEADINGS + num(1, 1), styles))) == ["I- a", "plain", "II- b"]


# --- tables, runs, revisions ---------------------------------------------------------------

def cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{para(text)}</w:tc>"


def test_merged_cells_are_read_once_with_their_grid_column():
    span, restart, merged = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    table = ("<w:tbl>"
             f"<w:tr>{cell('A', span)}{cell('B', restart)}</w:tr>"
             f"<w:tr>{cell('C')}{cell('D')}{cell('', merged)}</w:tr>"
             "</w:tbl>")
    doc = load_docx(make_docx(para("trước") + table + para("sau")))
    assert [(b.text, b.table) for b in doc.blocks] == [
        ("trước", None), ("A", (0, 0, 0)), ("B", (0, 0, 2)), ("C", (0, 1, 0)), ("D", (0, 1, 1)), ("sau", None)]


def test_tracked_deletions_are_dropped_and_insertions_and_links_kept():
    body = ('<w:p><w:r><w:t xml:space="preserve">Kết nạp </w:t></w:r>'
            '<w:del><w:r><w:delText>100</w:delText></w:r></w:del>'
            '<w:ins><w:r><w:t>120</w:t></w:r></w:ins>'
            '<w:hyperlink><w:r><w:t xml:space="preserve"> đảng viên</w:t></w:r></w:hyperlink></w:p>')
    assert lines_of(load_docx(make_docx(body))) == ["Kết nạp 120 đảng viên"]


def test_mixed_runs_are_converted_one_run_at_a_time():
    body = ('<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t xml:space="preserve">§¶ng bé </w:t></w:r>'
            '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr><w:t>xã®</w:t></w:r></w:p>')
    doc = load_docx(make_docx(body))
    assert doc.blocks[0].text == "Đảng bộ xã®"


def test_style_font_decides_legacy_conversion():
    styles = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>'
              '<w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>')
    doc = load_docx(make_docx(para("KÕ ho¹ch"), styles=styles))
    assert doc.blocks[0].text == "Kế hoạch" and doc.blocks[0].size == 14


def test_empty_paragraphs_mark_the_next_block():
    doc = load_docx(make_docx(para("một") + "<w:p/>" + para("hai") + para("ba")))
    assert [(b.text, b.blank_before) for b in doc.blocks] == [("một", False), ("hai", True), ("ba", False)]
