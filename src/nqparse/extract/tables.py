"""Tasks and targets read from the rows of task and target tables.

:mod:`nqparse.structure.tables` has said what each column holds; here every item row becomes:

- in a task table, a :class:`Task` per row: the task cell's text, the bodies named in the lead
  ("chủ trì") and partner ("phối hợp") cells, the deadline, product and person cells. A cell
  merged over several rows (Word ``vMerge``) answers for each of them: "Sở Nông nghiệp và Môi
  trường" written once for four rows leads all four; a task written once over two rows with a
  product, a lead and a deadline each is two assignments.
- in a target table, an :class:`Indicator` per value column ("Năm 2026", "Đến năm 2030",
  "Kết quả") with that column's year, or the group row's horizon ("I | Đến năm 2030"), as its
  deadline; a value cell without a number ("Đạt mức tiên tiến …") is a qualitative target; a
  table without value columns states its targets in the target cell itself ("Kinh tế số chiếm
  45% GRDP tỉnh.").

Rows keep the section ids of their groups ("PLII.I"), and every item its table cell.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from ..document import Cell, StructuredDocument
from ..ids import IdMaker, document_key
from ..schema import CellRef, Comparator, Indicator, ItemSource, ParseWarning, Span, TableCell, TableInfo, Task
from ..structure.tables import ReadTable, Row, iter_items
from .bodies import BodyMention


def deadline_fields(text: Optional[str], issued: Optional[str] = None) -> dict:
    """deadline, due, start and recurrence of a deadline cell; the cell's words are the deadline."""
    from .deadlines import fields, read_deadline

    return fields(read_deadline(text, issued=issued) if text else None, written=text)


def _span(doc: StructuredDocument, cell: Cell) -> Span:
    start, end = cell.start, cell.end
    text = doc.text
    while start < end and text[start] in " *\n":
        start += 1
    while end > start and text[end - 1] in " *\n":
        end -= 1
    return Span(start=start, end=end, quote=text[start:end])


def _flat(doc: StructuredDocument, cell: Optional[Cell]) -> Optional[str]:
    value = doc.normalized.cell_text(cell).strip(" *") if cell is not None else ""
    return value.replace("**", "") or None


def _bodies_in(cell: Optional[Cell], mentions: list[BodyMention], starts: list[int]) -> list[str]:
    """Ids of the bodies named in ``cell``, in order, once each."""
    if cell is None or cell.empty:
        return []
    out: list[str] = []
    for i in range(bisect.bisect_left(starts, cell.start), len(mentions)):   # no copy of the rest
        m = mentions[i]
        if m.start >= cell.end:
            break
        if m.id not in out:
            out.append(m.id)
    return out


def _cell_ref(table_no: int, cell: Cell) -> CellRef:
    return CellRef(table=table_no, row=cell.row, col=cell.col)


def table_tasks(doc: StructuredDocument, ids: IdMaker, mentions: list[BodyMention],
                citations: list[tuple[int, str]]) -> list[Task]:
    """One task per task cell of every task table, in table order."""
    starts = [m.start for m in mentions]
    tasks: list[Task] = []
    for table_no, rt in enumerate(doc.tables):
        if rt.kind != "tasks":
            continue
        for row in iter_items(rt):
            cell = row.cell("task")
            if cell is None or cell.empty:
                continue
            lead = _bodies_in(row.cell("lead"), mentions, starts)
            partners = [b for b in _bodies_in(row.cell("partners"), mentions, starts) if b not in lead]
            tasks.append(_row_task(doc, ids, rt, row, cell, table_no, lead, partners, citations))
    return tasks


def _row_task(doc: StructuredDocument, ids: IdMaker, rt: ReadTable, row: Row, cell: Cell, table_no: int,
              lead: list[str], partners: list[str], citations: list[tuple[int, str]]) -> Task:
    span = _span(doc, cell)
    text = " ".join(span.quote.split()).replace("**", "")
    deadline = _flat(doc, row.cell("deadline"))
    cited: list[str] = []
    for at, code in citations[bisect.bisect_left(citations, (span.start, "")):]:
        if at >= span.end:
            break
        if code not in cited:
            cited.append(code)
    action = " ".join(re.split(r"[,;.:]", text, maxsplit=1)[0].split()[:12]) or None
    return Task(
        id=ids(row.section), text=text, action=action, lead=lead, partners=partners,
        **deadline_fields(deadline, issued=doc.metadata.date),
        product=_flat(doc, row.cell("product")), person=_flat(doc, row.cell("person")),
        section=row.section, references=cited, source=ItemSource.TABLE,
        cell=_cell_ref(table_no, cell), span=span,
    )


def table_targets(doc: StructuredDocument) -> list[Indicator]:
    """One target per value cell of every target table (or per quantity its target cell states)."""
    from .bodies import body_mentions
    from .targets import read_mentions, read_value_cell

    ids = IdMaker(document_key(doc.metadata.code, doc.text), kind="CT")
    mentions = body_mentions(doc)
    starts = [m.start for m in mentions]
    out: list[Indicator] = []
    for table_no, rt in enumerate(doc.tables):
        if rt.kind != "targets":
            continue
        value_cols = [i for i, c in enumerate(rt.columns) if c.role == "value"]
        horizons = _group_horizons(doc, rt)
        for row in iter_items(rt):
            name = row.cell("target")
            if name is None or name.empty:
                continue
            lead = _bodies_in(row.cell("lead"), mentions, starts)
            unit = _flat(doc, row.cell("unit"))
            horizon = horizons.get(row.section)
            if not value_cols:
                found = read_mentions(doc.text, name.start, name.end)
                for m in found:
                    out.append(_target(doc, ids, row, name, name, table_no, lead, m, horizon, rt))
                continue
            for col in value_cols:
                value = rt.table.at(row.index, col)
                if value is None or value.empty:
                    continue
                column = rt.columns[col]
                when = f"năm {column.year}" if column.year else horizon
                cell_text = doc.normalized.cell_text(value)
                found = read_value_cell(cell_text, unit)
                if not found:
                    out.append(_target(doc, ids, row, name, value, table_no, lead, None, when, rt, unit))
                for m in found:
                    out.append(_target(doc, ids, row, name, value, table_no, lead, m, when, rt, unit))
    return out


def _group_horizons(doc: StructuredDocument, rt: ReadTable) -> dict[str, str]:
    """The horizon each group row states ("I | Đến năm 2030" → "Đến năm 2030"), for its rows."""
    from .deadlines import read_deadline

    out: dict[str, str] = {}
    for row in rt.rows:
        if row.group:
            title = " ".join(_flat(doc, c) or "" for role, c in row.cells.items() if role != "number")
            found = read_deadline(title, issued=doc.metadata.date) if len(title) < 120 else None
            if found:
                out[row.section] = found.text
    for row in rt.rows:                          # sub-groups inherit their group's horizon
        if row.section not in out:
            parent = row.section.rsplit(".", 1)[0]
            if parent in out:
                out[row.section] = out[parent]
    return out


def _target(doc: StructuredDocument, ids: IdMaker, row: Row, name: Cell, value: Cell, table_no: int,
            lead: list[str], m, when: Optional[str], rt: ReadTable, unit: Optional[str] = None) -> Indicator:
    text = doc.text
    subject = " ".join(text[name.start:name.end].split()).replace("**", "").strip(" .;") or None
    if m is not None and value is not name:
        start, end = _span(doc, name).start, _span(doc, value).end
    elif m is not None:
        start, end = m.start, m.end
    else:
        start, end = _span(doc, name).start, _span(doc, value).end
    fields = deadline_fields(when, issued=doc.metadata.date)
    return Indicator(
        id=ids(row.section),
        text=" ".join(text[start:end].split()).replace("**", ""),
        subject=subject,
        comparator=Comparator(m.comparator) if m is not None else None,
        value=m.value if m is not None else None,
        high=m.high if m is not None else None,
        unit=(m.unit or unit) if m is not None else None,
        category=None, section=row.section, lead=lead,
        source=ItemSource.TABLE, cell=_cell_ref(table_no, value),
        span=Span(start=start, end=end, quote=text[start:end]),
        **fields,
    )


def table_info(doc: StructuredDocument) -> list[TableInfo]:
    """The document's tables for the JSON output and the review page."""
    out: list[TableInfo] = []
    for rt in doc.tables:
        t = rt.table
        out.append(TableInfo(
            index=len(out), kind=rt.kind, rows=t.rows, cols=t.cols, header_rows=rt.header_rows,
            columns=[c.role for c in rt.columns], section=rt.section or None, guessed=t.guessed,
            cells=[TableCell(row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan, start=c.start, end=c.end)
                   for c in t.cells],
            span=Span(start=t.start, end=t.end, quote=doc.text[t.start:t.end]),
        ))
    return out


_WORDS = re.compile(r"[^\W\d_]+")


def merge_restated(prose: list[Indicator], rows: list[Indicator]) -> list[Indicator]:
    """Targets of a table that restate targets of the text ("PHỤ LỤC: Phân công thực hiện các chỉ
    tiêu", a Phụ lục repeating II.2 with its columns) are not counted twice: the text's target
    takes the row's lead, and the row is dropped. A row restates a target with the same quantity
    (and horizon, when both state one) whose words it mostly shares."""
    kept: list[Indicator] = []
    for row in rows:
        twin = next((t for t in prose if _restates(row, t)), None)
        if twin is None:
            kept.append(row)
        elif not twin.lead:
            twin.lead = list(row.lead)
    return prose + kept


def _restates(row: Indicator, target: Indicator) -> bool:
    if row.comparator is None or (row.value, row.high) != (target.value, target.high):
        return False
    if row.unit and target.unit and row.unit.split()[0].lower() != target.unit.split()[0].lower():
        return False
    if row.due and target.due and row.due[:4] != target.due[:4]:
        return False
    mine = {w.lower() for w in _WORDS.findall(row.subject or row.text)}
    theirs = {w.lower() for w in _WORDS.findall(f"{target.text} {target.subject or ''}")}
    return bool(mine) and len(mine & theirs) >= 0.6 * min(len(mine), 12)


def unread_warnings(doc: StructuredDocument, tasks: list[Task], indicators: list[Indicator]) -> list[ParseWarning]:
    """What a clerk should look at by hand: a table whose columns were not recognised, a task or
    target table that gave nothing, a table rebuilt from text by guesswork, a section headed by a
    body that gave no task."""
    from .bodies import body_mentions
    from .tasks import cues, names_body

    out: list[ParseWarning] = []
    from_table = {(i.cell.table) for i in [*tasks, *indicators] if i.cell is not None}
    for n, rt in enumerate(doc.tables):
        t = rt.table
        where = Span(start=t.start, end=t.end, quote=doc.text[t.start:t.end])
        label = f"bảng {n + 1}" + (f" ({rt.section})" if rt.section else "")
        if rt.kind == "layout":
            continue
        named = {c.role for c in rt.columns} & {"task", "target", "lead", "partners", "deadline"}
        if rt.kind == "other" and t.rows >= 2 and t.cols >= 3 and named:
            out.append(ParseWarning(code="table_not_read", span=where, message=(
                f"{label}: không nhận ra cột nhiệm vụ/chỉ tiêu trong dòng tiêu đề "
                f"({' | '.join(c.header or '?' for c in rt.columns)[:160]}); hãy đọc bảng này bằng mắt")))
        elif rt.holds_items and n not in from_table:
            out.append(ParseWarning(code="table_empty", span=where, message=(
                f"{label}: bảng {'nhiệm vụ' if rt.kind == 'tasks' else 'chỉ tiêu'} nhưng không đọc được dòng nào")))
        if t.guessed:
            out.append(ParseWarning(code="table_guessed", span=where, message=(
                f"{label}: các ô được dựng lại từ văn bản, không chắc đúng cột — kiểm tra lại")))
    mentions, c = body_mentions(doc), cues()
    starts = sorted(x.span.start for x in tasks)
    for s in doc.sections:
        if s.end <= s.heading_end + 1 or not names_body(doc, s, mentions, c):
            continue
        k = bisect.bisect_left(starts, s.start)
        if k < len(starts) and starts[k] < s.end:
            continue
        out.append(ParseWarning(code="section_not_read", span=Span(start=s.start, end=s.heading_end,
                                                                    quote=doc.text[s.start:s.heading_end]),
                                message=f"mục {s.path} giao việc cho một cơ quan nhưng không đọc được nhiệm vụ nào"))
    return out
