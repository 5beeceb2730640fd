"""What the bounded worker costs a parse: the same documents parsed in this process and in a
bounded worker (nqparse.bounded: fork, process group, RLIMIT_AS, result pickled back).

    python bench/worker_bench.py [--rounds 3] [--no-write]

Both are timed warm (rules and regexes loaded in this process first), wall clock and CPU
(this process and its children). Writes its section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Bounded worker overhead (bench/worker_bench.py)"
DOCUMENTS = sorted((ROOT / "corpus").glob("*.docx")) + sorted((ROOT / "corpus").glob("*.txt"))


def cpu_seconds() -> float:
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def measure(rounds: int) -> dict[str, tuple[float, float]]:
    from nqparse import api
    from nqparse.bounded import run_bounded
    from nqparse.limits import Limits

    limits = Limits(time_limit_s=120, memory_limit_mb=2048)
    for path in DOCUMENTS:
        api.parse(path)            # warm: rules, regexes, caches
    ways = {"in this process": lambda p: api.parse(p),
            "bounded worker": lambda p: run_bounded(api.parse, p, limits=limits, path=p)}
    timings = {name: [0.0, 0.0] for name in ways}
    for _ in range(rounds):
        for name, parse in ways.items():
            wall, cpu = time.perf_counter(), cpu_seconds()
            for path in DOCUMENTS:
                parse(path)
            timings[name][0] += time.perf_counter() - wall
            timings[name][1] += cpu_seconds() - cpu
    count = rounds * len(DOCUMENTS)
    return {name: (wall / count, cpu / count) for name, (wall, cpu) in timings.items()}


def report(timings: dict[str, tuple[float, float]], rounds: int) -> str:
    (wall_in, cpu_in), (wall_out, cpu_out) = timings["in this process"], timings["bounded worker"]
    load = open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else "?"
    lines = [SECTION, "", f"{len(DOCUMENTS)} sample documents × {rounds} rounds, warm; load average {load} "
             "when measured.", "", "| parse | wall ms / document | CPU ms / document |", "|---|---|---|"]
    for name, (wall, cpu) in timings.items():
        lines.append(f"| {name} | {wall * 1000:.0f} | {cpu * 1000:.0f} |")
    lines += ["", f"Overhead of the worker: **{(wall_out - wall_in) * 1000:.0f} ms wall, "
              f"{(cpu_out - cpu_in) * 1000:.0f} ms CPU** a document.", ""]
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Replace this bench's section of RESULTS.md (or add it at the end); the rest stays."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    pattern = re.compile(re.escape(SECTION) + r".*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text + "\n", old, count=1) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    args.add_argument("--rounds", type=int, default=3)
    args.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md as it is")
    options = args.parse_args()
    if not DOCUMENTS:
        sys.exit("worker_bench: no sample documents in corpus/")
    text = report(measure(options.rounds), options.rounds)
    print(text)
    if not options.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
