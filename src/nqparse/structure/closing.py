"""The closing: signing authority, signer title and name, and Nơi nhận.

Forms handled:
- Party: "T/M ĐẢNG ỦY / BÍ THƯ / Nguyễn Văn Tám", "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN / Phạm Tất Thắng";
- State: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Trần Chí Hùng", a head signing
  without a mark ("CHỦ TỊCH / Nguyễn Ngọc Tuấn");
- lines merged by a web copy: "T/M BỘ CHÍNH TRỊ Trần Cẩm Tú", "THỦ TƯỚNG Phạm Minh Chính";
- layout text (``pdftotext -layout``, a PDF read without its columns) where the signature
  stands in the right column of the Nơi nhận lines: "Nơi nhận: KT. CHỦ TỊCH" / "- Như trên;
  PHÓ CHỦ TỊCH" / "- Lưu: VT, KT. (đã ký)" / "Nguyễn Văn A";
- Nơi nhận items with purposes "(b/c)", "(để thực hiện)", "Lưu Văn phòng …", "Lưu: VT, VX.",
  an item continued on the next line ("- Đ/c Nguyễn Văn Triết, UVTVTU, / Chủ tịch … (b/c),").
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Optional

from ..document import NormalizedDocument
from ..schema import Recipient, Signer
from .header import is_upper_text
from .rules import fold, header_rules, sentence_case

_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
PERSON_NAME = re.compile(rf"^(?:{_NAME_WORD})(?: {_NAME_WORD}){{1,5}}$")
_TRAILING_NAME = re.compile(rf"(?:^|\s)((?:{_NAME_WORD})(?: {_NAME_WORD}){{1,5}})$")
_PURPOSE = re.compile(r"\(([^()]{1,60})\)\s*[,;.]?\s*$")
_NOI_NHAN = re.compile(r"^N[ơo]i(?:\s+nh[ậa]n\s*:?|\s*:?\s*$)", re.I)  # OCR may lose "nhận:" and keep "Nơi"


Line = tuple[int, str]        # paragraph index, text (or the part of it in one column)


@dataclass
class Closing:
    signer: Signer = field(default_factory=Signer)
    recipients: list[Recipient] = field(default_factory=list)
    start: Optional[int] = None   # offset where the closing begins (end of the body)
    end: Optional[int] = None     # offset where it ends (an annex may follow)
    adopted: Optional[str] = None  # "Nghị quyết này được … thông qua ngày 16 tháng 6 năm 2025"


def _authority_mark(text: str) -> Optional[tuple[str, str]]:
    for mark in sorted(header_rules().authority_marks, key=len, reverse=True):
        if text.startswith(mark) and (len(text) == len(mark) or not text[len(mark)].isalpha() or mark.endswith(".")):
            return mark, text[len(mark):].strip()
    return None


@lru_cache(maxsize=2)
def _patterns(marks: tuple[str, ...], titles: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    mark_re = re.compile(r"(?:^|\s)(" + "|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)) + r")(?=\s|$)")
    title_re = re.compile(r"(?:^|\s)((?:PHÓ |Q\. )?(?:" + "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)) + r"))(?=\s|$)")
    return mark_re, title_re


def _split_trailing_name(text: str) -> tuple[str, Optional[str]]:
    m = _TRAILING_NAME.search(text)
    if m and is_upper_text(text[: m.start(1)]):
        return text[: m.start(1)].strip(), m.group(1)
    return text, None


def read_signature(block: str) -> Signer:
    """'KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Chí Hùng' → authority 'KT. Chủ tịch', title 'Phó Chủ tịch', name."""
    cfg = header_rules()
    mark_re, title_re = _patterns(tuple(cfg.authority_marks), tuple(cfg.signer_titles))
    upper, name = _split_trailing_name(block.strip())
    marks = list(mark_re.finditer(upper))
    mark, rest = (marks[-1].group(1), upper[marks[-1].end():].strip()) if marks else (None, upper)
    titles = [t for t in title_re.finditer(rest)
              if (t.start(1) > 0 or not mark) and not (t.start(1) > 0 and _org_name(rest[: t.end(1)]))]
    if titles:
        role, title = rest[: titles[-1].start(1)].strip(), rest[titles[-1].start(1):].strip()
    else:
        role, title = rest, None
    authority = f"{mark} {sentence_case(role)}".strip() if mark else None
    return Signer(name=name, title=sentence_case(title) if title else None, authority=authority)


def _org_name(text: str) -> bool:
    """'BAN BÍ THƯ' is a body, not 'BAN' + the title 'BÍ THƯ'."""
    key = fold(text)
    return any(fold(p) == key for p in header_rules().proper_phrases)


def find_signature(lines: list[Line]) -> tuple[Signer, Optional[int], Optional[int]]:
    """The signature block among ``lines``: marks, titles, then a person's name; with the
    indices of its first and last paragraph."""
    cfg = header_rules()
    _, title_re = _patterns(tuple(cfg.authority_marks), tuple(cfg.signer_titles))
    for k, (at, text) in enumerate(lines):
        upper = _split_trailing_name(text)[0]    # "THỦ TƯỚNG Phạm Minh Chính": title and name on one line
        starts = _authority_mark(text) or (is_upper_text(upper) and len(upper) < 60 and title_re.match(upper))
        if not starts:
            continue
        parts = [text]
        end = at
        for index, follow in lines[k + 1:k + 7]:
            if _split_trailing_name(parts[-1])[1]:
                break
            if _is_filler(follow):
                continue  # "(ký tên, đóng dấu)", "[đã ký]"
            if PERSON_NAME.match(follow.strip(" .")):
                parts.append(follow.strip(" ."))
                end = index
                break
            upper_part = _split_trailing_name(follow)[0]
            if not (is_upper_text(upper_part) and len(upper_part) < 80):
                break
            parts.append(follow)
            end = index
        signer = read_signature(" ".join(parts))
        if signer.name or signer.authority:
            return signer, at, end
    return Signer(), None, None


def _is_filler(text: str) -> bool:
    """What stands in for the signature itself: '(Đã ký)', '[daky]', '(ký tên, đóng dấu)'."""
    return text[:1] in "([" and text.rstrip()[-1:] in ")]"


def _lines(doc: NormalizedDocument, first: int, last: int) -> list[Line]:
    return [(k, doc.paragraph_text(doc.paragraphs[k])) for k in range(first, min(last, len(doc.paragraphs)))]


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


def parse_recipients(lines: list[Line]) -> tuple[list[Recipient], int]:
    """The items under the 'Nơi nhận:' line that opens ``lines``; the index of the last one."""
    items: list[str] = []
    head = _NOI_NHAN.sub("", lines[0][1]).strip()
    if head:
        items.extend(x for x in re.split(r"\s+-\s+|^-\s*", head) if x.strip())
    last = lines[0][0]
    for n, (k, text) in enumerate(lines[1:], start=1):
        continues = bool(items) and items[-1].rstrip()[-1:] in ",;:" and text[:1] not in "-•–"
        dashed = text[:1] in "-+•–"
        if _authority_mark(text) or PERSON_NAME.match(text) or (is_upper_text(text) and len(text) < 60 and not continues and not dashed):
            break
        if text[:1] == "+" and items:
            items[-1] = f"{items[-1]} {text}"  # a sub-item belongs to the item above it
        elif text[:1] in "-+•–":
            items.append(text)
        elif text.rstrip().endswith(":") and len(text) < 40 and n + 1 < len(lines) and lines[n + 1][1][:1] in "-+•–":
            pass  # a group label inside the list: "Bản điện tử:", "Bản giấy:"
        elif items and not items[-1].rstrip().endswith(".") and len(text) < 120:
            items[-1] = f"{items[-1]} {text}"
        else:
            break
        last = k
    return [r for r in (_recipient(x) for x in items) if r], last


def split_columns(lines: list[Line]) -> Optional[tuple[list[Line], list[Line]]]:
    """Nơi nhận and signature side by side in layout text: (left lines, right lines), or None
    when the lines show one block after the other.

    Two columns merged into one line: 'Nơi nhận: KT. CHỦ TỊCH' → 'Nơi nhận:' | 'KT. CHỦ TỊCH';
    '- Như trên; PHÓ CHỦ TỊCH' → '- Như trên;' | 'PHÓ CHỦ TỊCH'; '- Lưu: VT, KT. (đã ký)' →
    '- Lưu: VT, KT.' | '(đã ký)'; once the title is read, '- Lưu: VT. Nguyễn Văn A' → '- Lưu: VT.'
    | 'Nguyễn Văn A'. Two columns read line by line, one line each: 'Nơi nhận:', 'KT. CHỦ TỊCH',
    '- Như trên;', 'PHÓ CHỦ TỊCH', … The lines end after the name with the last '- …' item."""
    left: list[Line] = []
    right: list[Line] = []
    merged = interleaved = False
    titled = named = False
    for index, text in lines:
        if _right_column(text):
            if named:
                break
            right.append((index, text))
            named = bool(PERSON_NAME.match(text.strip(" .")) or _split_trailing_name(text)[1])
            titled = titled or not (PERSON_NAME.match(text.strip(" .")) or _is_filler(text))
            continue
        cut = _signature_tail(text, after_title=titled and not named)
        if cut is not None and not _right_column(text[:cut].rstrip()):
            merged = True
            left.append((index, text[:cut].rstrip()))
            right.append((index, text[cut:].strip()))
            named = named or bool(PERSON_NAME.match(right[-1][1].strip(" .")))
            titled = titled or not (named or _is_filler(right[-1][1]))
            continue
        dashed = text[:1] in "-+•–"
        if named and not dashed and left and left[-1][1].rstrip()[-1:] in ".;":
            break
        interleaved = interleaved or titled and not named and dashed
        left.append((index, text))
    return (left, right) if merged or interleaved else None


def _right_column(text: str) -> bool:
    """A whole line of the signature: a mark, a line in capitals, a filler or a name."""
    return bool(_authority_mark(text) or is_upper_text(text) and len(text) < 80 and text[:1] not in "-+•–"
                or _is_filler(text) or PERSON_NAME.match(text.strip(" .")))


def _signature_tail(text: str, after_title: bool) -> Optional[int]:
    """Where the signature part of a two-column line begins, or None."""
    cfg = header_rules()
    mark_re, title_re = _patterns(tuple(cfg.authority_marks), tuple(cfg.signer_titles))
    for m in sorted([*mark_re.finditer(text), *title_re.finditer(text)], key=lambda m: m.start(1)):
        before, tail = text[: m.start(1)].rstrip(), text[m.start(1):]
        if before and before[-1] not in ",&/-" and is_upper_text(_split_trailing_name(tail)[0]) and not _org_name(text[: m.end(1)]):
            return m.start(1)
    bracket = re.search(r"\s([(\[][^()\[\]]{1,40}[)\]])\s*$", text)
    if bracket and fold(bracket.group(1).strip("()[] ")) in {fold(f) for f in cfg.signature_fillers}:
        return bracket.start(1)
    if after_title:
        name = _TRAILING_NAME.search(text)
        if name and text[: name.start(1)].rstrip()[-1:] in ";." and PERSON_NAME.match(name.group(1)):
            return name.start(1)
    return None


def parse_closing(doc: NormalizedDocument, body_start_index: int) -> Closing:
    """The first Nơi nhận after the body and the signature next to it.

    Annexes and forms may follow the signature, so the closing is looked for from the top of
    the body down, not only at the end of the file.
    """
    paras = doc.paragraphs
    noi_nhan = next((k for k in range(body_start_index, len(paras))
                     if _NOI_NHAN.match(doc.paragraph_text(paras[k]))), None)
    list_end: Optional[int] = None
    row = _signature_row(doc, body_start_index) if noi_nhan is None else None
    if row is not None:
        at, left, right = row
        signer, sign_at, sign_end = find_signature([(at, line) for line in _unglue(right)])
        recipients = [r for r in (_recipient(x) for x in re.split(r";\s*-\s*", left.strip(" -"))) if r]
        noi_nhan, list_end = (at, at) if recipients else (None, None)
    elif noi_nhan is not None:
        below = _lines(doc, noi_nhan, noi_nhan + 120)
        columns = split_columns(below[:40])
        if columns is not None:
            left, right = columns
            above = _lines(doc, max(body_start_index, noi_nhan - 12), noi_nhan)
            signer, sign_at, sign_end = find_signature(above + right)
            recipients, list_end = parse_recipients(left)
        else:
            signer, sign_at, sign_end = find_signature(_lines(doc, max(body_start_index, noi_nhan - 12), noi_nhan + 40))
            recipients, list_end = parse_recipients(below)
    else:
        signer, sign_at, sign_end = find_signature(_lines(doc, max(body_start_index, len(paras) - 30), len(paras)))
        recipients = []
    if signer.authority and not signer.name and list_end is not None:
        for k in range(list_end + 1, min(len(paras), list_end + 6)):
            text = doc.paragraph_text(paras[k]).strip(" .")
            if PERSON_NAME.match(text):
                signer = signer.model_copy(update={"name": text})
                sign_end = k
                break
    starts = [i for i in (noi_nhan, sign_at) if i is not None]
    if not starts:
        return Closing()
    end_index = max(i for i in (list_end, sign_end) if i is not None)
    end = paras[end_index].end + 1 if end_index + 1 < len(paras) else len(doc.text)
    first, adopted = _adoption(doc, body_start_index, min(starts))
    return Closing(signer=signer, recipients=recipients, start=paras[first].start, end=min(end, len(doc.text)),
                   adopted=adopted)


def _adoption(doc: NormalizedDocument, body_start_index: int, first: int) -> tuple[int, Optional[str]]:
    """The adoption line that opens the closing of a law or a council's resolution ("Nghị quyết
    này được Ủy ban Thường vụ Quốc hội … thông qua ngày 16 tháng 6 năm 2025."), when it stands
    right above the signature: the paragraph where the closing starts, and the date."""
    from .header import iso_date

    pattern = _adopted_pattern(tuple(header_rules().adopted_openers))
    for k in range(first - 1, max(body_start_index, first - 3) - 1, -1):
        m = pattern.match(doc.paragraph_text(doc.paragraphs[k]).strip(" *_"))
        if m:
            return k, iso_date(m.group("d"), m.group("m"), m.group("y"))
    return first, None


@lru_cache(maxsize=2)
def _adopted_pattern(openers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(re.escape(o) for o in openers) + r")\s+này\s+(?:đã\s+)?được\b.{0,300}?"
                      r"thông qua\s+(?:vào\s+)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.S)


def _signature_row(doc: NormalizedDocument, body_start_index: int) -> Optional[tuple[int, str, str]]:
    """A crawl that kept the closing table as one row, cells joined by "|": "- Chính phủ; - Ban
    Tổ chức Trung ương; …; - Lưu: HC. | TM. ỦY BAN THƯỜNG VỤ QUỐC HỘICHỦ TỊCH" → (paragraph,
    recipients cell, signature cell)."""
    for k in range(len(doc.paragraphs) - 1, max(body_start_index, len(doc.paragraphs) - 30) - 1, -1):
        cells = [c.strip() for c in doc.paragraph_text(doc.paragraphs[k]).split(" | ")]
        cells = [c for c in cells if c.strip(" |")]
        if len(cells) >= 2 and _authority_mark(cells[-1].strip(" |")) and cells[0].startswith("-"):
            return k, " ".join(cells[:-1]), cells[-1].strip(" |")
    return None


def _unglue(cell: str) -> list[str]:
    """The lines of a signature cell whose line breaks a crawl dropped: "TM. CHÍNH PHỦKT. THỦ
    TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức Phớc" → ["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG",
    "(Đã ký)", "Hồ Đức Phớc"]."""
    cfg = header_rules()
    upper = r"(?<=[A-ZĐÀ-Ỹ])"
    marks = "|".join(re.escape(m) for m in sorted(cfg.authority_marks, key=len, reverse=True))
    titles = "|".join(re.escape(t) for t in sorted(cfg.signer_titles, key=len, reverse=True))
    text = re.sub(upper + r"(?=(?:" + marks + r")\s)", "\n", cell)
    text = re.sub(upper + r"(?=(?:PHÓ )?(?:" + titles + r")(?:\s|\(|$))", "\n", text)
    text = re.sub(r"\s*(\([^()]{1,30}\))\s*", "\n\\1\n", text)
    return [line.strip() for line in text.split("\n") if line.strip()]
