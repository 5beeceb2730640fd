"""The local web app, endpoint by endpoint (FastAPI TestClient): what a person sees and downloads.

Real documents first: the seed resolution is uploaded once per module and reviewed; the limits
(size, random bytes, a scanned PDF, a document holding ``<script>``) each give a plain
Vietnamese message and never a traceback.
"""
from __future__ import annotations

import asyncio
import io
import json
import re
import stat
import zipfile
from pathlib import Path

import pytest

from conftest import SEED, SHARED_CORPUS, need_shared_corpus

pytest.importorskip("fastapi")
pytest.importorskip("python_multipart")
from fastapi.testclient import TestClient  # noqa: E402

from nqparse.web.app import create_app  # noqa: E402
from nqparse.web.settings import MB, Settings, from_env  # noqa: E402
from nqparse.web.uploads import UploadTooLarge, receive_file  # noqa: E402

JSON = {"accept": "application/json"}
LOCAL = "http://127.0.0.1:8000"  # the app answers only the names it is reached by (see test_web_hardening.py)
SCANNED_PDF = SHARED_CORPUS / "pdf" / "B09_nq12-2025-hdnd-hanoi_VanBanGoc_scan.pdf"

# A fictitious directive written for these tests (not a real document): its number is the one
# the seed cites, so an index holding both links them.
DIRECTIVE_12 = """BAN CHẤP HÀNH ĐẢNG BỘ TỈNH TRÀ VINH
*
Số 12-CT/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Trà Vinh, ngày 28 tháng 10 năm 2021

CHỈ THỊ
của Ban Thường vụ Tỉnh ủy về đẩy mạnh cải cách hành chính trong các cơ quan, tổ chức giai đoạn 2021 - 2025

1. Các cấp ủy, tổ chức đảng rà soát thủ tục hành chính trong quý I năm 2022.

2. Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện Chỉ thị này.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn Mẫu
"""


def client_for(tmp_path: Path, **values) -> TestClient:
    settings = Settings(work_dir=tmp_path / "work", **values)
    return TestClient(create_app(settings), base_url=LOCAL)


def job_folders(client: TestClient) -> list[Path]:
    root = client.app.state.workspace.root
    return [p for p in root.iterdir() if p.is_dir()]


def upload(client: TestClient, name: str, data: bytes, **kw):
    return client.post("/upload", files={"file": (name, data, "application/octet-stream")}, **kw)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A client with the seed uploaded once (through the form, as a browser without script does)."""
    need_shared_corpus()
    if not SEED.is_file():
        pytest.skip(f"seed resolution not available: {SEED}")
    client = client_for(tmp_path_factory.mktemp("web"))
    reply = upload(client, SEED.name, SEED.read_bytes(), follow_redirects=False)
    assert reply.status_code == 303, reply.text
    url = reply.headers["location"]
    assert re.fullmatch(r"/r/[0-9a-f]{32}", url)
    return client, url


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


# --- the start page -----------------------------------------------------------------

def test_start_page_is_vietnamese_offline_and_script_free_inline(tmp_path):
    client = client_for(tmp_path)
    page = client.get("/")
    assert page.status_code == 200
    assert "Kéo thả tệp vào đây" in page.text and 'lang="vi"' in page.text
    assert "tối đa 20 MB" in page.text
    # every asset is local, every script is a file (the CSP forbids inline script)
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


# --- uploading and reviewing the seed -----------------------------------------------

def test_seed_review_page_shows_its_metadata_targets_and_highlighted_citation(seeded):
    client, url = seeded
    page = client.get(url)
    assert page.status_code == 200
    html = page.text
    assert "03-NQ/ĐUK" in html
    rows = re.findall(r'<tr data-kind="indicator".*?</tr>', html, re.S)
    main_targets = [r for r in rows if re.search(r'data-section="I\.2[."]', r)]
    numeric = [r for r in main_targets if "<dt>Giá trị</dt>" in r]
    assert len(numeric) == 16, "the seed's 16 numeric targets under I.2 'Các chỉ tiêu chủ yếu'"
    citation = re.search(r'<span class="hl hl-reference"[^>]*>(?:(?!</span>).)*12-CT/TU', html, re.S)
    assert citation, "the citation 12-CT/TU is not highlighted"
    assert ("Cần kiểm tra" in html) == bool(client.get(url + "/ket-qua.json").json()["warnings"])
    assert 'id="units-table"' in html and "theo-doi.xlsx" in html


def test_seed_panel_sorts_by_kind_on_the_server_too(seeded):
    client, url = seeded
    kinds = re.findall(r'<tr data-kind="(\w+)"', client.get(url + "?sort=kind").text)
    order = ["indicator", "task", "goal", "body", "reference"]
    ranks = [order.index(k) for k in kinds]
    assert ranks == sorted(ranks) and len(set(kinds)) >= 3


def test_upload_answering_a_script_gets_json_with_the_review_address(tmp_path):
    client = client_for(tmp_path)
    reply = upload(client, "nghi-quyet.txt", "NGHỊ QUYẾT\nPhấn đấu 100% đảng viên học tập.\n".encode(), headers=JSON)
    assert reply.status_code == 200
    assert re.fullmatch(r"/r/[0-9a-f]{32}", reply.json()["url"])


def test_json_download_is_the_public_contract(seeded):
    client, url = seeded
    reply = client.get(url + "/ket-qua.json")
    assert reply.status_code == 200
    assert reply.headers["content-disposition"].startswith("attachment;")
    data = json.loads(reply.content)
    assert data["metadata"]["code"] == "03-NQ/ĐUK"
    assert {"metadata", "outline", "indicators", "tasks", "bodies", "references", "warnings"} <= data.keys()


def test_workbook_download_opens_with_the_targets(seeded):
    openpyxl = pytest.importorskip("openpyxl")
    client, url = seeded
    reply = client.get(url + "/theo-doi.xlsx")
    assert reply.status_code == 200
    assert "03-NQ-%C4%90UK-theo-doi.xlsx" in reply.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(reply.content))
    assert {"Chỉ tiêu", "Nhiệm vụ"} <= set(book.sheetnames)
    text = " ".join(str(c.value) for row in book["Chỉ tiêu"].iter_rows() for c in row if c.value is not None)
    assert "90" in text and "tổ chức cơ sở đảng" in text


# --- the units list and the plans ---------------------------------------------------

def test_units_table_saved_then_plans_zip_holds_one_docx_per_unit(seeded):
    docx = pytest.importorskip("docx")
    client, url = seeded
    table = {"name": ["Chi bộ Sở Tư pháp", "Đảng bộ Công ty Điện lực", ""],
             "kind": ["chi bộ", "đảng bộ cơ sở", ""], "symbol": ["CB", "", ""], "secretary": ["Trần Thị Bình", "", ""]}
    saved = client.post(url + "/don-vi", data=table, follow_redirects=False)
    assert saved.status_code == 303 and "saved=2" in saved.headers["location"]
    page = client.get(saved.headers["location"]).text
    assert "Đã lưu danh sách 2 đơn vị." in page and 'value="Trần Thị Bình"' in page
    reply = client.get(url + "/ke-hoach.zip")
    assert reply.status_code == 200 and reply.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(reply.content))
    plans = [n for n in archive.namelist() if n.endswith(".docx")]
    assert len(plans) == 2
    for name, unit in zip(sorted(plans), sorted(["Chi bộ Sở Tư pháp", "Đảng bộ Công ty Điện lực"])):
        document = docx.Document(io.BytesIO(archive.read(name)))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "03-NQ/ĐUK" in text
    every = "\n".join(
        p.text for n in plans for p in docx.Document(io.BytesIO(archive.read(n))).paragraphs
    ) + "".join(c.text for n in plans for t in docx.Document(io.BytesIO(archive.read(n))).tables
                for r in t.rows for c in r.cells)
    assert "Sở Tư pháp".upper() in every.upper() and "Công ty Điện lực".upper() in every.upper()


def test_units_table_rejects_a_row_without_kind_and_an_unknown_kind(seeded):
    client, url = seeded
    missing = client.post(url + "/don-vi", data={"name": ["Chi bộ A"], "kind": [""]})
    assert missing.status_code == 400 and "Dòng 1: cần ghi cả tên và loại đơn vị." in missing.text
    unknown = client.post(url + "/don-vi", data={"name": ["Chi bộ A"], "kind": ["hợp tác xã"]})
    assert unknown.status_code == 400 and "Dòng 1 (Chi bộ A)" in unknown.text
    no_traceback(unknown.text)


def test_units_file_upload_csv_and_a_bad_one(seeded):
    client, url = seeded
    csv = "name,kind,symbol,secretary\nChi bộ Văn phòng,chi bộ,CB,Lê Văn C\n".encode("utf-8")
    ok = client.post(url + "/don-vi/tep", files={"units": ("don-vi.csv", csv, "text/csv")}, follow_redirects=False)
    assert ok.status_code == 303 and "saved=1" in ok.headers["location"]
    assert 'value="Chi bộ Văn phòng"' in client.get(url).text
    bad = client.post(url + "/don-vi/tep", files={"units": ("don-vi.csv", b"ten,loai\nA,B\n", "text/csv")})
    assert bad.status_code == 400 and "Danh sách đơn vị không hợp lệ" in bad.text
    wrong = client.post(url + "/don-vi/tep", files={"units": ("don-vi.exe", b"MZ", "application/octet-stream")})
    assert wrong.status_code == 400 and ".csv, .xlsx hoặc .yaml" in wrong.text


def test_plans_without_a_units_list_say_what_to_do(tmp_path):
    need_shared_corpus()
    client = client_for(tmp_path)
    url = upload(client, SEED.name, SEED.read_bytes(), headers=JSON).json()["url"]
    reply = client.get(url + "/ke-hoach.zip")
    assert reply.status_code == 400 and "Chưa có danh sách đơn vị" in reply.text


# --- limits and bad input -----------------------------------------------------------

def test_too_large_upload_is_refused_in_vietnamese_and_leaves_nothing(tmp_path):
    client = client_for(tmp_path, max_upload_bytes=1000)
    reply = upload(client, "to.txt", b"a" * 5000, headers=JSON)
    assert reply.status_code == 413
    assert reply.json()["error"] == "Tệp quá lớn: giới hạn là 0.000953674 MB." or "Tệp quá lớn" in reply.json()["error"]
    page = upload(client, "to.txt", b"a" * 5000)
    assert page.status_code == 413 and "Tệp quá lớn" in page.text
    assert job_folders(client) == []


def test_size_limit_is_checked_while_streaming_not_after_reading_everything(tmp_path):
    boundary = "XyZ"
    consumed = []

    async def body():
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n").encode()
        for n in range(1000):  # 64 MB if it were all read
            consumed.append(n)
            yield b"x" * 65536

    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    dest = tmp_path / "source"
    with pytest.raises(UploadTooLarge):
        asyncio.run(receive_file(headers, body(), file_field="file", dest=dest, limit=MB))
    assert len(consumed) <= MB // 65536 + 1
    assert not dest.exists()


def test_declared_length_over_the_limit_is_refused_before_reading(tmp_path):
    async def body():
        raise AssertionError("the body must not be read")
        yield b""  # pragma: no cover

    headers = {"content-type": "multipart/form-data; boundary=b", "content-length": str(50 * MB)}
    with pytest.raises(UploadTooLarge):
        asyncio.run(receive_file(headers, body(), file_field="file", dest=tmp_path / "f", limit=20 * MB))


def test_random_bytes_give_a_readable_error(tmp_path):
    client = client_for(tmp_path)
    noise = bytes((n * 7919 + 13) % 256 for n in range(4096))
    for name in ("tai-lieu.docx", "tai-lieu.pdf", "tai-lieu.bin"):
        reply = upload(client, name, noise, headers=JSON)
        assert reply.status_code == 400, (name, reply.text)
        message = reply.json()["error"]
        assert message.startswith(("Tệp bị hỏng", "Định dạng tệp không được hỗ trợ")), message
        no_traceback(reply.text)
    page = upload(client, "tai-lieu.docx", noise)
    assert page.status_code == 400 and "Tệp bị hỏng hoặc không đúng định dạng" in page.text
    assert job_folders(client) == []


def test_empty_form_and_empty_file(tmp_path):
    client = client_for(tmp_path)
    reply = client.post("/upload", files={"ghi-chu": (None, "1")}, headers=JSON)
    assert reply.status_code == 400 and reply.json()["error"] == "Chưa chọn tệp nào để tải lên."
    empty = upload(client, "rong.txt", b"", headers=JSON)
    assert empty.status_code == 400 and empty.json()["error"]
    no_traceback(empty.text)


def test_a_scan_without_tesseract_on_the_server_says_what_to_install(tmp_path, monkeypatch):
    need_shared_corpus()
    if not SCANNED_PDF.is_file():
        pytest.skip(f"scanned PDF sample not available: {SCANNED_PDF}")
    monkeypatch.setenv("NQPARSE_TESSERACT", str(tmp_path / "no-such-tesseract"))
    client = client_for(tmp_path)
    reply = upload(client, SCANNED_PDF.name, SCANNED_PDF.read_bytes(), headers=JSON)
    assert reply.status_code == 400, reply.text
    assert "tesseract-ocr tesseract-ocr-vie" in reply.json()["error"]


def docx_with(*paragraphs: str) -> bytes:
    """A small .docx made here (python-docx) holding the given paragraphs."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def hostile_docx() -> bytes:
    return docx_with("NGHỊ QUYẾT", "về thử nghiệm <b>đậm</b>",
                     "1. Phấn đấu 100% đảng viên <script>alert(1)</script> học tập Chỉ thị số 05-CT/TW.")


def test_script_in_a_document_and_its_name_is_shown_as_text(tmp_path):
    client = client_for(tmp_path)
    reply = client.post("/upload", files={"file": ("<img src=x onerror=alert(2)>.docx", hostile_docx(), "application/octet-stream")})
    assert reply.status_code == 200, reply.text
    html = reply.text
    assert "<script>alert" not in html and "<b>đậm</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;đậm&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;.docx" in html and "<img" not in html


# --- the job folders ----------------------------------------------------------------

def test_uploads_live_in_private_folders_under_random_ids(tmp_path):
    client = client_for(tmp_path)
    reply = upload(client, "../../../ra-ngoai.txt", "NGHỊ QUYẾT\nNội dung.\n".encode(), headers=JSON)
    assert reply.status_code == 200
    root = client.app.state.workspace.root
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    [folder] = job_folders(client)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "source").stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "resolution.json", "source"]
    assert not list(tmp_path.rglob("ra-ngoai.txt"))
    assert "ra-ngoai.txt" in client.get(reply.json()["url"]).text  # the name is only a label


def test_results_are_deleted_after_the_retention_time(tmp_path):
    client = client_for(tmp_path, retention_seconds=60)
    url = upload(client, "a.txt", "NGHỊ QUYẾT\nNội dung.\n".encode(), headers=JSON).json()["url"]
    assert client.get(url).status_code == 200
    workspace = client.app.state.workspace
    import time

    assert workspace.sweep(now=time.time() + 61, force=True) == 1
    assert job_folders(client) == []
    gone = client.get(url)
    assert gone.status_code == 404 and "Kết quả này không còn" in gone.text


def test_unknown_or_malformed_job_ids_are_not_found(tmp_path):
    client = client_for(tmp_path)
    for path in ("/r/" + "0" * 32, "/r/..%2F..%2Fetc", "/r/abc/theo-doi.xlsx", "/r/" + "f" * 32 + "/ket-qua.json",
                 "/r/" + "a" * 32 + "/ke-hoach.zip"):
        reply = client.get(path)
        assert reply.status_code == 404, path
    assert client.post("/r/" + "0" * 32 + "/don-vi", data={"name": "A", "kind": "chi bộ"}).status_code == 404


# --- settings -----------------------------------------------------------------------

def test_settings_from_environment_and_flags(tmp_path):
    settings = from_env({"NQPARSE_MAX_UPLOAD_MB": "5", "NQPARSE_RETENTION_MINUTES": "2",
                         "NQPARSE_DB": str(tmp_path / "kho.sqlite"), "NQPARSE_WORK_DIR": str(tmp_path / "w")})
    assert settings.max_upload_bytes == 5 * MB and settings.retention_seconds == 120
    assert settings.db_path == tmp_path / "kho.sqlite" and settings.work_dir == tmp_path / "w"
    assert from_env({}).max_upload_bytes == 20 * MB
    assert settings.with_overrides(max_upload_bytes=MB, db_path=None).max_upload_bytes == MB
    with pytest.raises(ValueError, match="NQPARSE_MAX_UPLOAD_MB"):
        from_env({"NQPARSE_MAX_UPLOAD_MB": "nhiều"})


def test_serve_command_is_registered_and_documents_its_flags():
    from typer.testing import CliRunner

    from nqparse.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for flag in ("--host", "--port", "--db", "--max-upload-mb"):
        assert flag in result.output


# --- the corpus pages ---------------------------------------------------------------

def test_corpus_page_without_an_index_explains_how_to_make_one(tmp_path):
    client = client_for(tmp_path)
    page = client.get("/kho")
    assert page.status_code == 200 and "nqparse index" in page.text
    assert client.get("/kho/van-ban", params={"code": "12-CT/TU"}).status_code == 404


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """An index of the seed and a fictitious 12-CT/TU, and an app reading it."""
    need_shared_corpus()
    index = pytest.importorskip("nqparse.corpus.index")
    folder = tmp_path_factory.mktemp("kho")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "ct12.txt").write_text(DIRECTIVE_12, encoding="utf-8")
    (docs / SEED.name).write_bytes(SEED.read_bytes())
    db = folder / "kho.sqlite"
    index.index_paths([docs], db, jobs=1, progress=False)
    return client_for(folder, db_path=db)


def test_corpus_lists_documents_and_searches_the_full_text(indexed):
    page = indexed.get("/kho")
    assert page.status_code == 200
    assert "03-NQ/ĐUK" in page.text and "12-CT/TU" in page.text
    found = indexed.get("/kho", params={"q": "cải cách hành chính"})
    assert found.status_code == 200
    assert re.search(r"<mark>cải cách hành chính</mark>", found.text, re.I)
    odd = indexed.get("/kho", params={"q": '"<script>'})
    assert odd.status_code == 200 and "<script>" not in odd.text.split("</header>", 1)[1]


def test_corpus_document_shows_what_it_cites_and_what_cites_it(indexed):
    pytest.importorskip("nqparse.corpus.xref")
    cited = indexed.get("/kho/van-ban", params={"code": "12-CT/TU"})
    assert cited.status_code == 200
    cited_by = cited.text.split('id="cited-by"', 1)[1]
    assert "03-NQ/ĐUK" in cited_by
    citing = indexed.get("/kho/van-ban", params={"code": "03-NQ/ĐUK"})
    assert "/kho/van-ban?code=12-CT%2FTU" in citing.text.split('id="cites"', 1)[1]


def test_review_links_a_citation_to_the_corpus_when_it_is_indexed(indexed):
    reply = upload(indexed, SEED.name, SEED.read_bytes(), headers=JSON)
    page = indexed.get(reply.json()["url"]).text
    assert 'class="xref" href="/kho/van-ban?code=12-CT%2FTU"' in page


# --- laying the marked text out -----------------------------------------------------

def test_marked_text_is_cut_into_paragraphs_without_losing_a_character():
    from markupsafe import Markup

    from nqparse.web.layout import paragraphs

    marked = Markup('A &lt;b&gt; <span class="hl" data-id="x">one\ntwo <span class="hl" data-id="y">x</span></span>'
                    ' &amp; three\n\nfour')
    laid = str(paragraphs(marked, headings={0}))
    assert laid.count("<p") == 3 and laid.startswith('<p class="heading">A &lt;b&gt; ')
    for para in re.findall(r"<p[^>]*>(.*?)</p>", laid):
        assert para.count("<span") == para.count("</span>")
    assert '<span class="hl" data-id="x" data-cont="1">two ' in laid
    text = re.sub(r"<[^>]+>", "", laid)
    assert text.replace("\n", "") == "A &lt;b&gt; onetwo x &amp; threefour"


def test_the_fresh_temp_folder_is_removed_when_the_server_stops():
    with TestClient(create_app(Settings()), base_url=LOCAL) as client:
        root = client.app.state.workspace.root
        assert upload(client, "a.txt", "NGHỊ QUYẾT\nNội dung.\n".encode(), headers=JSON).status_code == 200
        assert root.is_dir() and any(root.iterdir())
    assert not root.exists()


def test_nqparse_serve_prints_its_address_and_answers(tmp_path):
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-c", "from nqparse.cli import main; main()", "serve", "--port", str(port),
               "--max-upload-mb", "3", "--work-dir", str(tmp_path / "work")]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                import time

                time.sleep(0.1)
        else:
            pytest.fail("nqparse serve did not answer")
        assert "tối đa 3 MB" in page
        assert stat.S_IMODE((tmp_path / "work").stat().st_mode) == 0o700
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_unknown_pages_and_bad_requests_answer_in_vietnamese(tmp_path):
    client = client_for(tmp_path)
    missing = client.get("/khong-co")
    assert missing.status_code == 404 and "Không có trang này." in missing.text
    wrong_method = client.get("/upload")
    assert wrong_method.status_code == 405 and "không nhận yêu cầu" in wrong_method.text
    assert 'lang="vi"' in wrong_method.text and missing.headers["content-security-policy"]


def test_an_internal_failure_is_a_plain_message_not_a_traceback(tmp_path):
    client = client_for(tmp_path)
    url = upload(client, "a.txt", "NGHỊ QUYẾT\nNội dung.\n".encode(), headers=JSON).json()["url"]
    [folder] = job_folders(client)
    (folder / "resolution.json").write_text("{không phải json", encoding="utf-8")
    quiet = TestClient(client.app, raise_server_exceptions=False, base_url=LOCAL)
    reply = quiet.get(url)
    assert reply.status_code == 500
    assert "Đã xảy ra lỗi khi xử lý tệp" in reply.text
    no_traceback(reply.text)


def test_suggested_units_are_offered_and_can_be_saved_as_shown(tmp_path):
    import html as html_lib

    need_shared_corpus()
    client = client_for(tmp_path)
    url = upload(client, SEED.name, SEED.read_bytes(), headers=JSON).json()["url"]
    page = client.get(url).text
    assert "Gợi ý các đơn vị văn bản gửi tới hoặc giao nhiệm vụ" in page
    shown = {k: [html_lib.unescape(v) for v in re.findall(rf'<input name="{k}" value="([^"]*)"', page)]
             for k in ("name", "kind", "symbol", "secretary")}
    assert "Ban Tuyên giáo Đảng ủy Khối" in shown["name"]
    # a collective ("Các chi bộ, đảng bộ cơ sở") is never offered as one unit, nor a junk kind
    assert not any(name.lower().startswith("các ") for name in shown["name"])
    assert "mỗi đơn vị một dòng" not in html_lib.unescape(page)
    saved = client.post(url + "/don-vi", data=shown, follow_redirects=False)
    assert saved.status_code == 303
    archive = zipfile.ZipFile(io.BytesIO(client.get(url + "/ke-hoach.zip").content))
    assert len([n for n in archive.namelist() if n.endswith(".docx")]) == len(shown["name"])


def test_expired_results_are_swept_without_any_request(tmp_path):
    import time

    settings = Settings(work_dir=tmp_path / "work", retention_seconds=0.2, sweep_interval_seconds=0.1)
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        upload(client, "a.txt", "NGHỊ QUYẾT\nNội dung.\n".encode(), headers=JSON)
        deadline = time.monotonic() + 5
        while job_folders(client) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job_folders(client) == []
