"""The resolution as Markdown: metadata, targets, tasks, citations and warnings in tables.

Every text from the document goes through :func:`cell` (``escape.markdown_text``): one line, no
raw HTML, no link, no heading or table row of its own.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..schema import Resolution
from ..escape import markdown_text
from ..workbook import BODY_KIND_WORDS, SHEET_INFO, INFO_FILL_IN, Table, info_rows, reference_table, target_table, task_table

SKIPPED_INFO = set(INFO_FILL_IN) | {"Hướng dẫn", "Thời điểm tạo"}


def to_markdown(resolution: Resolution) -> str:
    m = resolution.metadata
    title = " ".join(x for x in (m.doc_type, f"số {m.code}" if m.code else None) if x) or "Văn bản"
    parts = [f"# {cell(title)}", ""]
    if m.title:
        parts += [f"*{cell(m.title)}*", ""]
    parts += [f"## {SHEET_INFO}", "", *table_lines(["Trường", "Giá trị"],
              [[k, v] for k, v in info_rows(resolution) if k not in SKIPPED_INFO and v not in (None, "")])]
    if resolution.goals:
        parts += ["", f"## Mục tiêu ({len(resolution.goals)})", ""]
        parts += [f"- {f'({cell(g.section)}) ' if g.section else ''}{cell(g.text)}" for g in resolution.goals]
    for table in (target_table(resolution), task_table(resolution), reference_table(resolution)):
        parts += ["", f"## {table.title} ({len(table.rows)})", ""]
        parts += tracking_table_lines(table) if table.rows else ["_Không có._"]
    if resolution.bodies:
        parts += ["", f"## Cơ quan, đơn vị được nhắc đến ({len(resolution.bodies)})", ""]
        parts += table_lines(["Cơ quan", "Loại", "Số lần nhắc"],
                             [[b.name, BODY_KIND_WORDS.get(b.kind.value, b.kind.value), len(b.mentions)]
                              for b in resolution.bodies])
    parts += ["", f"## Cảnh báo ({len(resolution.warnings)})", ""]
    for w in resolution.warnings:
        where = f" — «{cell(short(w.span.quote))}»" if w.span else ""
        parts.append(f"- `{w.code}`: {cell(w.message)}{where}")
    if not resolution.warnings:
        parts.append("_Không có._")
    return "\n".join(parts) + "\n"


def tracking_table_lines(table: Table) -> list[str]:
    """The document's columns only: the fill-in columns belong in the workbook."""
    keep = [i for i, c in enumerate(table.columns) if not c.fill_in]
    header = [table.columns[i].header for i in keep]
    return table_lines(header, [[row[i] for i in keep] for row in table.rows])


def table_lines(header: list[str], rows: Iterable[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


def cell(value: Any) -> str:
    """A table cell, or any text from the document: one line, Markdown and HTML specials escaped."""
    return markdown_text(value)


def short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
