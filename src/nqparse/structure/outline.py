"""The outline tree: Phần/Chương/Mục/Điều, I-/II., 1./1-, 2.1., (1), a), -, +.

Levels come from the order labels nest in, not from a fixed table: a label kind already open
closes everything opened after it (a sibling); a new kind opens beneath the current one.
Paths join the labels' numbers: "I.2.1", "II.3.(2)", "Đ5.1.a". Bullets are outline nodes
(path "I.2.2.b3") but not sections: an item inside a bullet belongs to the bullet's section.

A numbered label opens beneath a dash bullet only when the numbering restarts under each bullet
("- Đối với cấp tỉnh: a) … b) … - Đối với cấp huyện: a) …") or ends with the bullet's parent.
Numbers that run on across bullets ("- Căn cứ …; 1. … - … 2. … 19.", Hướng dẫn 06-HD/TW) or
through the rest of a document that opens with bullets are not the bullet's: they close it.
"""
from __future__ import annotations

import re
from typing import Optional

from ..document import NormalizedDocument, Section
from ..errors import BadInputError
from ..grammar import OUTLINE_LABEL
from ..normalize import ends_sentence
from ..schema import OutlineNode, Span

BULLET_KINDS = {"bullet", "plus"}
MAX_DEPTH = 24        # Phần/Chương/Mục/Điều/khoản/điểm/-/+ are 8; nesting beyond this is crafted
_ROMAN = re.compile(r"[IVXLC]+")


def _label(text: str) -> Optional[tuple[str, str, str]]:
    """(kind, label as written, token for the path) of a paragraph that starts a node."""
    m = OUTLINE_LABEL.match(text)
    if not m or m.lastgroup == "bullet" and not any(ch.isalnum() for ch in text[m.end():]):
        return None  # "- *": a crawl's left-over mark, no item
    kind = m.lastgroup or ""
    label = m.group(kind).strip()
    if kind == "part":
        word, num = label.split(None, 1)
        prefix = {"phần": "P", "chương": "C", "mục": "M"}[word.lower()]
        kind = {"P": "part", "C": "chapter", "M": "section"}[prefix]
        return kind, label, prefix + num.replace(" ", "")
    if kind == "article":
        return kind, label, "Đ" + re.sub(r"\D", "", label)
    if kind == "roman":
        return kind, label, _ROMAN.match(label).group(0)
    if kind == "decimal":
        token = label.rstrip(".")
        return f"decimal{min(token.count('.'), 9)}", label, token   # schema.OutlineKind: decimal1 … decimal9
    if kind == "arabic":
        return kind, label, re.sub(r"\D", "", label)
    if kind == "paren":
        return kind, label, label
    if kind == "letter":
        return kind, label, label.rstrip(")")
    if kind == "bullet":
        return ("plus" if label.startswith("+") else "bullet"), label, ""
    return None


def _heading(text: str, label: str) -> str:
    body = text[len(label):].strip(" .:-–")
    if len(body) <= 160 and not ends_sentence(body):
        return body
    m = re.search(r"[.;:](?=\s|$)", body)
    cut = m.end() if m and m.end() <= 200 else min(len(body), 160)
    return body[:cut].strip()


def _path(parent: Optional[OutlineNode], kind: str, token: str, bullet_no: int) -> str:
    base = parent.id if parent else ""
    if kind in BULLET_KINDS:
        token = ("b" if kind == "bullet" else "p") + str(bullet_no)
    elif kind.startswith("decimal") and parent is not None:
        head, _, last = token.rpartition(".")
        if base == head or base.endswith("." + head):
            return f"{base}.{last}"
    return f"{base}.{token}" if base else token


def build_outline(doc: NormalizedDocument, start: int, end: int) -> tuple[list[OutlineNode], list[Section]]:
    roots: list[OutlineNode] = []
    stack: list[tuple[str, OutlineNode]] = []
    flat: list[tuple[OutlineNode, int]] = []          # node, level
    bullets: dict[int, int] = {}                       # id(parent) -> bullets so far
    labelled = []                                      # paragraph, text, (kind, label, token)
    paragraphs = doc.paragraphs
    for k, p in enumerate(paragraphs):
        if start <= p.start and p.end <= end and (p.table is None or p.table[2] == 0):
            text = doc.paragraph_text(p)
            found = _label(text)
            if found:
                labelled.append((p, text, found, _title_below(doc, k, end, found)))
    for at, (p, text, (kind, label, token), below) in enumerate(labelled):
        kinds = [k for k, _ in stack]
        if kind in kinds:
            del stack[kinds.index(kind):]
        elif stack and stack[-1][0] in BULLET_KINDS and kind not in BULLET_KINDS:
            _close_bullets_not_owning(stack, labelled, at)
        if len(stack) >= MAX_DEPTH:
            raise BadInputError(f"the outline nests deeper than {MAX_DEPTH} levels (at “{label[:24]}”; "
                                "no document nests so deep)", path=doc.source.path)
        parent = stack[-1][1] if stack else None
        if kind in BULLET_KINDS:
            bullets[id(parent)] = bullets.get(id(parent), 0) + 1
        n = bullets.get(id(parent), 0)
        heading = _heading(text, label)
        span_end = p.end
        if below is not None and not heading:
            heading, span_end = doc.paragraph_text(below), below.end   # "Chương IV" / "TỔ CHỨC THỰC HIỆN"
        node = OutlineNode(
            id=_path(parent, kind, token, n),
            label=label,
            kind=kind,
            level=len(stack) + 1,
            heading=heading,
            span=Span(start=p.start, end=span_end, quote=doc.text[p.start:span_end]),
        )
        (parent.children if parent else roots).append(node)
        stack.append((kind, node))
        flat.append((node, node.level))
    return roots, _sections(flat, end)


def _title_below(doc: NormalizedDocument, k: int, end: int, found: tuple[str, str, str]):
    """The paragraph under a bare "Chương IV" / "Phần II" that is its title ("TỔ CHỨC THỰC HIỆN"), or None."""
    kind, label, _ = found
    if kind not in ("part", "chapter") or k + 1 >= len(doc.paragraphs):
        return None
    if _heading(doc.paragraph_text(doc.paragraphs[k]), label):
        return None
    nxt = doc.paragraphs[k + 1]
    text = doc.paragraph_text(nxt).strip(" *")
    if nxt.end > end or not text or len(text) > 200 or _label(text) or not (text.isupper() or nxt.bold):
        return None
    return nxt


def _close_bullets_not_owning(stack: list[tuple[str, OutlineNode]], labelled: list, at: int) -> None:
    """Pop the bullets on top of ``stack`` unless the numbered run starting at ``labelled[at]``
    is theirs: it restarts under the next bullet, or ends where the bullets' parent ends."""
    base = len(stack)
    while base and stack[base - 1][0] in BULLET_KINDS:
        base -= 1
    bullet_kind = stack[base][0]
    ancestors = {k for k, _ in stack[:base] if k not in BULLET_KINDS}
    kind, _, token = labelled[at][2]
    last, bullet_between = _ordinal(kind, token), False
    for _, _, (k, _, t), _ in labelled[at + 1:]:
        if k in ancestors:
            return                                     # the run ended with the bullets' parent
        if k == bullet_kind:
            bullet_between = True
        elif k == kind:
            value = _ordinal(k, t)
            if bullet_between and value == 1:
                return                                 # numbering restarts under each bullet
            if bullet_between and value is not None and last is not None and value > last:
                break                                  # numbering runs on across the bullets
            last, bullet_between = value, False
    else:
        if ancestors:
            return                                     # the run ends with the document's part
    del stack[base:]


_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _ordinal(kind: str, token: str) -> Optional[int]:
    """The place of a label in its series, 1 for the first: '3' → 3, 'b' → 2, 'đ' → 5,
    'IV' → 4, '(2)' → 2, '2.3' → 3; None for labels with no order (bullets)."""
    token = token.strip("()")
    if kind.startswith("decimal"):
        token = token.rpartition(".")[2]
    if token.isdigit():
        return int(token)
    if kind == "roman" or kind in ("part", "chapter", "section") and _ROMAN.fullmatch(token[1:] or "-"):
        digits = token if kind == "roman" else token[1:]
        values = [_ROMAN_VALUES[c] for c in digits]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if kind in ("part", "chapter", "section") and token[1:].isdigit():
        return int(token[1:])
    if len(token) == 1 and token in _LETTERS:
        return _LETTERS.index(token) + 1
    return None


def _sections(flat: list[tuple[OutlineNode, int]], end: int) -> list[Section]:
    """Each node's region ends where the next node of its level or above starts (one pass)."""
    region_end = [end] * len(flat)
    pending: list[int] = []                     # indices still waiting for their region's end
    for i, (node, level) in enumerate(flat):
        while pending and flat[pending[-1]][1] >= level:
            region_end[pending.pop()] = node.span.start
        pending.append(i)
    sections: list[Section] = []
    open_: list[Section] = []
    for i, (node, level) in enumerate(flat):
        if node.kind in BULLET_KINDS:
            continue
        while open_ and open_[-1].node.level >= level:
            open_.pop()
        section = Section(node=node, start=node.span.start, end=region_end[i], heading_end=node.span.end,
                          parent=open_[-1] if open_ else None)
        sections.append(section)
        open_.append(section)
    return sections
