"""Build a .docx the way Vietnamese offices lay documents out, from a plain-text document.

Input: a resolution or plan as plain text in the style of the seed and corpus/*.txt (header
lines first — left column then right column —, title, body with typed labels "I-", "1.",
"2.1.", "(1)", "a)", "-", "+", then "Nơi nhận:" and the signature lines). ``**bold**`` and
``*italic*`` markers are honoured and removed.

Output, as an office would type it in Word:
* header = borderless two-column table: issuer lines, "*", "Số …" on the left; the Party
  motto or State Quốc hiệu + Tiêu ngữ and the italic place/date line on the right;
* Times New Roman 14 (or a legacy font: ``font="TCVN3"`` writes .VnTime/.VnTimeH runs in
  TCVN3 codes, ``font="VNI"`` writes VNI-Times runs), title centred and bold;
* headings and list items use real Word automatic numbering (numbering.xml): the builder
  reads each line's typed label, removes it from the text and lets a multilevel list
  ("%1-" upperRoman, "%2." decimal, "%2.%3.", "(%5)", "%6)" lowerLetter) or a bullet list
  ("-", "+") draw it. A label Word cannot draw the same way (a gap, "đ)") stays typed text;
* signature block = second borderless two-column table: Nơi nhận list | T/M … / name;
* a running page number in the page header (not content: loaders must ignore it).
"""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from nqparse.load import legacy

MOTTO = re.compile(r"^(ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
                   r"|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|-{3,})$")
PLACE_DATE = re.compile(r"ngày\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4}|ngày\s+\d{1,2}/\d{1,2}/\d{4}")
LEFT_AFTER_DATE = re.compile(r"^(\*|Số\b|V/v\b)")
RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
AUTHORITY = re.compile(r"^(T/M|TM\.|K/T|KT\.|T/L|TL\.|TUQ\.|Q\.)\s")

# label kinds: (regex, list, level); the multilevel heading list and the bullet list
LABELS = [
    ("roman", re.compile(r"^([IVXLC]+)([-.])\s+(.*)$"), 0),
    ("decimal3", re.compile(r"^(\d+)\.(\d+)\.(\d+)\.?\s+(.*)$"), 3),
    ("decimal2", re.compile(r"^(\d+)\.(\d+)\.?\s+(.*)$"), 2),
    ("decimal", re.compile(r"^(\d+)([.-])\s+(.*)$"), 1),
    ("paren", re.compile(r"^\((\d+)\)\s+(.*)$"), 4),
    ("letter", re.compile(r"^([a-z])\)\s+(.*)$"), 5),
    ("dash", re.compile(r"^([-–•])\s+(.*)$"), 0),
    ("plus", re.compile(r"^(\+)\s+(.*)$"), 1),
]
HEADING_LIST, BULLET_LIST = 1, 2


# --- text with **bold** / *italic* markers -------------------------------------------------

@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Line:
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def without_prefix(self, n: int) -> "Line":
        """The line minus its first ``n`` characters (a typed label)."""
        out, skip = [], n
        for run in self.runs:
            if skip >= len(run.text):
                skip -= len(run.text)
                continue
            out.append(Run(run.text[skip:], run.bold, run.italic))
            skip = 0
        return Line(out)


EMPHASIS = re.compile(r"\*\*|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")


def read_lines(text: str) -> list[Optional[Line]]:
    """Lines with emphasis state carried across line ends; None for a blank line."""
    bold = italic = False
    lines: list[Optional[Line]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.strip() == "*":
            lines.append(Line([Run("*", bold, italic)]))
            continue
        runs, pos = [], 0
        for m in EMPHASIS.finditer(raw):
            if m.start() > pos:
                runs.append(Run(raw[pos:m.start()], bold, italic))
            if m.group() == "**":
                bold = not bold
            else:
                italic = not italic
            pos = m.end()
        if pos < len(raw):
            runs.append(Run(raw[pos:], bold, italic))
        line = Line([r for r in runs if r.text])
        lines.append(line if line.text.strip() else None)
    return lines


# --- layout ---------------------------------------------------------------------------------

@dataclass
class Layout:
    header_rows: list[tuple[list[Line], list[Line]]] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    recipients: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)


def strip_line(line: Line) -> Line:
    runs = list(line.runs)
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return Line([r for r in runs if r.text])


def lay_out(text: str) -> Layout:
    lines = [strip_line(x) for x in read_lines(text) if x is not None]
    layout = Layout()
    i = header_end(lines)
    layout.header_rows = header_rows(lines[:i])
    raw = [x for x in read_lines(text)]
    # the title: the first group of lines after the header, up to a blank line
    nonblank_seen, start = 0, 0
    for k, x in enumerate(raw):
        if x is not None:
            nonblank_seen += 1
            if nonblank_seen == i + 1:
                start = k
                break
    k = start
    while k < len(raw) and raw[k] is not None:
        layout.title.append(strip_line(raw[k]))
        k += 1
    rest = [strip_line(x) for x in raw[k:] if x is not None]
    close = next((j for j, x in enumerate(rest) if RECIPIENTS.match(x.text)), len(rest))
    auth = next((j for j, x in enumerate(rest) if AUTHORITY.match(x.text)), len(rest))
    if auth < close:
        layout.body, layout.signature, layout.recipients = rest[:auth], rest[auth:close], rest[close:]
    else:
        layout.body = rest[:close]
        tail = rest[close:]
        split = next((j for j, x in enumerate(tail) if j > 0 and is_upper(x.text)), len(tail))
        layout.recipients, layout.signature = tail[:split], tail[split:]
    return layout


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def header_end(lines: list[Line]) -> int:
    """Index of the first line after the header (motto, issuer, number, place and date)."""
    dated = False
    for i, line in enumerate(lines[:25]):
        text = line.text
        if PLACE_DATE.search(text):
            dated = True
            continue
        if dated and not (LEFT_AFTER_DATE.match(text) or MOTTO.match(text)):
            return i
    return next((i + 1 for i, x in enumerate(lines) if MOTTO.match(x.text)), 0)


def header_rows(lines: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """Pair the runs of left-column and right-column lines into table rows, in text order."""
    segments: list[tuple[str, list[Line]]] = []
    for line in lines:
        side = "right" if MOTTO.match(line.text) or PLACE_DATE.search(line.text) else "left"
        if segments and segments[-1][0] == side:
            segments[-1][1].append(line)
        else:
            segments.append((side, [line]))
    rows: list[tuple[list[Line], list[Line]]] = []
    for side, seg in segments:
        if side == "left" or not rows or rows[-1][1]:
            rows.append(([], []))
        (rows[-1][0] if side == "left" else rows[-1][1]).extend(seg)
    return rows


# --- numbering ----------------------------------------------------------------------------

LEVEL_FORMATS = {0: "upperRoman", 1: "decimal", 2: "decimal", 3: "decimal", 4: "decimal", 5: "lowerLetter"}
LEVEL_TEXTS = {0: "%1-", 1: "%2.", 2: "%2.%3.", 3: "%2.%3.%4.", 4: "(%5)", 5: "%6)"}


class Numberer:
    """Decides which typed labels become Word numbering, mirroring Word's counters."""

    def __init__(self) -> None:
        self.texts = dict(LEVEL_TEXTS)
        self.fixed: set[int] = set()
        self.counters: dict[int, int] = {}
        self.num_id = HEADING_LIST
        self.next_num_id = 3
        self.overrides: list[tuple[int, int, int]] = []   # (numId, ilvl, start)

    def assign(self, line: Line) -> tuple[Optional[tuple[int, int]], Line]:
        """((numId, ilvl) or None, line without its label)."""
        text = line.text
        for kind, pattern, level in LABELS:
            m = pattern.match(text)
            if not m:
                continue
            body_start = m.start(m.lastindex)
            if kind in ("dash", "plus"):
                return (BULLET_LIST, level), line.without_prefix(body_start)
            numbers = self.numbers(kind, m)
            if numbers is None or not self.fits(kind, level, m, numbers):
                return None, line
            return (self.num_id, level), line.without_prefix(body_start)
        return None, line

    @staticmethod
    def numbers(kind: str, m: re.Match) -> Optional[list[int]]:
        if kind == "roman":
            value = roman_value(m.group(1))
            return [value] if value else None
        if kind == "letter":
            return [ord(m.group(1)) - ord("a") + 1]
        count = {"decimal3": 3, "decimal2": 2}.get(kind, 1)
        return [int(m.group(k)) for k in range(1, count + 1)]

    def fits(self, kind: str, level: int, m: re.Match, numbers: list[int]) -> bool:
        sep = m.group(2) if kind in ("roman", "decimal") else None
        if sep:
            wanted = f"%{level + 1}{sep}"
            if self.texts[level] != wanted:
                if level in self.fixed:
                    return False
                self.texts[level] = wanted
            self.fixed.add(level)
        parents = numbers[:-1]
        if kind in ("decimal2", "decimal3"):
            for offset, value in enumerate(parents):
                if self.counters.get(1 + offset, 1) != value:
                    return False
        value = numbers[-1]
        expected = self.counters.get(level, 0) + 1
        if value != expected:
            self.num_id = self.next_num_id
            self.next_num_id += 1
            self.overrides.append((self.num_id, level, value))
        self.counters[level] = value
        for deeper in [d for d in self.counters if d > level]:
            del self.counters[deeper]
        return True


def roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


def numbering_xml(numberer: Numberer) -> list[str]:
    def level(ilvl: int, fmt: str, text: str) -> str:
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
                f'<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>')

    headings = "".join(level(i, LEVEL_FORMATS[i], numberer.texts[i]) for i in range(6))
    headings += "".join(level(i, "decimal", f"%{i + 1}.") for i in range(6, 9))
    bullets = level(0, "bullet", "-") + level(1, "bullet", "+")
    bullets += "".join(level(i, "bullet", "-") for i in range(2, 9))
    parts = [
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{HEADING_LIST}"><w:multiLevelType w:val="multilevel"/>{headings}</w:abstractNum>',
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{BULLET_LIST}"><w:multiLevelType w:val="hybridMultilevel"/>{bullets}</w:abstractNum>',
        f'<w:num {nsdecls("w")} w:numId="{HEADING_LIST}"><w:abstractNumId w:val="{HEADING_LIST}"/></w:num>',
        f'<w:num {nsdecls("w")} w:numId="{BULLET_LIST}"><w:abstractNumId w:val="{BULLET_LIST}"/></w:num>',
    ]
    for num_id, ilvl, start in numberer.overrides:
        parts.append(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{HEADING_LIST}"/>'
                     f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
    return parts


# --- writing ------------------------------------------------------------------------------

class Writer:
    def __init__(self, font: str):
        self.font = font.upper() if font.upper() in ("TCVN3", "VNI") else font
        self.doc = Document()
        self.numberer = Numberer()
        self.setup()

    def setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(14)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), "Times New Roman")
        normal.paragraph_format.space_after = Pt(0)
        self.page_number_header(section)

    @staticmethod
    def page_number_header(section) -> None:
        section.different_first_page_header_footer = True
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run()
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
        instr = parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>')
        run._r.append(instr)
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
        run._r.append(parse_xml(f'<w:t {nsdecls("w")}>2</w:t>'))
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))

    def add_text(self, para, line: Line, *, bold: bool = False, italic: bool = False, size: Optional[float] = None) -> None:
        for run in line.runs:
            self.add_run(para, run.text, bold=bold or run.bold, italic=italic or run.italic, size=size,
                         capitals=is_upper(line.text))

    def add_run(self, para, text: str, *, bold: bool, italic: bool, size: Optional[float], capitals: bool) -> None:
        for piece, font in self.encode(text, capitals):
            run = para.add_run(piece)
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)
            if font:
                rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
                for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                    rfonts.set(qn(attr), font)

    def encode(self, text: str, capitals: bool) -> list[tuple[str, Optional[str]]]:
        """(text, font) pieces: Unicode as is, or legacy codes in a legacy font."""
        if self.font == "VNI":
            return [(legacy.from_unicode_vni(text), "VNI-Times")]
        if self.font != "TCVN3":
            return [(text, None)]
        if capitals:
            return [(legacy.from_unicode_tcvn3(text.lower()), ".VnTimeH")]
        pieces: list[tuple[str, Optional[str]]] = []
        for ch in text:  # toned capitals have no VN3 code: type them in the capital font
            font = ".VnTime" if legacy.tcvn3_encodable(ch) or not ch.isalpha() else ".VnTimeH"
            code = legacy.from_unicode_tcvn3(ch if font == ".VnTime" else ch.lower())
            if pieces and pieces[-1][1] == font:
                pieces[-1] = (pieces[-1][0] + code, font)
            else:
                pieces.append((code, font))
        return pieces

    def paragraph(self, container, line: Line, *, align=None, bold=False, italic=False, size=None,
                  numbered: Optional[tuple[int, int]] = None, indent: bool = False):
        para = container.add_paragraph()
        if align is not None:
            para.alignment = align
        if indent:
            para.paragraph_format.first_line_indent = Cm(1)
        para.paragraph_format.space_after = Pt(6) if container is self.doc else Pt(0)
        if numbered:
            ppr = para._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{numbered[1]}"/>'
                                 f'<w:numId w:val="{numbered[0]}"/></w:numPr>'))
        self.add_text(para, line, bold=bold, italic=italic, size=size)
        return para

    def two_column_table(self, rows: list[tuple[list[Line], list[Line]]], widths: tuple[float, float], fill) -> None:
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        borderless(table)
        table.autofit = False
        for c, width in enumerate(widths):
            table.columns[c].width = Cm(width)
        for r, (left, right) in enumerate(rows):
            for c, lines in enumerate((left, right)):
                cell = table.cell(r, c)
                cell.width = Cm(widths[c])
                first = cell.paragraphs[0]
                for k, line in enumerate(lines):
                    para = fill(cell, line, c)
                    if k == 0:  # move into the cell's own first paragraph
                        first._p.addnext(para._p)
                        first._p.getparent().remove(first._p)
                        first = para

    def header_cell(self, cell, line: Line, column: int):
        text = line.text
        if column == 1 and PLACE_DATE.search(text):
            return self.paragraph(cell, line, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
        motto = MOTTO.match(text) is not None and not text.startswith("-")
        bold = motto or (column == 0 and is_upper(text) and text != "*")
        size = None
        if motto:  # HD 36: Party motto 15 pt; NĐ 30: Quốc hiệu 12-13 pt, Tiêu ngữ 13-14 pt
            size = 15 if text.startswith("ĐẢNG") else 12.5 if text.startswith("CỘNG") else 13
        return self.paragraph(cell, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=bold, size=size)

    def closing_cell(self, cell, line: Line, column: int):
        if column == 0:
            first = RECIPIENTS.match(line.text) is not None
            return self.paragraph(cell, line, bold=first, italic=first, size=None if first else 12)
        return self.paragraph(cell, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=AUTHORITY.match(line.text) is not None
                              or not is_upper(line.text))

    def body(self, lines: list[Line]) -> None:
        for line in lines:
            numbered, rest = self.numberer.assign(line)
            heading = numbered is not None and numbered[0] != BULLET_LIST and (
                numbered[1] == 0 or (len(rest.text) < 90 and not rest.text.rstrip().endswith((".", ";", ":"))))
            self.paragraph(self.doc, rest, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=heading,
                           numbered=numbered, indent=True)

    def build(self, layout: Layout) -> bytes:
        self.two_column_table(layout.header_rows or [([], [])], (7.0, 10.0), self.header_cell)
        self.doc.add_paragraph()
        for line in layout.title:
            self.paragraph(self.doc, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        self.body(layout.body)
        if layout.recipients or layout.signature:
            self.two_column_table([(layout.recipients, layout.signature)], (8.0, 8.5), self.closing_cell)
        self.write_numbering()
        self.drop_leading_empty_paragraph()
        props = self.doc.core_properties
        props.author = props.last_modified_by = "nqparse tests"
        props.created = props.modified = FIXED_TIME
        props.revision = 1
        out = io.BytesIO()
        self.doc.save(out)
        return stable_zip(out.getvalue())

    def write_numbering(self) -> None:
        numbering = self.doc.part.numbering_part.element
        for child in list(numbering):
            numbering.remove(child)
        for xml in numbering_xml(self.numberer):
            numbering.append(parse_xml(xml))

    def drop_leading_empty_paragraph(self) -> None:
        body = self.doc.element.body
        first = body[0]
        if first.tag == qn("w:p") and not "".join(first.itertext()).strip():
            body.remove(first)


FIXED_TIME = datetime.datetime(2026, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps: one text always builds the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def borderless(table) -> None:
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    sides = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{sides}</w:tblBorders>'))


def build_docx(text: str, out: Optional[Path] = None, *, font: str = "Times New Roman") -> bytes:
    """Lay ``text`` out as an office .docx; write it to ``out`` when given; return the bytes."""
    data = Writer(font).build(lay_out(text))
    if out is not None:
        Path(out).write_bytes(data)
    return data


def expected_lines(text: str) -> list[str]:
    """The document's non-empty lines as a reader sees them: markers removed, trimmed."""
    return [strip_line(x).text for x in read_lines(text) if x is not None]
