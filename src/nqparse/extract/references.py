"""Find the documents a text cites, normalize their codes, one entry per distinct document.

Forms handled (patterns in :mod:`citation_patterns`, vocabulary in ``rules/references.yaml``):

- numbered, Party: "Chỉ thị số 12-CT/TU, ngày 28/10/2021 của Ban Thường vụ Tỉnh ủy về …",
  "Số: 36-HD/VPTW", "357 –CV/HNDTW", "15- NQ/tw", "57\\-NQ/TW", a line break in the code;
- numbered, State: "71/NQ-CP", "411/QĐ-TTg", "30/2020/NĐ-CP", "80/2015/QH13",
  "55/2005/TTLT-BNV-VPCP", "03/VBHN-VPQH", "Luật Tổ chức chính quyền địa phương số 72/2025/QH15";
- malformed, normalized with a warning: "Nghị định số 90-NĐ/CP ngày 13/8/2020" → 90/2020/NĐ-CP;
- partial: "Quy định 784 của Ban Thường vụ Tỉnh ủy" → 784-QĐ/TU (partial), "Thông tư số 23 của
  Bộ Công an", "Quy định số 37 về những điều đảng viên không được làm";
- unnumbered named: "Nghị quyết Đại hội XIII của Đảng", "Nghị quyết Trung ương 4 khóa XII",
  "Điều lệ Đảng", "Luật Tổ chức chính quyền địa phương" (code from known documents when known);
- back-references joined to the citation they point to: "Chỉ thị trên", "Nghị quyết này",
  "Kế hoạch số 92", "Nghị quyết 57".

The document's own number is never a citation.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..document import StructuredDocument
from ..grammar import LEADING_LABEL
from ..schema import ParseWarning, Reference, ReferenceRole
from . import citation_codes as codes
from .citation_patterns import (
    CONGRESS, DATE, ISSUER_LEAD, ISSUER_TERM, LAW_GAP, LAW_NAME_TAIL, PARTIAL_TAIL,
    PARTY_CODE, CLOSING_GAP, CODE_DIGITS, NOT_BEFORE_CODE, ISSUER_BEFORE, LIST_GAP, PLENUM, QUOC_HOI_SYMBOL, QUOTED_TITLE, STATE_CODE, TAIL_GAP, TITLE_BODY, TITLE_LEAD, NAMED_CODE,
    TYPE_GAP, YEAR_WORD, WordHit, back_reference_tail, find_words, generic_issuer, issuer_pattern, known_aliases,
    issuer_head, known_law_name, next_citation, place_name, title_cut, title_link, title_opener,
)

ROLE_RANK = {ReferenceRole.MENTION: 0, ReferenceRole.IMPLEMENTS: 1, ReferenceRole.LEGAL_BASIS: 2}


@dataclass
class Citation:
    """One place the text cites a document (before grouping into a Reference)."""

    start: int
    end: int
    code: Optional[str] = None
    number: Optional[str] = None
    symbol: Optional[str] = None
    abbreviation: Optional[str] = None
    family: Optional[str] = None
    year: Optional[int] = None
    doc_type: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    title: Optional[str] = None
    partial: bool = False
    shared_issuer: bool = False          # issuer written once for a list of citations
    name: Optional[str] = None          # unnumbered named document
    resolved: Optional[str] = None
    warnings: list[str] = field(default_factory=list)
    role: ReferenceRole = ReferenceRole.MENTION
    target: Optional["Citation"] = None  # a short mention joined to a full citation
    title_start: int = -1                # where the title stands in the text
    title_end: int = -1
    links_next: bool = False             # the title stopped at the next citation, which it names

    def reach(self) -> int:
        """Where the citation ends in the text, its title (extended through a named citation) included."""
        return max(self.end, self.title_end)

    def key(self) -> str:
        if self.target is not None:
            return self.target.key()
        if self.code:
            return codes.code_key(self.code)
        if self.name:
            return "name:" + codes.fold(self.name)
        return f"partial:{codes.fold(self.doc_type or '')}:{self.number}:{codes.fold(self.issuer or '')}"


def find_references(doc: StructuredDocument) -> tuple[list[Reference], list[ParseWarning]]:
    """Every document cited by ``doc``: one :class:`Reference` per distinct document, with all mentions."""
    text = doc.text
    lower = text.lower()
    if len(lower) != len(text):       # lower() changed a length (not Vietnamese): keep offsets exact
        lower = text
    rules = codes.reference_rules()
    every = find_words(lower, [t.name for t in rules.doc_types] + known_aliases())
    aliases = {a for a in known_aliases()}
    words = [w for w in every if w.word not in aliases]
    numbered = list(_numbered(text, words))
    _extend_linked_titles(text, numbered)
    own = _own_code_key(doc, numbered)
    taken = Occupied((c.start, c.end) for c in numbered)     # the own number too: "Quyết định số 6 /2020/…"
    numbered = [c for c in numbered if codes.code_key(c.code) != own]
    _share_issuers(text, numbered)
    named = _named(text, [w for w in every if w.word in aliases], words, taken)
    partial = _partials(text, lower, words, taken, numbered)
    citations = sorted(numbered + named + partial, key=lambda c: c.start)
    citations += _back_references(lower, words, taken, citations, doc.metadata.doc_type)
    citations.sort(key=lambda c: c.start)
    for c in citations:
        c.role = _role_at(doc, c.start)
    return _group(doc, citations)


class Occupied:
    """Stretches of text already read as a citation (sorted, non-overlapping), with a fast overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


# --- numbered citations ---------------------------------------------------------------

def _numbered(text: str, words: list[WordHit]) -> Iterable[Citation]:
    """Codes: every code holds a "/", found at C speed with ``str.find``; the patterns are tried from
    the runs of digits just before it (dates are rejected by the patterns)."""
    last_end = -1
    slash = text.find("/")
    while slash >= 0:
        found = None
        for digits in CODE_DIGITS.finditer(text, max(last_end, slash - 24, 0), slash):
            s = digits.start()
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] in NOT_BEFORE_CODE):
                continue
            for pattern, read in ((PARTY_CODE, _party), (STATE_CODE, _state)):
                m = pattern.match(text, s)
                if m and m.end() > slash and (cit := read(text, m)) is not None:
                    found = (m, cit)
                    break
            if found:
                break
        if found:
            m, cit = found
            last_end = m.end()
            _read_type_word(text, cit, words)
            _read_tail(text, cit, m.end())
            _fix_malformed(cit)
            yield cit
        slash = text.find("/", max(slash + 1, last_end))


def _party(text: str, m: re.Match) -> Optional[Citation]:
    abbr, issuer = m["type"], m["issuer"]
    known_type = bool(codes.type_words_for(abbr, "party") or codes.type_words_for(abbr, "state"))
    if not any(ch in m["sep"] for ch in "-–—‑‒−") and not known_type:
        return None
    if issuer.islower() and len(issuer) > 6:
        return None
    issuer = codes.normalize_issuer_symbol(issuer.replace("–", "-").replace("—", "-"))
    abbr = codes.canonical_abbreviation(abbr, "party")
    return Citation(start=m.start(), end=m.end(), code=codes.party_code(m["num"], abbr, issuer), number=m["num"],
                    symbol=f"{abbr}/{issuer}", abbreviation=abbr, family="party")


def _state(text: str, m: re.Match) -> Optional[Citation]:
    symbol = re.sub(r"[ \t]*[-–—‑‒−][ \t]*", "-", m["symbol"])
    parts = symbol.split("-")
    year = m["year"]
    if len(parts) == 1:
        if not (year and QUOC_HOI_SYMBOL.match(symbol)):
            return None
        abbr, issuer = None, symbol
    elif codes.type_words_for(parts[0], "state"):
        abbr, issuer = codes.canonical_abbreviation(parts[0], "state"), "-".join(parts[1:])
    else:
        abbr, issuer = None, symbol          # công văn: N/ISSUER-UNIT
    issuer = codes.normalize_issuer_symbol(issuer)
    code = codes.state_code(m["num"], year, abbr, issuer)
    sym = f"{abbr}-{issuer}" if abbr else issuer
    cit = Citation(start=m.start(), end=m.end(), code=code, number=m["num"], symbol=sym, abbreviation=abbr,
                   family="state", year=int(year) if year else None)
    if abbr is None and not year:
        cit.doc_type = "Công văn"
    return cit


def _read_type_word(text: str, cit: Citation, words: list[WordHit]) -> None:
    """The words before the code: "Chỉ thị số", "Luật Đất đai số", "Số:"."""
    i = bisect.bisect_left(words, cit.start, key=lambda w: w.start)
    for w in reversed(words[max(0, i - 3):i]):
        if w.word in codes.reference_rules().law_words and cit.start - w.end <= 110:
            known = known_law_name().match(text, w.end)
            if known and LAW_NUMBER_GAP.fullmatch(text, known.end(), cit.start):
                name = known["name"]                  # "Luật Cán bộ, công chức số 80/2025/QH15"
            elif gap := LAW_GAP.fullmatch(text, w.end, cit.start):
                name = gap["name"]
            else:
                continue
            cit.start, cit.doc_type = w.start, w.word
            cit.title = cit.title or " ".join(name.split())
            return
    w = words[i - 1] if i > 0 else None
    if w is not None and cit.start - w.end <= 24 and TYPE_GAP.fullmatch(text, w.end, cit.start):
        cit.start = w.start
        entry = codes.doc_type_named(w.word)
        if entry is not None and (entry.party or entry.state or entry.name in codes.reference_rules().law_words):
            cit.doc_type = entry.name
            return
    if cit.doc_type is None and cit.abbreviation:
        names = codes.type_words_for(cit.abbreviation, cit.family)
        cit.doc_type = names[0] if len(names) == 1 else None


def _read_tail(text: str, cit: Citation, pos: int) -> None:
    """Date, issuer and title after the code, in any order, each at most once."""
    end = pos
    in_parens = re.search(r"\((?:số[ \t]*)?$", text[max(0, cit.start - 6):cit.start]) is not None
    for _ in range(4):
        gap = TAIL_GAP.match(text, end)
        if in_parens and (close := CLOSING_GAP.match(text, end)):
            in_parens, gap = False, close      # "(số 157/KH-BGDĐT ngày 13/3/2020) của …": read past ")"
        at = gap.end()
        if cit.date is None and (m := DATE.match(text, at)):
            cit.date = _iso(m)
            end = m.end()
            continue
        if cit.issuer is None and (got := _read_issuer(text, at, bare="," not in gap.group(0))):
            cit.issuer, end = got
            continue
        if cit.title is None and (got := _read_title(text, at)):
            cit.title, cit.title_start, end, cit.links_next = got
            cit.title_end = end
            break
        break
    if cit.date is None and cit.year is None and (m := YEAR_WORD.match(text, TAIL_GAP.match(text, pos).end())):
        cit.year, end = int(m["y"]), max(end, m.end())
    if cit.date and cit.year is None and cit.family == "state" and cit.code and re.search(r"/(19|20)\d\d/", cit.code):
        cit.year = int(cit.code.split("/")[1])
    cit.end = max(cit.end, end)


def _share_issuers(text: str, numbered: list[Citation]) -> None:
    """Issuers written once for a list: "Nghị định số 83/…, Nghị định số 99/… của Chính phủ";
    and before the citation: "theo đề nghị của Sở Nội vụ tại Tờ trình số 517/TTr-SNV"."""
    for a, b in zip(reversed(numbered[:-1]), reversed(numbered[1:])):
        if a.issuer is None and b.issuer and a.family == b.family and a.abbreviation == b.abbreviation \
                and LIST_GAP.fullmatch(text, a.end, b.start):
            a.issuer, a.shared_issuer = b.issuer, True
    for c in numbered:
        if c.issuer is None and (m := ISSUER_BEFORE.search(text, max(0, c.start - 100), c.start)) \
                and _is_issuer_name(m["issuer"]):      # not "của Công ty liên quan đến quy định tại …"
            c.issuer, c.shared_issuer = " ".join(m["issuer"].split()), True


def _is_issuer_name(name: str) -> bool:
    """Is ``name`` read whole as an issuer ("Sở Nội vụ", not "Công ty liên quan đến quy định")?"""
    written = "của " + name.rstrip()
    got = _read_issuer(written, 0)
    return got is not None and got[1] >= len(written)


def _iso(m: re.Match) -> Optional[str]:
    day, month, year = int(m["d"]), int(m["m1"] or m["m2"]), int(m["y1"] or m["y2"])
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _read_issuer(text: str, at: int, bare: bool = True) -> Optional[tuple[str, int]]:
    """"của Ban Thường vụ Tỉnh ủy Trà Vinh", "do Chính phủ", or a known issuer right after the date."""
    lead = ISSUER_LEAD.match(text, at)
    if lead is None and not bare:
        return None
    start = lead.end() if lead else at
    m = issuer_pattern().match(text, start)
    if m is None:
        head = issuer_head().match(text, start)
        m = issuer_pattern().match(text, head.end()) if head else None   # "Bộ trưởng |Bộ Văn hóa, Thể thao …"
        generic = generic_issuer().match(text, start) if lead else None
        if generic is not None and (m is None or generic.end() > m.end()):
            return re.sub(r"(?<=[^\d\s])\d+$", "", " ".join(generic.group(0).split())), generic.end()  # footnote mark
        if m is None:
            return None
    end = m.end()
    name = codes.fold(m.group(0))
    if name.endswith(_place_taking_endings()):
        if place := place_name().match(text, end):
            end = place.end()
    if term := ISSUER_TERM.match(text, end):
        end = term.end()
    return " ".join(text[start:end].replace("*", "").split()).rstrip(")").strip(), end


@codes.vocabulary_cache(maxsize=1)
def _place_taking_endings() -> tuple[str, ...]:
    return tuple(codes.fold(w) for w in codes.reference_rules().issuers_followed_by_place)


def _read_title(text: str, at: int) -> Optional[tuple[str, int, int, bool]]:
    """The title after the code, date or issuer: quoted, after "về"/"V/v", or opening with its verb
    ("… của Chính phủ quy định chi tiết …"). Returns (title, start, end, links_next): ``links_next``
    when it stopped at the next citation after a word needing its object ("… một số điều của|")."""
    if q := QUOTED_TITLE.match(text, at):
        title = q["title"].replace("*", "").strip()
        return (re.sub(r"^(?:về|V/v)\s+", "", title) or None), q.start() + 1, q.end(), False
    lead = TITLE_LEAD.match(text, at)
    if lead is None and not title_opener().match(text, at):
        return None
    start = lead.end() if lead else at
    body = TITLE_BODY.match(text, start)
    if body is None:
        return None
    title = body.group(0)
    if cut := title_cut().search(title):
        title = title[:cut.start()]
    links_next = False
    if nxt := next_citation().search(title):
        title = title[:nxt.start()]
        links_next = bool(title_link().search(title.replace("*", "").rstrip(" ,.-–")))
    title = TRAILING_LINK.sub("", title)            # a list or a cut clause: "… hành chính và| Nghị định số 48/…"
    if len(title) > 300:
        title, links_next = title[:300].rsplit(" ", 1)[0], False
    end = start + len(title)
    title = " ".join(title.replace("*", "").split())
    if lead is None and not links_next and (len(title.split()) < 3 or text.startswith(":", end)):
        return None                                  # "… của Bộ Tài chính quy định: …" is the citing sentence
    return (title or None), start, end, links_next


TRAILING_LINK = re.compile(r"(?:[\s,.*–-]+(?:và|hoặc))*[\s,.*–-]*$")


def _extend_linked_titles(text: str, numbered: list[Citation]) -> None:
    """A title that stopped at the next citation after a word needing its object goes on through it
    (and through a citation joined to it by "và"): "sửa đổi, bổ sung một số điều của Nghị định số
    10/2022/NĐ-CP ngày 15/01/2022 của Chính phủ quy định về lệ phí trước bạ", "tiếp tục thực hiện
    Chỉ thị số 05-CT/TW của Bộ Chính trị". Later citations first, so a chain is read whole; a named
    citation whose code is not read ("Nghị định số 74/CP") is read here with its date and issuer."""
    starts = {c.start: c for c in numbered}
    for cit in reversed(numbered):
        if not cit.links_next:
            continue
        end = _reach_of_named(text, SPACES.match(text, cit.title_end).end(), starts)
        ends = [end] if end is not None else []
        while ends and (gap := AND_GAP.match(text, ends[-1])) and (more := _reach_of_named(text, gap.end(), starts)):
            ends.append(more)
        for end in reversed(ends):                     # the whole list when it is not too long
            title = " ".join(text[cit.title_start:end].replace("*", "").split()).rstrip(" ,.;")
            if len(title) <= 500:
                cit.title, cit.title_end = title, end
                break


def _reach_of_named(text: str, at: int, starts: dict[int, Citation]) -> Optional[int]:
    """Where the citation starting at ``at`` ends, its title included: a numbered citation read
    before, else "Type số CODE" with its date, issuer and title read now."""
    if at in starts:
        return starts[at].reach()
    word = next_citation().match(text, at)
    if word is None:
        return None
    code = NAMED_CODE.match(text, word.end() - 1)
    named = Citation(start=at, end=code.end() if code else word.end())
    _read_tail(text, named, named.end)
    return named.reach()


SPACES = re.compile(r"[\s*]*")
LAW_NUMBER_GAP = re.compile(r"[\s*]+số[\s*]*:?[\s*]*")
LAW_NOT_A_NAME = re.compile(r"(?i:pháp)[ \t]+$")
AND_GAP = re.compile(r"[ \t*]*(?:,[ \t]*)?và[ \t*]+")


def _fix_malformed(cit: Citation) -> None:
    """A Party-shaped code of a State document ("90-NĐ/CP") and the reverse ("57/NQ-TW")."""
    if cit.family == "party" and cit.abbreviation and (
        codes.is_state_only_type(cit.abbreviation) or codes.issuer_family(cit.symbol.split("/")[1]) == "state"
    ):
        issuer = cit.symbol.split("/")[1]
        year = _required_year(cit)
        was = cit.code
        cit.family, cit.symbol = "state", f"{cit.abbreviation}-{issuer}"
        cit.code = codes.state_code(cit.number, year, cit.abbreviation, issuer)
        cit.year = int(year) if year else cit.year
        cit.warnings.append(f"malformed citation '{was}' written Party-style; read as {cit.code}")
    elif cit.family == "state" and cit.abbreviation and cit.year and re.fullmatch(r"QH\d{1,2}", cit.symbol.split("-", 1)[1]):
        was, issuer = cit.code, cit.symbol.split("-", 1)[1]
        cit.code, cit.symbol, cit.abbreviation = codes.state_code(cit.number, str(cit.year), None, issuer), issuer, None
        cit.warnings.append(f"malformed citation '{was}': Quốc hội codes carry no type; read as {cit.code}")
    elif cit.family == "state" and cit.abbreviation and cit.year is None:
        issuer = cit.symbol.split("-", 1)[1]
        if codes.issuer_family(issuer) == "party" and codes.type_words_for(cit.abbreviation, "party"):
            was = cit.code
            cit.family, cit.symbol = "party", f"{cit.abbreviation}/{issuer}"
            cit.code = codes.party_code(cit.number, cit.abbreviation, issuer)
            cit.warnings.append(f"malformed citation '{was}' written State-style; read as {cit.code}")
        elif (year := _required_year(cit)) is not None:
            was = cit.code
            cit.code, cit.year = codes.state_code(cit.number, year, cit.abbreviation, issuer), int(year)
            cit.warnings.append(f"malformed citation '{was}' lacks the year; read as {cit.code}")


def _required_year(cit: Citation) -> Optional[str]:
    """The year a normative State code must carry (Nghị định, Thông tư), from the citation's date."""
    needs = any(t.year_in_code for t in codes.reference_rules().doc_types
                if cit.abbreviation in t.state and (cit.doc_type in (None, t.name)))
    if needs and cit.date and cit.date[:4] >= "2000":
        return cit.date[:4]
    return None


def _own_code_key(doc: StructuredDocument, numbered: list[Citation]) -> Optional[str]:
    """The document's own number: metadata.code, else the first "Số …" code of the header."""
    if doc.metadata.code:
        return codes.code_key(doc.metadata.code)
    header_end = doc.body_start if doc.body_start > 0 else 1500
    for c in numbered:
        if c.start >= header_end:
            break
        if re.search(r"Số(?:\s+hiệu)?[\s*:]*$", doc.text[max(0, c.start - 16):c.start]) \
                or c.start == 0 and doc.text[:1].isdigit():  # a bare code opening the text; not "Nghị quyết số 12-NQ/TW …"
            return codes.code_key(c.code)
    return None


# --- unnumbered named documents, partial citations, back-references --------------------

def _named(text: str, alias_hits: list[WordHit], words: list[WordHit], taken: Occupied) -> list[Citation]:
    """Congress and plenum resolutions, laws by name, and the known documents' aliases."""
    from .known_documents import known_by_alias

    found = [(m.start(), m.end(), None, "Nghị quyết") for m in CONGRESS.finditer(text)]
    found += [(m.start(), m.end(), None, "Nghị quyết") for m in PLENUM.finditer(text)]
    found += [(h.start, h.end, None, None) for h in alias_hits]
    law_words = set(codes.reference_rules().law_words)
    for h in words:
        if h.word not in law_words or not text[h.start].isupper() or LAW_NOT_A_NAME.search(text, max(0, h.start - 8), h.start):
            continue                                 # "PHÁP LUẬT TRÊN ĐỊA BÀN" is no law
        if m := known_law_name().match(text, h.end) or LAW_NAME_TAIL.match(text, h.end):
            found.append((h.start, m.end(), m["name"], h.word))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[Citation] = []
    for start, end, law_name, kind in found:
        if taken.overlaps(start, end):
            continue
        name = " ".join(text[start:end].replace("*", "").split())
        cit = Citation(start=start, end=end, name=name, doc_type=kind)
        if law_name:
            cit.title = " ".join(law_name.split())
            _read_tail(text, cit, end)
            if re.match(r"[\s*]*số\b", text[cit.end:cit.end + 8]):
                continue                     # "Luật X số …" without a readable code: leave it
        known = known_by_alias(name)
        if known is not None:
            cit.code, cit.resolved = known.code, "known"
            cit.doc_type = known.doc_type or cit.doc_type
            cit.issuer, cit.date = cit.issuer or known.issuer, cit.date or known.date
            cit.title = cit.title or known.title
        elif kind is None:
            continue
        taken.add(cit.start, cit.end)
        out.append(cit)
    return out


def _partials(text: str, lower: str, words: list[WordHit], taken: Occupied, numbered: list[Citation]) -> list[Citation]:
    """"Quy định 784 của …", "Thông tư số 23 …", and short forms of full citations ("Nghị quyết 57")."""
    from .known_documents import known_by_parts

    out: list[Citation] = []
    for w in words:
        m = PARTIAL_TAIL.match(lower, w.end)
        if m is None or taken.overlaps(w.start, m.end()):
            continue
        entry = codes.doc_type_named(w.word)
        if entry is None or (not m["so"] and re.fullmatch(r"(19|20)\d\d", m["num"])):
            continue
        cit = Citation(start=w.start, end=m.end(), number=m["num"], doc_type=entry.name, partial=True,
                       year=int(m["year"]) if m["year"] else None)
        target = _full_citation_for(cit, numbered)
        if target is not None:
            cit.target = target
        else:
            if not text[w.start].isupper():
                continue
            _read_tail(text, cit, m.end())
            if not (m["so"] or cit.issuer or cit.title or cit.date):
                continue
            _complete_partial(cit, entry)
            known = known_by_parts(cit.doc_type, cit.number, cit.issuer, cit.title)
            if known is not None and known.code:
                cit.code, cit.resolved = known.code, "known"
                cit.date, cit.issuer = cit.date or known.date, cit.issuer or known.issuer
        taken.add(cit.start, cit.end)
        out.append(cit)
    return out


def _complete_partial(cit: Citation, entry: codes.DocTypeWord) -> None:
    """Number + type + issuer make a code: "Quy định 784 của Ban Thường vụ Tỉnh ủy" → 784-QĐ/TU."""
    issuer = codes.issuer_for_name(cit.issuer) if cit.issuer else None
    if issuer is None:
        return
    if issuer.family == "party" and entry.party:
        cit.code = codes.party_code(cit.number, entry.party[0], issuer.symbol)
        cit.family, cit.abbreviation = "party", entry.party[0]
    elif issuer.family == "state" and entry.state and not issuer.symbol_prefix:
        year = str(cit.year) if cit.year else (cit.date[:4] if cit.date else None)
        if entry.year_in_code and year is None:
            return
        cit.code = codes.state_code(cit.number, year if entry.year_in_code else None, entry.state[0], issuer.symbol)
        cit.family, cit.abbreviation = "state", entry.state[0]
    if cit.code:
        cit.symbol = cit.code.split("/", 1)[1] if cit.family == "party" else cit.code.rsplit("/", 1)[1]
        cit.warnings.append(f"partial citation: symbol completed from the issuer's name as {cit.code}")


def _compatible(doc_type: Optional[str], cit: Citation) -> bool:
    if doc_type is None or cit.doc_type is None and cit.abbreviation is None:
        return False
    if cit.doc_type and codes.fold(cit.doc_type) == codes.fold(doc_type):
        return True
    return bool(cit.abbreviation) and doc_type in codes.type_words_for(cit.abbreviation, cit.family or "party")


def _full_citation_for(short: Citation, numbered: list[Citation]) -> Optional[Citation]:
    """The full citation a short form points to: same type and number, nearest before, else after."""
    number = short.number.lstrip("0") or "0"
    same = [c for c in numbered if c.number and (c.number.lstrip("0") or "0") == number and _compatible(short.doc_type, c)
            and (short.year is None or c.year == short.year)]
    before = [c for c in same if c.start < short.start]
    return before[-1] if before else (same[0] if same else None)


def _back_references(lower: str, words: list[WordHit], taken: Occupied, citations: list[Citation],
                     own_type: Optional[str]) -> list[Citation]:
    """"Chỉ thị trên" → the last Chỉ thị cited; "Nghị quyết này" → the document itself in a Nghị quyết."""
    this = {codes.fold(w) for w in codes.reference_rules().back_references.this}
    tail = back_reference_tail()
    starts = [c.start for c in citations]
    out: list[Citation] = []
    for w in words:
        m = tail.match(lower, w.end)
        if m is None or taken.overlaps(w.start, m.end()):
            continue
        entry = codes.doc_type_named(w.word)
        if entry is None:
            continue
        if m["which"] in this and own_type and codes.fold(own_type) == codes.fold(entry.name):
            continue
        before = citations[:bisect.bisect_left(starts, w.start)]
        target = next((c.target or c for c in reversed(before) if _compatible(entry.name, c.target or c)), None)
        if target is not None:
            out.append(Citation(start=w.start, end=m.end(), doc_type=entry.name, target=target))
    return out


# --- role and grouping -----------------------------------------------------------------

@codes.vocabulary_cache(1)
def _role_words() -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern]:
    r = codes.reference_rules().roles
    title = "|".join(re.escape(codes.fold(w)) for w in r.title_implements) or "(?!x)x"
    return (tuple(codes.fold(w) for w in r.legal_basis), tuple(codes.fold(w) for w in r.implements),
            re.compile(rf"(?:^|\s)(?:{title})(?:\s|$)"))


SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZĐ])")


def _role_at(doc: StructuredDocument, offset: int) -> ReferenceRole:
    """"Căn cứ …" → legal basis; "Thực hiện …" in the preamble or title → implements; else mention."""
    text = doc.text
    legal_basis, implements, title_words = _role_words()
    if doc.paragraphs:
        para = doc.paragraphs[doc.normalized.paragraph_index_at(offset)]
        para_start = para.start if para.start <= offset else text.rfind("\n", 0, offset) + 1
    else:
        para_start = text.rfind("\n", 0, offset) + 1
    before = text[max(para_start, offset - 600):offset]
    sentence = list(SENTENCE_END.finditer(before))
    clause = before[sentence[-1].end():] if sentence else before
    clause = clause[-400:]
    clause = codes.fold(clause[LEADING_LABEL.match(clause).end():][:80])
    if clause.startswith(legal_basis):
        return ReferenceRole.LEGAL_BASIS
    preamble_end = doc.sections[0].start if doc.sections else doc.body_start + 2500
    if offset < preamble_end and any(clause == w or clause.startswith(w + " ") for w in implements):
        return ReferenceRole.IMPLEMENTS
    if offset < max(doc.body_start, 0) and title_words.search(clause):
        return ReferenceRole.IMPLEMENTS
    return ReferenceRole.MENTION


def _group(doc: StructuredDocument, citations: list[Citation]) -> tuple[list[Reference], list[ParseWarning]]:
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.key(), []).append(c)
    references: list[Reference] = []
    warnings: list[ParseWarning] = []
    for members in groups.values():
        full = [c for c in members if c.target is None] or [members[0].target]
        first = full[0]
        span = doc.normalized.span(first.start, first.end)
        ref = Reference(
            code=first.code, doc_type=_first(full, "doc_type"), number=first.number, symbol=first.symbol,
            year=_first(full, "year"), date=_first(full, "date"),
            issuer=_first([c for c in full if not c.shared_issuer], "issuer") or _first(full, "issuer"),
            title=_first(full, "title"), raw=span.quote, span=span,
            mentions=[doc.normalized.span(c.start, c.end) for c in members],
            role=max((c.role for c in members), key=ROLE_RANK.get), resolved=first.resolved or _known(first.code),
            partial=all(c.partial for c in full), warnings=sorted({w for c in full for w in c.warnings}),
        )
        dates = {c.date for c in full if c.date}
        if len(dates) > 1:
            ref.warnings.append(f"cited with different dates: {', '.join(sorted(dates))}")
        seen: set[str] = set()
        for c in full:
            for w in c.warnings:
                if w.startswith("malformed") and w not in seen:
                    seen.add(w)
                    warnings.append(ParseWarning(code="malformed_citation", message=w,
                                                 span=doc.normalized.span(c.start, c.end)))
        references.append(ref)
    references.sort(key=lambda r: r.span.start)
    return references, warnings


def _known(code: Optional[str]) -> Optional[str]:
    """'known' when ``rules/known_documents.yaml`` has the cited code (the corpus is consulted by xref)."""
    from .known_documents import known_by_code

    return "known" if known_by_code(code) is not None else None


def _first(items: list[Citation], attr: str):
    return next((getattr(c, attr) for c in items if getattr(c, attr) is not None), None)
