"""Targets (chỉ tiêu): what a văn thư expects the parser to read from a resolution.

Real documents first (the seed resolution 03-NQ/ĐUK), then the wording rules one by one on
short clauses and small documents.
"""
from __future__ import annotations

import pytest

from nqparse import api
from nqparse.extract.deadlines import read_deadline
from nqparse.extract.indicators import find_indicators
from nqparse.extract.numbers import parse_numeral
from nqparse.extract.targets import read_mentions

from conftest import need_shared_corpus

# --------------------------------------------------------------------------- the seed


def _seed_i2(resolution):
    return [i for i in resolution.indicators if (i.section or "").startswith("I.2")]


def test_seed_section_i2_has_sixteen_numeric_and_two_qualitative_targets(seed_resolution):
    targets = _seed_i2(seed_resolution)
    numeric = [i for i in targets if i.comparator is not None]
    qualitative = [i for i in targets if i.comparator is None]
    assert len(numeric) == 16
    assert len(qualitative) == 2
    assert {q.span.quote for q in qualitative} == {
        "Đảng bộ Khối phần đầu hoàn thành tốt nhiệm vụ trở lên",
        "đoàn thể cấp trên cơ sở phần đầu đạt hoàn thành xuất sắc nhiệm vụ",
    }


@pytest.mark.parametrize("quote_start, comparator, value, high, unit", [
    ("trên 90% tổ chức cơ sở đảng", ">", 90, None, "%"),
    ("100% cơ quan, đơn vị, doanh nghiệp", "=", 100, None, "%"),
    ("99% đảng viên", "=", 99, None, "%"),
    ("90% đoàn viên, hội viên và người lao động", "=", 90, None, "%"),
    ("ít nhất 01 mô hình", ">=", 1, None, "mô hình"),
    ("80% trở lên tổ chức cơ sở đảng", ">=", 80, None, "%"),
    ("từ 80% đảng viên", ">=", 80, None, "%"),
    ("từ 140 - 150 đảng viên", "range", 140, 150, "đảng viên"),
    ("từ 03 - 05 đảng viên", "range", 3, 5, "đảng viên"),
])
def test_seed_targets_carry_comparator_value_and_unit(seed_resolution, quote_start, comparator, value, high, unit):
    hits = [i for i in _seed_i2(seed_resolution) if i.span.quote.startswith(quote_start)]
    assert hits, f"no target quoted {quote_start!r}"
    ind = hits[0]
    assert (ind.comparator.value, ind.value, ind.high, ind.unit) == (comparator, value, high, unit)


def test_seed_sub_targets_point_to_their_parent(seed_resolution):
    by_id = {i.id: i for i in seed_resolution.indicators}
    twenty = next(i for i in _seed_i2(seed_resolution) if i.span.quote.startswith("20% tổ chức cơ sở đảng"))
    assert by_id[twenty.parent].span.quote.startswith("80% trở lên tổ chức cơ sở đảng")
    private = next(i for i in _seed_i2(seed_resolution) if i.span.quote.startswith("từ 03 - 05"))
    assert by_id[private.parent].span.quote.startswith("từ 140 - 150")
    union = next(i for i in _seed_i2(seed_resolution) if i.span.quote == "trên 90%")
    assert by_id[union.parent].span.quote.startswith("100% tổ chức đoàn thể cơ sở")
    assert union.subject == "tổ chức đoàn thể cơ sở"  # inherited from the parent


def test_seed_targets_have_section_category_and_horizon(seed_resolution):
    first = _seed_i2(seed_resolution)[0]
    assert first.section == "I.2.1"
    assert first.category == "Chỉ tiêu về thực hiện nhiệm vụ chính trị"
    assert first.deadline is not None and "2022" in first.deadline
    assert first.id == "03-NQ/ĐUK#I.2.1-1"


def test_every_span_quotes_the_normalized_text(seed_resolution):
    text = seed_resolution.text
    for ind in seed_resolution.indicators:
        assert text[ind.span.start:ind.span.end] == ind.span.quote


def test_ids_are_stable_across_parses(seed_path, seed_resolution):
    again = find_indicators(api.analyse(seed_path), [])[0]
    assert [i.id for i in again] == [i.id for i in seed_resolution.indicators]


def test_targets_inside_tasks_are_found_too(seed_resolution):
    in_tasks = [i for i in seed_resolution.indicators if (i.section or "").startswith("II")]
    assert {(i.comparator.value, i.value, i.unit) for i in in_tasks} == {(">=", 1, "mô hình"), ("=", 20, "%")}


# --------------------------------------------------------------------------- wording, one clause at a time


def _one(clause: str):
    found = read_mentions(clause, 0, len(clause))
    assert len(found) == 1, f"{clause!r}: {found}"
    m = found[0]
    return m.comparator, m.value, m.high, m.unit


@pytest.mark.parametrize("clause, expected", [
    ("Có trên 90% tổ chức cơ sở đảng hoàn thành", (">", 90, None, "%")),
    ("hơn 500 doanh nghiệp", (">", 500, None, "doanh nghiệp")),
    ("vượt 20% kế hoạch", (">", 20, None, "%")),
    ("từ 90% trở lên", (">=", 90, None, "%")),
    ("90% trở lên chi bộ", (">=", 90, None, "%")),
    ("từ 80% đảng viên trở lên hoàn thành tốt nhiệm vụ", (">=", 80, None, "%")),
    ("ít nhất 01 mô hình", (">=", 1, None, "mô hình")),
    ("tối thiểu 5 sản phẩm", (">=", 5, None, "sản phẩm")),
    ("không dưới 10 người", (">=", 10, None, "người")),
    ("hộ nghèo dưới 2%", ("<", 2, None, "%")),
    ("không quá 5%", ("<=", 5, None, "%")),
    ("tối đa 3 lần", ("<=", 3, None, "lần")),
    ("đạt 100%", ("=", 100, None, "%")),
    ("99% đảng viên", ("=", 99, None, "%")),
    ("Kết nạp từ 140 - 150 đảng viên mới", ("range", 140, 150, "đảng viên")),
    ("giảm hằng năm 0,5%-0,8%", ("range", 0.5, 0.8, "%")),
    ("từ 2 đến 3 sản phẩm", ("range", 2, 3, "sản phẩm")),
    ("đạt khoảng 82,6 triệu đồng/người/năm", ("approx", 82.6, None, "triệu đồng")),
    ("tăng gấp 30 lần", ("=", 30, None, "lần")),
    ("ít nhất một mô hình", (">=", 1, None, "mô hình")),
    ("04/09 thôn, làng", ("=", 4, None, "thôn, làng")),
    ("tối thiểu 05 kịch bản ứng dụng dữ liệu", (">=", 5, None, "kịch bản")),
    ("có ít nhất 20 tập dữ liệu mở", (">=", 20, None, "tập dữ liệu")),
    ("thuộc nhóm 4 nước dẫn đầu ASEAN", ("<=", 4, None, "hạng")),
])
def test_comparator_wording(clause, expected):
    assert _one(clause) == expected


def test_a_rating_after_the_subject_is_not_a_comparator():
    # "trở lên" belongs to "hoàn thành nhiệm vụ trở lên", not to the share
    assert _one("Có 100% tổ chức đoàn thể cơ sở đạt hoàn thành nhiệm vụ trở lên") == ("=", 100, None, "%")


def test_several_targets_in_one_clause():
    clause = "Phần đầu 99% đảng viên, 90% đoàn viên, hội viên và người lao động được học tập"
    assert [(m.value, m.unit) for m in read_mentions(clause, 0, len(clause))] == [(99, "%"), (90, "%")]


@pytest.mark.parametrize("written, value", [
    ("82,6", 82.6), ("10.950", 10950), ("1.234.567", 1234567), ("2.838,5", 2838.5), ("03", 3), ("0,5", 0.5),
])
def test_vietnamese_numerals(written, value):
    assert parse_numeral(written) == value


@pytest.mark.parametrize("clause", [
    "Chỉ thị số 12-CT/TU, ngày 28/10/2021 của Ban Thường vụ Tỉnh ủy",
    "báo cáo trước ngày 30/6/2022",
    "nhiệm kỳ 2020-2025",
    "trong năm 2022",
    "Đảng ủy Khối xác định thực hiện 05 nhiệm vụ tập trung",
    "kỷ niệm 30 năm tái lập tỉnh",
    "Ban Chỉ đạo 35 xây dựng kế hoạch",
    "phòng, chống dịch Covid-19",
    "Nghị quyết Trung ương 4 khóa XII",
    "lấy phiếu khảo sát định kỳ hàng quý một lần",
    "dân số từ 15 tuổi trở lên",
])
def test_dates_codes_and_counts_of_parts_are_not_quantities(clause):
    assert read_mentions(clause, 0, len(clause)) == []


# --------------------------------------------------------------------------- in a document

DOC = """ĐẢNG BỘ TỈNH MẪU
ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH

Số 07-NQ/ĐUK

ĐẢNG CỘNG SẢN VIỆT NAM

Mẫu, ngày 12 tháng 01 năm 2026

NGHỊ QUYẾT
CỦA BAN CHẤP HÀNH ĐẢNG BỘ KHỐI NĂM 2026

I- KẾT QUẢ NĂM 2025

Năm 2025 đã có 95% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ; kết nạp 120 đảng viên, tăng 10% so với cùng kỳ.

II- MỤC TIÊU, CHỈ TIÊU

1. Các chỉ tiêu chủ yếu

- Có 100% tổ chức cơ sở đảng hoàn thành nhiệm vụ, trong đó có trên 85% hoàn thành tốt nhiệm vụ trở lên.

- Đảng bộ Khối phấn đấu đạt trong sạch, vững mạnh.

- Kết nạp từ 100 - 120 đảng viên mới.

III- NHIỆM VỤ VÀ GIẢI PHÁP

1. Các chi bộ, đảng bộ cơ sở phấn đấu đến năm 2030 có ít nhất 02 mô hình dân vận khéo; tổng kinh phí thực hiện 10.950 tỷ đồng.

2. Trường hợp chưa bảo đảm mức bố trí ít nhất 3% ngân sách thì báo cáo cấp trên.

T/M ĐẢNG ỦY
BÍ THƯ

Nguyễn Văn A
"""


@pytest.fixture(scope="module")
def sample():
    doc = api.analyse(DOC)
    return doc, find_indicators(doc, [])[0]


def test_past_statistics_are_not_targets(sample):
    _, found = sample
    assert not [i for i in found if i.value in (95, 120) or i.value == 10 and i.unit == "%"]


def test_a_sub_target_after_trong_do_has_a_parent(sample):
    _, found = sample
    child = next(i for i in found if i.value == 85)
    parent = next(i for i in found if i.id == child.parent)
    assert (parent.value, parent.comparator.value, child.comparator.value) == (100, "=", ">")


def test_a_bare_rating_in_a_chi_tieu_list_is_a_qualitative_target(sample):
    _, found = sample
    qualitative = [i for i in found if i.comparator is None]
    assert [q.span.quote for q in qualitative] == ["Đảng bộ Khối phấn đấu đạt trong sạch, vững mạnh"]


def test_budget_facts_and_legal_conditions_are_not_targets(sample):
    _, found = sample
    assert not [i for i in found if i.unit == "tỷ đồng" or i.value == 3]


def test_a_target_inside_a_task_keeps_its_horizon(sample):
    _, found = sample
    models = next(i for i in found if i.unit == "mô hình")
    assert (models.comparator.value, models.value, models.deadline, models.due) == (">=", 2, "đến năm 2030", "2030-12-31")


@pytest.mark.parametrize("clause, deadline", [
    ("báo cáo kết quả trước ngày 30/6/2022", "trước ngày 30/6/2022"),
    ("triển khai thực hiện thống nhất ngay đầu năm 2022", "ngay đầu năm 2022"),
    ("lấy phiếu khảo sát định kỳ hàng quý một lần", "định kỳ hàng quý"),
    ("phủ sóng 5G đạt 100% đến năm 2030", "đến năm 2030"),
    ("tổ chức sơ kết hằng năm", "hằng năm"),
])
def test_deadlines_as_written(clause, deadline):
    assert read_deadline(clause).text == deadline


# --------------------------------------------------------------------------- ranges, comparators at a distance, changes


@pytest.mark.parametrize("clause, expected", [
    # fee brackets of QĐ 01779/QĐ-UBND (shared/corpus/archive/8a68cd97082b71f2.md)
    ("Tổng chi phí thăm dò khoáng sản thực tế trên 01 tỷ đến 10 tỷ đồng", ("range", 1, 10, "tỷ đồng")),
    # asset thresholds of QĐ 36/2025/QĐ-CTUBND (archive/c2bf5a06388200a0.md): the bound in the unit of the lower one
    ("nguyên giá theo sổ sách kế toán từ 250 triệu đồng đến dưới 01 tỷ đồng", ("range", 250, 1000, "triệu đồng")),
    # QĐ 4385/QĐ-BVHTTDL (archive/448306af3d3a91f7.md)
    ("(khoảng 12.173 tỷ đồng - 18.260 tỷ đồng)", ("range", 12173, 18260, "tỷ đồng")),
    ("trên 10 tỷ đồng đến 20 tỷ đồng", ("range", 10, 20, "tỷ đồng")),
    ("từ trên 5 tỷ đồng đến dưới 10 tỷ đồng", ("range", 5, 10, "tỷ đồng")),
    ("từ 10 triệu đến 20 triệu đồng", ("range", 10, 20, "triệu đồng")),
    ("từ 5% đến dưới 10%", ("range", 5, 10, "%")),
])
def test_a_range_with_its_unit_written_on_both_sides_is_one_range(clause, expected):
    assert _one(clause) == expected


def test_two_amounts_with_units_that_do_not_agree_are_no_range():
    clause = "hỗ trợ 10 triệu đồng đến 20 hộ"
    assert [m.comparator for m in read_mentions(clause, 0, len(clause))] != ["range"]


@pytest.mark.parametrize("clause, expected", [
    ("mỗi chi bộ tối thiểu có 05 đảng viên", (">=", 5, None, "đảng viên")),
    ("ít nhất mỗi xã có 01 mô hình", (">=", 1, None, "mô hình")),
    ("tăng thêm ít nhất 02 sản phẩm", (">=", 2, None, "sản phẩm")),
    ("phấn đấu tối thiểu đạt 90%", (">=", 90, None, "%")),
    ("không để quá 3% hộ tái nghèo", ("<=", 3, None, "%")),
    ("tối đa không quá 5 ngày", ("<=", 5, None, "ngày")),
    # 03/NQ-CP II.1.i (shared/corpus/text/28)
    ("hướng tới tối thiểu đạt 25%", (">=", 25, None, "%")),
])
def test_a_minimum_or_maximum_word_a_few_words_before_its_number_keeps_its_meaning(clause, expected):
    assert _one(clause) == expected


@pytest.mark.parametrize("clause", [
    "trên địa bàn có 100 doanh nghiệp",              # "trên" is also a preposition
    "bảo đảm điều kiện tối thiểu cho 100% học sinh",  # the minimum is of the conditions
    "ít nhất 01 mô hình và 20 sản phẩm",              # another number stands in between
])
def test_a_comparator_does_not_reach_across_prepositions_or_numbers(clause):
    assert read_mentions(clause, 0, len(clause))[-1].comparator == "="


def test_a_change_from_one_figure_to_another_targets_only_the_second():
    # QĐ 2843/QĐ-UBND (archive/d8df85cac631ac19.md), simplified procedures
    clause = "Rút ngắn thời gian giải quyết TTHC: từ 10 ngày làm việc thành 09 ngày làm việc"
    assert [(m.comparator, m.value) for m in read_mentions(clause, 0, len(clause))] == [("=", 9)]
    clause = "Rút ngắn thời gian giải quyết TTHC: từ 30 ngày xuống còn 20 ngày"
    assert [(m.comparator, m.value) for m in read_mentions(clause, 0, len(clause))] == [("=", 20)]


def test_comrades_are_people_not_money():
    assert _one("Đoàn kiểm tra gồm 05 đồng chí") == ("=", 5, None, "đồng chí")


@pytest.mark.parametrize("clause, rate", [
    ("Mức hỗ trợ: 500.000 đồng/hộ/tháng", True),                       # archive/0abcf1a5292b31ec.md
    ("tài sản có nguyên giá dưới 500 triệu đồng/01 đơn vị tài sản", True),  # text/36
    ("tổng kinh phí thực hiện 10.950 tỷ đồng", False),
])
def test_an_amount_of_money_per_unit_is_marked_a_rate(clause, rate):
    assert read_mentions(clause, 0, len(clause))[0].rate is rate


# --------------------------------------------------------------------------- norms, prices and statements of fact


@pytest.mark.parametrize("path, why", [
    ("text/36_nq12-2025-hdnd-hanoi.txt", "12/2025/NQ-HĐND: asset thresholds ('nguyên giá dưới 500 triệu đồng/01 đơn vị tài sản')"),
    ("archive/741f24db1e774799.md", "2637/QĐ-UBND công bố danh mục thủ tục hành chính: fees ('Phí: 2.000 đồng/trang')"),
    ("archive/676c9815964a33af.md", "54/2025/NQ-HĐND quy định mức chi: 'Mức khoán bảo vệ rừng phòng hộ: 1.386.000 đồng/ha/năm'"),
    ("archive/c2bf5a06388200a0.md", "36/2025/QĐ-CTUBND phân cấp thẩm quyền: 44 asset thresholds read as targets before"),
    ("archive/d8df85cac631ac19.md", "2843/QĐ-UBND phương án đơn giản hóa thủ tục hành chính: processing times"),
    ("archive/58afeb4af978fe53.md", "71/2025/NQ-HĐND on TOD zones: 'Chỉ tiêu về hạ tầng xã hội …' is a planning norm, no rating"),
])
def test_a_document_that_sets_norms_prices_or_procedures_gives_no_targets(shared_corpus, path, why):
    assert api.parse(shared_corpus / path).indicators == [], why


def test_a_budget_section_of_a_plan_gives_no_targets(shared_corpus):
    # KH 0134/KH-UBND Đắk Lắk (archive/d5ffa6afac124d52.md), "III. KINH PHÍ": "Thu và phân tích mẫu: 1.364.329.243 đồng/năm"
    found = api.parse(shared_corpus / "archive/d5ffa6afac124d52.md").indicators
    assert not [i for i in found if i.unit and i.unit.endswith("đồng")]


def test_damage_figures_of_a_relief_plan_are_not_targets(shared_corpus):
    # KH 0129/KH-UBND Đắk Lắk (archive/62f25a030c183151.md): "hơn 200.000 nhà bị ngập, gần 20.000 hộ phải sơ tán"
    found = api.parse(shared_corpus / "archive/62f25a030c183151.md").indicators
    assert not [i for i in found if i.value in (200000, 20000) and "sơ tán" in i.text]


PLAN = """ỦY BAN NHÂN DÂN
TỈNH MẪU

Số: 12/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Mẫu, ngày 05 tháng 01 năm 2026

KẾ HOẠCH
Thực hiện chương trình giảm nghèo năm 2026

I. MỤC TIÊU

1. Hiện nay toàn Đảng bộ có 1.250 đảng viên; phấn đấu đến năm 2030 kết nạp thêm ít nhất 200 đảng viên.

2. Thu nhập bình quân đầu người đạt khoảng 82,6 triệu đồng/người/năm.

3. Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính các cấp đạt tối thiểu 80%.

II. NHIỆM VỤ

1. Hỗ trợ cho mỗi hộ nghèo 500.000 đồng/hộ/tháng trong thời gian điều trị.

2. Thành lập Đoàn kiểm tra liên ngành; Đoàn kiểm tra gồm 05 đồng chí do Phó Chủ tịch Ủy ban nhân dân tỉnh làm Trưởng đoàn.

3. Từ ngày 15/11 đến ngày 20/11/2025, hơn 200.000 nhà bị ngập, gần 20.000 hộ phải sơ tán.

4. Mỗi xã phấn đấu xây dựng ít nhất mỗi thôn có 01 mô hình giảm nghèo.

III. KINH PHÍ THỰC HIỆN

1. Hội nghị tuyên truyền, tập huấn: 21.720.000 đồng/năm.

2. Mức chi cho báo cáo viên bằng 80% mức chi quy định.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn B
"""


@pytest.fixture(scope="module")
def plan_targets():
    doc = api.analyse(PLAN)
    return find_indicators(doc, [])[0]


def test_a_plan_keeps_its_targets(plan_targets):
    assert [(i.comparator.value, i.value, i.unit) for i in plan_targets] == [
        (">=", 200, "đảng viên"),      # the head count before it is a statement of fact ("Hiện nay … có")
        ("approx", 82.6, "triệu đồng"),  # a rate, but a target: "đạt"
        (">=", 80, "%"),               # "kết quả giải quyết" is a noun, not a past result
        (">=", 1, "mô hình"),
    ]
    assert plan_targets[1].subject == "Thu nhập bình quân đầu người"


def test_support_levels_budget_lines_and_norm_shares_are_not_targets(plan_targets):
    assert not [i for i in plan_targets if i.value in (500000, 21720000) or i.value == 80 and "mức chi" in i.text]


def test_head_counts_and_damage_in_statements_of_fact_are_not_targets(plan_targets):
    assert not [i for i in plan_targets if i.value in (1250, 5, 200000, 20000)]


# --------------------------------------------------------------------------- what is measured


def _by_quote(resolution, start):
    return next(i for i in resolution.indicators if i.span.quote.startswith(start))


@pytest.fixture(scope="module")
def digital_economy_plan():
    """KH 144/KH-UBND Bắc Ninh on the digital economy (shared/corpus/text/18)."""
    return api.parse(need_shared_corpus() / "text/18_kh144-ubnd-bacninh-kinh-te-so-07-kh-tu.txt")


def test_no_subject_is_cut_inside_a_compound_word(digital_economy_plan):
    prose = [i for i in digital_economy_plan.indicators if (i.section or "").startswith("II")]
    assert prose and not [i.subject for i in prose if (i.subject or "").lower().startswith("số ")]
    assert _by_quote(digital_economy_plan, "đạt 60%").subject == "Tỷ lệ doanh nghiệp vừa và nhỏ địa phương ứng dụng công nghệ số"
    assert _by_quote(digital_economy_plan, "đạt 95%").subject.startswith("Tỷ lệ dân số từ 15 tuổi trở lên")


def test_a_share_of_grdp_measures_its_subject_not_the_denominator(digital_economy_plan):
    share = _by_quote(digital_economy_plan, "45% GRDP")
    assert (share.subject, share.unit) == ("Kinh tế số (% GRDP tỉnh)", "%")
    coverage = _by_quote(digital_economy_plan, "đạt 100% dân số")
    assert coverage.subject == "Tỷ lệ phủ sóng 5G trên địa bàn (% dân số)"
    weight = _by_quote(digital_economy_plan, "đạt trên 60%")
    assert weight.subject.startswith("Tỷ trọng kinh phí từ xã hội")


# --------------------------------------------------------------------------- targets inside the rows of a task table


@pytest.fixture(scope="module")
def action_programme():
    """Nghị quyết 03/NQ-CP (shared/corpus/text/28): PHỤ LỤC II assigns ~140 tasks in a table."""
    return api.parse(need_shared_corpus() / "text/28_nq03-cp-ctr-hanh-dong-nq57.txt")


def test_a_target_written_in_a_task_cell_keeps_its_row(action_programme):
    # row 49: "Bố trí ít nhất 15% ngân sách nhà nước chi sự nghiệp khoa học và công nghệ …" | Bộ Tài chính | … | Hằng năm
    budget = _by_quote(action_programme, "ít nhất 15% ngân sách")
    assert (budget.comparator.value, budget.value, budget.unit) == (">=", 15, "%")
    assert (budget.source.value, budget.section, budget.lead, budget.deadline) == ("table", "PLII.III", ["bo-tai-chinh"], "Hằng năm")
    assert budget.cell is not None and budget.cell.col == 1
    assert budget.recurrence is not None and budget.recurrence.value == "yearly"


def test_a_target_written_in_a_result_cell_is_read_too(action_programme):
    # row 138, "Kết quả" column: "Ít nhất 10 cơ sở được thành lập" | 2030
    centres = _by_quote(action_programme, "Ít nhất 10 cơ sở")
    assert (centres.comparator.value, centres.value, centres.unit, centres.deadline, centres.due) == (
        ">=", 10, "cơ sở", "2030", "2030-12-31")
    databases = _by_quote(action_programme, "114 Cơ sở dữ liệu")   # row 70: "… đưa vào khai thác sử dụng 114 …"
    assert (databases.value, databases.unit) == (114, "Cơ sở dữ liệu")


def test_a_criterion_in_a_task_cell_is_no_target(action_programme):
    # II.6.i and row 131: "… có đầu tư Trung tâm nghiên cứu và phát triển tại Việt Nam với tỷ lệ 1% - 3% doanh thu"
    assert not [i for i in action_programme.indicators if i.value == 1 and i.high == 3]


def test_a_progress_report_table_sets_no_targets(shared_corpus):
    # 402-CV/VPĐU (text/03): the Phụ lục "NHIỆM VỤ | KẾT QUẢ YÊU CẦU | … | KẾT QUẢ HIỆN NAY" quotes targets set by 57-NQ/TW
    found = api.parse(shared_corpus / "text/03_cv402-vpdu-dang-uy-chinh-phu-bc-nq57.txt").indicators
    assert found and not [i for i in found if i.source.value == "table"]


def test_a_number_in_the_name_of_a_movement_is_no_target(shared_corpus):
    # Công điện 224/CĐ-TTg (archive/1095764e502a89b8.md): phong trào “500 ngày đêm thi đua hoàn thành 3.000 km đường bộ cao tốc”
    assert api.parse(shared_corpus / "archive/1095764e502a89b8.md").indicators == []


def test_an_amount_in_brackets_restates_the_share_before_it(shared_corpus):
    # QĐ 4385/QĐ-BVHTTDL (archive/448306af3d3a91f7.md): "chiếm khoảng 10% tổng vốn đầu tư (khoảng 12.173 tỷ đồng)"
    found = api.parse(shared_corpus / "archive/448306af3d3a91f7.md").indicators
    assert {(i.comparator.value, i.value) for i in found if (i.section or "").startswith("II.4")} == {
        ("approx", 121732), ("range", 85), ("range", 75), ("approx", 10), ("range", 10)}


def test_a_slash_joins_the_alternatives_of_a_unit():
    # the task table of the Lâm Đồng CCHC 2026 plan (shared/corpus/office): "ít nhất 01 sáng kiến/mô hình/ giải pháp"
    clause = "Hằng năm mỗi cơ quan, đơn vị phải có ít nhất 01 sáng kiến/mô hình/ giải pháp về cải cách hành chính"
    assert _one(clause) == (">=", 1, None, "sáng kiến/mô hình/ giải pháp")


NOTICE = """ỦY BAN NHÂN DÂN
TỈNH MẪU

Số: 193/UBND-KT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Mẫu, ngày 10 tháng 01 năm 2026

V/v tăng cường quản lý vật liệu nổ công nghiệp

1. Sở Công Thương:

a) Tổ chức, doanh nghiệp có giấy phép dịch vụ nổ mìn phải thông báo bằng văn bản đến Ủy ban nhân dân tỉnh ít nhất 10 ngày trước khi nổ mìn.

b) Rút ngắn thời gian giải quyết thủ tục cấp phép, giảm còn tối đa 05 ngày làm việc.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn C
"""


def test_a_notice_period_is_no_target_but_a_shortened_time_is():
    # the notice period is written as in Công văn 193/UBND-KT Lào Cai (shared/corpus/office/cv193-…pdf), item h)
    found = find_indicators(api.analyse(NOTICE), [])[0]
    assert [(i.comparator.value, i.value, i.unit) for i in found] == [("<=", 5, "ngày")]


def test_targets_listed_under_a_period_line_take_that_period(shared_corpus):
    # QĐ 2629/QĐ-TTg (text/29) II.2.a: "- Giai đoạn 2025-2027" then "+ 100% dịch vụ công …", "- Giai đoạn 2028-2030" then "+ 99% …"
    found = api.parse(shared_corpus / "text/29_qd2629-ttg-chinh-phu-so.txt").indicators
    first = next(i for i in found if i.span.quote.startswith("100% dịch vụ công trực tuyến toàn trình"))
    later = next(i for i in found if i.span.quote.startswith("99% người dân"))
    assert (first.deadline, later.deadline) == ("Giai đoạn 2025-2027", "Giai đoạn 2028-2030")
    assert (first.start, first.due, later.due) == ("2025-01-01", "2027-12-31", "2030-12-31")


def test_each_item_of_specific_goals_without_a_number_is_a_qualitative_target():
    """"Mục tiêu cụ thể" lists what must be achieved, item by item: an item with a number gives
    that number, one without gives a qualitative target of its own — the general goals stay goals."""
    import nqparse

    r = nqparse.parse("""ỦY BAN NHÂN DÂN TỈNH AN LẠC
Số: 15/KH-UBND
An Lạc, ngày 05 tháng 01 năm 2026
KẾ HOẠCH
Chuyển đổi số năm 2026
I. MỤC TIÊU
1. Mục tiêu chung
Xây dựng chính quyền số hiện đại, phục vụ người dân và doanh nghiệp.
2. Mục tiêu cụ thể
- Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%.
- Có Trung tâm dữ liệu phục vụ chuyển đổi số theo hướng điện toán đám mây.
- Hoàn thành đưa Trung tâm điều hành thông minh vào hoạt động trong quý I năm 2026.
II. NHIỆM VỤ
1. Sở Khoa học và Công nghệ triển khai nền tảng dữ liệu dùng chung.
""")
    got = [(i.comparator.value if i.comparator else None, i.value, i.text[:25]) for i in r.indicators]
    assert got == [(">=", 80, "Tỷ lệ hồ sơ trực tuyến to"),
                   (None, None, "Có Trung tâm dữ liệu phục"),
                   (None, None, "Hoàn thành đưa Trung tâm ")]
    assert r.indicators[2].due == "2026-03-31"
    assert [g.kind for g in r.goals if g.text.startswith("Xây dựng chính quyền số")] == ["general"]


def test_the_targets_of_a_development_plan_keep_their_units_and_heads():
    """Growth rates per year, amounts of money named by what they measure, counts of things the
    rules do not list: as a provincial plan writes them under "Mục tiêu cụ thể"."""
    import nqparse

    r = nqparse.parse("""ỦY BAN NHÂN DÂN TỈNH AN LẠC
Số: 2100/QĐ-UBND
An Lạc, ngày 05 tháng 11 năm 2025
KẾ HOẠCH
Phát triển công nghiệp và thương mại giai đoạn 2026 - 2030
I. MỤC TIÊU
1. Mục tiêu cụ thể
- Tốc độ tăng trưởng giá trị sản xuất công nghiệp bình quân đạt 12 - 13%/năm.
- Kim ngạch xuất khẩu đến năm 2030 đạt 500 triệu USD, tăng bình quân 8%/năm.
- Đến năm 2030, có 01 trung tâm thương mại, 05 siêu thị và 80 chợ được đầu tư nâng cấp.
II. NHIỆM VỤ, GIẢI PHÁP
1. Thu hút đầu tư vào các cụm công nghiệp.
""")
    got = [(i.comparator.value, i.value, i.high, i.unit, (i.subject or "")[:19]) for i in r.indicators]
    assert got == [
        ("range", 12, 13, "%/năm", "Tốc độ tăng trưởng "),
        ("=", 500, None, "triệu USD", "Kim ngạch xuất khẩu"),
        ("=", 8, None, "%/năm", "Kim ngạch xuất khẩu"),
        ("=", 1, None, "trung tâm", "trung tâm thương mạ"),
        ("=", 5, None, "siêu thị", "siêu thị"),
        ("=", 80, None, "chợ", "chợ"),
    ]


@pytest.mark.parametrize("sentence, comparator, value", [
    ("Phấn đấu giảm tỷ lệ hộ nghèo từ 5% hộ dân trở lại.", "<=", 5.0),        # the rules' "trở lại", after "từ"
    ("Phấn đấu có từ 80% đảng viên trở lên được đánh giá tốt.", ">=", 80.0),
    ("Phấn đấu từ 3% số hộ trở xuống.", "<=", 3.0),
])
def test_a_bound_word_after_a_from_number_comes_from_the_rules(sentence, comparator, value):
    (target,) = api.parse(sentence + "\n").indicators
    assert (target.comparator.value, target.value) == (comparator, value)
