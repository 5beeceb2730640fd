"""The citation graph of an :class:`~nqparse.corpus.xref.XrefReport`: DOT, GraphML and SVG.

Nodes are documents (indexed, known from ``rules/known_documents.yaml``, or unresolved) and an
edge runs from the citing document to the cited one (dashed when the citation leaves the
issuer open). The whole corpus is drawn as its ``top`` most-cited documents with the documents
citing them gathered by issuer; one document's view (``XrefReport.focus``) draws everything. The SVG is drawn by graphviz ``dot`` when
it is installed, else by :func:`layered_svg`, a small layered layout: documents that cite
nothing sit on the top row, every other document one row below the lowest document it cites,
rows ordered by the mean position of their neighbours so edges cross less.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Optional
from xml.sax.saxutils import escape

from ..extract.citation_codes import code_key
from .xref import XrefReport

STYLE = {  # fill, stroke, dash
    "corpus": ("#dbe9f6", "#2b6cb0", ""),
    "known": ("#e3f4e1", "#2f855a", ""),
    "unresolved": ("#f3f3f3", "#8a8a8a", "4 3"),
    "cluster": ("#fdf3dc", "#b7791f", ""),
}
TOP = 30          # the whole-corpus graph draws this many most-cited documents


@dataclass
class Node:
    id: str
    kind: str                      # corpus | known | unresolved | cluster (citing documents of one issuer)
    label: str
    sub: str = ""
    cites: list[str] = field(default_factory=list)
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[tuple[str, str]]
    hidden: dict[str, int] = field(default_factory=dict)   # citing node → unresolved citations not drawn
    possible: set[tuple[str, str]] = field(default_factory=set)   # edges whose issuer the citation leaves open


def _facts(date: Optional[str], issuer: Optional[str]) -> str:
    sub = date or ""
    issuer = _short_issuer(issuer)
    if issuer:
        sub = f"{sub} · {issuer}" if sub else issuer
    return _short(sub, 34)


def _short_issuer(issuer: Optional[str]) -> Optional[str]:
    """"UBND Vĩnh Lam" for "Ủy ban nhân dân tỉnh Vĩnh Lam": the place stays visible in a small box."""
    from ..extract.citation_codes import issuer_for_name
    from .resolve import read_place

    if not issuer:
        return issuer
    entry, (place, _) = issuer_for_name(issuer), read_place(issuer)
    return f"{entry.symbol} {place.name}" if entry is not None and place is not None else issuer


def citation_graph(report: XrefReport, full: bool = False, top: Optional[int] = None) -> Graph:
    """Nodes and edges of the report. With ``top``, only the ``top`` most-cited documents and
    the documents citing them, gathered by issuer (see :func:`top_graph`). Unless ``full``,
    unresolved codes cited by a single document are not drawn (their number is written under
    the citing document) so a corpus stays readable."""
    if top:
        return top_graph(report, top)
    nodes: dict[str, Node] = {}
    for d in report.documents:
        nodes[code_key(d.id)] = Node(d.id, d.resolved, d.code, _facts(d.date, d.issuer))
    hidden: dict[str, int] = {}
    for u in report.unresolved:
        if full or len(u.cited_by) > 1:
            nodes[code_key(u.id)] = Node(u.id, "unresolved", u.code, _short(
                "chưa có trong kho" + (f" · {u.place}" if u.place else ""), 34))
        else:
            for c in u.cited_by:
                hidden[code_key(c)] = hidden.get(code_key(c), 0) + 1
    edges, possible = [], set()
    for d in report.documents:
        for cited in d.cites + d.possibly_cites:
            a, b = code_key(d.id), code_key(cited)
            if b in nodes and (a, b) not in possible and b not in nodes[a].cites:
                edges.append((a, b))
                nodes[a].cites.append(b)
                if cited in d.possibly_cites:
                    possible.add((a, b))
    return Graph(nodes, edges, hidden, possible)


def top_graph(report: XrefReport, top: int = TOP) -> Graph:
    """The ``top`` most-cited documents (in the corpus, known or not yet indexed) and their
    neighbourhoods: the documents citing them, one box per issuer ("Ủy ban nhân dân tỉnh Cao
    Bằng · 7 văn bản"), and the links among the most-cited themselves."""
    entries = [(d.id, d.code, d.resolved, _facts(d.date, d.issuer), d.cited_by) for d in report.documents]
    entries += [(u.id, u.code, "unresolved", _short("chưa có trong kho" + (f" · {u.place}" if u.place else ""), 34),
                 u.cited_by) for u in report.unresolved]
    ranked = sorted((e for e in entries if e[4]), key=lambda e: (-len(e[4]), e[0]))[:top]
    nodes = {code_key(i): Node(i, kind, code, sub) for i, code, kind, sub, _ in ranked}
    issuer = {code_key(d.id): d.issuer or "(không rõ cơ quan ban hành)" for d in report.documents}
    members: dict[str, set[str]] = {}
    edges: list[tuple[str, str]] = []
    for i, _, _, _, cited_by in ranked:
        for citing in cited_by:
            a = code_key(citing)
            if a not in nodes:
                group = issuer.get(a, "(không rõ cơ quan ban hành)")
                members.setdefault(group, set()).add(a)
                a = code_key("cluster:" + group)         # node keys are the code_key of their id
            if (a, code_key(i)) not in edges:
                edges.append((a, code_key(i)))
    for group, docs in members.items():
        nodes[code_key("cluster:" + group)] = Node("cluster:" + group, "cluster", _short(group, 40), f"{len(docs)} văn bản dẫn chiếu")
    for a, b in edges:
        nodes[a].cites.append(b)
    return Graph(nodes, edges)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- DOT and GraphML ---------------------------------------------------------------------

def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(report: XrefReport, full: bool = False, top: Optional[int] = None) -> str:
    g = citation_graph(report, full, top)
    lines = ["digraph citations {",
             '  rankdir=BT; nodesep=0.25; ranksep=0.6;',
             '  node [shape=box, style="rounded,filled", fontname="Liberation Sans", fontsize=10];',
             '  edge [color="#777777", arrowsize=0.6];']
    for key, n in g.nodes.items():
        fill, stroke, dash = STYLE[n.kind]
        label = "\\n".join(x for x in (n.label, n.sub, f"+{g.hidden[key]} văn bản khác" if g.hidden.get(key) else "") if x)
        style = '"rounded,filled,dashed"' if dash else '"rounded,filled"'
        shape = ", shape=folder" if n.kind == "cluster" else ""
        lines.append(f'  {_dot_quote(key)} [label="{_dot_text(label)}", fillcolor="{fill}", color="{stroke}", style={style}{shape}];')
    for a, b in g.edges:
        lines.append(f"  {_dot_quote(a)} -> {_dot_quote(b)}" + (" [style=dashed];" if (a, b) in g.possible else ";"))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace('"', '\\"')


def to_graphml(report: XrefReport) -> str:
    g = citation_graph(report, full=True)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
           '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '  <key id="facts" for="node" attr.name="facts" attr.type="string"/>',
           '  <graph id="citations" edgedefault="directed">']
    for key, n in g.nodes.items():
        out.append(f'    <node id="{escape(key, {chr(34): "&quot;"})}"><data key="label">{escape(n.label)}</data>'
                   f'<data key="kind">{n.kind}</data><data key="facts">{escape(n.sub)}</data></node>')
    for i, (a, b) in enumerate(g.edges):
        out.append(f'    <edge id="e{i}" source="{escape(a, {chr(34): "&quot;"})}" target="{escape(b, {chr(34): "&quot;"})}"/>')
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


# --- SVG ---------------------------------------------------------------------------------

DOT_MAX_NODES = 30


def to_svg(report: XrefReport, full: bool = False, engine: Optional[str] = None, top: Optional[int] = None) -> str:
    """SVG of the citation graph. ``engine``: "dot" (graphviz), "python" (built-in layout), or None:
    graphviz when installed and the graph is small (one document and its neighbours), else the
    built-in layout, whose wrapped rows stay readable for a whole corpus where ``dot`` draws one
    very long row."""
    g = citation_graph(report, full, top)
    dot = shutil.which("dot") if engine != "python" else None
    if dot and (engine == "dot" or len(g.nodes) <= DOT_MAX_NODES):
        done = subprocess.run([dot, "-Tsvg"], input=to_dot(report, full, top), capture_output=True, text=True, timeout=60)
        if done.returncode == 0 and "<svg" in done.stdout:
            return done.stdout
    return layered_svg(g)


CHAR_W, BOX_H, GAP_X, GAP_Y, MARGIN, MAX_ROW = 6.4, 44, 18, 70, 24, 9


def _assign_layers(g: Graph) -> None:
    """Row of each node: 0 for documents citing nothing drawn, else one below its lowest cited document."""
    state: dict[str, int] = {}

    def layer(key: str) -> int:
        if state.get(key) == -1:          # a citation cycle: cut it here
            return 0
        if key in state:
            return state[key]
        state[key] = -1
        n = g.nodes[key]
        value = 1 + max((layer(c) for c in n.cites), default=-1)
        state[key] = n.layer = value
        return value

    for key in g.nodes:
        layer(key)


def _rows(g: Graph) -> list[list[Node]]:
    """Nodes by layer, ordered by the mean position of their neighbours (a few sweeps down and up),
    long layers wrapped into several rows."""
    layers: dict[int, list[Node]] = {}
    for n in g.nodes.values():
        layers.setdefault(n.layer, []).append(n)
    neighbours: dict[str, list[str]] = {k: [] for k in g.nodes}
    for a, b in g.edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    order: dict[str, float] = {}
    for depth, nodes in layers.items():
        nodes.sort(key=lambda n: (-len(neighbours[code_key(n.id)]), n.id))
        _place(nodes, order)
    depths = sorted(layers)
    for sweep in depths[1:] + depths[::-1] + depths[1:]:
        nodes = layers[sweep]
        nodes.sort(key=lambda n: _centre(n, neighbours, order))
        _place(nodes, order)
    rows: list[list[Node]] = []
    for depth in depths:
        nodes = layers[depth]
        rows += [nodes[i:i + MAX_ROW] for i in range(0, len(nodes), MAX_ROW)]
    return rows


def _place(nodes: list[Node], order: dict[str, float]) -> None:
    for i, n in enumerate(nodes):
        order[code_key(n.id)] = (i + 0.5) / len(nodes)


def _centre(n: Node, neighbours: dict[str, list[str]], order: dict[str, float]) -> float:
    pos = [order[k] for k in neighbours[code_key(n.id)] if k in order]
    return sum(pos) / len(pos) if pos else order.get(code_key(n.id), 0.5)


def layered_svg(g: Graph) -> str:
    _assign_layers(g)
    rows = _rows(g)
    for key, n in g.nodes.items():
        n.width = max(len(n.label), len(n.sub) + (9 if g.hidden.get(key) else 0), 12) * CHAR_W + 16
    widths = [sum(n.width for n in row) + GAP_X * (len(row) - 1) for row in rows] or [200]
    canvas_w = max(max(widths) + 2 * MARGIN, 620)
    for r, row in enumerate(rows):
        x = MARGIN + (canvas_w - 2 * MARGIN - widths[r]) / 2
        for n in row:
            n.x, n.y = x, MARGIN + 28 + r * (BOX_H + GAP_Y)
            x += n.width + GAP_X
    canvas_h = MARGIN * 2 + 28 + len(rows) * (BOX_H + GAP_Y)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{canvas_w:.0f}" height="{canvas_h:.0f}" '
             f'viewBox="0 0 {canvas_w:.0f} {canvas_h:.0f}" font-family="Liberation Sans, Arial, sans-serif">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>',
             f'<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{MARGIN}" y="{MARGIN + 6}" font-size="13" font-weight="bold">Dẫn chiếu văn bản</text>',
             _legend(canvas_w)]
    for a, b in g.edges:
        parts.append(_edge(g.nodes[a], g.nodes[b], dashed=(a, b) in g.possible))
    for key, n in g.nodes.items():
        parts.append(_box(n, g.hidden.get(key, 0)))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _legend(canvas_w: float) -> str:
    items = [("corpus", "trong kho"), ("known", "văn bản đã biết"), ("unresolved", "chưa có trong kho"),
             ("cluster", "văn bản dẫn chiếu, theo cơ quan")]
    x, out = canvas_w - 550, []
    for kind, text in items:
        fill, stroke, dash = STYLE[kind]
        out.append(f'<rect x="{x:.0f}" y="{MARGIN - 4}" width="14" height="12" rx="3" fill="{fill}" stroke="{stroke}"'
                   + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        out.append(f'<text x="{x + 18:.0f}" y="{MARGIN + 6}" font-size="10">{text}</text>')
        x += 110
    return "\n".join(out)


def _edge(a: Node, b: Node, dashed: bool = False) -> str:
    """From the top of the citing box to the bottom of the cited one (cited documents sit higher)."""
    return _path(a, b).replace('stroke-width="1"', 'stroke-width="1" stroke-dasharray="4 3"' if dashed else 'stroke-width="1"')


def _path(a: Node, b: Node) -> str:
    x1, y1 = a.x + a.width / 2, a.y
    x2, y2 = b.x + b.width / 2, b.y + BOX_H
    if b.y >= a.y:                      # same row or a cycle: bend around
        y2 = b.y
        mid = min(a.y, b.y) - GAP_Y / 2
        return (f'<path d="M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}" '
                f'fill="none" stroke="#999" stroke-width="1" marker-end="url(#arrow)"/>')
    dy = (y1 - y2) / 2
    return (f'<path d="M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 - dy:.1f} {x2:.1f},{y2 + dy:.1f} {x2:.1f},{y2:.1f}" '
            f'fill="none" stroke="#999" stroke-width="1" marker-end="url(#arrow)"/>')


def _box(n: Node, hidden: int) -> str:
    fill, stroke, dash = STYLE[n.kind]
    sub = n.sub + (f" · +{hidden} khác" if hidden else "")
    return (f'<g><title>{escape(n.id)}</title>'
            f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{n.width:.1f}" height="{BOX_H}" rx="6" fill="{fill}" stroke="{stroke}"'
            + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
            f'<text x="{n.x + n.width / 2:.1f}" y="{n.y + 18:.1f}" font-size="11" font-weight="bold" text-anchor="middle">'
            f"{escape(n.label)}</text>"
            f'<text x="{n.x + n.width / 2:.1f}" y="{n.y + 34:.1f}" font-size="9" fill="#444" text-anchor="middle">'
            f"{escape(sub)}</text></g>")
