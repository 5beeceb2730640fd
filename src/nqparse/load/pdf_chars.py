"""A PDF page's characters from PDFium, as pdfplumber reports them, at a fraction of the cost.

pdfminer (under pdfplumber) interprets every content stream in Python: 1–10 s for an ordinary
document. PDFium reads the same text layer in C. This module turns PDFium's characters into the
records pdfplumber would give (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``,
``fontname``, ``upright``), so that the words built from them, and all that is laid out from the
words, stay what they were:

* the box is pdfminer's, not PDFium's: from the origin, the advance width (the font's /Widths)
  and the font's /Descent, one font size tall, on pdfplumber's top-left axes of the page;
* the font's name and /Descent are read from the font dictionary by pdfminer's rules (the
  FontDescriptor's /FontName, the metrics of the standard 14 fonts), because PDFium cuts a subset
  tag and makes up a descent where the dictionary says 0;
* characters come object by object in the order the content draws them, with the blanks PDFium
  leaves out (a text object that draws only spaces); PDFium's own spaces and line ends are not
  characters; a hyphen PDFium marks as ending a line gets its character back.

What PDFium does differently on purpose is kept: a text drawn twice over itself (bold by
overprinting, in some OCR layers) is read once ("so hoc", not "ssoo hoc").

pdfminer still gives what is cheap to get from it: the page tree, the page boxes and the font
dictionaries; :mod:`.pdf` also asks it for the appearances of a page's stamps and for the ruled
tables of a page that draws rules. :meth:`PdfiumPage.rule_counts` tells from PDFium's path objects
whether a page may draw a table at all, so that a page of running text never goes through
pdfminer's interpreter.
"""
from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

HYPHEN_MARKS = (0x02, 0xFFFE)  # PDFium's codes for a hyphen that ends a line
LINE_BREAKS = (0x0D, 0x0A)     # PDFium's own line ends
LIGHT = 242                    # 0–255: above this on every channel is paper (pdf_tables.light: 0.95)
STRAIGHT = 1.01                # pt: a rule is at most this thick (pdf_tables.straight: 1, with slack)
SHORTEST = 2.99                # pt: and at least this long (pdf_tables.MIN_RULE: 3, with slack)
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

TEXT, PATH, IMAGE, FORM = 1, 2, 3, 5        # FPDF_PAGEOBJ_*
PDFIUM_LOCK = threading.RLock()             # PDFium must not be called from two threads at once
MOVETO = 2                                  # FPDF_SEGMENT_MOVETO


# --- PDFium's calls ---------------------------------------------------------------------------

class Calls:
    """The PDFium functions this module uses, declared on plain addresses (ints). The generic
    bindings make a pointer object for every handle they return, which costs more than the call
    itself over 100 000 characters."""

    def __init__(self):
        lib = self.library()
        vp, ci, cu, cf = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_float
        pf, pd, pi, pu = (ctypes.POINTER(t) for t in (ctypes.c_float, ctypes.c_double, ctypes.c_int, ctypes.c_uint))

        def fn(name: str, restype, *argtypes):
            f = lib[name]               # a new function object: the bindings' own stays as it is
            f.restype, f.argtypes = restype, argtypes
            return f

        self.count_chars = fn("FPDFText_CountChars", ci, vp)
        self.get_text = fn("FPDFText_GetText", ci, vp, ci, ci, vp)
        self.unicode = fn("FPDFText_GetUnicode", cu, vp, ci)
        self.is_generated = fn("FPDFText_IsGenerated", ci, vp, ci)
        self.text_object = fn("FPDFText_GetTextObject", vp, vp, ci)
        self.char_origin = fn("FPDFText_GetCharOrigin", ci, vp, ci, pd, pd)
        self.char_box = fn("FPDFText_GetCharBox", ci, vp, ci, pd, pd, pd, pd)
        self.loose_box = fn("FPDFText_GetLooseCharBox", ci, vp, ci, vp)
        self.char_matrix = fn("FPDFText_GetMatrix", ci, vp, ci, vp)
        self.font_size = fn("FPDFTextObj_GetFontSize", ci, vp, pf)
        self.font = fn("FPDFTextObj_GetFont", vp, vp)
        self.font_name = fn("FPDFFont_GetBaseFontName", ctypes.c_ulong, vp, vp, ctypes.c_ulong)
        self.descent = fn("FPDFFont_GetDescent", ci, vp, cf, pf)
        self.glyph_width = fn("FPDFFont_GetGlyphWidth", ci, vp, cu, cf, pf)
        self.count_objects = fn("FPDFPage_CountObjects", ci, vp)
        self.page_object = fn("FPDFPage_GetObject", vp, vp, ci)
        self.form_count = fn("FPDFFormObj_CountObjects", ci, vp)
        self.form_object = fn("FPDFFormObj_GetObject", vp, vp, cu)
        self.object_type = fn("FPDFPageObj_GetType", ci, vp)
        self.matrix = fn("FPDFPageObj_GetMatrix", ci, vp, vp)
        self.bounds = fn("FPDFPageObj_GetBounds", ci, vp, pf, pf, pf, pf)
        self.draw_mode = fn("FPDFPath_GetDrawMode", ci, vp, pi, pi)
        self.stroke_color = fn("FPDFPageObj_GetStrokeColor", ci, vp, pu, pu, pu, pu)
        self.fill_color = fn("FPDFPageObj_GetFillColor", ci, vp, pu, pu, pu, pu)
        self.count_segments = fn("FPDFPath_CountSegments", ci, vp)
        self.segment = fn("FPDFPath_GetPathSegment", vp, vp, ci)
        self.segment_point = fn("FPDFPathSegment_GetPoint", ci, vp, pf, pf)
        self.segment_type = fn("FPDFPathSegment_GetType", ci, vp)
        self.segment_close = fn("FPDFPathSegment_GetClose", ci, vp)
        self.annot_count = fn("FPDFPage_GetAnnotCount", ci, vp)

    @staticmethod
    def library():
        try:
            from pypdfium2_raw import bindings

            return bindings._libs["pdfium"]       # the library pypdfium2 has loaded and set up
        except Exception:
            import pypdfium2_raw

            folder = Path(pypdfium2_raw.__file__).parent
            found = sorted(p for p in folder.iterdir() if "pdfium" in p.name and p.suffix in (".so", ".dll", ".dylib"))
            return ctypes.CDLL(str(found[0]))


_CALLS: Optional[Calls] = None


def calls() -> Calls:
    global _CALLS
    if _CALLS is None:
        _CALLS = Calls()
    return _CALLS


def address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


class Matrix(ctypes.Structure):
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class Rect(ctypes.Structure):
    _fields_ = [(name, ctypes.c_float) for name in ("left", "top", "right", "bottom")]


def glyph_width(F: Calls, font: int, code: int) -> float:
    """The advance of a character of the font, per unit of font size (0 if the font has none)."""
    w = ctypes.c_float()
    return w.value / 1000.0 if F.glyph_width(font, code, 1000.0, ctypes.byref(w)) else 0.0


def legacy_font(name: str) -> Optional[str]:
    from . import legacy

    return legacy.font_encoding(name)


def _mult(m1: tuple, m0: tuple) -> tuple:
    """pdfminer.utils.mult_matrix: m1 then m0."""
    (a1, b1, c1, d1, e1, f1), (a0, b0, c0, d0, e0, f0) = m1, m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


_SNAPPED: dict[float, float] = {}


def _snap(value: float) -> float:
    """PDFium keeps sizes and matrices in single precision: 13.5600004 is the file's 13.56."""
    snapped = _SNAPPED.get(value)
    if snapped is None:
        snapped = float(f"{value:.7g}")
        if len(_SNAPPED) < 100_000:
            _SNAPPED[value] = snapped
    return snapped


def page_ctm(page_obj) -> tuple:
    """pdfminer's starting matrix for a page (rotation, MediaBox origin)."""
    x0, y0, x1, y1 = page_obj.mediabox
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(page_obj.rotate % 360, (1, 0, 0, 1, -x0, -y0))


# --- fonts, as pdfminer sees them --------------------------------------------------------------

@dataclass
class FontFacts:
    """What pdfminer makes of a font dictionary: the name it reports and the descent (per unit
    of font size) it draws the character box from."""

    fontname: str
    descent: float


@dataclass
class Candidate:
    """A font dictionary of a page: the name PDFium will give it and pdfminer's facts."""

    name: str
    facts: FontFacts


def font_facts(spec: dict, objid, rsrcmgr) -> Optional[FontFacts]:
    """pdfminer's font name and descent for a font dictionary (PDFResourceManager.get_font and
    PDFFont.__init__), read without building the font (its ToUnicode map is not needed)."""
    from pdfminer.pdffont import FontMetricsDB
    from pdfminer.psparser import PSLiteral, literal_name
    from pdfminer.pdftypes import dict_value, list_value, num_value, resolve1

    try:
        subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
        if subtype == "Type0":
            spec = dict_value(list_value(spec["DescendantFonts"])[0])
            subtype = literal_name(spec["Subtype"]) if "Subtype" in spec else "Type1"
            if subtype not in ("CIDFontType0", "CIDFontType2"):
                raise ValueError("odd descendant")
        if subtype == "Type3":
            raise ValueError("Type3: the font itself says")
        if subtype in ("CIDFontType0", "CIDFontType2"):
            descriptor = dict_value(spec.get("FontDescriptor", {}))
        else:
            try:
                basefont = literal_name(spec["BaseFont"])
            except KeyError:
                basefont = "unknown"
            try:
                descriptor = FontMetricsDB.get_metrics(basefont)[0]
            except KeyError:
                descriptor = dict_value(spec.get("FontDescriptor", {}))
        name = resolve1(descriptor.get("FontName", "unknown"))
        if isinstance(name, PSLiteral):
            name = literal_name(name)
        descent = num_value(descriptor.get("Descent", 0))
        return FontFacts(fix_name(name), -abs(descent) * 0.001)   # pdfminer forces it negative
    except Exception:
        pass
    try:                                    # anything unusual: pdfminer's own font object
        font = rsrcmgr.get_font(objid, spec)
        return FontFacts(fix_name(font.fontname), float(font.get_descent()))
    except Exception:
        return None


def fix_name(name) -> str:
    if isinstance(name, bytes):
        from pdfplumber.utils.text import fix_fontname_bytes  # pragma: no cover - rare

        return fix_fontname_bytes(name)
    return str(name)


def pdfium_name(spec: dict) -> str:
    """The name PDFium gives a font: /BaseFont, without its subset tag for a simple font with an
    embedded program ("BAAAAA+LiberationSerif" → "LiberationSerif")."""
    from pdfminer.pdftypes import resolve1

    base = resolve1(spec.get("BaseFont"))
    base = getattr(base, "name", base)
    if isinstance(base, bytes):
        base = base.decode("latin-1")
    base = str(base or "")
    try:
        subtype = getattr(resolve1(spec.get("Subtype")), "name", None)
        descriptor = resolve1(spec.get("FontDescriptor"))
        embedded = isinstance(descriptor, dict) and any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
    except Exception:
        return base
    if subtype != "Type0" and embedded and len(base) > 7 and base[6] == "+":
        return base[7:]
    return base


# --- the document ----------------------------------------------------------------------------

class PdfiumPages:
    """A PDF opened in PDFium beside the pdfplumber document that gives its page tree and fonts."""

    def __init__(self, data: bytes, plumber_pdf, password: Optional[str]):
        import pypdfium2 as pdfium

        self.calls = calls()
        self.data = data                       # PDFium reads from this buffer: keep it alive
        self.doc = pdfium.PdfDocument(data, password=password or None)
        self.plumber = plumber_pdf
        self.facts: dict[int, Optional[FontFacts]] = {}
        self.known: list[Candidate] = []       # every font dictionary seen so far

    def __len__(self) -> int:
        return len(self.doc)

    def close(self) -> None:
        self.doc.close()

    def page(self, index: int, plumber_page) -> "PdfiumPage":
        return PdfiumPage(self, index, plumber_page)

    def page_fonts(self, page_obj) -> list[Candidate]:
        """The font dictionaries a page can draw with: its resources' and its forms' (nested)."""
        from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

        out: list[Candidate] = []
        forms: set[int] = set()

        def walk(resources, depth: int) -> None:
            resources = resolve1(resources)
            if not isinstance(resources, dict) or depth > 8:
                return
            fonts = resolve1(resources.get("Font"))
            if isinstance(fonts, dict):
                for ref in fonts.values():
                    objid = ref.objid if isinstance(ref, PDFObjRef) else None
                    spec = resolve1(ref)
                    if not isinstance(spec, dict):
                        continue
                    key = objid if objid is not None else id(spec)
                    if key not in self.facts:
                        self.facts[key] = font_facts(spec, objid, self.plumber.rsrcmgr)
                    if self.facts[key] is not None:
                        out.append(Candidate(pdfium_name(spec), self.facts[key]))
            xobjects = resolve1(resources.get("XObject"))
            if isinstance(xobjects, dict):
                for ref in xobjects.values():
                    form = resolve1(ref)
                    if isinstance(form, PDFStream) and getattr(form.get("Subtype"), "name", None) == "Form" \
                            and id(form) not in forms:
                        forms.add(id(form))
                        walk(form.get("Resources"), depth + 1)

        try:
            walk(page_obj.resources, 0)
        except Exception:
            pass
        self.known.extend(out)
        return out

    @staticmethod
    def match(name: str, descent: float, candidates: list[Candidate]) -> Optional[FontFacts]:
        """The dictionary PDFium's font came from: the one of that name; among several, one whose
        /Descent PDFium kept."""
        same = [c for c in candidates if c.name == name]
        if not same:
            return None
        if len({(c.facts.fontname, c.facts.descent) for c in same}) > 1:
            close = [c for c in same if abs(c.facts.descent * 1000 - descent) < 0.51]
            if close:
                same = close
        return same[0].facts


# --- one page ---------------------------------------------------------------------------------

class PdfiumPage:
    def __init__(self, owner: PdfiumPages, index: int, plumber_page):
        self.owner = owner
        self.F = owner.calls
        self.plumber_page = plumber_page
        self.page = owner.doc[index]
        self.raw = address(self.page.raw)
        self.ctm = page_ctm(plumber_page.page_obj)
        self.height = float(plumber_page.height)
        self.mb_x0, self.mb_top = plumber_page.mediabox[:2]
        self.fonts: dict[int, tuple[str, float]] = {}
        self.candidates: Optional[list[Candidate]] = None
        self._objects: Optional[list[tuple]] = None

    def close(self) -> None:
        self.page.close()

    def objects(self) -> list[tuple]:
        """(object, type, matrix of its form) of every page object in content order, a form's
        objects where the form is drawn: the order pdfminer meets their characters in."""
        if self._objects is None:
            F = self.F
            out: list[tuple] = []
            m = Matrix()

            def walk(form: int, base: tuple, depth: int) -> None:
                count = F.count_objects(self.raw) if not form else F.form_count(form)
                for k in range(count):
                    obj = F.page_object(self.raw, k) if not form else F.form_object(form, k)
                    if not obj:
                        continue
                    kind = F.object_type(obj)
                    if kind == FORM:
                        if depth < 16 and F.matrix(obj, ctypes.byref(m)):
                            walk(obj, _mult((m.a, m.b, m.c, m.d, m.e, m.f), base), depth + 1)
                    else:
                        out.append((obj, kind, base))

            walk(0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
            self._objects = out
        return self._objects

    def font(self, font: int) -> tuple[str, float]:
        """(pdfminer's font name, descent) for a PDFium font of this page."""
        facts = self.fonts.get(font)
        if facts is None:
            F = self.F
            if self.candidates is None:
                self.candidates = self.owner.page_fonts(self.plumber_page.page_obj)
            buffer = ctypes.create_string_buffer(512)
            F.font_name(font, buffer, 512)
            name = buffer.value.decode("utf-8", errors="replace")
            d = ctypes.c_float()
            F.descent(font, 1000.0, d)
            found = PdfiumPages.match(name, d.value, self.candidates) or \
                PdfiumPages.match(name, d.value, self.owner.known)
            facts = self.fonts[font] = (found.fontname, found.descent) if found else (name, d.value / 1000.0)
        return facts

    # --- characters ---------------------------------------------------------------------

    def chars(self) -> list[dict]:
        """The page's characters as pdfplumber's ``page.chars`` (the keys the words need), in the
        order of the content stream."""
        F = self.F
        textpage = self.page.get_textpage()
        tp = address(textpage.raw)
        try:
            count = F.count_chars(tp)
            if count <= 0:
                return []
            buffer = ctypes.create_string_buffer((count + 1) * 2)
            got = F.get_text(tp, 0, count, ctypes.addressof(buffer))
            units = buffer.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
            codes = [ord(ch) for ch in units] if len(units) == count else [F.unicode(tp, i) for i in range(count)]

            objects: dict[int, tuple] = {}
            widths: dict[tuple[int, int], float] = {}
            by_object: dict[int, list[dict]] = {}
            ox, oy = ctypes.c_double(), ctypes.c_double()
            pox, poy = ctypes.byref(ox), ctypes.byref(oy)
            matrix, size = Matrix(), ctypes.c_float()
            get_object, get_origin, is_generated = F.text_object, F.char_origin, F.is_generated
            height, mb_top, ctm, fonts = self.height, self.mb_top, self.ctm, self.fonts
            plain = ctm[:4] == (1, 0, 0, 1) and self.mb_x0 == 0
            dx, dy = ctm[4], ctm[5]
            for i, code in enumerate(codes):
                if code in LINE_BREAKS:
                    continue
                if (code == 0x20 or code in HYPHEN_MARKS) and is_generated(tp, i):
                    continue          # PDFium's own spaces: pdfminer has no character there
                key = get_object(tp, i)
                if not key:
                    continue
                info = objects.get(key)
                if info is None:
                    F.char_matrix(tp, i, ctypes.addressof(matrix))
                    F.font_size(key, ctypes.byref(size))
                    font = F.font(key) or 0
                    fontname, descent = fonts.get(font) or self.font(font)
                    m = (_snap(matrix.a), _snap(matrix.b), _snap(matrix.c), _snap(matrix.d))
                    fs = _snap(size.value)
                    into: list[dict] = []
                    by_object[key] = into
                    info = objects[key] = (m, fs, fontname, descent, font, plain and m[1] == 0 and m[2] == 0,
                                           m[3] * (descent * fs), m[3] * (descent * fs + fs), into,
                                           legacy_font(fontname) == "tcvn3")
                m, fs, fontname, descent, font, simple, low, high, into, tcvn3 = info
                if code in HYPHEN_MARKS or code == 0x2D and tcvn3:
                    code, advance = self.dash(tp, i, font, m, fs, tcvn3, code != 0x2D)
                    if advance is not None:        # the soft hyphen's own width, which PDFium's
                        widths[(font, code)] = advance     # WinAnsi reverse lookup does not give
                width = widths.get((font, code))
                if width is None:
                    w = ctypes.c_float()
                    F.glyph_width(font, code, 1000.0, ctypes.byref(w))
                    width = widths[(font, code)] = w.value / 1000.0
                get_origin(tp, i, pox, poy)
                if simple:            # upright text on an unrotated page: pdfminer's box, directly
                    x0, y = ox.value + dx, oy.value + dy
                    x1 = x0 + m[0] * (width * fs)
                    y0, y1 = y + low, y + high
                    if y1 < y0:
                        y0, y1 = y1, y0
                    if x1 < x0:
                        x0, x1 = x1, x0
                    top = height - y1 + mb_top
                    into.append({"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": height - y0 + mb_top,
                                 "size": y1 - y0, "fontname": fontname, "upright": m[0] * m[3] > 0})
                else:
                    into.append(self.char(chr(code), m, ox.value, oy.value, fs, descent, width * fs, fontname))
        finally:
            textpage.close()
        return self.in_content_order(by_object)

    def char(self, text: str, m: tuple, ox: float, oy: float, fs: float, descent: float, adv: float,
             fontname: str) -> dict:
        """pdfplumber's record of a character in general: pdfminer's LTChar box (the four corners
        of the glyph's advance × one font size, through the character's matrix and the page's)."""
        a, b, c, d, e, f = _mult((m[0], m[1], m[2], m[3], ox, oy), self.ctm)
        low = descent * fs
        xs = (e + c * low, e + a * adv + c * low, e + a * adv + c * (low + fs), e + c * (low + fs))
        ys = (f + d * low, f + b * adv + d * low, f + b * adv + d * (low + fs), f + d * (low + fs))
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if self.mb_x0 != 0:
            x0, x1 = x0 + self.mb_x0, x1 + self.mb_x0
        top = self.height - y1 + self.mb_top
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": self.height - y0 + self.mb_top,
                "doctop": top, "size": y1 - y0, "fontname": fontname, "upright": a * d > 0 and b * c <= 0}

    def in_content_order(self, by_object: dict[int, list[dict]]) -> list[dict]:
        """The characters object by object as the content draws them. PDFium sorts a line's text
        objects by position and leaves out those that draw only blanks (a space set in a font of
        its own); pdfminer keeps both the order and the blank, whose change of font parts two
        words ("Đối" | " " | "với" in a tightly set line), so a blank is put back where it was."""
        F = self.F
        out: list[dict] = []
        m = Matrix()
        fs = ctypes.c_float()
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        for obj, kind, base in self.objects():
            if kind != TEXT:
                continue
            chars = by_object.pop(obj, None)
            if chars:
                out.extend(chars)
                continue
            if not (F.bounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
                    and abs(right.value - left.value) < 1e-3):
                continue          # a copy drawn again over itself (bold by overprinting): PDFium keeps one
            if not (F.matrix(obj, ctypes.byref(m)) and F.font_size(obj, ctypes.byref(fs))):
                continue
            fontname, descent = self.font(F.font(obj) or 0)
            a, b, c, d, e, f = _mult((m.a, m.b, m.c, m.d, m.e, m.f), base)
            out.append(self.char(" ", (_snap(a), _snap(b), _snap(c), _snap(d)), e, f, _snap(fs.value), descent,
                                 0.0, fontname))
        for rest in by_object.values():
            out.extend(rest)
        return out

    def dash(self, tp: int, i: int, font: int, m: tuple, fs: float, tcvn3: bool, marked: bool
             ) -> tuple[int, Optional[float]]:
        """The code behind a dash PDFium reports: a hyphen (0x2D) or a soft hyphen (0xAD), which
        TCVN3 fonts draw as "ư" and PDFium's WinAnsi reads as "-". ``marked``: PDFium's mark of a
        hyphen ending a line (0x02), for either. Told apart by the advance the character takes
        (its loose box runs to it) against the widths of the two codes; failing that, a line-end
        mark is a hyphen when its ink is a short dash above the baseline. With the code, its
        advance per unit of font size when measured."""
        F = self.F
        ox, oy = ctypes.c_double(), ctypes.c_double()
        F.char_origin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
        box = Rect()
        scale = m[0] * fs
        if scale and F.loose_box(tp, i, ctypes.addressof(box)):
            advance = (box.right - ox.value) / scale
            hyphen, soft = glyph_width(F, font, 0x2D), glyph_width(F, font, 0xAD)
            if soft > 0 and abs(soft - hyphen) > 0.002:
                return (0xAD, soft) if abs(advance - soft) < abs(advance - hyphen) else (0x2D, None)
            if tcvn3 and hyphen > 0:
                return (0xAD, round(advance, 3)) if abs(advance - hyphen) > 0.002 else (0x2D, None)
        if not marked:
            return 0x2D, None
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        em = m[3] * fs
        if em and F.char_box(tp, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)):
            low, high = (bottom.value - oy.value) / abs(em), (top.value - oy.value) / abs(em)
            return (0x2D if low > 0.1 and high - low < 0.25 else 0xAD), None
        return 0x2D, None

    # --- what else the page draws -------------------------------------------------------

    def has_images(self) -> bool:
        return any(kind == IMAGE for _, kind, _ in self.objects())

    def annotated(self) -> bool:
        return self.F.annot_count(self.raw) > 0

    def rule_counts(self) -> tuple[int, int]:
        """(horizontal, vertical) straight strokes a reader may see among the page's paths: at
        least what pdf_tables.drawn_rules counts, so that where this finds fewer than two of each
        there is no table to look for."""
        F = self.F
        horizontal = vertical = 0
        m = Matrix()
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        rgba = [ctypes.c_uint() for _ in range(4)]
        colour = [ctypes.byref(v) for v in rgba]
        x, y = ctypes.c_float(), ctypes.c_float()
        for obj, kind, base in self.objects():
            if kind != PATH:
                continue
            if not F.draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
                fill.value, stroke.value = 1, 1
            segments = F.count_segments(obj)
            if segments < 2:
                continue
            # pdfminer's "line" (one segment) counts by its stroke colour even when only filled
            stroked = bool(stroke.value) or segments == 2
            visible = False
            for getter, used in ((F.stroke_color, stroked), (F.fill_color, bool(fill.value))):
                if used and (not getter(obj, *colour) or min(v.value for v in rgba[:3]) <= LIGHT):
                    visible = True
            if not visible or not F.matrix(obj, ctypes.byref(m)):
                continue
            a, b, c, d, e, f = _mult((m.a, m.b, m.c, m.d, m.e, m.f), base)
            last = start = None
            for s in range(segments):
                seg = F.segment(obj, s)
                if not seg or not F.segment_point(seg, ctypes.byref(x), ctypes.byref(y)):
                    continue
                point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                if F.segment_type(seg) == MOVETO:
                    start = point
                elif last is not None:
                    h, v = straight(last, point)
                    horizontal, vertical = horizontal + h, vertical + v
                last = point
                if F.segment_close(seg) and start is not None:
                    h, v = straight(point, start)
                    horizontal, vertical = horizontal + h, vertical + v
            if horizontal >= 2 and vertical >= 2:
                break
        return horizontal, vertical


def straight(p: tuple[float, float], q: tuple[float, float]) -> tuple[int, int]:
    """(1, 0) for a horizontal rule, (0, 1) for a vertical one, else (0, 0)."""
    dx, dy = abs(p[0] - q[0]), abs(p[1] - q[1])
    if dy <= STRAIGHT and dx >= SHORTEST:
        return 1, 0
    if dx <= STRAIGHT and dy >= SHORTEST:
        return 0, 1
    return 0, 0


# --- words ------------------------------------------------------------------------------------

def group_words(chars: list[dict], x_tolerance: float = 1.5, y_tolerance: float = 2.5) -> list[tuple]:
    """pdfplumber's ``extract_words(chars, x_tolerance, y_tolerance, use_text_flow=False,
    extra_attrs=["fontname", "size"])``: the same words in the same order, as (text, x0, x1, top,
    bottom, fontname, size), without its per-word dictionaries. Runs of characters that agree in
    font and size are cut into lines (tops within ``y_tolerance``, chained), each line read left
    to right; a blank, a step back, a gap wider than ``x_tolerance`` or a jump of the top starts a
    new word. Pages with rotated characters go to pdfplumber itself."""
    if any(not c["upright"] for c in chars):
        from pdfplumber.utils import extract_words

        for c in chars:
            c.setdefault("doctop", c["top"])

        return [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w.get("fontname"), w.get("size"))
                for w in extract_words(chars, x_tolerance=x_tolerance, y_tolerance=y_tolerance,
                                       keep_blank_chars=False, use_text_flow=False,
                                       extra_attrs=["fontname", "size"])]
    out: list[tuple] = []
    n = len(chars)
    i = 0
    while i < n:
        font, size = chars[i]["fontname"], chars[i]["size"]
        j = i + 1
        while j < n and chars[j]["size"] == size and chars[j]["fontname"] == font:
            j += 1
        run = chars[i:j]
        i = j
        # lines: the run's distinct tops chained within the tolerance (pdfplumber.cluster_objects)
        index: dict[float, int] = {}
        last = None
        k = -1
        for value in sorted({c["top"] for c in run}):
            if last is None or value > last + y_tolerance:
                k += 1
            index[value] = k
            last = value
        lines: list[list[dict]] = [[] for _ in range(k + 1)]
        for c in run:
            lines[index[c["top"]]].append(c)
        for line in lines:
            line.sort(key=_x0)
            texts: list[str] = []
            for c in line:
                text = c["text"]
                if text.isspace():
                    if texts:
                        out.append(("".join(texts), x0, x1, top, bottom, font, size))
                        texts = []
                    continue
                cx0, ctop = c["x0"], c["top"]
                if texts and (cx0 < px0 or cx0 > px1 + x_tolerance or abs(ctop - ptop) > y_tolerance):
                    out.append(("".join(texts), x0, x1, top, bottom, font, size))
                    texts = []
                px0, px1, ptop = cx0, c["x1"], ctop
                if texts:
                    if px1 > x1:
                        x1 = px1
                    if ctop < top:
                        top = ctop
                    if c["bottom"] > bottom:
                        bottom = c["bottom"]
                else:
                    x0, x1, top, bottom = cx0, px1, ctop, c["bottom"]
                texts.append(LIGATURES.get(text, text))
            if texts:
                out.append(("".join(texts), x0, x1, top, bottom, font, size))
    return out


def _x0(c: dict) -> float:
    return c["x0"]
