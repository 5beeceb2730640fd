"""Metadata of the other common shapes: công văn, drafts left blank for the văn thư, Party
committees of State bodies, the signature beside Nơi nhận in layout text, and dates written
only in an e-signature stamp or the signature area."""
from __future__ import annotations

from functools import lru_cache

import pytest

import nqparse
from conftest import SHARED_CORPUS, need_shared_corpus
from officedoc import build_docx


@lru_cache(maxsize=None)
def parsed_office(name: str):
    need_shared_corpus()
    path = SHARED_CORPUS / "office" / name
    if not path.is_file():
        pytest.skip(f"office document not available: {path}")
    return nqparse.parse(path)


def warning_codes(resolution) -> set[str]:
    return {w.code for w in resolution.warnings}


# --- công văn --------------------------------------------------------------------------------

CONG_VAN = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 193/UBND-KT
V/v tăng cường công tác quản lý, giám sát hoạt động VLNCN,
TCTN trên địa bàn tỉnh
Kính gửi:
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày 10 tháng 01 năm 2026
- Các Sở, ngành: Công Thương, Nội vụ, Công an tỉnh, Ban Chỉ huy
Bộ đội Biên phòng tỉnh;
- UBND các xã, phường.

Để tăng cường hiệu lực quản lý nhà nước, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Sở Công Thương

a) Rà soát các quy định hiện hành về quản lý vật liệu nổ công nghiệp.

2. Công an tỉnh

a) Kiểm tra việc vận chuyển vật liệu nổ công nghiệp.
"""


CONG_VAN_TITLE = "tăng cường công tác quản lý, giám sát hoạt động VLNCN, TCTN trên địa bàn tỉnh"


class TestCongVan:
    def test_a_symbol_with_no_type_and_a_subject_make_a_cong_van(self):
        m = nqparse.analyse(CONG_VAN).metadata
        assert (m.doc_type, m.number, m.symbol, m.code) == ("Công văn", "193", "UBND-KT", "193/UBND-KT")

    def test_the_subject_wrapped_over_two_lines_is_the_whole_title(self):
        assert nqparse.analyse(CONG_VAN).metadata.title == CONG_VAN_TITLE

    def test_the_date_line_read_after_kinh_gui_gives_date_and_place(self):
        m = nqparse.analyse(CONG_VAN).metadata
        assert (m.date, m.place) == ("2026-01-10", "Lào Cai")

    def test_the_addressees_are_header_and_the_numbered_sections_start_the_outline(self):
        doc = nqparse.analyse(CONG_VAN)
        assert doc.text[doc.body_start:].startswith("Để tăng cường hiệu lực")
        assert [n.id for n in doc.outline] == ["1", "2"]

    def test_v_v_makes_a_cong_van_even_when_the_issuer_abbreviation_reads_as_a_type(self):
        """'Số: 5253/CT-CS' of the Cục Thuế: CT is the issuer, not a Chỉ thị."""
        text = CONG_VAN.replace("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 193/UBND-KT", "BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 5253/CT-CS")
        m = nqparse.analyse(text).metadata
        assert (m.doc_type, m.code, m.title) == ("Công văn", "5253/CT-CS", CONG_VAN_TITLE)

    def test_a_typed_heading_wins_over_its_symbol(self):
        text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 09/CT-UBND\nCẦN THƠ, ngày 18 tháng 11 năm 2025\n"
                "CHỈ THỊ\nVề tăng cường quản lý nước dưới đất\nTrong thời gian qua …\n")
        assert nqparse.analyse(text).metadata.doc_type == "Chỉ thị"

    def test_a_party_symbol_whose_type_only_the_words_tell_is_no_cong_van(self):
        text = ("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 294-QĐ/TW\nĐẢNG CỘNG SẢN VIỆT NAM\n"
                "Hà Nội, ngày 26 tháng 5 năm 2025\n\nCăn cứ Điều lệ Đảng;\n")
        assert nqparse.analyse(text).metadata.doc_type is None

    def test_real_signed_cong_van(self):
        m = parsed_office("cv193-ubnd-laocai-vat-lieu-no.pdf").metadata
        assert (m.doc_type, m.code, m.place) == ("Công văn", "193/UBND-KT", "Lào Cai")
        assert m.title == CONG_VAN_TITLE
        assert (m.signer.name, m.signer.title, m.signer.authority) == ("Nguyễn Thành Sinh", "Phó Chủ tịch", "KT. Chủ tịch")

    def test_real_signed_cong_van_date_from_its_stamps(self):
        assert parsed_office("cv193-ubnd-laocai-vat-lieu-no.pdf").metadata.date == "2026-01-10"


# --- drafts: number and day left blank ---------------------------------------------------------

DRAFT = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số:           /KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lâm Đồng, ngày       tháng 12 năm 2025

KẾ HOẠCH
Cải cách hành chính nhà nước năm 2026

I. MỤC TIÊU

1. Sở Nội vụ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.
"""


class TestDraftForSignature:
    def test_a_blank_number_gives_no_number_and_no_code_but_keeps_the_symbol(self):
        m = nqparse.parse(DRAFT).metadata
        assert (m.number, m.symbol, m.code) == (None, "KH-UBND", None)

    def test_a_blank_day_gives_no_date_and_the_month_is_kept_in_a_warning(self):
        r = nqparse.parse(DRAFT)
        assert r.metadata.date is None and r.metadata.place == "Lâm Đồng"
        blank = next(w for w in r.warnings if w.code == "date_left_blank")
        assert "tháng 12 năm 2025" in blank.message

    def test_a_warning_says_the_number_was_left_blank(self):
        r = nqparse.parse(DRAFT)
        blank = next(w for w in r.warnings if w.code == "number_left_blank")
        assert blank.message == "số văn bản để trống (bản dự thảo trình ký)"
        assert "no_number" not in warning_codes(r)

    def test_a_blank_number_of_a_few_spaces_in_a_text_copy(self):
        m = nqparse.analyse(DRAFT.replace("Số:           /KH-UBND", "Số:     /KH-UBND")).metadata
        assert (m.symbol, m.code, m.issuer) == ("KH-UBND", None, "Ủy ban nhân dân tỉnh Lâm Đồng")

    def test_a_party_draft_has_no_code_either(self):
        m = nqparse.analyse("THÀNH ỦY HÀ NỘI\nBAN TỔ CHỨC\n*\nSố   - HD/BTCTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
                            "Hà Nội, ngày   tháng 11 năm 2025\nHƯỚNG DẪN\nNghiệp vụ công tác đảng viên\n").metadata
        assert (m.number, m.symbol, m.code, m.date) == (None, "HD/BTCTU", None, None)

    def test_a_word_draft_built_as_an_office_types_it(self):
        m = nqparse.parse(build_docx(DRAFT), filename="du-thao.docx").metadata
        assert (m.doc_type, m.number, m.symbol, m.code, m.date) == ("Kế hoạch", None, "KH-UBND", None, None)
        assert m.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"

    @pytest.mark.parametrize("name,title_start", [
        ("kh-ubnd-laocai-khoang-san-11-ct-tu.docx", "Triển khai thực hiện Chỉ thị số 11-CT/TU"),
        ("kh-ubnd-lamdong-cai-cach-hanh-chinh-2026.docx", "Cải cách hành chính nhà nước năm 2026"),
    ])
    def test_real_drafts_for_signature(self, name, title_start):
        r = parsed_office(name)
        m = r.metadata
        assert (m.doc_type, m.number, m.symbol, m.code, m.date) == ("Kế hoạch", None, "KH-UBND", None, None)
        assert m.title.startswith(title_start)
        assert {"number_left_blank", "date_left_blank"} <= warning_codes(r)


# --- Party committees of State bodies ---------------------------------------------------------

def party_header(issuer_lines: str) -> str:
    return (f"{issuer_lines}\n*\nSố 12-NQ/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Lào Cai, ngày 10 tháng 3 năm 2026\nNGHỊ QUYẾT\nvề công tác chuyển đổi số năm 2026\n"
            "1. Mục tiêu\nNăm 2026 hoàn thành số hóa hồ sơ.\n")


@pytest.mark.parametrize("lines,issuer", [
    ("ĐẢNG BỘ TỈNH LÀO CAI\nĐẢNG ỦY UBND TỈNH", "Đảng ủy UBND tỉnh"),
    ("ĐẢNG BỘ TỈNH LÀO CAI\nĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", "Đảng ủy Ủy ban nhân dân tỉnh"),
    ("ĐẢNG BỘ TỈNH LÀO CAI\nĐẢNG ỦY\nỦY BAN NHÂN DÂN TỈNH", "Đảng ủy Ủy ban nhân dân tỉnh"),
    ("ĐẢNG BỘ TỈNH LÀO CAI\nĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH", "Đảng ủy các cơ quan Đảng tỉnh"),
    ("ĐẢNG BỘ TỈNH LÀO CAI\nĐẢNG ỦY CÔNG AN TỈNH", "Đảng ủy Công an tỉnh"),
    ("ĐẢNG BỘ TỈNH LÀO CAI\nĐẢNG ỦY BỘ CHỈ HUY QUÂN SỰ TỈNH", "Đảng ủy Bộ Chỉ huy Quân sự tỉnh"),
])
def test_a_party_committee_of_a_state_body_is_the_issuer_under_its_party_parent(lines, issuer):
    m = nqparse.analyse(party_header(lines)).metadata
    assert (m.issuer, m.parent_issuer) == (issuer, "Đảng bộ tỉnh Lào Cai")
    assert (m.code, m.doc_type, m.family.value) == ("12-NQ/ĐU", "Nghị quyết", "party")


def test_a_party_committee_header_in_a_word_table():
    m = nqparse.parse(build_docx(party_header("ĐẢNG BỘ TỈNH LÀO CAI\nĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH")),
                      filename="nq.docx").metadata
    assert (m.issuer, m.parent_issuer, m.date) == ("Đảng ủy Ủy ban nhân dân tỉnh", "Đảng bộ tỉnh Lào Cai", "2026-03-10")


# --- the signature beside Nơi nhận in layout text ---------------------------------------------

LAYOUT_HEAD = """ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
  TỈNH LÀO CAI                        Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND                     Lào Cai, ngày 05 tháng 3 năm 2026

                           KẾ HOẠCH
              Triển khai công tác quản lý khoáng sản

1. Sở Công Thương chủ trì kiểm tra các mỏ khoáng sản trong quý II năm 2026.

"""

PDFTOTEXT_LAYOUT = LAYOUT_HEAD + """Nơi nhận:                                          KT. CHỦ TỊCH
- Như trên;                                        PHÓ CHỦ TỊCH
- Chủ tịch, các PCT UBND tỉnh;
- Lưu: VT, KT.                                         (đã ký)

                                                  Nguyễn Văn An
"""

# the same page read by a PDF tool that runs the two columns into one line
COLUMNS_RUN_TOGETHER = LAYOUT_HEAD + """Nơi nhận: KT. CHỦ TỊCH
- Như trên; PHÓ CHỦ TỊCH
- Chủ tịch, các PCT UBND tỉnh;
- Lưu: VT, KT. Nguyễn Văn An
"""

# the right column first, then the list under it, line by line
TM_ABOVE = LAYOUT_HEAD + """                                                   TM. ỦY BAN NHÂN DÂN
Nơi nhận:                                          KT. CHỦ TỊCH
- Như trên;                                        PHÓ CHỦ TỊCH
- Chủ tịch, các PCT UBND tỉnh;
- Lưu: VT, KT.
                                                  Nguyễn Văn An
"""


@pytest.mark.parametrize("text", [PDFTOTEXT_LAYOUT, COLUMNS_RUN_TOGETHER, TM_ABOVE],
                         ids=["pdftotext-layout", "columns-run-together", "tm-line-above"])
def test_the_signer_under_the_title_in_the_right_column(text):
    m = nqparse.analyse(text).metadata
    assert (m.signer.name, m.signer.title, m.signer.authority) == ("Nguyễn Văn An", "Phó Chủ tịch", "KT. Chủ tịch")
    assert [(r.name, r.purpose) for r in m.recipients] == [
        ("Như trên", None), ("Chủ tịch, các PCT UBND tỉnh", None), ("VT, KT", "lưu")]


def test_a_unit_list_ending_in_an_abbreviation_is_no_signature_mark():
    """'- Lưu: VT, KT.' is the Kinh tế unit, not the mark 'KT.' of the signature beside it."""
    text = LAYOUT_HEAD + "Nơi nhận:\n- Như trên;\n- Lưu: VT, KT. PHÓ CHỦ TỊCH\nKT. CHỦ TỊCH\nNguyễn Văn An\n"
    m = nqparse.analyse(text).metadata
    assert m.recipients[-1].name == "VT, KT" and m.signer.name == "Nguyễn Văn An"


def test_a_head_signing_in_person_with_title_and_name_on_one_line():
    text = LAYOUT_HEAD + "Nơi nhận:\n- Như trên;\n- Lưu: VT, CN.\nTHỦ TƯỚNG Phạm Minh Chính\n"
    s = nqparse.analyse(text).metadata.signer
    assert (s.name, s.title, s.authority) == ("Phạm Minh Chính", "Thủ tướng", None)


def test_a_signature_block_after_the_list_is_read_as_before():
    text = LAYOUT_HEAD + ("Nơi nhận:\n- Như trên;\n- Lưu: VT, KT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n"
                          "PHÓ CHỦ TỊCH\nNguyễn Văn An\n")
    m = nqparse.analyse(text).metadata
    assert (m.signer.name, m.signer.title, m.signer.authority) == ("Nguyễn Văn An", "Phó Chủ tịch", "KT. Chủ tịch")
    assert len(m.recipients) == 2


# --- dates and numbers outside the header ---------------------------------------------------------

UNDATED = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: /KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày    tháng    năm 2026

KẾ HOẠCH
Quản lý khoáng sản năm 2026

1. Sở Công Thương chủ trì kiểm tra các mỏ khoáng sản.

Nơi nhận:
- Như trên;
- Lưu: VT, KT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""


class TestDateOutsideTheHeader:
    def test_a_signing_date_beside_the_signature_is_the_date_with_a_warning(self):
        r = nqparse.parse(UNDATED + "Ngày ký: 10/01/2026 09:15:22\n")
        assert r.metadata.date == "2026-01-10"
        found = next(w for w in r.warnings if w.code == "date_from_stamp")
        assert "chữ ký số" in found.message and found.span.quote.startswith("Ngày ký: 10/01/2026")
        assert "date_left_blank" not in warning_codes(r)

    def test_a_stamp_line_at_the_top_of_a_crawled_copy(self):
        text = "Ký bởi: Ủy ban nhân dân tỉnh Lào Cai Thời gian ký: 10.01.2026 10:10:13 +07:00\n" + UNDATED
        r = nqparse.parse(text)
        assert r.metadata.date == "2026-01-10"
        assert r.metadata.issuer == "Ủy ban nhân dân tỉnh Lào Cai"

    def test_a_place_and_date_line_in_the_signature_area(self):
        text = UNDATED.replace("KT. CHỦ TỊCH", "Lào Cai, ngày 12 tháng 01 năm 2026\nKT. CHỦ TỊCH")
        r = nqparse.parse(text)
        assert r.metadata.date == "2026-01-12"
        assert "vùng chữ ký" in next(w for w in r.warnings if w.code == "date_from_stamp").message

    def test_the_number_in_a_stamp_fills_the_blank_when_the_symbol_is_the_same(self):
        r = nqparse.parse(UNDATED + "Số ký hiệu: 25/KH-UBND Ngày ký: 10/01/2026\n")
        assert (r.metadata.number, r.metadata.code) == ("25", "25/KH-UBND")
        assert {"number_from_stamp", "date_from_stamp"} <= warning_codes(r)
        assert "number_left_blank" not in warning_codes(r)

    def test_a_number_of_another_symbol_is_not_taken(self):
        r = nqparse.parse(UNDATED + "Số ký hiệu: 25/QĐ-UBND\n")
        assert r.metadata.code is None and "number_left_blank" in warning_codes(r)

    def test_a_certified_copys_signing_time_is_not_the_documents_date(self):
        r = nqparse.parse(UNDATED + "SAO Y; Văn phòng UBND tỉnh\nThời gian ký: 03/07/2026 15:32:39\n")
        assert r.metadata.date is None

    def test_a_header_date_wins_over_any_stamp(self):
        text = UNDATED.replace("ngày    tháng    năm 2026", "ngày 05 tháng 01 năm 2026") + "Ngày ký: 10/01/2026\n"
        r = nqparse.parse(text)
        assert r.metadata.date == "2026-01-05" and "date_from_stamp" not in warning_codes(r)


def test_a_city_whose_name_ends_in_a_body_word_is_one_issuer():
    m = nqparse.analyse("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                        "Độc lập - Tự do - Hạnh phúc\nSố: 211/2025/QĐ-UBND\nHải Phòng, ngày 18 tháng 11 năm 2025\n"
                        "QUYẾT ĐỊNH\nBan hành Quy chế quản lý cơ sở dữ liệu công chứng\n"
                        "Điều 1. Ban hành kèm theo Quyết định này Quy chế.\n").metadata
    assert (m.issuer, m.parent_issuer) == ("Ủy ban nhân dân thành phố Hải Phòng", None)


# --- a crawl that lost the header's issuer cell and kept the closing as one table row ----------

LEGISLATIVE_CRAWL = """-------------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc-------------- |
Số: 1700/NQ-UBTVQH15 |

NGHỊ QUYẾT
Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Vĩnh Lam năm 2025

ỦY BAN THƯỜNG VỤ QUỐC HỘI

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;

QUYẾT NGHỊ:

Điều 1. Tổ chức thực hiện

1. Giao Chính phủ công bố công khai diện tích tự nhiên trước ngày 30 tháng 9 năm 2025.

2. Hội đồng Dân tộc, các Ủy ban của Quốc hội giám sát việc thực hiện Nghị quyết này.

Nghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV thông qua ngày 16 tháng 6 năm 2025.

- Chính phủ; - Ban Tổ chức Trung ương; - Tỉnh ủy, HĐND, UBND tỉnh Vĩnh Lam; - Lưu: HC, PLTP. | TM. ỦY BAN THƯỜNG VỤ QUỐC HỘICHỦ TỊCH
"""


def test_the_authority_line_between_title_and_preamble_names_a_missing_issuer():
    r = nqparse.parse(LEGISLATIVE_CRAWL)
    assert r.metadata.issuer == "Ủy ban Thường vụ Quốc hội"
    assert r.metadata.title == "Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Vĩnh Lam năm 2025"


def test_the_adoption_line_gives_the_date_a_header_lacks_and_is_no_task():
    r = nqparse.parse(LEGISLATIVE_CRAWL)
    assert r.metadata.date == "2025-06-16"
    assert "date_from_adoption" in warning_codes(r)
    assert [t.text[:20] for t in r.tasks] == ["Giao Chính phủ công ", "Hội đồng Dân tộc, cá"]


def test_a_closing_kept_as_one_row_gives_recipients_and_an_unglued_signature():
    r = nqparse.parse(LEGISLATIVE_CRAWL)
    assert r.metadata.signer.authority == "TM. Ủy ban Thường vụ Quốc hội"
    assert r.metadata.signer.title == "Chủ tịch"
    assert [x.name for x in r.metadata.recipients] == ["Chính phủ", "Ban Tổ chức Trung ương",
                                                       "Tỉnh ủy, HĐND, UBND tỉnh Vĩnh Lam", "HC, PLTP"]


def test_a_glued_signature_cell_splits_into_its_lines():
    from nqparse.structure.closing import _unglue

    assert _unglue("TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức Phớc") == [
        "TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "(Đã ký)", "Hồ Đức Phớc"]


def test_a_ministry_in_capitals_keeps_the_capitals_of_its_name():
    from nqparse.structure.rules import sentence_case

    assert sentence_case("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG") == "Bộ Nông nghiệp và Môi trường"
    assert sentence_case("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH") == "Sở Văn hóa, Thể thao và Du lịch"


# --- the title without the enacting authority under it -----------------------------------------

def decision(issuer: str, title: str, authority: str) -> str:
    return (f"{issuer}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 2629/QĐ-TTg\n"
            f"Hà Nội, ngày 01 tháng 12 năm 2025\n**QUYẾT ĐỊNH {title} {authority}**\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nQUYẾT ĐỊNH:\nĐiều 1. Phê duyệt.\n")


@pytest.mark.parametrize("issuer, title, authority", [
    ("THỦ TƯỚNG CHÍNH PHỦ", "VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH PHÁT TRIỂN CHÍNH PHỦ SỐ", "THỦ TƯỚNG CHÍNH PHỦ"),
    ("CHÍNH PHỦ", "VỀ DỰ ÁN LUẬT VIÊN CHỨC (SỬA ĐỔI)", "CHÍNH PHỦ"),
    ("ỦY BAN NHÂN DÂN TỈNH AN GIANG", "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH CỦA SỞ TÀI CHÍNH TỈNH AN GIANG",
     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG"),
    ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "CÔNG BỐ THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA CHỦ TỊCH UBND TỈNH",
     "CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH"),
])
def test_the_authority_written_under_a_title_is_no_part_of_it(issuer, title, authority):
    meta = nqparse.parse(decision(issuer, title, authority)).metadata
    assert meta.title == title


def test_real_decisions_keep_their_titles_without_the_authority():
    need_shared_corpus()
    cases = {"text/29_qd2629-ttg-chinh-phu-so.txt": "VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH PHÁT TRIỂN CHÍNH PHỦ SỐ",
             "archive/14893cd21e801bb3.md": "QUẢN LÝ CỦA SỞ TÀI CHÍNH TỈNH AN GIANG"}
    for relative, ending in cases.items():
        path = SHARED_CORPUS / relative
        if not path.is_file():
            pytest.skip(f"real document not available: {path}")
        assert nqparse.analyse(path).metadata.title.endswith(ending), relative


def test_a_document_s_own_code_is_spelled_as_its_citations_are():
    text = ("TỈNH ỦY TRÀ VINH\nSố 27-Ctr/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nTrà Vinh, ngày 10 tháng 01 năm 2022\n"
            "CHƯƠNG TRÌNH\nhành động thực hiện Nghị quyết\n"
            "Thay thế Chương trình số 26-Ctr/TU, ngày 02/3/2021 của Tỉnh ủy.\n")
    r = nqparse.parse_text(text)
    assert r.metadata.code == "27-CTr/TU"
    assert [ref.code for ref in r.references] == ["26-CTr/TU"]
