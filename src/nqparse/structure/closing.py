"""The closing: signing authority, signer title and name, and Nơi nhận.

Forms handled:
- Party: "T/M ĐẢNG ỦY / BÍ THƯ / Nguyễn Văn Tám", "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN / Phạm Tất Thắng";
- State: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Trần Chí Hùng", a head signing
  without a mark ("CHỦ TỊCH / Nguyễn Ngọc Tuấn");
- lines merged by a web copy: "T/M BỘ CHÍNH TRỊ Trần Cẩm Tú";
- Nơi nhận items with purposes "(b/c)", "(để thực hiện)", "Lưu Văn phòng …", "Lưu: VT, VX.",
  an item continued on the next line ("- Đ/c Nguyễn Văn Triết, UVTVTU, / Chủ tịch … (b/c),").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..document import NormalizedDocument
from ..schema import Recipient, Signer
from .header import is_upper_text
from .rules import header_rules, sentence_case

_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
PERSON_NAME = re.compile(rf"^(?:{_NAME_WORD})(?: {_NAME_WORD}){{1,5}}$")
_TRAILING_NAME = re.compile(rf"(?:^|\s)((?:{_NAME_WORD})(?: {_NAME_WORD}){{1,5}})$")
_PURPOSE = re.compile(r"\(([^()]{1,60})\)\s*[,;.]?\s*$")
_NOI_NHAN = re.compile(r"^N[ơo]i nh[ậa]n\s*:?", re.I)
_TITLE_WORDS = re.compile(r"^(?:PHÓ |Q\. )?(?:BÍ THƯ|CHỦ TỊCH|TRƯỞNG BAN|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TƯỚNG|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|HIỆU TRƯỞNG|TỔNG BÍ THƯ|CHỦ NHIỆM|VIỆN TRƯỞNG|CỤC TRƯỞNG)\b")


@dataclass
class Closing:
    signer: Signer = field(default_factory=Signer)
    recipients: list[Recipient] = field(default_factory=list)
    start: Optional[int] = None   # offset where the closing begins (end of the body)


def _authority_mark(text: str) -> Optional[tuple[str, str]]:
    for mark in sorted(header_rules().authority_marks, key=len, reverse=True):
        if text.startswith(mark) and (len(text) == len(mark) or not text[len(mark)].isalpha() or mark.endswith(".")):
            return mark, text[len(mark):].strip()
    return None


def _split_trailing_name(text: str) -> tuple[str, Optional[str]]:
    m = _TRAILING_NAME.search(text)
    if m and is_upper_text(text[: m.start(1)]):
        return text[: m.start(1)].strip(), m.group(1)
    return text, None


def parse_signer(doc: NormalizedDocument, first: int) -> tuple[Signer, Optional[int]]:
    """Find the signature block among paragraphs ``first`` … end."""
    texts = [doc.paragraph_text(p) for p in doc.paragraphs[first:]]
    marks: list[str] = []
    title: Optional[str] = None
    name: Optional[str] = None
    start: Optional[int] = None
    for k, text in enumerate(texts):
        if _NOI_NHAN.match(text) and not marks:
            continue
        found = _authority_mark(text)
        if found:
            mark, rest = found
            rest, trailing = _split_trailing_name(rest)
            marks.append(f"{mark} {sentence_case(rest)}".strip())
            start = first + k if start is None else start
            if trailing:
                name = trailing
                break
            continue
        if (marks or _TITLE_WORDS.match(text)) and is_upper_text(text) and len(text) < 60 and title is None:
            upper, trailing = _split_trailing_name(text)
            title = sentence_case(upper)
            start = first + k if start is None else start
            if trailing:
                name = trailing
                break
            continue
        if (marks or title) and PERSON_NAME.match(text.strip(" .")):
            name = text.strip(" .")
            break
    if not marks and title is None:
        return Signer(), None
    authority = marks[-1] if marks else None
    if title is None and marks and len(marks) > 1:
        title = None
    return Signer(name=name, title=title, authority=authority), start


def _recipient(text: str) -> Optional[Recipient]:
    cfg = header_rules()
    item = text.lstrip("-+•– ").strip().rstrip(",;. ")
    if not item:
        return None
    purpose = None
    m = _PURPOSE.search(item + " ")
    if m:
        key = m.group(1).strip().lower()
        purpose = cfg.recipient_purposes.get(key, key)
        item = item[: m.start()].strip().rstrip(",;")
    if item.lower().startswith("lưu"):
        purpose = "lưu"
        item = item[3:].lstrip(" :").strip()
    return Recipient(name=item or "Lưu", purpose=purpose)


def parse_recipients(doc: NormalizedDocument, first: int) -> tuple[list[Recipient], Optional[int]]:
    paras = doc.paragraphs
    index = None
    for k in range(len(paras) - 1, first - 1, -1):
        if _NOI_NHAN.match(doc.paragraph_text(paras[k])):
            index = k
            break
    if index is None:
        return [], None
    items: list[str] = []
    head = _NOI_NHAN.sub("", doc.paragraph_text(paras[index])).strip()
    if head:
        items.extend(x for x in re.split(r"\s+-\s+|^-\s*", head) if x.strip())
    for p in paras[index + 1:]:
        text = doc.paragraph_text(p)
        if _authority_mark(text) or (is_upper_text(text) and len(text) < 60) or PERSON_NAME.match(text):
            break
        if text[:1] in "-+•–":
            items.append(text)
        elif items and not _looks_like_signature(text):
            items[-1] = f"{items[-1]} {text}"
        else:
            break
    recipients = [r for r in (_recipient(x) for x in items) if r]
    return recipients, index


def _looks_like_signature(text: str) -> bool:
    return bool(_authority_mark(text)) or bool(_TITLE_WORDS.match(text))


def parse_closing(doc: NormalizedDocument, body_start_index: int) -> Closing:
    tail_from = max(body_start_index, len(doc.paragraphs) - 60)
    recipients, noi_nhan = parse_recipients(doc, tail_from)
    signer, sign_at = parse_signer(doc, tail_from)
    starts = [i for i in (noi_nhan, sign_at) if i is not None]
    start = doc.paragraphs[min(starts)].start if starts else None
    return Closing(signer=signer, recipients=recipients, start=start)
