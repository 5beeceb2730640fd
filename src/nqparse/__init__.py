"""nqparse — Vietnamese Party and State resolutions into tracking workbooks, plans and citation graphs.

    >>> import nqparse
    >>> r = nqparse.parse("nghi-quyet.docx")          # a path, bytes with filename=, or the text
    >>> nqparse.parse_text("Thực hiện Nghị quyết số 12-NQ/TW ...").references[0].code
    '12-NQ/TW'
    >>> parser = nqparse.Parser(rules=["quy-tac/"])   # other rules, independent of the default

``import nqparse`` stays light: the stages are imported when a function first needs them.
"""
from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

from .errors import BadInputError, NqparseError, RulesError

if TYPE_CHECKING:  # pragma: no cover  (editors and type checkers see the whole API)
    from .corpus.index import IndexReport
    from .document import StructuredDocument
    from .load.ocr import OcrSettings
    from .pipeline import ParseState, Parser
    from .rules import Rules
    from .schema import Resolution
    from .source import SourceDocument

__version__ = "0.1.0"
__all__ = [
    "parse", "parse_text", "analyse", "load", "extract", "plan", "index",
    "Parser", "ParseState", "Rules", "Resolution",
    "BadInputError", "NqparseError", "RulesError", "__version__",
]

Source = Union[str, Path, bytes]


def parse(source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
          ocr: "OcrSettings | str | None" = None) -> "Resolution":
    """Parse a document — a path, its bytes (``filename`` names the format) or its text — into the
    tracking schema. A ``str`` is a path when such a file exists or it ends in a document extension
    (.docx, .pdf, .txt …); any other string is the text itself. See :meth:`Parser.parse`."""
    from . import api

    return api.parse(source, filename=filename, password=password, ocr=ocr)


def parse_text(text: str, *, filename: Optional[str] = None) -> "Resolution":
    """Parse the text of a document, even one sentence ("Thực hiện Nghị quyết số 12-NQ/TW …")."""
    from . import api

    return api.parse_text(text, filename=filename)


def analyse(source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
            ocr: "OcrSettings | str | None" = None) -> "StructuredDocument":
    """Load, normalize and structure a document (header, outline, closing; no extraction)."""
    from . import api

    return api.analyse(source, filename=filename, password=password, ocr=ocr)


def load(source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
         ocr: "OcrSettings | str | None" = None) -> "SourceDocument":
    """Read a document into its blocks and tables (the first stage alone)."""
    from . import api

    return api.load(source, filename=filename, password=password, ocr=ocr)


def extract(doc: "StructuredDocument") -> "Resolution":
    """Run the extractors over a structured document (see :func:`analyse`)."""
    from . import api

    return api.extract(doc)


def plan(source: Source, units: Union[str, Path], out_dir: Union[str, Path], *, fmt: str = "docx",
         template_dir: Union[str, Path, None] = None) -> list[Path]:
    """Draft one Kế hoạch thực hiện per unit of ``units`` (YAML/CSV/XLSX) into ``out_dir``."""
    from . import api

    return api.plan(source, units, out_dir, fmt=fmt, template_dir=template_dir)


def index(paths: Iterable[Union[str, Path]], db: Union[str, Path], *, jobs: Optional[int] = None,
          dask: Optional[str] = None, force: bool = False) -> "IndexReport":
    """Parse many documents into the SQLite corpus index at ``db`` (failures are recorded)."""
    from . import api

    return api.index(paths, db, jobs=jobs, dask=dask, force=force)


_LAZY = {"Parser": "pipeline", "ParseState": "pipeline", "Rules": "rules", "Resolution": "schema"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'nqparse' has no attribute {name!r}")


# ``nqparse.load``, ``nqparse.extract`` and ``nqparse.plan`` are also subpackages. Importing one
# makes the import system set it as this package's attribute, over the function above; so the
# subpackage is made callable too, and ``nqparse.plan(...)`` works before and after its import.

_FACADES = {"load": load, "extract": extract, "plan": plan}


class _CallableSubpackage(types.ModuleType):
    """A subpackage named like an API function: calling it calls the function."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _FACADES[self.__name__.rpartition(".")[2]](*args, **kwargs)


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _FACADES and isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            value.__class__ = _CallableSubpackage
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
