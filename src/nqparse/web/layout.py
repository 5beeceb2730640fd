"""Laying the marked text out for reading: one ``<p>`` per line of the normalized text.

``render.html.mark_text`` gives one run of escaped text with nested ``<span class="hl">``
marks. On screen, paragraphs read better than one ``pre-wrap`` block, so the run is cut at
each newline: marks still open there are closed and reopened in the next paragraph (marked
``data-cont``), and paragraphs that begin an outline heading of the first two levels get the
``heading`` class. No text is added, dropped or re-escaped.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

from ..schema import Resolution

TOKEN = re.compile(r"<span\b[^>]*>|</span>|\n")


def heading_starts(resolution: Resolution, max_level: int = 2) -> set[int]:
    starts: set[int] = set()
    stack = list(resolution.outline)
    while stack:
        node = stack.pop()
        if node.level <= max_level:
            starts.add(node.span.start)
            stack.extend(node.children)
    return starts


def _continued(tag: str) -> str:
    return tag if "data-cont" in tag else tag[:-1] + ' data-cont="1">'


def paragraphs(marked: Markup, headings: set[int] = frozenset()) -> Markup:
    """Cut ``marked`` (escaped text + span marks) into ``<p>`` elements at its newlines."""
    out: list[str] = []
    current: list[str] = []
    open_tags: list[str] = []
    offset = para_start = 0

    def close_paragraph() -> None:
        body = "".join(current) + "</span>" * len(open_tags)
        css = ' class="heading"' if para_start in headings else ""
        out.append(f"<p{css}>{body}</p>" if body.strip() else "")

    pos = 0
    for match in TOKEN.finditer(str(marked)):
        text = str(marked)[pos:match.start()]
        current.append(text)
        offset += len(html.unescape(text))
        pos = match.end()
        token = match.group(0)
        if token == "\n":
            close_paragraph()
            offset += 1
            para_start = offset
            current = [_continued(t) for t in open_tags]
        elif token == "</span>":
            open_tags.pop()
            current.append(token)
        else:
            open_tags.append(token)
            current.append(token)
    text = str(marked)[pos:]
    current.append(text)
    close_paragraph()
    return Markup("\n".join(p for p in out if p))
