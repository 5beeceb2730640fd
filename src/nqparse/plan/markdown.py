"""Render one plan to Markdown with a sandboxed jinja2 template (``ke-hoach.md.j2``).

Every ``{{ value }}`` is escaped as Markdown text (``nqparse.escape.markdown_text``: one line, no
raw HTML, no link, no heading of its own) — in the built-in templates and in an office's own,
whether or not it writes the ``md`` filter (``cell`` is its older name). A template that wants a
value raw must say ``| safe``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..errors import BadInputError
from ..escape import markdown_text


def escaped(value: Any) -> Markup:
    """``value`` as Markdown text, marked so that it is not escaped twice."""
    return value if isinstance(value, Markup) else Markup(markdown_text(value))


@lru_cache(maxsize=4)
def _compiled(path: Path, stamp: tuple[int, int]) -> Template:
    env = SandboxedEnvironment(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, finalize=escaped)
    env.filters["md"] = env.filters["cell"] = escaped
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
