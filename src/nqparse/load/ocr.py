"""OCR: pages without a text layer (scans) and images read by Tesseract with its Vietnamese model.

Tesseract (Debian ``tesseract-ocr`` and ``tesseract-ocr-vie``) is run as a program, one page at a
time, each in its own process with one thread (``OMP_THREAD_LIMIT=1``: on two cores that is three
times faster than letting it spread), pages in parallel with ``jobs``. A page is first turned
upright with Tesseract's orientation detection (``--psm 0``); its words come back with their boxes
and confidences (``tsv``) and become the same positioned words a text PDF gives
(:class:`.pdf.PageText`), so the header columns, the signature block and the reading order follow
the same layout path. Words of one Tesseract line share the line's top and bottom, which undoes a
slight skew of the scan.

A page whose mean word confidence is under ``LOW_CONFIDENCE`` is reported by the caller; the
confidence of every block is kept (``Block.confidence``) so that each extracted item can say how
sure its text is.
"""
from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..errors import BadInputError, OcrUnavailableError

OCR_DPI = 200                # rendering resolution of a PDF page for OCR
LANGUAGE = "vie"
LOW_CONFIDENCE = 60.0        # a page read with a mean word confidence under this is reported
PAGE_SECONDS = 120           # Tesseract's time limit for one page
MAX_OCR_PAGES = 300          # a longer scan is refused with a clear message (about 15 minutes of OCR)
MIN_WORD_CONFIDENCE = 30.0   # Tesseract's guesses under this are noise (specks, stamps, signatures)
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif"}

Progress = Callable[[int, int], None]   # (pages done, pages in all)


def tesseract_binary() -> str:
    """The Tesseract program: ``$NQPARSE_TESSERACT`` when set, else ``tesseract`` on the PATH."""
    return os.environ.get("NQPARSE_TESSERACT") or "tesseract"


def tesseract_problem() -> Optional[str]:
    """Why OCR cannot run here (None when Tesseract and its Vietnamese model are installed)."""
    return _tesseract_problem(tesseract_binary())


@lru_cache(maxsize=4)
def _tesseract_problem(program: str) -> Optional[str]:
    binary = shutil.which(program)
    if binary is None:
        return f"OCR needs Tesseract with its Vietnamese model: install the Debian packages {PACKAGES}"
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return f"Tesseract does not run; reinstall the Debian packages {PACKAGES}"
    if LANGUAGE not in (listed.stdout + listed.stderr).split():
        return f"Tesseract has no Vietnamese model: install the Debian package tesseract-ocr-vie"
    return None


def check_page_count(pages: int, path: Optional[Path]) -> None:
    """A scan too long to read in bounded time is refused before any OCR."""
    if pages > MAX_OCR_PAGES:
        raise BadInputError(f"{pages} pages to OCR; the limit is {MAX_OCR_PAGES} (split the scan)", path=path)
    from ..bounded import allow_more_time
    from ..limits import OCR_SECONDS_PER_PAGE

    allow_more_time(pages * OCR_SECONDS_PER_PAGE)   # a scan is slow, not hostile


def require_tesseract(path: Optional[Path]) -> None:
    problem = tesseract_problem()
    if problem:
        raise OcrUnavailableError(problem, path=path)


@dataclass
class OcrWord:
    text: str
    left: float      # pixels of the upright image
    top: float
    right: float
    bottom: float
    confidence: float
    line: tuple[int, int, int]   # Tesseract's (block, paragraph, line)


@dataclass
class OcrPage:
    width: int       # pixels of the upright image
    height: int
    words: list[OcrWord]
    rotated: int = 0  # degrees the page was turned to stand upright
    rules: list = field(default_factory=list)  # table rules the image shows, pixels (pdfplumber edges)

    @property
    def confidence(self) -> float:
        scores = [w.confidence for w in self.words if any(ch.isalnum() for ch in w.text)]
        return round(statistics.fmean(scores), 1) if scores else 0.0


def _run(args: list[str], image: bytes) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([tesseract_binary(), "-", "-", *args], input=image, capture_output=True,
                              timeout=PAGE_SECONDS, env=env)
    except subprocess.TimeoutExpired:
        raise BadInputError(f"OCR of one page took longer than {PAGE_SECONDS} s") from None
    return done.stdout.decode("utf-8", "replace")


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def upright(image):
    """The image turned the way Tesseract's orientation detection says it reads (0, 90, 180, 270)."""
    report = _run(["--psm", "0", "--dpi", str(OCR_DPI)], _png(image))
    rotate = next((line.split(":", 1)[1].strip() for line in report.splitlines() if line.startswith("Rotate:")), "0")
    confidence = next((line.split(":", 1)[1].strip() for line in report.splitlines()
                       if line.startswith("Orientation confidence:")), "0")
    try:
        degrees, sure = int(rotate) % 360, float(confidence)
    except ValueError:
        return image, 0
    if degrees == 0 or sure < 1.0:
        return image, 0
    # Tesseract's "Rotate: N" is the clockwise turn that makes the page upright
    return image.rotate(-degrees, expand=True, fillcolor=255), degrees


def skew(image) -> float:
    """The small angle (degrees) a scanned page is turned by: the one that makes its text lines
    sharpest (rows of a shrunk, inverted copy differing most from the rows next to them)."""
    from PIL import Image, ImageOps

    small = ImageOps.invert(image.resize((max(1, image.width // 4), max(1, image.height // 4)), Image.BOX))

    def sharpness(angle: float) -> float:
        turned = small.rotate(angle, resample=Image.BILINEAR, fillcolor=0)
        column = turned.resize((1, turned.height), Image.BOX).load()
        rows = [column[0, y] for y in range(turned.height)]
        return sum((a - b) ** 2 for a, b in zip(rows, rows[1:]))

    best = max((a / 4 for a in range(-12, 13)), key=sharpness)
    return max((best + a / 20 for a in range(-4, 5)), key=sharpness)


def straightened(image):
    """The page turned back by its skew when that is more than a quarter degree."""
    from PIL import Image

    angle = skew(image)
    if abs(angle) < 0.25:
        return image
    return image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)


def ocr_image(image) -> OcrPage:
    """One page image → its words with boxes and confidences. The page is turned upright and
    straightened first; its table rules are found (``OcrPage.rules``) and painted over before
    Tesseract reads it."""
    from .scan import drawn_rules_of_image, without_rules

    image = image.convert("L")
    image, rotated = upright(image)
    image = straightened(image)
    rules = drawn_rules_of_image(image, OCR_DPI)    # in pixels of this image
    if rules:
        image = without_rules(image, rules)
    tsv = _run(["-l", LANGUAGE, "--psm", "3", "--dpi", str(OCR_DPI), "tsv"], _png(image))
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            confidence = float(cells[10])
            left, top, width, height = (float(c) for c in cells[6:10])
        except ValueError:
            continue
        unsure = confidence < MIN_WORD_CONFIDENCE and any(ch.isalpha() for ch in text) \
            and not any(ch.isdigit() for ch in text)
        if not text or unsure:
            continue  # (a list dash is small and unsure but there; a number is kept, even unsure)
        words.append(OcrWord(text, left, top, left + width, top + height, confidence,
                             (int(cells[2]), int(cells[3]), int(cells[4]))))
    return OcrPage(image.width, image.height, words, rotated, rules)


def ocr_images(images: list, jobs: int = 1, progress: Optional[Progress] = None) -> list[OcrPage]:
    """OCR several page images, ``jobs`` at a time, in page order."""
    from .. import rules

    done = 0
    results: list[Optional[OcrPage]] = [None] * len(images)
    active = rules.active()   # the pool's threads read the caller's rules, not the process default

    def one(index: int) -> int:
        with rules.using(active):
            results[index] = ocr_image(images[index])
        return index

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for _ in pool.map(one, range(len(images))):
            done += 1
            if progress:
                progress(done, len(images))
    return [r for r in results if r is not None]


def page_images_of_pdf(data: bytes, numbers: Iterable[int], password: Optional[str] = None) -> list:
    """Pages of a PDF (1-based numbers) rendered in grey at ``OCR_DPI``."""
    import pypdfium2

    from .pdf_chars import PDFIUM_LOCK

    with PDFIUM_LOCK:   # PDFium is not safe from two threads at once (the web app parses in threads)
        document = pypdfium2.PdfDocument(data, password=password or None)
        try:
            return [document[n - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil() for n in numbers]
        finally:
            document.close()


def images_of_file(data: bytes, path: Optional[Path]) -> list:
    """The pages of an image file (every frame of a multi-page TIFF), or a clear refusal."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise BadInputError(f"not a readable image ({type(exc).__name__})", path=path) from None
    check_page_count(len(frames), path)
    return frames


def dpi_of(image) -> float:
    """The scan's resolution as the file states it, else ``OCR_DPI``."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 1200 else float(OCR_DPI)


# --- how a document asks for OCR ------------------------------------------------------------------

MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class OcrSettings:
    """``auto``: OCR the pages that have no text layer (and a text layer that lost its diacritics);
    ``always``: OCR every page, ignoring any text layer; ``never``: refuse scans as before."""

    mode: str = "auto"
    jobs: int = 1
    progress: Optional[Progress] = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise BadInputError(f"--ocr must be one of {', '.join(MODES)} (got {self.mode!r})")


def settings(value: "OcrSettings | str | None") -> OcrSettings:
    if isinstance(value, OcrSettings):
        return value
    return OcrSettings(mode=value or "auto")
