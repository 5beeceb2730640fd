"""Long lines and paragraphs cost time in proportion to their length (issue 15, Hardening 2).

Each crafted shape is parsed at size N and 4N inside a small resolution. A linear parse takes
about 4 times as long at 4N (less, with the fixed cost of the rest of the document); the
quadratic paths these tests pin down took 16 times as long (and minutes at a few hundred KB).
Times are CPU seconds of this process, the best of two runs, so other work on the machine does
not count; the bound of 6 leaves room for noise on either side. bench/linear_probe.py runs the
same check over 40 shapes.
"""
from __future__ import annotations

import time
from typing import Callable

import pytest

import nqparse

HEAD = """ĐẢNG BỘ TỈNH TRÀ VINH
ĐẢNG ỦY KHỐI

ĐẢNG CỘNG SẢN VIỆT NAM

Trà Vinh, ngày 10 tháng 01 năm 2022

Số 03-NQ/ĐUK

NGHỊ QUYẾT
CỦA BAN CHẤP HÀNH ĐẢNG BỘ KHỐI NĂM 2022

I- MỤC TIÊU, CHỈ TIÊU

1. Mục tiêu

"""
TAIL = """

II- NHIỆM VỤ, GIẢI PHÁP

1. Các cấp ủy tổ chức quán triệt nghị quyết.

T/M ĐẢNG ỦY KHỐI
BÍ THƯ

Nguyễn Văn A
"""


def cpu_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        nqparse.parse(text)
        best = min(best, time.process_time() - start)
    return best


def growth(make: Callable[[int], str], n: int) -> float:
    """How many times longer the parse takes when the crafted part is 4 times longer."""
    nqparse.parse(HEAD + "Khởi động." + TAIL)                       # rules loaded, patterns compiled
    return cpu_seconds(HEAD + make(4 * n) + TAIL) / max(cpu_seconds(HEAD + make(n) + TAIL), 1e-3)


SHAPES = {
    # HTML tags never closed on one line: each "<p" read the rest of the line for its ">"
    "'<p' × N on one line": (lambda n: "<p" * n, 6000),
    "'<b' × N on one line": (lambda n: "<b" * n, 6000),
    # short lines without a full stop: each glued to the paragraph before, re-read whole each time
    "N short lines": (lambda n: "\n".join(f"dòng {i}" for i in range(n)), 300),
    # one paragraph of capitalised body heads: each "Ban" read its name to the paragraph's end
    "'Ban ' × N": (lambda n: "Ban " * n, 1000),   # at 500 the fixed costs make the ratio noisy
    # one clause of targets: each number re-read the clause before it and the sentence's deadline
    "'trên 90% ' × N": (lambda n: "trên 90% " * n, 150),
    "'100% ' × N": (lambda n: "100% " * n, 200),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_parse_time_grows_linearly_with_a_long_line_or_paragraph(shape):
    make, n = SHAPES[shape]
    assert growth(make, n) < 6


def test_a_long_paragraph_of_targets_still_yields_every_target():
    """Read in pieces, a clause of 120 numbers keeps all 120 targets, in order."""
    r = nqparse.parse(HEAD + "- Phấn đấu " + ", ".join(f"{i}% đảng viên được học tập" for i in range(1, 121)) + "." + TAIL)
    values = [i.value for i in r.indicators if i.unit == "%"]
    assert values == list(range(1, 121))
