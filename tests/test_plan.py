"""Per-unit implementation plans (``nqparse plan``): what an office receives for each unit.

The first tests read a small resolution built here by hand (so routing and rendering are
specified independently of the extractors); the done-when tests read the seed resolution
03-NQ/ĐUK through the whole pipeline.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from typer.testing import CliRunner

from nqparse.errors import UnitsFileError
from nqparse.plan import generate_plans, read_units, suggest_units
from nqparse.plan.context import build_context, citation, recase
from nqparse.plan.files import FileNamer, slug
from nqparse.plan.routing import indicators_for, reword, tasks_for
from nqparse.plan.units import Unit
from nqparse.schema import (Body, BodyKind, Comparator, Goal, Indicator, Metadata, OutlineNode, Recipient,
                            Resolution, Signer, SourceInfo, Span, Task)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_UNITS = ROOT / "corpus" / "units-mau.yaml"
WEIRD_NAME = 'Chi bộ Công ty TNHH "Hòa Bình" / Chi nhánh Cầu Kè'

# --- a small resolution, built by hand ------------------------------------------------------

TEXT = """ĐẢNG BỘ TỈNH HÒA LÂM
ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH
Số 07-NQ/ĐUK
NGHỊ QUYẾT
CỦA BAN CHẤP HÀNH ĐẢNG BỘ KHỐI NĂM 2026
Ban Chấp hành Đảng bộ Khối thống nhất các chỉ tiêu, nhiệm vụ năm 2026 như sau:
I- MỤC TIÊU, CHỈ TIÊU
1. Mục tiêu
Xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh.
2. Chỉ tiêu
- Có trên 85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, trong đó có 15% hoàn thành xuất sắc nhiệm vụ.
- Kết nạp từ 60 - 70 đảng viên mới.
- Có 95% đoàn viên tham gia phong trào thi đua.
- Ban Tổ chức Đảng ủy Khối số hóa 100% hồ sơ đảng viên.
- Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ.
II- NHIỆM VỤ, GIẢI PHÁP
1. Công tác chính trị, tư tưởng
- Cấp ủy các chi bộ, đảng bộ cơ sở tổ chức học tập, quán triệt Nghị quyết đến đảng viên trong quý I năm 2026.
- Mỗi chi bộ, đảng bộ cơ sở xây dựng ít nhất 01 mô hình "Dân vận khéo".
2. Công tác tổ chức
- Ban Tổ chức Đảng ủy Khối hướng dẫn cấp ủy cơ sở rà soát hồ sơ đảng viên.
- Các đoàn thể vận động đoàn viên tham gia phong trào thi đua.
III- TỔ CHỨC THỰC HIỆN
1. Cấp ủy cơ sở báo cáo kết quả thực hiện Nghị quyết về Ban Thường vụ Đảng ủy Khối trước ngày 15/12/2026.
2. Ban Tuyên giáo Đảng ủy Khối xây dựng kế hoạch tuyên truyền Nghị quyết.
3. Ban Thường vụ Đảng ủy Khối chỉ đạo sơ kết; cấp ủy các chi bộ, đảng bộ cơ sở tự kiểm tra việc thực hiện.
"""


def span(quote: str, after: str = "") -> Span:
    start = TEXT.index(quote, TEXT.index(after) if after else 0)
    return Span(start=start, end=start + len(quote), quote=quote)


def node(id_: str, label: str, kind: str, level: int, heading: str, children=()) -> OutlineNode:
    return OutlineNode(id=id_, label=label, kind=kind, level=level, heading=heading,
                       span=span(f"{label} {heading}"), children=list(children))


def sentence(opening: str) -> Span:
    start = TEXT.index(opening)
    return Span(start=start, end=TEXT.index("\n", start), quote=TEXT[start:TEXT.index("\n", start)])


def mentions(*quotes: str) -> list[Span]:
    out = []
    for quote in quotes:
        out += [Span(start=m.start(), end=m.end(), quote=quote) for m in re.finditer(re.escape(quote), TEXT)]
    return out


def hand_built_resolution() -> Resolution:
    bodies = [
        Body(id="cap-uy-co-so", name="Cấp ủy các chi bộ, đảng bộ cơ sở", kind=BodyKind.CO_SO,
             aliases=["cấp ủy cơ sở", "mỗi chi bộ, đảng bộ cơ sở"],
             mentions=mentions("Cấp ủy các chi bộ, đảng bộ cơ sở", "cấp ủy các chi bộ, đảng bộ cơ sở", "Cấp ủy cơ sở",
                               "cấp ủy cơ sở", "Mỗi chi bộ, đảng bộ cơ sở")),
        Body(id="ban-to-chuc", name="Ban Tổ chức Đảng ủy Khối", kind=BodyKind.BAN_THAM_MUU,
             mentions=mentions("Ban Tổ chức Đảng ủy Khối")),
        Body(id="ban-tuyen-giao", name="Ban Tuyên giáo Đảng ủy Khối", kind=BodyKind.BAN_THAM_MUU,
             mentions=mentions("Ban Tuyên giáo Đảng ủy Khối")),
        Body(id="cac-doan-the", name="Các đoàn thể", kind=BodyKind.DOAN_THE, mentions=mentions("Các đoàn thể")),
        Body(id="btv-duk", name="Ban Thường vụ Đảng ủy Khối", kind=BodyKind.CAP_UY,
             mentions=mentions("Ban Thường vụ Đảng ủy Khối")),
    ]
    top = Indicator(id="07-NQ/ĐUK#I.2-1", text=sentence("Có trên 85%").quote, comparator=Comparator.GREATER,
                    value=85, unit="%", section="I.2", span=sentence("Có trên 85%"))
    indicators = [
        top,
        Indicator(id="07-NQ/ĐUK#I.2-2", text="có 15% hoàn thành xuất sắc nhiệm vụ", comparator=Comparator.EQUAL,
                  value=15, unit="%", section="I.2", parent=top.id, span=span("có 15% hoàn thành xuất sắc nhiệm vụ")),
        Indicator(id="07-NQ/ĐUK#I.2-3", text=sentence("Kết nạp").quote, comparator=Comparator.RANGE, value=60,
                  high=70, unit="đảng viên", section="I.2", span=sentence("Kết nạp")),
        Indicator(id="07-NQ/ĐUK#I.2-6", text=sentence("Có 95% đoàn viên").quote, subject="đoàn viên",
                  comparator=Comparator.EQUAL, value=95, unit="%", section="I.2", span=sentence("Có 95% đoàn viên")),
        Indicator(id="07-NQ/ĐUK#I.2-4", text=sentence("Ban Tổ chức Đảng ủy Khối số hóa").quote,
                  comparator=Comparator.EQUAL, value=100, unit="%", section="I.2", lead=["ban-to-chuc"],
                  span=sentence("Ban Tổ chức Đảng ủy Khối số hóa")),
        Indicator(id="07-NQ/ĐUK#I.2-5", text=sentence("Đảng bộ Khối phấn đấu").quote, subject="Đảng bộ Khối",
                  condition="hoàn thành tốt nhiệm vụ", section="I.2", span=sentence("Đảng bộ Khối phấn đấu")),
    ]
    tasks = [
        Task(id="07-NQ/ĐUK#II.1-1", text=sentence("Cấp ủy các chi bộ").quote, lead=["cap-uy-co-so"],
             deadline="trong quý I năm 2026", section="II.1", span=sentence("Cấp ủy các chi bộ")),
        Task(id="07-NQ/ĐUK#II.1-2", text=sentence("Mỗi chi bộ").quote, lead=["cap-uy-co-so"], section="II.1",
             deadline="năm 2025", span=sentence("Mỗi chi bộ")),
        Task(id="07-NQ/ĐUK#II.2-1", text=sentence("Ban Tổ chức Đảng ủy Khối hướng dẫn").quote, lead=["ban-to-chuc"],
             partners=["cap-uy-co-so"], section="II.2", span=sentence("Ban Tổ chức Đảng ủy Khối hướng dẫn")),
        Task(id="07-NQ/ĐUK#II.2-2", text=sentence("Các đoàn thể").quote, lead=["cac-doan-the"], section="II.2",
             span=sentence("Các đoàn thể")),
        Task(id="07-NQ/ĐUK#III.1-1", text=sentence("Cấp ủy cơ sở báo cáo").quote, lead=["cap-uy-co-so"],
             deadline="trước ngày 15/12/2026", section="III.1", span=sentence("Cấp ủy cơ sở báo cáo")),
        # no lead from the extractor: the text opens with the organ's name
        Task(id="07-NQ/ĐUK#III.2-1", text=sentence("Ban Tuyên giáo").quote, section="III.2",
             span=sentence("Ban Tuyên giáo")),
        # led by the issuer's standing committee, but the cơ sở units are named in it
        Task(id="07-NQ/ĐUK#III.3-1", text=sentence("Ban Thường vụ Đảng ủy Khối chỉ đạo").quote, lead=["btv-duk"],
             section="III.3", span=sentence("Ban Thường vụ Đảng ủy Khối chỉ đạo")),
    ]
    carrying_out = node("III", "III-", "roman", 1, "TỔ CHỨC THỰC HIỆN", [
        OutlineNode(id="III.1", label="1.", kind="arabic", level=2, heading="Cấp ủy cơ sở báo cáo kết quả",
                    span=span("1. Cấp ủy cơ sở báo cáo")),
        OutlineNode(id="III.2", label="2.", kind="arabic", level=2, heading="Ban Tuyên giáo Đảng ủy Khối xây dựng",
                    span=span("2. Ban Tuyên giáo")),
        OutlineNode(id="III.3", label="3.", kind="arabic", level=2, heading="Ban Thường vụ Đảng ủy Khối chỉ đạo",
                    span=span("3. Ban Thường vụ"))])
    outline = [
        node("I", "I-", "roman", 1, "MỤC TIÊU, CHỈ TIÊU", [node("I.1", "1.", "arabic", 2, "Mục tiêu"),
                                                           node("I.2", "2.", "arabic", 2, "Chỉ tiêu")]),
        node("II", "II-", "roman", 1, "NHIỆM VỤ, GIẢI PHÁP", [
            node("II.1", "1.", "arabic", 2, "Công tác chính trị, tư tưởng"),
            node("II.2", "2.", "arabic", 2, "Công tác tổ chức")]),
        carrying_out,
    ]
    metadata = Metadata(
        doc_type="Nghị quyết", number="07", symbol="NQ/ĐUK", code="07-NQ/ĐUK", date="2026-01-08", place="Hòa Lâm",
        issuer="Đảng ủy Khối các cơ quan tỉnh", parent_issuer="Đảng bộ tỉnh Hòa Lâm",
        title="CỦA BAN CHẤP HÀNH ĐẢNG BỘ KHỐI NĂM 2026", signer=Signer(name="Lê Văn Bảy", title="Bí thư"),
        recipients=[Recipient(name="Ban Thường vụ Tỉnh ủy", purpose="b/c"),
                    Recipient(name="Các chi bộ, đảng bộ cơ sở"), Recipient(name="Các đoàn thể trực thuộc"),
                    Recipient(name="Lưu Văn phòng Đảng ủy Khối")])
    goal = Goal(id="07-NQ/ĐUK#I.1-1", text=sentence("Xây dựng tổ chức").quote, section="I.1",
                span=sentence("Xây dựng tổ chức"))
    return Resolution(source=SourceInfo(format="txt"), metadata=metadata, outline=outline, goals=[goal],
                      indicators=indicators, tasks=tasks, bodies=bodies, text=TEXT)


@pytest.fixture(scope="module")
def resolution() -> Resolution:
    return hand_built_resolution()


CHI_BO = Unit(name="Chi bộ Sở Tư pháp", kind="chi bộ", secretary="Trần Thị Hoa")
DANG_BO = Unit(name="Đảng bộ Bệnh viện Đa khoa tỉnh", kind="đảng bộ cơ sở", symbol="ĐU")
BAN_TUYEN_GIAO = Unit(name="Ban Tuyên giáo Đảng ủy Khối", kind="ban", symbol="BTGĐUK")


def docx_text(path: Path) -> str:
    """The text of a .docx in reading order: paragraphs and table cells as they come."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    parts = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            parts.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            parts += [cell.text for row in Table(child, document).rows for cell in row.cells]
    return "\n".join(parts)


# --- units files -------------------------------------------------------------------------------

def test_a_yaml_units_file_lists_each_unit_with_its_kind(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text("units:\n  - name: Chi bộ Sở Tư pháp\n    kind: Chi bộ\n    overrides: {\"Kết nạp\": 3}\n"
                    "  - {name: Đảng bộ Bệnh viện, kind: đảng bộ cơ sở, symbol: ĐU}\n", encoding="utf-8")
    units = read_units(path)
    assert [(u.name, u.kind) for u in units] == [("Chi bộ Sở Tư pháp", "chi_bo"), ("Đảng bộ Bệnh viện", "dang_bo_co_so")]
    assert units[0].overrides == {"Kết nạp": "3"}


def test_a_bad_yaml_entry_is_reported_with_the_file_and_its_line(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text("- name: Chi bộ A\n  kind: chi bộ\n- name: Chi bộ B\n  kind: hợp tác xã\n", encoding="utf-8")
    with pytest.raises(UnitsFileError) as caught:
        read_units(path)
    message = str(caught.value)
    assert str(path) in message and "line 3" in message and "hợp tác xã" in message


def test_a_unit_without_a_name_is_refused(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text("- kind: chi bộ\n", encoding="utf-8")
    with pytest.raises(UnitsFileError, match="line 1: name"):
        read_units(path)


def test_broken_yaml_names_its_line(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text("- name: Chi bộ A\n  kind: [chi bộ\n", encoding="utf-8")
    with pytest.raises(UnitsFileError, match="line"):
        read_units(path)


def test_a_csv_units_file_with_vietnamese_headings_and_override_columns(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("Tên đơn vị,Loại,Ký hiệu,Bí thư,override:07-NQ/ĐUK#I.2-3\n"
                    "Chi bộ Sở Tư pháp,chi bộ,CB,Trần Thị Hoa,2 đảng viên\n\n"
                    "\"Chi bộ \"\"Hòa Bình\"\" / Cầu Kè\",chi bộ,,,\n", encoding="utf-8")
    units = read_units(path)
    assert units[0].secretary == "Trần Thị Hoa" and units[0].overrides == {"07-NQ/ĐUK#I.2-3": "2 đảng viên"}
    assert units[1].name == 'Chi bộ "Hòa Bình" / Cầu Kè' and units[1].symbol is None


def test_a_bad_csv_row_is_reported_with_its_row_number(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("name,kind\nChi bộ A,chi bộ\nChi bộ B,\n", encoding="utf-8")
    with pytest.raises(UnitsFileError, match=r"row 3: kind"):
        read_units(path)


def test_an_xlsx_units_file(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "kind", "chỉ tiêu: Kết nạp"])
    sheet.append(["Đảng bộ Bệnh viện", "Đảng bộ cơ sở", 5])
    sheet.append(["Chi bộ X", "không rõ", None])
    path = tmp_path / "units.xlsx"
    book.save(path)
    with pytest.raises(UnitsFileError, match="row 3: kind"):
        read_units(path)
    sheet.delete_rows(3)
    book.save(path)
    assert read_units(path)[0].overrides == {"Kết nạp": "5"}


def test_units_file_problems_that_are_not_entries(tmp_path):
    with pytest.raises(UnitsFileError, match="not found"):
        read_units(tmp_path / "missing.yaml")
    (tmp_path / "units.json").write_text("[]")
    with pytest.raises(UnitsFileError, match="unsupported"):
        read_units(tmp_path / "units.json")
    (tmp_path / "empty.yaml").write_text("[]\n")
    with pytest.raises(UnitsFileError, match="no units"):
        read_units(tmp_path / "empty.yaml")
    (tmp_path / "latin1.csv").write_bytes("name,kind\nChi b\xf4 A,chi b\xf4\n".encode("latin-1"))
    with pytest.raises(UnitsFileError, match="UTF-8"):
        read_units(tmp_path / "latin1.csv")


def test_the_sample_units_file_of_the_repository_reads(tmp_path):
    units = read_units(SAMPLE_UNITS)
    assert {u.kind for u in units} >= {"chi_bo", "dang_bo_co_so"}
    assert any("/" in u.name and '"' in u.name for u in units)


def test_suggested_units_are_the_tasked_organs_and_recipients_but_never_a_collective(resolution):
    suggested = {u.name: u.kind for u in suggest_units(resolution)}
    assert suggested["Ban Tổ chức Đảng ủy Khối"] == "ban"
    # "Các chi bộ, đảng bộ cơ sở" stands for many units: the office lists them one by one
    assert "Các chi bộ, đảng bộ cơ sở" not in suggested and "Các đoàn thể trực thuộc" not in suggested
    assert "Ban Thường vụ Tỉnh ủy" not in suggested and "Lưu Văn phòng Đảng ủy Khối" not in suggested


def test_an_unknown_kind_is_refused_with_the_list_of_valid_kinds_and_no_junk_entry(tmp_path):
    units = tmp_path / "units.yaml"
    units.write_text("- name: Chi bộ A\n  kind: tổ công tác\n", encoding="utf-8")
    with pytest.raises(UnitsFileError) as refused:
        read_units(units)
    message = str(refused.value)
    assert "\n" not in message and "line 1" in message and "tổ công tác" in message
    for kind in ("chi bộ", "đảng bộ cơ sở", "sở, ban, ngành", "UBND xã, phường", "doanh nghiệp nhà nước"):
        assert kind in message
    assert "mỗi đơn vị một dòng" not in message


# --- routing -----------------------------------------------------------------------------------

def test_cap_uy_co_so_tasks_go_to_every_co_so_unit_and_organ_tasks_only_to_the_organ(resolution):
    for unit in (CHI_BO, DANG_BO):
        texts = [r.task.id for r in tasks_for(resolution, unit)]
        assert texts == ["07-NQ/ĐUK#II.1-1", "07-NQ/ĐUK#II.1-2", "07-NQ/ĐUK#II.2-1", "07-NQ/ĐUK#III.1-1",
                         "07-NQ/ĐUK#III.3-1"]
    organ = [r.task.id for r in tasks_for(resolution, BAN_TUYEN_GIAO)]
    assert organ == ["07-NQ/ĐUK#III.2-1"]
    doan = Unit(name="Đoàn Thanh niên Khối", kind="đoàn thể")
    assert [r.task.id for r in tasks_for(resolution, doan)] == ["07-NQ/ĐUK#II.2-2"]


def test_a_co_so_unit_takes_part_where_it_is_a_partner_and_takes_only_its_clause_of_another_bodys_task(resolution):
    routed = {r.task.id: r for r in tasks_for(resolution, CHI_BO)}
    assert routed["07-NQ/ĐUK#II.2-1"].role == "partner" and routed["07-NQ/ĐUK#II.1-1"].role == "lead"
    assert routed["07-NQ/ĐUK#II.2-1"].others == ("Ban Tổ chức Đảng ủy Khối",)
    # "Ban Thường vụ Đảng ủy Khối chỉ đạo sơ kết; cấp ủy các chi bộ, đảng bộ cơ sở tự kiểm tra …"
    assert routed["07-NQ/ĐUK#III.3-1"].text == "Chi ủy tự kiểm tra việc thực hiện."


def test_tasks_are_reworded_for_the_unit():
    assert reword("Cấp ủy các chi bộ, đảng bộ cơ sở tổ chức học tập.", CHI_BO) == "Chi ủy tổ chức học tập."
    assert reword("Cấp ủy các chi bộ, đảng bộ cơ sở tổ chức học tập.", DANG_BO) == "Đảng ủy tổ chức học tập."
    assert reword("Mỗi chi bộ, đảng bộ cơ sở xây dựng mô hình; các cấp ủy cơ sở báo cáo.", CHI_BO) == \
        "Chi bộ xây dựng mô hình; chi ủy báo cáo."
    assert reword("Cấp uỷ cơ sở báo cáo.", DANG_BO) == "Đảng ủy báo cáo."  # old tone placement
    assert reword("Cấp ủy các chi bộ, đảng bộ cơ sở tổ chức.", BAN_TUYEN_GIAO).startswith("Cấp ủy các chi bộ")


def test_targets_of_an_organ_or_of_the_issuer_itself_stay_out_of_the_units_plans(resolution):
    ids = [i.indicator.id for i in indicators_for(resolution, CHI_BO)]
    # not I.2-4 (Ban Tổ chức's own), nor I.2-5 (the Khối's own)
    assert ids == ["07-NQ/ĐUK#I.2-1", "07-NQ/ĐUK#I.2-2", "07-NQ/ĐUK#I.2-3", "07-NQ/ĐUK#I.2-6"]
    ban_to_chuc = Unit(name="Ban Tổ chức Đảng ủy Khối", kind="ban")
    assert [i.indicator.id for i in indicators_for(resolution, ban_to_chuc)] == ["07-NQ/ĐUK#I.2-4"]


def test_a_target_without_a_lead_also_reaches_the_kind_it_counts(resolution):
    doan = Unit(name="Đoàn Thanh niên Khối", kind="đoàn thể")
    assert [i.indicator.id for i in indicators_for(resolution, doan)] == ["07-NQ/ĐUK#I.2-6"]


# --- what the plan says ---------------------------------------------------------------------------

def test_the_citation_is_built_from_the_metadata_and_recased_from_the_text(resolution):
    assert citation(resolution) == "Nghị quyết số 07-NQ/ĐUK, ngày 08/01/2026 của Ban Chấp hành Đảng bộ Khối năm 2026"
    assert recase("TỔ CHỨC THỰC HIỆN", "tổ chức thực hiện Nghị quyết") == "tổ chức thực hiện"


def test_the_context_numbers_targets_and_tasks_as_text(resolution):
    values = build_context(resolution, CHI_BO).values
    rows = values["indicators"]
    assert [(r["stt"], r["target"]) for r in rows] == [
        ("1", "trên 85%"), ("1.1", "15%"), ("2", "chỉ tiêu chung"), ("3", "95%")]
    assert rows[1]["text"] == "Trong đó: có 15% hoàn thành xuất sắc nhiệm vụ"
    assert rows[2]["text"] == "Kết nạp …… đảng viên mới" and "60" not in str(rows[2])
    groups = values["task_groups"]
    # the source's "Tổ chức thực hiện" is retitled (the plan has its own IV); partner tasks come last
    assert [(g["number"], g["heading"]) for g in groups] == [
        ("1.", "Công tác chính trị, tư tưởng"), ("2.", "Các nhiệm vụ cụ thể được giao"),
        ("3.", "Các nhiệm vụ phối hợp thực hiện")]
    assert [t["number"] for g in groups for t in g["tasks"]] == ["1.1.", "1.2.", "2.1.", "2.2.", "3.1."]
    assert groups[1]["tasks"][1]["text"] == "Chi ủy tự kiểm tra việc thực hiện."
    assert groups[0]["tasks"][0]["text"].startswith("Chi ủy tổ chức học tập")
    assert groups[0]["tasks"][0]["meta"] == "(Mục II.1; thời gian: trong quý I năm 2026; phụ trách: ……)"
    assert "phối hợp với Ban Tổ chức Đảng ủy Khối" in groups[2]["tasks"][0]["meta"]
    assert groups[0]["tasks"][0]["deadline"] == "trong quý I năm 2026"
    assert groups[0]["tasks"][1]["deadline"] == "……"  # "năm 2025" is before the resolution: not a deadline
    assert values["reporting"]["deadlines"] == ["trước ngày 15/12/2026"]
    assert values["unit"]["number_line"] == "Số      -KH/CB"
    assert values["unit"]["parent"] == "Đảng bộ Khối các cơ quan tỉnh"
    assert values["recipients"][0] == "Đảng ủy Khối các cơ quan tỉnh (b/c)"
    assert values["recipients"][-1].startswith("Lưu")


def test_overrides_by_id_or_by_words_replace_the_units_target(resolution):
    unit = CHI_BO.model_copy(update={"overrides": {"07-NQ/ĐUK#I.2-1": "100%", "kết nạp": "02 đảng viên",
                                                   "không có chỉ tiêu này": "1"}})
    context = build_context(resolution, unit)
    rows = {r["id"]: r for r in context.values["indicators"]}
    assert rows["07-NQ/ĐUK#I.2-1"]["unit_target"] == "100%" and "đề xuất" in rows["07-NQ/ĐUK#I.2-1"]["review"]
    assert rows["07-NQ/ĐUK#I.2-3"]["unit_target"] == "02 đảng viên"
    assert rows["07-NQ/ĐUK#I.2-2"]["unit_target"] == "15%" and rows["07-NQ/ĐUK#I.2-2"]["level"] == "as_set"
    assert context.unused_overrides == ["không có chỉ tiêu này"]


# --- files ------------------------------------------------------------------------------------------

def test_file_names_are_safe_and_unique(tmp_path):
    assert slug(WEIRD_NAME) == "chi-bo-cong-ty-tnhh-hoa-binh-chi-nhanh-cau-ke"
    assert slug("../../etc/passwd") == "etc-passwd"
    namer = FileNamer(tmp_path)
    first, second = namer.path_for("Chi bộ A", "docx"), namer.path_for("Chi bo A", "docx")
    assert first.name == "ke-hoach-chi-bo-a.docx" and second.name == "ke-hoach-chi-bo-a-2.docx"
    assert namer.path_for("", "md").name == "ke-hoach-don-vi.md"
    assert all(p.parent == tmp_path.resolve() for p in (first, second))


def test_nothing_is_written_outside_the_output_folder(tmp_path):
    from nqparse.errors import NqparseError
    from nqparse.plan.files import inside

    for escape in ("../ke-hoach.docx", "sub/ke-hoach.docx", "/etc/ke-hoach.docx"):
        with pytest.raises(NqparseError, match="outside the output folder"):
            inside(tmp_path, escape)
    assert inside(tmp_path, "ke-hoach-a.docx") == tmp_path.resolve() / "ke-hoach-a.docx"


def test_docx_plans_are_written_one_per_unit_with_an_index(resolution, tmp_path):
    weird = Unit(name=WEIRD_NAME, kind="chi bộ")
    paths = generate_plans(resolution, [CHI_BO, DANG_BO, weird, BAN_TUYEN_GIAO], tmp_path / "out")
    assert len(paths) == 4 and all(p.is_file() and p.parent == (tmp_path / "out").resolve() for p in paths)
    assert not list((tmp_path / "out").glob(".*.part"))
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert all(p.name in index for p in paths) and "Hòa Bình" in index
    chi_bo, dang_bo, weird_text, organ = (docx_text(p) for p in paths)
    assert "CHI BỘ SỞ TƯ PHÁP" in chi_bo and "07-NQ/ĐUK" in chi_bo and "T/M CHI BỘ" in chi_bo
    assert "Chi ủy tổ chức học tập" in chi_bo and "Dân vận khéo" in chi_bo and "trên 85%" in chi_bo
    assert "Ban Tuyên giáo Đảng ủy Khối xây dựng kế hoạch" not in chi_bo
    assert "T/M ĐẢNG ỦY" in dang_bo and "Đảng ủy tổ chức học tập" in dang_bo and "Số      -KH/ĐU" in dang_bo
    assert WEIRD_NAME.upper() in weird_text and "Thực hiện Nghị quyết số 07-NQ/ĐUK" in weird_text
    assert "Ban Tuyên giáo Đảng ủy Khối xây dựng kế hoạch" in organ and "Dân vận khéo" not in organ


def test_an_output_folder_that_is_a_file_is_a_clear_error(resolution, tmp_path):
    from nqparse.errors import BadInputError

    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(BadInputError, match="cannot write the plans"):
        generate_plans(resolution, [CHI_BO], tmp_path / "out")


def test_markdown_plans_on_request(resolution, tmp_path):
    [path] = generate_plans(resolution, [Unit(name=WEIRD_NAME, kind="chi bộ")], tmp_path, fmt="md")
    text = path.read_text(encoding="utf-8")
    assert path.suffix == ".md" and "## II- CHỈ TIÊU" in text and "| 1.1 |" in text
    assert "Chi ủy tổ chức học tập" in text and "T/M CHI BỘ" in text


def test_an_office_template_is_used_and_cannot_escape_the_sandbox(resolution, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "ke-hoach.md.j2").write_text("{{ unit.name }} / {{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    from nqparse.errors import BadInputError

    with pytest.raises(BadInputError, match="template"):
        generate_plans(resolution, [CHI_BO], tmp_path / "out", fmt="md", template_dir=templates)
    (templates / "ke-hoach.md.j2").write_text("Đơn vị: {{ unit.name }}\n", encoding="utf-8")
    [path] = generate_plans(resolution, [CHI_BO], tmp_path / "out", fmt="md", template_dir=templates)
    assert path.read_text(encoding="utf-8") == "Đơn vị: Chi bộ Sở Tư pháp\n"


# --- the .docx itself: HD 36 page set-up, fonts, header --------------------------------------------

def run_fonts(document) -> set[str]:
    """The font each run ends up with (its own, else its paragraph style's, else Normal)."""
    normal = document.styles["Normal"].font.name
    fonts = set()
    paragraphs = list(document.paragraphs) + [p for t in document.tables for r in t.rows for c in r.cells
                                              for p in c.paragraphs]
    for paragraph in paragraphs:
        for run in paragraph.runs:
            fonts.add(run.font.name or paragraph.style.font.name or normal)
    return fonts


def borders_of(table) -> dict[str, str]:
    from docx.oxml.ns import qn

    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders} if borders is not None else {}


def check_party_format(path: Path, unit_name: str) -> None:
    document = Document(str(path))
    section = document.sections[0]
    mm = lambda length: round(length.mm)  # noqa: E731  (Word stores twips)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin)] == \
        [20, 20, 30, 15]
    assert run_fonts(document) == {"Times New Roman"}
    header = document.tables[0]
    assert set(borders_of(header).values()) == {"nil"} and len(header.columns) == 2
    left, right = (cell.paragraphs for cell in header.rows[0].cells)
    left_lines = [p.text for p in left]
    assert left_lines[1] == unit_name.upper() and left_lines[2] == "*" and re.fullmatch(r"Số\s{3,}-KH/\S+", left_lines[3])
    assert all(r.bold for r in left[1].runs)
    motto = right[0].runs[0]
    assert right[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and motto.bold and motto.underline
    assert re.fullmatch(r".+, ngày … tháng … năm 20…", right[1].text.replace("……", "…"))
    assert all(r.italic for r in right[1].runs)
    body = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in body
    headings = [t for t in body if re.match(r"^(I|II|III|IV)- ", t)]
    assert headings == ["I- MỤC ĐÍCH, YÊU CẦU", "II- CHỈ TIÊU", "III- NHIỆM VỤ, GIẢI PHÁP", "IV- TỔ CHỨC THỰC HIỆN"]
    assert not any(p._p.pPr is not None and p._p.pPr.numPr is not None for p in document.paragraphs), "Word numbering used"


def test_an_office_docx_template_is_used_and_sandboxed(resolution, tmp_path):
    from docx import Document as NewDocument

    from nqparse.errors import BadInputError

    templates = tmp_path / "templates"
    templates.mkdir()
    letterhead = NewDocument()
    letterhead.add_paragraph("CÔNG TY HÒA BÌNH — {{ unit.name }} — {{ resolution.code }}")
    letterhead.save(str(templates / "ke-hoach.docx"))
    unit = Unit(name="Chi bộ A & B <C>", kind="chi bộ")
    [path] = generate_plans(resolution, [unit], tmp_path / "out", template_dir=templates)
    assert docx_text(path) == "CÔNG TY HÒA BÌNH — Chi bộ A & B <C> — 07-NQ/ĐUK"
    letterhead.add_paragraph("{{ unit.__class__.__init__.__globals__ }}")
    letterhead.save(str(templates / "ke-hoach.docx"))
    with pytest.raises(BadInputError, match="template"):
        generate_plans(resolution, [unit], tmp_path / "out2", template_dir=templates)


def test_the_docx_has_the_party_page_setup_fonts_and_borderless_header(resolution, tmp_path):
    [path] = generate_plans(resolution, [CHI_BO], tmp_path)
    check_party_format(path, CHI_BO.name)
    document = Document(str(path))
    numbers = [p.text.split(" ", 1)[0] for p in document.paragraphs if re.match(r"^\d+(\.\d+)*\. ", p.text)]
    # I: 1., 2. — III: 1., 1.1., 1.2., 2., 2.1., 2.2., 3., 3.1. — IV: 1., 2., 3.: every section restarts
    assert numbers == ["1.", "2.", "1.", "1.1.", "1.2.", "2.", "2.1.", "2.2.", "3.", "3.1.", "1.", "2.", "3."]


def test_the_built_in_template_is_reproducible_from_its_script(tmp_path):
    from nqparse.plan.templates.build_template import build

    built = build(tmp_path / "ke-hoach.docx")
    shipped = Path(__file__).resolve().parents[1] / "src" / "nqparse" / "plan" / "templates" / "ke-hoach.docx"
    read = lambda p: zipfile.ZipFile(p).read("word/document.xml")  # noqa: E731
    assert read(built) == read(shipped)


# --- command line -----------------------------------------------------------------------------------

def test_plan_without_units_prints_the_suggested_units_and_writes_nothing(tmp_path, monkeypatch, resolution):
    from nqparse import api
    from nqparse.cli import app

    monkeypatch.setattr(api, "parse", lambda *a, **k: resolution)
    result = CliRunner().invoke(app, ["plan", "nq.txt", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Ban Tổ chức Đảng ủy Khối" in result.output and "--units" in result.output
    assert not (tmp_path / "out").exists()


def test_plan_with_units_writes_the_drafts(tmp_path, monkeypatch, resolution):
    from nqparse import api
    from nqparse.cli import app

    monkeypatch.setattr(api, "parse", lambda *a, **k: resolution)
    units = tmp_path / "units.yaml"
    units.write_text(yaml.safe_dump([{"name": "Chi bộ A", "kind": "chi bộ"}], allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", "nq.txt", "--units", str(units), "-o", str(tmp_path / "out"), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "ke-hoach-chi-bo-a.md").is_file() and (tmp_path / "out" / "index.md").is_file()


def test_a_bad_units_file_is_one_line_on_stderr_with_exit_code_2(tmp_path, monkeypatch, resolution):
    from nqparse import api, cli

    monkeypatch.setattr(api, "parse", lambda *a, **k: resolution)
    units = tmp_path / "units.yaml"
    units.write_text("- name: A\n  kind: ???\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        cli.main(["plan", "nq.txt", "--units", str(units), "-o", str(tmp_path / "out")])
    assert exited.value.code == 2


# --- speed ----------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_two_hundred_units_generate(resolution, tmp_path):
    units = [Unit(name=f"Chi bộ cơ quan số {n}", kind="chi bộ" if n % 2 else "đảng bộ cơ sở") for n in range(200)]
    paths = generate_plans(resolution, units, tmp_path)  # its speed is measured in bench/plan_bench.py
    assert len(set(paths)) == 200 and all(p.is_file() for p in paths)


# --- the seed (done when) -------------------------------------------------------------------------------

SEED_TARGETS = ["90%", "99%", "80%", "20%", "100%"]
BTG_OWN_TASK = "Ban Tuyên giáo Đảng ủy Khối xây dựng kế hoạch cụ thể triển khai, quán triệt Nghị quyết"


@pytest.fixture(scope="module")
def seed_plans(seed_resolution, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-plans")
    return generate_plans(seed_resolution, read_units(SAMPLE_UNITS), out)


def test_seed_three_plans_name_their_unit_and_the_resolution(seed_plans):
    units = read_units(SAMPLE_UNITS)
    assert len(seed_plans) == 3 and all(p.suffix == ".docx" and p.is_file() for p in seed_plans)
    for unit, path in zip(units, seed_plans):
        text = docx_text(path)
        assert unit.name.upper() in text and unit.name in text and "03-NQ/ĐUK" in text


def test_seed_plans_carry_the_targets_and_the_co_so_tasks_but_not_the_organs(seed_plans):
    for path in seed_plans:
        text = docx_text(path)
        missing = [t for t in SEED_TARGETS if t not in text]
        assert not missing, f"{path.name} lacks targets {missing}"
        section_ii = text.split("II- CHỈ TIÊU", 1)[1].split("III- NHIỆM VỤ", 1)[0]
        assert "90%" in section_ii and "Kết nạp …… đảng viên mới" in section_ii, "the targets belong in section II"
        assert "140" not in text and "150" not in text, "the Khối-wide count is never a unit's own"
        tasks = text.split("III- NHIỆM VỤ, GIẢI PHÁP", 1)[1].split("IV- TỔ CHỨC", 1)[0]
        assert "ủy nắm tình hình chặt chẽ cán bộ, đảng viên" in tasks  # the cơ sở sentence of II.2.1
        assert BTG_OWN_TASK not in text


def test_seed_plans_follow_the_party_format(seed_plans):
    for unit, path in zip(read_units(SAMPLE_UNITS), seed_plans):
        check_party_format(path, unit.name)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed: cannot check that the plans convert to PDF")
    return found


@pytest.mark.slow
def test_seed_plans_convert_to_pdf_with_libreoffice(seed_plans, tmp_path):
    binary = soffice()
    profile = tmp_path / "lo-profile"
    subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, seed_plans)], check=True, capture_output=True, timeout=240)
    for path in seed_plans:
        pdf = tmp_path / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
