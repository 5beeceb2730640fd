"""The review page: the document text with every extracted item highlighted, one self-contained file.

A person checks the machine's reading here before trusting it: targets, tasks, goals, body
mentions and citations are marked in the normalized text (each mark carries ``data-id``,
``data-kind`` and ``data-span`` so its text can be checked against the item's quote), a side
panel lists the items with their fields, and the warnings are listed with their place.
Spans that nest become nested marks; spans that cross are split into pieces with the same
``data-id`` and ``data-span`` — the text itself is emitted exactly once. Tables of the document
(task and target tables, annexes) are shown as tables, each cell holding its own text, and
every row that gave a task or a target links to it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional

from markupsafe import Markup, escape

from ..schema import Resolution, Span
from ..workbook import BODY_KIND_WORDS, ROLE_WORDS, body_names, comparator_label, number, recurrence_words

KINDS = {  # kind → (label, order)
    "indicator": ("Chỉ tiêu", 1),
    "task": ("Nhiệm vụ", 2),
    "goal": ("Mục tiêu", 3),
    "body": ("Cơ quan", 4),
    "reference": ("Văn bản dẫn chiếu", 5),
}

XrefUrl = Callable[[str], Optional[str]]


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str
    item_id: str
    title: str


@dataclass
class PanelItem:
    item_id: str
    kind: str
    label: str
    section: Optional[str]
    start: int
    summary: str
    fields: list[tuple[str, Any]] = field(default_factory=list)
    link: Optional[str] = None


def to_html(resolution: Resolution, *, xref_url: XrefUrl | None = None) -> str:
    """Render the review page of ``resolution`` (no network: CSS and JS are inline)."""
    items, highlights = collect(resolution, xref_url)
    bad = [h for h in highlights if not fits(resolution.text, h)]
    good = [h for h in highlights if fits(resolution.text, h)]
    m = resolution.metadata
    title = " ".join(x for x in (m.doc_type, f"số {m.code}" if m.code else None) if x) or "Văn bản"
    return template().render(
        title=title, metadata=metadata_rows(resolution), resolution=resolution,
        body=mark_body(resolution, good), items=sorted(items, key=lambda i: (i.start, KINDS[i.kind][1])),
        kinds=KINDS, counts={k: sum(1 for i in items if i.kind == k) for k in KINDS},
        warnings=resolution.warnings, misplaced=bad, label=warning_label,
    )


@lru_cache(maxsize=1)
def template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("nqparse.render", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template("review.html.j2")


def fits(text: str, h: Highlight) -> bool:
    return 0 <= h.start < h.end <= len(text)


def collect(resolution: Resolution, xref_url: XrefUrl | None) -> tuple[list[PanelItem], list[Highlight]]:
    items: list[PanelItem] = []
    highlights: list[Highlight] = []

    def add(item: PanelItem, spans: Iterable[Span]) -> None:
        items.append(item)
        seen = set()
        for s in spans:
            if (s.start, s.end) not in seen and resolution.text[s.start:s.end] == s.quote:
                seen.add((s.start, s.end))
                highlights.append(Highlight(s.start, s.end, item.kind, item.item_id,
                                            f"{KINDS[item.kind][0]} · {item.item_id}"))

    from .labels import vn_date

    names = body_names(resolution)
    for i in resolution.indicators:
        add(PanelItem(i.id, "indicator", KINDS["indicator"][0], i.section, i.span.start, i.span.quote, [
            ("Câu", i.text if i.text != i.span.quote else None), ("Nhóm", i.category), ("So sánh", comparator_label(i)),
            ("Giá trị", value_text(i.value, i.high)), ("Đơn vị tính", i.unit), ("Đối tượng", i.subject),
            ("Điều kiện", i.condition), ("Thời hạn", i.deadline), ("Hạn (ngày)", vn_date(i.due) if i.due else None),
            ("Định kỳ", recurrence_words(i.recurrence)), ("Chủ trì", names(i.lead)),
            ("Thuộc chỉ tiêu", i.parent), ("Nguồn", where_read(i))]), [i.span])
    for t in resolution.tasks:
        add(PanelItem(t.id, "task", KINDS["task"][0], t.section, t.span.start, t.span.quote, [
            ("Hành động", t.action), ("Chủ trì", names(t.lead)),
            ("Phối hợp", names(t.partners)), ("Thời hạn", t.deadline),
            ("Hạn (ngày)", vn_date(t.due) if t.due else None), ("Định kỳ", recurrence_words(t.recurrence)),
            ("Sản phẩm", t.product), ("Người phụ trách", t.person),
            ("Văn bản liên quan", "; ".join(t.references)), ("Nguồn", where_read(t))]), [t.span])
    for g in resolution.goals:
        add(PanelItem(g.id, "goal", KINDS["goal"][0], g.section, g.span.start, g.span.quote, [
            ("Loại", "tổng quát" if g.kind == "general" else "cụ thể")]), [g.span])
    for b in resolution.bodies:
        first = min((s.start for s in b.mentions), default=len(resolution.text))
        add(PanelItem(b.id, "body", KINDS["body"][0], None, first, b.name, [
            ("Loại", BODY_KIND_WORDS.get(b.kind.value, b.kind.value)), ("Số lần nhắc", len(b.mentions)),
            ("Tên khác", aliases_shown(b.aliases))]), b.mentions)
    for n, r in enumerate(resolution.references, start=1):
        add(PanelItem(f"ref-{n}", "reference", KINDS["reference"][0], None, r.span.start, r.code or r.raw, [
            ("Nguyên văn", r.raw), ("Loại", r.doc_type), ("Ngày", vn_date(r.date) if r.date else r.year), ("Cơ quan", r.issuer),
            ("Trích yếu", r.title), ("Vai trò", ROLE_WORDS.get(r.role.value)), ("Số lần dẫn", max(1, len(r.mentions))),
            ("Đối chiếu", r.resolved), ("Lưu ý", "; ".join((["thiếu số/ký hiệu"] if r.partial else []) + r.warnings))],
            link=xref_url(r.code) if (xref_url and r.code) else None), [r.span, *r.mentions])
    for item in items:
        item.fields = [(k, v) for k, v in item.fields if v not in (None, "", [])]
    return items, highlights


def where_read(item) -> Optional[str]:
    """"bảng 3, dòng 7" for an item read from a table row."""
    return f"bảng {item.cell.table + 1}, dòng {item.cell.row + 1}" if item.cell is not None else None


def aliases_shown(aliases: list[str], limit: int = 6) -> str:
    """Distinct spellings (case aside), at most ``limit`` of them."""
    seen: dict[str, str] = {}
    for alias in aliases:
        seen.setdefault(alias.casefold(), alias)
    names = list(seen.values())
    return "; ".join(names[:limit]) + (f"; … (+{len(names) - limit})" if len(names) > limit else "")


def value_text(value: Optional[float], high: Optional[float]) -> Optional[str]:
    if value is None:
        return None
    return f"{number(value)} – {number(high)}" if high is not None else str(number(value))


def warning_label(code: str) -> str:
    from .labels import warning_label as label

    return label(code)


def metadata_rows(resolution: Resolution) -> list[tuple[str, str]]:
    m, s = resolution.metadata, resolution.source
    signer = ", ".join(x for x in (m.signer.authority, m.signer.title, m.signer.name) if x)
    from .labels import vn_date

    rows = [("Số, ký hiệu", m.code), ("Ngày ban hành", vn_date(m.date) if m.date else None), ("Nơi ban hành", m.place),
            ("Cơ quan ban hành", m.issuer), ("Cơ quan cấp trên", m.parent_issuer),
            ("Người ký", signer), ("Nơi nhận", "; ".join(r.name for r in m.recipients)),
            ("Tệp nguồn", f"{s.path or ''} ({s.format})")]
    return [(k, v) for k, v in rows if v]


def mark_body(resolution: Resolution, highlights: list[Highlight]) -> Markup:
    """The document's text with its marks, data tables laid out as tables."""
    text = resolution.text
    rows = _item_rows(resolution)
    out: list[str] = []
    pos = 0
    for n, table in enumerate(resolution.tables):
        if table.kind == "layout" or not table.cells or table.span.start < pos:
            continue
        out.append(mark_text(text, highlights, pos, table.span.start))
        out.append(_table_html(text, table, n, highlights, rows))
        pos = table.span.end
    out.append(mark_text(text, highlights, pos, len(text)))
    return Markup("".join(out))


def _item_rows(resolution: Resolution) -> dict[tuple[int, int], list[str]]:
    """(table, row) → ids of the tasks and targets read from that row."""
    rows: dict[tuple[int, int], list[str]] = {}
    for item in [*resolution.tasks, *resolution.indicators]:
        if item.cell is not None:
            rows.setdefault((item.cell.table, item.cell.row), []).append(item.id)
    return rows


def _table_html(text: str, table, n: int, highlights: list[Highlight], rows: dict[tuple[int, int], list[str]]) -> str:
    """A ``<table>`` whose cells hold, in reading order, exactly the text between one cell's start
    and the next one's (the line break after a cell stays in it), so the page keeps the text once."""
    cells = sorted((c for c in table.cells if c.end > c.start), key=lambda c: c.start)
    ends = {id(c): (cells[k + 1].start if k + 1 < len(cells) else table.span.end) for k, c in enumerate(cells)}
    out = [f'<div class="table-wrap"><table class="doc-table" data-table="{n}">']
    for r in range(table.rows):
        items = rows.get((n, r), [])
        head = ' class="head"' if r < table.header_rows else (' class="item-row"' if items else "")
        link = f' data-items="{escape(" ".join(items))}"' if items else ""
        out.append(f"<tr{head}{link}>")
        for c in sorted((c for c in table.cells if c.row == r), key=lambda c: c.col):
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            start, end = (c.start, ends[id(c)]) if id(c) in ends else (c.start, c.start)
            out.append(f"<td{span}>{mark_text(text, highlights, start, end)}</td>")
        out.append("</tr>")
    out.append("</table></div>")
    return "".join(out)


def mark_text(text: str, highlights: list[Highlight], start: int = 0, end: Optional[int] = None) -> Markup:
    """The escaped ``text[start:end]`` with nested ``<span class="hl">`` marks; crossing marks are split.

    Marks are opened outermost first (earlier start, then later end). When a mark ends while
    marks opened after it are still open, those are closed and reopened after it, so the
    output is well-formed and every character of ``text`` appears exactly once. A mark that
    starts before ``start`` (it runs over from the previous table cell) opens as a continuation.
    """
    end = len(text) if end is None else end
    inside = [h for h in set(highlights) if h.start < end and h.end > start]
    ordered = sorted(inside, key=lambda h: (max(h.start, start), -h.end, KINDS[h.kind][1], h.item_id))
    bounds = sorted({start, end} | {h.start for h in ordered if h.start > start} | {min(h.end, end) for h in ordered})
    out: list[str] = []
    stack: list[Highlight] = []
    pos, nxt = start, 0
    for b in bounds:
        if b > pos:
            out.append(str(escape(text[pos:b])))
            pos = b
        ending = [k for k, h in enumerate(stack) if min(h.end, end) == b]
        if ending:
            first = ending[0]
            out.append("</span>" * (len(stack) - first))
            reopen = [h for h in stack[first:] if min(h.end, end) != b]
            del stack[first:]
            for h in reopen:
                out.append(open_tag(h, continued=True))
                stack.append(h)
        while nxt < len(ordered) and max(ordered[nxt].start, start) == b and b < end:
            out.append(open_tag(ordered[nxt], continued=ordered[nxt].start < start))
            stack.append(ordered[nxt])
            nxt += 1
    return Markup("".join(out))


def open_tag(h: Highlight, *, continued: bool) -> str:
    cont = ' data-cont="1"' if continued else ""
    return (f'<span class="hl hl-{h.kind}" data-id="{escape(h.item_id)}" data-kind="{h.kind}" '
            f'data-span="{h.start}-{h.end}" title="{escape(h.title)}"{cont}>')
