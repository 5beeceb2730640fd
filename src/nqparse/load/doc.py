"""Legacy Word (.doc) and RTF → SourceDocument, through LibreOffice.

LibreOffice (``soffice --headless``) converts the file to .docx in a private temporary
folder, with its own throw-away user profile so it neither collides with a running office
nor leaves anything behind; the .docx is then read by :func:`nqparse.load.docx.load_docx`
(table cells, numbering labels, legacy fonts all included).

An OLE compound file that holds an ``EncryptedPackage`` stream is a password-protected
.docx/.xlsx in disguise, not a .doc: it is refused as encrypted.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import BadInputError, ConverterMissingError, EncryptedDocumentError
from ..source import SourceDocument

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
CONVERT_TIMEOUT_S = 120


def find_soffice() -> Optional[str]:
    """The LibreOffice executable, or None. NQPARSE_SOFFICE overrides the search."""
    override = os.environ.get("NQPARSE_SOFFICE")
    if override:
        return override if shutil.which(override) or Path(override).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def is_encrypted_ooxml(data: bytes) -> bool:
    """An OLE container with EncryptedPackage/EncryptionInfo streams (an encrypted .docx)."""
    return data.startswith(OLE_MAGIC) and (ENCRYPTED_PACKAGE in data or ENCRYPTION_INFO in data)


def convert_to_docx(data: bytes, suffix: str, path: Optional[Path]) -> bytes:
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissingError(
            "reading legacy .doc/.rtf files needs LibreOffice (soffice), which is not installed; "
            "install it (Debian: apt-get install libreoffice-writer-nogui) or save the file as .docx",
            path=path)
    with tempfile.TemporaryDirectory(prefix="nqparse-doc-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        out_dir = folder / "out"
        out_dir.mkdir()
        command = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=CONVERT_TIMEOUT_S, check=False, cwd=folder)
        except subprocess.TimeoutExpired:
            raise BadInputError(f"LibreOffice did not finish converting the file within {CONVERT_TIMEOUT_S} s",
                                path=path) from None
        except OSError as exc:
            raise ConverterMissingError(f"cannot run LibreOffice ({soffice}): {exc.strerror}", path=path) from None
        produced = out_dir / "input.docx"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise BadInputError("LibreOffice could not convert this .doc/.rtf file (corrupt or password-protected?)",
                                path=path)
        return produced.read_bytes()


def load_doc(data: bytes, *, path: str | Path | None = None) -> SourceDocument:
    """Read a legacy .doc or .rtf file by converting it to .docx with LibreOffice."""
    from .docx import load_docx

    p = Path(path) if path is not None else None
    if is_encrypted_ooxml(data):
        raise EncryptedDocumentError("password-protected Office file (encrypted package); "
                                     "remove the password in Word and save again", path=p)
    if data.startswith(OLE_MAGIC):
        suffix = ".doc"
    elif data.lstrip()[:5] == b"{\\rtf":
        suffix = ".rtf"
    else:
        raise BadInputError("not a Word .doc or RTF file", path=p)
    doc = load_docx(convert_to_docx(data, suffix, p), path=p)
    doc.format = "doc"
    return doc
