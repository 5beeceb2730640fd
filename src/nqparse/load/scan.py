"""Scans: pages read by OCR (:mod:`.ocr`) become positioned words of the PDF layout path.

A page of a PDF that is only an image, every page of a text layer that lost its diacritics, or
each page of an image file is read by Tesseract; its words, in points on the page, go through
:func:`.pdf.lay_out` like a text layer's.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .. import rules

from ..errors import ScannedDocumentError
from ..source import SourceDocument
from .ocr import OcrPage, OcrSettings
from .pdf import PageText, Word, lay_out


def page_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def page_needs_ocr(page: PageText) -> bool:
    """A page that is an image with (almost) no text of its own: a stamp's worth at most."""
    letters = sum(ch.isalpha() for w in page.words for ch in w.text)
    return letters < 40 and (page.imaged or letters == 0)


def ocr_warnings(ocred: dict[int, float], what: str) -> list[str]:
    """What the reader is told about the pages read by OCR: ``what`` was read ({mean}: the mean
    confidence), and the pages whose confidence is low."""
    from .ocr import LOW_CONFIDENCE

    said = [f"read by OCR: {what.format(mean=f'{statistics.fmean(ocred.values()):.0f}')}"]
    low = [n for n, confidence in ocred.items() if confidence < LOW_CONFIDENCE]
    if low:
        said.append(f"OCR is unsure on pages {page_list(low)} (confidence under {LOW_CONFIDENCE:.0f}/100): "
                    "check their text against the paper copy")
    return said


def ocr_pages(data: bytes, pages: list[PageText], wanted: list[int], password: Optional[str],
              options: OcrSettings) -> list[PageText]:
    """The pages with those numbers read again by OCR; the others as they are."""
    from .ocr import ocr_images, page_images_of_pdf

    images = page_images_of_pdf(data, wanted, password)
    results = ocr_images(images, options.jobs, options.progress)
    split_merged(results)
    read = dict(zip(wanted, results))
    out = []
    for page in pages:
        if page.number not in read:
            out.append(page)
            continue
        result = read[page.number]
        turned = result.rotated in (90, 270)
        width, height = (page.height, page.width) if turned else (page.width, page.height)
        out.append(ocr_page_text(result, page.number, width, height))
    return out


class OcrRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrases: list[str] = Field(default_factory=list)
    characters: dict[str, str] = Field(default_factory=dict)
    sequences: dict[str, str] = Field(default_factory=dict)
    list_marks: list[str] = Field(default_factory=list)
    digits: dict[str, str] = Field(default_factory=dict)
    party_marks: dict[str, str] = Field(default_factory=dict)
    party_mark_before: list[str] = Field(default_factory=list)
    rules_drawn: str = ""


def ocr_rules() -> OcrRules:
    return rules.load("ocr", OcrRules)


_HATS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: what OCR drops; tones stay
_EDGE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.DOTALL)


@lru_cache(maxsize=65536)
def relaxed(word: str) -> str:
    """'ĐỒNG' → 'đòng', 'QUYẾT' → 'quyét': lower case without hats and horns, tones kept."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _HATS))


@rules.cached(maxsize=1)
def _phrase_tokens() -> list[list[str]]:
    return sorted(([w for w in phrase.split()] for phrase in ocr_rules().phrases), key=len, reverse=True)


def _in_case_of(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_YEAR_HEAD = re.compile(r"^(\d{1,4}/)?(\d{0,4}?)((?:19|20)\d)$")   # "151/201" or "151201" before "7NĐ-CP"
_YEAR_TAIL = re.compile(r"^(\d)(/?)(.*)$")
_YEAR_THEN_SYMBOL = re.compile(r"((?:19|20)\d\d)(?=[A-ZĐ]{2,}-)")     # "2017NĐ-CP" → "2017/NĐ-CP"
_NUMBER_RUN = re.compile(r"[0-9lI|OoSŠ]+")
_LEGISLATURE = re.compile(r"(?<=QH)[0-9lI|OoSŠ]{2}\b")   # "UBTVQHIS" → "UBTVQH15"


def _digits(token: str, lookalikes: dict[str, str]) -> str:
    """Letters read for digits inside a number ("l5" → "15", "I1" → "11", "2Š" → "25")."""
    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        if not any(ch.isdigit() for ch in run) or run.isdigit():
            return run
        return "".join(lookalikes.get(ch, ch) for ch in run)

    token = _LEGISLATURE.sub(lambda m: "".join(lookalikes.get(ch, ch) for ch in m.group(0)), token)
    return _NUMBER_RUN.sub(fix, token)


def merged_numbers(texts: list[str]) -> list[tuple[int, int, str]]:
    """Years OCR split in two ("151/201 7NĐ-CP", "151201 7/NĐ-CP"): (first, last, text) of
    each pair of words to read as one ("151/2017/NĐ-CP")."""
    out = []
    for i in range(len(texts) - 1):
        head, tail = _YEAR_HEAD.match(texts[i]), _YEAR_TAIL.match(texts[i + 1])
        if not head or not tail or not tail.group(3)[:1].isalpha() or not tail.group(3)[:1].isupper():
            continue
        number = head.group(1) or (head.group(2) + "/" if head.group(2) else "")
        out.append((i, i + 1, f"{number}{head.group(3)}{tail.group(1)}/{tail.group(3)}"))
    return out


def repaired(texts: list[str]) -> list[str]:
    """The words of one OCR'd line with known phrases respelled ("HỘI ĐÒNG" → "HỘI ĐỒNG") and
    look-alike characters replaced ("151⁄2017" → "151/2017")."""
    table = ocr_rules().characters
    out = ["".join(table.get(ch, ch) for ch in text) for text in texts]
    for wrong, right in ocr_rules().sequences.items():
        out = [text.replace(wrong, right) for text in out]
    out = [_YEAR_THEN_SYMBOL.sub(r"\1/", _digits(text, ocr_rules().digits)) for text in out]
    rules_ = ocr_rules()
    if out and set(out[0]) <= set("".join(rules_.list_marks)):
        out[0] = "-"  # "~ Trung tâm …", "~- Ban …": the dash of a list item
    for i in range(len(out) - 1):
        if out[i] in rules_.party_marks and out[i + 1] in rules_.party_mark_before:
            out[i] = rules_.party_marks[out[i]]  # "TM ĐẢNG ỦY" → "T/M ĐẢNG ỦY" (lines may hold both columns)
    parts = [_EDGE.match(text).groups() for text in out]
    cores = [relaxed(core) for _, core, _ in parts]
    for tokens in _phrase_tokens():
        keys = [relaxed(t) for t in tokens]
        for i in range(len(out) - len(tokens) + 1):
            if cores[i:i + len(tokens)] != keys:
                continue
            for j, token in enumerate(tokens):
                before, core, after = parts[i + j]
                out[i + j] = before + _in_case_of(core, token) + after
    return out


def _speck(word, line: list) -> bool:
    """A mark with no letter or digit standing apart from the words of its line (a speck, the
    tail of a signature), or a rule drawn under a name ("______"): noise, not text."""
    if any(ch.isalnum() for ch in word.text):
        return False
    if (len(word.text) >= 3 or "_" in word.text) and set(word.text) <= set(ocr_rules().rules_drawn):
        return True
    height = max(1.0, max(w.bottom for w in line) - min(w.top for w in line))
    gaps = [min(abs(w.left - word.right), abs(word.left - w.right)) for w in line if w is not word]
    return not gaps or min(gaps) > 3 * height


def _joined(words: list) -> list:
    """The line's words with split years put back together (see ``merged_numbers``)."""
    merges = {first: (last, text) for first, last, text in merged_numbers([w.text for w in words])}
    out, skip = [], -1
    for i, word in enumerate(words):
        if i <= skip:
            continue
        if i in merges:
            last, text = merges[i]
            other = words[last]
            word = replace(word, text=text, right=other.right, top=min(word.top, other.top),
                           bottom=max(word.bottom, other.bottom), confidence=min(word.confidence, other.confidence))
            skip = last
        out.append(word)
    return out


def _core(text: str) -> str:
    return _EDGE.match(text).group(2).lower()


def split_merged(pages: list[OcrPage]) -> None:
    """Words OCR ran together where a rule or a stain sat under them ("TÂNLAM_" under "ĐẢNG ỦY XÃ"),
    split where the document prints the same two words apart elsewhere ("Tân Lam, ngày …").
    Underscores clinging to a word's ends (the rule under it) are dropped too."""
    pairs: set[tuple[str, str]] = set()
    seen: Counter[str] = Counter()
    for page in pages:
        for a, b in zip(page.words, page.words[1:]):
            if a.line == b.line:
                pairs.add((_core(a.text), _core(b.text)))
        seen.update(_core(w.text) for w in page.words)
    for page in pages:
        words = []
        for word in page.words:
            text = word.text.strip("_") or word.text  # an underline clinging to the word
            core = _core(text)
            split = next(((core[:i], core[i:]) for i in range(2, len(core) - 1)
                          if (core[:i], core[i:]) in pairs), None) if seen[core] <= 1 else None
            if split is None or len(text) != len(core):
                words.append(replace(word, text=text))
                continue
            cut = word.left + (word.right - word.left) * len(split[0]) / len(core)
            space = (word.bottom - word.top) * 0.25  # wide enough for the layout to see two words
            words.append(replace(word, text=text[:len(split[0])], right=cut - space))
            words.append(replace(word, text=text[len(split[0]):], left=cut + space))
        page.words = words


RULE_MIN_PT = 24         # ink this long unbroken along a row (column) may be a rule …
RULE_LONG_PT = 40        # … and a rule is at least this long (shorter: a letter's stroke, a dash)
RULE_INK = 200           # a pixel darker than this grey is ink (an anti-aliased hairline included)


def _eroded(ink, reach: int, orientation: str):
    """Ink pixels that start a run of at least ``reach`` ink pixels along rows ("h") or columns."""
    from PIL import ImageChops

    eroded, step = ink, 1
    while step < reach:
        shift = min(step, reach - step)
        moved = ImageChops.offset(eroded, -shift, 0) if orientation == "h" else ImageChops.offset(eroded, 0, -shift)
        eroded = ImageChops.darker(eroded, moved)   # ink is white (255) here: darker = both are ink
        step += shift
    return eroded


def drawn_rules_of_image(image, dpi: float) -> list[dict]:
    """The horizontal and vertical rules a page image (of ``dpi``) shows, a table's borders, as
    pdfplumber edges in pixels. The page is straight (see ``ocr.straightened``), so a rule is an unbroken
    run of ink along a row or a column; the rows of one thick rule are one edge."""
    from PIL import ImageChops

    ink = image.point(lambda v: 255 if v < RULE_INK else 0)
    per_pt = dpi / 72.0
    reach = max(8, round(RULE_MIN_PT * per_pt))
    edges: list[dict] = []
    for orientation in ("h", "v"):
        # a hairline redrawn by the scan's turn wavers across two rows (columns): thicken it first
        across = (0, 1) if orientation == "h" else (1, 0)
        thick = ImageChops.lighter(ink, ImageChops.offset(ink, *across))
        thick = ImageChops.lighter(thick, ImageChops.offset(ink, -across[0], -across[1]))
        eroded = _eroded(thick, reach, orientation)
        box = eroded.getbbox()
        if box is None:
            continue
        data = eroded.load()
        lines = range(box[1], box[3]) if orientation == "h" else range(box[0], box[2])
        along = range(box[0], box[2]) if orientation == "h" else range(box[1], box[3])
        found: list[tuple[int, int, list[int]]] = []   # (first, last, the rows/columns it is seen in)
        for at in lines:
            runs, start = [], None
            for i in along:
                on = (data[i, at] if orientation == "h" else data[at, i]) > 0
                if on and start is None:
                    start = i
                elif not on and start is not None:
                    runs.append((start, i - 1 + reach))
                    start = None
            if start is not None:
                runs.append((start, along[-1] + reach))
            for first, last in runs:
                same = next((f for f in found if f[2][-1] >= at - 3
                             and abs(f[0] - first) <= 4 and abs(f[1] - last) <= 4), None)
                if same is None:
                    found.append((first, last, [at]))
                else:
                    same[2].append(at)
        for first, last, ats in found:
            if last - first < RULE_LONG_PT * per_pt:
                continue
            middle = sum(ats) / len(ats)
            thickness = max(ats) - min(ats) + 1
            if orientation == "h":
                edges.append({"x0": first, "x1": last, "top": middle, "bottom": middle, "width": last - first,
                              "height": 0.0, "orientation": "h", "thickness": thickness})
            else:
                edges.append({"x0": middle, "x1": middle, "top": first, "bottom": last, "width": 0.0,
                              "height": last - first, "orientation": "v", "thickness": thickness})
    return edges


def without_rules(image, edges: list[dict]):
    """The page with its table rules painted over, so that OCR reads the cells' words and not
    the borders (as "|" or as letters run together)."""
    from PIL import ImageDraw

    clean = image.copy()
    draw = ImageDraw.Draw(clean)
    for e in edges:
        pad = e["thickness"] + 2
        x0, x1, top, bottom = e["x0"], e["x1"], e["top"], e["bottom"]
        draw.rectangle((x0 - pad, top - pad, x1 + pad, bottom + pad), fill=255)
    return clean


def image_tables(rules: list[dict], page_no: int) -> list:
    """The ruled tables of a scanned page, from the rules its image shows (in points)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    from .pdf_tables import may_hold_table, page_table

    if not may_hold_table(rules):
        return []
    try:
        edges = merge_edges(rules, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
        cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
        tables = [page_table(page_no, [tuple(c) for c in table]) for table in cells_to_tables(cells)]
    except Exception:        # rules that make no grid: the page's words stay lines
        return []
    return sorted((t for t in tables if len(t.cells) >= 2), key=lambda t: t.top)


def ocr_page_text(result: OcrPage, number: int, width: float, height: float) -> PageText:
    """Tesseract's words as positioned words of a page ``width`` × ``height`` points. The words of
    one Tesseract line share its top and bottom (a slightly skewed scan reads line by line)."""
    scale = width / result.width if result.width else 1.0
    lines: dict[tuple[int, int, int], list] = {}
    for word in result.words:
        lines.setdefault(word.line, []).append(word)
    words = []
    for line in lines.values():
        top = min(w.top for w in line) * scale
        bottom = max(w.bottom for w in line) * scale
        size = max(1.0, (bottom - top) / 1.15)
        ordered = [w for w in sorted(line, key=lambda w: w.left) if not _speck(w, line)]
        ordered = _joined(ordered)
        for w, text in zip(ordered, repaired([w.text for w in ordered])):
            words.append(Word(text, w.left * scale, w.right * scale, top, bottom, size, "", confidence=w.confidence))
    rules = [{**e, **{k: e[k] * scale for k in ("x0", "x1", "top", "bottom", "width", "height")}}
             for e in result.rules]
    return PageText(number, width, height, words, image_tables(rules, number), imaged=True, ocr=result.confidence)


def load_image(data: bytes, *, path: str | Path | None = None, ocr: OcrSettings | str | None = None) -> SourceDocument:
    """A scanned page as an image file (.png, .jpg, a multi-page .tif): every page read by OCR."""
    from .ocr import dpi_of, images_of_file, ocr_images, require_tesseract, settings

    options = settings(ocr)
    p = Path(path) if path is not None else None
    if options.mode == "never":
        raise ScannedDocumentError("an image has no text layer and OCR is off (--ocr never)", path=p)
    require_tesseract(p)
    frames = images_of_file(data, p)
    results = ocr_images(frames, options.jobs, options.progress)
    split_merged(results)
    pages = []
    for number, (frame, result) in enumerate(zip(frames, results), start=1):
        scale = 72.0 / dpi_of(frame)
        pages.append(ocr_page_text(result, number, result.width * scale, result.height * scale))
    if not any(page.words for page in pages):
        from ..errors import EmptyDocumentError

        raise EmptyDocumentError("no text found by OCR in the image (is it a document?)", path=p)
    doc = lay_out(pages, p, fmt="image")
    doc.ocr_pages = {page.number: page.ocr for page in pages if page.ocr is not None}
    doc.warnings = ocr_warnings(doc.ocr_pages, f"{len(pages)} page(s), mean word confidence {{mean}}/100") \
        + doc.warnings
    return doc
