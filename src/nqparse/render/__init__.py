"""Renderers: a Resolution out as JSON, YAML, Markdown, XLSX, CSV or an HTML review page."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from ..errors import BadInputError
from ..schema import Resolution

TEXT_FORMATS = {"json", "yaml", "md", "html"}


def render_text(resolution: Resolution, fmt: str) -> str:
    if fmt == "json":
        from .json import to_json

        return to_json(resolution)
    if fmt == "yaml":
        from .json import to_yaml

        return to_yaml(resolution)
    if fmt == "md":
        from .markdown import to_markdown

        return to_markdown(resolution)
    if fmt == "html":
        from .html import to_html

        return to_html(resolution)
    raise BadInputError(f"unknown format {fmt} for text (json, yaml, md or html)")


def write_file(resolution: Resolution, fmt: str, path: Path) -> None:
    """Write ``resolution`` to ``path`` (which the caller makes atomic)."""
    if fmt in TEXT_FORMATS:
        path.write_text(render_text(resolution, fmt), encoding="utf-8")
    elif fmt == "xlsx":
        from .xlsx import write_workbook

        write_workbook(resolution, path)
    else:
        raise BadInputError(f"unknown format {fmt} (json, yaml, md, html, xlsx or csv)")


def render_to(resolution: Resolution, fmt: str, out: Optional[Path]) -> None:
    """Print a text format to stdout, or write any format to ``out`` atomically.

    Raises :class:`~nqparse.errors.BadInputError` for a format that needs an output path and has
    none (the CLI's exit 2), never ``SystemExit``: a library must not end its caller's process."""
    from ..atomic import write_atomically

    if fmt == "csv":
        from .csv import write_csv_folder

        if out is None:
            raise BadInputError("-f csv needs -o FOLDER")
        write_csv_folder(resolution, out)
        return
    if out is None:
        if fmt == "xlsx":
            raise BadInputError("-f xlsx needs -o FILE.xlsx")
        sys.stdout.write(render_text(resolution, fmt))
        if fmt != "html":
            sys.stdout.write("\n")
        return
    write_atomically(out, lambda tmp: write_file(resolution, fmt, tmp))
