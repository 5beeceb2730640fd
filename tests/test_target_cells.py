"""The value cells of a target table: what a văn thư reads in the "Kết quả" / "Năm 2030" column.

Cases are the cells of PHỤ LỤC I "Danh mục các chỉ tiêu cụ thể" of the Government's action
programme 03/NQ-CP (shared/corpus/text/28), with the "Đơn vị" column each row gives.
"""
from __future__ import annotations

import pytest

from nqparse.extract.targets import read_value_cell


def _read(cell: str, unit: str | None = None):
    return [(m.comparator, m.value, m.high, m.unit) for m in read_value_cell(cell, unit)]


@pytest.mark.parametrize("cell, unit, expected", [
    ("≥ 55", "%", (">=", 55, None, "%")),                       # row 8, TFP contribution
    (">= 30", "%", (">=", 30, None, "%")),                      # row 11.8
    ("≤ 10", "Thứ bậc", ("<=", 10, None, "Thứ bậc")),           # row 33, cyber-security ranking
    ("> 0,7", "Chỉ số phát triển con người (HDI)", (">", 0.7, None, "Chỉ số phát triển con người (HDI)")),
    ("> 60", "%", (">", 60, None, "%")),                        # row 16
    ("90", "%", ("=", 90, None, "%")),                          # row 11.2
    ("09", "Tuyến cáp quang biển", ("=", 9, None, "Tuyến cáp quang biển")),   # row 23.2
    ("≥ 03", "Trung tâm dữ liệu quốc gia", (">=", 3, None, "Trung tâm dữ liệu quốc gia")),
    ("100%", "%", ("=", 100, None, "%")),                       # row 23.1
    ("12", "Người/vạn dân", ("=", 12, None, "Người/vạn dân")),  # row 18
    ("≥ 350", "Tbps", (">=", 350, None, "Tbps")),               # row 23.3
    ("≥ 30", "% GDP", (">=", 30, None, "% GDP")),               # row 10, size of the digital economy
    ("20% - 50%", "%", ("range", 20, 50, "%")),                 # row 41
    ("16 - 18", "%/năm", ("range", 16, 18, "%/năm")),           # row 21
    ("40 - 50", "Tổ chức", ("range", 40, 50, "Tổ chức")),       # row 19
])
def test_a_value_cell_gives_comparator_value_and_the_unit_column(cell, unit, expected):
    assert _read(cell, unit) == [expected]


def test_words_after_the_value_qualify_it_and_a_share_of_a_total_keeps_the_column_unit():
    # row 17: Chi ngân sách hằng năm cho phát triển khoa học … | % tổng chi NSNN | ≥ 3% và tăng dần …
    assert _read("≥ 3% và tăng dần theo yêu cầu phát triển", "% tổng chi NSNN") == [(">=", 3, None, "% tổng chi NSNN")]


def test_two_rankings_in_one_cell_are_two_values():
    # rows 4 and 5: Xếp hạng năng lực cạnh tranh số | Thứ bậc | ≤ 3 Đông Nam Á; ≤ 50 Thế giới
    assert _read("≤ 3 Đông Nam Á; ≤ 50 Thế giới", "Thứ bậc") == [("<=", 3, None, "Thứ bậc"), ("<=", 50, None, "Thứ bậc")]


@pytest.mark.parametrize("cell, expected", [
    ("Tối thiểu 80%", (">=", 80, None, "%")),
    ("Trên 95%", (">", 95, None, "%")),
    ("Đạt 100%", ("=", 100, None, "%")),
    ("từ 80% trở lên", (">=", 80, None, "%")),
])
def test_comparator_words_in_a_cell(cell, expected):
    assert _read(cell) == [expected]


@pytest.mark.parametrize("cell", [
    "Đạt mức tiên tiến ở nhiều lĩnh vực quan trọng, thuộc nhóm dẫn đầu trong các nước có thu nhập trung bình cao",
    "Đạt mức trên trung bình của thế giới",
    "Một số lĩnh vực đạt trình độ quốc tế",
    "Tiên tiến, hiện đại, dung lượng siêu lớn, băng thông siêu rộng ngang tầm các nước tiên tiến",
    "",
])
def test_a_qualitative_cell_gives_no_value(cell):
    # rows 1-3 and 23: the caller makes a qualitative target of the row
    assert read_value_cell(cell, "Thứ bậc") == []


def test_a_cell_that_states_its_target_in_a_sentence_is_read_as_prose():
    # the targets annex of KH 144/KH-UBND Bắc Ninh (shared/corpus/text/18) writes whole sentences in its cells
    assert _read("Kinh tế số chiếm 45% GRDP tỉnh.") == [("=", 45, None, "%")]


def test_offsets_point_into_the_cell_text():
    cell = "≤ 3 Đông Nam Á; ≤ 50 Thế giới"
    assert [cell[m.start:m.end] for m in read_value_cell(cell, "Thứ bậc")] == ["≤ 3", "≤ 50"]


def test_the_cell_unit_wins_when_the_column_says_something_else():
    assert _read("5 doanh nghiệp", "Tổ chức") == [("=", 5, None, "doanh nghiệp")]
