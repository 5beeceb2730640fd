"""Bounded work per document: small crafted files that would run away are read in linear time or
refused in one line (exit 2) — nested text boxes, huge list numbers, deep outlines, decompression
bombs, 20,000 pages, millions of characters — and crafted numbering is bad input, not a crash.

Each file is built here, small; the limits are those a real office never meets (the longest
document in the team's corpus has 45 pages and 0.2 million characters).
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from minipdf import pdf_bytes
from nqparse.cli import main
from nqparse.errors import BadInputError

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: str, numbering: str | None = None, stored: bool = False) -> bytes:
    """A minimal Word package: the body's XML, and numbering.xml when given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
        if numbering is not None:
            z.writestr("word/numbering.xml", f"<w:numbering {W}>{numbering}</w:numbering>")
    return out.getvalue()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def nested_text_boxes(depth: int) -> bytes:
    """A paragraph holding a text box holding a paragraph holding a text box … ``depth`` deep."""
    inner = para("Hộp trong cùng")
    for k in range(depth):
        inner = (f"<w:p><w:r><w:t>Hộp {k}</w:t></w:r><w:r><w:pict><w:txbxContent>{inner}"
                 "</w:txbxContent></w:pict></w:r></w:p>")
    return docx(para("NGHỊ QUYẾT") + inner)


def numbered_list(fmt: str = "decimal", start: str = "1", ilvl: str = "0", paragraph_ilvl: str = "0") -> bytes:
    numbering = (f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    item = (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{paragraph_ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            "<w:r><w:t>Nâng cao chất lượng sinh hoạt chi bộ.</w:t></w:r></w:p>")
    return docx(para("NGHỊ QUYẾT") + item * 3, numbering)


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as caught:
        main(args)
    return caught.value.code, capsys.readouterr().err


def assert_refused(path: Path, capsys, *words: str) -> str:
    """``nqparse parse`` exits 2 with one line naming the file and the problem, writing nothing."""
    out = path.with_suffix(".json")
    code, err = run_cli(["parse", str(path), "-o", str(out)], capsys)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and path.name in lines[0] and "Traceback" not in err, err
    for word in words:
        assert word in lines[0], lines[0]
    assert not out.exists()
    return lines[0]


# -- Word: text boxes and numbering -------------------------------------------------------------


def test_nested_text_boxes_are_each_read_once(monkeypatch):
    """40 nested text boxes (37 KB) never finished: every box re-read the boxes inside it."""
    from nqparse.load import docx as loader

    reads = 0
    read_container = loader.Reader.read_container

    def counting(self, container, cell=None):
        nonlocal reads
        reads += 1
        return read_container(self, container, cell)

    monkeypatch.setattr(loader.Reader, "read_container", counting)
    doc = loader.load_docx(nested_text_boxes(12))
    assert reads == 1 + 12          # the body, then each box once
    texts = [b.text for b in doc.blocks]
    assert texts.count("Hộp 0") == 1 and texts.count("Hộp trong cùng") == 1


def test_forty_nested_text_boxes_are_read_whole(tmp_path):
    from nqparse.load import load_path

    path = tmp_path / "hop-long-nhau.docx"
    path.write_bytes(nested_text_boxes(40))
    texts = [b.text for b in load_path(path).blocks]
    assert [t for t in texts if t.startswith("Hộp")] == [f"Hộp {k}" for k in range(39, -1, -1)] + ["Hộp trong cùng"]


@pytest.mark.parametrize("fmt", ["upperRoman", "lowerRoman", "upperLetter", "lowerLetter"])
def test_a_list_starting_at_ten_to_the_eleventh_is_refused(tmp_path, capsys, fmt):
    """A roman or letter list starting at 10^11 took 2 GB drawing its first label."""
    path = tmp_path / f"so-lon-{fmt}.docx"
    path.write_bytes(numbered_list(fmt, str(10**11)))
    assert_refused(path, capsys, "numbering", "start")


def test_labels_past_the_numbers_word_draws_are_decimal():
    from nqparse.load.docx import format_number

    assert format_number(32767, "upperRoman").startswith("MMMMM")
    assert format_number(10**11, "upperRoman") == str(10**11)
    assert format_number(10**11, "lowerLetter") == str(10**11)
    assert format_number(28, "lowerLetter") == "bb"


@pytest.mark.parametrize("where, value", [
    ("ilvl", "x"), ("start", "²"), ("start", "9" * 5000), ("paragraph_ilvl", "x"), ("paragraph_ilvl", "²"),
])
def test_crafted_numbering_attributes_are_bad_input(tmp_path, capsys, where, value):
    """w:ilvl="x", a superscript or a 5000-digit w:start were internal errors (exit 70)."""
    path = tmp_path / "danh-so-la.docx"
    path.write_bytes(numbered_list(**{where: value}))
    line = assert_refused(path, capsys, "numbering")
    assert len(line) < 300


def test_a_docx_whose_document_part_expands_past_the_limit_is_refused_unread(tmp_path, capsys):
    """A 20 MB .docx within the upload limit expanded to 200 MB of tiny elements: 5 GB in lxml."""
    from nqparse.load import docx as loader

    body = "<w:p/>" * ((loader.MAX_XML_PART // 6) + 1)
    path = tmp_path / "phinh-to.docx"
    path.write_bytes(docx(body, stored=True))   # stored: the zip-bomb ratio check cannot see it
    assert_refused(path, capsys, "document.xml", "MB")


def test_a_part_of_millions_of_tiny_elements_is_refused():
    from nqparse.load import docx as loader

    with pytest.raises(BadInputError, match="XML tags"):
        loader.load_docx(docx("<w:p/>" * (loader.MAX_XML_ELEMENTS + 1), stored=True))


# -- outline ------------------------------------------------------------------------------------


def test_a_300_level_numbered_outline_is_read_without_a_crash(tmp_path, capsys):
    """"1.", "1.1.", "1.1.1." … 300 levels was 'Maximum serialization depth exceeded', exit 70:
    the outline stays within MAX_DEPTH levels (labels deeper than any document's are text)."""
    import json

    from nqparse.structure.outline import MAX_DEPTH

    lines = ["NGHỊ QUYẾT", "về công tác xây dựng Đảng năm 2026", ""]
    lines += [".".join(["1"] * k) + f". Nội dung mục cấp {k}." for k in range(1, 301)]
    path = tmp_path / "dan-y-sau.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "dan-y-sau.json"
    main(["parse", str(path), "-o", str(out)])
    outline = json.loads(out.read_text(encoding="utf-8"))["outline"]

    def depth(node: dict) -> int:
        return 1 + max((depth(child) for child in node.get("children", [])), default=0)

    assert outline and max(depth(node) for node in outline) <= MAX_DEPTH


# -- PDF ----------------------------------------------------------------------------------------

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (NGHI QUYET ve cong tac xay dung Dang nam 2026) Tj ET\n"


def pdf_of(content: bytes, pages: int = 1, flate: bool = False) -> bytes:
    """``pages`` pages sharing one content stream (Flate-compressed when asked)."""
    stream = zlib.compress(content, 9) if flate else content
    kids = b" ".join(b"%d 0 R" % (5 + k) for k in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if flate else b"")
               + stream + b"\nendstream",
               FONT]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
    return pdf_bytes(objects + [page] * pages)


def test_a_pdf_decompression_bomb_is_refused_before_it_is_inflated(tmp_path, capsys):
    """One Flate stream of 1.4 MB inflating to 300 MB of spaces (the probe's took 1.4 GB and counting)."""
    path = tmp_path / "bom-nen.pdf"
    path.write_bytes(pdf_of(TEXT + b" " * (300 * 2**20), flate=True))
    assert path.stat().st_size < 2 * 2**20
    assert_refused(path, capsys, "inflates", "MB")


def test_a_pdf_of_more_pages_than_the_limit_is_refused(tmp_path, capsys, monkeypatch):
    """20,000 pages took 2.4 GB; more than NQPARSE_MAX_PAGES (2000) pages are refused."""
    path = tmp_path / "hai-muoi-nghin-trang.pdf"
    path.write_bytes(pdf_of(TEXT, pages=20_000))
    line = assert_refused(path, capsys, "20,000 pages", "2,000")
    monkeypatch.setenv("NQPARSE_MAX_PAGES", "10")
    small = tmp_path / "muoi-mot-trang.pdf"
    small.write_bytes(pdf_of(TEXT, pages=11))
    assert "11 pages" in assert_refused(small, capsys, "NQPARSE_MAX_PAGES") and line


def test_pages_under_the_limit_are_read(tmp_path, monkeypatch):
    from nqparse.load import load_path

    monkeypatch.setenv("NQPARSE_MAX_PAGES", "3")
    path = tmp_path / "ba-trang.pdf"
    path.write_bytes(pdf_of(TEXT, pages=3))
    assert load_path(path).pages == 3


# -- characters ---------------------------------------------------------------------------------


def test_more_characters_than_the_limit_are_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NQPARSE_MAX_CHARS", "1000")
    path = tmp_path / "dai.txt"
    path.write_text("NGHỊ QUYẾT\n\n" + "Nâng cao chất lượng sinh hoạt chi bộ. " * 40, encoding="utf-8")
    assert_refused(path, capsys, "characters", "1,000", "NQPARSE_MAX_CHARS")
    huge = tmp_path / "rat-dai.txt"
    huge.write_text("NGHỊ QUYẾT\n\n" + "x" * 5000, encoding="utf-8")   # refused before it is decoded
    assert_refused(huge, capsys, "characters", "NQPARSE_MAX_CHARS")


def test_the_character_limit_defaults_to_five_million():
    from nqparse.limits import from_env

    assert from_env({}).max_chars == 5_000_000 and from_env({}).max_pages == 2000
    assert from_env({"NQPARSE_MAX_CHARS": "0"}).max_chars == 0   # 0: no limit


# -- output -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_output_naming_a_folder_is_a_usage_error(tmp_path, capsys, fmt):
    path = tmp_path / "nq.txt"
    path.write_text("NGHỊ QUYẾT\nvề công tác năm 2026\n\n1. Nâng cao chất lượng.\n", encoding="utf-8")
    folder = tmp_path / "ket-qua"
    folder.mkdir()
    code, err = run_cli(["parse", str(path), "-f", fmt, "-o", str(folder)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "folder" in err, err
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob(".*.part"))
