"""Cross-references across a corpus: who cites what, what is missing, what disagrees.

Real documents first: a handful of the shared corpus parsed once per session.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import nqparse
from nqparse.corpus import graph
from nqparse.corpus.xref import build_report, to_markdown
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

def _indexed(code: str, number: str, date: str, issuer: str, path: str) -> Resolution:
    return Resolution(source=SourceInfo(path=path, format="txt"),
                      metadata=Metadata(code=code, number=number, date=date, issuer=issuer), text="")


CITING = ("ĐẢNG BỘ TỈNH A\nĐẢNG ỦY KHỐI\nSố 09-KH/ĐUK\nKẾ HOẠCH\n"
          "1. Thực hiện Chỉ thị số 12-CT/TU, ngày 28/11/2021 của Ban Thường vụ Tỉnh ủy về cải cách hành chính.\n"
          "2. Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Hội đồng nhân dân tỉnh.\n")


def test_cited_date_differing_from_the_document_is_an_inconsistency():
    cited = _indexed("12-CT/TU", "12", "2021-10-28", "Tỉnh ủy Trà Vinh", "ct12.txt")
    report = build_report([cited, nqparse.parse(CITING)])
    mismatch = [i for i in report.inconsistencies if i.kind == "date_mismatch"]
    assert len(mismatch) == 1 and mismatch[0].code == "12-CT/TU" and mismatch[0].documents == ["09-KH/ĐUK"]
    assert not any(i.kind == "issuer_mismatch" and i.code == "12-CT/TU" for i in report.inconsistencies)


def test_cited_issuer_differing_from_the_document_is_an_inconsistency():
    cited = _indexed("21-KL/TW", "21", "2021-10-25", "Ban Chấp hành Trung ương", "kl21.txt")
    report = build_report([cited, nqparse.parse(CITING)])
    assert any(i.kind == "issuer_mismatch" and i.code == "21-KL/TW" for i in report.inconsistencies)


def test_one_code_used_for_two_documents():
    a = _indexed("07-KH/TU", "07", "2025-07-25", "Tỉnh ủy Bắc Ninh", "bacninh.txt")
    b = _indexed("07-KH/TU", "07", "2021-03-02", "Tỉnh ủy Trà Vinh", "travinh.txt")
    report = build_report([a, b])
    reused = [i for i in report.inconsistencies if i.kind == "code_reused"]
    assert len(reused) == 1 and set(reused[0].documents) == {"bacninh.txt", "travinh.txt"}


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
