"""The Python API as a user of spaCy or eyecite expects it: functions that keep working, a text
that is a text, and Parsers with their own rules that never see each other's."""
from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import nqparse
from nqparse import rules
from nqparse.errors import BadInputError, RulesError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "nq-chi-bo-mau-2026.txt"
UNITS = ROOT / "corpus" / "units-tan-lam.yaml"

# "không kém 90%" says "at least 90%" only to a Parser whose rules add that phrase.
TARGETS = """ĐẢNG ỦY XÃ TÂN LAM
Số 05-NQ/ĐU
Tân Lam, ngày 15 tháng 01 năm 2026
NGHỊ QUYẾT
về công tác năm 2026

I- MỤC TIÊU, CHỈ TIÊU

2. Các chỉ tiêu

- Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ không kém 90%.

- Có trên 95% hồ sơ được giải quyết trực tuyến.
"""


@pytest.fixture
def overlay(tmp_path) -> Path:
    """A văn thư's rules folder adding the comparator phrase "không kém" (at least)."""
    folder = tmp_path / "quy-tac"
    folder.mkdir()
    (folder / "indicators.yaml").write_text('comparators_before:\n  ">=": [không kém]\n', encoding="utf-8")
    return folder


def comparators(resolution) -> list[tuple[str, float]]:
    return [(i.comparator.value, i.value) for i in resolution.indicators]


# -------------------------------------------------------------------------- functions that keep working


def test_parse_plan_and_index_each_work_twice_in_one_process(tmp_path):
    first, again = nqparse.parse(SAMPLE), nqparse.parse(SAMPLE)
    assert first.metadata.code == again.metadata.code == "05-NQ/ĐU" and first.tasks == again.tasks

    plans = nqparse.plan(SAMPLE, UNITS, tmp_path / "a", fmt="md")   # imports the nqparse.plan subpackage …
    plans_again = nqparse.plan(SAMPLE, UNITS, tmp_path / "b", fmt="md")   # … and the function still works
    assert plans and [p.name for p in plans] == [p.name for p in plans_again]

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    report = nqparse.index([docs], tmp_path / "kho.sqlite", jobs=1)
    report_again = nqparse.index([docs], tmp_path / "kho.sqlite", jobs=1)
    assert (report.parsed, report_again.unchanged) == (1, 1)


def test_load_and_extract_work_after_their_subpackages_are_imported():
    import nqparse.extract.tasks  # noqa: F401
    import nqparse.load.text  # noqa: F401

    source = nqparse.load(SAMPLE)
    assert source.blocks and nqparse.load(SAMPLE).blocks == source.blocks
    assert nqparse.extract(nqparse.analyse(SAMPLE)).metadata.code == "05-NQ/ĐU"


def test_everything_in_all_is_there_and_star_import_works():
    namespace: dict = {}
    exec("from nqparse import *", namespace)
    assert set(nqparse.__all__) <= set(namespace)
    for name in ("parse", "parse_text", "plan", "index", "Parser", "Rules", "Resolution", "BadInputError"):
        assert name in nqparse.__all__


def test_importing_the_cli_imports_no_stage():
    code = ("import sys, nqparse.cli; "
            "print(' '.join(m for m in sys.modules if m.startswith('nqparse.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    stages = [m for m in loaded if m.split(".")[1:2] and m.split(".")[1] in {
        "load", "normalize", "structure", "extract", "render", "plan", "corpus", "track", "web", "pipeline", "api"}]
    assert stages == []


# -------------------------------------------------------------------------- a text is a text


def test_parse_text_of_one_sentence_finds_its_citation():
    found = nqparse.parse_text("Thực hiện Nghị quyết số 12-NQ/TW ngày 5/1/2022 của Bộ Chính trị.")
    assert [r.code for r in found.references] == ["12-NQ/TW"]


def test_parse_of_a_one_line_sentence_reads_it_as_text_not_as_a_missing_file():
    sentence = "Nghị quyết số 12-NQ/TW ngày 5/1/2022 của Bộ Chính trị về xây dựng Đảng"
    assert nqparse.parse(sentence).text == sentence
    found = nqparse.parse("Căn cứ Nghị quyết số 12-NQ/TW ngày 5/1/2022 của Bộ Chính trị")
    assert [r.code for r in found.references] == ["12-NQ/TW"]


def test_a_missing_file_with_a_document_extension_says_so_and_points_to_parse_text(tmp_path):
    missing = str(tmp_path / "nghi-quyet.docx")
    with pytest.raises(BadInputError, match=r"nghi-quyet\.docx: file not found \(to parse a text, call nqparse\.parse_text\)"):
        nqparse.parse(missing)


def test_a_path_object_is_always_a_path(tmp_path):
    with pytest.raises(BadInputError, match="file not found"):
        nqparse.parse(tmp_path / "Nghị quyết số 12-NQ")


# -------------------------------------------------------------------------- Parsers with their own rules


def test_a_parser_with_a_rules_folder_changes_its_own_results_only(overlay):
    before = comparators(nqparse.parse_text(TARGETS))
    mine = nqparse.Parser(rules=[overlay])
    assert before == [("=", 90.0), (">", 95.0)]
    assert comparators(mine.parse_text(TARGETS)) == [(">=", 90.0), (">", 95.0)]
    assert comparators(nqparse.parse_text(TARGETS)) == before            # the default is untouched
    assert comparators(nqparse.Parser().parse_text(TARGETS)) == before   # and so is a new plain Parser


def test_two_parsers_in_two_threads_at_once_each_keep_their_rules(overlay):
    plain, mine = nqparse.Parser(), nqparse.Parser(rules=[overlay])
    start = threading.Barrier(2)
    seen: dict[str, set] = {"plain": set(), "mine": set()}

    def run(name: str, parser) -> None:
        start.wait()
        for _ in range(6):
            seen[name].add(tuple(comparators(parser.parse_text(TARGETS))))

    threads = [threading.Thread(target=run, args=("plain", plain)), threading.Thread(target=run, args=("mine", mine))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"plain": {(("=", 90.0), (">", 95.0))}, "mine": {((">=", 90.0), (">", 95.0))}}


def test_rules_using_makes_a_rule_set_active_for_the_code_inside(overlay):
    from nqparse.extract.vocabulary import IndicatorRules

    with rules.using(rules.Rules([overlay])):
        assert "không kém" in rules.load("indicators", IndicatorRules).comparators_before[">="]
        assert comparators(nqparse.parse_text(TARGETS))[0] == (">=", 90.0)
    assert "không kém" not in rules.load("indicators", IndicatorRules).comparators_before[">="]


def test_a_bad_rules_file_is_refused_when_the_parser_is_made(tmp_path):
    (tmp_path / "deadlines.yaml").write_text("periods:\n  quý V: [13, 15]\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules/deadlines\.yaml: periods"):
        nqparse.Parser(rules=[tmp_path])
    with pytest.raises(RulesError, match="rules folder not found"):
        nqparse.Parser(rules=[tmp_path / "absent"])


def test_a_parser_lists_its_components_and_runs_the_ones_it_is_given():
    assert nqparse.Parser().pipe_names == ["load", "normalize", "structure", "references", "bodies",
                                           "indicators", "tasks", "goals"]
    calls = []

    def count_tasks(state, rules):
        calls.append(len(state.tasks))
        return state

    only_references = nqparse.Parser(components=["load", "normalize", "structure", "references", ("count", count_tasks)])
    found = only_references.parse(SAMPLE)
    assert found.references and found.tasks == [] and found.indicators == [] and calls == [0]
    with pytest.raises(ValueError, match="no component named 'tables'"):
        nqparse.Parser(components=["load", "tables"])


def test_a_parser_travels_to_worker_processes_as_its_rule_folders(overlay):
    mine = nqparse.Parser(rules=[overlay])
    copy = pickle.loads(pickle.dumps(mine))
    assert copy.rules.overlays == (overlay,) and copy.pipe_names == mine.pipe_names
    assert comparators(copy.parse_text(TARGETS))[0] == (">=", 90.0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_index_parses_with_the_parsers_rules_here_and_in_worker_processes(overlay, tmp_path, jobs):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(jobs):
        (docs / f"nq-{n}.txt").write_text(TARGETS, encoding="utf-8")
    db = tmp_path / "kho.sqlite"
    report = nqparse.Parser(rules=[overlay]).index([docs], db, jobs=jobs)
    assert report.parsed == jobs and report.ok
    from nqparse.corpus.store import Store

    with Store(db, readonly=True) as store:
        stored = list(store.resolutions())
    assert {comparators(r)[0] for r in stored} == {(">=", 90.0)}


# -------------------------------------------------------------------------- renderers


def test_a_renderer_refuses_bad_output_with_a_bad_input_error_never_system_exit(tmp_path):
    from nqparse.render import render_to

    resolution = nqparse.parse(SAMPLE)
    with pytest.raises(BadInputError, match="-f csv needs -o FOLDER"):
        render_to(resolution, "csv", None)


def test_the_web_app_parses_uploads_with_its_parsers_rules(overlay, tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from nqparse.web.app import create_app
    from nqparse.web.settings import Settings

    def uploaded(parser) -> list[tuple[str, float]]:
        client = TestClient(create_app(Settings(work_dir=tmp_path / "work"), parser=parser), base_url="http://127.0.0.1:8000")
        reply = client.post("/upload", files={"file": ("nq.txt", TARGETS.encode(), "text/plain")},
                            headers={"accept": "application/json"})
        data = client.get(reply.json()["url"] + "/ket-qua.json").json()
        return [(i["comparator"], i["value"]) for i in data["indicators"]]

    assert uploaded(nqparse.Parser(rules=[overlay]))[0] == (">=", 90.0)
    assert uploaded(None)[0] == ("=", 90.0)
