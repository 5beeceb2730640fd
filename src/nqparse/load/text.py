"""Plain text and markdown copies of documents → SourceDocument, one block per line.

Forms handled (all seen in real copies):
- office text exports: one paragraph per line, paragraphs split where pages broke;
- web crawls turned into markdown: hard-wrapped at ~80 columns, the header table flattened
  into lines of ``|``, ``**bold**``, a site block before the real header and after the end;
- hand-made markdown: ``#`` headings, ``*   `` bullets, escaped ``57\\-NQ/TW``, pipe tables;
- HTML residue: ``<div align="center">``, ``<br>``, ``<strong>``, entities;
- digital-signature stamp lines; footnote markers ``[1]``.

Joining wrapped lines into paragraphs is :mod:`nqparse.normalize`'s job; this module only
decodes, strips markup and site boilerplate, and records layout hints.
"""
from __future__ import annotations

import codecs
import html
import re
import unicodedata
from pathlib import Path
from typing import Optional

from pydantic import BaseModel

from .. import rules
from ..errors import EmptyDocumentError, EncodingError
from ..source import Block, SourceDocument


class TextCleanupRules(BaseModel):
    boilerplate_start_markers: list[str] = []
    boilerplate_table_keys: list[str] = []
    boilerplate_scan_lines: int = 120
    boilerplate_end_markers: list[str] = []
    boilerplate_end_drop_previous_title: bool = True
    stamp_line_prefixes: list[str] = []


# --- decoding -------------------------------------------------------------------------

def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample)


def _fix_legacy(text: str) -> tuple[str, Optional[str]]:
    """Convert TCVN3/VNI text (recognised by content) to Unicode."""
    try:
        from .legacy import detect_legacy, to_unicode
    except ImportError:  # the converter module is optional at import time
        return text, None
    encoding = detect_legacy(text)
    if encoding:
        return to_unicode(text, encoding), encoding
    return text, None


def decode_text(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """Bytes → str. UTF-8/UTF-16 (BOM or not), then legacy Vietnamese 8-bit encodings."""
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        head = data[:4000]
        if head and head.count(b"\x00") > len(head) // 4:
            # UTF-16 without a BOM: every other byte is NUL for Latin-script text.
            le = head[1::2].count(0) > head[0::2].count(0)
            try:
                text, enc = data.decode("utf-16-le" if le else "utf-16-be"), "utf-16"
            except UnicodeDecodeError:
                raise EncodingError("binary content, not a text document", path=path) from None
        else:
            try:
                text, enc = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, enc = _decode_8bit(data, path)
    if _control_ratio(text) > 0.01:
        raise EncodingError("binary content, not a text document", path=path)
    fixed, legacy = _fix_legacy(text)
    return unicodedata.normalize("NFC", fixed), legacy or enc


def _decode_8bit(data: bytes, path) -> tuple[str, str]:
    # TCVN3 and VNI files are bytes in the cp1252 range; keep every byte (latin-1 fallback).
    text = "".join(_CP1252_LOSSLESS[b] for b in data)
    converted, legacy = _fix_legacy(text)
    if legacy:
        return converted, legacy
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        raise EncodingError("cannot decode text: not UTF-8, UTF-16 or a known Vietnamese encoding", path=path) from None


def _cp1252_table() -> list[str]:
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))
    return table


_CP1252_LOSSLESS = _cp1252_table()


# --- markup -------------------------------------------------------------------------

_BR = re.compile(r"<br\s*/?>", re.I)
_BOLD_TAG = re.compile(r"</?(?:strong|b)\b[^>]*>", re.I)
_ITALIC_TAG = re.compile(r"</?(?:em|i)\b[^>]*>", re.I)
_CENTER_TAG = re.compile(r"<(?:div|p)\b[^>]*align=\"?center", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_ESCAPE = re.compile(r"\\([-\\`*_{}\[\]()#+.!|>~])")
_FOOTNOTE = re.compile(r"(?<=[^\s\[])\[\d{1,3}\](?!\()")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_BULLET = re.compile(r"^\s*[*•]\s+(?=\S)")  # "+" stays: in these documents it is a sub-item
_STRONG = re.compile(r"\*\*|__")
_EM_OPEN = re.compile(r"(?<![\w*\\])\*(?=[^\s*])")
_EM_CLOSE = re.compile(r"(?<=[^\s*])\*(?![\w*])")
_RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


class Line:
    """One physical line after markup removal."""

    __slots__ = ("text", "bold", "italic", "center", "heading", "number", "break_before")

    def __init__(self, text: str, number: int):
        self.text = text
        self.number = number
        self.bold = self.italic = self.center = self.heading = False
        self.break_before = False


def strip_markup(raw: str, line: Line) -> str:
    """Remove markdown/HTML from one line, recording what it meant as hints on ``line``."""
    s = raw
    if "<" in s:
        if _BOLD_TAG.search(s):
            line.bold = True
        if _ITALIC_TAG.search(s):
            line.italic = True
        if _CENTER_TAG.search(s):
            line.center = True
        s = _ANY_TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    if _MD_HEADING.match(s) and s.lstrip().startswith("#"):
        s = _MD_HEADING.sub("", s)
        line.heading = line.bold = True
    if "**" in s or "__" in s:
        inner = s.strip()
        if inner.startswith(("**", "__")):
            line.bold = True
        s = _STRONG.sub("", s)
    s = _MD_BULLET.sub("- ", s)
    if "*" in s and s.strip() != "*":
        if s.strip().startswith("*") and s.strip().endswith("*"):
            line.italic = True
        s = _EM_CLOSE.sub("", _EM_OPEN.sub("", s))
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "[" in s:
        s = _FOOTNOTE.sub("", s)
    return _SPACES.sub(" ", s).strip()


def split_physical_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<br" in text or "<BR" in text:
        text = _BR.sub("\n", text)
    return text.split("\n")


def clean_lines(text: str) -> list[Line]:
    """Physical lines → cleaned lines with paragraph-break hints (blank, rule, table bar)."""
    out: list[Line] = []
    pending_break = True
    for number, raw in enumerate(split_physical_lines(text), start=1):
        stripped = raw.strip()
        if not stripped or _RULE.match(stripped) and stripped.strip("*") != "" or stripped == "|":
            pending_break = True
            continue
        if _TABLE_SEPARATOR.match(stripped) and "-" in stripped:
            pending_break = True
            continue
        if _TABLE_ROW.match(stripped) and stripped.count("|") >= 2:
            for cell in stripped.strip("|").split("|"):
                line = Line("", number)
                line.text = strip_markup(cell, line)
                if line.text:
                    line.break_before = True
                    out.append(line)
            pending_break = True
            continue
        line = Line("", number)
        line.text = strip_markup(raw, line)
        if not line.text:
            pending_break = True
            continue
        line.break_before = pending_break or line.heading
        pending_break = False
        out.append(line)
    return out


# --- site boilerplate --------------------------------------------------------------------

def _starts_with_any(text: str, prefixes: list[str]) -> bool:
    return any(text.startswith(p) for p in prefixes)


def drop_boilerplate(lines: list[Line], cfg: TextCleanupRules) -> list[Line]:
    """Cut a web site's block before the real header and after the document's end."""
    scan = lines[: cfg.boilerplate_scan_lines]
    if any(any(m in ln.text for m in cfg.boilerplate_start_markers) for ln in scan):
        last_key = -1
        for i, ln in enumerate(scan):  # the site's metadata table: keys a line or two apart
            if _starts_with_any(ln.text, cfg.boilerplate_table_keys):
                last_key = i
            elif last_key >= 0 and i - last_key > 3:
                break
        if last_key >= 0:
            start = last_key + 1
            # the value of the last key follows on its own line
            if start < len(lines) and len(lines[start].text) < 40 and not lines[start].text.isupper():
                start += 1
            lines = lines[start:]
            if lines:
                lines[0].break_before = True
    for i, ln in enumerate(lines):
        if i > 10 and _starts_with_any(ln.text, cfg.boilerplate_end_markers):
            end = i
            if cfg.boilerplate_end_drop_previous_title and end > 0 and _looks_like_title_repeat(lines[end - 1].text):
                end -= 1
            lines = lines[:end]
            break
    return [ln for ln in lines[:30] if not _starts_with_any(ln.text, cfg.stamp_line_prefixes)] + lines[30:]


_TITLE_REPEAT = re.compile(r"^[A-ZĐ][\wÀ-ỹ ]{2,40}\s\d{1,5}[-/]\S+ (?:năm|ngày) ", re.UNICODE)


def _looks_like_title_repeat(text: str) -> bool:
    return bool(_TITLE_REPEAT.match(text))


# --- entry points ---------------------------------------------------------------------------

def lines_to_blocks(lines: list[Line]) -> list[Block]:
    blocks = []
    for ln in lines:
        blocks.append(
            Block(
                text=ln.text,
                kind="line",
                bold=ln.bold,
                italic=ln.italic,
                align="center" if ln.center else None,
                source_line=ln.number,
                hard_wrapped=True,
                blank_before=ln.break_before,
            )
        )
    return blocks


def _build(text: str, path, encoding: str) -> SourceDocument:
    cfg = rules.load("text_cleanup", TextCleanupRules)
    lines = drop_boilerplate(clean_lines(text), cfg)
    if not lines:
        raise EmptyDocumentError("no text in the document", path=path)
    fmt = "md" if path is not None and str(path).lower().endswith((".md", ".markdown")) else "txt"
    return SourceDocument(path=str(path) if path is not None else None, format=fmt,
                          blocks=lines_to_blocks(lines), encoding=encoding)


def load_text_string(text: str, *, path: str | Path | None = None) -> SourceDocument:
    """A document already in memory as text (legacy TCVN3/VNI content is still converted)."""
    fixed, legacy = _fix_legacy(unicodedata.normalize("NFC", text))
    return _build(unicodedata.normalize("NFC", fixed), path, legacy or "unicode")


def load_text_bytes(data: bytes, *, path: str | Path | None = None) -> SourceDocument:
    text, encoding = decode_text(data, path)
    if not text.strip():
        raise EmptyDocumentError("file holds only white space", path=path)
    return _build(text, path, encoding)
