"""Compare the PDF loader's time with bare pdfplumber ``page.extract_text()`` on the same file.

    python tools/bench_pdf_loader.py ../shared/corpus/pdf/B01_*.pdf [--repeat 3]

CPU time (process_time) is reported, best of N runs each, so other work on the machine
does not skew the ratio.
"""
from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import pdfplumber

from nqparse.load.pdf import load_pdf


def extract_text_only(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def best_of(repeat: int, fn, data: bytes) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(data)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for path in args.pdfs:
        data = path.read_bytes()
        bare = best_of(args.repeat, extract_text_only, data)
        ours = best_of(args.repeat, lambda d: load_pdf(d, path=path), data)
        print(f"{path.name}: extract_text {bare:.2f}s, load_pdf {ours:.2f}s, ratio {ours / bare:.2f}")


if __name__ == "__main__":
    main()
