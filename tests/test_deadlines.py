"""Deadlines as dates: one grammar for clauses, table cells and labelled fields.

The due date is the last day of what the document names; a span has a start; a recurring
deadline has a recurrence and no due date. Every phrase below is office wording found in real
plans, programmes and resolutions.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest

import nqparse
from conftest import SHARED_CORPUS, need_shared_corpus
from nqparse import rules
from nqparse.errors import RulesError
from nqparse.extract.deadlines import Deadline, fields, horizon_of, read_deadline
from nqparse.schema import Recurrence

Y, Q, M, H, C, P = (Recurrence.YEARLY, Recurrence.QUARTERLY, Recurrence.MONTHLY, Recurrence.HALF_YEARLY,
                    Recurrence.CONTINUOUS, Recurrence.PERIODIC)


@pytest.mark.parametrize("written, due, start, recurrence", [
    # a quarter or part of a year → the last day of its last month
    ("Quý II/2026", "2026-06-30", None, None),
    ("quý 2 năm 2026", "2026-06-30", None, None),
    ("trong Quý I/2026", "2026-03-31", None, None),
    ("6 tháng đầu năm 2026", "2026-06-30", None, None),
    ("trong nửa đầu năm 2026", "2026-06-30", None, None),
    ("đầu năm 2022", "2022-03-31", None, None),
    ("ngay đầu năm 2022", "2022-03-31", None, None),
    ("cuối năm 2026", "2026-12-31", None, None),
    # a day
    ("trước ngày 15/10/2026", "2026-10-15", None, None),
    ("chậm nhất ngày 15/10/2026", "2026-10-15", None, None),
    ("trước 15/10/2026", "2026-10-15", None, None),
    ("ngày 15 tháng 10 năm 2026", "2026-10-15", None, None),
    ("Thời gian hoàn thành ban hành kế hoạch chậm nhất là ngày 15/01/2026", "2026-01-15", None, None),
    # a month → its last day ("06/2026", "6/2025" are table cells)
    ("tháng 6/2026", "2026-06-30", None, None),
    ("tháng 6 năm 2026", "2026-06-30", None, None),
    ("Xong trong tháng 5/2026", "2026-05-31", None, None),
    ("06/2026", "2026-06-30", None, None),
    ("6/2025", "2025-06-30", None, None),
    ("tháng 2/2028", "2028-02-29", None, None),
    # a year ("2026" is a table cell)
    ("năm 2026", "2026-12-31", None, None),
    ("Trong năm 2026", "2026-12-31", None, None),
    ("2026", "2026-12-31", None, None),
    ("đến năm 2030", "2030-12-31", None, None),
    ("đến hết năm 2030", "2030-12-31", None, None),
    # a span: due at its end, start at its beginning
    ("2026 - 2030", "2030-12-31", "2026-01-01", None),
    ("giai đoạn 2026-2030", "2030-12-31", "2026-01-01", None),
    ("từ năm 2026 đến năm 2030", "2030-12-31", "2026-01-01", None),
    ("từ tháng 3 đến tháng 6/2026", "2026-06-30", "2026-03-01", None),
    ("năm học 2020-2021", "2021-05-31", "2020-09-01", None),
    # from a date on, with no end written: when the work starts, nothing due
    ("Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê", None, "2025-11-01", None),
    # recurring: no due date
    ("Quý IV hằng năm", None, None, Y),
    ("Tháng 12 hằng năm", None, None, Y),
    ("hằng năm", None, None, Y),
    ("hàng năm", None, None, Y),
    ("Hằng quý", None, None, Q),
    ("định kỳ hằng tháng", None, None, M),
    ("định kỳ 6 tháng", None, None, H),
    ("Định kỳ", None, None, P),
    ("thường xuyên", None, None, C),
    ("Thường xuyên trong năm", None, None, C),
    ("Nhiệm vụ thường xuyên", None, None, C),
    ("liên tục", None, None, C),
    # recurring from a dated start, or continuous with a date to finish by: the date stays due
    ("Năm 2026 và các năm tiếp theo", None, "2026-01-01", Y),     # runs on: never overdue
    ("2025 và những năm tiếp theo", None, "2025-01-01", Y),
    ("Thường xuyên, hoàn thành trước 30/6/2026", "2026-06-30", None, C),
])
def test_office_wording_becomes_a_due_date_start_and_recurrence(written, due, start, recurrence):
    found = read_deadline(written)
    assert (found.due, found.start, found.recurrence) == (due, start, recurrence)


def test_the_deadline_keeps_its_words_and_where_they_stand():
    clause = "Các cơ quan xây dựng kế hoạch, báo cáo kết quả trước ngày 30/6/2022 về Ban Tổ chức."
    found = read_deadline(clause)
    assert found == Deadline("trước ngày 30/6/2022", due="2022-06-30", span=(47, 67))
    assert clause[slice(*found.span)] == "trước ngày 30/6/2022"
    assert read_deadline("Tháng 12 hằng năm").text == "Tháng 12 hằng năm"
    assert read_deadline("Thường xuyên, hoàn thành trước 30/6/2026").text == "Thường xuyên, hoàn thành trước 30/6/2026"
    assert read_deadline("định kỳ trước ngày 30 tháng 11 hàng năm báo cáo").text == "trước ngày 30 tháng 11 hàng năm"


@pytest.mark.parametrize("written, issued, due", [
    ("trước ngày 15/12", "2025-03-02", "2025-12-15"),          # the year of the document
    ("trước ngày 15/12", None, None),                          # no year known: no date made up
    ("Trước ngày 31/01 năm liền kề", "2025-11-20", "2026-01-31"),
    ("trước ngày 31/01", "2025-11-20", "2026-01-31"),          # the next 31/01 after the document
    ("trong quý IV", "2025-03-02", "2025-12-31"),
    ("trước ngày 15/12 hằng năm", "2025-03-02", None),         # recurring: every year, no single date
])
def test_a_day_without_a_year_is_dated_from_the_issue_date(written, issued, due):
    found = read_deadline(written, issued=issued)
    assert found is not None and found.due == due


def test_the_issue_date_may_be_a_date_or_iso_text():
    assert read_deadline("trước ngày 15/12", issued=date(2025, 3, 2)).due == "2025-12-15"


@pytest.mark.parametrize("text", [
    "Theo Điều 17 Nghị định số 52/2015/NĐ-CP",
    "Nghị định 52/2015/NĐ-CP",
    "Theo Kế hoạch riêng",
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 3/5/2025 của UBND tỉnh về chuyển đổi số",
    "theo tinh thần Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị",
    "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị",
    "(Kèm theo Kế hoạch số     /KH-UBND ngày   tháng    năm 2026 của UBND tỉnh)",
    "Tổ chức tuyên truyền, phổ biến và triển khai Luật Giáo dục năm 2019",
    "tích hợp vào điều chỉnh Quy hoạch tỉnh Lào Cai thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
    "Tăng 10% so với năm 2020",
    "trong 05 ngày làm việc, sau 3 tháng",
    "đạt 1/2 số xã, phường",
    "tốc độ tăng bình quân 05 - 06%/năm",
])
def test_numbers_and_dates_that_are_not_deadlines(text):
    assert read_deadline(text) is None


@pytest.mark.parametrize("text", [
    "xây dựng chương trình tuyên truyền thường xuyên, sâu rộng về nội dung Nghị quyết",
    'phong trào "học tập số" thường xuyên, liên tục, phổ cập',
    "Quy định trách nhiệm xây dựng chương trình, kế hoạch công tác hằng năm của cơ quan",
    "các khoản thu trong cơ sở giáo dục mầm non, phổ thông, giáo dục thường xuyên công lập",
    "bố trí kinh phí chi thường xuyên theo quy định",
    "xây dựng kế hoạch thanh tra, kiểm tra định kỳ và đột xuất",
])
def test_a_recurrence_word_that_describes_manner_or_a_noun_is_no_schedule(text):
    assert read_deadline(text) is None


@pytest.mark.parametrize("text, recurrence", [
    ("Thường xuyên rà soát, cập nhật các quy định.", C),                       # the item opens with it
    ("Tổ chức kiểm tra. Thường xuyên nắm tình hình, báo cáo.", C),             # a sentence opens with it
    ("Định kỳ đánh giá, công bố mức độ hoàn thành nhiệm vụ.", P),
    ("Nguồn ngân sách: Hàng năm, căn cứ vào nội dung kế hoạch.", Y),
    ("lấy phiếu khảo sát chất lượng sinh hoạt chi bộ định kỳ hàng quý một lần", Q),
    ("duy trì sinh hoạt chi bộ hàng tháng; lấy phiếu khảo sát định kỳ hàng quý một lần", Q),
    ("tổ chức sơ kết hằng năm", Y),
    ("Định kỳ báo cáo kết quả, đánh giá thi đua, khen thưởng hằng năm.", Y),   # a stated period beats "định kỳ"
])
def test_a_recurrence_that_states_the_schedule(text, recurrence):
    assert read_deadline(text).recurrence == recurrence


def test_a_firm_deadline_beats_a_horizon_and_the_last_step_wins_among_equals():
    assert read_deadline("Phấn đấu đến năm 2030, hoàn thành đề án trước ngày 31/12/2026").due == "2026-12-31"
    assert read_deadline("triển khai ngay đầu năm 2022 theo Chỉ thị giai đoạn 2021 - 2025").due == "2022-03-31"
    found = read_deadline("Ban hành kế hoạch trong tháng 01/2026, tổ chức kiểm tra chậm nhất trong tháng 6/2026 và "
                          "báo cáo kết quả khắc phục chậm nhất trong tháng 8/2026")
    assert (found.text, found.due) == ("chậm nhất trong tháng 8/2026", "2026-08-31")


def test_a_date_before_the_document_looks_back():
    assert read_deadline("nhiệm vụ chuyên môn năm 2021", issued="2022-01-10") is None
    assert read_deadline("trong quý I/2024", issued="2024-05-02") is None
    assert read_deadline("nhiệm vụ chuyên môn năm 2022", issued="2022-01-10").due == "2022-12-31"


def test_a_firm_day_the_plan_came_out_too_late_for_is_still_its_deadline():
    assert read_deadline("Trước ngày 15/11/2025", issued="2025-11-21").due == "2025-11-15"


def test_a_date_after_a_backward_looking_word_is_no_deadline_unless_it_is_firm():
    assert read_deadline("căn cứ vào kết quả thực hiện Nghị quyết năm 2021") is None
    assert read_deadline("khắc phục những hạn chế, khuyết điểm trong lãnh đạo năm 2021") is None
    assert read_deadline("Báo cáo kết quả thực hiện về Sở trước ngày 15/12/2026.").due == "2026-12-15"


def test_a_year_in_a_name_is_no_deadline_but_work_within_the_year_is():
    assert read_deadline("“Cán bộ, công chức thi đua thực hiện văn hóa công sở giai đoạn 2019-2025”") is None
    assert read_deadline("đẩy mạnh phong trào thi đua yêu nước giai đoạn 2019-2025 trong toàn ngành") is None
    assert read_deadline("Xây dựng và tổ chức thực hiện kế hoạch chuyển đổi số năm 2026 của tỉnh.") is None
    assert read_deadline("Chiến lược hạ tầng số đến năm 2025 và định hướng đến năm 2030") is None
    assert read_deadline("thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030 phù hợp") is None
    assert read_deadline("Tiếp tục thực hiện Nghị quyết số 36-NQ/TW ngày 22/10/2018, Hội nghị lần thứ tám Ban chấp hành "
                         "Trung ương Đảng khóa XII về phát triển bền vững kinh tế biển Việt Nam đến năm 2030") is None
    assert read_deadline("Bố trí kinh phí chi thường xuyên từ nguồn ngân sách nhà nước năm 2026 cho đơn vị") is None
    assert read_deadline("thực hiện Nghị quyết số 57-NQ/TW, mục tiêu phủ sóng 5G tại các KCN đến năm 2030 đạt 100%"
                         ).due == "2030-12-31"
    assert read_deadline("Triển khai Kế hoạch số 12/KH-UBND, phấn đấu đến năm 2030 đạt 100%").due == "2030-12-31"
    assert read_deadline("Xây dựng kế hoạch triển khai trong năm 2026").due == "2026-12-31"
    assert read_deadline("Tổ chức Đại hội chi bộ trong quý I/2025").due == "2025-03-31"


def test_fields_gives_the_four_schema_fields_and_keeps_a_cell_as_written():
    assert fields(read_deadline("Quý II/2026")) == {
        "deadline": "Quý II/2026", "due": "2026-06-30", "start": None, "recurrence": None}
    assert fields(read_deadline("Theo Kế hoạch riêng"), written="Theo  Kế hoạch riêng") == {
        "deadline": "Theo Kế hoạch riêng", "due": None, "start": None, "recurrence": None}
    assert fields(None) == {"deadline": None, "due": None, "start": None, "recurrence": None}
    assert fields(read_deadline("2026 - 2030"))["start"] == "2026-01-01"


# --------------------------------------------------------------------------- a văn thư's rules


def test_a_clerk_adds_a_period_in_yaml(tmp_path, monkeypatch):
    assert read_deadline("Báo cáo sơ kết trong học kỳ II năm 2026").due == "2026-12-31"   # only "năm 2026" is known
    (tmp_path / "deadlines.yaml").write_text("periods:\n  học kỳ II: [1, 5]\n", encoding="utf-8")
    monkeypatch.setenv("NQPARSE_RULES", str(tmp_path))
    rules.load.cache_clear()
    try:
        assert read_deadline("Báo cáo sơ kết trong học kỳ II năm 2026").due == "2026-05-31"
    finally:
        monkeypatch.delenv("NQPARSE_RULES")
        rules.load.cache_clear()


def test_a_period_with_a_month_that_does_not_exist_is_a_rules_error(tmp_path, monkeypatch):
    (tmp_path / "deadlines.yaml").write_text("periods:\n  quý V: [13, 15]\n", encoding="utf-8")
    monkeypatch.setenv("NQPARSE_RULES", str(tmp_path))
    rules.load.cache_clear()
    try:
        with pytest.raises(RulesError, match=r"rules/deadlines\.yaml: periods: .*1–12.*quý V"):
            read_deadline("Quý II/2026")
    finally:
        monkeypatch.delenv("NQPARSE_RULES")
        rules.load.cache_clear()


# --------------------------------------------------------------------------- the known wrong deadlines, in real documents


def _task(resolution, start):
    return next(t for t in resolution.tasks if t.text.startswith(start))


def test_seed_a_clause_about_last_years_shortcomings_has_no_deadline(seed_resolution):
    task = _task(seed_resolution, "Tập trung khắc phục những hạn chế, khuyết điểm")
    assert "năm 2021" in task.text and seed_resolution.metadata.date == "2022-01-10"
    assert read_deadline(task.text, issued=seed_resolution.metadata.date) is None
    assert task.deadline is None


def test_seed_the_horizon_of_its_targets_comes_from_the_title(seed_path):
    doc = nqparse.analyse(seed_path)
    first = doc.section_at(doc.text.index("Chỉ tiêu về thực hiện nhiệm vụ chính trị") + 1)
    assert horizon_of(doc, first) == Deadline("năm 2022", due="2022-12-31", span=horizon_of(doc, first).span)


def test_seed_deadlines_read_from_its_tasks(seed_resolution):
    issued = seed_resolution.metadata.date
    early = read_deadline(_task(seed_resolution, "Lãnh đạo thực hiện tốt công tác cải cách hành chính").text, issued=issued)
    assert (early.text, early.due) == ("ngay đầu năm 2022", "2022-03-31")
    quarterly = read_deadline(_task(seed_resolution, "Tiếp tục rà soát, bổ sung cấp ủy").text, issued=issued)
    assert (quarterly.text, quarterly.due, quarterly.recurrence) == ("định kỳ hàng quý", None, Q)


@pytest.fixture(scope="module")
def b10():
    need_shared_corpus()
    return nqparse.parse(SHARED_CORPUS / "pdf" / "B10_kh-pgddt-hiephoa-thi-dua.pdf")


def test_b10_a_period_in_the_name_of_a_movement_is_no_deadline(b10):
    named = [t for t in b10.tasks if "văn hóa công sở giai đoạn 2019-2025" in t.text]
    assert len(named) == 2
    for task in named:
        assert read_deadline(task.text, issued=b10.metadata.date) is None
        assert task.deadline is None


def test_b10_continuing_education_is_a_name_and_a_firm_date_is_kept(b10):
    school = next(t for t in b10.tasks if "giáo dục thường xuyên công lập" in t.text)
    assert read_deadline(school.text, issued=b10.metadata.date) is None
    register = next(t for t in b10.tasks if "trước ngày 07/11/2020" in t.text)
    assert read_deadline(register.text, issued=b10.metadata.date).due == "2020-11-07"


@lru_cache(maxsize=None)
def _parsed(name: str):
    need_shared_corpus()
    return nqparse.parse(SHARED_CORPUS / "text" / name)


@pytest.fixture(scope="module")
def text28():
    return _parsed("28_nq03-cp-ctr-hanh-dong-nq57.txt")


def test_28_a_date_in_the_titles_citation_is_no_horizon(text28):
    """II.1.i got "năm 2024" from the title "… Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 …"."""
    assert "ngày 22 tháng 12 năm 2024" in text28.metadata.title
    target = next(i for i in text28.indicators if i.section == "II.1.i")
    assert target.deadline is None
    doc = nqparse.analyse(SHARED_CORPUS / "text" / "28_nq03-cp-ctr-hanh-dong-nq57.txt")
    assert horizon_of(doc, doc.section_at(target.span.start)) is None


@pytest.mark.parametrize("name", ["28_nq03-cp-ctr-hanh-dong-nq57.txt", "19_kh182-ubnd-dongnai-ma-tuy-466-kh-tu.txt"])
def test_a_documents_own_citations_never_give_a_deadline(name):
    r = _parsed(name)
    dated = [ref for ref in r.references if ref.date]
    assert len(dated) >= 5
    assert [ref.raw for ref in dated if read_deadline(ref.raw, issued=r.metadata.date)] == []
