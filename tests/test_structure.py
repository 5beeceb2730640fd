"""What a user sees of a document's skeleton: its metadata, outline and closing."""
from __future__ import annotations

from functools import lru_cache

import pytest

import nqparse
from conftest import SAMPLES, SHARED_CORPUS, need_shared_corpus


@lru_cache(maxsize=None)
def analysed(relative: str):
    need_shared_corpus()
    return nqparse.analyse(SHARED_CORPUS / relative)


SEED = "seed/03-nq-duk-tra-vinh-2022.txt"


def outline_ids(nodes, skip_bullets=True):
    out = []
    for n in nodes:
        if not (skip_bullets and n.kind in {"bullet", "plus"}):
            out.append(n.id)
        out.extend(outline_ids(n.children, skip_bullets))
    return out


class TestSeedMetadata:
    def test_number_type_date_and_place(self):
        m = analysed(SEED).metadata
        assert (m.code, m.number, m.symbol) == ("03-NQ/ĐUK", "03", "NQ/ĐUK")
        assert m.doc_type == "Nghị quyết"
        assert m.date == "2022-01-10"
        assert m.place == "Trà Vinh"
        assert m.family.value == "party"

    def test_issuer_and_parent_in_running_text_form(self):
        m = analysed(SEED).metadata
        assert m.issuer == "Đảng ủy Khối các cơ quan và doanh nghiệp"
        assert m.parent_issuer == "Đảng bộ tỉnh Trà Vinh"

    def test_signer(self):
        s = analysed(SEED).metadata.signer
        assert (s.name, s.title, s.authority) == ("Nguyễn Văn Tám", "Bí thư", "T/M Đảng ủy")

    def test_seven_recipients_with_purposes(self):
        recipients = analysed(SEED).metadata.recipients
        assert len(recipients) == 7
        assert recipients[0].name == "Thường trực Tỉnh ủy" and recipients[0].purpose == "b/c"
        # an item continued on the next line stays one recipient
        assert recipients[1].name.endswith("Chủ tịch UBMTTQVN tỉnh")
        assert recipients[-1].purpose == "lưu" and recipients[-1].name == "Văn phòng Đảng ủy Khối"


class TestSeedOutline:
    def test_sections_nest_under_the_right_parents(self):
        ids = outline_ids(analysed(SEED).outline)
        assert ids == [
            "I", "I.1", "I.2", "I.2.1", "I.2.2",
            "II", "II.1", "II.2", "II.2.1", "II.2.2", "II.2.3", "II.2.4",
            "II.3", "II.3.(1)", "II.3.(2)", "II.3.(3)", "II.3.(4)", "II.3.(5)",
            "III", "III.1", "III.2", "III.3", "III.4",
        ]

    def test_bullets_are_outline_nodes_but_not_sections(self):
        doc = analysed(SEED)
        i22 = doc.outline[0].children[1].children[1]
        assert i22.id == "I.2.2"
        assert [c.kind for c in i22.children] == ["bullet"] * 8
        offset = doc.text.index("Kết nạp từ 140 - 150")
        assert doc.section_at(offset).path == "I.2.2"

    def test_headings_and_spans_point_into_the_text(self):
        doc = analysed(SEED)
        first = doc.outline[0]
        assert (first.label, first.heading) == ("I-", "MỤC TIÊU, CHỈ TIÊU")
        for node in doc.outline:
            assert doc.text[node.span.start:node.span.end] == node.span.quote

    def test_page_break_splits_are_rejoined(self):
        text = analysed(SEED).text
        assert "để cụ thể hóa Nghị quyết Đại hội XIII của Đảng" in text
        assert "các cơ quan tham mưu, giúp việc Đảng ủy Khối, các đoàn thể" in text
        assert "các chế độ, chính sách đối với người lao động" in text

    def test_a_heading_is_not_joined_to_the_paragraph_under_it(self):
        text = analysed(SEED).text
        assert "2.3. Lãnh đạo thực hiện toàn diện công tác kiểm tra, giám sát\nChỉ đạo quán triệt" in text

    def test_body_excludes_header_and_closing(self):
        doc = analysed(SEED)
        assert doc.text[doc.body_start:].startswith("Năm 2022 là năm thứ hai")
        assert doc.text[doc.body_end:].startswith("Nơi nhận")


# Real documents of other shapes: web crawls, hand-made markdown, HTML residue, State format.
REAL_HEADERS = [
    ("text/06_kl212-tw-tieu-chuan-dvhc.txt", "212-KL/TW", "Kết luận", "2025-11-18", "Ban Chấp hành Trung ương"),
    ("text/02_kh3260-ddqh15-thuc-hien-nq57.txt", "3260-KH/ĐĐQH15", "Kế hoạch", "2025-01-10", "Đảng đoàn Quốc hội"),
    ("text/18_kh144-ubnd-bacninh-kinh-te-so-07-kh-tu.txt", "144/KH-UBND", "Kế hoạch", "2025-11-24", "Ủy ban nhân dân tỉnh Bắc Ninh"),
    ("text/28_nq03-cp-ctr-hanh-dong-nq57.txt", "03/NQ-CP", "Nghị quyết", "2025-01-09", "Chính phủ"),
    ("text/29_qd2629-ttg-chinh-phu-so.txt", "2629/QĐ-TTg", "Quyết định", "2025-12-01", "Thủ tướng Chính phủ"),
    ("text/35_qd19-2025-ubnd-hanoi-van-phong-ubnd.txt", "19/2025/QĐ-UBND", "Quyết định", "2025-02-28", "Ủy ban nhân dân thành phố Hà Nội"),
    ("text/36_nq12-2025-hdnd-hanoi.txt", "12/2025/NQ-HĐND", "Nghị quyết", "2025-06-27", "Hội đồng nhân dân thành phố Hà Nội"),
    ("text/11_qd1147-btgdvtw-quy-che-ttct-xa.txt", "1147-QĐ/BTGDVTW", "Quyết định", "2025-12-01", "Ban Tuyên giáo và Dân vận"),
]


@pytest.mark.parametrize("relative,code,doc_type,date,issuer", REAL_HEADERS)
def test_real_document_headers(relative, code, doc_type, date, issuer):
    m = analysed(relative).metadata
    assert (m.code, m.doc_type, m.date, m.issuer) == (code, doc_type, date, issuer)


def test_state_signature_block_with_two_marks():
    s = analysed("text/35_qd19-2025-ubnd-hanoi-van-phong-ubnd.txt").metadata.signer
    assert (s.authority, s.title, s.name) == ("KT. Chủ tịch", "Phó Chủ tịch", "Lê Hồng Sơn")


def test_web_boilerplate_is_dropped_before_and_after_the_document():
    doc = analysed("text/06_kl212-tw-tieu-chuan-dvhc.txt")
    assert doc.text.startswith("BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert "THƯ VIỆN PHÁP LUẬT" not in doc.text
    assert doc.metadata.signer.name == "Trần Cẩm Tú"


def test_annex_after_the_signature_is_kept_and_outlined():
    doc = analysed("text/18_kh144-ubnd-bacninh-kinh-te-so-07-kh-tu.txt")
    assert doc.appendix_start is not None
    assert "PHỤ LỤC" in doc.text[doc.appendix_start:]
    assert doc.metadata.signer.name == "Mai Sơn"


def test_blank_number_left_for_the_van_thu():
    doc = nqparse.analyse(
        "THÀNH ỦY HÀ NỘI\nBAN TỔ CHỨC\n*\nSố   - HD/BTCTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Hà Nội, ngày   tháng 11 năm 2025\nHƯỚNG DẪN\nNghiệp vụ công tác đảng viên\n"
        "- Căn cứ Điều lệ Đảng;\n"
    )
    m = doc.metadata
    assert (m.number, m.symbol, m.code) == (None, "HD/BTCTU", None)
    assert m.date is None and m.doc_type == "Hướng dẫn"
    assert (m.parent_issuer, m.issuer) == ("Thành ủy Hà Nội", "Ban Tổ chức")


HEADER = ("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 06-HD/TW\nĐẢNG CỘNG SẢN VIỆT NAM\n"
          "Hà Nội, ngày 09 tháng 6 năm 2025\nHƯỚNG DẪN\nmột số vấn đề về công tác đảng viên\n")


class TestOutlineUnderBullets:
    """A numbered label opens beneath a dash bullet only when the numbering restarts under
    each bullet or ends with the bullet's own section."""

    def test_sections_after_the_preamble_bullets_are_not_nested_under_them(self):
        doc = nqparse.analyse(
            HEADER +
            "- Căn cứ Điều lệ Đảng;\n- Căn cứ Quy định số 294-QĐ/TW;\n"
            "Ban Bí thư hướng dẫn như sau:\n"
            "1. Tuổi đời của người vào Đảng\n1.1. Về tuổi đời\n"
            "- Người vào Đảng phải đủ 18 tuổi;\n- Trên 60 tuổi do cấp ủy xem xét.\n"
            "2. Nhiệm vụ của đảng viên\n2.1. Nhiệm vụ được giao\n- Nhiệm vụ do Điều lệ Đảng quy định.\n"
        )
        assert outline_ids(doc.outline) == ["1", "1.1", "2", "2.1"]
        assert doc.section_at(doc.text.index("Nhiệm vụ do Điều lệ")).path == "2.1"

    def test_numbering_that_restarts_under_each_bullet_nests_under_it(self):
        doc = nqparse.analyse(
            HEADER + "1. Nhiệm vụ\n- Đối với cấp tỉnh:\na) Ban hành kế hoạch;\nb) Kiểm tra việc thực hiện.\n"
            "- Đối với cấp xã:\na) Tuyên truyền;\nb) Báo cáo kết quả.\n2. Tổ chức thực hiện\n"
        )
        assert outline_ids(doc.outline, skip_bullets=False) == [
            "1", "1.b1", "1.b1.a", "1.b1.b", "1.b2", "1.b2.a", "1.b2.b", "2"]

    def test_a_run_that_ends_with_the_bullets_section_stays_under_the_bullet(self):
        doc = nqparse.analyse(
            HEADER + "1. Nhiệm vụ\n- Tập trung các nội dung sau:\na) Ban hành kế hoạch;\nb) Kiểm tra.\n"
            "2. Tổ chức thực hiện\n"
        )
        assert outline_ids(doc.outline, skip_bullets=False) == ["1", "1.b1", "1.b1.a", "1.b1.b", "2"]

    def test_letters_running_on_across_bullets_are_siblings_of_the_bullets(self):
        doc = nqparse.analyse(
            HEADER + "2. Sở Nội vụ\n- Phối hợp Công an tỉnh tham mưu:\na) Chủ trì rà soát;\nb) Chủ trì hướng dẫn.\n"
            "- Sở Tài chính bảo đảm kinh phí.\nc) Tổ chức triển khai các dự án.\n3. Công an tỉnh\n"
        )
        assert outline_ids(doc.outline, skip_bullets=False) == ["2", "2.b1", "2.a", "2.b", "2.b.b1", "2.c", "3"]

    def test_guidance_06_hd_tw_numbers_its_nineteen_sections_at_the_top(self):
        doc = analysed("pdf/B02_hd06-tw_huongdan06.pdf")
        assert [n.id for n in doc.outline if n.kind == "arabic"] == [str(k) for k in range(1, 20)]
        assert doc.section_at(doc.text.index("Nhiệm vụ đo Điều lệ Đảng quy định")).path == "2.1"
        assert doc.section_at(doc.text.index("Tuổi đảng của đảng viên được tính")).path == "5.3"


def test_project_samples_parse_without_shared_corpus():
    party = nqparse.analyse(SAMPLES / "nq-chi-bo-mau-2026.txt")
    state = nqparse.analyse(SAMPLES / "kh-ubnd-mau-2026.txt")
    assert party.metadata.family.value == "party" and party.metadata.code
    assert state.metadata.family.value == "state" and state.metadata.code
    assert party.outline and state.outline
