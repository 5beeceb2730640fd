"""Errors a user can read.

Every failure caused by the input file is a :class:`BadInputError` whose message is one line
that names the file and the problem. The CLI maps these to exit code 2; anything else that
escapes is an internal error (exit code 70) and is reported in one line too.
"""
from __future__ import annotations

from pathlib import Path


class NqparseError(Exception):
    """Base of all errors the project raises on purpose."""

    exit_code = 70

    def __init__(self, message: str, *, path: str | Path | None = None, stage: str | None = None):
        self.path = str(path) if path is not None else None
        self.stage = stage
        self.problem = message
        super().__init__(f"{self.path}: {message}" if self.path else message)

    def __reduce__(self):
        """Pickled whole (path and stage kept): a bounded worker sends its error to the parent."""
        return _rebuild, (type(self), self.problem, self.path, self.stage)


def _rebuild(cls: type, problem: str, path: str | None, stage: str | None) -> "NqparseError":
    return cls(problem, path=path, stage=stage)


class BadInputError(NqparseError):
    """The input file cannot be read as a document (empty, corrupt, encrypted, scanned...)."""

    exit_code = 2


class UnsupportedFormatError(BadInputError):
    """The file's extension or content is not a format nqparse reads."""


class EmptyDocumentError(BadInputError):
    """The file holds no text."""


class ScannedDocumentError(BadInputError):
    """A PDF without a text layer."""


class OcrUnavailableError(ScannedDocumentError):
    """A scan or image needs OCR and Tesseract (or its Vietnamese model) is not installed."""


class EncryptedDocumentError(BadInputError):
    """A password-protected file."""


class EncodingError(BadInputError):
    """Text that cannot be decoded."""


class ConverterMissingError(BadInputError):
    """An external converter (LibreOffice) is needed and not installed."""


class TimeLimitError(BadInputError):
    """Parsing the document took longer than its time budget (the worker was killed)."""


class MemoryLimitError(BadInputError):
    """Parsing the document needed more memory than its limit."""


class OutputError(NqparseError):
    """The output cannot be written where it was asked (``-o`` names a folder, …)."""

    exit_code = 2


class RulesError(NqparseError):
    """A rules YAML file is missing or invalid."""

    exit_code = 3


class UnitsFileError(NqparseError):
    """A units file for plan generation is invalid."""

    exit_code = 2


class TrackingError(NqparseError):
    """A filled tracking workbook cannot be merged."""

    exit_code = 2
