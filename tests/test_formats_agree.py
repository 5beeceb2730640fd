"""The same document received as .txt, .docx (Word auto-numbering) or .pdf reads the same."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import nqparse
from conftest import SAMPLES
from officedoc import build_docx

SAMPLE = SAMPLES / "nq-chi-bo-mau-2026.txt"
STATE_SAMPLE = SAMPLES / "kh-ubnd-mau-2026.txt"


def outline_ids(nodes):
    out = []
    for n in nodes:
        if n.kind not in {"bullet", "plus"}:
            out.append(n.id)
        out.extend(outline_ids(n.children))
    return out


def core(metadata):
    s = metadata.signer
    return (metadata.code, metadata.doc_type, metadata.date, metadata.place, metadata.issuer, metadata.title,
            metadata.parent_issuer, s.name, s.title, s.authority, len(metadata.recipients))


@pytest.fixture(scope="module", params=[SAMPLE, STATE_SAMPLE], ids=["party", "state"])
def versions(request, tmp_path_factory):
    source = request.param
    folder = tmp_path_factory.mktemp(source.stem)
    docx = folder / f"{source.stem}.docx"
    build_docx(source.read_text(encoding="utf-8"), docx)
    return source, docx, folder


def test_docx_with_word_numbering_reads_like_the_text(versions):
    source, docx, _ = versions
    from_text, from_docx = nqparse.analyse(source), nqparse.analyse(docx)
    assert core(from_docx.metadata) == core(from_text.metadata)
    assert outline_ids(from_docx.outline) == outline_ids(from_text.outline)


def test_pdf_made_by_libreoffice_reads_like_the_text(versions):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
    source, docx, folder = versions
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True, timeout=180,
                   env={"HOME": str(folder), "PATH": "/usr/bin:/bin"})
    pdf = folder / f"{source.stem}.pdf"
    from_text, from_pdf = nqparse.analyse(source), nqparse.analyse(pdf)
    assert core(from_pdf.metadata) == core(from_text.metadata)
    assert outline_ids(from_pdf.outline) == outline_ids(from_text.outline)
