"""The grammar of the labels and marks of a Vietnamese administrative document, in one place.

- outline labels: "Phần I", "Chương II", "Mục 2", "Điều 5.", "I-", "II.", "2.1.", "3.", "3)",
  "(1)", "(a)", "a)", and the bullets "- ", "+ ", "• ";
- closing marks: "Nơi nhận", the signing authority "T/M", "TM.", "K/T", "KT.", "T/L", "TL.",
  "TUQ.", "Q.".

The loader (PDF lines), the normalizer (where a paragraph starts), the outline, the clause splitter
and the citation reader each need a slightly different pattern — anchored or not, with "/" after a
number or not — and compose it here from the same pieces, so that a label one stage knows the
others know too. A document's code is written one way whether it is the document's own ("Số 27-CTr/TU") or
cited ("Chương trình số 26-Ctr/TU"): :func:`party_code` and :func:`state_code` build both, with
the type abbreviation spelled as ``rules/references.yaml`` spells it ("Ctr" → "CTr").
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Protocol

from .textkey import fold

# --- pieces -----------------------------------------------------------------------------------
PART_WORD = r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)"
ROMAN = r"[IVXLC]{1,6}"
DECIMAL = r"\d{1,2}(?:\.\d{1,2})+\.?"          # "2.1", "2.1.", "1.2.3"
ARABIC = r"\d{1,2}"
PAREN = r"\(\d{1,2}\)|\([a-zđ]\)"               # "(1)", "(a)"
LETTER = r"[a-zđ]\)"                            # "a)"
BULLET = r"[-+•*–]\s"
# after a number label: a space, or a capitalised word when a scan lost the space ("3.Chế độ báo cáo")
NUMBER_LABEL_END = r"(?=\s|[A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ][a-zđà-ỹ])"
AUTHORITY_MARK = r"T/M|TM\.|K/T|KT\.|T/L|TL\.|TUQ\.|Q\."   # "T/M ĐẢNG ỦY", "KT. CHỦ TỊCH"
RECIPIENTS = r"Nơi nhận"

# --- the outline: a paragraph that opens with one of these starts a node -----------------------
OUTLINE_LABEL = re.compile(
    r"^(?:"
    rf"(?P<part>{PART_WORD}\s+(?:[IVXLC]+|\d+|thứ\s+\w+)\b)"
    r"|(?P<article>Điều\s+\d+[a-z]?\s*[.:])"
    rf"|(?P<roman>{ROMAN}\s*[-.–)]\s*)(?=\S)"
    rf"|(?P<decimal>{DECIMAL}){NUMBER_LABEL_END}"
    rf"|(?P<arabic>{ARABIC}\s*[.)-]){NUMBER_LABEL_END}"
    rf"|(?P<paren>{PAREN})"
    rf"|(?P<letter>{LETTER})(?=\s)"
    rf"|(?P<bullet>{BULLET})"
    r")"
)

# --- a clause: the label an item's text opens with, to be skipped (also "1/", "II/") -------------
CLAUSE_LABEL = re.compile(
    rf"^\s*(?:{PART_WORD}\s+[IVXLC\d]+\s*[.:-]?|Điều\s+\d+[a-z]?\s*[.:]|{ROMAN}\s*[-.–)/]|"
    rf"{DECIMAL}{NUMBER_LABEL_END}|{ARABIC}\s*[.)/-]{NUMBER_LABEL_END}|{PAREN}|{LETTER}|{BULLET})\s*",
    re.MULTILINE,
)

# --- a cited clause ("… tại điểm a) khoản 2 …"): an optional label and markdown residue before it --
LEADING_LABEL = re.compile(
    r"[\s*_#>|+\-–•]*(?:(?:\d{1,2}\.)+\d{0,2}|\(?\d{1,2}\)|" + LETTER + r"|[IVX]{1,5}[.-])?[\s*_]*"
)

# --- a PDF line that opens an item (looser: a line of a PDF has no paragraph style to go by) ----
LINE_LABEL = re.compile(
    rf"^(?:[IVXLC]+[.-]|\d+(?:\.\d+)*[.-]?\s|\(\d+\)|{LETTER}|[-+•–]\s|Điều\s+\d|Chương\s|Mục\s|Phần\s)"
)

# --- the closing: recipients and the signing authority ----------------------------------------
CLOSING_START = re.compile(rf"^(?:Số\b|{RECIPIENTS}|Kính gửi|T/M\b|TM\.|K/T\b|KT\.|T/L\b|TL\.|TUQ\.|Q\.|\*$|Căn cứ\b)")
AUTHORITY_LINE = re.compile(rf"^(?:{AUTHORITY_MARK})\s*\S")                      # a PDF line "T/M ĐẢNG ỦY"
RECIPIENTS_LINE = re.compile(r"^N[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)             # also without diacritics


def label_kind(text: str) -> Optional[str]:
    """The kind of outline label ``text`` opens with ("roman", "decimal2", "letter" …), or None."""
    m = OUTLINE_LABEL.match(text)
    if not m:
        return None
    kind = m.lastgroup
    if kind == "decimal":
        return f"decimal{m.group('decimal').rstrip('.').count('.')}"
    return kind


def is_bare_label(text: str) -> bool:
    """A numbering label with nothing after it: "1.", "II.", "2.1.", "a)", "Điều 5.", "Chương II"."""
    m = OUTLINE_LABEL.match(text + " x")
    return m is not None and m.lastgroup != "bullet" and m.end() >= len(text.rstrip())


def is_structural_start(text: str) -> bool:
    """``text`` opens an outline node or a closing part: a line that starts a paragraph."""
    return label_kind(text) is not None or bool(CLOSING_START.match(text))


# --- document codes ---------------------------------------------------------------------------

class TypeAbbreviations(Protocol):
    """A document type of ``rules/references.yaml``: its abbreviations in Party and State symbols."""

    party: list[str]
    state: list[str]


def canonical_abbreviation(abbreviation: str, family: str, types: Iterable[TypeAbbreviations]) -> str:
    """The spelling of a type abbreviation the rules use ("ctr" → "CTr"), else upper case; the
    abbreviations of the document's family first (Party "TT" is not State "TT")."""
    key = fold(abbreviation)
    for t in types:
        for a in (t.party if family == "party" else t.state) + t.party + t.state:
            if fold(a) == key:
                return a
    return abbreviation.upper()


def party_code(number: str, abbreviation: str, issuer: str, types: Iterable[TypeAbbreviations]) -> str:
    """"03-NQ/ĐUK": number, type, issuer."""
    return f"{number}-{canonical_abbreviation(abbreviation, 'party', types)}/{issuer.upper()}"


def state_code(number: str, year: Optional[str], abbreviation: Optional[str], issuer: str,
               types: Iterable[TypeAbbreviations]) -> str:
    """"30/2020/NĐ-CP", "144/KH-UBND", "193/UBND-KT" (a công văn: no type)."""
    tail = f"{canonical_abbreviation(abbreviation, 'state', types)}-{issuer}" if abbreviation else issuer
    return "/".join([number] + ([year] if year else []) + [tail])
