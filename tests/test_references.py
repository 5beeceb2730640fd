"""References: every cited document found, its code normalized, one entry per document.

Real documents first (the seed resolution), then each written form on short texts.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

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
