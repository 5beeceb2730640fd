"""PDF speed: full `nqparse.parse` of the text-layer PDFs against pdfplumber's bare `extract_text`.

    python bench/pdf_bench.py               # 5 rounds; writes its section of bench/RESULTS.md
    python bench/pdf_bench.py --rounds 3 --no-write

The documents are ../shared/corpus/pdf B01–B08 and B10 (B09 is an image-only scan). Both sides
read the same file in the same process, round after round, one right after the other, so a
busy machine slows both alike; each figure is the median of the rounds after a warm-up. The
ratio of totals is nqparse's time ÷ pdfplumber's: the target is ≤ 0.3 (issue 12: the text layer
comes from PDFium; pdfplumber only finds ruled tables and reads stamps where a page has them).
B06's text layer is a poor OCR layer: it is parsed as a text layer (OCR off), as the others.
"""
from __future__ import annotations

import argparse
import inspect
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## PDF text layer: parse vs pdfplumber `extract_text` (bench/pdf_bench.py)"
TARGET = 0.3
DOCUMENTS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B10")

sys.path.insert(0, str(ROOT / "src"))

import nqparse  # noqa: E402


def extract_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def parser():
    """nqparse.parse on the text layer (OCR off where the API has the switch)."""
    if "ocr" in inspect.signature(nqparse.parse).parameters:
        return lambda path: nqparse.parse(path, ocr="never")
    return nqparse.parse


def clock(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def measure(rounds: int) -> list[tuple[str, int, float, float]]:
    """(file, pages, parse s, extract_text s) per document: medians over the rounds."""
    import pypdfium2

    parse = parser()
    paths = [p for prefix in DOCUMENTS for p in sorted(CORPUS.glob(f"{prefix}_*.pdf"))]
    for path in paths:                    # warm-up: imports, caches, the files in the page cache
        parse(path)
        extract_text(path)
    times: dict[Path, tuple[list[float], list[float]]] = {p: ([], []) for p in paths}
    for _ in range(rounds):
        for path in paths:
            times[path][0].append(clock(parse, path))
            times[path][1].append(clock(extract_text, path))
    rows = []
    for path in paths:
        with pypdfium2.PdfDocument(path) as pdf:
            pages = len(pdf)
        rows.append((path.name, pages, statistics.median(times[path][0]), statistics.median(times[path][1])))
    return rows


def report(rows: list[tuple[str, int, float, float]], rounds: int) -> str:
    total_parse = sum(r[2] for r in rows)
    total_plumber = sum(r[3] for r in rows)
    ratio = total_parse / total_plumber
    lines = [SECTION, "",
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · Python {platform.python_version()} · "
             f"{platform.machine()}. Medians of {rounds} rounds after a warm-up; each round parses a file and "
             f"then runs pdfplumber on it. Target ≤ {TARGET} (ratio of totals).", "",
             "| document | pages | parse ms | extract_text ms | ratio |", "|---|---|---|---|---|"]
    for name, pages, t_parse, t_plumber in rows:
        lines.append(f"| {name} | {pages} | {t_parse * 1000:.0f} | {t_plumber * 1000:.0f} | "
                     f"{t_parse / t_plumber:.2f} |")
    lines += ["", f"Ratio of totals: **{ratio:.2f}** ({total_parse:.1f} s ÷ {total_plumber:.1f} s) — target "
              f"≤ {TARGET}: {'met' if ratio <= TARGET else '**not met**'}.", ""]
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Replace this bench's section of RESULTS.md (or add it at the end); the rest stays."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    pattern = re.compile(re.escape(SECTION) + r".*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: text + "\n", old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    args.add_argument("--rounds", type=int, default=5)
    args.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md as it is")
    options = args.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"pdf_bench: the real documents are needed: {CORPUS} not found")
    text = report(measure(options.rounds), options.rounds)
    print(text)
    if not options.no_write:
        write_section(text)
        print(f"wrote its section of {RESULTS}")


if __name__ == "__main__":
    main()
