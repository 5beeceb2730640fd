"""The Python API: ``parse`` a document into a :class:`~nqparse.schema.Resolution`.

    >>> import nqparse
    >>> r = nqparse.parse("nghi-quyet.docx")
    >>> r.metadata.code, len(r.indicators)

The stages are plain functions — load → normalize → structure → extract — and each can be
called alone (see :func:`analyse` for the structured document the extractors read).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Optional, Union

from .document import StructuredDocument
from .errors import BadInputError
from .schema import OcrPageInfo, ParseWarning, Resolution, SourceInfo
from .source import SourceDocument

Source = Union[str, Path, bytes]


def _looks_like_text(value: str) -> bool:
    return "\n" in value or len(value) > 4096


def load(source: Source, *, filename: str | None = None, password: str | None = None, ocr=None) -> SourceDocument:
    """Read a path, raw bytes (with ``filename`` naming the format) or a text string.

    ``ocr`` says how scans are read: "auto" (default: pages without a text layer go through
    Tesseract), "always", "never", or a :class:`nqparse.load.ocr.OcrSettings` (with ``jobs``
    and a per-page ``progress`` callback)."""
    from .load import load_bytes, load_path, sniff_format
    from .load.text import load_text_string

    if isinstance(source, bytes):
        name = Path(filename or "upload.txt")
        if not source:
            raise BadInputError("file is empty", path=name)
        doc = load_bytes(source, sniff_format(name, source[:8]), path=name, password=password, ocr=ocr)
        doc.sha256 = hashlib.sha256(source).hexdigest()
        return doc
    if isinstance(source, str) and _looks_like_text(source):
        return load_text_string(source, path=filename)
    return load_path(source, password=password, ocr=ocr)


def analyse(source: Source, *, filename: str | None = None, password: str | None = None,
            ocr=None) -> StructuredDocument:
    """Load, normalize and structure a document (no extraction)."""
    from .normalize import normalize
    from .structure import structure

    return structure(normalize(load(source, filename=filename, password=password, ocr=ocr)))


def ocr_confidence(doc: StructuredDocument, start: int, end: int) -> Optional[float]:
    """The OCR confidence of the text between ``start`` and ``end``: the lowest of its lines'
    (of its pages' when a line has none)."""
    src, text = doc.normalized.source, doc.normalized
    first, last = text.paragraph_index_at(start), text.paragraph_index_at(max(start, end - 1))
    blocks = [src.blocks[b] for p in doc.paragraphs[first:last + 1] if p.start < max(end, start + 1) and p.end > start
              for b in p.blocks if b < len(src.blocks)]
    scores = [b.confidence if b.confidence is not None else src.ocr_pages.get(b.page) for b in blocks]
    scores = [s for s in scores if s is not None]
    return min(scores) if scores else None


def extract(doc: StructuredDocument) -> Resolution:
    """Run every extractor over a structured document and assemble the Resolution."""
    from .extract.bodies import find_bodies
    from .extract.goals import find_goals
    from .extract.indicators import find_indicators
    from .extract.references import find_references
    from .extract.tables import merge_restated, table_info, table_targets, unread_warnings
    from .extract.tasks import find_tasks

    src = doc.normalized.source
    warnings = [ParseWarning(code="source", message=w) for w in src.warnings]  # what the loader noticed
    warnings += list(doc.normalized.warnings) + list(doc.warnings)
    references, ref_warnings = find_references(doc)
    bodies = find_bodies(doc)
    indicators, ind_warnings = find_indicators(doc, bodies)
    indicators = merge_restated(indicators, table_targets(doc))
    tasks = find_tasks(doc, bodies, references)
    goals = find_goals(doc)
    if src.ocr_pages:
        for item in (*indicators, *tasks, *goals, *references):
            item.confidence = ocr_confidence(doc, item.span.start, item.span.end)
    return Resolution(
        source=SourceInfo(path=src.path, format=src.format, sha256=src.sha256, pages=src.pages, encoding=src.encoding,
                          ocr_pages=[OcrPageInfo(page=n, confidence=c) for n, c in sorted(src.ocr_pages.items())]),
        metadata=doc.metadata,
        outline=doc.outline,
        goals=goals,
        indicators=indicators,
        tasks=tasks,
        bodies=bodies,
        references=references,
        tables=table_info(doc),
        warnings=warnings + ref_warnings + ind_warnings + unread_warnings(doc, tasks, indicators),
        text=doc.text,
    )


def parse(source: Source, *, filename: str | None = None, password: str | None = None, ocr=None) -> Resolution:
    """Parse a resolution (path, bytes or text) into the tracking schema.

    Raises :class:`~nqparse.errors.BadInputError` (one-line message naming the file) for
    input that cannot be read; never returns a half-filled result silently.
    """
    return extract(analyse(source, filename=filename, password=password, ocr=ocr))


def plan(source: Source, units: str | Path, out_dir: str | Path, *, fmt: str = "docx",
         template_dir: str | Path | None = None) -> list[Path]:
    """Draft one Kế hoạch thực hiện per unit of ``units`` (YAML/CSV/XLSX) into ``out_dir``."""
    from .plan import generate_plans
    from .plan.units import read_units

    return generate_plans(parse(source), read_units(Path(units)), Path(out_dir), fmt,
                          Path(template_dir) if template_dir else None)


def index(paths: list[str | Path], db: str | Path, *, jobs: int | None = None):
    """Parse many documents into the SQLite corpus index at ``db`` (failures are recorded)."""
    from .corpus.index import index_paths

    return index_paths([Path(p) for p in paths], Path(db), jobs=jobs, progress=False)
