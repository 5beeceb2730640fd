"""Find the responsible bodies a document names, one :class:`Body` per organisation.

Names come from ``rules/bodies.yaml`` in three ways:

- known bodies with aliases and abbreviations: "cấp ủy cơ sở" and "Cấp ủy các chi bộ, đảng bộ
  cơ sở" are one body of kind ``co_so``; "UBND tỉnh" is "Ủy ban nhân dân tỉnh";
- organs named relative to the issuer: in a document of the Đảng ủy Khối, "Ban Thường vụ" and
  "Thường trực Đảng ủy Khối" are organs of that committee ("Ban Thường vụ Đảng ủy Khối");
- generic heads followed by a capitalised name: "Sở Thông tin và Truyền thông", "Ban Chỉ đạo 35".

Only the body of the document is searched (not the header nor "Nơi nhận").
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter
from typing import Optional

from ..document import StructuredDocument
from ..schema import Body, BodyKind, Span
from ..textkey import name_key, tones_first
from .vocabulary import BodyRules, PhraseIndex, body_rules, compiled, phrase_pattern, section_rules


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    name: str          # canonical name
    kind: BodyKind

    @property
    def id(self) -> str:
        return body_id(self.name)


_START = attrgetter("start")  # bisect over mentions sorted by where they start


def body_id(name: str) -> str:
    """A stable, ascii slug of a body's canonical name: "Ban Tuyên giáo Đảng ủy Khối" → "ban-tuyen-giao-dang-uy-khoi"."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass
class BodyMatcher:
    known: PhraseIndex
    known_by_key: dict[str, tuple[str, BodyKind]]
    abbreviations: Optional[re.Pattern[str]]
    abbrev_map: dict[str, tuple[str, BodyKind]]
    relative: PhraseIndex
    relative_by_key: dict[str, tuple[str, BodyKind]]
    generic: re.Pattern[str]
    generic_index: PhraseIndex
    generic_kinds: dict[str, BodyKind]
    stop_words: set[str]
    connectors: set[str]
    tails: re.Pattern[str]
    not_bodies: set[str]
    name_breakers: set[str]
    person_titles: Optional[re.Pattern[str]] = None
    split_heads: frozenset[str] = frozenset()
    qualifiers: Optional[re.Pattern[str]] = None
    collective_list: Optional[re.Pattern[str]] = None
    bare_list: Optional[re.Pattern[str]] = None


def matcher() -> BodyMatcher:
    r = body_rules()
    return compiled(r, "bodies", lambda: _build(r))


def _build(r: BodyRules) -> BodyMatcher:
    known: dict[str, tuple[str, BodyKind]] = {}
    abbrev: dict[str, tuple[str, BodyKind]] = {}
    entries = r.entries()
    for entry in entries:
        for alias in [entry.name, *entry.aliases]:
            known.setdefault(name_key(alias), (entry.name, entry.kind))
        for ab in entry.abbreviations:
            abbrev[ab] = (entry.name, entry.kind)
    relative: dict[str, tuple[str, BodyKind]] = {}
    for organ in r.relative_organs:
        for alias in [organ.name, *organ.aliases]:
            relative.setdefault(name_key(alias), (organ.name, organ.kind))
    heads = sorted({p.head for p in r.name_patterns}, key=len, reverse=True)
    head_alt = "|".join(r"\s+".join(map(re.escape, h.split())) for h in heads)
    abbr = None
    if abbrev:
        alt = "|".join(sorted(map(re.escape, abbrev), key=len, reverse=True))
        abbr = re.compile(rf"(?<![\w/-])(?:{alt})(?![\w/-])")
    return BodyMatcher(
        known=PhraseIndex([a for e in entries for a in [e.name, *e.aliases]]),
        known_by_key=known,
        abbreviations=abbr,
        abbrev_map=abbrev,
        relative=PhraseIndex([a for o in r.relative_organs for a in [o.name, *o.aliases]]),
        relative_by_key=relative,
        generic=re.compile(rf"(?<![\w])(?:{head_alt})(?=\s)") if heads else re.compile(r"(?!x)x"),
        generic_index=PhraseIndex(heads, case_sensitive=True, followed_by=r"(?=\s)"),
        generic_kinds={name_key(p.head): p.kind for p in r.name_patterns},
        stop_words={w.lower() for w in r.name_stop_words},
        connectors={w.lower() for w in r.name_connectors},
        tails=re.compile(phrase_pattern(r.name_tails)),
        not_bodies={name_key(n) for n in r.not_bodies},
        name_breakers=set(r.name_breakers),
        person_titles=re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, t.split())) for t in
                                 sorted(r.person_titles, key=len, reverse=True)) + r")\s+") if r.person_titles else None,
        collective_list=_collective_list(r),
        bare_list=_collective_list(r, plural=False, nouns=r.person_bare_nouns),
        split_heads=frozenset(r.split_heads),
        qualifiers=_qualifiers(r.name_qualifiers),
    )


def _qualifiers(phrases: list[str]) -> Optional[re.Pattern[str]]:
    """" có liên quan", ", thành phố trực thuộc Trung ương": a phrase opening with "," follows the name directly."""
    plain = [p for p in phrases if not p.lstrip().startswith(",")]
    after_comma = [p.lstrip()[1:].strip() for p in phrases if p.lstrip().startswith(",")]
    proper = r"[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*)*"
    parts = ([r"\s+" + phrase_pattern(plain)] if plain else []) + \
        ([r"\s*,\s*" + phrase_pattern(after_comma)] if after_comma else []) + \
        [rf"\s+từ\s+(?-i:{proper})\s+đến\s+(?-i:{proper})"]   # "các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa"
    return re.compile("(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _collective_list(r: BodyRules, plural: bool = True, nouns: Optional[list[str]] = None) -> Optional[re.Pattern[str]]:
    """"các sở, ban, ngành tỉnh", "các Sở" — or, with ``plural`` False and ``nouns``, "Sở", "cơ quan,
    ban, ngành": organisations named by their kind after a title."""
    nouns = r.collective_heads if nouns is None else nouns
    if not nouns:
        return None
    noun = "|".join(r"\s+".join(map(re.escape, h.split())) for h in sorted(nouns, key=len, reverse=True))
    tail = phrase_pattern(r.name_tails)
    lead = r"(?:các|những)\s+" if plural else ""
    return re.compile(rf"{lead}(?:{noun})(?!\w)(?:\s*,\s*(?:{noun})(?!\w))*(?:\s+{tail})?", re.IGNORECASE)


_WORD = re.compile(r"\s*(\S+?)(?=[\s,;.:()\"“”]|$)")
_TOKEN = re.compile(r"[^\W_]+")


# The longest name in the corpus has 22 words; a run of capitalised words past this many is not
# one name, and stopping there keeps a paragraph of "Ban Ban Ban …" linear, not quadratic.
MAX_NAME_WORDS = 40


def _name_tail(m: BodyMatcher, text: str, pos: int, end: int) -> int:
    """End of a capitalised name starting at ``pos`` ("Thông tin và Truyền thông"), at most
    :data:`MAX_NAME_WORDS` words on."""
    last_good = pos
    lower_run = 0
    cursor = pos
    for _ in range(MAX_NAME_WORDS):
        if cursor >= end:
            break
        w = _WORD.match(text, cursor, end)
        if not w or not w.group(1) or "\n" in text[cursor:w.start(1)]:
            break  # a name does not run into the next paragraph
        word = w.group(1)
        if word[:1] == "," and word[1:2].isupper():
            word = word[1:]  # "KH,CN&MT": an acronym written with commas
        elif word == "," and last_good > pos and _continues_after_comma(m, text, w.end(), end) \
                and name_key(text[pos:last_good]) not in m.known_by_key:
            cursor = w.end()  # "Sở Văn hóa, Thể thao và Du lịch"
            continue
        if word in ("-", "–") and last_good > pos:
            nxt = _WORD.match(text, w.end(), end)
            if nxt and nxt.group(1)[:1].isupper() and "\n" not in text[w.end():nxt.start(1)] \
                    and not m.generic.match(text, nxt.start(1)):
                cursor = w.end()  # "Tập đoàn Công nghiệp - Viễn thông Quân đội"
                continue
            break
        tail = m.tails.match(text, w.start(1), end)
        if tail:
            last_good = cursor = tail.end()
            lower_run = 1  # "Đảng ủy Khối", "Công an tỉnh": nothing lower-case after a place word
            continue
        if last_good > pos and word in m.split_heads:
            nxt = _WORD.match(text, w.end(), end)
            if nxt and nxt.group(1)[:1].isupper():
                break  # "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ": two names, no comma
        if word[0].isupper() or word.isdigit():
            lower_run = 0
            last_good = cursor = w.end()
            continue
        if word.lower() in m.connectors:
            nxt = _WORD.match(text, w.end(), end)
            if nxt and nxt.group(1) and nxt.group(1)[0].isupper() and not _opens_body(m, text, nxt.start(1), end):
                cursor = w.end()
                continue
            break
        if last_good == pos and word == "các":
            ahead = _lower_words_to_place(m, text, w.end(), end)
            if ahead is None:
                break
            return ahead  # "Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ"
        if last_good == pos or word.lower() in m.stop_words or not word.isalpha():
            break
        if lower_run >= 1:
            ahead = _lower_words_to_tail(m, text, w.start(1), end)
            if ahead is None:
                break
            last_good = cursor = ahead   # "Ban Quản lý Khu kinh tế tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh"
            lower_run = 1
            continue
        lower_run += 1
        last_good = cursor = w.end()
    return last_good


def _opens_body(m: BodyMatcher, text: str, at: int, end: int) -> bool:
    """Does another body's name (or a person's title) start at ``at``: "… và UBND các xã"?"""
    if m.generic.match(text, at) or (m.person_titles and m.person_titles.match(text, at)):
        return True
    if m.abbreviations is not None and m.abbreviations.match(text, at, end):
        return True
    first = _TOKEN.match(text, at, end)
    known = m.known.by_first.get(first.group(0).lower()) if first else None
    return bool(known and known.match(text, at, end))


def _lower_words_to_tail(m: BodyMatcher, text: str, pos: int, end: int, most: int = 4) -> Optional[int]:
    """Where a run of up to ``most`` lower-case words ending in a place word ends ("kinh tế tỉnh"),
    or None: a name goes on through lower-case words only when a place word closes them."""
    cursor = pos
    for _ in range(most):
        w = _WORD.match(text, cursor, end)
        if not w or not w.group(1) or "\n" in text[cursor:w.start(1)]:
            return None
        tail = m.tails.match(text, w.start(1), end)
        if tail:
            return tail.end()
        word = w.group(1)
        if word[:1].isupper() and cursor > pos:
            return _proper_run(m, text, w, end)  # "Trung tâm Chuyển đổi số Thành phố"
        if word in m.connectors and cursor > pos:
            nxt = _WORD.match(text, w.end(), end)
            if nxt and nxt.group(1)[:1].isupper() and not _opens_body(m, text, nxt.start(1), end):
                return cursor  # "Trung tâm Chuyển đổi số | và Truyền thông": the name goes on after "và"
        if not word.isalpha() or not word.islower() or word in m.stop_words:
            return None
        cursor = w.end()
    return None


def _proper_run(m: BodyMatcher, text: str, w: re.Match[str], end: int) -> Optional[int]:
    """End of the capitalised place name opened by ``w`` that closes a name — None when ``w`` opens
    another body ("… và Ủy ban nhân dân") or a person's title."""
    if _opens_body(m, text, w.start(1), end):
        return None
    stop = None
    while w and _titled(w.group(1)) and "\n" not in text[(stop or w.start(1)):w.start(1)]:
        place = _PLACE_WORDS.match(text, w.start(1), end)   # "Thành phố", "Tỉnh"
        stop = place.end() if place else w.end()
        w = _WORD.match(text, stop, end)
    return stop


_PLACE_WORDS = re.compile(r"(?:Thành\s+phố|Tỉnh|Huyện|Quận|Thị\s+xã)(?!\w)")


def _titled(word: str) -> bool:
    """A word of a place's name: "Cần", "Thơ" — not "XIII", "UBND"."""
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def _lower_words_to_place(m: BodyMatcher, text: str, pos: int, end: int, most: int = 6) -> Optional[int]:
    """After "các", a run of lower-case words (with "và") closed by a place: a place word ("các khu
    công nghiệp tỉnh") or a capitalised place name ("các khu chế xuất và công nghiệp Cần Thơ").
    None when the run is anything else ("Ban Chỉ đạo các cấp", "Sở … các đơn vị")."""
    cursor = pos
    lower = 0
    while lower <= most:
        w = _WORD.match(text, cursor, end)
        if not w or not w.group(1) or "\n" in text[cursor:w.start(1)]:
            return None
        tail = m.tails.match(text, w.start(1), end)
        if tail and lower:
            return tail.end()
        word = w.group(1)
        if word[:1].isupper():
            return _proper_run(m, text, w, end) if lower else None
        if not word.isalpha() or word in m.stop_words and word not in m.connectors:
            return None
        lower += 1
        cursor = w.end()
    return None


def _continues_after_comma(m: BodyMatcher, text: str, pos: int, end: int) -> bool:
    """After a comma a name goes on with a capitalised word that does not open another body:
    "Sở Văn hóa, Thể thao và Du lịch", not "Sở Y tế, Sở Nội vụ" nor "Sở Tài chính, Công an tỉnh"."""
    nxt = _WORD.match(text, pos, end)
    if not nxt or not nxt.group(1) or "\n" in text[pos:nxt.start(1)] or not nxt.group(1)[0].isupper():
        return False
    at = nxt.start(1)
    first = _TOKEN.match(text, at, end)
    if first is None:
        return False
    if nxt.group(1).strip(",.;:") in m.name_breakers:
        return False
    known = m.known.by_first.get(first.group(0).lower())
    return not m.generic.match(text, at) and not (known and known.match(text, at, end))


def issuer_short_name(issuer: Optional[str]) -> Optional[str]:
    """The name relative organs attach to: "Đảng ủy Khối các cơ quan…" → "Đảng ủy Khối"."""
    if not issuer:
        return None
    key = name_key(issuer)
    for short in body_rules().issuer_short_names:
        if key.startswith(name_key(short)):
            return short
    return issuer


def _candidates(m: BodyMatcher, text: str, start: int, end: int, issuer: Optional[str]) -> list[BodyMention]:
    """Every possible mention (overlapping), from one pass over the words of the text."""
    found: list[BodyMention] = []
    own = re.compile(r"\s+(?:của\s+)?" + r"\s+".join(map(re.escape, issuer.split())), re.IGNORECASE) if issuer else None
    for w in _TOKEN.finditer(text, start, end):
        at = w.start()
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue
        word = w.group(0)
        lower = word.lower()
        known = m.known.by_first.get(lower)
        hit = known.match(text, at, end) if known else None
        if hit:
            name, kind = m.known_by_key[name_key(hit.group(0))]
            found.append(_qualified(m, text, _with_place(m, text, hit, end, name, kind), end))
        generic = m.generic_index.by_first.get(word) if word[0].isupper() else None
        hit = generic.match(text, at, end) if generic else None
        if hit:
            found.extend(_generic_mention(m, text, hit, end))
        relative = m.relative.by_first.get(lower)
        hit = relative.match(text, at, end) if relative else None
        if hit:
            found.extend(_relative_mention(m, text, hit, end, issuer, own))
    if m.abbreviations is not None:
        for hit in m.abbreviations.finditer(text, start, end):
            name, kind = m.abbrev_map[hit.group(0)]
            found.append(BodyMention(hit.start(), hit.end(), name, kind))
    return found + _heads_of(m, text, start, end, found)


def _heads_of(m: BodyMatcher, text: str, start: int, end: int, found: list[BodyMention]) -> list[BodyMention]:
    """The heads of bodies, who lead as persons: "Giám đốc Sở Y tế", "Chủ tịch Ủy ban nhân dân các
    xã, phường", "Giám đốc các Sở", "Thủ trưởng các ban, ngành tỉnh"."""
    if m.person_titles is None:
        return []
    longest: dict[int, BodyMention] = {}
    for b in found:
        if b.start not in longest or b.end > longest[b.start].end:
            longest[b.start] = b
    out: list[BodyMention] = []
    for t in m.person_titles.finditer(text, start, end):
        body = longest.get(t.end())
        if body is None and text.startswith("các ", t.end()):
            body = longest.get(t.end() + 4)
        stop = body.end if body is not None else None
        if stop is None:
            group = m.collective_list.match(text, t.end(), end)
            stop = group.end() if group else None
        if stop is None:   # "Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành": the bodies named by their kind
            bare = m.bare_list.match(text, t.end(), end)
            stop = bare.end() if bare else None
        if stop is not None:
            out.append(BodyMention(t.start(), stop, re.sub(r"\s+", " ", text[t.start():stop]), BodyKind.LANH_DAO))
    return out


def _qualified(m: BodyMatcher, text: str, b: BodyMention, end: int) -> BodyMention:
    """A name with the words that narrow it down: "các cơ quan báo chí" + "đóng trên địa bàn",
    "các bộ, ngành" + "có liên quan". The body stays the same; its mention covers them."""
    q = m.qualifiers.match(text, b.end, end) if m.qualifiers is not None else None
    if q:
        return _qualified(m, text, BodyMention(b.start, q.end(), b.name, b.kind), end)
    if b.name.lower().startswith(("các ", "những ")):
        more = _more_kinds().match(text, b.end, end)   # "các Sở, ngành" + ", đơn vị" + " liên quan"
        if more and m.qualifiers.match(text, more.end(), end):
            return _qualified(m, text, BodyMention(b.start, more.end(), b.name, b.kind), end)
    return b


def _more_kinds() -> re.Pattern[str]:
    r = body_rules()
    lower = [w for w in r.list_nouns if w.islower()]     # not "UBND": that starts another body
    return compiled(r, "more-kinds", lambda: re.compile(r"(?:\s*,\s*" + phrase_pattern(lower) + ")+"))


def _with_place(m: BodyMatcher, text: str, hit: re.Match[str], end: int, name: str, kind: BodyKind) -> BodyMention:
    """A known name followed by its level ("Văn phòng HĐND và UBND" + "xã") names that level's body."""
    if m.tails.match(name.split()[-1]):
        return BodyMention(hit.start(), hit.end(), name, kind)
    place = m.tails.match(text, hit.end() + 1, end) if text[hit.end():hit.end() + 1] == " " else None
    if place is None:
        return BodyMention(hit.start(), hit.end(), name, kind)
    surface = re.sub(r"\s+", " ", text[hit.start():place.end()])
    return BodyMention(hit.start(), place.end(), _canonical_generic(m, surface if surface[0].isupper() else surface), kind)


def _generic_mention(m: BodyMatcher, text: str, hit: re.Match[str], end: int) -> list[BodyMention]:
    tail = _name_tail(m, text, hit.end(), end)
    if tail <= hit.end():
        return []
    dash = re.compile(r"\s[-–]\s").search(text, hit.end(), tail)
    if dash and name_key(text[hit.start():dash.start()]) in m.known_by_key:
        tail = dash.start()  # "Sở Tài chính - Cơ quan thường trực …": a known name, then its role
    surface = re.sub(r"\s+", " ", text[hit.start():tail])
    key = name_key(surface)
    if any(key.startswith(nb) for nb in m.not_bodies) or key in m.relative_by_key:
        return []
    kind = m.generic_kinds[name_key(hit.group(0))]
    return [BodyMention(hit.start(), tail, _canonical_generic(m, surface), kind)]


def _relative_mention(m: BodyMatcher, text: str, hit: re.Match[str], end: int, issuer: Optional[str],
                      own: Optional[re.Pattern[str]]) -> list[BodyMention]:
    organ, kind = m.relative_by_key[name_key(hit.group(0))]
    nxt = _WORD.match(text, hit.end(), end)
    following = nxt.group(1) if nxt else ""
    if following[:1].isupper() and following not in ("Đảng",):
        return []  # "Ban Thường vụ Tỉnh ủy": another committee's organ, left to the other matchers
    stop = hit.end()
    if own is not None:
        mine = own.match(text, stop, end)
        if mine:
            stop = mine.end()
    name = f"{organ} {issuer}" if issuer else organ
    return [BodyMention(hit.start(), stop, name, kind)]


def _canonical_generic(m: BodyMatcher, surface: str) -> str:
    key = name_key(surface)
    if key in m.known_by_key:
        return m.known_by_key[key][0]
    return surface.strip(" ,")


def body_mentions(doc: StructuredDocument) -> list[BodyMention]:
    """Non-overlapping body mentions in the body of ``doc``, longest first where they overlap.

    Bodies and tasks both ask for them: the answer is kept on the document (per rules object)."""
    rules_now = body_rules()
    hit = doc.memo.get("body-mentions")
    if hit is not None and hit[0] is rules_now:
        return hit[1]
    found = _body_mentions(_tones_folded(doc))
    doc.memo["body-mentions"] = (rules_now, found)
    return found


def _tones_folded(doc: StructuredDocument) -> StructuredDocument:
    """``doc`` read with one tone placement ("Đảng uỷ" as "Đảng ủy"), offsets unchanged, so the
    rules' names match whichever style a document is written in."""
    from dataclasses import replace

    folded = tones_first(doc.text)
    return doc if folded == doc.text else replace(doc, normalized=replace(doc.normalized, text=folded))


def _body_mentions(doc: StructuredDocument) -> list[BodyMention]:
    from .clauses import content_ranges

    m = matcher()
    text = doc.text
    issuer = issuer_short_name(doc.metadata.issuer)
    found = [b for start, end in content_ranges(doc) for b in _candidates(m, text, start, end, issuer)]
    found.sort(key=lambda b: (b.start, -(b.end - b.start)))  # stable: known, abbreviations, generic, relative
    in_cells = _table_bodies(doc, m, issuer)
    named = _heading_bodies(doc, m, found) + _field_bodies(doc, m, found) + in_cells \
        + _partner_list_bodies(doc, m, found) + _elliptic_bodies(doc, m) + _place_actors(doc) \
        + _collective_subjects(doc, m, found)
    chosen: list[BodyMention] = []
    for b in sorted(named + found, key=lambda b: (b.start, -(b.end - b.start))):
        if chosen and b.start < chosen[-1].end:
            continue
        chosen.append(b)
    return chosen


def _heading_bodies(doc: StructuredDocument, m: BodyMatcher, found: list[BodyMention]) -> list[BodyMention]:
    """Headings that name a body the rules do not know whole, which leads the items below.

    Under "Tổ chức thực hiện" any sub-heading ("2. Ban Quản lý Khu kinh tế Đông Nam", "5. Các chủ
    đầu tư xây dựng và kinh doanh hạ tầng KCN"); elsewhere a heading opened by a lead-in ("6. Trách
    nhiệm của các tổ chức, doanh nghiệp hoạt động trong lĩnh vực …", "9. Đề nghị Ủy ban MTTQ …") or
    by a collective of organisations ("11. Các đơn vị cấp nước sạch trên địa bàn thành phố có
    trách nhiệm"), with a trailing "có trách nhiệm" left out.
    """
    from ..grammar import CLAUSE_LABEL as LABEL
    from .clauses import heading_starts_with, is_titled

    text = doc.text
    by_start = {b.start: b for b in found}
    out: list[BodyMention] = []
    tails = _heading_tails()
    for s in doc.sections:
        if not is_titled(s):
            continue
        label = LABEL.match(text, s.start, s.heading_end)
        h_start = label.end() if label else s.start
        lead_in = _heading_lead_in().match(text, h_start, s.heading_end)
        owner = bool(lead_in and lead_in.group("owner"))
        h_start = lead_in.end() if lead_in else h_start
        under_responsibility = s.parent is not None and s.node.kind != "article" and any(
            heading_starts_with("responsibility_headings", a.title) for a in doc.ancestors(s.parent))
        # an article's title is its topic ("Điều 15. Sửa đổi, bổ sung Quy chế"), a body only after a lead-in
        collective = not (under_responsibility or lead_in) and _collective_head(text, h_start, s.heading_end) \
            and not s.title.isupper() and not any(heading_starts_with(k, s.title) for k in _SECTION_CUES)
        first = by_start.get(h_start)
        listed = first is not None and _lists_places(m, text, first.end, s.heading_end)
        if lead_in and lead_in.group("topic") and not (
                first is not None or text[h_start:h_start + 1].isupper() or _collective_head(text, h_start, s.heading_end)):
            lead_in = None   # "Đối với vùng nuôi tôm nước lợ": a topic, not a body
        if not (under_responsibility or lead_in or collective or listed):
            continue
        h_end = s.heading_end
        while h_end > h_start and text[h_end - 1] in " .:;*\n":
            h_end -= 1
        tail = tails.search(text, h_start, h_end)
        if tail and tail.start() > h_start:
            h_end = tail.start()
        loose = bool(under_responsibility or lead_in)
        for p_start, p_end in _heading_parts(text, h_start, h_end):
            b = _heading_part(m, text, found, by_start.get(p_start), p_start, p_end, loose, owner)
            if b is not None:
                out.append(b)
    return out


def _acts_within(m: BodyMatcher, text: str, found: list[BodyMention], start: int, end: int) -> bool:
    """A known body inside ``text[start:end]`` followed by a verb: the heading is a sentence."""
    continues = {w.lower() for w in body_rules().name_continues}
    for b in found[bisect_left(found, start, key=_START):]:
        if b.start >= end:
            break
        w = _WORD.match(text, b.end, end)
        word = w.group(1) if w else ""
        if word.islower() and word in m.stop_words and word not in continues:
            return True
    return False


def _heading_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The ";"-separated parts of a heading that lists its bodies ("Giao người đứng đầu các cơ quan
    chuyên môn …; Chủ tịch Ủy ban nhân dân các xã, phường và đặc khu")."""
    parts: list[tuple[int, int]] = []
    pos = start
    for cut in [i for i in range(start, end) if text[i] == ";"] + [end]:
        a, b = pos, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1] in " ,\n":
            b -= 1
        if a < b:
            parts.append((a, b))
        pos = cut + 1
    return parts


def _heading_part(m: BodyMatcher, text: str, found: list[BodyMention], first: Optional[BodyMention],
                  start: int, end: int, loose: bool, owner: bool = False) -> Optional[BodyMention]:
    """One body a heading names whole, when the known mentions do not already cover it. After a
    lead-in (``owner``: "Điều 12. Trách nhiệm của …") the heading names whoever it binds: people
    ("cá nhân sử dụng Hệ thống thư điện tử công vụ") and a collective narrowed by what follows it
    ("các cơ quan, đơn vị sử dụng Hệ thống …") too."""
    aside = text.find("(", start, end)
    if aside > start:
        end = aside   # "các cơ quan quản lý cấp trên (bao gồm cả …)": the note is not the name
        while end > start and text[end - 1] in " ,":
            end -= 1
    words = text[start:end].split()
    if not words or len(words) > 30:
        return None
    if _chain_end(found, text, start, end) >= end:
        return None  # "Các Sở, ban, ngành của Thành phố, UBND phường, xã": known bodies already
    narrowed = owner and first is not None and first.id in addressees_at_large() and end - first.end > 3
    if not narrowed and _acts_within(m, text, found, start, end):
        return None  # "Để thể chế hóa …, Đảng đoàn Quốc hội xác định các nhiệm vụ sau": a sentence
    if first is not None and not narrowed:
        rest = text[first.end:end].split()
        opener = rest[0].lower().strip(",") if rest else ""
        if not _lists_places(m, text, first.end, end) and (
                not rest or len(rest) > 5 and not loose or opener in m.stop_words and opener not in body_rules().name_continues):
            return None
    elif not loose and not text[start].isupper():
        return None
    if _sentence_opener().match(text, start, end) or _sentence_modal().search(text, start, end):
        return None  # "Để thể chế hóa …", "Tất cả lực lượng … phải tuân thủ …": a sentence, not a name
    surface = re.sub(r"\s+", " ", text[start:end])
    if any(name_key(surface).startswith(nb) for nb in m.not_bodies) and not (owner and _names_people(surface)):
        return None  # "1. Công tác triển khai", "3. Chế độ thông tin báo cáo"
    kind = first.kind if first is not None else _kind_of_head(m, surface)
    return BodyMention(start, end, _canonical_generic(m, surface), kind)


def addressees_at_large() -> frozenset[str]:
    """Ids of the bodies that stand for every addressee ("các cơ quan, đơn vị, địa phương")."""
    r = body_rules()
    return compiled(r, "addressees-at-large", lambda: frozenset(body_id(e.name) for e in r.bodies if e.everyone))


def _names_people(surface: str) -> bool:
    """"cá nhân …", "tập thể …": people, who are bound by a regulation's article on them."""
    r = body_rules()
    people = compiled(r, "people-nouns", lambda: tuple(name_key(p) for p in r.people_nouns))
    return name_key(surface).startswith(people)


_SECTION_CUES = ("task_headings", "not_task_headings", "goal_headings", "target_headings", "past_headings",
                 "responsibility_headings")


def _lists_places(m: BodyMatcher, text: str, pos: int, end: int) -> bool:
    """After a known name, a level and its places: "Ủy ban nhân dân" + " các xã: Gia Thuận, Tân Điền"."""
    level = re.compile(r"\s+(?:các\s+)?").match(text, pos, end)
    place = m.tails.match(text, level.end(), end) if level else None
    colon = re.compile(r"\s*:\s*").match(text, place.end(), end) if place else None
    return bool(colon) and text[colon.end():colon.end() + 1].isupper()


def _collective_head(text: str, start: int, end: int) -> bool:
    """"Các đơn vị cấp nước …", "Những cơ quan …", "Tổ chức, doanh nghiệp …": a heading naming organisations."""
    r = body_rules()

    def build() -> re.Pattern[str]:
        heads = phrase_pattern(r.collective_heads)
        # plural ("Các đơn vị …") or a list ("Tổ chức, doanh nghiệp …"): "Tổ chức các lớp …" is a verb
        return re.compile(rf"(?:(?:các|những)\s+{heads}|{heads},\s*{heads})", re.IGNORECASE)

    return bool(compiled(r, "collective-heads", build).match(text, start, end))


def _sentence_modal() -> re.Pattern[str]:
    r = body_rules()
    return compiled(r, "sentence-modals", lambda: re.compile(phrase_pattern(r.sentence_modals)))


def _sentence_opener() -> re.Pattern[str]:
    r = body_rules()
    return compiled(r, "sentence-openers", lambda: re.compile(
        phrase_pattern(r.sentence_openers), re.IGNORECASE))


def _heading_tails() -> re.Pattern[str]:
    r = body_rules()
    return compiled(r, "heading-tails", lambda: re.compile(r"\s+(?:" + phrase_pattern(r.heading_tails) + r")\s*$",
                                                          re.IGNORECASE))


def _field_bodies(doc: StructuredDocument, m: BodyMatcher, found: list[BodyMention]) -> list[BodyMention]:
    """Values of labelled fields ("- Cơ quan phối hợp: Trung tâm Phục vụ hành chính công xã; Phòng
    Kinh tế."): each ";"-separated part names bodies, read like a table cell, whether or not the
    rules know them whole."""
    from ..grammar import CLAUSE_LABEL as LABEL
    from .clauses import content_ranges
    from .vocabulary import field_kind, field_matcher

    text = doc.text
    out: list[BodyMention] = []
    ranges = content_ranges(doc)
    for p in doc.paragraphs:
        if not any(lo <= p.start < hi for lo, hi in ranges):
            continue
        label = LABEL.match(text, p.start, p.end)
        at = label.end() if label else p.start
        field = field_matcher().match(text, at, p.end)
        if field is None or field_kind(field.group("label")) not in ("lead", "partners"):
            continue
        for part in re.finditer(r"[^;]+", text[field.end():p.end]):
            start = field.end() + part.start()
            end = field.end() + part.end()
            while end > start and text[end - 1] in " .;*":
                end -= 1
            while start < end and text[start] == " ":
                start += 1
            if end <= start or len(text[start:end].split()) > 14 or _chain_end(found, text, start, end) >= end:
                continue
            out.extend(_part_bodies(m, text, start, end, found))   # "Các Sở, ngành, đơn vị, UBND cấp xã": two
    return out


def _table_bodies(doc: StructuredDocument, m: BodyMatcher, issuer: Optional[str]) -> list[BodyMention]:
    """Bodies named in the lead and partner cells of task and target tables.

    A cell lists bodies apart by ";", by line or by "," and "và": "Sở Tư pháp; UBND các xã, phường,
    đặc khu", "Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông", "VTV, VOV, TTXVN, các địa
    phương". Each part is the bodies the rules know in it when they cover it, else the part itself
    as one body, up to the verb that follows it ("Sở KH&CN chủ trì hướng dẫn, tổng hợp")."""
    out: list[BodyMention] = []
    seen: set[int] = set()
    for rt in doc.tables:
        if not rt.holds_items:
            continue
        cols = {i for i, c in enumerate(rt.columns) if c.role in ("lead", "partners")}
        for cell in rt.table.cells:
            if id(cell) in seen or cell.empty or not any(cell.col <= c < cell.col + cell.colspan for c in cols) \
                    or cell.row < rt.header_rows:
                continue
            seen.add(id(cell))
            if any(doc.text.startswith(w, cell.start) for w in body_rules().cell_not_names):
                continue  # "Theo phân công tại Quyết định số … của Chủ tịch UBND tỉnh": no lead of its own
            known = sorted(_candidates(m, doc.text, cell.start, cell.end, issuer),
                           key=lambda b: (b.start, -(b.end - b.start)))
            out.extend(known)
            for start, end in _cell_parts(doc.text, cell.start, cell.end):
                out.extend(_part_bodies(m, doc.text, start, end, known))
    return out


_PART = re.compile(r"[^;\n]+")


def _cell_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    for part in _PART.finditer(text, start, end):
        a, b = part.start(), part.end()
        while a < b and text[a] in " -+•*,.":
            a += 1
        while b > a and text[b - 1] in " .,*:":
            b -= 1
        if b > a:
            parts.append((a, b))
    return parts


def _part_bodies(m: BodyMatcher, text: str, start: int, end: int, known: list[BodyMention]) -> list[BodyMention]:
    """The bodies of one part of a cell that the known mentions do not already name whole.

    Known names are chained from the start ("Các Sở, ban, ngành và …"); a known name that goes on
    with lower-case words ("UBND các xã, phường" + ", đặc khu") is one longer name; an unknown
    stretch is split where a new name starts (", VOV", ", các địa phương", " và Bộ Y tế")."""
    out: list[BodyMention] = []
    pos = start
    while pos < end:
        first = bisect_left(known, pos, key=_START)
        chain = [b for b in known[first:] if b.start < _chain_end(known, text, pos, end)]
        reach = chain[-1].end if chain else pos
        rest = text[reach:end]
        if chain and not rest.strip(" ,.;"):
            break
        if chain and (_NEW_NAME.match(rest) or _verb_stop(m, text, reach, end) == reach + len(rest) - len(rest.lstrip())):
            pos = reach + re.match(r"[\s,]*(?:và\s+)?", rest).end()
            continue
        begin = chain[-1].start if chain else pos
        stop = min(_verb_stop(m, text, begin, end), _next_name(text, max(reach, begin), end))
        while stop > begin and text[stop - 1] in " ,.;(":
            stop -= 1
        body = _cell_body(m, text, begin, stop)
        if body is not None:
            out.append(body)
        nxt = re.match(r"[\s,]*(?:và\s+)?", text[stop:end])
        if stop + nxt.end() <= pos:
            break
        pos = stop + nxt.end()
        if pos < end and _verb_stop(m, text, begin, end) <= stop:
            break                       # the names ended at a verb: the rest is what they do
    return out


_PLACE = re.compile(r"(?<![\w])(?:[Tt]ỉnh|[Tt]hành phố)\s+(?-i:[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*)*)")


def _place_actors(doc: StructuredDocument) -> list[BodyMention]:
    """A province that acts, in a conclusion addressed to it: "Đề nghị tỉnh Thanh Hóa …", "…, tỉnh
    Đắk Lắk cần tiếp tục thực hiện …" — the province is a body there, a place elsewhere."""
    from .clauses import content_ranges

    r = body_rules()
    verbs = compiled(r, "place-actor-verbs", lambda: re.compile(r"\s+" + phrase_pattern(r.place_actor_verbs)))
    cues = compiled(r, "place-actor-cues", lambda: re.compile(phrase_pattern(r.place_actor_cues) + r"\s+$", re.IGNORECASE))
    text = doc.text
    out: list[BodyMention] = []
    for lo, hi in content_ranges(doc):
        for hit in _PLACE.finditer(text, lo, hi):
            before = text[max(lo, hit.start() - 12):hit.start()]
            opens = hit.start() == lo or text[hit.start() - 2:hit.start()] in (", ", "\n") or text[hit.start() - 1] == "\n"
            if verbs.match(text, hit.end(), hi) and (opens or cues.search(before)) or cues.search(before):
                name = " ".join(text[hit.start():hit.end()].split())
                out.append(BodyMention(hit.start(), hit.end(), name[0].upper() + name[1:], BodyKind.CO_QUAN_NHA_NUOC))
    return out


def _collective_subjects(doc: StructuredDocument, m: BodyMatcher, found: list[BodyMention]) -> list[BodyMention]:
    """A plural of organisations opening a paragraph and followed by what they do: "Các Trung tâm
    y tế giám sát tuyến xã …", "c) Các tỉnh, thành phố rà soát …" — the subject, up to its verb,
    where no known name opens the paragraph already ("Các Sở, ngành và …" is read as known names)."""
    from ..grammar import CLAUSE_LABEL as LABEL
    from .clauses import content_ranges

    text = doc.text
    known = {b.start for b in found}
    out: list[BodyMention] = []
    for lo, hi in content_ranges(doc):
        for para in doc.normalized.paragraphs:
            if para.start < lo or para.start >= hi:
                continue
            end = min(para.end, hi)
            label = LABEL.match(text, para.start, end)
            start = label.end() if label else para.start
            while start < end and text[start] in " -+•*":
                start += 1
            if not text[start:start + 1].isupper() or not _collective_head(text, start, end) or start in known:
                continue
            stop = _verb_stop(m, text, start, end)
            while stop > start and text[stop - 1] in " ,":
                stop -= 1
            words = text[start:stop].split()
            if stop >= end or not 2 <= len(words) <= 10 or ":" in text[start:stop] or _addresses_everyone(words):
                continue
            surface = " ".join(words)
            out.append(BodyMention(start, stop, _canonical_generic(m, surface), _kind_of_head(m, surface)))
    return out


def _addresses_everyone(words: list[str]) -> bool:
    """"Các đơn vị …", "Cơ quan, đơn vị được giao …": a collective any addressee belongs to."""
    rest = words[1:] if words[0].lower() in ("các", "những") else words
    head = " ".join(rest[:2]).lower().strip(",")
    return any(head == h or head.startswith(h + " ") or head.startswith(h + ",") for h in body_rules().addressee_heads)


def _elliptic() -> re.Pattern[str]:
    """"Các Bộ:", "các Tập đoàn:", "Các Bộ, cơ quan:" before a list of names that share the head."""
    r = body_rules()
    return compiled(r, "elliptic", lambda: re.compile(
        r"(?<![\w])[Cc]ác\s+(?P<head>" + phrase_pattern(r.elliptic_heads) + r")(?:,\s*"
        + phrase_pattern(r.elliptic_companions) + r")?\s*:\s*"))


def _elliptic_bodies(doc: StructuredDocument, m: BodyMatcher) -> list[BodyMention]:
    """Bodies named once by their kind: "Các Bộ: Quốc phòng, Công an" is Bộ Quốc phòng and Bộ
    Công an; "các Tập đoàn: A, B" likewise. The first mention covers "Các Bộ:" too."""
    from .clauses import content_ranges

    text = doc.text
    out: list[BodyMention] = []
    for lo, hi in content_ranges(doc):
        for hit in _elliptic().finditer(text, lo, hi):
            head = hit.group("head")[0].upper() + hit.group("head")[1:]
            pos, first = hit.end(), hit.start()
            while pos < hi:
                stop, name, kind = _elliptic_name(m, head, text, pos, min(hi, pos + 150))
                if stop <= pos:
                    break
                out.append(BodyMention(first, stop, name, kind))
                sep = re.compile(r"\s*(?:,\s*và|,|và)\s+").match(text, stop, hi)
                if not sep or not text[sep.end():sep.end() + 1].isupper():
                    break
                pos = first = sep.end()
    return out


def _elliptic_name(m: BodyMatcher, head: str, text: str, pos: int, end: int) -> tuple[int, str, BodyKind]:
    """How far the name after an elided ``head`` runs, read as if the head were written."""
    probe = f"{head} {text[pos:end]}"
    skip = len(head) + 1
    known = m.known.by_first.get(head.split()[0].lower())
    hit = known.match(probe, 0) if known else None
    if hit and hit.end() > skip:
        name, kind = m.known_by_key[name_key(hit.group(0))]
        return pos + hit.end() - skip, name, kind
    generic = m.generic.match(probe)
    if generic is None:
        return pos, "", BodyKind.KHAC
    comma = probe.find(",", generic.end())
    tail = _name_tail(m, probe, generic.end(), comma if comma > 0 else len(probe))  # the list's comma ends it
    surface = re.sub(r"\s+", " ", probe[:tail])
    return pos + tail - skip, _canonical_generic(m, surface), m.generic_kinds[name_key(generic.group(0))]


def _partner_list_bodies(doc: StructuredDocument, m: BodyMatcher, found: list[BodyMention]) -> list[BodyMention]:
    """Names listed after "phối hợp với": every item is a partner, lower-case ones included —
    "phối hợp với Sở Công Thương, chính quyền địa phương và cơ quan liên quan tăng cường …"."""
    from .clauses import content_ranges

    text = doc.text
    cue = _partner_cue()
    out: list[BodyMention] = []
    for lo, hi in content_ranges(doc):
        for hit in cue.finditer(text, lo, hi):
            end = _list_end(text, hit.end(), min(hi, hit.end() + 300))
            out.extend(_list_items(m, text, hit.end(), end, found))
    return out


def _partner_cue() -> re.Pattern[str]:
    """"phối hợp với", "với sự phối hợp của" — or a bare "phối hợp" before "các …" or a name
    ("Phối hợp các lực lượng và UBND các xã …"), not before a verb ("phối hợp tổ chức …")."""
    sr = section_rules()
    return compiled(sr, "partner-list-cue", lambda: re.compile(
        r"(?:(?:" + phrase_pattern([c for c in sr.partner_cues if c.strip().endswith(("với", "của"))]) + r")\s+"
        r"|phối\s+hợp\s+(?=(?:các|những)\s|(?-i:[A-ZĐ])))",
        re.IGNORECASE))


def _list_end(text: str, start: int, end: int) -> int:
    m = re.compile(r"[.;:()\n]").search(text, start, end)
    return m.start() if m else end


def _list_items(m: BodyMatcher, text: str, start: int, end: int, known: list[BodyMention]) -> list[BodyMention]:
    """The items of a list of bodies up to the verb that ends it; known names are kept whole."""
    out: list[BodyMention] = []
    pos = start
    nouns = _list_nouns()
    while pos < end:
        i = bisect_left(known, pos, key=_START)
        group = _related_group(m, text, pos, end)
        if i < len(known) and known[i].start == pos and (group is None or known[i].end >= group):
            pos = known[i].end
        elif group is not None:   # "cơ quan, đơn vị liên quan": one group of bodies, not two
            surface = re.sub(r"\s+", " ", text[pos:group])
            out.append(BodyMention(pos, group, _canonical_generic(m, surface), _kind_of_head(m, surface)))
            pos = group
        else:
            stop = min(_verb_stop(m, text, pos, end), _next_item(text, pos, end))
            while stop > pos and text[stop - 1] in " ,":
                stop -= 1
            words = text[pos:stop].split()
            if not words or len(words) > 10 or not nouns.match(text, pos, stop):
                break
            surface = re.sub(r"\s+", " ", text[pos:stop])
            out.append(BodyMention(pos, stop, _canonical_generic(m, surface), _kind_of_head(m, surface)))
            pos = stop
        sep = re.compile(r"\s*(?:,|và|cùng|,\s*và)\s+(?:với\s+)?").match(text, pos, end)
        if not sep:
            break
        pos = sep.end()
    return out


def _related_group(m: BodyMatcher, text: str, pos: int, end: int) -> Optional[int]:
    """End of a run of kinds of body closed by a qualifier — "cơ quan, đơn vị liên quan", "các cơ
    quan, tổ chức có liên quan" — which names one group; None elsewhere."""
    r = body_rules()


    def build() -> re.Pattern[str]:
        nouns = phrase_pattern(r.list_nouns)
        return re.compile(rf"(?:(?:các|những)\s+)?{nouns}(?:\s*(?:,|,?\s+và)\s+{nouns})+(?=\s)", re.IGNORECASE)

    run = compiled(r, "related-group", build)
    hit = run.match(text, pos, end)
    if hit is None or m.qualifiers is None or any(w[:1].isupper() for w in hit.group(0).split()[2:]):
        return None  # "các Sở, ban, ngành và Ủy ban nhân dân cấp xã": two bodies
    q = m.qualifiers.match(text, hit.end(), end)
    return q.end() if q and q.end() > hit.end() + 1 else None


def _next_item(text: str, start: int, end: int) -> int:
    found = re.compile(r",\s|\s+và\s+").search(text, start, end)
    return found.start() if found else end


def _list_nouns() -> re.Pattern[str]:
    r = body_rules()
    return compiled(r, "list-nouns", lambda: re.compile(
        r"(?:(?:các|những|mọi)\s+)?(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in r.list_nouns) + r")(?!\w)",
        re.IGNORECASE))


_NEW_NAME = re.compile(r",\s*(?=[A-ZĐ]|(?:các|những)\s)|\s+và\s+(?=[A-ZĐ]|(?:các|những)\s)")


def _next_name(text: str, start: int, end: int) -> int:
    """Where the next name of an unknown list starts: ", VOV", ", các địa phương", " và Bộ Y tế"."""
    m = _NEW_NAME.search(text, start, end)
    return m.start() if m else end


def _cell_body(m: BodyMatcher, text: str, start: int, stop: int) -> Optional[BodyMention]:
    words = text[start:stop].split()
    if not words or len(words) > 14:
        return None
    if not (words[0][0].isupper() or words[0].lower() in ("các", "những")):
        return None
    if any(text.startswith(w, start) for w in body_rules().cell_not_names):
        return None
    surface = re.sub(r"\s+", " ", text[start:stop])
    return BodyMention(start, stop, _canonical_generic(m, surface), _kind_of_head(m, surface))


def _verb_stop(m: BodyMatcher, text: str, start: int, end: int) -> int:
    """Where the name in ``text[start:end]`` ends: at the first verb-like word after its head
    ("Sở KH&CN chủ trì hướng dẫn" → "Sở KH&CN"; "các tổ chức hoạt động …": "tổ" is the head)."""
    continues = {w.lower() for w in body_rules().name_continues}
    skip, past = 1, start
    for w in _WORD.finditer(text, start, end):
        word = w.group(1).strip(",.;:()")
        if w.start(1) < past:
            continue
        if word.lower() in ("các", "những") and skip == 1:
            skip = 2
        elif skip:
            skip -= 1
        elif word.islower() and word in m.stop_words and word not in continues or word.startswith("("):
            kept = next((q for q in body_rules().name_kept_phrases if text.startswith(q, w.start(1))), None)
            if kept:
                past = w.start(1) + len(kept)   # "Cơ quan, địa phương có liên quan", "các cơ quan có thẩm quyền"
                continue
            return w.start(1)
    return end


def _heading_lead_in() -> re.Pattern[str]:
    sr = section_rules()
    return compiled(sr, "heading-lead-in",
                    lambda: re.compile(r"(?:(?P<owner>" + phrase_pattern(sr.owner_heading_lead_ins) + r")|(?P<topic>"
                                       + phrase_pattern(sr.topic_heading_lead_ins) + r")|"
                                       + phrase_pattern(sr.responsibility_heading_lead_ins) + r")\s+", re.IGNORECASE))


def _chain_end(found: list[BodyMention], text: str, start: int, end: int) -> int:
    """How far a run of known mentions separated by commas/"và" reaches from ``start``
    (``found`` is sorted by start)."""
    pos = start
    first = bisect_left(found, start, key=_START)
    for b in found[first:]:
        if b.start < pos:
            continue
        if b.start >= end or text[pos:b.start].strip(" ,;/") not in ("", "và"):
            break
        pos = b.end
    return pos


def _kind_of_head(m: BodyMatcher, surface: str) -> BodyKind:
    hit = m.generic.match(re.sub(r"^(?:[Cc]ác|[Nn]hững)\s+", "", surface))
    return m.generic_kinds[name_key(hit.group(0))] if hit else BodyKind.KHAC


def find_bodies(doc: StructuredDocument) -> list[Body]:
    """One Body per organisation named in the document, with every mention's span."""
    by_id: dict[str, Body] = {}
    text = doc.text
    aliases_of = {name_key(e.name): e for e in body_rules().entries()}
    for mention in body_mentions(doc):
        body = by_id.get(mention.id)
        if body is None:
            entry = aliases_of.get(name_key(mention.name))
            rule_aliases = list(entry.aliases) + list(entry.abbreviations) if entry else []
            body = Body(id=mention.id, name=mention.name, kind=mention.kind, aliases=rule_aliases)
            by_id[mention.id] = body
        surface = re.sub(r"\s+", " ", text[mention.start:mention.end])
        if name_key(surface) != name_key(body.name) and surface not in body.aliases:
            body.aliases.append(surface)
        body.mentions.append(Span(start=mention.start, end=mention.end, quote=text[mention.start:mention.end]))
    return list(by_id.values())
