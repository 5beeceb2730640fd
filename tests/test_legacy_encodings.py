"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows) come out as Unicode NFC.

Examples are the ones verified in standards.md §4 and words from real documents.
"""
from __future__ import annotations

import unicodedata

import pytest

from nqparse.load import legacy
from nqparse.load.legacy import convert_run, detect_legacy, font_encoding, to_unicode

ALL_LOWER = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


@pytest.mark.parametrize("tcvn3, unicode_text", [
    ("§¶ng céng s¶n ViÖt Nam", "Đảng cộng sản Việt Nam"),
    ("KÕ ho¹ch sè 12-KH/§U", "Kế hoạch số 12-KH/ĐU"),
    ("Uû ban nh©n d©n", "Uỷ ban nhân dân"),
    ("Hµ Néi, ngµy 10 th¸ng 01 n¨m 2022", "Hà Nội, ngày 10 tháng 01 năm 2022"),
    ("NghÞ quyÕt §¹i héi §¶ng bé", "Nghị quyết Đại hội Đảng bộ"),
])
def test_tcvn3_words_from_real_documents(tcvn3, unicode_text):
    assert to_unicode(tcvn3, "tcvn3") == unicode_text


def test_tcvn3_soft_hyphen_is_u_horn_not_a_hyphen():
    # 0xAD is "ư" in TCVN3 and the soft hyphen in cp1252: converting first keeps it
    assert to_unicode("Trung \u00ad¬ng", "tcvn3") == "Trung ương"
    assert to_unicode("ng\u00adêi", "tcvn3") == "người"


def test_tcvn3_every_lowercase_letter_round_trips():
    encoded = legacy.from_unicode_tcvn3(ALL_LOWER)
    assert encoded != ALL_LOWER
    assert to_unicode(encoded, "tcvn3") == ALL_LOWER


def test_tcvn3_bytes_0x80_to_0x9f_survive_cp1252():
    # VN1 capitals stored by Word as cp1252 characters: "€"=0x80=À, "‚"=0x82=Ã; U+0081 (undefined in cp1252)=Ả
    assert to_unicode("\u20ac\u0081\u201a", "tcvn3") == "ÀẢÃ"
    # Word's smart quotes typed in a .VnTime run stay quotes
    assert to_unicode("\u201cD©n vËn khÐo\u201d", "tcvn3") == "\u201cDân vận khéo\u201d"


def test_output_is_nfc():
    for text, enc in (("ViÖt", "tcvn3"), ("Vieät", "vni")):
        out = to_unicode(text, enc)
        assert out == unicodedata.normalize("NFC", out) == "Việt"


@pytest.mark.parametrize("vni, unicode_text", [
    ("Muïc ñích, yeâu caàu", "Mục đích, yêu cầu"),
    ("Ñaûng Coäng saûn Vieät Nam", "Đảng Cộng sản Việt Nam"),
    ("Keá hoaïch", "Kế hoạch"),
    ("UÛY BAN NHAÂN DAÂN", "ỦY BAN NHÂN DÂN"),
    ("ngöôøi daân, tröôøng hoïc, quoác phoøng", "người dân, trường học, quốc phòng"),
    ("Uûy ban", "Ủy ban"),
])
def test_vni_words(vni, unicode_text):
    assert to_unicode(vni, "vni") == unicode_text


def test_vni_every_letter_round_trips_in_both_cases():
    for text in (ALL_LOWER, ALL_LOWER.upper()):
        encoded = legacy.from_unicode_vni(text)
        assert to_unicode(encoded, "vni") == text


def test_fonts_decide_the_encoding_of_a_run():
    assert font_encoding(".VnTime") == "tcvn3"
    assert font_encoding(".VnArialH") == "tcvn3"
    assert font_encoding("ABCDEF+.VnTimeH") == "tcvn3"   # PDF subset tag
    assert font_encoding("VNI-Times") == "vni"
    assert font_encoding("Times New Roman") is None
    assert font_encoding(None) is None


def test_capital_tcvn3_fonts_are_upper_cased():
    # .VnTimeH draws lower-case codes as capitals: the converted text must be capitals too
    assert convert_run("§¶ng uû khèi", ".VnTimeH") == "ĐẢNG UỶ KHỐI"
    assert convert_run("§¶ng uû khèi", ".VnTime") == "Đảng uỷ khối"


def test_unicode_runs_pass_through_untouched():
    # "®" in a Unicode run is a registered sign, not TCVN3 "đ"
    assert convert_run("Nhãn hiệu®", "Times New Roman") == "Nhãn hiệu®"


def test_detect_legacy_by_content():
    assert detect_legacy("§¶ng céng s¶n ViÖt Nam. KÕ ho¹ch sè 12-KH/§U") == "tcvn3"
    assert detect_legacy("Ñaûng Coäng saûn Vieät Nam. Muïc ñích, yeâu caàu cuûa keá hoaïch") == "vni"


def test_detect_legacy_leaves_unicode_and_other_languages_alone():
    assert detect_legacy("Đảng Cộng sản Việt Nam; Kế hoạch số 12-KH/ĐU, ngày 10/01/2022.") is None
    assert detect_legacy("Le café est très bon à Paris, « dit-il », après la réunion.") is None
    assert detect_legacy("") is None


def test_unknown_encoding_name_is_an_error():
    with pytest.raises(ValueError):
        to_unicode("abc", "viscii-2")


def test_tcvn3_text_file_is_read_as_unicode(tmp_path):
    from nqparse.load import load_path

    text = "§¶ng bé tØnh Trµ Vinh\n\nNghÞ quyÕt vÒ l·nh ®¹o thùc hiÖn nhiÖm vô n¨m 2022\n\n- PhÊn ®Êu 100% ®¶ng viªn ®\u00adîc häc tËp.\n"
    f = tmp_path / "tcvn3.txt"
    f.write_bytes(text.encode("cp1252"))
    doc = load_path(f)
    joined = "\n".join(b.text for b in doc.blocks)
    assert "Đảng bộ tỉnh Trà Vinh" in joined
    assert "Phấn đấu 100% đảng viên được học tập." in joined


def test_vni_text_file_is_read_as_unicode(tmp_path):
    from nqparse.load import load_path

    text = legacy.from_unicode_vni("Ủy ban nhân dân tỉnh\n\nKế hoạch thực hiện Nghị quyết của Đảng bộ về chuyển đổi số năm 2026\n")
    f = tmp_path / "vni.txt"
    f.write_bytes(text.encode("cp1252"))
    joined = "\n".join(b.text for b in load_path(f).blocks)
    assert "Kế hoạch thực hiện Nghị quyết của Đảng bộ về chuyển đổi số năm 2026" in joined


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """``text`` as Windows "Vietnamese (Windows-1258)" stores it: â ă ê ô ơ ư đ as letters, the five
    tones as combining marks after them."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(p for p in parts if p in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONE_MARKS)) + tone)
    return "".join(out).encode("cp1258")


def test_a_utf8_file_with_some_cp1258_lines_is_read_line_by_line_and_says_which(tmp_path):
    from nqparse.load import load_path

    f = tmp_path / "tron-bang-ma.txt"
    f.write_bytes("ĐẢNG BỘ TỈNH TRÀ VINH\n\nNghị quyết về lãnh đạo thực hiện nhiệm vụ năm 2022\n\n".encode("utf-8")
                  + cp1258_bytes("- Phấn đấu 100% đảng viên được học tập.\n")
                  + "- Tăng cường công tác kiểm tra, giám sát.\n".encode("utf-8"))
    doc = load_path(f)
    joined = "\n".join(b.text for b in doc.blocks)
    assert "Nghị quyết về lãnh đạo thực hiện nhiệm vụ năm 2022" in joined    # the UTF-8 lines, untouched
    assert "- Phấn đấu 100% đảng viên được học tập." in joined                # the cp1258 line, in Unicode
    assert "- Tăng cường công tác kiểm tra, giám sát." in joined
    assert doc.encoding == "utf-8+cp1258"
    assert any("dòng 5" in w and "1258" in w for w in doc.warnings), doc.warnings

