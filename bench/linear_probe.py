"""Growth probe: parse crafted long lines and paragraphs at size N and 2N, print the time ratio.

    python bench/linear_probe.py                 # every shape, N chosen per shape
    python bench/linear_probe.py --scale 4       # N and 4N
    python bench/linear_probe.py --only bullets --profile

A linear parse doubles its time when the input doubles (ratio ≈ 2); a quadratic one quadruples
it (≈ 4). Each crafted part sits inside a small real-looking resolution, so every stage
(load, normalize, structure, extract) sees it. A shape whose first run passes ``--budget``
seconds is reported without its larger run.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Callable

import nqparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_long_input import HEAD, TAIL  # noqa: E402  (the small resolution the growth tests use too)


def para(piece: str) -> Callable[[int], str]:
    return lambda n: piece * n


def lines(piece: str) -> Callable[[int], str]:
    return lambda n: "\n".join(piece.format(i=i) for i in range(n))


def labels(n: int) -> str:
    letters = "abcdeghiklmnopqrstuvxy"
    return " ".join(f"{letters[i % len(letters)]}) Ban Tuyên giáo thực hiện" for i in range(n))


def table_rows(n: int) -> str:
    head = "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |\n|---|---|---|---|\n"
    return head + "\n".join(f"| {i} | Tổ chức thực hiện nhiệm vụ {i} | Ban Tổ chức | Năm 2022 |" for i in range(n))


def html_table_rows(n: int) -> str:
    return "<table>" + "".join(f"<tr><td>{i}</td><td>Nhiệm vụ {i} của Ban Tổ chức</td></tr>" for i in range(n)) + "</table>"


SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    # name: (crafted text for size n, n)
    "<p": (para("<p"), 8000),
    "<b": (para("<b"), 8000),
    "<i": (para("<i"), 8000),
    "<div": (para("<div "), 8000),
    "<": (para("<"), 15000),
    "&": (para("&amp"), 8000),
    "**": (para("**x"), 8000),
    "*": (para("* x"), 8000),
    "[1]": (para("a[1]"), 8000),
    "\\-": (para("\\-"), 8000),
    "|": (para("a |"), 8000),
    "Ban ": (para("Ban "), 2000),
    "Sở ": (para("Sở "), 2000),
    "Ủy ban nhân dân ": (para("Ủy ban nhân dân "), 1000),
    "Ban Tổ chức, ": (para("Ban Tổ chức, "), 1000),
    "các ban, ": (para("các ban, sở, ngành, "), 1000),
    "trên 90% ": (para("trên 90% "), 1000),
    "đạt 90% tổ chức, ": (para("đạt 90% tổ chức cơ sở đảng, "), 1000),
    "100% ": (para("100% "), 2000),
    "năm 2025 ": (para("năm 2025 "), 2000),
    "trước ngày 1/1/2025 ": (para("trước ngày 1/1/2025, "), 1000),
    "Nghị quyết số 1-NQ/TW, ": (para("Nghị quyết số 1-NQ/TW, "), 1000),
    "số 1/2020/NĐ-CP ": (para("Nghị định số 1/2020/NĐ-CP ngày 1/1/2020 của Chính phủ về "), 500),
    "Quyết định ": (para("Quyết định "), 2000),
    "chủ trì, phối hợp ": (para("Ban Tổ chức chủ trì, phối hợp với Sở Nội vụ; "), 500),
    "nospace": (para("a"), 100000),
    "nospace-vi": (para("đảng"), 25000),
    "digits": (para("1"), 100000),
    "dots": (para("1."), 50000),
    "a) b) c)": (labels, 1000),
    "- bullets": (lines("- Tổ chức thực hiện nhiệm vụ {i};"), 1000),
    "- Ban bullets": (lines("- Ban Tổ chức thực hiện nhiệm vụ {i} trên 90%;"), 1000),
    "1.1.1. outline": (lines("{i}.{i}.{i}. Nhiệm vụ"), 1000),
    "words": (para("tăng cường công tác xây dựng đảng "), 3000),
    "table rows": (table_rows, 500),
    "html rows": (html_table_rows, 500),
    "blank lines": (para("\n\nx"), 5000),
    "short lines": (lines("dòng {i}"), 3000),
    "CAPS lines": (lines("NGHỊ QUYẾT"), 2000),
}


def document(crafted: str) -> str:
    return HEAD + crafted + TAIL


def time_parse(text: str) -> float:
    """CPU seconds of one parse (the machine's other work does not count)."""
    start = time.process_time()
    nqparse.parse(text)
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=2)
    ap.add_argument("--budget", type=float, default=20.0)
    ap.add_argument("--mult", type=float, default=1.0, help="multiply every shape's N")
    ap.add_argument("--only", action="append")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    nqparse.parse(document("Khởi động."))
    print(f"{'shape':28} {'N':>7} {'chars':>9} {'t(N)':>8} {'t(kN)':>8} {'ratio':>6}")
    for name, (make, n) in SHAPES.items():
        if args.only and name not in args.only:
            continue
        n = max(1, int(n * args.mult))
        small, big = document(make(n)), document(make(n * args.scale))
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            nqparse.parse(big)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
            continue
        t1 = time_parse(small)
        if t1 > args.budget:
            print(f"{name:28} {n:7} {len(small):9} {t1:8.2f} {'-':>8} {'-':>6}  (over budget)")
            continue
        t2 = time_parse(big)
        flag = "  <-- super-linear" if t2 / max(t1, 1e-3) > args.scale * 1.6 and t2 > 0.3 else ""
        print(f"{name:28} {n:7} {len(small):9} {t1:8.2f} {t2:8.2f} {t2 / max(t1, 1e-3):6.1f}{flag}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
