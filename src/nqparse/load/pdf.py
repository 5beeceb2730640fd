"""PDF → SourceDocument: the text layer, one block per printed line, in reading order.

PDFium gives the characters with their boxes (:mod:`.pdf_chars`, the boxes, fonts and words
pdfplumber's ``extract_words`` would give, at a fraction of pdfminer's cost); lines are rebuilt
here from the words. Reading order needs care
where a page holds two columns side by side — the header (issuer | motto, number | place
and date) and the signature block (Nơi nhận | T/M … BÍ THƯ): a naive extraction interleaves
them ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG CỘNG SẢN VIỆT NAM"). Such a region is found from the
wide gap between its columns and read column by column, each column a table cell.

Numbers and dates that e-office software stamps into blanks through signature widgets
(annotation appearance streams, not page content) are read and set where they are drawn.
Ruled tables (an annex of tasks) keep their grid: :mod:`.pdf_tables` finds them on pages that
draw rules, their words become the cells' blocks, placed where the table stands, and a table
broken by page ends is one table. Running page numbers and running headers/footers repeated on
most pages (on both pages of a two-page document) are dropped. A Nơi nhận | signature region cut
by the page end goes on in its columns at the top of the next page.
Paragraph breaks are left to normalization, with hints: ``blank_before`` where an indent,
a vertical gap or a label shows a new paragraph, ``hard_wrapped`` on lines that run to the
right margin and continue on the next line.
"""
from __future__ import annotations

import bisect
import io
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..errors import BadInputError, EncryptedDocumentError, ScannedDocumentError
from ..grammar import AUTHORITY_LINE, LINE_LABEL, RECIPIENTS_LINE
from ..source import Block, SourceCell, SourceDocument, SourceTable
from . import legacy
from .pdf_tables import PageTable, RuledTable, ruled_tables, tables_across_pages

if TYPE_CHECKING:
    from .ocr import OcrSettings

COLUMN_GAP_EM = 1.3          # a gap this many font sizes wide separates two columns
FOOTNOTE_SIZE = 0.85         # footnotes and their marks are set this much smaller than the text
MARGIN_BAND = 0.085          # top/bottom fraction of the page where running heads live
CID = re.compile(r"\(cid:\d+\)")
PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?$", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*[-+•]\s+\w")
PREAMBLE_START = re.compile(r"^(?:Căn cứ|Xét|Thực hiện|Theo đề nghị)\b")
VIETNAMESE_MARKED = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                               re.IGNORECASE)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    stamped: bool = False          # drawn by a widget/stamp over a blank of the page
    confidence: Optional[float] = None  # read by OCR: Tesseract's word confidence (0–100)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """A printed line: its words left to right. Its measures are worked out once (the words of a
    line do not change once it is made; legacy codes are converted before the lines are made)."""

    words: list[Word]
    page: int
    cell: Optional[tuple[int, int, int]] = None
    ruled: bool = False              # in a ruled table's cell (else a cell of a two-column region)
    wraps: bool = False              # ruled cell: goes on with the previous line's paragraph
    align: Optional[str] = None      # ruled cell: alignment within the cell

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @cached_property
    def text(self) -> str:
        gaps = [b.x0 - a.x1 for a, b in zip(self.words, self.words[1:])]
        typical = statistics.median(gaps) if len(gaps) >= 3 else 0.0
        out = [self.words[0].text]
        for gap, previous, word in zip(gaps, self.words, self.words[1:]):
            if is_footnote_mark(previous, word, gap):
                continue                 # "GD&ĐT¹": the note itself is read after the text
            if gap > 1.2 * word.size and gap > 2.5 * typical:
                out.append("   ")        # a blank left on purpose: "Số      -HD/BTCTU"
            elif gap > 0.12 * word.size or word.stamped != previous.stamped:
                out.append(" ")          # (a stamp filling a blank is a word of its own: "ngày" + "28")
            out.append(word.text)
        return "".join(out)

    @cached_property
    def bold(self) -> bool:
        chars = sum(len(w.text) for w in self.words)
        bold = sum(len(w.text) for w in self.words if "bold" in w.font.lower() or "black" in w.font.lower())
        return bold * 2 > chars

    @cached_property
    def italic(self) -> bool:
        chars = sum(len(w.text) for w in self.words)
        it = sum(len(w.text) for w in self.words if "italic" in w.font.lower() or "oblique" in w.font.lower())
        return it * 2 > chars


# --- opening ------------------------------------------------------------------------------

def open_pdf(data: bytes, path: Optional[Path], password: Optional[str]):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
        check_pages(declared_pages(pdf), path)   # before a 20,000-page tree is read
        check_pages(len(pdf.pages), path)        # forces the page tree to be read
        return pdf
    except BadInputError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in its own exception
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(exc, PDFPasswordIncorrect) or isinstance(cause, PDFPasswordIncorrect) \
                or "PDFPasswordIncorrect" in repr(exc):
            if password:
                raise EncryptedDocumentError("wrong password for this encrypted PDF", path=path) from None
            raise EncryptedDocumentError("encrypted PDF: give its password with --password", path=path) from None
        raise BadInputError(f"not a valid PDF: {type(exc).__name__}: {str(exc)[:120]}".rstrip(": "), path=path) from None


def declared_pages(pdf) -> int:
    """The page count the page tree declares (0 when it declares none)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:
        return 0
    return count if isinstance(count, int) else 0


def check_pages(pages: int, path: Optional[Path]) -> None:
    """A PDF longer than any document (``NQPARSE_MAX_PAGES``, 2000 by default) is refused."""
    from ..limits import current

    limit = current().max_pages
    if limit and pages > limit:
        raise BadInputError(f"{pages:,} pages; the limit is {limit:,} (NQPARSE_MAX_PAGES)", path=path)


STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
MAX_STREAM_BYTES = 256 * 1024 * 1024   # a scanned A4 page at 600 dpi in colour is ~100 MB


def check_streams(data: bytes, path: Optional[Path]) -> None:
    """Refuse a Flate stream that inflates past ``MAX_STREAM_BYTES`` (a decompression bomb)
    before PDFium or pdfminer inflate it whole. Inflated in chunks, nothing kept."""
    import zlib

    for m in STREAM_START.finditer(data):
        inflate = zlib.decompressobj()
        size, at = 0, m.end()
        try:
            chunk = inflate.decompress(data[at:at + 65536], 1 << 20)
            at += 65536
            while True:
                size += len(chunk)
                if size > MAX_STREAM_BYTES:
                    raise BadInputError(f"refused: a compressed stream inflates past {MAX_STREAM_BYTES // 2**20} MB "
                                        "(decompression bomb?)", path=path)
                if inflate.eof:
                    break
                if inflate.unconsumed_tail:
                    chunk = inflate.decompress(inflate.unconsumed_tail, 1 << 20)
                elif at < len(data):
                    chunk = inflate.decompress(data[at:at + 65536], 1 << 20)
                    at += 65536
                else:
                    break
        except zlib.error:
            continue  # not Flate, or encrypted: PDFium and pdfminer judge it


def page_words(page) -> list[Word]:
    """Words of the page's content, and those its stamps draw into the page's blanks."""
    return chars_to_words(page.chars) + chars_to_words(stamped_chars(page), stamped=True)


@lru_cache(maxsize=1024)
def legacy_font(font: str) -> bool:
    return bool(legacy.font_encoding(font))


def chars_to_words(chars: list[dict], stamped: bool = False) -> list[Word]:
    """Words as pdfplumber's extract_words(x_tolerance=1.5, y_tolerance=2.5, by font and size)
    makes them (:func:`.pdf_chars.group_words`), legacy TCVN3/VNI codes converted by font."""
    from .pdf_chars import group_words

    words = []
    for text, x0, x1, top, bottom, font, size in group_words(chars, x_tolerance=1.5, y_tolerance=2.5):
        if "(cid:" in text:
            text = CID.sub("", text)
        if not text.strip():
            continue
        font = font or ""
        if legacy_font(font):
            text = legacy.convert_run(text, font)
        words.append(Word(unicodedata.normalize("NFC", text), x0, x1, top, bottom, float(size or 12.0), font, stamped))
    return words


# --- stamps: text drawn by annotation appearances ------------------------------------------
# E-office systems stamp the number and the date ("Số 25 /KH-SGDĐT", "ngày 30 tháng 10") into
# the appearance of a signature widget placed over the blank the page leaves for them; that text
# is not in the page's content. It is read here by running each appearance stream through
# pdfminer with the matrix that puts the form's box onto the annotation's rectangle.

STAMP_SUBTYPES = {"Widget", "FreeText", "Stamp"}
HIDDEN_FLAGS = 2 | 32                  # Hidden, NoView
CAPTION_SIZE = 0.8                     # smaller than this × the page's type: a signature caption
OVERPRINT = 0.2                        # this share of a stamp's letters on top of the page's own


def stamped_chars(page, page_chars: Optional[list[dict]] = None) -> list[dict]:
    """Characters drawn by the page's widget/stamp appearances, as pdfplumber chars of the page.

    Only text that fills a blank counts. A signature's caption ("Người ký …, Thời gian ký …")
    is left out: it comes in small type, or it is printed over the page's text (a signed scan
    with its OCR layer). An annotation that cannot be read is skipped."""
    from pdfminer.pdftypes import resolve1

    try:
        annots = resolve1(page.page_obj.attrs.get("Annots"))
    except Exception:
        return []
    if not isinstance(annots, list) or not annots:
        return []
    if page_chars is None:
        page_chars = page.chars
    body = statistics.median(float(c.get("size") or 0) for c in page_chars) if page_chars else 0.0
    chars: list[dict] = []
    for annot in annots:
        try:
            drawn = appearance_chars(page, resolve1(annot))
        except Exception:      # a broken annotation must never cost the document
            continue
        if drawn and statistics.median(float(c.get("size") or 0) for c in drawn) >= CAPTION_SIZE * body \
                and not overprinted(drawn, page_chars):
            chars.extend(drawn)
    return chars


def overprinted(drawn: list[dict], page_chars: list[dict]) -> bool:
    """Whether the stamp's letters sit on top of the page's own letters rather than in a blank."""
    x0, x1 = min(c["x0"] for c in drawn), max(c["x1"] for c in drawn)
    top, bottom = min(c["top"] for c in drawn), max(c["bottom"] for c in drawn)
    near = [c for c in page_chars if c["x1"] > x0 and c["x0"] < x1 and c["bottom"] > top and c["top"] < bottom
            and c.get("text", "").strip()]
    if not near:
        return False

    def covered(ch: dict) -> bool:
        """On top of a letter of the page: the same letter (an OCR layer under a scan), or most of
        another one — a stamped "01" that only touches the "năm" beside its blank is no overprint."""
        for other in near:
            w = min(ch["x1"], other["x1"]) - max(ch["x0"], other["x0"])
            h = min(ch["bottom"], other["bottom"]) - max(ch["top"], other["top"])
            width, height = ch["x1"] - ch["x0"], ch["bottom"] - ch["top"]
            same = other.get("text") == ch.get("text")
            if w > (0.3 if same else 0.6) * width and h > (0.3 if same else 0.6) * height:
                return True
        return False

    return sum(covered(ch) for ch in drawn) > OVERPRINT * len(drawn)


def appearance_chars(page, annot) -> list[dict]:
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    if not isinstance(annot, dict) or literal(annot.get("Subtype")) not in STAMP_SUBTYPES:
        return []
    if int(resolve1(annot.get("F")) or 0) & HIDDEN_FLAGS:
        return []
    form = normal_appearance(annot)
    if not isinstance(form, PDFStream) or "BBox" not in form:
        return []
    rect = [float(resolve1(v)) for v in resolve1(annot["Rect"])]
    ctm = form_to_page(form, rect, page_ctm(page.page_obj))
    rsrcmgr = page.pdf.rsrcmgr
    device = PDFPageAggregatorWithMarkedContent(rsrcmgr, pageno=page.page_number, laparams=None)
    device.begin_page(page.page_obj, page_ctm(page.page_obj))
    resources = resolve1(form.get("Resources"))
    PDFPageInterpreter(rsrcmgr, device).render_contents(
        resources if isinstance(resources, dict) else {}, [form], ctm=ctm)
    device.end_page(page.page_obj)
    return [obj for obj in page.iter_layout_objects(device.get_result()._objs)
            if obj.get("object_type") == "char" and obj.get("text", "").strip()]


def literal(value) -> str:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return str(getattr(value, "name", value or ""))


def normal_appearance(annot):
    """The /AP /N form; for a widget with states (a check box), the one /AS selects."""
    from pdfminer.pdftypes import resolve1

    appearances = resolve1(annot.get("AP"))
    if not isinstance(appearances, dict):
        return None
    normal = resolve1(appearances.get("N"))
    if isinstance(normal, dict):
        normal = resolve1(normal.get(literal(annot.get("AS"))))
    return normal


def page_ctm(page_obj) -> tuple:
    """The matrix pdfminer starts a page with (rotation and mediabox origin)."""
    x0, y0, x1, y1 = page_obj.mediabox
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(page_obj.rotate % 360, (1, 0, 0, 1, -x0, -y0))


def form_to_page(form, rect: list[float], ctm: tuple) -> tuple:
    """PDF 32000 §12.5.5: the form's /BBox, transformed by its /Matrix, is fitted onto /Rect."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import apply_matrix_pt, mult_matrix

    bbox = [float(resolve1(v)) for v in resolve1(form["BBox"])]
    matrix = tuple(float(resolve1(v)) for v in resolve1(form.get("Matrix") or [1, 0, 0, 1, 0, 0]))
    corners = [apply_matrix_pt(matrix, (x, y)) for x in bbox[0::2] for y in bbox[1::2]]
    bx0, bx1 = min(p[0] for p in corners), max(p[0] for p in corners)
    by0, by1 = min(p[1] for p in corners), max(p[1] for p in corners)
    rx0, rx1 = sorted(rect[0::2])
    ry0, ry1 = sorted(rect[1::2])
    sx = (rx1 - rx0) / (bx1 - bx0) if bx1 > bx0 else 1.0
    sy = (ry1 - ry0) / (by1 - by0) if by1 > by0 else 1.0
    fit = (sx, 0, 0, sy, rx0 - sx * bx0, ry0 - sy * by0)
    return mult_matrix(mult_matrix(matrix, fit), ctm)


# --- lines and columns --------------------------------------------------------------------

def bands(words: list[Word]) -> list[list[Word]]:
    """Words grouped into horizontal bands: those whose middles fall within each other's height."""
    out: list[list[Word]] = []
    bottom = top = None
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if out and top is not None and word.middle <= bottom and word.middle >= top - 0.1:
            out[-1].append(word)
            bottom = max(bottom, word.bottom) if word.middle - top < 0.8 * word.size else bottom
        else:
            out.append([word])
            top, bottom = word.top, word.bottom
    return [sorted(b, key=lambda w: w.x0) for b in out]


def widest_gap(band: list[Word]) -> tuple[float, float]:
    """(width, x) of the widest gap between consecutive words of a band."""
    best = (0.0, 0.0)
    for a, b in zip(band, band[1:]):
        gap = b.x0 - a.x1
        if gap > best[0]:
            best = (gap, (a.x1 + b.x0) / 2)
    return best


def free_spans(band: list[Word], min_gap: float) -> list[tuple[float, float]]:
    """Horizontal spans of the band with no text: the wide gaps and both open ends."""
    spans = [(float("-inf"), band[0].x0)]
    right = band[0].x1
    for word in band[1:]:
        if word.x0 - right >= min_gap:
            spans.append((right, word.x0))
        right = max(right, word.x1)
    spans.append((right, float("inf")))
    return spans


def column_gap(band: list[Word]) -> float:
    return COLUMN_GAP_EM * statistics.median(w.size for w in band)


def is_split(band: list[Word]) -> Optional[tuple[float, float]]:
    """The widest gap of a band when it parts two columns: wide, and far wider than its
    other gaps (a justified line stretched with wide spaces is not two columns)."""
    inner = free_spans(band, column_gap(band))[1:-1]
    if not inner:
        return None
    widest = max(inner, key=lambda s: s[1] - s[0])
    width = widest[1] - widest[0]
    others = sorted(b.x0 - a.x1 for a, b in zip(band, band[1:]))[:-1]
    if others and width < 3 * statistics.median(others):
        return None
    return widest


def narrow(gutter: tuple[float, float], band: list[Word]) -> Optional[tuple[float, float]]:
    """The part of the gutter between two columns that this band leaves free, if wide enough."""
    size = statistics.median(w.size for w in band)
    best = None
    for lo, hi in free_spans(band, column_gap(band)):
        a, b = max(lo, gutter[0]), min(hi, gutter[1])
        if b - a >= 0.4 * size and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    return best


def centred_on_page(band: list[Word], width: float) -> bool:
    """A title line: centred on the page, not within one of the two columns."""
    middle = (band[0].x0 + max(w.x1 for w in band)) / 2
    return abs(middle - width / 2) < 0.06 * width


def read_page(words: list[Word], page_no: int, first_table: int, width: float,
              tables: list[PageTable] = (), gutters: Optional[dict[int, tuple[float, float]]] = None
              ) -> tuple[list[Line], int]:
    """Lines of one page in reading order, but for the words of its ruled tables, which go to
    their cells. The text above, between and below the tables is read stretch by stretch, so a
    two-column region never reaches across a table. ``gutters`` gets the free span between the
    two columns of each region."""
    if not tables:
        return read_flow(words, page_no, first_table, width, gutters)
    for table in tables:
        words = table.take(words)
    lines: list[Line] = []
    for stretch in stretches(words, tables):
        flow, first_table = read_flow(stretch, page_no, first_table, width, gutters)
        lines += flow
    return lines, first_table


def stretches(words: list[Word], tables: list[PageTable]) -> list[list[Word]]:
    """The words above the first table, between each two, and below the last (words beside a
    table go with the text below it)."""
    tops = [t.top for t in tables]
    out: list[list[Word]] = [[] for _ in range(len(tops) + 1)]
    for word in words:
        out[bisect.bisect_right(tops, word.middle)].append(word)
    return [s for s in out if s]


def read_flow(words: list[Word], page_no: int, first_table: int, width: float,
              gutters: Optional[dict[int, tuple[float, float]]] = None) -> tuple[list[Line], int]:
    """Lines of running text in reading order; two-column regions read column by column, each
    column a cell of a layout table numbered from ``first_table``."""
    lines: list[Line] = []
    table = first_table
    all_bands = bands(words)
    i = 0
    while i < len(all_bands):
        band = all_bands[i]
        gutter = is_split(band)
        if gutter is None:
            lines.append(Line(band, page_no))
            i += 1
            continue
        region = [band]
        j = i + 1
        size = statistics.median(w.size for w in band)
        while j < len(all_bands):
            nxt = all_bands[j]
            gap = min(w.top for w in nxt) - max(w.bottom for w in region[-1])
            narrower = narrow(gutter, nxt)
            one_sided = is_split(nxt) is None
            if narrower is None or one_sided and (gap > 8 * size or centred_on_page(nxt, width)):
                break
            gutter = narrower
            region.append(nxt)
            j += 1
        if len(region) == 1:      # one line with a wide blank ("Quyết định số      /2020/QĐ-UBND")
            lines.append(Line(band, page_no))
            i += 1
            continue
        for col, side in enumerate(split_region(region, (gutter[0] + gutter[1]) / 2)):
            for line_words in side:
                lines.append(Line(line_words, page_no, (table, 0, col)))
        if gutters is not None:
            gutters[table] = gutter
        table += 1
        i = j
    return lines, table


def split_region(region: list[list[Word]], boundary: float) -> tuple[list[list[Word]], list[list[Word]]]:
    left = [w for band in region for w in band if (w.x0 + w.x1) / 2 < boundary]
    right = [w for band in region for w in band if (w.x0 + w.x1) / 2 >= boundary]
    return bands(left), bands(right)


# --- a closing broken by the page end ------------------------------------------------------------
# The Nơi nhận | signature table often breaks at the foot of a page: "Nơi nhận:" and some
# items beside "T/M ĐẢNG ỦY / BÍ THƯ" on one page, the signer's name (alone, or beside the last
# items) at the top of the next. Both parts are one region: its columns go on over the page.

MOTTO = re.compile(r"^(?:ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HO?[ÀÒ]A? XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do)", re.IGNORECASE)


def is_closing(lines: list[Line]) -> bool:
    """A two-column region that is the Nơi nhận | signature block."""
    return any(RECIPIENTS_LINE.match(ln.text) for ln in lines if ln.cell[2] == 0) or \
        any(AUTHORITY_LINE.match(ln.text) for ln in lines if ln.cell[2] == 1)


def regions_across_pages(pages: list[list[Line]], gutters: dict[int, tuple[float, float]],
                         tables: list[list[PageTable]], widths: list[float]) -> list[list[Line]]:
    """Join a closing region that ends a page and the lines that go on with its columns at the
    top of the next page: its lines on the next page join its cells (left or right of the
    gutter) and are read with them, left column then right column. A closing cut after its
    first line — one line "Nơi nhận:   T/M ĐẢNG ỦY" — joins the region it goes on in."""
    if len(pages) < 2:
        return pages
    pages = [list(page) for page in pages]
    foot = max((ln.bottom for page in pages for ln in page), default=0.0)
    for n in range(len(pages) - 1):
        lines, after = pages[n], pages[n + 1]
        if not lines or not after:
            continue
        region, gutter, ending = ending_region(lines, after, gutters)
        if region is None:
            continue
        members = [ln for ln in ending if ln.cell is not None and not ln.ruled and ln.cell[0] == region]
        size = statistics.median(ln.size for ln in members)
        low = max(ln.bottom for ln in members)
        if low < foot - 4 * size or any(t.top > low for t in tables[n]) or not is_closing(members):
            continue
        taken = continuation(after, region, gutter, gutters, size, widths[n + 1],
                             min((t.top for t in tables[n + 1]), default=float("inf")))
        if not taken:
            continue
        lines[:] = ending
        for line, _ in taken:
            after.remove(line)
        for col in (0, 1):
            moved = [line for line, side in taken if side == col]
            for line in moved:
                line.cell = (region, 0, col)
            mine = [k for k, ln in enumerate(lines) if ln.cell is not None and not ln.ruled and ln.cell[0] == region]
            same = [k for k in mine if lines[k].cell[2] == col]
            place = same[-1] + 1 if same else mine[-1] + 1 if col == 1 else mine[0]
            lines[place:place] = moved
    return pages


def ending_region(lines: list[Line], after: list[Line], gutters: dict[int, tuple[float, float]]
                  ) -> tuple[Optional[int], Optional[tuple[float, float]], list[Line]]:
    """The two-column region the page ends with, its gutter, and the page's lines. A last line
    of two parts that the next page's first region parts at its gutter ("Nơi nhận:   T/M ĐẢNG
    ỦY") comes back cut into the two cells of that region."""
    last = lines[-1]
    if last.cell is not None and not last.ruled:
        region = last.cell[0]
        return (region, gutters[region], lines) if region in gutters else (None, None, lines)
    first = after[0]
    if last.cell is not None or first.cell is None or first.ruled or first.cell[0] not in gutters:
        return None, None, lines
    region, gutter = first.cell[0], gutters[first.cell[0]]
    boundary = (gutter[0] + gutter[1]) / 2
    if not any(lo <= boundary <= hi for lo, hi in free_spans(last.words, column_gap(last.words))[1:-1]):
        return None, None, lines
    left = [w for w in last.words if (w.x0 + w.x1) / 2 < boundary]
    right = [w for w in last.words if (w.x0 + w.x1) / 2 >= boundary]
    return region, gutter, lines[:-1] + [Line(left, last.page, (region, 0, 0)), Line(right, last.page, (region, 0, 1))]


def continuation(after: list[Line], region: int, gutter: tuple[float, float],
                 gutters: dict[int, tuple[float, float]], size: float, width: float,
                 table_top: float) -> list[tuple[Line, int]]:
    """The lines at the top of the next page that go on in the region's columns, with their
    column: a region there whose gutter meets this one, and lines wholly on one side of the
    gutter, up to the first line across it, a ruled table or a wide vertical gap."""
    boundary = (gutter[0] + gutter[1]) / 2
    taken: list[tuple[Line, int]] = []
    joined: set[int] = set()
    previous: Optional[Line] = None
    for line in after:
        if line.ruled or line.top >= table_top:
            break
        if line.cell is not None:
            other = line.cell[0]
            if other not in joined:
                span = gutters.get(other)
                if other != region and (span is None or max(span[0], gutter[0]) >= min(span[1], gutter[1])):
                    break
                if any(ln.cell is not None and ln.cell[0] == other and (MOTTO.match(ln.text) or RECIPIENTS_LINE.match(ln.text))
                       for ln in after):
                    break         # the header of a document that follows, or a closing of its own
                joined.add(other)
            taken.append((line, line.cell[2]))
            previous = None
            continue
        side = 0 if line.x1 <= boundary else 1 if line.x0 >= boundary else None
        if side is None or centred_on_page(line.words, width) or \
                previous is not None and line.top - previous.bottom > 8 * size:
            break
        if side == 0 and not item_goes_on(line, [ln for ln, col in taken if col == 0]):
            break
        taken.append((line, side))
        previous = line
    return taken


def item_goes_on(line: Line, before: list[Line]) -> bool:
    """A line on the left of the gutter at the top of the page is one of the Nơi nhận items: it
    opens with a dash, or it goes on with an item the line before left open ("- Các cơ quan
    Trung ương đóng trên" / "địa bàn tỉnh;")."""
    if line.text[:1] in "-+•–":
        return True
    return bool(before) and before[-1].text.rstrip()[-1:] not in ".;:" or line.text[:1].islower()


# --- ruled tables: their cells' lines, in the document's order ------------------------------

def table_lines(table: RuledTable, index: int) -> list[Line]:
    """The table's lines cell by cell, row by row, each marked with its cell. Inside a cell a
    line is a wrap of the line before unless its first word would have fitted there."""
    padding = cell_padding(table)
    out: list[Line] = []
    for cell in table.cells:
        previous: Optional[Line] = None
        for part in cell.parts:
            x0, _, x1, _ = part.box
            for band in bands(part.words):
                line = Line(band, part.page, (index, cell.row, cell.col), ruled=True)
                line.wraps = previous is not None and wrapped(previous, line, x1 - x0 - 2 * padding)
                line.align = cell_alignment(line, x0 + padding, x1 - padding)
                out.append(line)
                previous = line
    return out


def cell_padding(table: RuledTable) -> float:
    """The room between a cell's rule and its text: the least seen in the table (left-aligned text shows it)."""
    gaps = [w.x0 - part.box[0] for cell in table.cells for part in cell.parts for w in part.words]
    return min(max(min(gaps, default=0.0), 0.0), 10.0)


def wrapped(previous: Line, line: Line, room: float) -> bool:
    """Whether a cell's line goes on with the one above: "Sở Khoa học và" / "Công nghệ" (the
    next word did not fit), not "Sở Tài chính" / "Sở Tư pháp" (a new paragraph, though it fits)."""
    if LIST_ITEM.match(line.text):
        return False
    needed = previous.x1 - previous.x0 + 0.25 * line.size + first_word_width(line)
    return needed > room - 1.0


def first_word_width(line: Line) -> float:
    """Width of the line's first word, whose letters may come in several pieces ("s" + "ở": an
    exporter's fallback font for precomposed Vietnamese letters)."""
    words = line.words
    end = words[0].x1
    for previous, word in zip(words, words[1:]):
        if word.x0 - previous.x1 > 0.12 * word.size:
            break
        end = word.x1
    return end - words[0].x0


def cell_alignment(line: Line, left: float, right: float) -> Optional[str]:
    """"center" for a line centred between the cell's padded sides, "justify" for one filling them."""
    if left + 1.5 < line.x0 and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < max(1.0, 0.1 * line.size):
        return "center"
    if line.x0 <= left + 1.5 and line.x1 >= right - 1.5:
        return "justify"
    return None


def in_reading_order(pages: list[list[Line]], tables: list[RuledTable]) -> tuple[list[Line], list[SourceTable]]:
    """Every line in reading order, and the tables numbered in the order they come: a ruled
    table's lines, all its cells together, where its first part stands on the page (before the
    lines below it); a two-column region (header, signature) as a layout table of one row."""
    starting: dict[int, list[RuledTable]] = {}
    for table in tables:
        starting.setdefault(table.page, []).append(table)
    out: list[Line] = []
    found: list[SourceTable] = []
    regions: dict[int, int] = {}      # a region's number from read_page → its table index

    def add_ruled(table: RuledTable) -> None:
        found.append(SourceTable(index=len(found), rows=table.rows, cols=table.cols, header_rows=table.header_rows,
                                 ruled=True, page=table.page,
                                 cells=[SourceCell(c.row, c.col, c.rowspan, c.colspan) for c in table.cells]))
        out.extend(table_lines(table, found[-1].index))

    for number, lines in enumerate(pages, start=1):
        pending = starting.get(number, [])
        for line in lines:
            while pending and (line.top + line.bottom) / 2 >= pending[0].pieces[0].top:
                add_ruled(pending.pop(0))
            if line.cell is not None:
                if line.cell[0] not in regions:
                    regions[line.cell[0]] = len(found)
                    found.append(SourceTable(index=len(found), rows=1, cols=2, ruled=False, guessed=True, page=number,
                                             cells=[SourceCell(0, 0), SourceCell(0, 1)]))
                line.cell = (regions[line.cell[0]], *line.cell[1:])
            out.append(line)
        for table in pending:
            add_ruled(table)
    return out, found


def fill_cells(tables: list[SourceTable], blocks: list[Block]) -> None:
    """Give each table cell the blocks of its text."""
    cells = {(t.index, c.row, c.col): c for t in tables for c in t.cells}
    for k, block in enumerate(blocks):
        if block.table is not None:
            cells[block.table].blocks.append(k)


# --- running heads, page numbers ----------------------------------------------------------

def running_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.strip().lower())


def drop_running_heads(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Remove page numbers and header/footer lines repeated on most pages. A document of two
    pages repeats its running header or footer on both: there it must stand at the very top or
    foot of both pages ("Nghị quyết số 07-NQ/ĐU - trang 1" under a paragraph that goes on over
    the page), as a line of text that happens to recur does not."""
    def marginal(line: Line, height: float) -> bool:
        return line.top < MARGIN_BAND * height or line.bottom > (1 - MARGIN_BAND) * height

    def outermost(k: int, lines: list[Line]) -> bool:
        return k < 2 or k >= len(lines) - 2

    counts: Counter = Counter()
    edges: Counter = Counter()
    for lines, height in zip(pages, heights):
        counts.update({running_key(ln) for ln in lines if marginal(ln, height)})
        edges.update({running_key(ln) for k, ln in enumerate(lines)
                      if ln.cell is None and marginal(ln, height) and outermost(k, lines)})
    repeated = {key for key, n in counts.items() if len(pages) >= 3 and n >= max(3, 0.5 * len(pages))}
    both = {key for key, n in edges.items() if len(pages) == 2 and n == 2}
    out = []
    for lines, height in zip(pages, heights):
        kept = []
        for k, line in enumerate(lines):
            edge = outermost(k, lines)
            if edge and line.cell is None and PAGE_NUMBER.match(line.text.strip()) and (
                    marginal(line, height) or k == 0 or k == len(lines) - 1):
                continue
            if marginal(line, height) and (running_key(line) in repeated or
                                           edge and line.cell is None and running_key(line) in both):
                continue
            kept.append(line)
        out.append(kept)
    return out


def split_footnotes(pages: list[list[Line]], heights: list[float]) -> tuple[list[list[Line]], list[Line]]:
    """Take each page's footnotes out of the flow: the lines at the foot of a page set smaller than
    its body text, the first opened by a raised number ("¹ Đánh giá các cấp quản lý …"). They go
    after the text, where their citations are still read, instead of between two paragraphs."""
    notes: list[Line] = []
    out: list[list[Line]] = []
    for lines, height in zip(pages, heights):
        flow = [ln for ln in lines if ln.cell is None]
        if len(flow) < 3:
            out.append(lines)
            continue
        body = statistics.median(ln.size for ln in flow)
        start = len(lines)
        while start > 0 and lines[start - 1].cell is None and lines[start - 1].size <= FOOTNOTE_SIZE * body:
            start -= 1
        first = next((k for k in range(start, len(lines)) if is_footnote_start(lines[k], height)), None)
        if first is None:
            out.append(lines)
            continue
        notes += lines[first:]
        out.append(lines[:first])
    return out, notes


def is_footnote_mark(previous: Word, word: Word, gap: float) -> bool:
    """A raised, smaller number set against the word before it: a footnote's mark."""
    return word.text.isdigit() and len(word.text) <= 2 and word.size <= FOOTNOTE_SIZE * previous.size \
        and gap <= 0.12 * previous.size and word.bottom < previous.bottom - 0.15 * previous.size


def is_footnote_start(line: Line, height: float) -> bool:
    mark = line.words[0]
    return line.top > 0.5 * height and len(line.words) > 1 and mark.text.isdigit() and len(mark.text) <= 2 \
        and mark.size <= FOOTNOTE_SIZE * line.words[1].size


# --- paragraph hints ----------------------------------------------------------------------

@dataclass
class Margins:
    left: float
    right: float
    leading: float


def margins(lines: list[Line]) -> Margins:
    body = [ln for ln in lines if ln.cell is None] or lines
    lefts = Counter(round(ln.x0) for ln in body)
    frequent = [x for x, n in lefts.items() if n >= max(2, 0.1 * len(body))]
    left = min(frequent) if frequent else sorted(ln.x0 for ln in body)[len(body) // 10]
    rights = sorted(ln.x1 for ln in body)
    right = rights[int(0.9 * (len(rights) - 1))]
    steps = [b.top - a.top for a, b in zip(body, body[1:]) if 0 < b.top - a.top < 3 * a.size]
    leading = statistics.median(steps) if steps else 1.2 * statistics.median(ln.size for ln in body)
    return Margins(left, right, leading)


def page_margins(pages: list[list[Line]]) -> dict[int, Margins]:
    """Margins of each page (scans are skewed, odd and even pages differ); the document's
    margins for pages with too few body lines to tell."""
    everything = [ln for page in pages for ln in page]
    overall = margins(everything)
    out = {}
    for page in pages:
        body = [ln for ln in page if ln.cell is None]
        if body:
            out[body[0].page] = margins(page) if len(body) >= 8 else overall
    return out


def to_blocks(lines: list[Line], per_page: dict[int, Margins]) -> list[Block]:
    blocks: list[Block] = []
    prev: Optional[Line] = None
    for line in lines:
        text = line.text
        if blocks and line.cell is not None and prev is not None and prev.cell == line.cell \
                and (line.wraps if line.ruled else wrapped_in_cell(blocks[-1].text, text)):
            blocks[-1].text += " " + text   # a cell paragraph wrapped inside its cell
            blocks[-1].confidence = lowest(blocks[-1].confidence, line_confidence(line))
            prev = line
            continue
        new_paragraph = True
        if prev is not None and prev.cell == line.cell and line.cell is None:
            new_paragraph = starts_paragraph(prev, line, per_page[line.page])
        if blocks and not new_paragraph:
            blocks[-1].hard_wrapped = True
        if line.ruled:
            align = line.align
        else:
            align = alignment(line, per_page[line.page]) if line.page in per_page else None
        blocks.append(Block(
            text=text, kind="cell" if line.cell else "line", bold=line.bold, italic=line.italic, align=align,
            font=line.words[0].font or None, size=round(line.size, 1),
            page=line.page, table=line.cell, blank_before=new_paragraph, confidence=line_confidence(line),
        ))
        prev = line
    return blocks


def line_confidence(line: Line) -> Optional[float]:
    """An OCR'd line's confidence: the mean of its words' (None for a text layer's line)."""
    scores = [w.confidence for w in line.words if w.confidence is not None and any(c.isalnum() for c in w.text)]
    return round(statistics.fmean(scores), 1) if scores else None


def lowest(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return b if a is None else a if b is None else min(a, b)


def wrapped_in_cell(previous: str, text: str) -> bool:
    """A cell paragraph that wrapped: "- Các đồng chí Ủy viên Ban Chấp hành" / "Trung ương,"."""
    if previous.rstrip().endswith((".", ";", ":", ",")) or text[:1] in "-+•*":
        return False
    return text[:1].islower() or LIST_ITEM.match(previous) is not None


def starts_paragraph(prev: Line, line: Line, m: Margins) -> bool:
    size = line.size
    if line.page != prev.page:
        gap_ok = True   # a page break says nothing; the wrap of the previous line does
    else:
        gap_ok = line.top - prev.top <= 1.45 * m.leading
    if not gap_ok:
        return True
    if prev.x1 < m.right - 2.5 * size:
        return True     # the previous line stopped short: it ended its paragraph
    centred = abs((line.x0 + line.x1) / 2 - (m.left + m.right) / 2) < 1.5 * size and line.x1 < m.right - size
    if line.x0 > m.left + 0.8 * size and not centred:
        return True     # first-line indent (a centred line after a full one is a wrapped title)
    starts_item = LINE_LABEL.match(line.text) or PREAMBLE_START.match(line.text)
    if starts_item and (prev.text.rstrip().endswith((".", ";", ":")) or prev.bold and not line.bold):
        return True
    return False


def alignment(line: Line, m: Margins) -> Optional[str]:
    centre = (m.left + m.right) / 2
    middle = (line.x0 + line.x1) / 2
    if abs(middle - centre) < 1.5 * line.size and line.x0 > m.left + 2 * line.size \
            and line.x1 < m.right - 2 * line.size:
        return "center"
    if line.x1 >= m.right - line.size and line.x0 <= m.left + 1.5 * line.size:
        return "justify"
    return None


# --- entry point --------------------------------------------------------------------------

def scanned(words: list[Word], imaged: int, page_count: int) -> bool:
    """No text, or only a stamp's worth of it on pages that are images (a signed scan)."""
    letters = sum(ch.isalpha() for w in words for ch in w.text)
    return letters == 0 or (imaged >= 0.8 * page_count and letters < 40 * page_count)


def convert_legacy_by_content(words: list[Word]) -> Optional[str]:
    """TCVN3/VNI codes in fonts that do not say so (substituted or renamed): convert by content."""
    encoding = legacy.detect_legacy(" ".join(w.text for w in words))
    if encoding:
        for word in words:
            word.text = legacy.to_unicode(word.text, encoding)
    return encoding


def lacks_diacritics(text: str) -> bool:
    """Vietnamese text without its tone marks: an OCR layer that lost them."""
    letters = sum(1 for ch in text if ch.isalpha())
    marked = len(VIETNAMESE_MARKED.findall(text))
    return letters >= 300 and marked < 0.04 * letters


@dataclass
class PageText:
    """One page as the layout reads it: its words with their boxes (points, top-left origin) and
    the ruled tables found on it. ``ocr`` holds the mean word confidence (0–100) of a page read
    by OCR, None for a page read from its text layer."""

    number: int
    width: float
    height: float
    words: list[Word]
    tables: list[PageTable]
    imaged: bool = False
    ocr: Optional[float] = None


def read_text_layer(data: bytes, path: Optional[Path], password: Optional[str]) -> list[PageText]:
    """Every page's text layer (words, stamps, ruled tables); encrypted or broken files refused.

    The characters come from PDFium (:mod:`.pdf_chars`), as pdfminer would report them; pdfminer
    (pdfplumber) opens the file, gives the page tree and the fonts, reads the stamps of a page
    that has annotations, and finds the ruled tables of a page that draws rules. A page PDFium
    cannot read is read by pdfminer alone, as before."""
    from .pdf_chars import PDFIUM_LOCK

    pdf = open_pdf(data, path, password)
    fast = None
    with PDFIUM_LOCK:           # PDFium is not thread-safe (the web app parses in threads)
        try:
            try:
                from .pdf_chars import PdfiumPages

                fast = PdfiumPages(data, pdf, password)
                if len(fast) != len(pdf.pages):
                    fast.close()
                    fast = None
            except Exception:       # PDFium refuses what pdfminer reads: pdfminer does it all
                fast = None
            pages = []
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(read_page_text(fast, page, number))
                page.close()        # pdfplumber's cache of the page's objects is not needed again
            return pages
        except (EncryptedDocumentError, BadInputError):
            raise
        except Exception as exc:
            raise BadInputError(f"not a valid PDF: cannot read its pages ({type(exc).__name__})", path=path) from None
        finally:
            if fast is not None:
                fast.close()
            pdf.close()


def read_page_text(fast, page, number: int) -> PageText:
    """One page: from PDFium when it reads it, else (or without PDFium) from pdfminer."""
    if fast is not None:
        try:
            one = fast.page(number - 1, page)
        except Exception:
            one = None
        if one is not None:
            try:
                chars = one.chars()
                words = chars_to_words(chars)
                if one.annotated():
                    words += chars_to_words(stamped_chars(page, chars), stamped=True)
                horizontal, vertical = one.rule_counts()
                tables = ruled_tables(page, number) if horizontal >= 2 and vertical >= 2 else []
                return PageText(number, float(page.width), float(page.height), words, tables,
                                imaged=one.has_images())
            except Exception:
                pass
            finally:
                one.close()
    return PageText(number, float(page.width), float(page.height), page_words(page),
                    ruled_tables(page, number), imaged=bool(page.images))


def lay_out(pages: list[PageText], path: Optional[Path], fmt: str = "pdf") -> SourceDocument:
    """Pages of positioned words → blocks in reading order, tables with their cells."""
    words = [w for page in pages for w in page.words]
    legacy_encoding = convert_legacy_by_content(words)
    lines_by_page, region = [], 0
    gutters: dict[int, tuple[float, float]] = {}
    for page in pages:
        lines, region = read_page(page.words, page.number, region, page.width, page.tables, gutters)
        lines_by_page.append(lines)
    heights = [page.height for page in pages]
    lines_by_page = drop_running_heads(lines_by_page, heights)
    tables = tables_across_pages([page.tables for page in pages],
                                 [[(ln.top, ln.bottom) for ln in page] for page in lines_by_page])
    lines_by_page, footnotes = split_footnotes(lines_by_page, heights)
    lines_by_page = regions_across_pages(lines_by_page, gutters, [page.tables for page in pages],
                                         [page.width for page in pages])
    lines, source_tables = in_reading_order(lines_by_page, tables)
    lines += footnotes
    blocks = to_blocks(lines, page_margins(lines_by_page) if any(lines_by_page) else {})
    fill_cells(source_tables, blocks)
    doc = SourceDocument(path=str(path) if path else None, format=fmt, blocks=blocks, pages=len(pages),
                         tables=source_tables)
    if legacy_encoding:
        doc.encoding = legacy_encoding
        doc.warnings.append(f"text layer in legacy {legacy_encoding.upper()} codes without its font names: "
                            "converted by content; capitals drawn by the font may come out in lower case")
    return doc


def load_pdf(data: bytes, *, path: str | Path | None = None, password: str | None = None,
             ocr: "OcrSettings | str | None" = None) -> SourceDocument:
    """Read a PDF's text layer into line blocks and its ruled tables into cells. Pages that are
    only images (a scan) are read by OCR (see :mod:`.ocr`); so is every page of a text layer
    that is itself bad OCR (no diacritics) when Tesseract is here. Encrypted files are refused."""
    from .ocr import check_page_count, settings, tesseract_problem
    from .scan import ocr_pages, ocr_warnings, page_list, page_needs_ocr

    options = settings(ocr)
    p = Path(path) if path is not None else None
    check_streams(data, p)
    pages = read_text_layer(data, p, password)
    words = [w for page in pages for w in page.words]
    bare = [page.number for page in pages if page_needs_ocr(page)]
    if options.mode == "never":
        if scanned(words, sum(page.imaged for page in pages), len(pages)):
            raise ScannedDocumentError("no text layer (scanned) and OCR is off (--ocr never)", path=p)
        wanted: list[int] = []
    elif options.mode == "always":
        wanted = [page.number for page in pages]
    else:
        wanted = bare
    warnings: list[str] = []
    if options.mode == "auto" and not wanted and lacks_diacritics(" ".join(w.text for w in words)):
        if tesseract_problem() is None:
            wanted = [page.number for page in pages]
            warnings.append("the PDF's text layer has almost no Vietnamese diacritics (a poor OCR layer): "
                            "every page was read again by OCR")
        else:
            warnings.append("the PDF's text layer has almost no Vietnamese diacritics (a poor OCR layer?): "
                            f"names and numbers may be wrong; {tesseract_problem()} to read it again")
    if wanted:
        check_page_count(len(wanted), p)
        problem = tesseract_problem()
        if problem:
            from ..errors import OcrUnavailableError

            what = "a scan" if len(wanted) == len(pages) else f"pages {page_list(wanted)} are scanned images"
            raise OcrUnavailableError(f"{what} without a text layer: {problem}", path=p)
        pages = ocr_pages(data, pages, wanted, password, options)
    doc = lay_out(pages, p)
    doc.ocr_pages = {page.number: page.ocr for page in pages if page.ocr is not None}
    if doc.ocr_pages:
        warnings += ocr_warnings(doc.ocr_pages, f"pages {page_list(list(doc.ocr_pages))} (mean word confidence {{mean}}/100)")
    doc.warnings = warnings + doc.warnings
    return doc
