"""How long drafting per-unit plans takes: 200 units of the seed resolution, .docx and .md.

    python bench/plan_bench.py [--units 200]

The baseline, measured in the same run, is python-docx itself writing a bare document with the
same number of paragraphs per unit (no template, no routing): the ratio says what the template
rendering, routing and Party layout cost on top of merely saving a Word file.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "03-nq-duk-tra-vinh-2022.txt"

import nqparse  # noqa: E402
from nqparse.plan import draft_plans  # noqa: E402
from nqparse.plan.units import Unit  # noqa: E402


def units_of(count: int) -> list[Unit]:
    kinds = ["chi bộ", "đảng bộ cơ sở", "đảng bộ bộ phận"]
    return [Unit(name=f'Chi bộ "Đơn vị {n}" / Tổ {n % 7}', kind=kinds[n % 3]) for n in range(count)]


def bare_python_docx(count: int, paragraphs: int, folder: Path) -> float:
    from docx import Document

    started = time.perf_counter()
    for n in range(count):
        document = Document()
        for p in range(paragraphs):
            document.add_paragraph(f"Đoạn {p} của đơn vị {n}: nội dung kế hoạch thực hiện nghị quyết.")
        document.save(str(folder / f"bare-{n}.docx"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200)
    args = parser.parse_args()
    if not SEED.is_file():
        sys.exit(f"seed resolution not found: {SEED}")
    resolution = nqparse.parse(SEED)
    units = units_of(args.units)
    folder = Path(tempfile.mkdtemp(prefix="plan-bench-"))
    try:
        figures, cpu, drafts = {}, {}, {}
        for fmt in ("docx", "md"):
            started, started_cpu = time.perf_counter(), time.process_time()
            drafts[fmt] = draft_plans(resolution, units, folder / fmt, fmt)
            figures[fmt] = time.perf_counter() - started
            cpu[fmt] = time.process_time() - started_cpu
        from docx import Document

        first = drafts["docx"][0]
        paragraphs = len(Document(str(first.path)).paragraphs)
        (folder / "bare").mkdir()
        baseline = bare_python_docx(args.units, paragraphs, folder / "bare")
        print(f"{args.units} units of {resolution.metadata.code}: {first.indicators} targets, "
              f"{first.tasks} tasks per plan, {paragraphs} paragraphs")
        for fmt in ("docx", "md"):
            print(f"  {fmt:4}  {figures[fmt]:6.2f} s wall, {cpu[fmt]:6.2f} s CPU "
                  f"({1000 * figures[fmt] / args.units:5.1f} ms/unit wall)")
        print(f"  bare python-docx, same paragraph count: {baseline:6.2f} s  → docx ratio "
              f"{figures['docx'] / baseline:.2f}×")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
