"""The header block: issuing body and its parent, motto, number and symbol, place and date,
document type and title (trích yếu).

Forms handled:
- Party (HD 36): "ĐẢNG BỘ TỈNH TRÀ VINH / ĐẢNG ỦY KHỐI CÁC CƠ QUAN / VÀ DOANH NGHIỆP", "*",
  "Số 03-NQ/ĐUK", "ĐẢNG CỘNG SẢN VIỆT NAM", "Trà Vinh, ngày 10 tháng 01 năm 2022";
- State (NĐ 30): "ỦY BAN NHÂN DÂN / TỈNH BẮC NINH", "Số: 144/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ
  NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc", "Số: 30/2020/NĐ-CP";
- the two columns in any order, names wrapped mid-word-group ("BAN / CHẤP HÀNH TRUNG ƯƠNG"),
  issuer and motto on one line ("CHÍNH PHỦ CỘNG HÒA XÃ HỘI …"), dates split over lines,
  numbers left blank for the văn thư ("Số   -HD/BTCTU", "Số: /KH-SGDĐT").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from ..document import NormalizedDocument
from ..normalize import label_kind
from .rules import doc_type_for_abbr, fold, header_rules, sentence_case

PARTY_NUMBER = re.compile(
    r"Số\s*:?\s*(?P<num>\d{1,6})?\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,5})\s*/\s*"
    r"(?P<issuer>[A-ZĐ][A-ZĐƯƠ0-9]*(?:[-&][A-ZĐƯƠ0-9]+)*)"
)
STATE_NUMBER = re.compile(
    r"Số\s*:?\s*(?P<num>\d{1,6})?\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<type>[A-ZĐ][A-Za-zĐđ]{0,6})\s*-\s*"
    r"(?P<issuer>[A-ZĐ][A-ZĐa-zđ0-9&]*(?:-[A-ZĐ][A-ZĐa-zđ0-9&]*)*)"
)
DATE = re.compile(
    r"(?:(?P<place>[A-ZĐ][^\d,;:]{1,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>(?:19|20)\d\d)"
)
_LETTERS = re.compile(r"[^\W\d_]")


@dataclass
class Header:
    family: Optional[str] = None
    motto: Optional[str] = None
    number: Optional[str] = None
    symbol: Optional[str] = None
    code: Optional[str] = None
    type_abbr: Optional[str] = None
    date: Optional[str] = None
    place: Optional[str] = None
    issuer: Optional[str] = None
    parent_issuer: Optional[str] = None
    doc_type: Optional[str] = None
    title: Optional[str] = None
    end: int = 0                       # offset where the body starts
    issuer_lines: list[str] = field(default_factory=list)


def is_upper_text(text: str) -> bool:
    letters = _LETTERS.findall(text)
    return len(letters) >= 2 and all(not ch.islower() for ch in letters)


def iso_date(d: Optional[str], m: Optional[str], y: Optional[str]) -> Optional[str]:
    if not y:
        return None
    if not (d and m):
        return None  # day or month left blank for the văn thư: no issue date yet
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def split_organisations(upper_text: str) -> list[str]:
    """'ĐẢNG BỘ TỈNH TRÀ VINH ĐẢNG ỦY KHỐI …' → ['ĐẢNG BỘ TỈNH TRÀ VINH', 'ĐẢNG ỦY KHỐI …']."""
    cfg = header_rules()
    heads = sorted({tuple(h.split()) for h in cfg.org_heads}, key=len, reverse=True)
    words = upper_text.split()
    orgs: list[list[str]] = []
    i, since_head = 0, 0
    while i < len(words):
        match = next((h for h in heads if tuple(w.upper() for w in words[i:i + len(h)]) == h), None)
        if match and (not orgs or since_head >= 1):
            orgs.append(list(words[i:i + len(match)]))
            i += len(match)
            since_head = 0
            continue
        if match:  # a head right after a head is part of the name ("ĐẢNG ĐOÀN QUỐC HỘI")
            orgs[-1].extend(words[i:i + len(match)])
            i += len(match)
            since_head += len(match)
            continue
        if not orgs:
            orgs.append([])
        orgs[-1].append(words[i])
        since_head += 1
        i += 1
    return [" ".join(o) for o in orgs if o]


def _strip_mottos(text: str, header: Header) -> str:
    cfg = header_rules()
    folded = fold(text)
    for motto, family in ((cfg.party_motto, "party"), (cfg.state_motto, "state")):
        key = fold(motto)
        pos = folded.find(key)
        if pos >= 0:
            header.family = header.family or family
            header.motto = motto if family == "party" else f"{cfg.state_motto} - {cfg.state_slogan}"
            text = text[:pos] + text[pos + len(key):]
            folded = fold(text)
    key = fold(cfg.state_slogan)
    pos = folded.find(key)
    if pos >= 0:
        header.family = header.family or "state"
        text = text[:pos] + text[pos + len(key):]
    return text.strip(" -–*")


def _take_number(text: str, header: Header) -> str:
    if header.code is not None or "Số" not in text:
        return text
    m = PARTY_NUMBER.search(text)
    family = "party"
    state = STATE_NUMBER.search(text)
    if state and (not m or state.start() <= m.start()):
        m, family = state, "state"
    if not m:
        return text
    num, typ, iss = m.group("num"), m.group("type"), m.group("issuer")
    year = m.groupdict().get("year")
    header.number = num
    header.type_abbr = typ
    if family == "party":
        header.symbol = f"{typ}/{iss}"
        header.code = f"{num or ''}-{typ}/{iss}"
    else:
        header.symbol = f"{typ}-{iss}"
        header.code = f"{num or ''}/{year + '/' if year else ''}{typ}-{iss}"
    header.family = header.family or family
    return (text[: m.start()] + text[m.end():]).strip(" ,;")


def _take_date(text: str, header: Header) -> str:
    if header.date is not None or "ngày" not in text:
        return text
    m = DATE.search(text)
    if not m:
        return text
    header.date = iso_date(m.group("d"), m.group("m"), m.group("y"))
    if m.group("place"):
        header.place = " ".join(m.group("place").split()).strip(" ,")
    return (text[: m.start()] + text[m.end():]).strip(" ,")


def _match_doc_type(text: str) -> tuple[Optional[str], str]:
    """'NGHỊ QUYẾT CỦA BAN …' → ('Nghị quyết', 'CỦA BAN …') when the line is in capitals."""
    if not is_upper_text(text.split(":")[0]):
        return None, text
    folded = fold(text)
    for dt in sorted(header_rules().doc_types, key=lambda d: len(d.name), reverse=True):
        key = fold(dt.name)
        if folded == key or folded.startswith(key + " ") or folded.startswith(key + ":"):
            return dt.name, text[len(key):].strip(" :")
    return None, text


def _is_body_start(text: str, header: Header) -> bool:
    cfg = header_rules()
    if any(text.startswith(op) for op in cfg.body_openers) or label_kind(text) is not None:
        return True
    if text.endswith(":") or len(text) > 220:
        return True
    if header.issuer_lines and is_upper_text(text):
        issuer = fold(" ".join(header.issuer_lines))
        if fold(text) == issuer or issuer.endswith(fold(text)) and len(text) > 12:
            return True
    return bool(header.issuer_lines) and is_upper_text(text) and fold(text) in {fold(x) for x in header.issuer_lines}


def _collect_title(doc: NormalizedDocument, start: int, first: str, header: Header) -> tuple[str, int]:
    parts = [first] if first else []
    end_index = start
    for j in range(start + 1, min(start + 6, len(doc.paragraphs))):
        text = doc.paragraph_text(doc.paragraphs[j])
        opens_title = not parts and len(text) < 300 and not text.startswith("Căn cứ") and label_kind(text) is None
        if not opens_title and (_is_body_start(text, header) or (parts and sum(map(len, parts)) > 350)):
            break
        if not is_upper_text(text) and not doc.paragraphs[j].bold and parts and text[:1].isupper() and len(text) > 120:
            break
        parts.append(text)
        end_index = j
    return " ".join(parts).strip(" -"), end_index


def parse_header(doc: NormalizedDocument) -> Header:
    header = Header()
    limit = min(len(doc.paragraphs), 40)
    type_index: Optional[int] = None
    last_header_index = -1
    skip_to = -1
    for i in range(limit):
        if i <= skip_to:
            continue
        raw, skip_to = _with_split_parts(doc, i, limit)
        text = _take_date(_take_number(_strip_mottos(raw, header), header), header)
        text = text.strip(" *-–,")
        if text != raw.strip():
            last_header_index = i
        if not text:
            last_header_index = i
            continue
        doc_type, rest = _match_doc_type(text)
        if doc_type and (header.code or header.issuer_lines or header.date):
            header.doc_type = doc_type
            type_index = i
            header.title, title_end = _collect_title(doc, i, rest, header)
            last_header_index = title_end
            break
        if is_upper_text(text) and len(text) < 200:
            header.issuer_lines.append(text)
            last_header_index = i
            continue
        if _is_body_start(text, header) and (header.code or header.date):
            break
    _settle_issuer(header)
    if header.doc_type is None and header.type_abbr:
        header.doc_type = doc_type_for_abbr(header.type_abbr, header.family)
    if last_header_index >= 0:
        header.end = doc.paragraphs[last_header_index].end + 1 if last_header_index + 1 < len(doc.paragraphs) else len(doc.text)
    if type_index is None and header.title is None:
        header.title = _untyped_title(doc, last_header_index)
    return header


def _with_split_parts(doc: NormalizedDocument, i: int, limit: int) -> tuple[str, int]:
    """A paragraph, merged with the next when a motto or a date is split over the two."""
    text = doc.paragraph_text(doc.paragraphs[i])
    if i + 1 >= limit:
        return text, i
    nxt = doc.paragraph_text(doc.paragraphs[i + 1])
    cfg = header_rules()
    both = f"{text} {nxt}"
    for motto in (cfg.party_motto, cfg.state_motto):
        key = fold(motto)
        if key not in fold(text) and key not in fold(nxt) and key in fold(both):
            return both, i + 1
    if "ngày" in text and not DATE.search(text) and DATE.search(both):
        return both, i + 1
    return text, i


def _untyped_title(doc: NormalizedDocument, last: int) -> Optional[str]:
    """Công văn carry their subject as 'V/v …' (State) or an italic line (Party)."""
    for p in doc.paragraphs[: max(0, last) + 4]:
        text = doc.paragraph_text(p)
        if text.startswith(("V/v", "V/V", "Về việc")):
            subject = text[3:].strip(" :") if text.startswith(("V/v", "V/V")) else text
            return subject or None
    return None


def _settle_issuer(header: Header) -> None:
    if not header.issuer_lines:
        return
    orgs = split_organisations(" ".join(header.issuer_lines))
    orgs = [o for o in orgs if not is_upper_text(o) or len(o) > 2]
    if not orgs:
        return
    header.issuer = sentence_case(orgs[-1])
    header.parent_issuer = sentence_case(orgs[-2]) if len(orgs) >= 2 else None
