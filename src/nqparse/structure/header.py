"""The header block: issuing body and its parent, motto, number and symbol, place and date,
document type and title (trích yếu).

Forms handled:
- Party (HD 36): "ĐẢNG BỘ TỈNH TRÀ VINH / ĐẢNG ỦY KHỐI CÁC CƠ QUAN / VÀ DOANH NGHIỆP", "*",
  "Số 03-NQ/ĐUK", "ĐẢNG CỘNG SẢN VIỆT NAM", "Trà Vinh, ngày 10 tháng 01 năm 2022";
- State (NĐ 30): "ỦY BAN NHÂN DÂN / TỈNH BẮC NINH", "Số: 144/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ
  NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc", "Số: 30/2020/NĐ-CP";
- Party committees of State bodies: "ĐẢNG BỘ TỈNH LÀO CAI / ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"
  (issuer "Đảng ủy Ủy ban nhân dân tỉnh", parent "Đảng bộ tỉnh Lào Cai");
- công văn: a symbol with no type ("Số: 193/UBND-KT") and the subject as "V/v …", wrapped over
  lines ("V/v tăng cường công tác quản lý, giám sát hoạt động VLNCN, / TCTN trên địa bàn tỉnh");
  the place/date line read after "Kính gửi:" when a PDF gives the left column first;
- the two columns in any order, names wrapped mid-word-group ("BAN / CHẤP HÀNH TRUNG ƯƠNG"),
  issuer and motto on one line ("CHÍNH PHỦ CỘNG HÒA XÃ HỘI …"), dates split over lines;
- drafts for signature, number and day left blank for the văn thư ("Số   -HD/BTCTU",
  "Số: /KH-UBND", "ngày     tháng 12 năm 2025"): no number, no code, no date (the symbol stays).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from ..document import NormalizedDocument
from ..grammar import canonical_abbreviation, label_kind, party_code, state_code
from ..textkey import fold_tones
from .rules import all_doc_types, doc_type_for_abbr, doc_types, fold, header_rules, sentence_case

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
    number_left_blank: bool = False    # "Số: /KH-UBND": a draft for signature
    subject_after: dict[int, str] = field(default_factory=dict)  # "Số: 17986/BTC-CT V/v …": the rest
    date_as_written: Optional[str] = None  # the place/date line when it gives no full date


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
        if match and len(match) == 1 and i + 1 >= len(words) and orgs:
            match = None  # "… THÀNH PHỐ HẢI PHÒNG": a one-word head with no name after it ends a place name
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
    """'Số 03-NQ/ĐUK', 'Số: 144/KH-UBND', 'Số: 30/2020/NĐ-CP', 'Số: 193/UBND-KT' (a công văn:
    no type), 'Số: /KH-UBND' (a draft: symbol only, no number and no code)."""
    if header.symbol is not None or "Số" not in text:
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
    header.number_left_blank = num is None
    types = all_doc_types()
    if family == "party":
        typ = canonical_abbreviation(typ, family, types)
        header.symbol = f"{typ}/{iss}"
        header.code = party_code(num, typ, iss, types) if num else None
    else:
        typ = canonical_abbreviation(typ, family, types) if typ else typ
        header.symbol = f"{typ}-{iss}"
        header.code = state_code(num, year, typ, iss, types) if num else None
    header.type_abbr = typ
    header.family = header.family or family
    return (text[: m.start()] + text[m.end():]).strip(" ,;")


def _take_date(text: str, header: Header) -> str:
    if header.date is not None or header.date_as_written is not None or "ngày" not in text:
        return text
    m = DATE.search(text)
    if not m:
        return text
    header.date = iso_date(m.group("d"), m.group("m"), m.group("y"))
    if header.date is None:
        header.date_as_written = " ".join(m.group(0).split())
    if m.group("place"):
        header.place = " ".join(m.group("place").split()).strip(" ,")
    return (text[: m.start()] + text[m.end():]).strip(" ,")


def _match_doc_type(text: str) -> tuple[Optional[str], str]:
    """'NGHỊ QUYẾT CỦA BAN …' → ('Nghị quyết', 'CỦA BAN …') when the line is in capitals."""
    if not is_upper_text(text.split(":")[0]):
        return None, text
    folded = fold(text)
    for dt in sorted(doc_types(), key=lambda d: len(d.name), reverse=True):
        key = fold(dt.name)
        if folded == key or folded.startswith(key + " ") or folded.startswith(key + ":"):
            return dt.name, text[len(key):].strip(" :")
    return None, text


def _is_body_start(text: str, header: Header) -> bool:
    cfg = header_rules()
    if text.startswith(tuple(cfg.subject_markers)):
        return False  # "V/v:" with the subject on the next line
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
        if parts and is_upper_text(text) and not is_upper_text(parts[-1]) and _opens_preamble(doc, j + 1):
            break   # "ỦY BAN THƯỜNG VỤ QUỐC HỘI" between a title in normal case and "Căn cứ …": the authority
        parts.append(text)
        end_index = j
    title = " ".join(parts).strip(" -")
    if _opens_preamble(doc, end_index + 1):
        title = _without_authority(title, header)
    return title, end_index


_NOT_AN_AUTHORITY_AFTER = {"của", "thuộc", "cho", "với", "và", "tại", "đối", "trực"}


def _without_authority(title: str, header: Header) -> str:
    """An upper-case title run together with the enacting authority written under it, before the
    "Căn cứ …" (a crawl joins the two bold lines): "VỀ VIỆC … CỦA SỞ TÀI CHÍNH | CHỦ TỊCH ỦY BAN
    NHÂN DÂN TỈNH AN GIANG", "… CHÍNH PHỦ SỐ | THỦ TƯỚNG CHÍNH PHỦ", "… (SỬA ĐỔI) | CHÍNH PHỦ".
    The authority is the issuer, or a signer's title followed by the issuer (or the start of its
    name: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"); one named after "CỦA" belongs to the title. A header
    that lost its issuer takes the authority's organisation as its issuer."""
    if not is_upper_text(title):
        return title
    words = title.split()
    folded = [fold_tones(w) for w in words]
    cfg = header_rules()
    orgs = split_organisations(" ".join(header.issuer_lines)) if header.issuer_lines else []
    issuer = fold_tones(orgs[-1]).split() if orgs else []
    titles = sorted({tuple(fold_tones(t).split()) for t in cfg.signer_titles}, key=len, reverse=True)
    heads = {tuple(fold_tones(h).split()) for h in cfg.org_heads}
    for i in range(len(words) - 1, 1, -1):
        if folded[i - 1] in _NOT_AN_AUTHORITY_AFTER:
            continue
        rest = folded[i:]
        office = next((t for t in titles if tuple(rest[:len(t)]) == t), ())
        org = rest[len(office):]
        if issuer and (rest == issuer or office and org and issuer[:len(org)] == org):
            office = next((t for t in titles if i > len(t) and tuple(folded[i - len(t):i]) == t), ())
            return " ".join(words[:i - len(office)]).rstrip(" ,-")      # "… | CHỦ TỊCH ỦY BAN …"
        if not issuer and office and any(tuple(org[:len(h)]) == h for h in heads):
            header.issuer_lines.append(" ".join(words[i + len(office):]))
            return " ".join(words[:i]).rstrip(" ,-")
    return title


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
        numbered = header.symbol
        text = _take_date(_take_number(_strip_mottos(raw, header), header), header)
        text = text.strip(" *-–,")
        if text != raw.strip():
            last_header_index = skip_to   # both parts of a date split over two lines
        if numbered is None and header.symbol is not None and text.startswith(tuple(header_rules().subject_markers)):
            header.subject_after[i] = text
        if not text:
            continue
        doc_type, rest = _match_doc_type(text)
        if doc_type and (header.symbol or header.issuer_lines or header.date):
            header.doc_type = doc_type
            type_index = i
            header.title, title_end = _collect_title(doc, i, rest, header)
            last_header_index = title_end
            break
        if is_upper_text(text) and len(text) < 200:
            header.issuer_lines.append(text)
            last_header_index = i
            continue
        if _is_body_start(text, header) and (header.symbol or header.date):
            if header.date is None and header.date_as_written is None:
                last_header_index = max(last_header_index, _right_column_after(doc, i, limit, header))
            break
    if not header.issuer_lines and type_index is not None:
        last_header_index = _enacting_authority(doc, last_header_index, header)
    _settle_issuer(header)
    if header.doc_type is None and header.type_abbr:
        header.doc_type = doc_type_for_abbr(header.type_abbr, header.family)
    if type_index is None and header.title is None:
        header.title, title_end, abbreviated = _untyped_title(doc, last_header_index, header.subject_after)
        last_header_index = max(last_header_index, title_end)
        if abbreviated or header.doc_type is None and _is_letter(header):
            header.doc_type = header_rules().letter_type
    if last_header_index >= 0:
        last_header_index = _after_addressees(doc, last_header_index)
        header.end = doc.paragraphs[last_header_index].end + 1 if last_header_index + 1 < len(doc.paragraphs) else len(doc.text)
    return header


def _enacting_authority(doc: NormalizedDocument, title_end: int, header: Header) -> int:
    """A header that lost its issuer cell (a crawl): the authority line a legal document puts
    between its title and its "Căn cứ …" ("ỦY BAN THƯỜNG VỤ QUỐC HỘI") names the issuer."""
    at = title_end + 1
    if not _opens_preamble(doc, at + 1):
        return title_end
    line = doc.paragraph_text(doc.paragraphs[at]).strip(" *")
    if is_upper_text(line) and len(line) < 100:
        header.issuer_lines.append(line)
        return at
    return title_end


def _opens_preamble(doc: NormalizedDocument, index: int) -> bool:
    """Does paragraph ``index`` open the body's preamble ("Căn cứ …", "Xét …")?"""
    return index < len(doc.paragraphs) and \
        doc.paragraph_text(doc.paragraphs[index]).strip(" *_").startswith(tuple(header_rules().body_openers))


def _right_column_after(doc: NormalizedDocument, stop: int, limit: int, header: Header) -> int:
    """The motto and the place/date line of the right column, when a PDF gives the left column
    first and "Kính gửi:" (or the body) comes before them: the index of the date line, or -1.

    'Số: 193/UBND-KT', 'V/v …', 'Kính gửi:', 'CỘNG HOÀ XÃ HỘI …', 'Độc lập - …', 'Lào Cai, ngày 10 …'.
    Only lines that are wholly motto or place/date count (never a date inside a sentence)."""
    read = Header()
    for j in range(stop + 1, min(limit, stop + 7)):
        raw = doc.paragraph_text(doc.paragraphs[j])
        line = Header()
        rest = _take_date(_strip_mottos(raw, line), line).strip(" *-–,")
        if rest == raw.strip():
            continue
        if rest:
            return -1
        read.family, read.motto = read.family or line.family, read.motto or line.motto
        if line.date or line.date_as_written:
            header.date, header.date_as_written, header.place = line.date, line.date_as_written, line.place
            header.family, header.motto = header.family or read.family, header.motto or read.motto
            return j
    return -1


def _after_addressees(doc: NormalizedDocument, last: int) -> int:
    """A công văn's addressees belong to its header: 'Kính gửi: …' right after the header (or
    read past by it), then the '- …;' items (one wrapped onto a second line included) up to the
    item that ends with '.'. Returns the index of the header's last paragraph."""
    paras = doc.paragraphs
    openers = tuple(header_rules().addressee_openers)
    nearby = range(min(last + 1, len(paras) - 1), max(-1, last - 7), -1)
    opener = next((j for j in nearby if doc.paragraph_text(paras[j]).startswith(openers)), None)
    if opener is None:
        return last
    previous = doc.paragraph_text(paras[opener])
    k = max(last, opener)
    if k == opener and previous.rstrip().endswith("."):
        return k                                     # "Kính gửi: Bộ trưởng Bộ Khoa học và Công nghệ."
    while k + 1 < len(paras):
        text = doc.paragraph_text(paras[k + 1])
        dashed = text[:1] in "-+•–"
        unfinished = previous.rstrip()[-1:] not in ";.:" and (previous[:1] in "-+•–" or k == opener)
        if not (dashed or unfinished or k == opener) or len(text) > 250 or label_kind(text) not in (None, "bullet"):
            break
        k += 1
        previous = text
        if text.rstrip().endswith("."):
            break
    return k


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


def _untyped_title(doc: NormalizedDocument, last: int, read: dict[int, str]) -> tuple[Optional[str], int, bool]:
    """Công văn carry their subject as 'V/v …' (State) or an italic line (Party); a subject
    wrapped onto the next lines ('V/v tăng cường công tác quản lý, giám sát hoạt động VLNCN,' /
    'TCTN trên địa bàn tỉnh') or written under a bare 'V/v:' is joined; ``read`` holds what was
    left of header lines once their number and date were taken ('Số: 17986/BTC-CT V/v Phổ biến
    …' → 'V/v Phổ biến …'). Returns the subject,
    the index of its last line, and whether it was marked 'V/v' (a công văn whatever its
    symbol: in "Số: 5253/CT-CS" CT is the Cục Thuế, not a Chỉ thị)."""
    cfg = header_rules()
    paras = doc.paragraphs
    for i, p in enumerate(paras[: max(0, last) + 4]):
        text = read.get(i) or doc.paragraph_text(p)
        marker = next((m for m in cfg.subject_markers if text.startswith(m)), None)
        if marker is None:
            continue
        abbreviated = fold(marker) == "v/v"       # "Về việc" stays part of the subject
        parts = [text[len(marker):].strip(" :") if abbreviated else text]
        end = i
        while end + 1 < len(paras) and _continues_subject(parts[-1], doc.paragraph_text(paras[end + 1])):
            parts.append(doc.paragraph_text(paras[end + 1]))
            end += 1
        subject = " ".join(x for x in parts if x).rstrip(" .,;")
        return subject or None, end, abbreviated
    return None, -1, False


_PLACE_DATE_START = re.compile(r"^[^\d,;:]{1,40},\s*ngày\b|^tháng\s+\d|^năm\s+(?:19|20)\d\d")


def _continues_subject(line: str, nxt: str) -> bool:
    """'… hoạt động VLNCN,' + 'TCTN trên địa bàn tỉnh': a short line that is not a new part of
    the header (Kính gửi, motto, place/date even when split, number, a label) and follows an
    unfinished line or a bare 'V/v:'."""
    if line and line.rstrip()[-1:] in ".;:" or len(nxt) > 120:
        return False
    if is_upper_text(nxt) or "Số" in nxt[:3] or DATE.search(nxt) or _PLACE_DATE_START.search(nxt):
        return False
    if label_kind(nxt) is not None:
        return False
    cfg = header_rules()
    key = fold(nxt)
    if any(key.startswith(fold(m)) for m in (cfg.state_slogan, cfg.party_motto, cfg.state_motto)):
        return False
    return not nxt.startswith(tuple(cfg.body_openers) + tuple(cfg.addressee_openers))


def _is_letter(header: Header) -> bool:
    """A công văn: a State symbol with no document type ('193/UBND-KT': issuer and unit), or a
    subject and no symbol at all. A Party 'QĐ' (Quy định or Quyết định) is not one."""
    known = {a for dt in doc_types() for a in dt.abbr}
    if header.symbol is not None:
        return header.family == "state" and header.type_abbr not in known
    return header.title is not None


def _settle_issuer(header: Header) -> None:
    if not header.issuer_lines:
        return
    orgs = split_organisations(" ".join(header.issuer_lines))
    orgs = [o for o in orgs if not is_upper_text(o) or len(o) > 2]
    if not orgs:
        return
    header.issuer = sentence_case(orgs[-1])
    header.parent_issuer = sentence_case(orgs[-2]) if len(orgs) >= 2 else None
