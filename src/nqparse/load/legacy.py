"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI-Windows) to Unicode NFC.

Old office files store Vietnamese as 8-bit codes drawn by special fonts: ``.VnTime`` and
friends (TCVN3) or ``VNI-Times`` and friends (VNI-Windows). Word keeps those codes as the
cp1252 characters of the same bytes, so a ``.VnTime`` run reads "§¶ng céng s¶n" and a
``VNI-Times`` run reads "Ñaûng Coäng saûn". See standards.md §4.

* In .docx the font name of each run tells the encoding: :func:`convert_run`.
* In plain text only the content can tell: :func:`detect_legacy` then :func:`to_unicode`.

Conversion happens before any whitespace or control-character cleanup, because TCVN3
stores "ư" as 0xAD, the soft hyphen that cleaners delete.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from .tcvn3_table import TCVN3_TO_UNICODE

TCVN3 = "tcvn3"
VNI = "vni"
ENCODING_ALIASES = {"tcvn3": TCVN3, "tcvn": TCVN3, "abc": TCVN3, "vn3": TCVN3, "tcvn5712": TCVN3,
                    "vni": VNI, "vni-windows": VNI, "vni_windows": VNI}

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")        # PDF subset prefix "ABCDEF+.VnTime"
_TCVN3_FONT = re.compile(r"^\.?Vn[A-Z]")          # .VnTime, .VnArialH, VnTimeH
_VNI_FONT = re.compile(r"^VNI[- _]", re.IGNORECASE)  # VNI-Times, VNI-Helve


# --- by font name ---------------------------------------------------------------

def font_encoding(font: Optional[str]) -> Optional[str]:
    """The legacy encoding a font name implies, or None for a Unicode font."""
    if not font:
        return None
    name = _SUBSET_TAG.sub("", font.strip())
    if _VNI_FONT.match(name):
        return VNI
    if _TCVN3_FONT.match(name):
        return TCVN3
    return None


def is_capital_font(font: Optional[str]) -> bool:
    """TCVN3 capital fonts (.VnTimeH, .VnArialH) draw lower-case codes as capitals."""
    if font_encoding(font) != TCVN3:
        return False
    name = _SUBSET_TAG.sub("", font.strip()).split(",")[0].strip()
    return name.endswith("H")


def convert_run(text: str, font: Optional[str]) -> str:
    """Convert one run of text according to its font; Unicode fonts pass through unchanged."""
    encoding = font_encoding(font)
    if encoding is None or not text:
        return text
    converted = to_unicode(text, encoding)
    return converted.upper() if is_capital_font(font) else converted


# --- by content -----------------------------------------------------------------

# Characters TCVN3 text is full of and Vietnamese Unicode (or VNI) text never uses:
# ¸ µ ¶ · ¹ (á à ả ã ạ), © ª « ¬ (â ê ô ơ), ® § (đ Đ), soft hyphen (ư), ¨ (ă) ...
_TCVN3_SIGNS = frozenset("¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿")
# Latin-1 letters that are not Vietnamese letters: VNI's mark bytes (and TCVN3's tones).
_FOREIGN_LETTERS = frozenset("øûïåäëüñöæîçðþÿØÛÏÅÄËÜÑÖÆÎÇÐÞß")
_VIETNAMESE_ONLY = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9]")
_WORD = re.compile(r"\w+")


_SIGN_CLASS = "[" + re.escape("".join(sorted(_TCVN3_SIGNS))) + "]"
_SIGN_IN_WORD = re.compile(f"{_SIGN_CLASS}(?=[^\\W\\d_]|{_SIGN_CLASS})|(?<=[^\\W\\d_]){_SIGN_CLASS}")


def _signs_inside_words(text: str) -> int:
    """TCVN3 signs standing next to a letter ("n¨m", "th¸ng"), not alone like « » or °."""
    return len(_SIGN_IN_WORD.findall(text))


def detect_legacy(text: str) -> Optional[str]:
    """Tell whether ``text`` is TCVN3 or VNI mojibake: "tcvn3", "vni" or None.

    Works on any span (a line, a paragraph, a file). It is conservative: it needs several
    signs and a clear majority over genuine Unicode Vietnamese letters, because French or
    Spanish text shares some of VNI's letters (standards.md §4 trap 4).
    """
    if not text:
        return None
    tcvn_signs = _signs_inside_words(text)
    foreign = sum(1 for ch in text if ch in _FOREIGN_LETTERS)
    genuine = len(_VIETNAMESE_ONLY.findall(text))
    words = max(1, len(_WORD.findall(text)))
    if tcvn_signs >= 2 and tcvn_signs > genuine and tcvn_signs / words >= 0.08:
        return TCVN3
    if foreign >= 2 and tcvn_signs == 0 and foreign > genuine and foreign / words >= 0.08:
        return VNI
    return None


# --- conversion -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _char_to_byte() -> dict[str, int]:
    """Lossless character -> byte map: cp1252 first, latin-1 for the five holes and C1 codes.

    Word also stores symbol-font bytes in the private use area U+F020..U+F0FF.
    """
    table: dict[str, int] = {}
    for b in range(256):
        table.setdefault(chr(b), b)                 # latin-1 (incl. U+0081, U+008D ...)
    for b in range(0x80, 0xA0):
        try:
            table[bytes([b]).decode("cp1252")] = b  # € ‚ ƒ „ … → 0x80..0x9f
        except UnicodeDecodeError:
            pass
    for b in range(0x20, 0x100):
        table[chr(0xF000 + b)] = b
    return table


# Word's typographic punctuation in cp1252's 0x80-0x9f. The glibc table is TCVN3's VN1 form,
# with toned capitals there; the .VnTime fonts (VN3) draw these slots as punctuation, and
# smart quotes typed in a .VnTime run are stored as exactly these characters.
_KEEP_PUNCTUATION = frozenset("‘’“”–—…•")


@lru_cache(maxsize=1)
def _tcvn3_translation() -> dict[int, str]:
    return {ord(ch): TCVN3_TO_UNICODE[b] for ch, b in _char_to_byte().items()
            if ch not in "\t\n\r" and ch not in _KEEP_PUNCTUATION}


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 text (as cp1252 characters) to Unicode NFC; characters above U+FFFF pass."""
    return unicodedata.normalize("NFC", text.translate(_tcvn3_translation()))


# VNI-Windows: a base vowel followed by a mark byte; a few standalone letters.
_VNI_MARKS = {  # mark byte (lower-case form) -> (tone or shape) applied to the base
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309",
    "ã": "\u0302\u0303", "ä": "\u0302\u0323",
    "ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309",
    "ü": "\u0306\u0303", "ë": "\u0306\u0323",
}
_VNI_STANDALONE = {  # lower-case forms; capitals are derived
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ", "ô": "ơ", "ö": "ư",
}
_VNI_BASES = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}
_BREVE_ONLY_ON = "a"


@lru_cache(maxsize=1)
def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for base_code, base in _VNI_BASES.items():
        for mark_code, mark in _VNI_MARKS.items():
            if "\u0306" in mark and base_code != _BREVE_ONLY_ON:
                continue
            if "\u0302" in mark and base_code not in "aeo":
                continue
            if base_code in "ôö" and mark_code not in "ùøûõï":
                continue
            lower = unicodedata.normalize("NFC", base + mark)
            for b in (base_code, base_code.upper()):
                out = lower if b.islower() else lower.upper()
                for m in (mark_code, mark_code.upper()):
                    pairs[b + m] = out
    for code, letter in _VNI_STANDALONE.items():
        pairs.setdefault(code, letter)
        pairs.setdefault(code.upper(), letter.upper())
    return pairs


@lru_cache(maxsize=1)
def _vni_pattern() -> re.Pattern[str]:
    keys = sorted(_vni_pairs(), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def vni_to_unicode(text: str) -> str:
    """VNI-Windows text (as cp1252 characters) to Unicode NFC."""
    pairs = _vni_pairs()
    converted = _vni_pattern().sub(lambda m: pairs[m.group(0)], text)
    return unicodedata.normalize("NFC", converted)


def to_unicode(text: str, encoding: str) -> str:
    """Convert ``text`` from a legacy encoding ("tcvn3" or "vni") to Unicode NFC."""
    name = ENCODING_ALIASES.get(encoding.lower())
    if name == TCVN3:
        return tcvn3_to_unicode(text)
    if name == VNI:
        return vni_to_unicode(text)
    raise ValueError(f"unknown legacy encoding {encoding!r} (expected 'tcvn3' or 'vni')")


def tcvn3_encodable(ch: str) -> bool:
    """True when a .VnTime (VN3) font has a code for ``ch`` (toned capitals have none)."""
    return ch in _tcvn3_reverse()


def from_unicode_tcvn3(text: str) -> str:
    """Unicode text to TCVN3 (VN3) as Word stores it, as cp1252 characters: for test files.

    VN3 has no toned capitals: those are written with their lower-case code, as a typist
    using a capital font (.VnTimeH) would; use :func:`tcvn3_encodable` to put them in such a run.
    """
    reverse = _tcvn3_reverse()
    return "".join(reverse.get(ch) or reverse.get(ch.lower(), ch) for ch in unicodedata.normalize("NFC", text))


@lru_cache(maxsize=1)
def _tcvn3_reverse() -> dict[str, str]:
    byte_to_char = {b: ch for ch, b in _char_to_byte().items() if ord(ch) < 0xF000}
    reverse: dict[str, str] = {}
    for b in range(0xA0, 0x100):                       # VN3: letters live in 0xa0..0xff
        uni = TCVN3_TO_UNICODE[b]
        if not unicodedata.combining(uni):
            reverse.setdefault(uni, byte_to_char[b])
    for b in range(0x20, 0x80):
        reverse.setdefault(chr(b), chr(b))
    return reverse


def from_unicode_vni(text: str) -> str:
    """Unicode text to VNI-Windows as Word stores it (cp1252 characters): for test files."""
    reverse: dict[str, str] = {}
    for code, letter in _vni_pairs().items():
        if len(code) == 2 and code[0].isupper() == code[1].isupper():
            reverse[letter] = code
    for code, letter in _vni_pairs().items():
        if len(code) == 1 and code != letter:
            reverse.setdefault(letter, code)
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
