"""Responsible bodies: one per organisation, with its kind (the plan generator routes by it)."""
from __future__ import annotations

import pytest

from nqparse import api
from nqparse.extract.bodies import body_id, find_bodies
from nqparse.schema import BodyKind


def _body(resolution, body_id_: str):
    hits = [b for b in resolution.bodies if b.id == body_id_]
    assert hits, f"no body {body_id_}; have {[b.id for b in resolution.bodies]}"
    return hits[0]


@pytest.mark.parametrize("bid, kind", [
    ("cap-uy-cac-chi-bo-dang-bo-co-so", BodyKind.CO_SO),
    ("ban-tuyen-giao-dang-uy-khoi", BodyKind.BAN_THAM_MUU),
    ("van-phong-dang-uy-khoi", BodyKind.VAN_PHONG),
    ("uy-ban-kiem-tra-dang-uy-khoi", BodyKind.BAN_THAM_MUU),
    ("ban-chi-dao-35", BodyKind.KHAC),
    ("cac-doan-the", BodyKind.DOAN_THE),
    ("ban-thuong-vu-dang-uy-khoi", BodyKind.CAP_UY),
    ("thuong-truc-dang-uy-khoi", BodyKind.CAP_UY),
    ("uy-ban-nhan-dan-tinh", BodyKind.CO_QUAN_NHA_NUOC),
    ("thu-truong-co-quan-doanh-nghiep", BodyKind.LANH_DAO),
])
def test_seed_bodies_and_their_kinds(seed_resolution, bid, kind):
    assert _body(seed_resolution, bid).kind == kind


def test_aliases_of_the_co_so_units_are_one_body(seed_resolution):
    co_so = _body(seed_resolution, "cap-uy-cac-chi-bo-dang-bo-co-so")
    quotes = {m.quote.lower() for m in co_so.mentions}
    assert {"cấp ủy các chi bộ, đảng bộ cơ sở", "cấp ủy cơ sở"} <= quotes


def test_relative_organs_resolve_to_the_issuer(seed_resolution):
    # "Ban Thường vụ" alone (III.4) and "Ban Thường vụ Đảng ủy Khối" are the same organ …
    standing = _body(seed_resolution, "ban-thuong-vu-dang-uy-khoi")
    assert any(m.quote == "Ban Thường vụ" for m in standing.mentions)
    # … while "Ban Thường vụ Tỉnh ủy" is the province's
    assert _body(seed_resolution, "ban-thuong-vu-tinh-uy").kind == BodyKind.CAP_UY


def test_body_mentions_stay_out_of_the_recipients_list(seed_resolution):
    closing = seed_resolution.text.index("Nơi nhận")
    assert all(m.start < closing for b in seed_resolution.bodies for m in b.mentions)


def test_every_mention_quotes_the_text(seed_resolution):
    for b in seed_resolution.bodies:
        for m in b.mentions:
            assert seed_resolution.text[m.start:m.end] == m.quote


@pytest.mark.parametrize("name, slug", [
    ("Ban Tuyên giáo Đảng ủy Khối", "ban-tuyen-giao-dang-uy-khoi"),
    ("Sở Thông tin và Truyền thông", "so-thong-tin-va-truyen-thong"),
    ("Ủy ban nhân dân tỉnh", "uy-ban-nhan-dan-tinh"),
])
def test_body_ids_are_ascii_slugs(name, slug):
    assert body_id(name) == slug


TEXT = """ỦY BAN NHÂN DÂN
TỈNH MẪU

Số: 22/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Mẫu, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
Phòng, chống ma túy năm 2026

I. TỔ CHỨC THỰC HIỆN

1. Sở Giáo dục và Đào tạo chủ trì, phối hợp với UBND các xã, phường và Đoàn Thanh niên tổ chức tuyên truyền.

2. Bộ Chỉ huy Quân sự tỉnh phối hợp với Sở Khoa học và Công nghệ, MTTQ tỉnh triển khai kế hoạch.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn C
"""


@pytest.fixture(scope="module")
def plan_bodies():
    return {b.id: b for b in find_bodies(api.analyse(TEXT))}


@pytest.mark.parametrize("bid, kind", [
    ("so-giao-duc-va-dao-tao", BodyKind.CO_QUAN_NHA_NUOC),       # generic head "Sở" + a capitalised name
    ("so-khoa-hoc-va-cong-nghe", BodyKind.CO_QUAN_NHA_NUOC),
    ("uy-ban-nhan-dan-cac-xa-phuong", BodyKind.CO_QUAN_NHA_NUOC),  # alias "UBND các xã, phường"
    ("doan-thanh-nien-cong-san-ho-chi-minh", BodyKind.DOAN_THE),   # alias "Đoàn Thanh niên"
    ("bo-chi-huy-quan-su-tinh", BodyKind.CO_QUAN_NHA_NUOC),
    ("uy-ban-mat-tran-to-quoc-viet-nam-tinh", BodyKind.DOAN_THE),  # abbreviation "MTTQ tỉnh"
])
def test_names_aliases_and_abbreviations(plan_bodies, bid, kind):
    assert plan_bodies[bid].kind == kind


def test_a_generic_name_stops_before_the_verb(plan_bodies):
    assert "so-giao-duc-va-dao-tao-chu" not in plan_bodies
    assert plan_bodies["so-giao-duc-va-dao-tao"].name == "Sở Giáo dục và Đào tạo"
