"""Score the references of a parse against hand-read gold.

Gold (``tests/gold/references/<stem>.json``) lists the distinct numbered citations of a
document, excluding its own number::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt",
     "references": [{"code": "12-CT/TU", "date": "2021-10-28", "issuer": "Ban Thường vụ Tỉnh ủy"}, ...]}

Fields: ``codes`` (set matching of codes: tp/fp/fn), ``date`` and ``issuer`` (accuracy among
matched codes, counted only where the gold gives a value). Only citations written with a number
and symbol count on the parser's side: partial citations ("Quy định 784") and named documents
("Điều lệ Đảng") are not numbered citations, even when a code was completed for them.
"""
from __future__ import annotations

import re
from typing import Optional

from ..extract.citation_codes import code_key
from ..schema import Reference, Resolution
from . import FieldScore

from ..textkey import match_key


def issuer_key(issuer: Optional[str]) -> str:
    """Issuer without its term or parentheses: "Quốc hội khoá XV" ~ "Quốc hội"."""
    key = match_key(issuer)
    key = re.sub(r"\(.*?\)", " ", key)
    key = re.sub(r"\b(khóa|khoá|lần thứ)\s+[xvil]+\b", " ", key)
    return " ".join(key.split())


def same_issuer(got: Optional[str], want: Optional[str]) -> bool:
    """Equal keys, or one names the other followed by more words ("Thành ủy" ~ "Thành ủy Hà Nội")."""
    g, w = issuer_key(got), issuer_key(want)
    if not g or not w:
        return False
    return g == w or g.startswith(w + " ") or w.startswith(g + " ")


def numbered(resolution: Resolution) -> dict[str, Reference]:
    """The parser's citations written with a number and symbol, by code key."""
    return {code_key(r.code): r for r in resolution.references if r.code and r.number and not r.partial}


def score(gold: dict, resolution: Resolution) -> list[FieldScore]:
    want = {code_key(e["code"]): e for e in gold.get("references", [])}
    got = numbered(resolution)
    codes = FieldScore("references", "codes")
    dates = FieldScore("references", "date")
    issuers = FieldScore("references", "issuer")
    for key, entry in want.items():
        ref = got.get(key)
        if ref is None:
            codes.fn += 1
            codes.misses.append(f"missed {entry['code']}")
            continue
        codes.tp += 1
        if entry.get("date"):
            dates.total += 1
            if ref.date == entry["date"]:
                dates.correct += 1
            else:
                dates.misses.append(f"{entry['code']}: date {ref.date} ≠ {entry['date']}")
        if entry.get("issuer"):
            issuers.total += 1
            if same_issuer(ref.issuer, entry["issuer"]):
                issuers.correct += 1
            else:
                issuers.misses.append(f"{entry['code']}: issuer {ref.issuer!r} ≠ {entry['issuer']!r}")
    for key, ref in got.items():
        if key not in want:
            codes.fp += 1
            codes.misses.append(f"extra {ref.code} ({ref.raw[:60]!r})")
    return [codes, dates, issuers]
