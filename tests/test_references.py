"""References: every cited document found, its code normalized, one entry per document.

Real documents first (the seed resolution), then each written form on short texts.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

import nqparse
from nqparse.api import analyse
from nqparse.extract.references import find_references
from nqparse.schema import ReferenceRole


@lru_cache(maxsize=None)
def refs_of(text: str):
    doc = analyse(text)
    references, warnings = find_references(doc)
    return doc, references, warnings


def by_code(references):
    return {r.code: r for r in references if r.code}


def one(text: str, code: str):
    _, references, _ = refs_of(text)
    found = by_code(references)
    assert code in found, f"{code} not among {sorted(found)}"
    return found[code]


def doc(body: str, header: str = "ĐẢNG BỘ TỈNH A\nĐẢNG ỦY KHỐI\nSố 05-NQ/ĐUK\nNGHỊ QUYẾT\n") -> str:
    return header + body + "\n"


# --- the seed resolution ------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed(seed_resolution):
    return seed_resolution


def test_seed_cites_the_directives_it_rests_on(seed):
    found = by_code(seed.references)
    for code in ("12-CT/TU", "01-KL/TW", "21-KL/TW", "05-CT/TW", "213-QĐ/TW", "126-QĐ/TW", "28-CT/TW", "90/2020/NĐ-CP"):
        assert code in found, code
    assert found["12-CT/TU"].date == "2021-10-28"
    assert found["12-CT/TU"].issuer == "Ban Thường vụ Tỉnh ủy"
    assert found["12-CT/TU"].doc_type == "Chỉ thị"
    assert found["28-CT/TW"].date == "2019-01-21" and found["28-CT/TW"].issuer == "Ban Bí thư"
    assert found["28-CT/TW"].resolved == "known"          # in rules/known_documents.yaml
    assert found["12-CT/TU"].resolved is None              # a provincial code: only a corpus can resolve it


def test_seed_malformed_decree_number_is_normalized_with_a_warning(seed):
    decree = by_code(seed.references)["90/2020/NĐ-CP"]
    assert decree.raw.startswith("Nghị định số 90-NĐ/CP")
    assert decree.date == "2020-08-13" and decree.issuer == "Chính phủ"
    assert any("90-NĐ/CP" in w for w in decree.warnings)
    assert any(w.code == "malformed_citation" and "90/2020/NĐ-CP" in w.message for w in seed.warnings)


def test_seed_partial_citation_of_a_provincial_regulation(seed):
    rule = by_code(seed.references)["784-QĐ/TU"]
    assert rule.partial and rule.number == "784" and rule.doc_type == "Quy định"
    assert rule.issuer == "Ban Thường vụ Tỉnh ủy"
    assert rule.raw == "Quy định 784 của Ban Thường vụ Tỉnh ủy"


def test_seed_documents_cited_without_a_number_are_kept(seed):
    names = {r.raw for r in seed.references if r.number is None}
    assert "Nghị quyết Đại hội XIII của Đảng" in names
    assert "Nghị quyết Trung ương 4 khóa XII" in names
    assert "Điều lệ Đảng" in names
    tw4 = next(r for r in seed.references if r.raw == "Nghị quyết Trung ương 4 khóa XII")
    assert tw4.code == "04-NQ/TW" and tw4.resolved == "known" and len(tw4.mentions) == 2
    congress = next(r for r in seed.references if r.raw == "Nghị quyết Đại hội XIII của Đảng")
    assert congress.code is None


def test_seed_partials_with_type_and_number_only(seed):
    circular = next(r for r in seed.references if r.raw == "Thông tư số 23 của Bộ Công an")
    assert circular.partial and circular.number == "23" and circular.issuer == "Bộ Công an" and circular.code is None
    rule37 = next(r for r in seed.references if r.raw.startswith("Quy định số 37"))
    assert rule37.title == "những điều đảng viên không được làm"
    assert rule37.partial and rule37.code == "37-QĐ/TW" and rule37.resolved == "known"


def test_seed_own_number_is_not_a_citation(seed):
    assert seed.metadata.code == "03-NQ/ĐUK"
    assert "03-NQ/ĐUK" not in by_code(seed.references)


def test_every_span_quotes_the_normalized_text(seed):
    for ref in seed.references:
        for span in [ref.span, *ref.mentions]:
            assert seed.text[span.start:span.end] == span.quote
        assert ref.raw == ref.span.quote


# --- numbered forms -------------------------------------------------------------------------

@pytest.mark.parametrize("written, code", [
    ("theo Quy định số 126-QĐ/TW của Bộ Chính trị", "126-QĐ/TW"),
    ("thực hiện Kết luận số 01-KL/TW", "01-KL/TW"),
    ("theo Chương trình số 27-CTr/TU", "27-CTr/TU"),
    ("theo Kế hoạch số 3260-KH/ĐĐQH15", "3260-KH/ĐĐQH15"),
    ("theo Hướng dẫn Số: 36-HD/VPTW", "36-HD/VPTW"),
    ("theo Công văn số 357 –CV/HNDTW", "357-CV/HNDTW"),
    ("theo Nghị quyết số 15- NQ/tw", "15-NQ/TW"),
    ("theo Nghị quyết số 57\\-NQ/TW", "57-NQ/TW"),
    ("theo Kết luận số 212-\nKL/TW của Bộ Chính trị", "212-KL/TW"),
    ("theo Nghị quyết số\n57-NQ/TW", "57-NQ/TW"),
])
def test_party_codes_in_their_written_variants(written, code):
    ref = one(doc(f"1. Các cấp ủy thực hiện {written} bảo đảm hiệu quả."), code)
    assert ref.number == code.split("-")[0]


@pytest.mark.parametrize("written, code, year", [
    ("Nghị quyết số 71/NQ-CP", "71/NQ-CP", None),
    ("Quyết định số 411/QĐ-TTg", "411/QĐ-TTg", None),
    ("Kế hoạch số 92/KH-UBND", "92/KH-UBND", None),
    ("Nghị định số 30/2020/NĐ-CP", "30/2020/NĐ-CP", 2020),
    ("Luật số 80/2015/QH13", "80/2015/QH13", 2015),
    ("Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP", "55/2005/TTLT-BNV-VPCP", 2005),
    ("Văn bản hợp nhất số 03/VBHN-VPQH", "03/VBHN-VPQH", None),
])
def test_state_codes(written, code, year):
    ref = one(doc(f"1. Thực hiện đúng {written} trong năm."), code)
    assert ref.year == year


def test_doc_type_from_the_words_before_or_the_abbreviation():
    text = doc("1. Thực hiện Thông tri số 10-TT/TW; Nghị quyết số 57-NQ/TW, 68-NQ/TW và Thông tư số 01/2011/TT-BNV.")
    assert one(text, "10-TT/TW").doc_type == "Thông tri"           # Party TT
    assert one(text, "01/2011/TT-BNV").doc_type == "Thông tư"      # State TT
    assert one(text, "68-NQ/TW").doc_type == "Nghị quyết"          # from NQ
    ambiguous = doc("1. Các đảng viên chấp hành 102-QĐ/TW nghiêm túc.")
    assert one(ambiguous, "102-QĐ/TW").doc_type is None              # Party QĐ: Quy định or Quyết định


@pytest.mark.parametrize("written, iso", [
    ("ngày 22 tháng 12 năm 2024", "2024-12-22"),
    ("ngày 28/10/2021", "2021-10-28"),
    ("ngày 01-10-1997", "1997-10-01"),
])
def test_dates_in_the_three_written_forms(written, iso):
    ref = one(doc(f"1. Thực hiện Quyết định số 31-QĐ/TW, {written} của Bộ Chính trị."), "31-QĐ/TW")
    assert ref.date == iso


def test_issuer_and_title_after_the_code():
    ref = one(doc("1. Quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
                  "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; tổ chức thực hiện."), "57-NQ/TW")
    assert ref.issuer == "Bộ Chính trị"
    assert ref.title == "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    quoted = one(doc("1. Thực hiện Quy định số 126-QĐ/TW của Bộ Chính trị “một số vấn đề về bảo vệ chính trị nội bộ Đảng”."),
                 "126-QĐ/TW")
    assert quoted.title == "một số vấn đề về bảo vệ chính trị nội bộ Đảng"


def test_roles_legal_basis_implements_mention():
    text = ("ỦY BAN NHÂN DÂN TỈNH A\nSố: 92/KH-UBND\nKẾ HOẠCH\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n"
            "Thực hiện Chỉ thị số 02-CT/TU ngày 05/8/2025 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành Kế hoạch:\n"
            "I. MỤC ĐÍCH\n1. Tuyên truyền Nghị quyết số 57-NQ/TW.\n")
    assert one(text, "72/2025/QH15").role == ReferenceRole.LEGAL_BASIS
    assert one(text, "72/2025/QH15").doc_type == "Luật"
    assert one(text, "02-CT/TU").role == ReferenceRole.IMPLEMENTS
    assert one(text, "57-NQ/TW").role == ReferenceRole.MENTION
    assert "92/KH-UBND" not in by_code(refs_of(text)[1])


def test_one_entry_per_document_with_every_mention():
    text = doc("1. Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.\n"
               "2. Sơ kết Nghị quyết số 57-NQ/TW.\n3. Tổng kết Nghị quyết 57-NQ/TW.")
    _, references, _ = refs_of(text)
    same = [r for r in references if r.code == "57-NQ/TW"]
    assert len(same) == 1 and len(same[0].mentions) == 3
    assert same[0].date == "2024-12-22"


def test_document_own_number_is_not_a_citation():
    text = doc("1. Các chi bộ triển khai Nghị quyết số 05-NQ/ĐUK và Chỉ thị số 05-CT/TW.")
    assert set(by_code(refs_of(text)[1])) == {"05-CT/TW"}


# --- partial, unnumbered, back-references --------------------------------------------------

def test_partial_citation_gets_a_code_from_type_number_and_issuer():
    ref = one(doc("1. Thực hiện Kế hoạch số 92 của Ủy ban nhân dân tỉnh về chuyển đổi số."), "92/KH-UBND")
    assert ref.partial and ref.issuer == "Ủy ban nhân dân tỉnh"


def test_unnumbered_law_is_kept_without_a_code():
    _, references, _ = refs_of(doc("1. Thực hiện Luật Tổ chức chính quyền địa phương và các văn bản hướng dẫn."))
    law = next(r for r in references if r.doc_type == "Luật")
    assert law.code is None and law.title == "Tổ chức chính quyền địa phương"


def test_back_references_join_the_citation_they_point_to():
    text = doc("1. Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.\n2. Sơ kết việc thực hiện Chỉ thị trên.\n"
               "3. Triển khai Kế hoạch số 92/KH-UBND ngày 10/3/2025 của UBND tỉnh.\n4. Báo cáo kết quả Kế hoạch số 92.")
    directive = one(text, "05-CT/TW")
    assert [m.quote for m in directive.mentions][-1] == "Chỉ thị trên"
    plan = one(text, "92/KH-UBND")
    assert len(plan.mentions) == 2 and plan.mentions[1].quote == "Kế hoạch số 92"
    assert not plan.partial


def test_this_resolution_is_the_document_itself_in_a_resolution():
    text = doc("1. Quán triệt Nghị quyết số 57-NQ/TW.\n2. Ban Tuyên giáo theo dõi việc thực hiện Nghị quyết này.")
    assert len(one(text, "57-NQ/TW").mentions) == 1


# --- speed and robustness --------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "1" * 60_000, "12-" * 20_000, "1/" * 30_000, "Nghị quyết số " * 5_000,
    "của Ban " * 10_000, "Số: 12 - CT / " * 8_000,
    # thousands of real citations on one line: linear work per citation, no backtracking
    "Luật Đất Đai " * 8_000, "57-NQ/TW ngày " * 5_000,
])
def test_adversarial_long_lines_do_not_backtrack(line):
    """Catastrophic backtracking would never finish on these; speed itself is measured in bench/."""
    from nqparse.document import NormalizedDocument, StructuredDocument
    from nqparse.schema import Metadata
    from nqparse.source import SourceDocument

    text = "Số 01-NQ/ĐU\n" + line + "\n"
    normalized = NormalizedDocument(text=text, paragraphs=[], source=SourceDocument(path=None, format="txt"))
    structured = StructuredDocument(normalized=normalized, metadata=Metadata(), outline=[], sections=[],
                                    body_start=0, body_end=len(text))
    references, _ = find_references(structured)
    assert all(structured.text[r.span.start:r.span.end] == r.span.quote for r in references)


def test_vocabulary_is_yaml_validated_on_load():
    from nqparse.extract.citation_codes import reference_rules, type_words_for

    rules = reference_rules()
    assert {"Quy định", "Quyết định"} <= set(type_words_for("QĐ", "party"))
    assert type_words_for("TT", "party") == ("Thông tri",) and type_words_for("TT", "state") == ("Thông tư",)
    assert any(i.symbol == "TU" and "Ban Thường vụ Tỉnh ủy" in i.names for i in rules.issuers)
    assert all(re.fullmatch(r"[^\s].*[^\s]", t.name) for t in rules.doc_types)


def test_a_clerk_extends_the_vocabulary_in_yaml(tmp_path, monkeypatch):
    from nqparse import rules

    text = doc("1. Thực hiện Kế hoạch số 12 của Sở Khoa học và Công nghệ về chuyển đổi số.")
    before = next(r for r in find_references(analyse(text))[0] if r.number == "12")
    assert before.code is None                           # the issuer is not in the vocabulary
    (tmp_path / "references.yaml").write_text(
        "issuers:\n  - {symbol: SKHCN, family: state, names: [Sở Khoa học và Công nghệ]}\n", encoding="utf-8")
    monkeypatch.setenv("NQPARSE_RULES", str(tmp_path))
    rules.load.cache_clear()
    try:
        after = next(r for r in find_references(analyse(text))[0] if r.number == "12")
        assert after.code == "12/KH-SKHCN" and after.partial
    finally:
        monkeypatch.delenv("NQPARSE_RULES")
        rules.load.cache_clear()


# --- titles and issuers of cited documents, whole ---------------------------------------------
# A cited title runs to the end of its noun phrase: the "về …" clause, the subject written after
# the issuer ("… của Chính phủ quy định …") or a quoted name; not to its first word, not into the
# citing sentence's next clause. An issuer is the whole name, never the title's first word.

STATE_HEADER = "ỦY BAN NHÂN DÂN HUYỆN A\nSố: 15/KH-UBND\nKẾ HOẠCH\n"


def test_a_title_goes_on_through_the_document_it_implements():
    text = doc("1. Thực hiện Kết luận số 21-KL/TW của Trung ương về tiếp tục thực hiện Chỉ thị số 05-CT/TW "
               "của Bộ Chính trị, Nghị quyết Trung ương 4 khóa XII, nâng cao nhận thức của mỗi cấp ủy.")
    assert one(text, "21-KL/TW").title == "tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị"
    assert one(text, "05-CT/TW").issuer == "Bộ Chính trị"             # still a citation of its own


def test_an_amending_decree_is_titled_with_the_decree_it_amends():
    text = doc("Căn cứ Nghị định số 76/2024/NĐ-CP ngày 01/7/2024 của Chính phủ sửa đổi, bổ sung một số điều của "
               "Nghị định số 10/2022/NĐ-CP ngày 15/01/2022 của Chính phủ quy định về lệ phí trước bạ;", STATE_HEADER)
    assert one(text, "76/2024/NĐ-CP").title == ("sửa đổi, bổ sung một số điều của Nghị định số 10/2022/NĐ-CP "
                                                "ngày 15/01/2022 của Chính phủ quy định về lệ phí trước bạ")
    assert one(text, "10/2022/NĐ-CP").title == "quy định về lệ phí trước bạ"


def test_a_title_naming_a_citation_whose_code_is_old_style_goes_on_through_it():
    text = doc("Căn cứ Thông tư số 89-TC/TCT ngày 09/11/1993 của Bộ Tài chính hướng dẫn thi hành Nghị định số "
               "74/CP ngày 25/10/1993 của Chính phủ quy định chi tiết thi hành Luật Thuế sử dụng đất nông nghiệp;",
               STATE_HEADER)
    assert one(text, "89/TC-TCT").title == ("hướng dẫn thi hành Nghị định số 74/CP ngày 25/10/1993 của Chính phủ "
                                            "quy định chi tiết thi hành Luật Thuế sử dụng đất nông nghiệp")


def test_the_and_of_a_list_of_citations_is_no_part_of_a_title():
    text = doc("Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính và "
               "Nghị định số 92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ về kiểm soát thủ tục hành chính;", STATE_HEADER)
    assert one(text, "63/2010/NĐ-CP").title == "kiểm soát thủ tục hành chính"


@pytest.mark.parametrize("sentence, code, title", [
    ("Căn cứ Chỉ thị số 05/CT-UBND ngày 05/10/2020 của Chủ tịch UBND huyện Hiệp Hòa về triển khai thực hiện nhiệm vụ "
     "và giải pháp chủ yếu năm học 2020 - 2021, Phòng Giáo dục và Đào tạo phát động phong trào thi đua năm học 2020 - 2021.",
     "05/CT-UBND", "triển khai thực hiện nhiệm vụ và giải pháp chủ yếu năm học 2020 - 2021"),
    ("Căn cứ Thông tư số 39/2018/TT-BTC ngày 20/4/2018 của Bộ Tài chính về các trường hợp khai bổ sung thì người "
     "khai hải quan được khai bổ sung.", "39/2018/TT-BTC", "các trường hợp khai bổ sung"),
    ("Quy định số 270-QĐ/TW ngày 06/12/2014 của Ban Bí thư về Phông lưu trữ Đảng Cộng sản Việt Nam và có hiệu lực "
     "thi hành kể từ ngày ký.", "270-QĐ/TW", "Phông lưu trữ Đảng Cộng sản Việt Nam"),
    ("Căn cứ Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ về cấp bản sao từ sổ gốc, chứng thực hợp đồng, "
     "giao dịch, được sửa đổi, bổ sung bởi Nghị định số 07/2025/NĐ-CP;", "23/2015/NĐ-CP",
     "cấp bản sao từ sổ gốc, chứng thực hợp đồng, giao dịch"),
    ("Thực hiện Kế hoạch số 64/KH-UBND ngày 22/8/2025 của Ủy ban nhân dân tỉnh về xây dựng “xã, phường không ma túy” "
     "giai đoạn 2025 - 2030, phấn đấu đạt mục tiêu xây dựng 20% xã, phường “không ma túy” ngay trong năm 2025.",
     "64/KH-UBND", "xây dựng “xã, phường không ma túy” giai đoạn 2025 - 2030"),
    ("Thực hiện Hướng dẫn số 12-HD/BTCTW ngày 06/6/2022 của Ban Tổ chức Trung ương về hướng dẫn nghiệp vụ công tác "
     "đảng viên, cụ thể như sau:", "12-HD/BTCTW", "hướng dẫn nghiệp vụ công tác đảng viên"),
    ("Căn cứ Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị về đổi mới công tác xây dựng và thi hành pháp "
     "luật, UBND tỉnh ban hành Kế hoạch nâng cao năng lực.", "66-NQ/TW", "đổi mới công tác xây dựng và thi hành pháp luật"),
])
def test_a_title_stops_where_the_citing_sentence_goes_on(sentence, code, title):
    assert one(doc(sentence, STATE_HEADER), code).title == title


def test_a_quoted_name_inside_a_title_is_read_whole():
    text = doc("1. Thực hiện Kế hoạch số 51/KH-SGDĐT ngày 30/8/2019 của Sở GD&ĐT về Kế hoạch “Cán bộ, công chức, "
               "giáo viên ngành Giáo dục thi đua thực hiện văn hóa công sở giai đoạn 2019-2025”, tích cực làm theo "
               "lời dạy của Bác.", STATE_HEADER)
    assert one(text, "51/KH-SGDĐT").title == ("Kế hoạch “Cán bộ, công chức, giáo viên ngành Giáo dục thi đua thực "
                                              "hiện văn hóa công sở giai đoạn 2019-2025”")


def test_a_title_written_after_the_issuer_with_its_verb():
    text = doc("Căn cứ Nghị định số 78/2025/NĐ-CP ngày 01/4/2025 của Chính phủ quy định chi tiết một số điều và "
               "biện pháp để tổ chức, hướng dẫn thi hành Luật Ban hành văn bản quy phạm pháp luật;\n"
               "Tại khoản 3 Điều 7 Thông tư số 103/2014/TT-BTC ngày 06/8/2014 của Bộ Tài chính quy định: thu nhập chịu thuế.",
               STATE_HEADER)
    decree = one(text, "78/2025/NĐ-CP")
    assert decree.issuer == "Chính phủ"
    assert decree.title == ("quy định chi tiết một số điều và biện pháp để tổ chức, hướng dẫn thi hành Luật Ban hành "
                            "văn bản quy phạm pháp luật")
    assert one(text, "103/2014/TT-BTC").title is None       # "… quy định: …" is the citing sentence, not a title


@pytest.mark.parametrize("sentence, code, issuer, title", [
    ("Căn cứ Thông tư số 12/2020/TT-BGDĐT ngày 22/5/2020 của Bộ GD&ĐT Hướng dẫn về chức năng, nhiệm vụ của Phòng "
     "Giáo dục và Đào tạo;", "12/2020/TT-BGDĐT", "Bộ GD&ĐT", "Hướng dẫn về chức năng, nhiệm vụ của Phòng Giáo dục và Đào tạo"),
    ("Căn cứ Thông tư số 03/2021/TT-BNV ngày 28 tháng 10 năm 2021 của Bộ Ngoại giao hướng dẫn chức năng, nhiệm vụ, "
     "quyền hạn về công tác đối ngoại;", "03/2021/TT-BNV", "Bộ Ngoại giao",
     "hướng dẫn chức năng, nhiệm vụ, quyền hạn về công tác đối ngoại"),
    ("16. Quyết định số 74/2003/QĐ-UB ngày 11 tháng 8 năm 2003 của Ủy ban nhân dân tỉnh Bình Phước Cho phép thành lập "
     "Hội Đông y huyện Bù Đốp.", "74/2003/QĐ-UB", "Ủy ban nhân dân tỉnh Bình Phước", "Cho phép thành lập Hội Đông y huyện Bù Đốp"),
    ("Căn cứ Quyết định số 4347/QĐ-BVHTTDL ngày 20/11/2025 của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch về việc công "
     "bố thủ tục hành chính;", "4347/QĐ-BVHTTDL", "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch", "việc công bố thủ tục hành chính"),
    ("- Quyết định số 3419/QĐ-UBND ngày 13/12/2022 của Chủ tịch UBND tỉnh Bắc Giang v/v công bố thủ tục hành chính mới;",
     "3419/QĐ-UBND", "Chủ tịch UBND tỉnh Bắc Giang", None),
    ("Báo cáo thẩm tra số 104/BC-BVHXH ngày 24/11/2025 của Ban Văn hóa - Xã hội Hội đồng nhân dân Thành phố; ý kiến "
     "thảo luận.", "104/BC-BVHXH", "Ban Văn hóa - Xã hội Hội đồng nhân dân Thành phố", None),
])
def test_an_issuer_is_its_whole_name_and_no_more(sentence, code, issuer, title):
    ref = one(doc(sentence, STATE_HEADER), code)
    assert ref.issuer == issuer
    if title:
        assert ref.title == title


def test_an_issuer_written_before_the_citation_is_a_name_not_a_clause():
    text = doc("1. Vướng mắc của Công ty liên quan đến quy định tại Nghị định số 60/2014/NĐ-CP ngày 19/6/2014 được "
               "hướng dẫn.\n2. Theo đề nghị của Sở Nội vụ tại Tờ trình số 517/TTr-SNV ngày 02/12/2025.", STATE_HEADER)
    assert one(text, "60/2014/NĐ-CP").issuer is None
    assert one(text, "517/TTr-SNV").issuer == "Sở Nội vụ"


@pytest.mark.parametrize("sentence, name", [
    ("Căn cứ Luật Trật tự, an toàn giao thông đường bộ ngày 27 tháng 6 năm 2024;", "Trật tự, an toàn giao thông đường bộ"),
    ("Căn cứ Luật An toàn, vệ sinh lao động ngày 25 tháng 6 năm 2015;", "An toàn, vệ sinh lao động"),
    ("Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;", "Phí và lệ phí"),
    ("Nghị định quy định chi tiết Pháp lệnh Ưu đãi người có công với cách mạng;", "Ưu đãi người có công với cách mạng"),
    ("thực hiện khoản 1 Điều 25 Luật Đường sắt đối với các nội dung sau", "Đường sắt"),
])
def test_a_law_is_named_whole(sentence, name):
    _, references, _ = refs_of(doc(sentence, STATE_HEADER))
    assert [r.title for r in references if r.doc_type in ("Luật", "Pháp lệnh")] == [name]


def test_a_law_with_a_comma_in_its_name_and_its_number_is_one_citation():
    _, references, _ = refs_of(doc("Căn cứ Luật Cán bộ, công chức số 80/2025/QH15;", STATE_HEADER))
    assert [(r.code, r.title) for r in references] == [("80/2025/QH15", "Cán bộ, công chức")]


def test_pháp_luật_in_a_heading_is_no_law():
    _, references, _ = refs_of(doc("CÔNG BỐ THỦ TỤC HÀNH CHÍNH LĨNH VỰC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT TRÊN ĐỊA BÀN TỈNH\n"
                                   "1. Tuyên truyền.", STATE_HEADER))
    assert [r.raw for r in references] == []


def test_the_own_number_written_with_a_space_is_no_partial_citation():
    text = ("ỦY BAN NHÂN DÂN HUYỆN HIỆP HÒA\nSố: 6/2020/QĐ-UBND\nQUY ĐỊNH\nChức năng của Phòng Giáo dục\n"
            "(Ban hành kèm theo Quyết định số 6 /2020/QĐ-UBND ngày 22/9/2020 của Ủy ban nhân dân huyện Hiệp Hòa)\n"
            "Điều 1. Vị trí và chức năng\n")
    _, references, _ = refs_of(text)
    assert [r.raw for r in references] == []


# --- the same on the real documents (skipped without ../shared) -------------------------------

def _real(relative: str):
    from conftest import need_shared_corpus

    path = need_shared_corpus() / relative
    if not path.is_file():
        pytest.skip(f"real document not available: {path}")
    return real_references(str(path))


@lru_cache(maxsize=None)
def real_references(path: str):
    doc = analyse(path, ocr="never")
    return doc, by_code(find_references(doc)[0])


def test_real_seed_21_kl_tw_is_titled_with_what_it_continues():
    _, refs = _real("seed/03-nq-duk-tra-vinh-2022.txt")
    assert refs["21-KL/TW"].title.startswith("tiếp tục thực hiện Chỉ thị số 05-CT/TW")


def test_real_plan_cites_its_province_plan_by_whole_title():
    _, refs = _real("text/18_kh144-ubnd-bacninh-kinh-te-so-07-kh-tu.txt")
    assert refs["17/KH-UBND"].title.startswith("thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và "
                                               "Kế hoạch số 07-KH/TU")


def test_real_pdf_citations_from_hiep_hoa_and_ha_noi():
    _, refs = _real("pdf/B10_kh-pgddt-hiephoa-thi-dua.pdf")
    assert refs["05/CT-UBND"].title == "triển khai thực hiện nhiệm vụ và giải pháp chủ yếu năm học 2020 - 2021"
    assert refs["51/KH-SGDĐT"].title.startswith("Kế hoạch “Cán bộ, công chức, giáo viên ngành Giáo dục Bắc Giang")
    _, refs = _real("pdf/B08_qd19-2025-ubnd-hanoi_VanBanGoc.pdf")
    assert refs["03/2021/TT-BNV"].issuer == "Bộ Ngoại giao"
    doc, refs = _real("pdf/B07_qd-ubnd-hiephoa-chuc-nang-phong-gddt.pdf")
    assert refs["12/2020/TT-BGDĐT"].issuer == "Bộ GD&ĐT"
    assert not any(r.number == "6" and r.doc_type == "Quyết định" for r in find_references(doc)[0])


@pytest.mark.parametrize("relative", sorted(
    f"text/{p.name}" for p in ((__import__("conftest").SHARED_CORPUS / "text").glob("*.txt"))))
def test_real_cited_titles_do_not_end_in_a_dangling_word(relative):
    _, refs = _real(relative)
    dangling = {"về", "của", "và", "các", "cho", "với", "theo", "để", "trong", "tại", "số", "bởi", "thì"}
    bad = {code: r.title for code, r in refs.items() if r.title and r.title.split()[-1] in dangling}
    assert not bad


def test_a_one_line_citation_is_found_not_taken_for_the_document_s_own_number():
    r = nqparse.parse_text("Nghị quyết số 12-NQ/TW ngày 16/01/2012 của Ban Chấp hành Trung ương về xây dựng Đảng")
    assert [ref.code for ref in r.references] == ["12-NQ/TW"]
    assert nqparse.parse("Nghị quyết số 12-NQ/TW ngày 16/01/2012 của Bộ Chính trị").references[0].code == "12-NQ/TW"
