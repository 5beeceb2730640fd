"""The web app driven in a real headless browser (Debian's Chromium through Playwright).

What a person does: open the page, pick the seed resolution, see its targets and the cited
directive 12-CT/TU highlighted, download the workbook, fill a two-unit table and download the
plans; pick a broken file and read the error; open a document holding ``<script>`` and see
nothing run. Screenshots of the review page go to ``output/`` for a person to look at.
"""
from __future__ import annotations

import io
import re
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEED, need_shared_corpus
from test_web_api import DIRECTIVE_12, hostile_docx

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = ROOT / "output"
LAPTOP = {"width": 1366, "height": 900}

pytestmark = pytest.mark.slow

if not CHROMIUM.is_file():
    pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium chromium-driver)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
uvicorn = pytest.importorskip("uvicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free localhost port, with a corpus index holding a (fictitious) 12-CT/TU."""
    from nqparse.web.app import create_app
    from nqparse.web.settings import Settings

    folder = tmp_path_factory.mktemp("browser")
    db = None
    try:
        from nqparse.corpus.index import index_paths
    except ImportError:
        pass
    else:
        (folder / "docs").mkdir()
        (folder / "docs" / "ct12.txt").write_text(DIRECTIVE_12, encoding="utf-8")
        db = folder / "kho.sqlite"
        index_paths([folder / "docs"], db, jobs=1, progress=False)
    app = create_app(Settings(work_dir=folder / "work", db_path=db))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh tab; any console error (a CSP violation, a script error) fails the test."""
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20000)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    expected = [e for e in errors if "status of 400" not in e and "status of 413" not in e]
    assert expected == [], expected


def upload_file(page, server: str, name: str, data: bytes) -> None:
    page.goto(server + "/")
    page.set_input_files("#file", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}])


@pytest.fixture(scope="module")
def seed_review(browser, server):
    """The seed uploaded once through the page (the picker); the review page's address."""
    need_shared_corpus()
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    upload_file(page, server, SEED.name, SEED.read_bytes())
    page.wait_for_url(re.compile(r"/r/[0-9a-f]{32}$"), timeout=30000)
    url = page.url
    context.close()
    return url


def test_seed_review_shows_16_targets_and_highlights_12_ct_tu(page, seed_review):
    page.goto(seed_review)
    assert "03-NQ/ĐUK" in page.locator("h1").inner_text()
    valued = page.locator("#items tr[data-kind=indicator]").filter(has=page.locator("dt", has_text="Giá trị"))
    sections = valued.evaluate_all("rows => rows.map(r => r.dataset.section)")
    assert len([s for s in sections if re.match(r"I\.2[.]", s)]) == 16
    citation = page.locator("#doc-text .hl-reference", has_text="12-CT/TU").first
    citation.scroll_into_view_if_needed()
    assert citation.is_visible()
    background = citation.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    OUTPUT.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(OUTPUT / "review-seed.png"))
    page.screenshot(path=str(OUTPUT / "review-seed-full.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(OUTPUT / "review-seed-print.png"))
    assert page.locator("#don-vi").is_hidden() and page.locator("header.site").is_hidden()


def test_panel_sorts_by_kind_and_jumps_to_the_text(page, seed_review):
    page.goto(seed_review)
    page.click(".sorter[data-sort=kind]")
    kinds = page.locator("#items tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    order = ["indicator", "task", "goal", "body", "reference"]
    assert [order.index(k) for k in kinds] == sorted(order.index(k) for k in kinds)
    assert "?sort" not in page.url  # sorted in the page, no reload
    page.click(".sorter[data-sort=position]")
    positions = page.locator("#items tbody tr").evaluate_all("rows => rows.map(r => Number(r.dataset.position))")
    assert positions == sorted(positions)
    row = page.locator("#items tr[data-kind=reference]", has_text="12-CT/TU").first
    row.locator("a.jump").click()
    flashed = page.locator("#doc-text .hl.flash").first
    assert "12-CT/TU" in flashed.inner_text()


def test_cited_document_in_the_corpus_opens_its_cross_reference_view(page, seed_review):
    page.goto(seed_review)
    link = page.locator("#items tr[data-kind=reference]", has_text="12-CT/TU").locator("a.xref")
    if link.count() == 0:
        pytest.skip("no corpus index in this build (nqparse.corpus.index absent)")
    link.first.click()
    page.wait_for_url(re.compile(r"/kho/van-ban\?code=12-CT%2FTU"))
    assert "12-CT/TU" in page.locator("h1").inner_text()
    page.screenshot(path=str(OUTPUT / "corpus-12-ct-tu.png"))
    page.goto(page.url.split("/kho")[0] + "/kho?q=thủ tục hành chính")
    assert page.locator(".hits li").count() >= 1
    assert "thủ tục hành chính" in page.locator(".hits mark").first.inner_text().lower()
    page.screenshot(path=str(OUTPUT / "corpus-search.png"))


def test_workbook_download_holds_the_targets(page, seed_review, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    page.goto(seed_review)
    with page.expect_download() as info:
        page.click("#download-xlsx")
    download = info.value
    assert download.suggested_filename.endswith("-theo-doi.xlsx")
    path = tmp_path / "theo-doi.xlsx"
    download.save_as(path)
    sheet = openpyxl.load_workbook(path)["Chỉ tiêu"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for value in ("90", "99", "140", "150"):
        assert value in text


def test_two_units_typed_in_the_table_give_two_plans(page, seed_review, tmp_path):
    docx = pytest.importorskip("docx")
    page.goto(seed_review)
    units = [("Chi bộ Trường Chính trị", "chi bộ", "CB", "Phạm Văn Dũng"),
             ("Đảng bộ Công ty Cấp thoát nước", "đảng bộ cơ sở", "ĐU", "Lê Thị Hoa")]
    rows = page.locator("#units-table tbody tr")
    for n in range(rows.count()):
        for field in ("name", "kind", "symbol", "secretary"):
            rows.nth(n).locator(f"input[name={field}]").fill("")
    for n, unit in enumerate(units):
        if n >= rows.count():
            page.click("#add-row")
        for field, value in zip(("name", "kind", "symbol", "secretary"), unit):
            rows.nth(n).locator(f"input[name={field}]").fill(value)
    page.click("#save-units")
    page.wait_for_selector("p.notice")
    assert "Đã lưu danh sách 2 đơn vị." in page.locator("p.notice").inner_text()
    with page.expect_download() as info:
        page.click("#download-plans")
    path = tmp_path / "ke-hoach.zip"
    info.value.save_as(path)
    archive = zipfile.ZipFile(path)
    plans = sorted(n for n in archive.namelist() if n.endswith(".docx"))
    assert len(plans) == 2
    texts = []
    for name in plans:
        document = docx.Document(io.BytesIO(archive.read(name)))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        texts.append("\n".join([p.text for p in document.paragraphs] + cells))
    joined = "\n".join(texts).upper()
    assert "TRƯỜNG CHÍNH TRỊ" in joined and "CÔNG TY CẤP THOÁT NƯỚC" in joined
    assert all("03-NQ/ĐUK" in t for t in texts)


def test_random_bytes_show_a_readable_error_on_the_page(page, server):
    noise = bytes((n * 7919 + 13) % 256 for n in range(8192))
    upload_file(page, server, "hong.docx", noise)
    error = page.locator("#upload-error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("Tệp bị hỏng hoặc không đúng định dạng")
    assert page.url == server + "/"
    assert "Traceback" not in page.content()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "upload-error.png"))


def test_progress_shows_while_the_upload_is_on_its_way(page, server):
    held = []
    page.route("**/upload", lambda route: held.append(route))
    upload_file(page, server, "ngan.txt", "NGHỊ QUYẾT\nPhấn đấu 100% đảng viên được học tập.\n".encode())
    page.locator("#progress").wait_for(state="visible")
    assert page.locator("#progress-text").inner_text().startswith("Đang tải lên")
    assert page.locator("#upload-form button[type=submit]").is_disabled()
    page.wait_for_timeout(100)
    held[0].continue_()
    page.wait_for_url(re.compile(r"/r/[0-9a-f]{32}$"))


def test_a_file_over_the_limit_is_refused_before_sending(page, server):
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    page.goto(server + "/")
    page.evaluate("""() => {  // made inside the page: 20 MB through the driver would be slow
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(20 * 1024 * 1024 + 1)], "lon.txt", {type: "text/plain"}));
        document.getElementById("upload-form").dispatchEvent(
            new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""")
    error = page.locator("#upload-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "Tệp quá lớn: giới hạn là 20 MB."
    assert sent == []


def test_dropped_file_is_uploaded_too(page, server):
    page.goto(server + "/")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["NGHỊ QUYẾT\\nPhấn đấu 100% đảng viên được học tập.\\n"], "tha.txt", {type: "text/plain"}));
        const zone = document.getElementById("upload-form");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""")
    page.wait_for_url(re.compile(r"/r/[0-9a-f]{32}$"))
    assert "tha.txt" in page.locator(".kicker").inner_text()


def test_document_with_a_script_runs_nothing(page, server):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    upload_file(page, server, "<img src=x onerror=alert(2)>.docx", hostile_docx())
    page.wait_for_url(re.compile(r"/r/[0-9a-f]{32}$"))
    page.wait_for_load_state("load")
    time.sleep(0.3)
    assert dialogs == []
    assert "<script>alert(1)</script>" in page.locator("#doc-text").inner_text()
    scripts = page.locator("script").evaluate_all("s => s.map(e => e.getAttribute('src'))")
    assert scripts == ["/static/app.js"]
    assert page.locator("img").count() == 0
