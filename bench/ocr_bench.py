"""OCR seconds per page on this machine: the image-only PDF B09 (7 pages, 200 dpi), with one page
at a time and with two (``-j 2``); the text-layer parse of the same document's text version
(text/36) in the same run is the baseline.

    python bench/ocr_bench.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SCAN = CORPUS / "pdf" / "B09_nq12-2025-hdnd-hanoi_VanBanGoc_scan.pdf"
TEXT = CORPUS / "text" / "36_nq12-2025-hdnd-hanoi.txt"

import nqparse  # noqa: E402
from nqparse.load.ocr import OcrSettings, tesseract_problem  # noqa: E402


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> int:
    if tesseract_problem() or not SCAN.is_file():
        print(tesseract_problem() or f"{SCAN} not found")
        return 1
    pages = 7
    nqparse.parse(TEXT)  # warm-up: imports and rules
    text = timed(lambda: nqparse.parse(TEXT))
    for jobs in (1, 2):
        seconds = timed(lambda: nqparse.parse(SCAN, ocr=OcrSettings(jobs=jobs)))
        print(f"B09 ({pages} pages) -j {jobs}: {seconds:.1f} s, {seconds / pages:.2f} s a page, "
              f"{seconds / text:.0f}x the text version ({text:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
