"""Text from documents, units files and workbooks, made safe for the formats it is written into.

Every writer that puts such text into a spreadsheet cell or a Markdown file goes through here,
so a document cannot smuggle a formula into a workbook or a script into a plan.

Spreadsheets (:func:`spreadsheet_text`, for CSV; :func:`is_formula_like` for the xlsx writers).
A cell whose first character (after spaces) is ``=`` ``+`` ``-`` ``@`` (or their full-width
forms), a tab, a carriage return or a line feed is one a spreadsheet may run as a formula
("=HYPERLINK(…)", "=cmd|' /C calc'!A0", "-2+3+cmd|…", "@SUM(…)"). Such a CSV cell is prefixed
with an apostrophe, as OWASP advises, except in two shapes that cannot call anything:

- a number written as text: "-5", "+84 912 345 678", "-12,5%";
- a bullet: "-" or "+", a space, then a letter — "- Nông, lâm nghiệp, thủy sản", "+ Ban Tổ chức
  (chủ trì)" — which carries none of the three things a harmful formula needs: a function call
  (a Latin name followed by "(": ``HYPERLINK(``, ``WEBSERVICE (``), a DDE link (``|``) or a
  reference to another sheet or workbook (``!``). A bullet that has any of them is prefixed.

In an .xlsx workbook a cell written as a string is never a formula, so nothing is prefixed there:
the writers mark every formula-like string as a string with Excel's quote prefix (openpyxl would
otherwise store any string that starts with "=" as a formula), so editing it keeps it text.

Markdown (:func:`markdown_text`). Text is kept on one line (whitespace, line breaks included,
becomes one space, so a value cannot start a heading, a list or a table row of its own); ``<``
and an ``&`` that would start an entity become entities (no raw HTML, ``<script>``,
``<img onerror>``, no ``<javascript:…>`` autolink — entities also hold inside the HTML blocks of
the plan templates); ``\\ ` * _ [ ] | ~`` are backslash-escaped (no link ``[…](javascript:…)``,
no emphasis or code span swallowing the template's own markup, no extra table column); a
leading ``#`` or ``>`` and a value that is only a rule (``---``) start with an entity instead.
:func:`markdown_fields` escapes every text of a report model at once.
"""
from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
LEADING_BLANKS = " \u00a0\u3000"
NUMBER = re.compile(r"[-+]?\d[\d.,  ]*%?")
BULLET = re.compile(r"[-+]\s+[^\W\d_]")
FORMULA_MACHINERY = re.compile(r"[|!]|(?<![\w.])[A-Za-z_][A-Za-z0-9_.]*\s*\(")

MARKDOWN_SPECIALS = re.compile(r"[\\`*_\[\]|~]")
ENTITY_START = re.compile(r"&(?=#?\w+;)")
RULE_ONLY = re.compile(r"[-=_*+ ]{3,}")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula (see the module docstring)."""
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    bare = text.lstrip(LEADING_BLANKS)
    return bool(bare) and bare[0] in FORMULA_STARTS


def spreadsheet_text(value: Any) -> Any:
    """A CSV cell value that no spreadsheet runs as a formula; anything but text is returned as is."""
    if not isinstance(value, str) or not is_formula_like(value):
        return value
    bare = value.strip(LEADING_BLANKS)
    if NUMBER.fullmatch(bare):
        return value
    if BULLET.match(bare) and not FORMULA_MACHINERY.search(bare):
        return value
    return "'" + value


def markdown_text(value: Any) -> str:
    """``value`` as inline Markdown text that renders as exactly that text (None → "")."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = MARKDOWN_SPECIALS.sub(lambda m: "\\" + m.group(0), text)
    text = ENTITY_START.sub("&amp;", text).replace("<", "&lt;")
    if text[:1] in ("#", ">") or RULE_ONLY.fullmatch(text):
        text = f"&#{ord(text[0])};{text[1:]}"  # an entity: no heading, quote or rule, in Markdown or HTML
    return text


def markdown_fields(model: M) -> M:
    """A copy of a pydantic ``model`` whose every text (in nested models and lists too) is
    :func:`markdown_text`, for a writer that formats a whole report as Markdown."""
    return model.model_copy(update={name: _escaped(value) for name, value in model})


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return markdown_text(value)
    if isinstance(value, BaseModel):
        return markdown_fields(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value
