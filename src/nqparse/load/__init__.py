"""Loaders: one per file format, all returning a SourceDocument."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import BadInputError, EmptyDocumentError, UnsupportedFormatError
from ..source import SourceDocument

MAX_INPUT_BYTES = 200 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


def sniff_format(path: Path, head: bytes) -> str:
    """Decide the format from the content first, the extension second."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(IMAGE_MAGIC) or (head.startswith(b"RIFF") and suffix == ".webp"):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        if suffix in {".docx", ".docm", ".dotx", ""} or suffix not in TEXT_SUFFIXES:
            return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "doc"
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "txt"
    if suffix in {".docx", ".pdf", ".doc", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}:
        # The extension promises a binary format the content does not have.
        raise BadInputError(f"not a valid {suffix[1:].upper()} file (content does not match its extension)", path=path)
    raise UnsupportedFormatError(f"unsupported file type '{suffix}' (expected .docx, .pdf, .doc, .txt, .md "
                                 "or a scan: .png, .jpg, .tif)", path=path)


def load_path(path: str | Path, *, password: str | None = None, ocr=None) -> SourceDocument:
    """Read any supported file into a SourceDocument, or raise a BadInputError."""
    p = Path(path)
    if not p.exists():
        raise BadInputError("file not found", path=p)
    if p.is_dir():
        raise BadInputError("is a folder, not a file", path=p)
    size = p.stat().st_size
    if size == 0:
        raise EmptyDocumentError("file is empty", path=p)
    if size > MAX_INPUT_BYTES:
        raise BadInputError(f"file is too large ({size // (1024 * 1024)} MB; limit {MAX_INPUT_BYTES // (1024 * 1024)} MB)", path=p)
    data = p.read_bytes()
    fmt = sniff_format(p, data[:8])
    doc = load_bytes(data, fmt, path=p, password=password, ocr=ocr)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


def load_bytes(data: bytes, fmt: str, *, path: str | Path | None = None, password: str | None = None,
               ocr=None) -> SourceDocument:
    """``ocr``: an :class:`.ocr.OcrSettings` or its mode ("auto", "always", "never") for scans."""
    from ..limits import current

    max_chars = current().max_chars
    if fmt == "txt" and max_chars and len(data) > 4 * max_chars:   # no character takes more than 4 bytes
        raise BadInputError(f"{len(data) // 2**20} MB of text: more than {max_chars:,} characters, the limit "
                            "(NQPARSE_MAX_CHARS)", path=path)
    if fmt == "txt":
        from .text import load_text_bytes

        doc = load_text_bytes(data, path=path)
    elif fmt == "docx":
        from .docx import load_docx

        doc = load_docx(data, path=path)
    elif fmt == "pdf":
        from .pdf import load_pdf

        doc = load_pdf(data, path=path, password=password, ocr=ocr)
    elif fmt == "image":
        from .scan import load_image

        doc = load_image(data, path=path, ocr=ocr)
    elif fmt == "doc":
        from .doc import load_doc

        doc = load_doc(data, path=path)
    else:  # pragma: no cover - sniff_format only returns the above
        raise UnsupportedFormatError(f"unsupported format {fmt}", path=path)
    if not any(b.text.strip() for b in doc.blocks):
        raise EmptyDocumentError("no text in the document", path=path)
    check_characters(sum(len(b.text) for b in doc.blocks), max_chars, path)
    return doc


def check_characters(count: int, limit: int, path: str | Path | None) -> None:
    """A document longer than any resolution (``NQPARSE_MAX_CHARS``) is refused in one line."""
    if limit and count > limit:
        raise BadInputError(f"{count:,} characters; the limit is {limit:,} "
                            "(NQPARSE_MAX_CHARS)", path=path)
