"""Build corpus/<stem>.docx from every corpus/<stem>.txt, laid out as offices do.

    python corpus/make_docx.py            # all samples
    python corpus/make_docx.py STEM ...   # only these

The layout (borderless header table, Word auto-numbered headings, Times New Roman 14,
signature table) comes from tests/officedoc.py. The .txt files are the source; the .docx
files are committed so the demo and the tests can use them without building anything.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from officedoc import build_docx  # noqa: E402


def main(stems: list[str]) -> None:
    sources = [HERE / f"{s}.txt" for s in stems] if stems else sorted(HERE.glob("*.txt"))
    for source in sources:
        target = source.with_suffix(".docx")
        build_docx(source.read_text(encoding="utf-8"), target)
        print(f"built {target.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
