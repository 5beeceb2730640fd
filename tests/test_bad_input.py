"""Bad input gives one clear line naming the file — through the API and the CLI — never a traceback.

Each case builds its hostile or broken file in a temporary folder: empty files, a truncated
.docx, random bytes behind a .docx/.pdf name, a zip that is no Word document, a zip bomb,
an XML entity bomb, encrypted PDF and .docx, an image-only PDF, an unsupported extension.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLES, SHARED_CORPUS
from test_load_pdf import tiny_pdf

from nqparse import errors
from nqparse.cli import main
from nqparse.load import docx as docx_loader
from nqparse.load import load_path

SAMPLE_DOCX = SAMPLES / "kh-ubnd-mau-2026.docx"
RANDOM = bytes((i * 7919 + 13) % 251 for i in range(4096))


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def docx_with_document(document_xml: bytes) -> bytes:
    """The sample .docx with its document.xml replaced."""
    with zipfile.ZipFile(SAMPLE_DOCX) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["word/document.xml"] = document_xml
    return zip_bytes(members)


def zip_bomb() -> bytes:
    # 8 MB of one repeated byte squeezes to a few KB: a ratio no Word document has
    return docx_with_document(b"<w:document>" + b"A" * (8 * 1024 * 1024) + b"</w:document>")


def entity_bomb() -> bytes:
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10) for k in range(1, 10))
           + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    return docx_with_document(lol)


def encrypted_pdf() -> bytes:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to make an encrypted PDF")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(tiny_pdf("Mat"))))
    writer.encrypt(user_password="matkhau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_docx() -> bytes:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool is needed to encrypt a .docx")
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(SAMPLE_DOCX.read_bytes())).encrypt("matkhau", out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A page that is only an image (a scan); read here with Tesseract made unavailable."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (850, 1100), 255)
    ImageDraw.Draw(page).rectangle((100, 100, 700, 140), fill=0)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=100)
    return out.getvalue()


CASES = {
    # name: (file name, bytes builder, error class, words the message must contain)
    "empty docx": ("rong.docx", lambda: b"", errors.EmptyDocumentError, "empty"),
    "empty text": ("rong.txt", lambda: b"", errors.EmptyDocumentError, "empty"),
    "truncated docx": ("cut.docx", lambda: SAMPLE_DOCX.read_bytes()[:3000], errors.BadInputError, "corrupt or truncated"),
    "random bytes as docx": ("rac.docx", lambda: RANDOM, errors.BadInputError, "not a valid DOCX"),
    "random bytes as pdf": ("rac.pdf", lambda: RANDOM, errors.BadInputError, "not a valid PDF"),
    "corrupt pdf": ("hong.pdf", lambda: b"%PDF-1.4\n" + RANDOM, errors.BadInputError, "PDF"),
    "zip that is not a docx": ("anh.docx", lambda: zip_bytes({"anh/readme.txt": b"hello"}), errors.BadInputError,
                               "not a Word document"),
    "zip bomb": ("bom.docx", zip_bomb, errors.BadInputError, "zip bomb"),
    "xml entity bomb": ("lol.docx", entity_bomb, errors.BadInputError, "DOCTYPE/ENTITY"),
    "encrypted pdf": ("mat.pdf", encrypted_pdf, errors.EncryptedDocumentError, "--password"),
    "encrypted docx": ("mat.docx", encrypted_docx, errors.EncryptedDocumentError, "password"),
    "image-only pdf without tesseract": ("scan.pdf", scanned_pdf, errors.OcrUnavailableError,
                                         "install the Debian packages tesseract-ocr tesseract-ocr-vie"),
    "unsupported extension": ("bang.xls", lambda: b"\x09\x08\x10\x00 not really", errors.UnsupportedFormatError,
                              "unsupported file type"),
}


@pytest.fixture(params=sorted(CASES))
def bad_file(request, tmp_path, monkeypatch) -> tuple[Path, type, str]:
    name, build, error, words = CASES[request.param]
    if "without tesseract" in request.param:
        monkeypatch.setenv("NQPARSE_TESSERACT", str(tmp_path / "no-such-tesseract"))
    path = tmp_path / name
    path.write_bytes(build())
    return path, error, words


def test_load_path_raises_the_right_error_in_one_line(bad_file):
    path, error, words = bad_file
    with pytest.raises(error) as caught:
        load_path(path)
    message = str(caught.value)
    assert words in message
    assert str(path) in message and "\n" not in message
    assert isinstance(caught.value, errors.BadInputError) and caught.value.exit_code == 2


def test_cli_reports_bad_input_with_exit_code_2_and_one_line(bad_file, capsys, tmp_path):
    path, _, words = bad_file
    out = tmp_path / "out" / "ket-qua.json"
    with pytest.raises(SystemExit) as caught:
        main(["parse", str(path), "-o", str(out)])
    assert caught.value.code == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and path.name in lines[0] and words in lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert not out.exists()


def test_console_script_prints_no_traceback(tmp_path):
    path = tmp_path / "rac.docx"
    path.write_bytes(RANDOM)
    command = [sys.executable, "-c", "import sys; from nqparse.cli import main; main(sys.argv[1:])", "parse", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "NQPARSE_DEBUG": ""})
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "rac.docx" in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_declared_size_over_the_limit_is_refused_before_reading(monkeypatch, tmp_path):
    monkeypatch.setattr(docx_loader, "MAX_TOTAL_UNCOMPRESSED", 10_000)
    path = tmp_path / "to.docx"
    path.write_bytes(SAMPLE_DOCX.read_bytes())
    with pytest.raises(errors.BadInputError, match="zip bomb"):
        load_path(path)


def test_member_larger_than_declared_is_refused(tmp_path):
    data = bytearray(docx_with_document(b"<w:document>" + b"x" * 5000 + b"</w:document>"))
    # shrink the declared size of word/document.xml in its central directory entry
    name = b"word/document.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    path = tmp_path / "lie.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(errors.BadInputError) as caught:
        load_path(path)
    assert "lie.docx" in str(caught.value)


def test_legacy_doc_without_libreoffice_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("NQPARSE_SOFFICE", "/nonexistent/soffice")
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(errors.ConverterMissingError, match="LibreOffice"):
        load_path(path)
