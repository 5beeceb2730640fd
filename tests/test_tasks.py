"""Tasks: each item of "Nhiệm vụ và giải pháp" / "Tổ chức thực hiện" with who leads it.

Real documents first (the seed 03-NQ/ĐUK), then the assignment wordings on a small plan.
"""
from __future__ import annotations

import pytest

from nqparse import api
from nqparse.extract.bodies import find_bodies
from nqparse.extract.tasks import find_tasks


def _task(resolution, start: str):
    hits = [t for t in resolution.tasks if t.text.startswith(start)]
    assert hits, f"no task starts with {start!r}"
    return hits[0]


def test_seed_tasks_of_iii_carry_their_lead_bodies(seed_resolution):
    propaganda = _task(seed_resolution, "Ban Tuyên giáo Đảng ủy Khối xây dựng kế hoạch")
    assert propaganda.lead == ["ban-tuyen-giao-dang-uy-khoi"]
    office = _task(seed_resolution, "Văn phòng Đảng ủy Khối phối hợp với")
    assert office.lead == ["van-phong-dang-uy-khoi"]
    assert office.partners == ["cac-co-quan-tham-muu-giup-viec-dang-uy-khoi", "cac-doan-the"]
    assert office.section == "III.4"


def test_seed_bullets_inherit_the_lead_their_opening_sentence_names(seed_resolution):
    bullet = _task(seed_resolution, "Thực hiện tốt công tác đỡ đầu đơn vị xã")
    assert bullet.lead == ["cap-uy-cac-chi-bo-dang-bo-co-so"]
    assert bullet.partners == ["thu-truong-co-quan-doanh-nghiep"]


def test_seed_items_that_name_no_body_have_no_lead(seed_resolution):
    assert _task(seed_resolution, "Tiếp tục đổi mới, nâng cao hiệu quả công tác giáo dục").lead == []
    assert _task(seed_resolution, "Tăng cường công tác phối hợp, kiểm tra, giám sát").lead == []


def test_seed_task_count_and_sections(seed_resolution):
    assert len(seed_resolution.tasks) == 28
    assert {t.section.split(".")[0] for t in seed_resolution.tasks} == {"II", "III"}
    assert not [t for t in seed_resolution.tasks if t.section.startswith("I.")]  # goals and targets are not tasks


def test_seed_deadlines_as_written(seed_resolution):
    assert _task(seed_resolution, "Lãnh đạo thực hiện tốt công tác cải cách hành chính").deadline == "ngay đầu năm 2022"
    assert _task(seed_resolution, "Tiếp tục rà soát, bổ sung cấp ủy").deadline == "định kỳ hàng quý"


def test_task_spans_quote_the_text(seed_resolution):
    for t in seed_resolution.tasks:
        assert seed_resolution.text[t.span.start:t.span.end] == t.span.quote


def test_tasks_list_the_codes_they_cite():
    doc = api.analyse(PLAN)
    from nqparse.schema import Reference, Span

    start = doc.text.index("Chỉ thị số 12-CT/TU")
    ref = Reference(code="12-CT/TU", raw="Chỉ thị số 12-CT/TU", span=Span(start=start, end=start + 19, quote=doc.text[start:start + 19]))
    tasks = find_tasks(doc, find_bodies(doc), [ref])
    citing = [t for t in tasks if t.references]
    assert [t.references for t in citing] == [["12-CT/TU"]]


PLAN = """ỦY BAN NHÂN DÂN
TỈNH MẪU

Số: 21/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Mẫu, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
Thực hiện chuyển đổi số năm 2026

I. NHIỆM VỤ, GIẢI PHÁP

1. Rà soát thủ tục hành chính theo Chỉ thị số 12-CT/TU của Ban Thường vụ Tỉnh ủy.

2. Xây dựng cơ sở dữ liệu dùng chung của tỉnh.

II. TỔ CHỨC THỰC HIỆN

1. Giao Công an tỉnh chủ trì, phối hợp với Sở Y tế, Sở Nội vụ triển khai thực hiện; báo cáo kết quả trước ngày 30/6/2026.

2. Sở Thông tin và Truyền thông

- Hướng dẫn các xã, phường triển khai nền tảng số.

- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh định kỳ hàng quý.

3. Các doanh nghiệp hạ tầng số trên địa bàn

- Đầu tư trạm phát sóng theo quy hoạch.

Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành tỉnh triển khai thực hiện nghiêm túc Kế hoạch này./.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn B
"""


@pytest.fixture(scope="module")
def plan_tasks():
    doc = api.analyse(PLAN)
    return find_tasks(doc, find_bodies(doc), [])


def _in(tasks, start):
    return next(t for t in tasks if t.text.startswith(start))


def test_giao_x_chu_tri_phoi_hop_voi_y(plan_tasks):
    t = _in(plan_tasks, "Giao Công an tỉnh chủ trì")
    assert t.lead == ["cong-an-tinh"]
    assert t.partners == ["so-y-te", "so-noi-vu"]
    assert t.deadline == "trước ngày 30/6/2026"


def test_a_heading_that_names_a_body_leads_the_items_below(plan_tasks):
    for start in ("Hướng dẫn các xã, phường", "Tổng hợp, báo cáo"):
        assert _in(plan_tasks, start).lead == ["so-thong-tin-va-truyen-thong"]
    assert _in(plan_tasks, "Tổng hợp, báo cáo").deadline == "định kỳ hàng quý"


def test_a_heading_the_rules_do_not_know_is_itself_the_body(plan_tasks):
    assert _in(plan_tasks, "Đầu tư trạm phát sóng").lead == ["cac-doanh-nghiep-ha-tang-so-tren-dia-ban"]


def test_a_body_that_asks_others_hands_them_the_task(plan_tasks):
    assert _in(plan_tasks, "Ủy ban nhân dân tỉnh yêu cầu").lead == ["cac-so-ban-nganh"]


def test_items_of_nhiem_vu_giai_phap_are_tasks_without_lead(plan_tasks):
    assert _in(plan_tasks, "Xây dựng cơ sở dữ liệu dùng chung").lead == []
    assert len(plan_tasks) == 7


# --------------------------------------------------------------------------- labelled fields (the team's sample plan)


@pytest.fixture(scope="module")
def sample_plan():
    from conftest import SAMPLES

    path = SAMPLES / "kh-ubnd-mau-2026.txt"
    if not path.is_file():
        pytest.skip(f"sample plan not available: {path}")
    doc = api.analyse(path)
    return find_tasks(doc, find_bodies(doc), []), {b.id: b for b in find_bodies(doc)}


def test_labelled_fields_describe_the_numbered_item_above(sample_plan):
    tasks, _ = sample_plan
    item = _in(tasks, "Làm sạch, cập nhật dữ liệu dân cư")
    assert item.lead == ["cong-an-xa"]
    assert item.partners == ["phong-van-hoa-xa-hoi", "cac-thon-ap"]
    assert item.deadline == "trước ngày 30/6/2026"
    assert not [t for t in tasks if t.text.startswith(("Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"))]


def test_fields_after_lettered_sub_items_cover_the_whole_item(sample_plan):
    """"3. Tập huấn …" then "a) …", "b) …", then "- Cơ quan chủ trì: …": the sub-items are the
    tasks, each led as the fields say; the heading over them is not a task of its own."""
    tasks, _ = sample_plan
    for start in ("Xây dựng tài liệu tập huấn", "Tổ chức các lớp tập huấn"):
        t = _in(tasks, start)
        assert (t.lead, t.deadline) == (["phong-van-hoa-xa-hoi"], "định kỳ hàng quý")
    assert not [t for t in tasks if t.text.startswith("Tập huấn kỹ năng số cho người dân")]


def test_an_office_of_two_councils_is_one_body(sample_plan):
    tasks, bodies = sample_plan
    office = bodies["van-phong-hoi-dong-nhan-dan-va-uy-ban-nhan-dan-xa"]
    assert office.kind.value == "van_phong"
    assert _in(tasks, "Rà soát, chuẩn hóa quy trình nội bộ").lead == [office.id]


def test_a_resolution_that_issues_a_programme_yields_the_programmes_tasks_and_its_annex_rows(shared_corpus):
    """03/NQ-CP: a one-article Nghị quyết, then the Chương trình hành động after the signature,
    then annex tables: the programme's tasks come from its text, the annex's from its rows."""
    doc = api.analyse(shared_corpus / "text" / "28_nq03-cp-ctr-hanh-dong-nq57.txt")
    tasks = find_tasks(doc, find_bodies(doc), [])
    annex = doc.text.index("PHỤ LỤC I")
    prose = [t for t in tasks if t.source.value == "text"]
    rows = [t for t in tasks if t.source.value == "table"]
    assert prose and all(t.span.end <= annex for t in prose)
    assert len(rows) >= 130 and all(t.span.start > annex for t in rows)
    first = rows[0]
    assert first.text.startswith("Xây dựng, trình Thủ tướng Chính phủ ban hành") and first.section == "PLII.I"
    assert first.lead == ["bo-thong-tin-va-truyen-thong"]
    finance = next(t for t in prose if t.text.startswith("Bộ Tài chính chủ trì"))
    assert finance.lead == ["bo-tai-chinh"] and finance.partners == ["cac-bo-nganh-dia-phuong"]
