"""The web app against a hostile page or client: requests it refuses, and work that stays whole.

A page on another site (or a DNS name rebound to 127.0.0.1) cannot read or post to the app; a
body is counted whole against the upload limit; a broken multipart body is a bad request; a
units file cannot multiply itself; parallel downloads of one result each get their own files;
the retention sweep cleans up after a crash and never removes a job still being parsed.
"""
from __future__ import annotations

import io
import json
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import SAMPLES

pytest.importorskip("fastapi")
pytest.importorskip("python_multipart")
from fastapi.testclient import TestClient  # noqa: E402

from nqparse.web import app as web_app  # noqa: E402
from nqparse.web.app import create_app  # noqa: E402
from nqparse.web.settings import MB, Settings, from_env  # noqa: E402
from nqparse.web.uploads import UploadMalformed, UploadTooLarge, receive_file  # noqa: E402

JSON = {"accept": "application/json"}
LOCAL = "http://127.0.0.1:8000"
SAMPLE = SAMPLES / "nq-chi-bo-mau-2026.txt"
RESOLUTION = "NGHỊ QUYẾT\n1. Phấn đấu 100% đảng viên học tập Nghị quyết.\n".encode()


def client_for(tmp_path: Path, **values) -> TestClient:
    return TestClient(create_app(Settings(work_dir=tmp_path / "work", **values)), base_url=LOCAL)


def job_folders(client: TestClient) -> list[Path]:
    return [p for p in client.app.state.workspace.root.iterdir() if p.is_dir()]


def upload(client: TestClient, name: str, data: bytes, **kw):
    return client.post("/upload", files={"file": (name, data, "text/plain")}, **kw)


def multipart(boundary: str, *parts: bytes, closed: bool = True) -> bytes:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary.encode() + b"--\r\n" if closed else b"")


def file_part(name: str, data: bytes) -> bytes:
    return f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode() + data


# --- who may ask: Host and Origin ---------------------------------------------------

def test_a_page_on_a_rebound_dns_name_cannot_read_the_corpus(tmp_path):
    client = client_for(tmp_path)
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", ""):
        reply = client.get("/kho", params={"q": "bí mật"}, headers={"host": host})
        assert reply.status_code == 400, host
        assert "bí mật" not in reply.text and 'lang="vi"' in reply.text
    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1"):
        assert client.get("/kho", headers={"host": host}).status_code == 200, host


def test_a_lan_deployment_names_its_host_names(tmp_path):
    client = client_for(tmp_path, allowed_hosts=("127.0.0.1", "localhost", "::1", "nqparse.vp.lan"))
    assert client.get("/", headers={"host": "nqparse.vp.lan:8000"}).status_code == 200
    assert client.get("/", headers={"host": "khac.vp.lan:8000"}).status_code == 400
    lan = Settings().serving("192.168.1.20", ["nqparse.vp.lan"])
    assert {"127.0.0.1", "localhost", "::1", "192.168.1.20", "nqparse.vp.lan"} <= set(lan.allowed_hosts)
    assert "0.0.0.0" not in Settings().serving("0.0.0.0", []).allowed_hosts
    assert from_env({"NQPARSE_ALLOWED_HOSTS": "a.lan, b.lan"}).allowed_hosts[-2:] == ("a.lan", "b.lan")


def test_serve_documents_the_allowed_host_flag():
    from typer.testing import CliRunner

    from nqparse.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--allowed-host" in result.output


def test_a_post_from_another_site_is_refused_and_leaves_nothing(tmp_path):
    client = client_for(tmp_path)
    for origin in ("http://evil.example", "http://127.0.0.1:9999", "null", "https://localhost.evil.example"):
        reply = upload(client, "a.txt", RESOLUTION, headers=JSON | {"origin": origin})
        assert reply.status_code == 403, origin
        assert "trang khác" in reply.json()["error"]
    assert job_folders(client) == []
    own = upload(client, "a.txt", RESOLUTION, headers=JSON | {"origin": LOCAL})
    assert own.status_code == 200, own.text
    url = own.json()["url"]
    table = {"name": ["Chi bộ A"], "kind": ["chi bộ"]}
    assert client.post(url + "/don-vi", data=table, headers={"origin": "http://evil.example"}).status_code == 403
    assert not (job_folders(client)[0] / "units.json").exists()
    assert client.post(url + "/don-vi", data=table, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    # a script-less client (curl) sends no Origin: accepted, the Host check still applies
    assert client.post(url + "/don-vi", data=table, follow_redirects=False).status_code == 303
    # a browser that hides the origin of the app's own form still says it is the same origin
    own_form = {"origin": "null", "sec-fetch-site": "same-origin"}
    assert client.post(url + "/don-vi", data=table, headers=own_form, follow_redirects=False).status_code == 303
    # and the app's pages ask browsers to name their origin on the app's own forms
    assert client.get("/").headers["referrer-policy"] == "same-origin"


# --- the size of a request ----------------------------------------------------------

def test_every_form_field_counts_toward_the_upload_limit(tmp_path):
    boundary = "XyZ"
    sent = []

    async def body():
        for n in range(5000):  # 300 MB of small fields if it were all read
            sent.append(n)
            yield multipart(boundary, f'Content-Disposition: form-data; name="f{n}"\r\n\r\n'.encode() + b"x" * 60000,
                            closed=False)

    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    with pytest.raises(UploadTooLarge):
        import asyncio

        asyncio.run(receive_file(headers, body(), file_field="file", dest=tmp_path / "f", limit=MB))
    assert len(sent) < 40


def test_a_streamed_body_of_small_fields_is_refused_by_the_app(tmp_path):
    client = client_for(tmp_path, max_upload_bytes=MB)
    boundary = "XyZ"

    def body():
        yield multipart(boundary, file_part("a.txt", RESOLUTION), closed=False)
        for n in range(200):  # 12 MB of fields of 60 KB, each under the per-field cap
            yield multipart(boundary, f'Content-Disposition: form-data; name="f{n}"\r\n\r\n'.encode() + b"x" * 60000,
                            closed=False)
        yield b"--" + boundary.encode() + b"--\r\n"

    reply = client.post("/upload", content=body(), headers=JSON | {"content-type": f"multipart/form-data; boundary={boundary}"})
    assert reply.status_code == 413 and "Tệp quá lớn" in reply.json()["error"]
    assert job_folders(client) == []


def test_a_body_without_its_closing_boundary_is_refused(tmp_path):
    client = client_for(tmp_path)
    body = multipart("XyZ", file_part("a.txt", RESOLUTION), closed=False)
    reply = client.post("/upload", content=body, headers=JSON | {"content-type": "multipart/form-data; boundary=XyZ"})
    assert reply.status_code == 400 and reply.json()["error"].startswith("Yêu cầu tải lên không hợp lệ")
    assert job_folders(client) == []


def test_a_boundary_of_70000_characters_is_a_bad_request_not_an_internal_error(tmp_path):
    client = client_for(tmp_path)
    boundary = "a" * 70000
    body = multipart(boundary, file_part("a.txt", RESOLUTION))
    reply = client.post("/upload", content=body, headers=JSON | {"content-type": f"multipart/form-data; boundary={boundary}"})
    assert reply.status_code == 400 and reply.json()["error"].startswith("Yêu cầu tải lên không hợp lệ")
    assert job_folders(client) == []


def test_a_truncated_units_file_upload_is_refused(tmp_path):
    client = client_for(tmp_path)
    url = upload(client, "a.txt", RESOLUTION, headers=JSON).json()["url"]
    part = b'Content-Disposition: form-data; name="units"; filename="d.csv"\r\n\r\nname,kind\nChi b\xe1\xbb\x99 A,chi b\xe1\xbb\x99\n'
    reply = client.post(url + "/don-vi/tep", content=multipart("B", part, closed=False),
                        headers={"content-type": "multipart/form-data; boundary=B"})
    assert reply.status_code == 400
    assert not (job_folders(client)[0] / "units.json").exists()


# --- units files that multiply ------------------------------------------------------

ALIAS_BOMB = """\
a: &a ["Sở Tư pháp tỉnh", "Sở Tư pháp tỉnh", "Sở Tư pháp tỉnh", "Sở Tư pháp tỉnh", "Sở Tư pháp tỉnh"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
units:
  - {name: Chi bộ Sở Tư pháp, kind: chi bộ, overrides: {"Kết nạp": *f}}
"""


def test_a_units_file_alias_bomb_is_refused_on_the_page(tmp_path):
    client = client_for(tmp_path)
    url = upload(client, "a.txt", RESOLUTION, headers=JSON).json()["url"]
    reply = client.post(url + "/don-vi/tep", files={"units": ("don-vi.yaml", ALIAS_BOMB.encode(), "text/yaml")})
    assert reply.status_code == 400 and "Danh sách đơn vị không hợp lệ" in reply.text
    assert "alias" in reply.text


def test_a_units_table_or_file_holds_at_most_the_configured_number_of_units(tmp_path):
    client = client_for(tmp_path, max_units=3)
    url = upload(client, "a.txt", RESOLUTION, headers=JSON).json()["url"]
    rows = "".join(f"Chi bộ {n},chi bộ\n" for n in range(4))
    reply = client.post(url + "/don-vi/tep", files={"units": ("don-vi.csv", ("name,kind\n" + rows).encode(), "text/csv")})
    assert reply.status_code == 400 and "3" in reply.text
    table = client.post(url + "/don-vi", data={"name": [f"Chi bộ {n}" for n in range(4)], "kind": ["chi bộ"] * 4})
    assert table.status_code == 400 and "Tối đa 3 đơn vị" in table.text


# --- downloads of one result at the same time ---------------------------------------

def test_parallel_downloads_of_one_result_each_get_their_own_files(tmp_path):
    pytest.importorskip("openpyxl")
    if not SAMPLE.is_file():
        pytest.skip(f"the project's sample resolution is missing: {SAMPLE}")
    client = client_for(tmp_path)
    url = upload(client, SAMPLE.name, SAMPLE.read_bytes(), headers=JSON).json()["url"]
    table = {"name": ["Chi bộ Văn phòng", "Chi bộ Kiểm tra"], "kind": ["chi bộ", "chi bộ"]}
    assert client.post(url + "/don-vi", data=table, follow_redirects=False).status_code == 303
    paths = [url + "/theo-doi.xlsx", url + "/ke-hoach.zip"] * 6
    with ThreadPoolExecutor(max_workers=12) as pool:
        replies = list(pool.map(client.get, paths))
    assert [r.status_code for r in replies] == [200] * 12
    for path, reply in zip(paths, replies):
        names = zipfile.ZipFile(io.BytesIO(reply.content)).namelist()  # an .xlsx is a zip too
        assert not [n for n in names if n.endswith(".part")], names
        if path.endswith(".zip"):
            assert len([n for n in names if n.endswith(".docx")]) == 2, names
    [folder] = job_folders(client)
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "resolution.json", "source", "units.json"]


# --- the retention sweep ------------------------------------------------------------

def old_job(root: Path, name: str, created: float, finished: bool) -> Path:
    folder = root / name
    folder.mkdir(parents=True, mode=0o700)
    (folder / "meta.json").write_text(json.dumps({"created": created}), encoding="utf-8")
    (folder / "source").write_bytes(RESOLUTION)
    if finished:
        (folder / "resolution.json").write_text("{}", encoding="utf-8")
    return folder


def test_the_sweep_runs_at_start_up_after_a_crash(tmp_path):
    root = tmp_path / "work"
    expired = old_job(root, "a" * 32, time.time() - 7200, finished=True)
    interrupted = old_job(root, "b" * 32, time.time() - 5, finished=False)  # its parse died with the server
    kept = old_job(root, "c" * 32, time.time() - 5, finished=True)
    settings = Settings(work_dir=root, retention_seconds=3600, sweep_interval_seconds=3600)
    with TestClient(create_app(settings), base_url=LOCAL):
        assert not expired.exists() and not interrupted.exists()
        assert kept.exists()


def test_a_job_whose_parse_is_running_is_never_swept(tmp_path, monkeypatch):
    client = client_for(tmp_path, retention_seconds=60)
    workspace = client.app.state.workspace
    parse = web_app.parse_upload

    def slow_parse(job, filename, *args, **kwargs):
        assert workspace.sweep(now=time.time() + 3600, force=True) == 0  # an hour later, still parsing
        job.write_meta(created=time.time() - 3600)  # a parse as long as the retention time
        return parse(job, filename, *args, **kwargs)

    monkeypatch.setattr(web_app, "parse_upload", slow_parse)
    reply = upload(client, "a.txt", RESOLUTION, headers=JSON)
    assert reply.status_code == 200, reply.text
    assert client.get(reply.json()["url"]).status_code == 200, "the result is kept for the retention time after the parse"
