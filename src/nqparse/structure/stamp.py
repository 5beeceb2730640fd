"""Dates and numbers written outside the header: e-signature stamps and the signature area.

Used only when the header leaves them out (a number or a day the văn thư's signing system
stamps in, a crawled copy that kept the stamp but lost the header's date). Forms handled:
- a stamp caption: "Ngày ký: 10/01/2026", "Thời gian ký: 10.01.2026 10:10:13 +07:00",
  "Ký bởi: Ủy ban nhân dân tỉnh Lào Cai Ngày ký: 10/01/2026 09:15",
  "Số ký hiệu: 193/UBND-KT" (a number counts only when its symbol is the header's);
- a place/date line standing in the signature area: "Lào Cai, ngày 10 tháng 01 năm 2026".
A certified copy's stamp ("SAO Y; Văn phòng … Giờ ký: 03/07/2025 15:32:39") gives the copy's
time, not the document's date, and is skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..document import NormalizedDocument
from ..schema import Span
from .header import DATE, iso_date
from .rules import fold, header_rules

_NUMERIC_DATE = re.compile(r"(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>(?:19|20)\d\d)")
_CODE = re.compile(r"(?P<num>\d{1,6})\s*(?P<sep>[-/])\s*(?P<symbol>(?:(?:19|20)\d\d/)?[A-ZĐ][A-Za-zĐđ&0-9]*(?:[-/][A-ZĐ][A-Za-zĐđ&0-9]*)+)")


@dataclass
class Found:
    """A value read outside the header, with the line it came from."""

    value: str
    where: str          # "dấu chữ ký số" | "vùng chữ ký"
    span: Span


@dataclass
class Stamp:
    date: Optional[Found] = None
    number: Optional[Found] = None
    code: Optional[str] = None


def read_stamps(doc: NormalizedDocument, indices: Iterable[int], symbol: Optional[str],
                signature_area: range = range(0)) -> Stamp:
    """The first signing date (and number with ``symbol``) in the paragraphs ``indices``.

    Paragraphs inside ``signature_area`` may also give a plain place/date line."""
    cfg = header_rules()
    stamp = Stamp()
    previous = ""
    for i in indices:
        p = doc.paragraphs[i]
        text = doc.paragraph_text(p)
        copy = any(fold(m) in fold(f"{previous} {text}") for m in cfg.copy_stamp_markers)
        previous = text
        if copy:
            continue
        labelled = _after_label(text, cfg.signing_date_labels)
        if stamp.date is None and labelled is not None:
            value = _date_in(labelled)
            if value:
                stamp.date = Found(value, "dấu chữ ký số", doc.span(p.start, p.end))
        elif stamp.date is None and i in signature_area:
            m = DATE.fullmatch(text.strip(" .;"))
            value = m and m.group("place") and iso_date(m.group("d"), m.group("m"), m.group("y"))
            if value:
                stamp.date = Found(value, "vùng chữ ký", doc.span(p.start, p.end))
        numbered = _after_label(text, cfg.signing_number_labels)
        if stamp.number is None and numbered is not None and symbol:
            code = _CODE.search(numbered)
            if code and fold(code.group("symbol")).endswith(fold(symbol)):
                stamp.number = Found(code.group("num"), "dấu chữ ký số", doc.span(p.start, p.end))
                stamp.code = f"{code.group('num')}{code.group('sep')}{code.group('symbol')}"
    return stamp


def _after_label(text: str, labels: list[str]) -> Optional[str]:
    """'Ký bởi: … Ngày ký: 10/01/2026' → '10/01/2026' for the label 'Ngày ký'."""
    key = fold(text)
    for label in labels:
        at = key.find(fold(label))
        if at >= 0 and (at == 0 or not key[at - 1].isalpha()):
            return text[at + len(label):].lstrip(" :")
    return None


def _date_in(text: str) -> Optional[str]:
    m = _NUMERIC_DATE.match(text) or DATE.match(text)
    return iso_date(m.group("d"), m.group("m"), m.group("y")) if m else None
