"""Render one plan to Markdown with a sandboxed jinja2 template (``ke-hoach.md.j2``)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import BadInputError


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


@lru_cache(maxsize=4)
def _compiled(path: Path, stamp: tuple[int, int]) -> Template:
    env = SandboxedEnvironment(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = _cell
    try:
        return env.from_string(path.read_text(encoding="utf-8"))
    except TemplateError as exc:
        raise BadInputError(f"template error: {exc}".splitlines()[0], path=path) from None


def render_markdown(template: Path, context: dict[str, Any], out: Path) -> None:
    compiled = _compiled(template, (template.stat().st_mtime_ns, template.stat().st_size))
    try:
        text = compiled.render(**context)
    except (TemplateError, TypeError) as exc:  # {% include %} without a loader raises TypeError
        raise BadInputError(f"template error: {exc}".splitlines()[0], path=template) from None
    out.write_text(text, encoding="utf-8")
