"""The PDF loader reads the text layer in the order a person reads the page.

Two kinds of evidence: the team's office .docx samples printed to PDF by LibreOffice (the
same words must come back, paragraph by paragraph, as in the .txt), and real PDFs from
../shared/corpus/pdf (header columns kept apart, page numbers dropped, scans refused).
"""
from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from minipdf import pdf_bytes
from conftest import SAMPLES, SHARED_CORPUS, need_shared_corpus
from officedoc import expected_lines

from nqparse.errors import EncryptedDocumentError, ScannedDocumentError
from nqparse.load import load_path
from nqparse.load.pdf import load_pdf

PDF_DIR = SHARED_CORPUS / "pdf"
SAMPLE_STEMS = sorted(p.stem for p in SAMPLES.glob("*.docx"))


def paragraphs(blocks) -> list[str]:
    """Join lines into paragraphs the way the loader's hints say (cells stay one per line)."""
    out: list[str] = []
    for b in blocks:
        if out and not b.blank_before and b.kind == "line":
            out[-1] += " " + b.full_text
        else:
            out.append(b.full_text)
    return out


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot print the sample .docx to PDF "
                    "(Debian: apt-get install libreoffice-writer-nogui)")
    return exe


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory) -> dict[str, Path]:
    """The committed sample .docx files printed to PDF by LibreOffice, once per module."""
    exe = soffice()
    out = tmp_path_factory.mktemp("office-pdf")
    profile = (out / "profile").as_uri()
    sources = [str(SAMPLES / f"{stem}.docx") for stem in SAMPLE_STEMS]
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                    "--outdir", str(out), *sources], check=True, capture_output=True, timeout=240)
    return {stem: out / f"{stem}.pdf" for stem in SAMPLE_STEMS}


@pytest.fixture(scope="module")
def office_docs(office_pdfs) -> dict:
    """Each printed sample loaded once."""
    return {stem: load_pdf(pdf.read_bytes(), path=pdf) for stem, pdf in office_pdfs.items()}


@lru_cache(maxsize=None)
def real_pdf(prefix: str, pages: tuple[int, ...] = ()):
    """A real PDF loaded once per session; ``pages`` (0-based) cuts a smaller PDF first."""
    need_shared_corpus()
    path = next(PDF_DIR.glob(f"{prefix}_*.pdf"), None)
    if path is None:
        pytest.skip(f"{prefix} is not in {PDF_DIR}")
    data = path.read_bytes()
    if pages:
        data = cut_pages(data, pages)
    return load_pdf(data, path=path)


def cut_pages(data: bytes, pages: tuple[int, ...]) -> bytes:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to cut pages out of a long PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter()
    for k in pages:
        writer.add_page(reader.pages[k if k >= 0 else len(reader.pages) + k])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the office samples, through LibreOffice ---------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_office_docx_printed_to_pdf_reads_as_the_text(office_docs, stem):
    doc = office_docs[stem]
    assert paragraphs(doc.blocks) == expected_lines((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8"))
    assert doc.pages and doc.pages > 1
    assert all(b.page for b in doc.blocks)


@pytest.mark.slow
def test_header_columns_of_the_printed_sample_are_cells(office_docs):
    doc = office_docs["nq-chi-bo-mau-2026"]
    left = [b.text for b in doc.blocks if b.table == (0, 0, 0)]
    right = [b.text for b in doc.blocks if b.table == (0, 0, 1)]
    assert left == ["ĐẢNG BỘ TỈNH VĨNH LAM", "ĐẢNG ỦY XÃ TÂN LAM", "*", "Số 05-NQ/ĐU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Tân Lam, ngày 15 tháng 01 năm 2026"]
    assert doc.blocks[0].bold and next(b for b in doc.blocks if b.text.startswith("Tân Lam")).italic


# --- real PDFs --------------------------------------------------------------------------------

def test_party_header_columns_do_not_interleave():
    doc = real_pdf("B01", (0, 1, -1))
    head = [(b.table, b.text) for b in doc.blocks[:6]]
    assert head == [
        ((0, 0, 0), "BAN CHẤP HÀNH TRUNG ƯƠNG"), ((0, 0, 0), "*"), ((0, 0, 0), "Số 294-QĐ/TW"),
        ((0, 0, 1), "ĐẢNG CỘNG SẢN VIỆT NAM"), ((0, 0, 1), "---------------"),
        ((0, 0, 1), "Hà Nội, ngày 26 tháng 5 năm 2025"),
    ]
    assert doc.blocks[6].text == "QUY ĐỊNH" and doc.blocks[6].table is None and doc.blocks[6].bold


def test_signature_block_is_read_column_by_column():
    doc = real_pdf("B01", (0, 1, -1))
    left = [b.text for b in doc.blocks if b.table and b.table[0] > 0 and b.table[2] == 0]
    right = [b.text for b in doc.blocks if b.table and b.table[0] > 0 and b.table[2] == 1]
    assert left[0] == "Nơi nhận:" and left[-1] == "- Lưu Văn phòng Trung ương Đảng."
    assert "- Các đồng chí Ủy viên Ban Chấp hành Trung ương Đảng," in left   # wrapped inside its cell
    assert right == ["T/M BAN CHẤP HÀNH TRUNG ƯƠNG", "TỔNG BÍ THƯ", "Tô Lâm"]


def test_running_page_numbers_are_dropped():
    for doc in (real_pdf("B01", (0, 1, -1)), real_pdf("B05")):
        assert not [b.text for b in doc.blocks if b.text.strip().isdigit()]


def test_lines_carry_paragraph_hints():
    doc = real_pdf("B05")
    paras = paragraphs(doc.blocks)
    assert "- Đảm bảo tuyệt đối an toàn cho trẻ về thể chất và tinh thần trong các cơ sở giáo dục mầm non (GDMN)." in paras
    assert "1. Mục tiêu" in paras
    first = next(b for b in doc.blocks if b.text.startswith("Thực hiện Kế hoạch Chuyên đề"))
    assert first.blank_before and first.hard_wrapped and first.page == 1


def test_a_footnote_is_read_after_the_text_not_between_its_paragraphs():
    doc = real_pdf("B05")
    texts = [b.text for b in doc.blocks]
    note = texts.index("1 Đánh giá các cấp quản lý, các cơ sở GDMN trong việc thực hiện Chương trình hành động")
    assert texts.index("Nguyễn Văn Thêm") < note          # after the signature, out of the plan's items
    assert texts[texts.index("GD&ĐT.") + 1].startswith("2.2. Hướng dẫn")   # its raised mark "1" dropped


def test_state_header_and_blank_number():
    doc = real_pdf("B05")
    left = [b.text for b in doc.blocks if b.table == (0, 0, 0)]
    right = [b.text for b in doc.blocks if b.table == (0, 0, 1)]
    assert left == ["UBND TỈNH BẮC GIANG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số   25 /KH-SGDĐT"]   # 25: see stamps below
    assert right == ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Bắc Giang, ngày 27 tháng 3 năm 2020"]


def test_blank_party_number_keeps_its_gap():
    doc = real_pdf("B04", (0,))
    assert "Số   -HD/BTCTU" in [b.text for b in doc.blocks if b.table == (0, 0, 0)]


def test_image_only_pdf_is_refused_when_ocr_is_off():
    need_shared_corpus()
    path = next(PDF_DIR.glob("B09_*.pdf"))
    with pytest.raises(ScannedDocumentError, match=r"no text layer \(scanned\) and OCR is off \(--ocr never\)"):
        load_path(path, ocr="never")


def test_ocr_layer_without_diacritics_loads_with_a_warning():
    doc = real_pdf("B06", (0, 1, 2))
    assert doc.blocks
    assert any("diacritics" in w for w in doc.warnings)
    assert not real_pdf("B05").warnings


# --- encrypted PDFs -----------------------------------------------------------------------------

def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with one line of Helvetica text (ASCII), built by hand."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_bytes(objects)


@pytest.fixture(scope="module")
def encrypted_pdf() -> bytes:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to make an encrypted PDF fixture")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(tiny_pdf("Ke hoach so 12-KH/UBND"))))
    writer.encrypt(user_password="matkhau", owner_password="chu-so-huu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_tiny_pdf_fixture_is_readable():
    assert [b.text for b in load_pdf(tiny_pdf("Ke hoach so 12-KH/UBND")).blocks] == ["Ke hoach so 12-KH/UBND"]


def test_encrypted_pdf_without_password_asks_for_one(encrypted_pdf):
    with pytest.raises(EncryptedDocumentError, match="--password"):
        load_pdf(encrypted_pdf, path="mat.pdf")


def test_encrypted_pdf_with_wrong_password(encrypted_pdf):
    with pytest.raises(EncryptedDocumentError, match="wrong password"):
        load_pdf(encrypted_pdf, path="mat.pdf", password="sai")


def test_encrypted_pdf_with_the_right_password_loads(encrypted_pdf):
    doc = load_pdf(encrypted_pdf, path="mat.pdf", password="matkhau")
    assert [b.text for b in doc.blocks] == ["Ke hoach so 12-KH/UBND"]


# --- the whole pipeline agrees across formats ----------------------------------------------------

def outline_paths(nodes) -> list[tuple[str, str]]:
    out = []
    for node in nodes:
        d = node if isinstance(node, dict) else node.model_dump()
        out.append((d.get("path") or d.get("id"), d.get("heading") or ""))
        out.extend(outline_paths(d.get("children") or []))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_txt_docx_and_pdf_give_the_same_metadata_and_outline(office_pdfs, stem):
    import nqparse

    results = [nqparse.parse(p) for p in (SAMPLES / f"{stem}.txt", SAMPLES / f"{stem}.docx", office_pdfs[stem])]
    # the title is left out: how the .txt's two title lines are joined is the text loader's business
    metadata = [r.metadata.model_dump(exclude={"title"}) for r in results]
    outlines = [outline_paths(r.outline) for r in results]
    assert metadata[0]["code"] and len(outlines[0]) > 10
    assert metadata[1] == metadata[0] and metadata[2] == metadata[0]
    assert outlines[1] == outlines[0] and outlines[2] == outlines[0]


# --- numbers and dates stamped by e-office signature widgets ----------------------------------------
# The văn thư's signing software writes the number and the date into the appearance of a signature
# widget over the blanks the page leaves ("Số      /KH-SGDĐT"); a reader of the page content alone
# gets the blanks. pdftotext shows the stamps, and so must we.

def squeeze(text: str) -> str:
    return " ".join(text.split())


def stamped_lines(prefix: str) -> list[str]:
    return [squeeze(b.text) for b in real_pdf(prefix, (0,)).blocks]


def test_stamped_number_is_read_into_its_blank():
    assert "Số 25 /KH-SGDĐT" in stamped_lines("B05")
    assert "Số: 6 /2020/QĐ-UBND" in stamped_lines("B07")


def test_stamped_number_day_and_month_are_read_into_their_blanks():
    lines = stamped_lines("B08")
    assert "Số: 19 /2025/QĐ-UBND" in lines
    assert "Hà Nội, ngày 28 tháng 02 năm 2025" in lines
    assert "Hiệp Hoà, ngày 30 tháng 10 năm 2020" in stamped_lines("B10")


def test_signature_caption_is_not_document_text():
    """The signature's own caption ("Sở Giáo dục và Đào tạo / 2020.03.27 14:26:14 +07:00", 8 pt)
    describes the signature; it must not land between the title and the signer's name."""
    texts = [b.text for b in real_pdf("B05").blocks]
    assert not [t for t in texts if "14:26:14" in t]
    signer = texts.index("Nguyễn Văn Thêm")     # the page-1 footnote follows it
    assert texts[signer - 2:signer + 1] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Thêm"]


def test_signature_caption_over_a_scan_stays_out_of_the_ocr_layer():
    assert not [b.text for b in real_pdf("B06", (0, 1, 2)).blocks if "Thời gian ký" in b.text]


@lru_cache(maxsize=None)
def analysed_head_and_tail(prefix: str):
    """First and last page of a real PDF through load → normalize → structure, once per session."""
    import nqparse

    need_shared_corpus()
    path = next(PDF_DIR.glob(f"{prefix}_*.pdf"), None)
    if path is None:
        pytest.skip(f"{prefix} is not in {PDF_DIR}")
    return nqparse.analyse(cut_pages(path.read_bytes(), (0, -1)), filename=path.name)


@pytest.mark.parametrize("prefix, code, date", [
    ("B05", "25/KH-SGDĐT", "2020-03-27"),
    ("B07", "6/2020/QĐ-UBND", "2020-09-22"),
    ("B08", "19/2025/QĐ-UBND", "2025-02-28"),
    ("B10", "25/KH-PGD&ĐT", "2020-10-30"),
])
def test_stamped_number_and_date_reach_the_metadata(prefix, code, date):
    metadata = analysed_head_and_tail(prefix).metadata
    assert metadata.code == code
    assert str(metadata.date) == date


def stamped_pdf() -> bytes:
    """A page "So      /KH-UBND" with three widgets: one stamping "12" into the blank (its form
    drawn at twice the size and fitted to its /Rect), one a 7 pt signature caption, one broken."""
    stamp = b"BT /F1 28 Tf 4 10 Td (12) Tj ET"
    caption = b"BT /F1 7 Tf 2 4 Td (Ky boi: Van thu 2020.03.27) Tj ET"
    content = b"BT /F1 14 Tf 72 720 Td (So) Tj ET BT /F1 14 Tf 140 720 Td (/KH-UBND) Tj ET"

    def stream(extra: bytes, data: bytes) -> bytes:
        return b"<< %s /Length %d >>\nstream\n" % (extra, len(data)) + data + b"\nendstream"

    form = b"/Type /XObject /Subtype /Form /Resources << /Font << /F1 5 0 R >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R /Annots [6 0 R 8 0 R 10 0 R] >>",
        stream(b"", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /Rect [100 715 130 735] /AP << /N 7 0 R >> >>",
        stream(form + b" /BBox [0 0 60 40]", stamp),
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /F 4 /Rect [300 500 400 530] /AP << /N 9 0 R >> >>",
        stream(form + b" /BBox [0 0 100 30]", caption),
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [1 2] /AP << /N 5 0 R >> >>",
    ]
    return pdf_bytes(objects)


def test_widget_stamp_is_placed_where_it_is_drawn_and_caption_and_broken_widget_are_ignored():
    doc = load_pdf(stamped_pdf(), path="stamped.pdf")
    assert [squeeze(b.text) for b in doc.blocks] == ["So 12 /KH-UBND"]


# --- running heads, on made-up pages ---------------------------------------------------------------

def made_up_page(number: int, texts: list[tuple[float, str]]):
    from nqparse.load.pdf import Line, Word

    return [Line([Word(t, 85, 85 + 6 * len(t), top, top + 12, 12.0, "Times")], number) for top, t in texts]


def test_running_header_repeated_on_most_pages_is_dropped_but_body_kept():
    from nqparse.load.pdf import drop_running_heads

    pages = [made_up_page(n, [(30, f"Quy định 294-QĐ/TW - trang {n}"), (100, f"Nội dung trang {n}"), (800, str(n))])
             for n in range(1, 6)]
    kept = drop_running_heads(pages, [842.0] * 5)
    assert [[ln.text for ln in page] for page in kept] == [[f"Nội dung trang {n}"] for n in range(1, 6)]
