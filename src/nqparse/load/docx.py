"""Word .docx → SourceDocument: body paragraphs and table cells in document order.

Offices put the header (issuer | motto, number | place and date) and the signature block
(Nơi nhận | T/M … BÍ THƯ) in borderless tables, so cells are read where they stand, row by
row, each merged cell once. Headings and list items use Word automatic numbering, which
``paragraph.text`` drops: :class:`Numbering` rebuilds "I-", "1.", "2.1.", "(1)", "a)", "-"
from numbering.xml. Runs in legacy fonts (.VnTime, VNI-Times) are converted to Unicode one
run at a time. Headers, footers, footnotes and comments are not content and are skipped.
"""
from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from lxml import etree

from ..errors import BadInputError, EncryptedDocumentError
from ..source import Block, SourceCell, SourceDocument, SourceTable
from . import legacy

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, R, T, SDT, SDT_CONTENT = q("p"), q("tbl"), q("tr"), q("tc"), q("r"), q("t"), q("sdt"), q("sdtContent")
VAL = q("val")
TXBX, FALLBACK = q("txbxContent"), f"{{{MC}}}Fallback"

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
BIG_MEMBER = 1024 * 1024
MAX_XML_PART = 32 * 1024 * 1024    # a part read as XML; the longest real document.xml is 0.5 MB
MAX_XML_ELEMENTS = 1_500_000       # lxml spends ~150 bytes an element: ≈ 250 MB at most
MAX_NUMBER = 32767                 # the largest list start Word accepts
MAX_LEVEL = 8                      # list levels are 0–8 in Word
MAX_GRID = 64                      # Word tables have at most 63 columns
ALIGNMENTS = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
              "both": "justify", "distribute": "justify", "lowKashida": "justify",
              "mediumKashida": "justify", "highKashida": "justify", "thaiDistribute": "justify"}


# --- the package: zip checks before anything is decompressed ---------------------

def open_package(data: bytes, path: Optional[Path]) -> zipfile.ZipFile:
    """Open the zip after checking it is sane: not truncated, not a bomb, a Word document."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise BadInputError(f"not a valid .docx: corrupt or truncated zip ({exc})", path=path) from None
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > BIG_MEMBER and ratio > MAX_RATIO:
            raise BadInputError(f"refused: zip member {info.filename} expands {ratio:.0f}x (zip bomb?)", path=path)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise BadInputError(f"refused: .docx expands to {total // (1024 * 1024)} MB (zip bomb?)", path=path)
    names = {info.filename for info in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise BadInputError("zip file is not a Word document (no word/ part)", path=path)
    return package


def read_member(package: zipfile.ZipFile, name: str, path: Optional[Path]) -> bytes:
    info = package.getinfo(name)
    if info.file_size > MAX_XML_PART:
        raise BadInputError(f"refused: {name} expands to {info.file_size // (1024 * 1024)} MB "
                            f"(limit {MAX_XML_PART // (1024 * 1024)} MB for one part)", path=path)
    try:
        with package.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise BadInputError(f"not a valid .docx: cannot read {name} ({exc})", path=path) from None
    if len(data) > info.file_size:
        raise BadInputError(f"refused: zip member {name} is larger than it declares", path=path)
    return data


def parse_xml(data: bytes, name: str, path: Optional[Path]) -> etree._Element:
    """Parse one XML part; DOCTYPE/ENTITY declarations (entity bombs, XXE) are refused."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BadInputError(f"refused: {name} declares a DOCTYPE/ENTITY (XML entity bomb?)", path=path)
    elements = data.count(b"<")
    if elements > MAX_XML_ELEMENTS:
        raise BadInputError(f"refused: {name} holds {elements:,} XML tags (limit {MAX_XML_ELEMENTS:,})", path=path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BadInputError(f"not a valid .docx: {name} is not well-formed XML ({exc})", path=path) from None


def main_part_name(package: zipfile.ZipFile, path: Optional[Path]) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    names = set(package.namelist())
    if "_rels/.rels" in names:
        rels = parse_xml(read_member(package, "_rels/.rels", path), "_rels/.rels", path)
        for rel in rels:
            if str(rel.get("Type", "")).endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise BadInputError("zip file is not a Word document (no main document part)", path=path)


def optional_part(package: zipfile.ZipFile, name: str, path: Optional[Path]) -> Optional[etree._Element]:
    if name not in package.namelist():
        return None
    return parse_xml(read_member(package, name, path), name, path)


# --- styles ------------------------------------------------------------------------

@dataclass
class RunFormat:
    bold: Optional[bool] = None
    italic: Optional[bool] = None
    font: Optional[str] = None
    size: Optional[float] = None

    def over(self, base: "RunFormat") -> "RunFormat":
        """These settings where given, ``base`` elsewhere."""
        return RunFormat(
            bold=self.bold if self.bold is not None else base.bold,
            italic=self.italic if self.italic is not None else base.italic,
            font=self.font or base.font,
            size=self.size if self.size is not None else base.size,
        )


def small_number(raw: Optional[str]) -> Optional[int]:
    """A size or span attribute: ASCII digits, at most 6 of them (None otherwise: ignored)."""
    value = (raw or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 6 else None


def toggle(el: Optional[etree._Element]) -> Optional[bool]:
    if el is None:
        return None
    return el.get(VAL, "true") not in ("0", "false", "off")


def run_format(rpr: Optional[etree._Element]) -> RunFormat:
    if rpr is None:
        return RunFormat()
    fonts = rpr.find(q("rFonts"))
    font = None
    if fonts is not None:
        font = fonts.get(q("hAnsi")) or fonts.get(q("ascii")) or fonts.get(q("cs"))
    size = rpr.find(q("sz"))
    return RunFormat(
        bold=toggle(rpr.find(q("b"))),
        italic=toggle(rpr.find(q("i"))),
        font=font,
        size=small_number(size.get(VAL)) / 2 if size is not None and small_number(size.get(VAL)) else None,
    )


@dataclass
class Styles:
    """Paragraph and character styles with their basedOn chains resolved on demand."""

    by_id: dict[str, etree._Element] = field(default_factory=dict)
    default_paragraph: Optional[str] = None
    defaults: RunFormat = field(default_factory=RunFormat)
    resolved: dict[Optional[str], RunFormat] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: Optional[etree._Element]) -> "Styles":
        styles = cls()
        if root is None:
            return styles
        for style in root.iter(q("style")):
            sid = style.get(q("styleId"))
            if sid:
                styles.by_id[sid] = style
                if style.get(q("type")) == "paragraph" and style.get(q("default")) in ("1", "true"):
                    styles.default_paragraph = sid
        rpr_default = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}")
        styles.defaults = run_format(rpr_default)
        return styles

    def chain(self, style_id: Optional[str]) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(q("basedOn"))
            style_id = based.get(VAL) if based is not None else None

    def run_format(self, style_id: Optional[str]) -> RunFormat:
        cached = self.resolved.get(style_id)
        if cached is None:
            cached = RunFormat()
            for style in self.chain(style_id):
                cached = cached.over(run_format(style.find(q("rPr"))))
            self.resolved[style_id] = cached
        return cached

    def table_ruled(self, table: etree._Element) -> bool:
        """Whether the table draws rules between its cells (its own borders, else its style's);
        offices lay out headers and signature blocks in tables without any."""
        tblpr = table.find(q("tblPr"))
        borders = tblpr.find(q("tblBorders")) if tblpr is not None else None
        if borders is None and tblpr is not None:
            style = tblpr.find(q("tblStyle"))
            for st in self.chain(style.get(VAL) if style is not None else None):
                borders = st.find(f"{q('tblPr')}/{q('tblBorders')}")
                if borders is not None:
                    break
        edges = list(borders) if borders is not None else []
        for tc_borders in table.iter(q("tcBorders")):
            edges.extend(tc_borders)
        return any(e.get(VAL, "nil") not in ("nil", "none") for e in edges)

    def paragraph_property(self, style_id: Optional[str], tag: str) -> Optional[etree._Element]:
        for style in self.chain(style_id):
            found = style.find(f"{q('pPr')}/{tag}")
            if found is not None:
                return found
        return None


# --- numbering -----------------------------------------------------------------------

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    if not 0 < n <= MAX_NUMBER + 100_000:
        return str(n)  # no roman numeral for it; a counter cannot get here from a valid start
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """Word's alphabetic numbering: a..z, then aa..zz, aaa.."""
    n = max(1, n)
    if n > 26 * 64:
        return str(n)  # Word's "zzz…" would run to thousands of letters
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def bullet_label(text: str) -> str:
    """Bullet glyphs as a reader would type them: "+" stays, any other bullet is "-"."""
    return "+" if text.strip() == "+" else "-"


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: Optional[int] = None   # lvlRestart: 0 = never, N = after level N (1-based)
    legal: bool = False
    style: Optional[str] = None


def whole_number(el: etree._Element, attr: str, path: Optional[Path], high: int = MAX_NUMBER,
                 default: Optional[int] = None) -> Optional[int]:
    """A numbering attribute as Word reads it: ASCII digits from 0 to ``high``; anything else
    (``w:ilvl="x"``, a superscript digit, 5000 digits) makes the file bad input."""
    raw = el.get(attr)
    if raw is None:
        return default
    value = raw.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 6 and int(value) <= high):
        name = etree.QName(el).localname + "/@" + etree.QName(attr).localname
        raise BadInputError(f"not a valid .docx: numbering {name} is {raw[:20]!r}"
                            f"{'…' if len(raw) > 20 else ''} (expected a number from 0 to {high})", path=path)
    return int(value)


def read_level(lvl: etree._Element, into: Optional[Level] = None, path: Optional[Path] = None) -> Level:
    level = into or Level()
    for tag, attr in (("numFmt", "fmt"), ("lvlText", "text"), ("pStyle", "style")):
        el = lvl.find(q(tag))
        if el is not None:
            setattr(level, attr, el.get(VAL, ""))
    start = lvl.find(q("start"))
    if start is not None:
        level.start = whole_number(start, VAL, path, default=level.start)
    restart = lvl.find(q("lvlRestart"))
    if restart is not None:
        level.restart = whole_number(restart, VAL, path, default=level.restart)
    level.legal = toggle(lvl.find(q("isLgl"))) or False
    return level


@dataclass
class NumberingInstance:
    abstract_id: str
    levels: dict[int, Level]
    start_overrides: dict[int, int]


class Numbering:
    """Rebuilds the labels Word draws in front of numbered paragraphs.

    Counters are kept per abstract numbering (instances of one list continue each other,
    as in Word); a ``startOverride`` restarts its level when its instance is first used.
    """

    def __init__(self, root: Optional[etree._Element], styles: Styles, path: Optional[Path] = None):
        self.styles = styles
        self.path = path
        self.abstract: dict[str, dict[int, Level]] = {}
        self.abstract_links: dict[str, str] = {}
        self.instances: dict[str, NumberingInstance] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        for abstract in root.iter(q("abstractNum")):
            aid = abstract.get(q("abstractNumId"), "")
            self.abstract[aid] = {whole_number(lvl, q("ilvl"), self.path, MAX_LEVEL, 0): read_level(lvl, path=self.path)
                                  for lvl in abstract.findall(q("lvl"))}
            link = abstract.find(q("numStyleLink"))
            if link is not None:
                self.abstract_links[aid] = link.get(VAL, "")
        for num in root.iter(q("num")):
            ref = num.find(q("abstractNumId"))
            if ref is None:
                continue
            levels = {k: Level(**vars(v)) for k, v in self.abstract.get(ref.get(VAL, ""), {}).items()}
            overrides: dict[int, int] = {}
            for override in num.findall(q("lvlOverride")):
                ilvl = whole_number(override, q("ilvl"), self.path, MAX_LEVEL, 0)
                lvl = override.find(q("lvl"))
                if lvl is not None:
                    levels[ilvl] = read_level(lvl, Level(**vars(levels.get(ilvl, Level()))), self.path)
                start = override.find(q("startOverride"))
                if start is not None:
                    overrides[ilvl] = whole_number(start, VAL, self.path, default=1)
            self.instances[num.get(q("numId"), "")] = NumberingInstance(ref.get(VAL, ""), levels, overrides)
        self._follow_style_links()

    def _follow_style_links(self) -> None:
        """An abstract list that only says "use numbering style X" takes X's list."""
        for num_id, instance in list(self.instances.items()):
            style_id = self.abstract_links.get(instance.abstract_id)
            if not style_id:
                continue
            num_pr = self.styles.paragraph_property(style_id, q("numPr"))
            target = num_pr.find(q("numId")) if num_pr is not None else None
            linked = self.instances.get(target.get(VAL, "")) if target is not None else None
            if linked is not None and linked is not instance:
                self.instances[num_id] = NumberingInstance(linked.abstract_id, linked.levels, instance.start_overrides)

    def paragraph_numbering(self, ppr: Optional[etree._Element], style_id: Optional[str]) -> Optional[tuple[str, int]]:
        """(numId, ilvl) of a paragraph, from its own numPr or its style's."""
        num_pr = ppr.find(q("numPr")) if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_el, lvl_el = num_pr.find(q("numId")), num_pr.find(q("ilvl"))
            num_id = num_el.get(VAL) if num_el is not None else None
            ilvl = whole_number(lvl_el, VAL, self.path, MAX_LEVEL) if lvl_el is not None else None
        for style in self.styles.chain(style_id):
            if num_id is not None and ilvl is not None:
                break
            style_pr = style.find(f"{q('pPr')}/{q('numPr')}")
            if style_pr is None:
                continue
            if num_id is None:
                el = style_pr.find(q("numId"))
                num_id = el.get(VAL) if el is not None else None
            if ilvl is None:
                el = style_pr.find(q("ilvl"))
                ilvl = whole_number(el, VAL, self.path, MAX_LEVEL) if el is not None else None
        if num_id is not None:
            if ilvl is None and num_id in self.instances and style_id:
                ilvl = next((k for k, lv in self.instances[num_id].levels.items() if lv.style == style_id), None)
        if not num_id or num_id == "0" or num_id not in self.instances:
            return None
        return num_id, ilvl or 0

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counters for one numbered paragraph and return its label."""
        instance = self.instances[num_id]
        level = instance.levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(instance.abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in instance.start_overrides.items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [d for d in counters if d > ilvl]:
            restart = instance.levels.get(deeper, Level()).restart
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return bullet_label(level.text)
        return self._render(level, instance, counters).strip()

    @staticmethod
    def _render(level: Level, instance: NumberingInstance, counters: dict[int, int]) -> str:
        text = level.text
        for k in range(9):
            token = f"%{k + 1}"
            if token in text:
                ref = instance.levels.get(k, Level())
                value = counters.get(k, ref.start)
                fmt = "decimal" if level.legal and ref.fmt != "decimalZero" else ref.fmt
                text = text.replace(token, format_number(value, fmt))
        return text


# --- paragraphs ------------------------------------------------------------------------

@dataclass
class Reader:
    styles: Styles
    numbering: Numbering
    path: Optional[Path]
    blocks: list[Block] = field(default_factory=list)
    table_count: int = 0
    tables: list[SourceTable] = field(default_factory=list)
    pending_blank: bool = False
    legacy_runs: int = 0

    def read_container(self, container: etree._Element, cell: Optional[tuple[int, int, int]] = None) -> None:
        for child in container:
            if child.tag == P:
                self.read_paragraph(child, cell)
            elif child.tag == TBL:
                self.read_table(child, cell)
            elif child.tag in (SDT, q("customXml")):
                inner = child.find(SDT_CONTENT) if child.tag == SDT else child
                if inner is not None:
                    self.read_container(inner, cell)

    def read_table(self, table: etree._Element, parent: Optional[tuple[int, int, int]] = None) -> None:
        """The table's real grid: ``gridSpan`` widens a cell, ``vMerge`` continues the cell above
        (its value applies to every row it covers), ``gridBefore`` skips leading grid columns,
        ``tblHeader`` marks the header rows Word repeats on every page."""
        index = self.table_count
        self.table_count += 1
        src = SourceTable(index=index, rows=0, cols=0, parent=parent, ruled=self.styles.table_ruled(table))
        self.tables.append(src)
        above: dict[int, SourceCell] = {}       # grid column → the cell a vMerge would continue
        in_header = True
        for r, row in enumerate(wrapped_children(table, TR)):
            trpr = row.find(q("trPr"))
            in_header = in_header and trpr is not None and toggle(trpr.find(q("tblHeader"))) is True
            src.header_rows += in_header
            col = grid_skip(trpr, "gridBefore")
            touched: set[int] = set()
            for tc in wrapped_children(row, TC):
                span, vmerge, hmerge = cell_merges(tc.find(q("tcPr")))
                if hmerge == "continue" and src.cells and src.cells[-1].row == r:
                    src.cells[-1].colspan += span       # legacy horizontal merge
                elif vmerge == "continue" and col in above and above[col].colspan == span:
                    above[col].rowspan = r - above[col].row + 1
                else:
                    cell = SourceCell(r, col, 1, span)
                    src.cells.append(cell)
                    first = len(self.blocks)
                    self.pending_blank = True
                    self.read_container(tc, (index, r, col))
                    cell.blocks = list(range(first, len(self.blocks)))
                    above[col] = cell
                touched.add(col)
                col += span
            for gone in set(above) - touched:
                del above[gone]                          # a row without that column ends the merge
            src.rows = r + 1
            src.cols = max(src.cols, col + grid_skip(trpr, "gridAfter"))
        self.pending_blank = True

    def read_paragraph(self, p: etree._Element, cell: Optional[tuple[int, int, int]]) -> None:
        ppr = p.find(q("pPr"))
        style_el = ppr.find(q("pStyle")) if ppr is not None else None
        style_id = style_el.get(VAL) if style_el is not None else self.styles.default_paragraph
        base = self.styles.run_format(style_id).over(self.styles.defaults)
        text, fmt = self.paragraph_text(p, base)
        numbered = self.numbering.paragraph_numbering(ppr, style_id)
        label = self.numbering.label(*numbered) if numbered else ""
        if not text.strip() and not label:
            self.pending_blank = True
            self.read_text_boxes(p, cell)
            return
        jc = ppr.find(q("jc")) if ppr is not None else None
        if jc is None:
            jc = self.styles.paragraph_property(style_id, q("jc"))
        self.blocks.append(Block(
            text=text, kind="cell" if cell else "paragraph", label=label,
            bold=fmt.bold or False, italic=fmt.italic or False,
            align=ALIGNMENTS.get(jc.get(VAL, "")) if jc is not None else None,
            font=fmt.font, size=fmt.size, table=cell, blank_before=self.pending_blank,
        ))
        self.pending_blank = False
        self.read_text_boxes(p, cell)

    def read_text_boxes(self, p: etree._Element, cell: Optional[tuple[int, int, int]]) -> None:
        """The text boxes anchored in this paragraph; a box nested in a box is read with the
        paragraph that holds it, once (each box read once: 40 nested boxes are 40 reads)."""
        for box in outermost_boxes(p):
            self.read_container(box, cell)

    def paragraph_text(self, p: etree._Element, base: RunFormat) -> tuple[str, RunFormat]:
        """The paragraph's text (legacy runs converted) and its dominant formatting."""
        parts: list[str] = []
        weight: Counter = Counter()
        for run in self.runs(p):
            rpr = run.find(q("rPr"))
            rstyle = rpr.find(q("rStyle")) if rpr is not None else None
            fmt = run_format(rpr).over(self.styles.run_format(rstyle.get(VAL) if rstyle is not None else None).over(base))
            raw = run_text(run)
            if not raw or (rpr is not None and toggle(rpr.find(q("vanish")))):
                continue  # hidden text is not what a reader sees
            converted = legacy.convert_run(raw, fmt.font)
            if converted is not raw:
                self.legacy_runs += 1
            parts.append(converted)
            if raw.strip():
                weight[(fmt.bold or False, fmt.italic or False, fmt.font, fmt.size)] += len(raw.strip())
        text = "".join(parts)
        if not weight:
            return text, base
        total = sum(weight.values())
        bold = sum(n for (b, _, _, _), n in weight.items() if b) * 2 > total
        italic = sum(n for (_, i, _, _), n in weight.items() if i) * 2 > total
        (_, _, font, size), _ = weight.most_common(1)[0]
        return text, RunFormat(bold=bold, italic=italic, font=font, size=size)

    @staticmethod
    def runs(p: etree._Element) -> Iterator[etree._Element]:
        """Runs of this paragraph in order: inside hyperlinks, insertions, fields; not deletions."""
        stack = list(reversed(p))
        while stack:
            el = stack.pop()
            tag = el.tag
            if tag == R:
                yield el
            elif tag in (q("del"), q("moveFrom"), q("pPr"), P, TBL) or tag == f"{{{MC}}}Fallback":
                continue
            elif isinstance(tag, str):
                stack.extend(reversed(el))


def outermost_boxes(p: etree._Element) -> Iterator[etree._Element]:
    """Text boxes under ``p`` not inside another box, skipping ``mc:Fallback`` copies of them."""
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        if el.tag == TXBX:
            yield el
        elif el.tag != FALLBACK and el.tag not in (P, TBL) and isinstance(el.tag, str):
            stack.extend(reversed(el))


def cell_merges(tcpr: Optional[etree._Element]) -> tuple[int, Optional[str], Optional[str]]:
    """(gridSpan, vMerge, hMerge) of a cell; a merge element without a value means "continue"."""
    if tcpr is None:
        return 1, None, None
    grid = tcpr.find(q("gridSpan"))
    span = min(small_number(grid.get(VAL)) or 1, MAX_GRID) if grid is not None else 1
    merges = []
    for tag in ("vMerge", "hMerge"):
        el = tcpr.find(q(tag))
        merges.append(None if el is None else el.get(VAL, "continue"))
    return span, merges[0], merges[1]


def grid_skip(trpr: Optional[etree._Element], tag: str) -> int:
    """``gridBefore``/``gridAfter`` of a row: grid columns it leaves out."""
    el = trpr.find(q(tag)) if trpr is not None else None
    return min(small_number(el.get(VAL)) or 0, MAX_GRID) if el is not None else 0


def wrapped_children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with ``tag``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, q("customXml")):
            yield from wrapped_children(child, tag)


def run_text(run: etree._Element) -> str:
    out = []
    for el in run:
        tag = el.tag
        if tag == T:
            out.append(el.text or "")
        elif tag == q("tab") or tag == q("ptab"):
            out.append("\t")
        elif tag == q("br"):
            if el.get(q("type")) not in ("page", "column"):
                out.append("\n")
        elif tag == q("cr"):
            out.append("\n")
        elif tag == q("noBreakHyphen"):
            out.append("-")
        elif tag == q("softHyphen"):
            out.append("\u00ad")
        elif tag == q("sym"):
            code = el.get(q("char"), "")
            try:
                out.append(chr(int(code, 16)))
            except ValueError:
                pass
    return "".join(out)


# --- entry point -------------------------------------------------------------------------

def load_docx(data: bytes, *, path: str | Path | None = None) -> SourceDocument:
    """Read a .docx into blocks: paragraphs and table cells, numbering labels rebuilt."""
    p = Path(path) if path is not None else None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        from .doc import is_encrypted_ooxml

        if is_encrypted_ooxml(data):
            raise EncryptedDocumentError("password-protected .docx (encrypted package); "
                                         "remove the password in Word and save again", path=p)
        raise BadInputError("an old binary Word file (.doc) named .docx: open it as .doc", path=p)
    package = open_package(data, p)
    with package:
        main = main_part_name(package, p)
        document = parse_xml(read_member(package, main, p), main, p)
        folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
        styles = Styles.from_xml(optional_part(package, folder + "styles.xml", p))
        numbering = Numbering(optional_part(package, folder + "numbering.xml", p), styles, p)
    body = document.find(q("body"))
    if body is None:
        raise BadInputError("not a valid .docx: the document has no body", path=p)
    reader = Reader(styles, numbering, p)
    reader.read_container(body)
    doc = SourceDocument(path=str(p) if p else None, format="docx", blocks=reader.blocks, tables=reader.tables)
    if reader.legacy_runs:
        doc.encoding = "legacy fonts converted (TCVN3/VNI)"
    return doc
