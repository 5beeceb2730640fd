"""Render one plan to .docx with docxtpl in a sandboxed jinja2 environment.

The page set-up, fonts and numbering live in the template (see ``templates/build_template.py``);
this module only fills it. Templates are read once and rendered per unit from their bytes.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import BadInputError

TEMPLATE_NAME = "ke-hoach.docx"


@lru_cache(maxsize=4)
def _template_bytes(path: Path, mtime: float) -> bytes:
    return path.read_bytes()


def render_docx(template: Path, context: dict[str, Any], out: Path) -> None:
    """Fill ``template`` with ``context`` and save the document at ``out``."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(_template_bytes(template, template.stat().st_mtime)))
    try:
        document.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    except TemplateError as exc:
        raise BadInputError(f"template error: {exc}".splitlines()[0], path=template) from None
    document.save(str(out))
