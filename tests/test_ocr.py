"""Scans and images: read by OCR as a text PDF would be read.

The scan is made here: the project's own sample resolution (corpus/nq-chi-bo-mau-2026.docx)
printed to PDF by LibreOffice, rasterised by pdftoppm at 200 dpi in grey, each page turned a
little (one upside down) and speckled with noise by Pillow, and wrapped again as an image-only
PDF. What OCR reads from it is compared with what the text version gives.
"""
from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

import nqparse
from nqparse import errors
from nqparse.cli import main
from nqparse.load.ocr import OcrSettings, tesseract_problem

from conftest import SAMPLES

SAMPLE_DOCX = SAMPLES / "nq-chi-bo-mau-2026.docx"
SAMPLE_TEXT = SAMPLES / "nq-chi-bo-mau-2026.txt"
METADATA_FIELDS = ("family", "doc_type", "number", "symbol", "code", "date", "place", "issuer", "parent_issuer", "title")


def need_ocr_tools() -> None:
    if tesseract_problem():
        pytest.skip(f"OCR not available here: {tesseract_problem()}")
    for tool in ("soffice", "pdftoppm"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed: cannot make a scan to read")


def scanned_pages(folder: Path) -> list:
    """The sample printed, rasterised at 200 dpi grey, turned (page 2 upside down) and speckled."""
    from PIL import Image

    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(SAMPLE_DOCX)], check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(folder / (SAMPLE_DOCX.stem + ".pdf")),
                    str(folder / "page")], check=True, capture_output=True, timeout=120)
    rng = random.Random(7)
    pages = []
    for n, png in enumerate(sorted(folder.glob("page-*.png"))):
        image = Image.open(png).convert("L")
        image = image.rotate(181.0 if n == 1 else 1.2, resample=Image.BICUBIC, fillcolor=255)
        pixels = image.load()
        width, height = image.size
        for _ in range(width * height // 400):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 60, 200))
        pages.append(image)
    return pages


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    need_ocr_tools()
    folder = tmp_path_factory.mktemp("scan")
    pages = scanned_pages(folder)
    path = folder / "nghi-quyet-quet.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=200)
    return path


@pytest.fixture(scope="module")
def read_scan(scan):
    return nqparse.parse(scan, ocr=OcrSettings(jobs=2))


@pytest.fixture(scope="module")
def text_version():
    return nqparse.parse(SAMPLE_TEXT)


def f1(found, expected) -> float:
    found, expected = set(found), set(expected)
    if not found and not expected:
        return 1.0
    return 2 * len(found & expected) / (len(found) + len(expected))


# --- what is read ------------------------------------------------------------------------------

def test_a_scan_gives_every_metadata_field_of_the_text_version(read_scan, text_version):
    """Judged as `nqparse eval` judges metadata (a title by its words, not letter for letter: an OCR
    slip such as "nắm" for "năm" in a long title is not a wrong title)."""
    from nqparse.evaluate.metadata import parsed_fields, score

    gold = parsed_fields(text_version)
    gold["signer"] = {"name": gold.pop("signer_name"), "title": gold.pop("signer_title"),
                      "authority": gold.pop("signer_authority")}
    wrong = [fs.misses for fs in score(gold, read_scan) if not fs.correct]
    assert not wrong
    for field in METADATA_FIELDS[:-1]:  # everything but the title, letter for letter
        assert getattr(read_scan.metadata, field) == getattr(text_version.metadata, field), field


def test_a_scan_gives_the_references_and_targets_of_the_text_version(read_scan, text_version):
    assert f1([r.code for r in read_scan.references], [r.code for r in text_version.references]) >= 0.9
    target = lambda i: (i.comparator, i.value, i.high, i.unit)  # noqa: E731
    assert f1(map(target, read_scan.indicators), map(target, text_version.indicators)) >= 0.85


def test_the_json_says_which_pages_were_read_by_ocr_and_how_surely(read_scan):
    assert [p.page for p in read_scan.source.ocr_pages] == [1, 2, 3, 4]  # page 2 was upside down
    assert all(p.confidence > 80 for p in read_scan.source.ocr_pages)
    assert read_scan.indicators and all(i.confidence is not None for i in read_scan.indicators)
    assert all(t.confidence is not None for t in read_scan.tasks)
    # a line's own confidence, not its page's: items of one page are not all equally sure
    pages = {p.page: p.confidence for p in read_scan.source.ocr_pages}
    assert len({t.confidence for t in read_scan.tasks}) > len(pages)
    assert any("read by OCR: pages 1, 2, 3, 4" in w.message for w in read_scan.warnings)


def test_a_text_pdf_has_no_ocr_confidence(text_version):
    assert text_version.source.ocr_pages == [] and all(i.confidence is None for i in text_version.indicators)


def test_an_image_file_is_read_and_a_multi_page_tiff_page_by_page(scan, tmp_path):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(scan))
    first, last = (document[n].render(scale=200 / 72, grayscale=True).to_pil() for n in (0, 3))
    document.close()
    png = tmp_path / "trang-1.png"
    first.save(png, dpi=(200, 200))
    page = nqparse.parse(png)
    assert page.source.format == "image" and page.metadata.code == "05-NQ/ĐU"
    tiff = tmp_path / "hai-trang.tif"
    first.save(tiff, save_all=True, append_images=[last], dpi=(200, 200))
    both = nqparse.parse(tiff, ocr=OcrSettings(jobs=2))
    assert [p.page for p in both.source.ocr_pages] == [1, 2] and both.metadata.signer.name == "Lê Hoàng Phương"


def test_a_pdf_of_text_and_scanned_pages_reads_only_the_scanned_ones_by_ocr(scan, tmp_path):
    import pypdfium2

    need_ocr_tools()
    text_pdf = scan.parent / (SAMPLE_DOCX.stem + ".pdf")
    mixed = pypdfium2.PdfDocument.new()
    mixed.import_pages(pypdfium2.PdfDocument(str(text_pdf)), [0, 1, 2])
    mixed.import_pages(pypdfium2.PdfDocument(str(scan)), [3])
    path = tmp_path / "lan.pdf"
    mixed.save(str(path))
    resolution = nqparse.parse(path)
    assert [p.page for p in resolution.source.ocr_pages] == [4]
    assert resolution.metadata.code == "05-NQ/ĐU" and resolution.metadata.signer.name == "Lê Hoàng Phương"


# --- asking for OCR, or not ------------------------------------------------------------------------

def test_ocr_never_refuses_a_scan_and_ocr_always_reads_a_text_pdf_again(scan, tmp_path):
    with pytest.raises(errors.ScannedDocumentError, match=r"OCR is off \(--ocr never\)"):
        nqparse.parse(scan, ocr="never")
    import pypdfium2

    text_pdf = scan.parent / (SAMPLE_DOCX.stem + ".pdf")
    one = pypdfium2.PdfDocument.new()
    one.import_pages(pypdfium2.PdfDocument(str(text_pdf)), [0])
    path = tmp_path / "trang-1.pdf"
    one.save(str(path))
    assert nqparse.parse(path).source.ocr_pages == []
    again = nqparse.parse(path, ocr="always")
    assert [p.page for p in again.source.ocr_pages] == [1] and again.metadata.code == "05-NQ/ĐU"


def test_without_tesseract_a_scan_is_one_line_naming_the_packages_exit_2_and_nothing_written(
        scan, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NQPARSE_TESSERACT", str(tmp_path / "no-such-tesseract"))
    out = tmp_path / "ket-qua.json"
    with pytest.raises(SystemExit) as exited:
        main(["parse", str(scan), "-o", str(out)])
    assert exited.value.code == 2 and not out.exists()
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "tesseract-ocr tesseract-ocr-vie" in lines[0] and scan.name in lines[0]


def test_a_text_layer_without_diacritics_is_read_again_by_ocr(tmp_path):
    """An OCR layer that lost its tone marks (like shared/corpus/pdf/B06): re-read when Tesseract is here."""
    need_ocr_tools()
    import unicodedata

    from docx import Document

    plain = "".join(c for c in unicodedata.normalize("NFD", SAMPLE_TEXT.read_text(encoding="utf-8"))
                    if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")
    document = Document()
    for line in plain.splitlines()[:40]:
        document.add_paragraph(line)
    source = tmp_path / "khong-dau.docx"
    document.save(str(source))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    resolution = nqparse.parse(tmp_path / "khong-dau.pdf", ocr=OcrSettings(jobs=2))
    assert resolution.source.ocr_pages, "the poor text layer was not read again"
    assert any("almost no Vietnamese diacritics" in w.message and "read again by OCR" in w.message
               for w in resolution.warnings)


# --- bad input -----------------------------------------------------------------------------------

def test_an_image_that_is_not_a_document_is_a_clear_error(tmp_path):
    need_ocr_tools()
    from PIL import Image

    noise = Image.effect_noise((400, 300), 40).convert("L")
    path = tmp_path / "anh.png"
    noise.save(path)
    with pytest.raises(errors.EmptyDocumentError, match="no text found by OCR"):
        nqparse.parse(path)


@pytest.mark.parametrize("name, data, words", [
    ("rong.png", b"", "empty"),
    ("hong.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a readable image"),
    ("hong.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 10, "not a readable image"),
])
def test_an_empty_or_broken_image_is_one_line_and_exit_2(name, data, words, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NQPARSE_TESSERACT", raising=False)
    if tesseract_problem():
        pytest.skip(f"OCR not available here: {tesseract_problem()}")
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SystemExit) as exited:
        main(["parse", str(path), "-o", str(tmp_path / "out.json")])
    assert exited.value.code == 2 and not (tmp_path / "out.json").exists()
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]


def test_a_scan_too_long_to_read_is_refused_before_any_ocr(tmp_path):
    from PIL import Image

    from nqparse.load.ocr import MAX_OCR_PAGES

    blank = Image.new("L", (60, 85), 255)
    path = tmp_path / "dai.pdf"
    blank.save(path, save_all=True, append_images=[blank] * MAX_OCR_PAGES, resolution=10)
    with pytest.raises(errors.BadInputError, match=rf"{MAX_OCR_PAGES + 1} pages to OCR; the limit is {MAX_OCR_PAGES}"):
        nqparse.parse(path)


def test_the_web_app_reads_an_uploaded_scan(scan, tmp_path):
    import io

    import pypdfium2

    from test_web_api import JSON, client_for, upload

    document = pypdfium2.PdfDocument(str(scan))
    first = document[0].render(scale=200 / 72, grayscale=True).to_pil()
    document.close()
    image = io.BytesIO()
    first.save(image, format="JPEG", quality=85, dpi=(200, 200))
    client = client_for(tmp_path)
    reply = upload(client, "trang-dau.jpg", image.getvalue(), headers=JSON)
    assert reply.status_code == 200, reply.text
    resolution = client.get(reply.json()["url"] + "/ket-qua.json").json()
    assert resolution["metadata"]["code"] == "05-NQ/ĐU" and resolution["source"]["ocr_pages"][0]["page"] == 1
    assert "read by OCR" in client.get(reply.json()["url"]).text


def test_a_scanned_annex_table_keeps_its_grid_and_each_tasks_lead(tmp_path):
    """The annex of a real UBND plan (shared/corpus/office), printed and scanned: the table's rules
    are found in the image, painted over before OCR, and its rows read as tasks with their leads."""
    import pypdfium2
    from PIL import Image

    from conftest import need_shared_corpus

    need_ocr_tools()
    source = need_shared_corpus() / "office" / "kh-ubnd-laocai-khoang-san-11-ct-tu.docx"
    if not source.is_file():
        pytest.skip(f"{source} not available")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    printed = pypdfium2.PdfDocument(str(tmp_path / (source.stem + ".pdf")))
    last = len(printed)
    pages = [printed[n].render(scale=200 / 72, grayscale=True).to_pil().convert("L").rotate(
        0.8, resample=Image.BICUBIC, fillcolor=255) for n in range(last - 3, last)]  # the annex
    printed.close()
    scan = tmp_path / "phu-luc.pdf"
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=200)
    resolution = nqparse.parse(scan, ocr=OcrSettings(jobs=2))
    [table] = [t for t in resolution.tables if t.kind == "tasks"]
    assert table.columns[:5] == ["number", "task", "lead", "partners", "deadline"]
    names = {b.id: b.name for b in resolution.bodies}

    def leads_of(words: str) -> list[list[str]]:
        return [[names[i] for i in t.lead] for t in resolution.tasks if words in t.text]

    assert table.rows >= 15  # the 14 tasks and the heading, over three scanned pages
    assert leads_of("khối lượng khoáng sản kê khai") == [["Thuế tỉnh"]]
    assert leads_of("tàu cuốc") == [["Công an tỉnh"]]


def test_index_reads_a_scan_by_ocr_too(scan, tmp_path):
    import pypdfium2

    from nqparse.corpus.index import index_paths
    from nqparse.corpus.store import Store

    first = pypdfium2.PdfDocument.new()
    first.import_pages(pypdfium2.PdfDocument(str(scan)), [0])
    path = tmp_path / "kho" / "trang-dau-quet.pdf"
    path.parent.mkdir()
    first.save(str(path))
    report = index_paths([path.parent], tmp_path / "kho.db", jobs=1, progress=False)
    assert (report.parsed, report.failed) == (1, 0)
    assert Store(tmp_path / "kho.db").get("05-NQ/ĐU") is not None
    again = index_paths([path.parent], tmp_path / "kho.db", jobs=1, progress=False)
    assert again.parsed == 0  # unchanged: not read (nor OCR'd) again
