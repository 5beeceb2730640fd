"""The Python API: ``parse`` a document into a :class:`~nqparse.schema.Resolution`.

    >>> import nqparse
    >>> r = nqparse.parse("nghi-quyet.docx")
    >>> r.metadata.code, len(r.indicators)
    >>> nqparse.parse_text("Thực hiện Nghị quyết số 12-NQ/TW ...").references[0].code

Every function here runs the default :class:`~nqparse.pipeline.Parser` (the built-in components
over the active rule set); ``nqparse.Parser(rules=[folder])`` gives one with other rules. The
stages can be called alone (see :func:`analyse` for the structured document the extractors read).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Union

from .pipeline import Source, default_parser, ocr_confidence  # noqa: F401  (ocr_confidence: older callers)

if TYPE_CHECKING:  # pragma: no cover
    from .corpus.index import IndexReport
    from .document import StructuredDocument
    from .load.ocr import OcrSettings
    from .schema import Resolution
    from .source import SourceDocument


def load(source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
         ocr: "OcrSettings | str | None" = None) -> "SourceDocument":
    """Read a path, raw bytes (with ``filename`` naming the format) or a text string.

    ``ocr`` says how scans are read: "auto" (default: pages without a text layer go through
    Tesseract), "always", "never", or a :class:`nqparse.load.ocr.OcrSettings` (with ``jobs``
    and a per-page ``progress`` callback)."""
    parser = default_parser()
    state = parser.run(parser.make_state(source, filename=filename, password=password, ocr=ocr), only=["load"])
    assert state.source is not None
    return state.source


def analyse(source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
            ocr: "OcrSettings | str | None" = None) -> "StructuredDocument":
    """Load, normalize and structure a document (no extraction)."""
    return default_parser().analyse(source, filename=filename, password=password, ocr=ocr)


def extract(doc: "StructuredDocument") -> "Resolution":
    """Run every extractor over a structured document and assemble the Resolution."""
    return default_parser().extract(doc)


def parse(source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
          ocr: "OcrSettings | str | None" = None) -> "Resolution":
    """Parse a resolution — a path, its bytes (``filename`` names the format) or its text — into
    the tracking schema.

    A ``str`` is a path when such a file exists or it ends in a document extension (.docx, .pdf,
    .txt …); any other string is the document's text (:func:`parse_text` says so outright).
    Raises :class:`~nqparse.errors.BadInputError` (one-line message naming the file) for
    input that cannot be read; never returns a half-filled result silently.
    """
    return default_parser().parse(source, filename=filename, password=password, ocr=ocr)


def parse_text(text: str, *, filename: Optional[str] = None) -> "Resolution":
    """Parse the text of a document, even a single sentence ("Thực hiện Nghị quyết số 12-NQ/TW …")."""
    return default_parser().parse_text(text, filename=filename)


def plan(source: Source, units: Union[str, Path], out_dir: Union[str, Path], *, fmt: str = "docx",
         template_dir: Union[str, Path, None] = None) -> list[Path]:
    """Draft one Kế hoạch thực hiện per unit of ``units`` (YAML/CSV/XLSX) into ``out_dir``."""
    return default_parser().plan(source, units, out_dir, fmt=fmt, template_dir=template_dir)


def index(paths: Iterable[Union[str, Path]], db: Union[str, Path], *, jobs: Optional[int] = None,
          dask: Optional[str] = None, force: bool = False) -> "IndexReport":
    """Parse many documents into the SQLite corpus index at ``db`` (failures are recorded)."""
    return default_parser().index(paths, db, jobs=jobs, dask=dask, force=force)
