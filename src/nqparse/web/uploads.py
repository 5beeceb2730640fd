"""Receiving uploads: a multipart body streamed to disk with the size limit checked per chunk.

The limit counts the whole body — every field, header and boundary, not only the file — as it
arrives, before it is parsed; a body must end with its closing boundary (a truncated upload is
not a file), and the boundary itself is at most 70 characters (RFC 2046).

The uploaded file goes to a path the server chooses (``<job folder>/<fixed name>``); the name the
browser sends is kept only as a label (shown on the page, used to guess the format) and never
touches the file system.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, Mapping, Optional

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_TEXT_FIELD_BYTES = 64 * 1024
MULTIPART_OVERHEAD = 64 * 1024  # headers, boundaries and small fields a browser adds around the file
MAX_BOUNDARY = 70  # characters (RFC 2046)


class UploadTooLarge(Exception):
    def __init__(self, limit: int, seen: int):
        self.limit, self.seen = limit, seen
        super().__init__(f"upload larger than {limit} bytes")


class UploadMalformed(Exception):
    """The request is not a multipart form with a file in it."""


@dataclass
class ReceivedFile:
    filename: str = ""
    size: int = 0
    fields: dict[str, str] = field(default_factory=dict)


def display_name(raw: str) -> str:
    """The last path component of a browser-sent name, without control characters (a label only)."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name.strip()[:200] or "tai-lieu"


class _Receiver:
    """Callbacks for :class:`MultipartParser`: one file field to ``dest``, small text fields kept."""

    def __init__(self, file_field: str, dest: Path, limit: int):
        self.file_field, self.dest, self.limit = file_field, dest, limit
        self.result = ReceivedFile()
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name: Optional[str] = None
        self._is_file = False
        self._out = None
        self._text = bytearray()
        self.closed = False  # the closing boundary was read

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda d, s, e: setattr(self, "_header_name", self._header_name + d[s:e]),
            "on_header_value": lambda d, s, e: setattr(self, "_header_value", self._header_value + d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_end": lambda: setattr(self, "closed", True),
        }

    def _part_begin(self) -> None:
        self._headers, self._name, self._is_file, self._text = {}, None, False, bytearray()

    def _header_end(self) -> None:
        self._headers[self._header_name.strip().lower()] = self._header_value.strip()
        self._header_name, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._name == self.file_field and b"filename" in options:
            if self._out is not None:
                raise UploadMalformed("more than one file in the form")
            self._is_file = True
            self.result.filename = display_name(options[b"filename"].decode("utf-8", "replace"))
            fd = os.open(self.dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self._out = os.fdopen(fd, "wb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._is_file:
            self.result.size += end - start
            if self.result.size > self.limit:
                raise UploadTooLarge(self.limit, self.result.size)
            self._out.write(data[start:end])
        else:
            self._text += data[start:end]
            if len(self._text) > MAX_TEXT_FIELD_BYTES:
                raise UploadMalformed("form field too long")

    def _part_end(self) -> None:
        if not self._is_file and self._name:
            self.result.fields[self._name] = self._text.decode("utf-8", "replace")

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


async def receive_file(
    headers: Mapping[str, str], body: AsyncIterator[bytes], *, file_field: str, dest: Path, limit: int
) -> ReceivedFile:
    """Stream a ``multipart/form-data`` body, writing field ``file_field`` to ``dest``.

    Raises :class:`UploadTooLarge` as soon as the file passes ``limit`` bytes or the whole body
    ``limit`` plus :data:`MULTIPART_OVERHEAD` (at once when the declared Content-Length already
    does), and :class:`UploadMalformed` for anything that is not a whole form with that file.
    ``dest`` is removed on failure.
    """
    content_type, options = parse_options_header(headers.get("content-type", ""))
    boundary = options.get(b"boundary", b"")
    if content_type != b"multipart/form-data" or not 0 < len(boundary) <= MAX_BOUNDARY:
        raise UploadMalformed("not a multipart form")
    body_limit = limit + MULTIPART_OVERHEAD
    declared = headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > body_limit:
        raise UploadTooLarge(limit, int(declared))
    receiver = _Receiver(file_field, dest, limit)
    try:
        parser = MultipartParser(boundary, receiver.callbacks())
        seen = 0
        async for chunk in body:
            seen += len(chunk)
            if seen > body_limit:
                raise UploadTooLarge(limit, seen)
            parser.write(chunk)
        parser.finalize()
        if not receiver.closed:
            raise UploadMalformed("the body ends before its closing boundary")
    except BaseException as exc:
        receiver.close()
        dest.unlink(missing_ok=True)
        if isinstance(exc, FormParserError):
            raise UploadMalformed(f"broken multipart body: {exc}") from None
        raise
    receiver.close()
    if receiver._out is None:
        raise UploadMalformed("no file in the form")
    return receiver.result
