"""The review page: every extracted item highlighted in the text, checked in a real browser."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nqparse.render.html import Highlight, mark_text, to_html
from nqparse.schema import Resolution, Span
from tracking_sample import sample_resolution

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class Balance(HTMLParser):
    """Collects the text outside tags and checks that every <span> closes in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.worst = 0, [], 0

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "span"

    def handle_endtag(self, tag):
        self.depth -= tag == "span"
        self.worst = min(self.worst, self.depth)

    def handle_data(self, data):
        self.text.append(data)


def parse_marked(markup: str) -> Balance:
    b = Balance()
    b.feed(markup)
    b.close()
    return b


def all_spans(r: Resolution) -> list[tuple[str, str, Span]]:
    """(kind, data-id, span) of every item the page must highlight."""
    out = [("indicator", i.id, i.span) for i in r.indicators] + [("task", t.id, t.span) for t in r.tasks]
    out += [("goal", g.id, g.span) for g in r.goals]
    out += [("body", b.id, s) for b in r.bodies for s in b.mentions]
    for n, ref in enumerate(r.references, start=1):
        out += [("reference", f"ref-{n}", s) for s in {(s.start, s.end): s for s in [ref.span, *ref.mentions]}.values()]
    return out


# --- the marking, without a browser ---

def test_nested_marks_keep_the_text_once_and_in_order():
    text = "Ban Tuyên giáo chủ trì thực hiện Chỉ thị số 12-CT/TU."
    marks = [Highlight(0, len(text) - 1, "task", "t1", ""), Highlight(0, 14, "body", "b1", ""),
             Highlight(33, 52, "reference", "ref-1", "")]
    out = parse_marked(str(mark_text(text, marks)))
    assert "".join(out.text) == text
    assert out.depth == 0 and out.worst == 0


def test_crossing_marks_are_split_into_pieces_of_the_same_item():
    text = "abcdefghijklmnopqrstuvwxyz"
    markup = str(mark_text(text, [Highlight(2, 12, "indicator", "A", ""), Highlight(8, 20, "task", "B", "")]))
    out = parse_marked(markup)
    assert "".join(out.text) == text and out.depth == 0
    pieces = re.findall(r'data-id="B"[^>]*data-span="8-20"', markup)
    assert len(pieces) == 2  # "ijkl" inside A, then "mnopqrst" after it
    assert 'data-cont="1"' in markup


def test_every_document_string_is_escaped():
    page = to_html(sample_resolution())
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the page's own script, nothing from the document


def test_page_is_self_contained():
    page = to_html(sample_resolution(), xref_url=lambda code: f"/xref/{code}")
    assert not re.search(r'<(link|img|iframe)\b', page)
    assert not re.search(r'\bsrc=', page)
    assert not re.search(r'(href|url\()\s*=?\s*["\']?https?:', page)
    assert 'href="/xref/12-CT/TU"' in page


def test_page_lists_items_warnings_and_metadata_in_vietnamese():
    page = to_html(sample_resolution())
    for label in ("Chỉ tiêu", "Nhiệm vụ", "Cơ quan", "Văn bản dẫn chiếu", "Cảnh báo", "qualitative_target",
                  "Đảng ủy Khối các cơ quan", "05/01/2024", "Chỉ tiêu định tính"):
        assert label in page
    assert page.count('class="item item-') == 4 + 3 + 4 + 2


def test_a_span_outside_the_text_is_reported_not_highlighted():
    r = sample_resolution()
    r.tasks[0].span = Span(start=len(r.text) - 3, end=len(r.text) + 40, quote="bogus")
    page = to_html(r)
    assert f'data-id="{r.tasks[0].id}" data-kind="task"' not in page.split("<aside")[0]


# --- in a real browser ---

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip) is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


PIECES_JS = """() => {
  const out = {};
  document.querySelectorAll('#text .hl').forEach(el => {
    const key = el.dataset.kind + '|' + el.dataset.id + '|' + el.dataset.span;
    out[key] = (out[key] || '') + el.textContent;
  });
  return {pieces: out, text: document.getElementById('text').textContent};
}"""


def check_in_browser(browser, resolution: Resolution, tmp_path: Path) -> dict:
    page_file = tmp_path / "review.html"
    page_file.write_text(to_html(resolution), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: errors.append(req.url) if not req.url.startswith("file:") else None)
    page.goto(page_file.as_uri())
    seen = page.evaluate(PIECES_JS)
    assert seen["text"] == resolution.text, "the page must show the normalized text exactly once"
    expected = all_spans(resolution)
    for kind, item_id, span in expected:
        key = f"{kind}|{item_id}|{span.start}-{span.end}"
        assert seen["pieces"].get(key) == span.quote, key
    assert len(seen["pieces"]) == len({(k, i, s.start, s.end) for k, i, s in expected})
    page.click("button[data-sort=kind]")
    kinds = page.eval_on_selector_all("#items .item", "rows => rows.map(r => r.dataset.kind)")
    assert kinds == sorted(kinds, key=["indicator", "task", "goal", "body", "reference"].index)
    page.close()
    assert errors == [], errors
    return seen


@pytest.mark.slow
def test_sample_highlights_equal_their_quotes_in_chromium(browser, tmp_path):
    check_in_browser(browser, sample_resolution(), tmp_path)


@pytest.mark.slow
def test_seed_highlights_equal_their_quotes_in_chromium(browser, seed_resolution, tmp_path):
    seen = check_in_browser(browser, seed_resolution, tmp_path)
    assert sum(k.startswith("indicator|") for k in seen["pieces"]) >= 16
    assert any(k.startswith("task|") for k in seen["pieces"])
    assert any(k.startswith("reference|") for k in seen["pieces"])


# --- tables ---

def _table_plan():
    import nqparse
    from test_assignments import _docx, _task_table

    return nqparse.parse(_docx(_task_table), filename="ke-hoach-phu-luc.docx")


def test_a_task_table_is_shown_as_a_table_with_its_merged_cells():
    r = _table_plan()
    page = to_html(r)
    body = page.split('<article id="text"', 1)[1].split("</article>", 1)[0]
    assert body.count('<table class="doc-table"') == 1 and 'rowspan="3"' in body and 'colspan="5"' in body
    marked = parse_marked(body.split(">", 1)[1])
    assert "".join(marked.text) == r.text, "the page shows the normalized text exactly once, tables included"
    assert marked.depth == 0 and marked.worst >= 0


def test_each_row_that_gave_a_task_links_to_it():
    r = _table_plan()
    page = to_html(r)
    for task in (t for t in r.tasks if t.source.value == "table"):
        assert re.search(r'<tr class="item-row" data-items="[^"]*' + re.escape(task.id), page)


@pytest.mark.slow
def test_table_highlights_equal_their_quotes_in_chromium(browser, tmp_path):
    check_in_browser(browser, _table_plan(), tmp_path)
