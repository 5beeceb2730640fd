"""Cross-references across a corpus: who cites what, what is missing, what disagrees.

Real documents first: a handful of the shared corpus parsed once per session.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import nqparse
from nqparse.corpus import graph
from nqparse.corpus.xref import XrefReport, build_report, to_markdown
from nqparse.schema import Metadata, Resolution, SourceInfo

from conftest import SEED, SHARED_CORPUS, need_shared_corpus

# documents read by hand: which of them cite 57-NQ/TW and 71/NQ-CP (see tests/gold/references)
REAL = {
    "text/02_kh3260-ddqh15-thuc-hien-nq57.txt": "3260-KH/ĐĐQH15",
    "text/18_kh144-ubnd-bacninh-kinh-te-so-07-kh-tu.txt": "144/KH-UBND",
    "text/21_kh310-ubnd-hanoi-5g-18-nq-tu.txt": "310/KH-UBND",
    "text/24_kh987-ubnd-nghean-5g-328-kh-tu.txt": "987/KH-UBND",
    "text/28_nq03-cp-ctr-hanh-dong-nq57.txt": "03/NQ-CP",
    "text/29_qd2629-ttg-chinh-phu-so.txt": "2629/QĐ-TTg",
    "text/04_qd383-tw-phong-luu-tru-dang.txt": "383-QĐ/TW",
}
CITE_57 = {"3260-KH/ĐĐQH15", "144/KH-UBND", "310/KH-UBND", "987/KH-UBND", "03/NQ-CP", "2629/QĐ-TTg"}
CITE_71 = {"144/KH-UBND", "310/KH-UBND", "987/KH-UBND", "2629/QĐ-TTg"}


@pytest.fixture(scope="session")
def real_corpus() -> list[Resolution]:
    need_shared_corpus()
    return [nqparse.parse(SHARED_CORPUS / path) for path in REAL] + [nqparse.parse(SEED)]


@pytest.fixture(scope="session")
def report(real_corpus):
    return build_report(real_corpus)


def test_documents_are_named_by_their_own_code(report):
    corpus = {d.code for d in report.documents if d.resolved == "corpus"}
    assert set(REAL.values()) | {"03-NQ/ĐUK"} <= corpus


def test_57_nq_tw_is_cited_by_every_document_that_cites_it(report):
    nq57 = report.document("57-NQ/TW")
    assert nq57 is not None and nq57.resolved == "known"
    assert set(nq57.cited_by) == CITE_57
    assert nq57.date == "2024-12-22" and nq57.issuer == "Bộ Chính trị"
    assert report.most_cited[0].code == "57-NQ/TW" and report.most_cited[0].count == len(CITE_57)


def test_71_nq_cp_is_unresolved_with_its_citing_documents(report):
    nq71 = report.unresolved_code("71/NQ-CP")
    assert nq71 is not None and set(nq71.cited_by) == CITE_71
    assert report.document("71/NQ-CP") is None


def test_a_corpus_document_resolves_before_the_registry(report):
    nq03 = report.document("03/NQ-CP")
    assert nq03.resolved == "corpus" and nq03.path.endswith("28_nq03-cp-ctr-hanh-dong-nq57.txt")
    assert "310/KH-UBND" in nq03.cited_by           # Hà Nội's plan cites the Government's programme
    assert "03/NQ-CP" in report.document("310/KH-UBND").cites


def test_seed_malformed_symbol_is_reported(report):
    assert any(i.kind == "malformed_symbol" and i.code == "90/2020/NĐ-CP" and i.documents == ["03-NQ/ĐUK"]
               for i in report.inconsistencies)


def test_focus_on_one_document(report):
    part = report.focus("144/KH-UBND")
    codes = {d.code for d in part.documents}
    assert {"144/KH-UBND", "57-NQ/TW"} <= codes and "383-QĐ/TW" not in codes
    assert {u.code for u in part.unresolved} >= {"71/NQ-CP", "07-KH/TU"}


# --- inconsistencies on constructed documents -------------------------------------------

def _indexed(code: str, number: str, date: str, issuer: str, path: str, parent: str = None) -> Resolution:
    return Resolution(source=SourceInfo(path=path, format="txt"),
                      metadata=Metadata(code=code, number=number, date=date, issuer=issuer, parent_issuer=parent), text="")


CITING = ("ĐẢNG BỘ TỈNH TRÀ VINH\nĐẢNG ỦY KHỐI\nSố 09-KH/ĐUK\nKẾ HOẠCH\n"
          "1. Thực hiện Chỉ thị số 12-CT/TU, ngày 28/11/2021 của Ban Thường vụ Tỉnh ủy về cải cách hành chính.\n"
          "2. Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Hội đồng nhân dân tỉnh.\n")


def test_cited_date_differing_from_the_document_is_an_inconsistency_with_its_evidence():
    cited = _indexed("12-CT/TU", "12", "2021-10-28", "Tỉnh ủy Trà Vinh", "ct12.txt")
    report = build_report([cited, nqparse.parse(CITING)])
    mismatch = [i for i in report.inconsistencies if i.kind == "date_mismatch"]
    assert len(mismatch) == 1 and mismatch[0].code == "12-CT/TU" and mismatch[0].documents == ["09-KH/ĐUK"]
    said, own = mismatch[0].evidence
    assert (said.document, said.date, own.date, own.path) == ("09-KH/ĐUK", "2021-11-28", "2021-10-28", "ct12.txt")
    assert said.quote == "Thực hiện Chỉ thị số 12-CT/TU, ngày 28/11/2021 của Ban Thường vụ Tỉnh ủy về cải cách hành chính."
    assert not any(i.kind == "issuer_mismatch" and i.code == "12-CT/TU" for i in report.inconsistencies)


def test_another_provinces_directive_of_the_same_number_is_not_the_cited_one():
    """The citing plan is Trà Vinh's: "của Ban Thường vụ Tỉnh ủy" is Trà Vinh's Tỉnh ủy, not Bắc Ninh's."""
    elsewhere = _indexed("12-CT/TU", "12", "2021-10-28", "Tỉnh ủy Bắc Ninh", "ct12-bacninh.txt")
    report = build_report([elsewhere, nqparse.parse(CITING)])
    assert not report.inconsistencies
    assert report.document("09-KH/ĐUK").cites[0] == "12-CT/TU (Trà Vinh)"
    assert report.unresolved_code("12-CT/TU (Trà Vinh)").cited_by == ["09-KH/ĐUK"]
    assert report.document("12-CT/TU (Tỉnh ủy Bắc Ninh)").cited_by == []


def test_a_citation_whose_issuer_cannot_be_placed_is_only_a_possible_link():
    cited = _indexed("12-CT/TU", "12", "2021-10-28", "Tỉnh ủy Bắc Ninh", "ct12.txt")
    citing = nqparse.parse("KẾ HOẠCH\nSố 09-KH/BCĐ\n1. Thực hiện Chỉ thị số 12-CT/TU, ngày 28/11/2021 về cải cách hành chính.\n")
    report = build_report([cited, citing])
    assert not report.inconsistencies
    assert report.document("09-KH/BCĐ").possibly_cites == ["12-CT/TU"] and report.document("09-KH/BCĐ").cites == []


def test_cited_issuer_differing_from_the_document_is_an_inconsistency():
    cited = _indexed("21-KL/TW", "21", "2021-10-25", "Ban Chấp hành Trung ương", "kl21.txt")
    report = build_report([cited, nqparse.parse(CITING)])
    wrong = [i for i in report.inconsistencies if i.kind == "issuer_mismatch" and i.code == "21-KL/TW"]
    assert len(wrong) == 1
    assert [e.issuer for e in wrong[0].evidence] == ["Hội đồng nhân dân tỉnh", "Ban Chấp hành Trung ương"]


def test_one_number_of_two_provinces_is_two_documents():
    a = _indexed("07-KH/TU", "07", "2025-07-25", "Tỉnh ủy Bắc Ninh", "bacninh.txt")
    b = _indexed("07-KH/TU", "07", "2021-03-02", "Tỉnh ủy Trà Vinh", "travinh.txt")
    report = build_report([a, b])
    assert not report.inconsistencies
    assert sorted(d.id for d in report.candidates("07-KH/TU")) == ["07-KH/TU (Tỉnh ủy Bắc Ninh)", "07-KH/TU (Tỉnh ủy Trà Vinh)"]
    assert [d.path for d in report.candidates("07-KH/TU (Trà Vinh)")] == ["travinh.txt"]


def test_one_number_of_one_issuer_on_two_dates_is_reused():
    a = _indexed("07-KH/TU", "07", "2025-07-25", "Tỉnh ủy Bắc Ninh", "a.txt")
    b = _indexed("07-KH/TU", "07", "2025-03-02", "Ban Thường vụ Tỉnh ủy", "b.txt", parent="Đảng bộ tỉnh Bắc Ninh")
    report = build_report([a, b])
    reused = [i for i in report.inconsistencies if i.kind == "code_reused"]
    assert len(reused) == 1 and set(reused[0].documents) == {"a.txt", "b.txt"}
    assert {(e.path, e.date) for e in reused[0].evidence} == {("a.txt", "2025-07-25"), ("b.txt", "2025-03-02")}


def test_a_yearly_state_number_cited_in_another_year_is_another_document():
    """310/KH-UBND of 2024 is not the 310/KH-UBND of 2025, even of one province."""
    cited = _indexed("310/KH-UBND", "310", "2025-11-24", "Ủy ban nhân dân tỉnh Đồng Tháp", "kh310.txt")
    citing = nqparse.parse("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 556/KH-UBND\nKẾ HOẠCH\n"
                           "Tiếp tục thực hiện Kế hoạch 310/KH-UBND ngày 21/8/2024 của Ủy ban nhân dân tỉnh về nuôi biển.\n")
    report = build_report([cited, citing])
    assert not report.inconsistencies
    assert report.unresolved_code("310/KH-UBND").cited_by == ["556/KH-UBND"]


def test_national_codes_are_one_document_wherever_they_are_cited():
    cited = _indexed("57-NQ/TW", "57", "2024-12-22", "Bộ Chính trị", "nq57.txt")
    citing = nqparse.parse("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 556/KH-UBND\nKẾ HOẠCH\n"
                           "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.\n"
                           "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2021 của Chính phủ.\n")
    report = build_report([cited, citing])
    assert report.document("57-NQ/TW").cited_by == ["556/KH-UBND"]
    # a State code carrying its year, cited with another date: the citation is wrong
    assert [(i.kind, i.code) for i in report.inconsistencies] == [("date_mismatch", "30/2020/NĐ-CP")]


def test_a_party_number_cited_years_off_may_be_another_terms_document():
    cited = _indexed("57-NQ/TW", "57", "2024-12-22", "Bộ Chính trị", "nq57.txt")
    citing = nqparse.parse("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 556/KH-UBND\nKẾ HOẠCH\n"
                           "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2022 của Bộ Chính trị.\n")
    report = build_report([cited, citing])
    assert not report.inconsistencies
    assert report.document("57-NQ/TW").possibly_cited_by == ["556/KH-UBND"]


# --- renderings ----------------------------------------------------------------------------

def test_svg_is_drawn_and_well_formed(report):
    svg = graph.to_svg(report, engine="python")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "57-NQ/TW" in labels and "144/KH-UBND" in labels
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) > len(CITE_57)


def test_svg_through_graphviz_when_installed(report):
    import shutil

    if not shutil.which("dot"):
        pytest.skip("graphviz `dot` is not installed (apt package graphviz); the built-in layout is used")
    root = ET.fromstring(graph.to_svg(report.focus("144/KH-UBND"), engine="dot"))
    assert root.tag.endswith("svg")
    assert "57-NQ/TW" in {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}


def test_the_corpus_graph_draws_the_most_cited_and_who_cites_them_by_issuer(report):
    g = graph.citation_graph(report, top=2)
    drawn = {n.label for n in g.nodes.values() if n.kind != "cluster"}
    assert drawn == {m.code for m in report.most_cited[:2]} and "57-NQ/TW" in drawn
    clusters = {n.label: n.sub for n in g.nodes.values() if n.kind == "cluster"}
    assert "Ủy ban nhân dân tỉnh Bắc Ninh" in clusters and clusters["Ủy ban nhân dân tỉnh Bắc Ninh"] == "1 văn bản dẫn chiếu"
    assert len(g.nodes) < len(graph.citation_graph(report, full=True).nodes)
    dot = graph.to_dot(report, top=2)
    assert "shape=folder" in dot and '"383-qđ/tw"' not in dot
    svg = ET.fromstring(graph.to_svg(report, engine="python", top=2))           # the built-in layout too
    assert "Ủy ban nhân dân tỉnh Bắc Ninh" in {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}


def test_dot_graphml_and_markdown(report):
    dot = graph.to_dot(report)
    assert dot.startswith("digraph") and '"144/kh-ubnd" -> "57-nq/tw"' in dot
    graphml = ET.fromstring(graph.to_graphml(report))
    assert graphml.tag.endswith("graphml")
    md = to_markdown(report)
    assert "### 57-NQ/TW" in md and "71/NQ-CP" in md


def test_report_json_has_the_public_shape(report):
    data = report.model_dump(mode="json")
    assert set(data) >= {"documents", "unresolved", "inconsistencies", "most_cited"}
    assert set(data["documents"][0]) >= {"code", "title", "date", "issuer", "cites", "cited_by"}
    assert set(data["unresolved"][0]) >= {"code", "cited_by"}


def run(argv: list[str]) -> int:
    """The exit code of ``nqparse argv`` (0 when main returns normally)."""
    from nqparse.cli import main

    try:
        main(argv)
    except SystemExit as exc:
        return exc.code or 0
    return 0


def test_xref_command_reads_an_index(tmp_path):
    import json

    need_shared_corpus()
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("18_kh144-ubnd-bacninh-kinh-te-so-07-kh-tu.txt", "24_kh987-ubnd-nghean-5g-328-kh-tu.txt"):
        (docs / name).write_bytes((SHARED_CORPUS / "text" / name).read_bytes())
    db = tmp_path / "corpus.db"
    assert run(["index", str(docs), "--db", str(db), "-q", "-j", "1"]) == 0
    out = tmp_path / "xref.json"
    assert run(["xref", "--db", str(db), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    nq57 = next(d for d in data["documents"] if d["code"] == "57-NQ/TW")
    assert set(nq57["cited_by"]) == {"144/KH-UBND", "987/KH-UBND"}
    svg = tmp_path / "graph.svg"
    assert run(["xref", "--db", str(db), "-f", "svg", "--doc", "987/KH-UBND", "-o", str(svg)]) == 0
    ET.fromstring(svg.read_text(encoding="utf-8"))
    assert run(["xref", "--db", str(tmp_path / "missing.db")]) == 2
    assert run(["xref", "--db", str(db), "--doc", "999-NQ/TW"]) == 2


# --- two provinces, one number ----------------------------------------------------------

TU_VINH_LAM = """ĐẢNG BỘ TỈNH VĨNH LAM
TỈNH ỦY
*
Số 15-KH/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Vĩnh Lam, ngày 10 tháng 3 năm 2025

KẾ HOẠCH
thực hiện chuyển đổi số trong các cơ quan đảng năm 2025

1. Các cấp ủy, tổ chức đảng hoàn thành số hóa hồ sơ trong quý III năm 2025.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn Lâm
"""


def _ubnd_plan(province: str, day: str, cited: str) -> str:
    return f"""ỦY BAN NHÂN DÂN
TỈNH {province.upper()}

Số: 120/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

{province}, ngày {day} năm 2025

KẾ HOẠCH
Triển khai chuyển đổi số trong cơ quan hành chính tỉnh năm 2025

{cited}, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

1. Sở Khoa học và Công nghệ chủ trì, hoàn thành trong quý II năm 2025.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""


README = """# Kho văn bản của văn phòng

| tệp | văn bản |
|---|---|
| tu-vinh-lam.txt | Kế hoạch 15-KH/TU, 10/3/2025, Tỉnh ủy Vĩnh Lam |
| ubnd-vinh-lam.txt | Kế hoạch 120/KH-UBND, UBND tỉnh Vĩnh Lam, cites 15-KH/TU |
"""


@pytest.fixture
def two_provinces(tmp_path):
    """Vĩnh Lam's Tỉnh ủy plan 15-KH/TU and its UBND plan citing it; Tân Hà's UBND plan with the
    same number 120/KH-UBND citing Tân Hà's own 15-KH/TU (not in the folder) of another date;
    and the folder's README."""
    docs = tmp_path / "kho"
    docs.mkdir()
    (docs / "tu-vinh-lam.txt").write_text(TU_VINH_LAM, encoding="utf-8")
    (docs / "ubnd-vinh-lam.txt").write_text(_ubnd_plan("Vĩnh Lam", "02 tháng 4", "Thực hiện Kế hoạch số 15-KH/TU "
                                            "ngày 10/3/2025 của Ban Thường vụ Tỉnh ủy về chuyển đổi số"), encoding="utf-8")
    (docs / "ubnd-tan-ha.txt").write_text(_ubnd_plan("Tân Hà", "20 tháng 5", "Thực hiện Kế hoạch số 15-KH/TU "
                                          "ngày 02/5/2025 của Tỉnh ủy về cải cách hành chính"), encoding="utf-8")
    (docs / "README.md").write_text(README, encoding="utf-8")
    db = tmp_path / "kho.sqlite"
    assert run(["index", str(docs), "--db", str(db), "-q", "-j", "1"]) == 0
    return db


def test_each_province_cites_its_own_plan_and_nothing_is_inconsistent(two_provinces, tmp_path):
    import json

    out = tmp_path / "xref.json"
    assert run(["xref", "--db", str(two_provinces), "-o", str(out)]) == 0
    report = XrefReport.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert report.inconsistencies == []
    vinh_lam = report.document("120/KH-UBND (Vĩnh Lam)")
    tan_ha = report.document("120/KH-UBND (Tân Hà)")
    assert vinh_lam.path.endswith("ubnd-vinh-lam.txt") and tan_ha.path.endswith("ubnd-tan-ha.txt")
    plan15 = report.document("15-KH/TU")
    assert plan15.path.endswith("tu-vinh-lam.txt") and plan15.cited_by == [vinh_lam.id]
    assert vinh_lam.cites == [plan15.id]
    missing = report.unresolved_code(tan_ha.cites[0])
    assert missing.code == "15-KH/TU" and missing.place == "Tân Hà" and missing.dates == ["2025-05-02"]
    assert missing.cited_by == [tan_ha.id]
    assert not any(d.path and d.path.endswith("README.md") for d in report.documents)   # not a document


def test_doc_with_a_shared_number_asks_which_one(two_provinces, capsys):
    capsys.readouterr()
    assert run(["xref", "--db", str(two_provinces), "--doc", "120/KH-UBND"]) == 2
    err = capsys.readouterr().err
    assert "120/KH-UBND (Ủy ban nhân dân tỉnh Tân Hà)" in err and "120/KH-UBND (Ủy ban nhân dân tỉnh Vĩnh Lam)" in err
    assert run(["xref", "--db", str(two_provinces), "--doc", "120/KH-UBND (Vĩnh Lam)", "-f", "md"]) == 0
    page = capsys.readouterr().out
    assert "Tân Hà" not in page and "15-KH/TU" in page


def test_markdown_speaks_the_web_pages_words(two_provinces, capsys):
    capsys.readouterr()
    assert run(["xref", "--db", str(two_provinces), "-f", "md"]) == 0
    page = capsys.readouterr().out
    for label in ("## Được dẫn nhiều nhất", "Văn bản này dẫn chiếu:", "Được dẫn chiếu bởi:", "## Chưa có trong kho"):
        assert label in page
    assert "Most cited" not in page and "Unresolved" not in page


def test_the_web_corpus_keeps_two_issuers_documents_of_one_number_apart(two_provinces, tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from nqparse.web.app import create_app
    from nqparse.web.settings import Settings

    client = TestClient(create_app(Settings(work_dir=tmp_path / "work", db_path=two_provinces)),
                        base_url="http://127.0.0.1:8000")            # a host the app allows
    listing = client.get("/kho").text
    assert "README" not in listing
    assert "code=120%2FKH-UBND%20%28%E1%BB%A6y%20ban" in listing          # each row links its own document
    page = client.get("/kho/van-ban", params={"code": "120/KH-UBND (Vĩnh Lam)"}).text
    assert "15-KH/TU" in page.split('id="cites"', 1)[1] and 'id="same-number"' in page and "Tân Hà" in page
