"""The local web app: drop a document, review what was read, download the workbook and plans.

    >>> from nqparse.web.app import create_app
    >>> from nqparse.web.settings import from_env
    >>> app = create_app(from_env())

Every page is rendered on the server (jinja2, autoescaped); the few scripts are static files, so
the Content-Security-Policy forbids inline script. The work itself is done by the same API as
the CLI: a :class:`nqparse.Parser` (the same components as ``nqparse parse``, its rules active
for every request), ``render.xlsx.write_workbook``, ``render.json.to_json``, ``plan.generate_plans``
and the corpus ``Store``.
"""
from __future__ import annotations

import asyncio
import logging
import shutil
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import errors
from ..bounded import kill_all
from ..schema import Resolution
from . import guard as guard_requests
from . import messages, units_form
from .corpus_view import CorpusView, document_url, field_of, snippet_html
from .jobs import Job, Workspace, parse_in_worker
from .layout import heading_starts, paragraphs
from .messages import Problem
from .settings import Settings, private_work_dir
from .uploads import UploadMalformed, UploadTooLarge, receive_file

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import Parser
    from ..rules import Rules

HERE = Path(__file__).parent
log = logging.getLogger("nqparse.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
MATCH_KINDS = {"document": "toàn văn", "indicator": "chỉ tiêu", "task": "nhiệm vụ"}
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # not "no-referrer": under it browsers send "Origin: null" with the app's own forms (see guard.py)
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class Web:
    """What every route needs: the settings, the job folders, the corpus view and the templates."""

    def __init__(self, settings: Settings, parser: "Parser"):
        self.settings, self.parser = settings, parser
        self.workspace = Workspace(private_work_dir(settings), settings.retention_seconds,
                                   settings.sweep_interval_seconds)
        self.corpus = CorpusView(settings.db_path)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        env = self.templates.env
        env.globals.update(field_of=field_of, document_url=document_url, match_kinds=MATCH_KINDS)
        env.filters.update(snippet=snippet_html, warning_label=messages.warning_label, vn_date=messages.vn_date)

    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("settings", self.settings)
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def problem_page(self, request: Request, problem: Problem) -> HTMLResponse:
        return self.page(request, "error.html", problem.status, problem=problem)

    def expired(self, request: Request) -> HTMLResponse:
        return self.problem_page(request, Problem(messages.EXPIRED, 404))

    def refuse(self, request: Request, problem: Problem) -> Response:
        """A request the app will not answer: the reason as JSON for a script, else as a page."""
        if wants_json(request):
            return JSONResponse({"error": problem.message}, status_code=problem.status)
        return self.problem_page(request, problem)

    def upload_failed(self, request: Request, problem: Problem) -> Response:
        if wants_json(request):
            return JSONResponse({"error": problem.message, "detail": problem.detail}, status_code=problem.status)
        return self.page(request, "index.html", problem.status, problem=problem)

    def review_page(self, request: Request, job: Job, status: int = 200, sort: str = "position", **extra) -> HTMLResponse:
        """The review page, built from ``render.html``'s items and marks (the same as ``-f html``)."""
        resolution = job.resolution()
        if resolution is None:
            return self.expired(request)
        from ..render import html

        items, highlights = html.collect(resolution, self.corpus.xref_url)
        marks = [h for h in highlights if html.fits(resolution.text, h)]
        kind_rank = {kind: order for kind, (_, order) in html.KINDS.items()}
        by_kind = sort == "kind"
        items.sort(key=lambda i: (kind_rank[i.kind], i.start) if by_kind else (i.start, kind_rank[i.kind]))
        return self.page(
            request, "review.html", status, job=job, meta=job.meta(), resolution=resolution, items=items,
            kinds=html.KINDS, kind_rank=kind_rank, metadata=html.metadata_rows(resolution),
            counts={k: sum(1 for i in items if i.kind == k) for k in html.KINDS}, sort=sort,
            document=paragraphs(html.mark_text(resolution.text, marks), heading_starts(resolution)),
            units=units_form.current_units(job, resolution), unit_kinds=units_form.unit_kinds(),
            saved_units=job.units_file.is_file(), **extra,
        )

    def parsed_job(self, job_id: str) -> tuple[Optional[Job], Optional[Resolution]]:
        job = self.workspace.get(job_id)
        return job, (job.resolution() if job else None)


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


class ActiveRules:
    """ASGI middleware: the app's rule set is the active one while a request is served (in the
    request's task and the worker threads it starts, which copy its context)."""

    def __init__(self, app, rules: "Rules"):
        self.app, self.rules = app, rules

    async def __call__(self, scope, receive, send):
        from .. import rules as rules_module

        with rules_module.using(self.rules):
            await self.app(scope, receive, send)


def create_app(settings: Settings, parser: "Optional[Parser]" = None) -> FastAPI:
    """Build the app; uploads live under ``settings.work_dir`` (a fresh private folder when unset).
    Uploads are parsed by ``parser`` (default: the built-in components over the rules active now,
    e.g. ``nqparse serve --rules DIR``), and its rules serve every page."""
    from ..pipeline import Parser

    parser = parser if parser is not None else Parser(Parser().rules)
    web = Web(settings, parser)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # what a crash left behind: expired jobs and jobs whose parse died with the server
        await run_in_threadpool(web.workspace.sweep, force=True, interrupted=True)
        sweeper = asyncio.create_task(sweep_periodically(web.workspace))
        yield
        sweeper.cancel()
        kill_all()   # parses still running when the server stops
        if settings.work_dir is None:  # our own fresh temp folder: nothing in it outlives the server
            shutil.rmtree(web.workspace.root, ignore_errors=True)
        else:
            web.workspace.sweep(force=True)

    app = FastAPI(title="nqparse", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings, app.state.workspace, app.state.corpus = settings, web.workspace, web.corpus
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(ActiveRules, rules=parser.rules)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        refused = guard_requests.refusal(request.method, request.headers, settings.allowed_hosts)
        if refused is not None:
            reason, status = refused
            problem = Problem(messages.BAD_HOST if reason == "host" else messages.CROSS_SITE, status)
            response = web.refuse(request, problem)
            response.headers.update(SECURITY_HEADERS)
            return response
        await run_in_threadpool(web.workspace.sweep)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    add_error_pages(app, web)
    add_upload_routes(app, web)
    add_review_routes(app, web)
    add_units_routes(app, web)
    add_corpus_routes(app, web)
    return app


async def sweep_periodically(workspace: Workspace) -> None:
    """Delete expired jobs even when nobody makes a request (requests sweep too)."""
    while True:
        await asyncio.sleep(workspace.sweep_interval)
        try:
            await run_in_threadpool(workspace.sweep)
        except OSError:
            log.warning("could not sweep %s", workspace.root)


def add_error_pages(app: FastAPI, web: Web) -> None:
    """Errors of the web layer itself as Vietnamese pages, never a JSON detail or a traceback."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = messages.HTTP_ERRORS.get(exc.status_code, messages.INTERNAL)
        return web.problem_page(request, Problem(message, exc.status_code))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return web.problem_page(request, Problem(messages.BAD_REQUEST, 400))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("internal error on %s", request.url.path)
        return web.problem_page(request, Problem(messages.INTERNAL, 500))


def add_upload_routes(app: FastAPI, web: Web) -> None:
    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon():
        # browsers ask for it whatever the page says; answer so no 404 reaches the console
        return RedirectResponse("/static/favicon.svg", status_code=308)

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request):
        return web.page(request, "index.html")

    @app.post("/upload")
    async def upload(request: Request):
        job = web.workspace.create()
        limit = web.settings.max_upload_bytes
        with web.workspace.busy(job):
            try:
                received = await receive_file(request.headers, request.stream(), file_field="file", dest=job.source, limit=limit)
                job.write_meta(filename=received.filename, size=received.size)
                resolution = await run_in_threadpool(parse_upload, job, received.filename, web.parser)
                job.save_resolution(resolution)
            except UploadTooLarge:
                problem = Problem(messages.too_large(limit), 413)
            except UploadMalformed as exc:
                problem = Problem(messages.NO_FILE if "no file" in str(exc) else messages.MALFORMED, 400)
            except errors.NqparseError as exc:
                problem = messages.for_error(exc)
            except Exception:  # an internal error: logged for the operator, never shown as a traceback
                log.exception("parsing an upload failed")
                problem = Problem(messages.INTERNAL, 500)
            else:
                url = f"/r/{job.id}"
                return JSONResponse({"url": url, "id": job.id}) if wants_json(request) else RedirectResponse(url, 303)
            web.workspace.discard(job)
        return web.upload_failed(request, problem)


def add_review_routes(app: FastAPI, web: Web) -> None:
    @app.get("/r/{job_id}", response_class=HTMLResponse)
    async def review(request: Request, job_id: str, saved: str = "", sort: str = "position"):
        job = web.workspace.get(job_id)
        if job is None:
            return web.expired(request)
        notice = f"Đã lưu danh sách {saved} đơn vị." if saved.isdigit() else None
        return await run_in_threadpool(web.review_page, request, job, 200, sort, notice=notice)

    @app.get("/r/{job_id}/ket-qua.json")
    async def download_json(request: Request, job_id: str):
        job, resolution = web.parsed_job(job_id)
        if resolution is None:
            return web.expired(request)
        from ..render.json import to_json

        return Response(to_json(resolution), media_type="application/json; charset=utf-8",
                        headers=attachment(download_stem(resolution) + ".json"))

    @app.get("/r/{job_id}/theo-doi.xlsx")
    async def download_workbook(request: Request, job_id: str):
        job, resolution = web.parsed_job(job_id)
        if resolution is None:
            return web.expired(request)
        workbook = await run_in_threadpool(workbook_bytes, job, resolution)
        return Response(workbook, headers=attachment(download_stem(resolution) + "-theo-doi.xlsx"),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def add_units_routes(app: FastAPI, web: Web) -> None:
    def saved(job: Job, count: int) -> RedirectResponse:
        return RedirectResponse(f"/r/{job.id}?saved={count}#don-vi", status_code=303)

    @app.post("/r/{job_id}/don-vi")
    async def save_units(request: Request, job_id: str):
        job = web.workspace.get(job_id)
        if job is None or not job.resolution_file.is_file():
            return web.expired(request)
        try:
            return saved(job, units_form.save_table(job, await units_form.read_table(request, web.settings.max_units)))
        except units_form.UnitsProblem as exc:
            return await run_in_threadpool(web.review_page, request, job, 400, units_problem=str(exc))

    @app.post("/r/{job_id}/don-vi/tep")
    async def upload_units(request: Request, job_id: str):
        job = web.workspace.get(job_id)
        if job is None or not job.resolution_file.is_file():
            return web.expired(request)
        try:
            return saved(job, await units_form.receive_units_file(
                request, job, web.settings.max_units_file_bytes, web.settings.max_units))
        except units_form.UnitsProblem as exc:
            return await run_in_threadpool(web.review_page, request, job, 400, units_problem=str(exc))

    @app.get("/r/{job_id}/ke-hoach.zip")
    async def download_plans(request: Request, job_id: str):
        job, resolution = web.parsed_job(job_id)
        if resolution is None:
            return web.expired(request)
        try:
            units = units_form.saved_units(job)
            if not units:
                raise units_form.UnitsProblem(messages.NO_UNITS)
            archive = await run_in_threadpool(units_form.plans_archive, job, resolution, units)
        except units_form.UnitsProblem as exc:
            return await run_in_threadpool(web.review_page, request, job, 400, units_problem=str(exc))
        except errors.NqparseError as exc:
            problem = messages.for_error(exc)
            return await run_in_threadpool(web.review_page, request, job, problem.status,
                                           units_problem=f"{problem.message} {problem.detail or ''}".strip())
        return Response(archive, media_type="application/zip",
                        headers=attachment(download_stem(resolution) + "-ke-hoach.zip"))


def add_corpus_routes(app: FastAPI, web: Web) -> None:
    @app.get("/kho", response_class=HTMLResponse)
    async def corpus_page(request: Request, q: str = ""):
        listing = await run_in_threadpool(web.corpus.listing, q.strip())
        return web.page(request, "corpus.html", query=q.strip(), listing=listing)

    @app.get("/kho/van-ban", response_class=HTMLResponse)
    async def corpus_document(request: Request, code: str = ""):
        entry = await run_in_threadpool(web.corpus.document, code.strip())
        if entry is None:
            return web.problem_page(request, Problem(f"Văn bản “{code}” không có trong kho văn bản đã lập chỉ mục.", 404))
        return web.page(request, "corpus_document.html", entry=entry)


OCR_JOBS = 2  # pages of an uploaded scan read at once


def parse_upload(job: Job, filename: str, parser: "Optional[Parser]" = None):
    """Parse the stored upload with the app's Parser, as ``nqparse parse`` does (the name only
    hints the format), in a bounded worker, behind the limit of parses at once."""
    from ..load.ocr import OcrSettings
    from ..pipeline import default_parser

    started = time.perf_counter()
    parser = parser or default_parser()
    resolution = parse_in_worker(job, filename, parser, ocr=OcrSettings(jobs=OCR_JOBS))
    job.write_meta(parse_seconds=round(time.perf_counter() - started, 3))
    return resolution


def workbook_bytes(job: Job, resolution: Resolution) -> bytes:
    """The tracking workbook, made in this download's own scratch folder."""
    from ..render.xlsx import write_workbook

    with job.scratch("workbook") as folder:
        path = folder / "theo-doi.xlsx"
        write_workbook(resolution, path)
        return path.read_bytes()


def download_stem(resolution) -> str:
    """A file name for downloads from the document's code: '03-NQ/ĐUK' → '03-NQ-ĐUK'."""
    code = resolution.metadata.code or "van-ban"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in code).strip("-.")
    return safe or "van-ban"


def attachment(filename: str) -> dict[str, str]:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"}
