"""Render one plan to .docx with docxtpl in a sandboxed jinja2 environment.

The page set-up, fonts and numbering live in the template (see ``templates/build_template.py``);
this module only fills it. docxtpl re-patches and re-compiles the template's XML on every
render; for a few hundred units that dominates, so the patched XML and the compiled jinja
template are kept per template file (the source is the same for every unit), and the
line-break pass is skipped when no value holds a line break.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import BadInputError



class CompilingOnceSandbox(SandboxedEnvironment):
    """A sandboxed environment that compiles each distinct template source once."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (jinja's name)
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


@lru_cache(maxsize=4)
def _loaded(path: Path, stamp: tuple[int, int]) -> tuple[bytes, CompilingOnceSandbox, dict[str, str]]:
    """The template's bytes, its environment and its cache of patched XML parts."""
    return path.read_bytes(), CompilingOnceSandbox(), {}


def render_docx(template: Path, context: dict[str, Any], out: Path) -> None:
    """Fill ``template`` with ``context`` and save the document at ``out``."""
    from docxtpl import DocxTemplate

    blob, env, patched = _loaded(template, (template.stat().st_mtime_ns, template.stat().st_size))

    class PlanTemplate(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            if src_xml not in patched:
                patched[src_xml] = super().patch_xml(src_xml)
            return patched[src_xml]

        def resolve_listing(self, xml: str) -> str:
            # docxtpl turns \n \t \a \f of the values into Word breaks; without them it is the identity
            return super().resolve_listing(xml) if any(c in xml for c in "\n\t\a\f") else xml

    document = PlanTemplate(io.BytesIO(blob))
    try:
        document.render(context, jinja_env=env, autoescape=True)
    except (TemplateError, TypeError) as exc:
        raise BadInputError(f"template error: {exc}".splitlines()[0], path=template) from None
    document.save(str(out))
