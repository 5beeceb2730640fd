"""The local web app: drop a document, review what was read, download the workbook and plans.

    >>> from nqparse.web.app import create_app
    >>> from nqparse.web.settings import from_env
    >>> app = create_app(from_env())

Every page is rendered on the server (jinja2, autoescaped); the few scripts are static files, so
the Content-Security-Policy forbids inline script. The work itself is done by the same API as
the CLI: ``nqparse.parse``, ``render.xlsx.write_workbook``, ``render.json.to_json``,
``plan.generate_plans`` and the corpus ``Store``.
"""
from __future__ import annotations

import logging
import shutil
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import errors
from . import messages
from .corpus_view import CorpusView, document_url, field_of, snippet_html
from .jobs import Job, Workspace
from .layout import heading_starts, paragraphs
from .messages import Problem
from .settings import Settings, private_work_dir
from .uploads import UploadMalformed, UploadTooLarge, receive_file
from . import units_form

HERE = Path(__file__).parent
log = logging.getLogger("nqparse.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def create_app(settings: Settings) -> FastAPI:
    """Build the app; uploads live under ``settings.work_dir`` (a fresh private folder when unset)."""
    workspace = Workspace(private_work_dir(settings), settings.retention_seconds, settings.sweep_interval_seconds)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        if settings.work_dir is None:  # our own fresh temp folder: nothing in it outlives the server
            shutil.rmtree(workspace.root, ignore_errors=True)
        else:
            workspace.sweep(force=True)

    app = FastAPI(title="nqparse", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(field_of=field_of, document_url=document_url)
    templates.env.filters["snippet"] = snippet_html
    templates.env.filters["warning_label"] = messages.warning_label
    templates.env.filters["vn_date"] = messages.vn_date
    templates.env.globals["match_kinds"] = {"document": "toàn văn", "indicator": "chỉ tiêu", "task": "nhiệm vụ"}
    corpus = CorpusView(settings.db_path)
    app.state.settings, app.state.workspace, app.state.corpus = settings, workspace, corpus
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        await run_in_threadpool(workspace.sweep)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("settings", settings)
        return templates.TemplateResponse(request, name, context, status_code=status)

    def wants_json(request: Request) -> bool:
        return "application/json" in request.headers.get("accept", "")

    def upload_failed(request: Request, problem: Problem) -> Response:
        if wants_json(request):
            return JSONResponse({"error": problem.message, "detail": problem.detail}, status_code=problem.status)
        return page(request, "index.html", problem.status, problem=problem)

    def expired(request: Request) -> HTMLResponse:
        return page(request, "error.html", 404, problem=Problem(messages.EXPIRED, 404))

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request):
        return page(request, "index.html")

    @app.post("/upload")
    async def upload(request: Request):
        job = workspace.create()
        try:
            received = await receive_file(request.headers, request.stream(), file_field="file",
                                          dest=job.source, limit=settings.max_upload_bytes)
            job.write_meta(filename=received.filename, size=received.size)
            resolution = await run_in_threadpool(parse_upload, job, received.filename)
        except UploadTooLarge:
            workspace.discard(job)
            return upload_failed(request, Problem(messages.too_large(settings.max_upload_bytes), 413))
        except UploadMalformed as exc:
            workspace.discard(job)
            no_file = "no file" in str(exc)
            return upload_failed(request, Problem(messages.NO_FILE if no_file else messages.MALFORMED, 400))
        except errors.NqparseError as exc:
            workspace.discard(job)
            return upload_failed(request, messages.for_error(exc))
        except Exception:  # an internal error: logged for the operator, never shown as a traceback
            log.exception("parsing an upload failed")
            workspace.discard(job)
            return upload_failed(request, Problem(messages.INTERNAL, 500))
        job.save_resolution(resolution)
        url = f"/r/{job.id}"
        if wants_json(request):
            return JSONResponse({"url": url, "id": job.id})
        return RedirectResponse(url, status_code=303)

    def review_page(request: Request, job: Job, status: int = 200, sort: str = "position", **extra) -> HTMLResponse:
        resolution = job.resolution()
        if resolution is None:
            return expired(request)
        from ..render import html

        items, highlights = html.collect(resolution, corpus.xref_url)
        marks = [h for h in highlights if html.fits(resolution.text, h)]
        kind_rank = {kind: order for kind, (_, order) in html.KINDS.items()}
        by_kind = sort == "kind"
        items.sort(key=lambda i: (kind_rank[i.kind], i.start) if by_kind else (i.start, kind_rank[i.kind]))
        return page(
            request, "review.html", status, job=job, meta=job.meta(), resolution=resolution, items=items,
            kinds=html.KINDS, kind_rank=kind_rank, metadata=html.metadata_rows(resolution),
            counts={k: sum(1 for i in items if i.kind == k) for k in html.KINDS},
            document=paragraphs(html.mark_text(resolution.text, marks), heading_starts(resolution)), sort=sort,
            units=units_form.current_units(job, resolution), unit_kinds=units_form.unit_kinds(),
            saved_units=job.units_file.is_file(), **extra,
        )

    @app.get("/r/{job_id}", response_class=HTMLResponse)
    async def review(request: Request, job_id: str, saved: Optional[int] = None, sort: str = "position"):
        job = workspace.get(job_id)
        if job is None:
            return expired(request)
        notice = f"Đã lưu danh sách {saved} đơn vị." if saved is not None else None
        return await run_in_threadpool(review_page, request, job, 200, sort, notice=notice)

    @app.get("/r/{job_id}/ket-qua.json")
    async def download_json(request: Request, job_id: str):
        job = workspace.get(job_id)
        resolution = job.resolution() if job else None
        if resolution is None:
            return expired(request)
        from ..render.json import to_json

        return Response(to_json(resolution), media_type="application/json; charset=utf-8",
                        headers=attachment(download_stem(resolution) + ".json"))

    @app.get("/r/{job_id}/theo-doi.xlsx")
    async def download_workbook(request: Request, job_id: str):
        job = workspace.get(job_id)
        resolution = job.resolution() if job else None
        if resolution is None:
            return expired(request)
        from ..render.xlsx import write_workbook

        path = job.scratch("workbook") / "theo-doi.xlsx"
        await run_in_threadpool(write_workbook, resolution, path)
        return Response(path.read_bytes(), headers=attachment(download_stem(resolution) + "-theo-doi.xlsx"),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.post("/r/{job_id}/don-vi")
    async def save_units(request: Request, job_id: str):
        job = workspace.get(job_id)
        if job is None or not job.resolution_file.is_file():
            return expired(request)
        try:
            rows = await units_form.read_table(request)
            count = units_form.save_table(job, rows)
        except units_form.UnitsProblem as exc:
            return await run_in_threadpool(review_page, request, job, 400, units_problem=str(exc))
        return RedirectResponse(f"/r/{job.id}?saved={count}#don-vi", status_code=303)

    @app.post("/r/{job_id}/don-vi/tep")
    async def upload_units(request: Request, job_id: str):
        job = workspace.get(job_id)
        if job is None or not job.resolution_file.is_file():
            return expired(request)
        try:
            count = await units_form.receive_units_file(request, job, settings.max_units_file_bytes)
        except units_form.UnitsProblem as exc:
            return await run_in_threadpool(review_page, request, job, 400, units_problem=str(exc))
        return RedirectResponse(f"/r/{job.id}?saved={count}#don-vi", status_code=303)

    @app.get("/r/{job_id}/ke-hoach.zip")
    async def download_plans(request: Request, job_id: str):
        job = workspace.get(job_id)
        resolution = job.resolution() if job else None
        if resolution is None:
            return expired(request)
        try:
            units = units_form.saved_units(job)
            if not units:
                raise units_form.UnitsProblem(messages.NO_UNITS)
            archive = await run_in_threadpool(units_form.plans_archive, job, resolution, units)
        except units_form.UnitsProblem as exc:
            return await run_in_threadpool(review_page, request, job, 400, units_problem=str(exc))
        except errors.NqparseError as exc:
            problem = messages.for_error(exc)
            return await run_in_threadpool(review_page, request, job, problem.status,
                                           units_problem=f"{problem.message} {problem.detail or ''}".strip())
        return Response(archive.read_bytes(), media_type="application/zip",
                        headers=attachment(download_stem(resolution) + "-ke-hoach.zip"))

    @app.get("/kho", response_class=HTMLResponse)
    async def corpus_page(request: Request, q: str = ""):
        listing = await run_in_threadpool(corpus.listing, q.strip())
        return page(request, "corpus.html", query=q.strip(), listing=listing)

    @app.get("/kho/van-ban", response_class=HTMLResponse)
    async def corpus_document(request: Request, code: str = ""):
        entry = await run_in_threadpool(corpus.document, code.strip())
        if entry is None:
            return page(request, "error.html", 404, problem=Problem(
                f"Văn bản “{code}” không có trong kho văn bản đã lập chỉ mục.", 404))
        return page(request, "corpus_document.html", entry=entry)

    return app


def parse_upload(job: Job, filename: str):
    """Parse the stored upload with the same API as ``nqparse parse`` (the name only hints the format)."""
    import nqparse

    started = time.perf_counter()
    resolution = nqparse.parse(job.source.read_bytes(), filename=filename)
    job.write_meta(parse_seconds=round(time.perf_counter() - started, 3))
    return resolution


def download_stem(resolution) -> str:
    """A file name for downloads from the document's code: '03-NQ/ĐUK' → '03-NQ-ĐUK'."""
    code = resolution.metadata.code or "van-ban"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in code).strip("-.")
    return safe or "van-ban"


def attachment(filename: str) -> dict[str, str]:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"}
