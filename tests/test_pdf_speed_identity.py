"""The fast PDF text layer reads what pdfminer read (issue 12, item 2).

The characters come from PDFium now; pdfminer (pdfplumber) only gives the page tree and the
fonts, reads stamps, and finds ruled tables on pages that draw rules. These tests pin that
down without timing anything:

* the same file read both ways gives the same document — real PDFs, office documents printed by
  LibreOffice (with ruled tables over several pages), rotated and shifted pages;
* pdfminer never interprets a page that draws no rules (the costly part), and does interpret the
  ones that do;
* TCVN3 text keeps its "ư" (code 0xAD, which both libraries read as something else);
* an encrypted file is read by PDFium with its password.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from minipdf import pdf_bytes
from conftest import SAMPLES, SHARED_CORPUS
from test_load_pdf import tiny_pdf

import nqparse.load.pdf_chars as pdf_chars
from nqparse.load import legacy
from nqparse.load.pdf import lay_out, read_text_layer

BLOCK_FIELDS = ("text", "kind", "bold", "italic", "align", "font", "size", "page", "table", "blank_before",
                "hard_wrapped")


# --- reading a file both ways ----------------------------------------------------------------

def without_pdfium(monkeypatch) -> None:
    """Make PDFium unavailable: the reader falls back on pdfminer for every page."""
    def refuse(*args, **kwargs):
        raise RuntimeError("no PDFium in this test")

    monkeypatch.setattr(pdf_chars, "PdfiumPages", refuse)


def document(data: bytes, password: str | None = None):
    return lay_out(read_text_layer(data, None, password), None)


def summary(doc) -> tuple:
    blocks = [tuple(getattr(b, f) for f in BLOCK_FIELDS) for b in doc.blocks]
    tables = [(t.rows, t.cols, t.header_rows, t.ruled, t.page, [(c.row, c.col, c.rowspan, c.colspan, c.blocks)
                                                                for c in t.cells]) for t in doc.tables]
    return blocks, tables, doc.pages, doc.encoding


def both_ways(data: bytes, monkeypatch) -> tuple[tuple, tuple]:
    fast = summary(document(data))
    with monkeypatch.context() as patch:
        without_pdfium(patch)
        slow = summary(document(data))
    return fast, slow


def real(prefix: str) -> bytes:
    path = next((SHARED_CORPUS / "pdf").glob(f"{prefix}_*.pdf"), None)
    if path is None:
        pytest.skip(f"real documents not available: {prefix} is not in {SHARED_CORPUS / 'pdf'}")
    return path.read_bytes()


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, bytes]:
    """The committed office samples and the annex plan (ruled tables over pages) printed to PDF."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot print the samples to PDF")
    from annex_fixture import build_annex_plan

    folder = tmp_path_factory.mktemp("printed")
    (folder / "annex-plan.docx").write_bytes(build_annex_plan().docx)
    sources = [str(p) for p in sorted(SAMPLES.glob("*.docx"))] + [str(folder / "annex-plan.docx")]
    subprocess.run([command, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *sources],
                   check=True, capture_output=True, timeout=240, env={"HOME": str(folder), "PATH": "/usr/bin:/bin"})
    return {Path(s).stem: (folder / f"{Path(s).stem}.pdf").read_bytes() for s in sources}


@pytest.mark.parametrize("prefix", ["B05", "B07", "B10"])
def test_a_real_pdf_reads_the_same_from_pdfium_as_from_pdfminer(prefix, monkeypatch):
    """Header columns, stamped numbers and dates, footnotes, signature: block for block."""
    fast, slow = both_ways(real(prefix), monkeypatch)
    assert fast == slow


def test_office_documents_printed_to_pdf_read_the_same_both_ways(printed, monkeypatch):
    for stem, data in printed.items():
        fast, slow = both_ways(data, monkeypatch)
        assert fast == slow, stem
    annex_tables = [t for t in document(printed["annex-plan"]).tables if t.ruled]
    assert annex_tables and annex_tables[0].rows > 20          # one table over its pages


# --- made-up pages ---------------------------------------------------------------------------

def made_pdf(pages: list[dict]) -> bytes:
    """A PDF of ``pages``: each a dict of runs (font, size, x, y, bytes), optional drawing
    operators, /Rotate and /MediaBox. F1 is Helvetica; F2 a TCVN3 font (.VnTime, not embedded,
    WinAnsi, with its widths: "ư" (0xAD) 560 units wide, the hyphen 333)."""
    objects: list[bytes] = [b"", b""]
    widths = " ".join(str({0x20: 250, 0x2D: 333, 0xAD: 560}.get(code, 500)) for code in range(32, 256))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Type /FontDescriptor /FontName /.VnTime /Flags 32 /FontBBox [-170 -250 1000 900] "
                   b"/ItalicAngle 0 /Ascent 891 /Descent -216 /CapHeight 662 /StemV 80 >>")
    objects.append(b"<< /Type /Font /Subtype /TrueType /BaseFont /.VnTime /FirstChar 32 /LastChar 255 /Widths ["
                   + widths.encode() + b"] /Encoding /WinAnsiEncoding /FontDescriptor 4 0 R >>")
    kids = []
    for page in pages:
        content = page.get("drawing", b"") + b"".join(
            b"BT /%s %g Tf %g %g Td (%s) Tj ET\n" % (font.encode(), size, x, y,
                                                      text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)"))
            for font, size, x, y, text in page["runs"])
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        box = " ".join(str(v) for v in page.get("mediabox", (0, 0, 595, 842))).encode()
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Rotate %d /Resources << /Font << /F1 3 0 R "
                       b"/F2 5 0 R >> >> /Contents %d 0 R >>" % (box, page.get("rotate", 0), len(objects)))
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return pdf_bytes(objects)


def tcvn3(text: str) -> bytes:
    return legacy.from_unicode_tcvn3(text).encode("cp1252")


GRID = b"0 0 0 RG 1 w 70 600 m 500 600 l S 70 560 m 500 560 l S 70 520 m 500 520 l S " \
       b"70 600 m 70 520 l S 250 600 m 250 520 l S 500 600 m 500 520 l S\n"


def test_rotated_and_shifted_pages_read_as_pdfminer_reads_them(monkeypatch):
    data = made_pdf([
        {"rotate": 90, "runs": [("F1", 12, 72, 500, b"Trang xoay 90 do"), ("F1", 12, 72, 480, b"Dong thu hai")]},
        {"rotate": 180, "runs": [("F1", 12, 72, 500, b"Trang lon nguoc")]},
        {"mediabox": (0, -100, 595, 742), "runs": [("F1", 12, 72, 500, b"Hop trang lech goc"),
                                                   ("F1", 12, 300, 500, b"cot phai")]},
    ])
    fast, slow = both_ways(data, monkeypatch)
    assert fast == slow


def test_tcvn3_text_keeps_its_ư_within_a_line_and_at_its_end():
    """TCVN3 draws "ư" with code 0xAD: pdfminer's WinAnsi read it as a blank ("Trung ơng"),
    PDFium's as a hyphen, and at the end of a line PDFium marks it as a line-end hyphen."""
    data = made_pdf([{"runs": [("F2", 14, 72, 720, tcvn3("Kế hoạch đầu tư")),
                               ("F2", 14, 72, 700, tcvn3("công của Ban Chấp hành Trung ương -")),
                               ("F2", 14, 72, 680, tcvn3("năm 2026"))]}])
    assert [b.text for b in document(data).blocks] == ["Kế hoạch đầu tư", "công của Ban Chấp hành Trung ương -",
                                                       "năm 2026"]


# --- what pdfminer is still asked to do -------------------------------------------------------

@pytest.fixture
def interpreted(monkeypatch) -> list:
    """The pages pdfminer's interpreter runs through (the costly part of pdfplumber)."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    pages: list = []
    original = PDFPageInterpreter.process_page

    def counting(self, page):
        pages.append(page)
        return original(self, page)

    monkeypatch.setattr(PDFPageInterpreter, "process_page", counting)
    return pages


def test_a_page_without_rules_is_never_interpreted_by_pdfminer(interpreted):
    data = made_pdf([{"runs": [("F1", 12, 72, 700, b"Ke hoach so 12-KH/UBND")]},
                     {"runs": [("F1", 12, 72, 700, b"Trang hai")], "drawing": b"70 690 m 300 690 l S\n"}])
    assert [b.text for b in document(data).blocks] == ["Ke hoach so 12-KH/UBND", "Trang hai"]
    assert interpreted == []          # an underline is no table: page 2 is not searched either


def test_a_stamped_page_is_read_without_interpreting_it(interpreted):
    from test_load_pdf import squeeze, stamped_pdf

    assert [squeeze(b.text) for b in document(stamped_pdf()).blocks] == ["So 12 /KH-UBND"]
    assert interpreted == []


def test_only_a_page_that_draws_rules_goes_to_the_table_finder(interpreted):
    data = made_pdf([
        {"runs": [("F1", 12, 72, 700, b"Ke hoach so 12-KH/UBND")]},
        {"runs": [("F1", 12, 72, 700, b"Phu luc"), ("F1", 11, 80, 575, b"Nhiem vu"), ("F1", 11, 260, 575, b"Chu tri"),
                  ("F1", 11, 80, 535, b"Ra soat"), ("F1", 11, 260, 535, b"So Tu phap")], "drawing": GRID},
    ])
    doc = document(data)
    assert len(interpreted) == 1                     # page 2, for its rules
    [table] = [t for t in doc.tables if t.ruled]
    assert (table.rows, table.cols, table.page) == (2, 2, 2)
    assert [[doc.blocks[k].text for k in c.blocks] for c in table.cells] == \
        [["Nhiem vu"], ["Chu tri"], ["Ra soat"], ["So Tu phap"]]


def test_an_encrypted_pdf_is_read_by_pdfium_with_its_password(monkeypatch):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to make an encrypted PDF")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(tiny_pdf("Ke hoach so 12-KH/UBND"))))
    writer.encrypt(user_password="matkhau", owner_password="chu-so-huu", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    read = []
    original = pdf_chars.PdfiumPage.chars
    monkeypatch.setattr(pdf_chars.PdfiumPage, "chars", lambda self: read.append(1) or original(self))
    assert [b.text for b in document(out.getvalue(), "matkhau").blocks] == ["Ke hoach so 12-KH/UBND"]
    assert read == [1]


def test_without_pdfium_every_page_is_read_by_pdfminer(monkeypatch, interpreted):
    without_pdfium(monkeypatch)
    data = made_pdf([{"runs": [("F1", 12, 72, 700, b"Ke hoach")]}, {"runs": [("F1", 12, 72, 700, b"Trang hai")]}])
    assert [b.text for b in document(data).blocks] == ["Ke hoach", "Trang hai"]
    assert len(interpreted) == 2
