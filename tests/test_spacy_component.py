"""The spaCy component (``pip install "nqparse[spacy]"``, ``nlp.add_pipe("nqparse")``).

On a blank Vietnamese pipeline it fills ``doc.spans["nq_references" | "nq_indicators" |
"nq_tasks" | "nq_bodies"]`` and ``Doc._.nq``, every span placed in the caller's own text —
not in nqparse's normalized text — so CRLF, NBSP, en dashes, ``**`` markup and hard-wrapped
lines in the input do not shift it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
import unicodedata
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'nqparse[spacy]')")

import nqparse  # noqa: E402
from conftest import SEED, need_shared_corpus  # noqa: E402
from nqparse.spacy_pipe import BODIES, INDICATORS, REFERENCES, TASKS  # noqa: E402  (registers the factory)

ROOT = Path(__file__).resolve().parents[1]
GROUPS = (REFERENCES, INDICATORS, TASKS, BODIES)


def fold(text: str) -> str:
    """Text as normalization leaves it, for comparing: NFC, one hyphen, no white space or markup."""
    text = unicodedata.normalize("NFC", text)
    return "".join("-" if ch in "\u2013\u2014\u2212" else ch for ch in text if not ch.isspace() and ch != "*")


def blank_vi():
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@pytest.fixture(scope="module")
def nlp():
    nlp = blank_vi()
    nlp.add_pipe("nqparse")
    return nlp


def assert_in_place(doc, span, quote: str) -> None:
    """The span is the caller's text at its offsets, and holds the item's quote."""
    assert span.text == doc.text[span.start_char:span.end_char]
    assert fold(quote) in fold(span.text), (quote, span.text)


def item_quotes(span) -> list[str]:
    """The quotes of the item a span stands for (any of a reference's or a body's mentions)."""
    item = span._.nq
    return [m.quote for m in getattr(item, "mentions", None) or [item.span]]


@pytest.fixture(scope="module")
def seed_doc(nlp):
    need_shared_corpus()
    if not SEED.is_file():
        pytest.skip(f"seed resolution not available: {SEED}")
    return nlp(SEED.read_text(encoding="utf-8"))


def test_every_numbered_citation_of_the_seed_is_a_span_with_its_canonical_code(seed_doc, seed_path):
    expected = {}
    for ref in nqparse.parse(seed_path).references:
        if ref.code:
            expected[ref.code] = expected.get(ref.code, 0) + max(1, len(ref.mentions))
    found = {}
    for span in seed_doc.spans[REFERENCES]:
        if span._.code:
            found[span._.code] = found.get(span._.code, 0) + 1
            assert span._.doc_type and span.label_ == "REFERENCE"
    assert found == expected
    assert {"12-CT/TU", "126-QĐ/TW", "90/2020/NĐ-CP", "28-CT/TW"} <= set(found)
    dated = {s._.code: s._.date for s in seed_doc.spans[REFERENCES] if s._.date}
    assert dated["12-CT/TU"] == "2021-10-28"


def test_the_seed_fills_indicators_tasks_bodies_and_the_whole_result(seed_doc):
    indicators = [s for s in seed_doc.spans[INDICATORS] if s._.value is not None]
    assert len(indicators) >= 16
    assert any(s._.comparator == ">" and s._.value == 90 and s._.unit == "%" for s in indicators)
    tasks = list(seed_doc.spans[TASKS])
    assert tasks and any(s._.lead for s in tasks) and any(s._.partners for s in tasks)
    assert all(isinstance(s._.lead, list) for s in tasks)
    assert len(seed_doc.spans[BODIES]) >= 20
    assert seed_doc._.nq.metadata.code == "03-NQ/ĐUK"
    assert len(seed_doc.spans[TASKS]) == len(seed_doc._.nq.tasks)


def test_every_span_of_the_seed_is_the_callers_text_and_reads_as_its_quote(seed_doc):
    for group in GROUPS:
        for span in seed_doc.spans[group]:
            quotes = item_quotes(span)
            assert any(fold(q) in fold(span.text) for q in quotes), (group, span.text)
            assert_in_place(seed_doc, span, next(q for q in quotes if fold(q) in fold(span.text)))


def synthetic_text() -> str:
    """A resolution as a Windows text export writes it: CRLF, NBSP, en dashes in numbers and
    ranges, paragraphs hard-wrapped at 72 columns."""
    header = ["ĐẢNG BỘ TỈNH TRÀ VINH", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN", "VÀ DOANH NGHIỆP", "*", "Số 05-NQ/ĐUK", "",
              "ĐẢNG CỘNG SẢN VIỆT NAM", "Trà Vinh, ngày 06 tháng 01 năm 2023", "", "NGHỊ QUYẾT",
              "về công tác xây dựng Đảng năm 2023", ""]
    paragraphs = [
        "Căn cứ Chỉ thị số 12\u2013CT/TU, ngày 28/10/2021 của Ban\u00a0Thường vụ Tỉnh ủy về đẩy mạnh cải cách hành "
        "chính trong các cơ quan, tổ chức giai đoạn 2021 \u2013 2025; căn cứ Quy định số 126\u2013QĐ/TW của Bộ "
        "Chính trị về một số vấn đề bảo vệ chính trị nội bộ Đảng,",
        "Ban Chấp hành Đảng bộ Khối quyết nghị như sau:",
        "I- MỤC TIÊU, CHỈ TIÊU",
        "- Có từ 90% tổ chức cơ sở đảng trở lên được xếp loại hoàn thành tốt nhiệm vụ, trong đó có ít nhất 20% "
        "hoàn thành xuất sắc nhiệm vụ; có từ 90% đảng viên trở lên hoàn thành tốt nhiệm vụ.",
        "- Phấn đấu kết nạp 10 \u2013 12 đảng viên mới trong năm 2023, trong đó có ít nhất 03 đảng viên là đoàn "
        "viên thanh niên, người lao động trong doanh nghiệp ngoài khu vực nhà nước.",
        "- 100% cơ quan, đơn vị, doanh nghiệp tổ chức quán triệt, học tập các nghị quyết, chỉ thị của Đảng theo "
        "đúng kế hoạch, bảo đảm chất lượng và hiệu quả.",
        "II- NHIỆM VỤ, GIẢI PHÁP",
        "1. Ban Tuyên giáo Đảng ủy Khối chủ trì, phối hợp với Văn phòng Đảng ủy Khối xây dựng kế hoạch tuyên "
        "truyền, học tập, quán triệt nghị quyết đến cán bộ, đảng viên và người lao động, hoàn thành trong quý I "
        "năm 2023.",
        "2. Ủy ban Kiểm tra Đảng ủy Khối chủ trì, phối hợp với Ban Tổ chức Đảng ủy Khối tham mưu xây dựng chương "
        "trình kiểm tra, giám sát năm 2023 của Ban Chấp hành Đảng bộ Khối, hoàn thành trước ngày 31/3/2023.",
        "3. Cấp ủy các chi bộ, đảng bộ cơ sở căn cứ nghị quyết này xây dựng kế hoạch thực hiện phù hợp với tình "
        "hình thực tế của cơ quan, đơn vị, doanh nghiệp, báo cáo kết quả về Ban Thường vụ Đảng ủy Khối định kỳ "
        "6 tháng, năm.",
        "4. Ban Tổ chức Đảng ủy Khối chủ trì, phối hợp với các chi bộ, đảng bộ cơ sở rà soát, bổ sung quy hoạch "
        "cấp ủy và đội ngũ cán bộ chủ chốt nhiệm kỳ 2020 \u2013 2025, hoàn thành trong quý II năm 2023.",
    ]
    lines = header + [line for p in paragraphs for line in textwrap.wrap(p, 72)]
    return "\r\n".join(lines) + "\r\n"


def test_offsets_land_right_through_crlf_nbsp_en_dashes_and_wrapped_lines(nlp):
    text = synthetic_text()
    doc = nlp(text)
    assert doc.text == text
    for group in GROUPS:
        assert len(doc.spans[group]) > 0, group
        for span in doc.spans[group]:
            quotes = item_quotes(span)
            assert any(fold(q) in fold(span.text) for q in quotes), (group, span.text)
    citation = next(s for s in doc.spans[REFERENCES] if s._.code == "12-CT/TU")
    assert citation.text.startswith("Chỉ thị số 12\u2013CT/TU,") and "Ban\u00a0Thường vụ" in citation.text
    assert citation._.date == "2021-10-28"
    assert next(s for s in doc.spans[REFERENCES] if s._.code == "126-QĐ/TW").text.startswith("Quy định số 126\u2013QĐ/TW")
    recruits = next(s for s in doc.spans[INDICATORS] if s._.comparator == "range")
    assert (recruits._.value, recruits._.high, recruits._.unit) == (10, 12, "đảng viên")
    assert recruits.text.startswith("10 \u2013 12 đảng viên")
    first_task = doc.spans[TASKS][0]
    assert first_task.text.startswith("Ban Tuyên giáo Đảng ủy Khối chủ trì")
    assert first_task.text.endswith("năm 2023.") and "\r\n" in first_task.text   # over three wrapped lines
    assert first_task._.lead == ["ban-tuyen-giao-dang-uy-khoi"]
    assert first_task._.partners == ["van-phong-dang-uy-khoi"]
    assert first_task._.due == "2023-03-31"
    office = next(s for s in doc.spans[BODIES] if s._.nq.id == "van-phong-dang-uy-khoi")
    assert office.text.startswith("Văn phòng Đảng ủy") and office.label_ == office._.nq.kind.value


def test_a_task_and_the_target_it_states_keep_their_own_attributes(nlp):
    doc = nlp("Phấn đấu kết nạp 10 \u2013 12 đảng viên mới trong năm 2023.\r\n")
    target = next(iter(doc.spans[INDICATORS]))
    assert target._.value == 10 and target._.high == 12
    for task in doc.spans[TASKS]:
        assert task._.value is None  # a span over the same words reads its own item


def test_a_one_line_text_finds_its_citation_and_an_empty_text_gives_empty_groups(nlp):
    doc = nlp("Thực hiện Chỉ thị số 12-CT/TU, ngày 28/10/2021 của Ban Thường vụ Tỉnh ủy.")
    assert [s._.code for s in doc.spans[REFERENCES]] == ["12-CT/TU"]
    empty = nlp("   ")
    assert all(len(empty.spans[g]) == 0 for g in GROUPS) and empty._.nq is None


def test_nlp_pipe_runs_the_component_on_every_doc(nlp):
    docs = list(nlp.pipe(["Căn cứ Quy định số 126-QĐ/TW của Bộ Chính trị.", "Thực hiện Kết luận số 01-KL/TW."]))
    assert [[s._.code for s in d.spans[REFERENCES]] for d in docs] == [["126-QĐ/TW"], ["01-KL/TW"]]


def test_add_pipe_finds_the_component_through_the_entry_point_without_an_import(tmp_path):
    """The ``spacy_factories`` entry point pyproject.toml declares is what spaCy finds: a
    distribution declaring exactly it is put on the path of a fresh interpreter that imports
    spaCy only (an installed nqparse declares the same, which spaCy accepts twice)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    factories = declared["project"]["entry-points"]["spacy_factories"]
    assert factories == {"nqparse": "nqparse.spacy_pipe:make_component"}
    info = tmp_path / "nqparse_entry_points-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: nqparse-entry-points\nVersion: 0\n")
    (info / "entry_points.txt").write_text(
        "[spacy_factories]\n" + "".join(f"{k} = {v}\n" for k, v in factories.items()))
    script = (
        "import spacy\n"
        "nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'use_pyvi': False}}})\n"
        "nlp.add_pipe('nqparse')\n"
        "doc = nlp('Căn cứ Chỉ thị số 12-CT/TU của Ban Thường vụ Tỉnh ủy.')\n"
        "print([s._.code for s in doc.spans['nq_references']])\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src"),
                                                         os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['12-CT/TU']"


def test_importing_nqparse_does_not_import_spacy():
    script = ("import sys, nqparse, nqparse.api, nqparse.offsets, nqparse.schema, nqparse.cli\n"
              "r = nqparse.parse('Căn cứ Chỉ thị số 12-CT/TU.\\n')\n"
              "r.offsets('Căn cứ Chỉ thị số 12\u2013CT/TU.')\n"
              "print('spacy' in sys.modules)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_a_rules_folder_in_the_config_changes_that_component_only(tmp_path, nlp):
    (tmp_path / "bodies.yaml").write_text("bodies:\n  - {name: Tổ công tác đặc biệt số 7, kind: khac}\n",
                                          encoding="utf-8")
    other = blank_vi()
    other.add_pipe("nqparse", config={"rules": [str(tmp_path)]})
    text = "Tổ công tác đặc biệt số 7 chủ trì rà soát hồ sơ đảng viên, hoàn thành trong quý I năm 2023.\r\n"
    with_rules, default = other(text), nlp(text)
    assert [s.text for s in with_rules.spans[BODIES] if s._.nq.name == "Tổ công tác đặc biệt số 7"] \
        == ["Tổ công tác đặc biệt số 7"]
    assert not [s for s in default.spans[BODIES] if s._.nq.name == "Tổ công tác đặc biệt số 7"]
