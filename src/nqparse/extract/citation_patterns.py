"""Regular expressions of citations, compiled once from ``rules/references.yaml``.

Forms matched (after NFC; dashes and markdown residue tolerated):

- Party code: ``12-CT/TU``, ``3260-KH/ĐĐQH15``, ``357 –CV/HNDTW``, ``15- NQ/tw``, ``57\\-NQ/TW``,
  ``Số 84 QĐ/TWĐTN`` (space for the dash), a line break inside the separators;
- State code: ``71/NQ-CP``, ``411/QĐ-TTg``, ``30/2020/NĐ-CP``, ``55/2005/TTLT-BNV-VPCP``,
  ``03/VBHN-VPQH``, ``708/BTTTT-CATTT`` (công văn), ``80/2015/QH13`` (law);
- the type word before a code ("Chỉ thị số", "Luật Đất đai số"), and the tail after it:
  date ("ngày 28/10/2021", "ngày 22 tháng 12 năm 2024", "ngày 01-10-1997"), issuer ("của …"),
  title ("về …" or a quoted title);
- partial citations ("Quy định 784", "Thông tư số 23"), back-references ("Chỉ thị trên",
  "Nghị quyết này"), and unnumbered named documents (congress and plenum resolutions, laws).

Every pattern is linear: bounded repetitions, no nested quantifiers over the same characters.
Patterns run only at anchors found with ``str.find`` (the "/" of a code, a vocabulary word), never
as a free scan with a case-insensitive alternation, so a 100 kB text takes a few milliseconds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .citation_codes import reference_rules, vocabulary_cache

UPPER = "A-ZĐƯƠÂÊÔĂÁÀẢÃẠÉÈÊÍÌÓÒÔÚÙÝ"
LETTER = r"A-Za-zĐđƯưƠơÂâÊêÔôĂă"
DASH = "-–—‑‒−"
ROMAN = r"[XVIL]{1,6}"
KHOA = r"kh(?:óa|oá)"


def words_alternation(words: list[str]) -> str:
    """``Nghị quyết`` → ``Nghị\\s+quyết``; longest first so "Thông tư liên tịch" beats "Thông tư"."""
    unique = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in unique)


PARTY_CODE = re.compile(
    rf"(?<![\w/.\\{DASH}])(?P<num>\d{{1,5}})"
    rf"(?P<sep>[ \t]*\\?[{DASH}][ \t]*\n?[ \t]*|[ \t]+)"
    rf"(?P<type>[{UPPER}][{LETTER}]{{0,4}})[ \t]*/[ \t]*\n?[ \t]*"
    rf"(?P<issuer>[{LETTER}][{LETTER}0-9&]{{0,15}}(?:[{DASH}][{UPPER}][{LETTER}0-9&]{{0,11}}){{0,3}})"
    rf"(?![\w/])"
)

STATE_CODE = re.compile(
    rf"(?<![\w/.\\{DASH}])(?P<num>\d{{1,5}})[ \t]*/[ \t]*"
    rf"(?:(?P<year>(?:19|20)\d\d)[ \t]*/[ \t]*)?"
    rf"(?P<symbol>[{UPPER}][{LETTER}&]{{0,9}}\d{{0,2}}(?:[ \t]*[{DASH}][ \t]*[{UPPER}][{LETTER}&0-9]{{0,14}}){{0,4}})"
    rf"(?![\w/])"
)

# a run of digits that may begin a code, looked for only in the 24 characters before each "/"
CODE_DIGITS = re.compile(r"(?<!\d)\d{1,5}")
NOT_BEFORE_CODE = frozenset("/.\\" + DASH)

QUOC_HOI_SYMBOL = re.compile(r"(?:QH|UBTVQH)\d{1,2}$")

DATE = re.compile(
    r"(?:ban\s+hành\s+)?ngày[\s*]+(?P<d>\d{1,2})(?:[\s*]*tháng[\s*]*(?P<m1>\d{1,2})[\s*]*năm[\s*]*(?P<y1>\d{4})"
    r"|[ \t]*[/.-][ \t]*(?P<m2>\d{1,2})[ \t]*[/.-][ \t]*(?P<y2>\d{4}))"
)
YEAR_WORD = re.compile(r"năm\s+(?P<y>(?:19|20)\d\d)\b")
TAIL_GAP = re.compile(r"[ \t*,]*(?:\n[ \t*]*)?")
CLOSING_GAP = re.compile(r"[ \t*,]*\)[ \t*,]*")
# "theo đề nghị của Sở Khoa học và Công nghệ tại |Tờ trình số 133/TTr-SKHCN": the issuer written first
ISSUER_BEFORE = re.compile(rf"của[ \t]+(?P<issuer>[{UPPER}][^\n,;.()]{{2,80}}?)[ \t]+tại[ \t]+$")
# between two citations sharing the issuer written after the last ("…, Nghị định số 99/2024/NĐ-CP … của Chính phủ")
LIST_GAP = re.compile(r"[ \t]*(?:,|;|và|,[ \t]*và)[ \t]*")
ISSUER_LEAD = re.compile(r"(?:của|do)[ \t\n*]+")
TITLE_LEAD = re.compile(r"(?:về|V/v)[ \t\n]+")
QUOTED_TITLE = re.compile(r"[“\"](?P<title>[^“”\"\n]{3,300})[”\"]")
# a title's words up to a line end, ";", ":" or a bracket; a quoted name inside is read whole
# ("về Kế hoạch “Cán bộ, công chức … giai đoạn 2019-2025”")
TITLE_BODY = re.compile(r"(?:[^\n;:()“”\"\[\]|]|“[^“”\n]{1,200}”|\"[^\"\n]{1,200}\"){3,320}")
# a citation named inside a title, up to its code: "Nghị định số 118/2025/NĐCP", "Nghị định số 74/CP"
NAMED_CODE = re.compile(r"[\s*]*(?:số[\s*]*:?[\s*]*)?\d{1,5}[^\s,;()]{0,30}")
ISSUER_TERM = re.compile(rf"[ \t,(]*{KHOA}[ \t]+{ROMAN}\b\)?|[ \t]+lần[ \t]+thứ[ \t]+{ROMAN}\b")


STOP_WORDS = (r"(?:số|ngày|năm|của|do|đã|được|về|tại|theo|để|nhằm|thì|trong|với|có|là|này|trên|hiện|mới|sửa|đối|từ|kể"
              r"|đồng[ \t]+thời|không[ \t]+(?:làm|được|có|phải|thuộc)"
              r"|và|hoặc|hướng|quy[ \t]+định|các|cho|khi|nêu|trình|Luật|Bộ|Nghị|Quyết|Chỉ|Thông|Kế|Kết)")

# after a type word ("quy định| 784", "thông tư| số 23", "nghị định| 13/2023"): run on lower-cased text
PARTIAL_TAIL = re.compile(
    rf"[\s*]+(?:(?P<so>số)[\s*]+)?(?P<num>\d{{1,5}})(?:/(?P<year>(?:19|20)\d\d))?"
    rf"(?![\d\w/\\%]|[ \t]*[{DASH}][ \t]*[a-zđ]|[.,]\d|[ \t]+[a-zđ]{{2,5}}[ \t]*/)"
)
# between a type word and the code it introduces: "Chỉ thị| số |12-CT/TU", "Thông tư liên tịch| số: |…"
TYPE_GAP = re.compile(r"(?:[ \t]+liên[ \t]+tịch)?[\s*]*(?:(?i:số)(?:[ \t]+hiệu)?[\s*]*:?)?[\s*]*")
# between a law word and its code: "Luật| Tổ chức chính quyền địa phương số |72/2025/QH15"
LAW_GAP = re.compile(rf"[ \t]+(?P<name>[{UPPER}][^\n,;.()]{{1,100}}?)[\s*]+số[\s*]*:?[\s*]*")
WORD_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"     # words of a name, possibly hard-wrapped once
# a law's name after its word: "Luật| Tổ chức chính quyền địa phương"
LAW_NAME_TAIL = re.compile(
    rf"[ \t]+(?P<name>[{UPPER}][\w]*(?:,?{WORD_GAP}chống)?(?:{WORD_GAP}(?!{STOP_WORDS}(?![\w]))[\w]+){{0,8}}"
    rf"(?:{WORD_GAP}và{WORD_GAP}(?!Luật|Bộ[ \t]+luật|Nghị)[{UPPER}][\w]*(?:{WORD_GAP}(?!{STOP_WORDS}(?![\w]))[\w]+){{0,5}})?)"
)
CONGRESS = re.compile(
    rf"Nghị[ \t]+quyết[ \t]+(?:của[ \t]+)?Đại[ \t]+hội(?P<body>[^\n,;.()]{{0,60}}?)[ \t]+(?:lần[ \t]+thứ[ \t]+)?"
    rf"(?P<ord>{ROMAN})(?![\w])(?:[ \t]+của[ \t]+Đảng(?![\w]))?"
)
PLENUM = re.compile(
    rf"Nghị[ \t]+quyết[ \t]+(?:Hội[ \t]+nghị[ \t]+)?Trung[ \t]+ương[ \t]+(?:lần[ \t]+thứ[ \t]+)?(?P<n>\d{{1,2}})"
    rf"[ \t,(]*{KHOA}[ \t]+(?P<term>{ROMAN})(?![\w])\)?"
)


@dataclass(frozen=True)
class WordHit:
    """A vocabulary word found in the text: ``text[start:end]`` is ``word`` (any case)."""

    start: int
    end: int
    word: str


@lru_cache(maxsize=8)
def _word_groups(words: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Words grouped by their first two lower-case words, longest first within a group."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        low = " ".join(word.lower().split())
        groups.setdefault(" ".join(low.split()[:2]), []).append((low, word))
    return tuple((head, tuple(items)) for head, items in groups.items())


def find_words(lower: str, words: Iterable[str]) -> list[WordHit]:
    """Every whole-word occurrence of ``words`` in lower-cased text, the longest at each place.

    ``str.find`` runs at C speed, so a 100 kB text is scanned in well under a millisecond per word;
    a regex alternation with a case-insensitive flag is tens of times slower.
    """
    hits: dict[int, WordHit] = {}
    size = len(lower)
    for head, group in _word_groups(tuple(words)):
        i = lower.find(head)
        while i >= 0:
            if i == 0 or not lower[i - 1].isalnum():
                for low, word in group:
                    j = i + len(low)
                    if lower.startswith(low, i) and (j == size or not lower[j].isalnum()):
                        if i not in hits or hits[i].end < j:
                            hits[i] = WordHit(i, j, word)
                        break
            i = lower.find(head, i + len(head))
    out: list[WordHit] = []
    for h in sorted(hits.values(), key=lambda h: h.start):
        if out and h.start < out[-1].end:     # drop "luật" inside "bộ luật"
            continue
        out.append(h)
    return out


@vocabulary_cache(1)
def back_reference_tail() -> re.Pattern:
    """After a type word: "trên", "nêu trên", "này" …"""
    r = reference_rules().back_references
    return re.compile(rf"[ \t]+(?P<which>{words_alternation([w.lower() for w in r.this + r.previous])})(?![\w])")


@vocabulary_cache(1)
def issuer_pattern() -> re.Pattern:
    """Issuer phrases of the vocabulary, longest first ("Ban Thường vụ Tỉnh ủy" before "Tỉnh ủy")."""
    from .citation_codes import issuer_names

    return re.compile(rf"(?i:{words_alternation(issuer_names())})(?![\w])")


def known_aliases() -> list[str]:
    """Names of ``rules/known_documents.yaml`` documents cited without a number ("Điều lệ Đảng")."""
    from .known_documents import known_documents

    return [a for d in known_documents().documents for a in d.aliases]


@vocabulary_cache(1)
def next_citation() -> re.Pattern:
    """Where a title runs into the next citation ("… thực hiện |Chỉ thị số 05-CT/TW"): used on short strings."""
    types = words_alternation([t.name for t in reference_rules().doc_types])
    return re.compile(rf"(?<![\w])(?i:{types})[\s*]+(?:số[\s*]*:?[\s*]*)?\d")


# --- issuers and titles: where one ends and the other begins --------------------------------

ISSUER_STOPS = (r"về|ngày|số|tại|đã|được|theo|để|nhằm|thì|trong|với|là|này|thực[ \t]+hiện|ban|phê|quy|sửa|hướng|giao|gửi"
                r"|cho|đối|nhưng|và[ \t]+[a-zđ]|có|không|cũng|từ|đến|sau|trước|khi|hết|công[ \t]+bố|cụ[ \t]+thể|thay[ \t]+thế|liên[ \t]+quan"
                r"|(?i:v/v)")


@vocabulary_cache(1)
def title_opener() -> re.Pattern:
    """The verb a title opens with when written without "về": "quy định", "Hướng dẫn", "Thành lập" …
    Phrases of two words match in any case; one word ("tách") only as written, since capitalised
    it begins names ("Giao Thủy", "Tách" …)."""
    words = reference_rules().titles.openers
    many = words_alternation([w for w in words if " " in w.strip()]) or "(?!x)x"
    one = words_alternation([w for w in words if " " not in w.strip()]) or "(?!x)x"
    return re.compile(rf"(?:(?i:{many})|{one})(?![\w])")


@vocabulary_cache(1)
def generic_issuer() -> re.Pattern:
    """An issuer the vocabulary does not know, after "của"/"do": capitalised, up to 14 words, ending
    before a verb or function word ("Chủ tịch UBND tỉnh| hết hiệu lực", "Bộ GD&ĐT| Hướng dẫn")."""
    opener = title_opener().pattern
    return re.compile(
        rf"[{UPPER}][\w&]*(?:(?:[ \t]+-)?[ \t]+(?!(?:{ISSUER_STOPS}|{opener})(?![\w]))[\w&]+){{0,13}}"
    )


@vocabulary_cache(1)
def place_name() -> re.Pattern:
    """The place after "tỉnh", "Ủy ban nhân dân" …: capitalised words, not a title's opening verb
    ("Ủy ban nhân dân tỉnh Bình Phước| Cho phép …"); "Thành phố" keeps its "phố"."""
    opener = title_opener().pattern
    return re.compile(rf"(?:[ \t]+(?!{opener})(?:Thành[ \t]+phố|[{UPPER}][\w]*)){{1,5}}")


@vocabulary_cache(1)
def title_cut() -> re.Pattern:
    """Where a title read after "về" stops (searched in the title only, a few hundred characters):
    a sentence end, a date or place of the citing sentence, a new clause ("… bổ sung| thì …",
    "…, được sửa đổi, bổ sung bởi", "…, Phòng Giáo dục và Đào tạo phát động …"), or a quoted
    subject followed by punctuation (cut after the closing quote)."""
    t = reference_rules().titles
    ends = words_alternation(t.ends) or "(?!x)x"
    comma = words_alternation(t.comma_ends) or "(?!x)x"
    verbs = words_alternation(t.clause_verbs) or "(?!x)x"
    return re.compile(
        rf"\.(?:\s|$)|\stại\s|(?<!sau)(?<!trước)(?<!từ)(?<!đến)\sngày\s|\sngày\s(?!\d)|(?:,[ \t]*|[ \t]+)(?:{ends})(?![\w])|,[ \t]*(?:{comma})(?![\w])"
        rf"|,[ \t]+(?=[{UPPER}][\w&]*(?:[ \t]+[\w&-]+){{0,7}}?[ \t]+(?:{verbs})(?![\w]))"
        rf"|(?<=[”\"])(?=[ \t]*[,.;])"
    )


@vocabulary_cache(1)
def title_link() -> re.Pattern:
    """A title that ends with a word needing its object ("… một số điều của", "… tiếp tục thực hiện"):
    the next citation is part of it. Searched at the end of the title."""
    links = words_alternation(reference_rules().titles.links) or "(?!x)x"
    return re.compile(rf"(?:^|[ \t,])(?:{links})$")


@vocabulary_cache(1)
def known_law_name() -> re.Pattern:
    """A law's name from the vocabulary right after its word ("Luật| Cán bộ, công chức")."""
    names = words_alternation(reference_rules().law_names) or "(?!x)x"
    return re.compile(rf"[ \t]+(?P<name>(?i:{names}))(?![\w])")


@vocabulary_cache(1)
def issuer_head() -> re.Pattern:
    """The office that signs for an issuer, before its name: "Bộ trưởng| Bộ …", "Chủ tịch| UBND …"."""
    heads = words_alternation(reference_rules().issuer_heads) or "(?!x)x"
    return re.compile(rf"(?:{heads})[ \t]+")
