"""The ``nqparse`` command line: thin — it parses flags and calls the API.

Exit codes: 0 success, 1 some items failed (batch) or evaluation under threshold,
2 bad input (the file cannot be read), 3 invalid rules, 70 internal error.
Bad input never prints a traceback: one line on stderr names the file and the problem.
"""
from __future__ import annotations

import contextlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .atomic import write_atomically
from .errors import NqparseError
from .messages import ENV as LANG_ENV
from .messages import LANGUAGES, error_line, problem_text, say

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Đọc nghị quyết, chỉ thị, kết luận → bảng theo dõi, kế hoạch thực hiện, dẫn chiếu văn bản.",
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILURES, EXIT_BAD_INPUT, EXIT_RULES, EXIT_INTERNAL = 0, 1, 2, 3, 70


@app.callback()
def choose_language(
    lang: Optional[str] = typer.Option(None, "--lang", help="Ngôn ngữ thông báo: vi (mặc định) hoặc en; "
                                       "or set NQPARSE_LANG."),
) -> None:
    """Đọc nghị quyết, chỉ thị, kết luận → bảng theo dõi, kế hoạch thực hiện, dẫn chiếu văn bản."""
    if lang is not None:
        if lang not in LANGUAGES:
            raise typer.BadParameter(f"'{lang}' is not one of {', '.join(LANGUAGES)}.", param_hint="'--lang'")
        os.environ[LANG_ENV] = lang  # workers and sub-processes speak the same language


def fail(message: str, code: int) -> None:
    """One line on stderr (``message`` already in the user's language) and exit ``code``."""
    typer.echo(f"nqparse: {say('error')}: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"nqparse: {say('warning')}: {message}", err=True)


def with_rules(command):
    """A command with ``--rules DIR``: while it runs, the active rule set is the package rules plus
    ``NQPARSE_RULES`` plus DIR (validated first: a bad file is exit 3), so ``nqparse.parse``, plans,
    xref and eval all read it — and only for this command."""
    import functools

    @functools.wraps(command)
    def run(*args, **kwargs):
        from . import rules
        from .pipeline import checked_rules

        rules_dir = kwargs.get("rules_dir")
        chosen = checked_rules([rules_dir], environment=True) if rules_dir is not None else rules.active()
        with rules.using(chosen):
            return command(*args, **kwargs)

    return run


RulesOption = typer.Option(None, "--rules", help="Extra rules folder merged over the built-in rules/.")
TimeLimitOption = typer.Option(None, "--time-limit", help="Seconds one document may take (default 120, more for "
                               "OCR'd pages; NQPARSE_TIME_LIMIT; 0: no limit).")
MemoryLimitOption = typer.Option(None, "--memory-limit-mb", help="Memory one document may use in MB (default 2048; "
                                 "NQPARSE_MEMORY_LIMIT_MB; 0: no limit).")


def use_limits(time_limit: Optional[float], memory_limit_mb: Optional[int]):
    """The limits of one document's parse, flags over the environment (which workers inherit)."""
    from .limits import from_env

    for name, value in (("NQPARSE_TIME_LIMIT", time_limit), ("NQPARSE_MEMORY_LIMIT_MB", memory_limit_mb)):
        if value is not None:
            os.environ[name] = str(value)
    try:
        return from_env()
    except ValueError as exc:
        fail(problem_text(str(exc)), EXIT_BAD_INPUT)


def parse_bounded(file: Path, progress=None, **options):
    """``api.parse`` in a worker with the time and memory limits in force (see nqparse.bounded)."""
    from . import api
    from .bounded import run_bounded
    from .limits import current

    return run_bounded(api.parse, file, limits=current(), path=file, on_progress=progress, **options)


# --- commands: parse / schema (lead) ---

class OutputFormat(str, Enum):
    json = "json"
    yaml = "yaml"
    md = "md"
    xlsx = "xlsx"
    csv = "csv"
    html = "html"


@app.command()
@with_rules
def parse(
    file: Path = typer.Argument(..., help="Văn bản: .docx, .pdf, .doc, .txt, .md"),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "-f", "--format", help="Output format."),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of an encrypted PDF."),
    ocr: str = typer.Option("auto", "--ocr", help="Scans: auto (OCR pages without text), always, never."),
    jobs: int = typer.Option(1, "-j", "--jobs", min=1, help="Pages OCR'd at once."),
    time_limit: Optional[float] = TimeLimitOption,
    memory_limit_mb: Optional[int] = MemoryLimitOption,
    rules_dir: Optional[Path] = RulesOption,
) -> None:
    """Parse one document into the tracking schema (scans and images through OCR)."""
    from .bounded import relay
    from .load.ocr import OcrSettings
    from .render import render_to

    use_limits(time_limit, memory_limit_mb)
    OcrSettings(mode=ocr)  # a wrong --ocr is one line and exit 2 before anything is read
    if out is not None and out.is_dir() and fmt != OutputFormat.csv:
        from .errors import OutputError

        raise OutputError("is a folder: give a file name for the output", path=out)
    with ocr_progress(file) as progress:
        resolution = parse_bounded(file, progress, password=password,
                                   ocr=OcrSettings(mode=ocr, jobs=jobs, progress=relay(progress)))
    render_to(resolution, fmt.value, out)


@contextlib.contextmanager
def ocr_progress(file: Path):
    """A per-page progress bar on a terminal while OCR runs (nothing when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("OCR {task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} trang"),
                  TimeRemainingColumn(), transient=True) as bar:
        task = None

        def advance(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task(file.name, total=total)
            bar.update(task, completed=done)

        yield advance


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here (e.g. src/nqparse/schema.json)."),
) -> None:
    """Print (or write) the JSON Schema of the parse output."""
    import json

    from .schema import Resolution

    text = json.dumps(Resolution.model_json_schema(), ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        write_atomically(out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))


# --- commands: eval ---

@app.command("eval")
@with_rules
def eval_(
    gold: Path = typer.Option(Path("tests/gold"), "--gold", help="Gold annotations folder."),
    docs: Path = typer.Option(None, "--docs", help="Documents root the gold files point into (default ../shared/corpus)."),
    aspect: Optional[List[str]] = typer.Option(None, "--aspect", help="Only these aspects (repeatable)."),
    misses: int = typer.Option(0, "--misses", help="Show up to N misses per field (never for held-out gold)."),
    split: str = typer.Option("all", "--split", help="Gold to score: tuning, heldout or all."),
    rules_dir: Optional[Path] = RulesOption,
) -> None:
    """Precision/recall/F1 per field against gold annotations; exit 1 under thresholds."""
    from . import evaluate

    docs_root = docs or (Path.cwd().resolve().parent / "shared" / "corpus")
    if not gold.is_dir():
        fail(say("gold_missing", gold=gold), EXIT_BAD_INPUT)
    if split not in ("all", *evaluate.SPLITS):
        fail(say("bad_split", splits=", ".join(evaluate.SPLITS), split=split), EXIT_BAD_INPUT)
    report = evaluate.run(gold, docs_root, aspect or evaluate.ASPECTS, split=split)
    typer.echo(evaluate.format_report(report, misses))
    if not report.ok:
        raise typer.Exit(EXIT_FAILURES)


# --- commands: index / xref / search ---

@app.command()
@with_rules
def index(
    paths: List[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    db: Path = typer.Option(..., "--db", help="SQLite database to create or update."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: all cores)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Parse on a Dask cluster: tcp://scheduler:8786."),
    force: bool = typer.Option(False, "--force", help="Re-parse files even when unchanged."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar."),
    follow_links: bool = typer.Option(False, "--follow-links", help="Also read files that links in a folder lead to outside it."),
    time_limit: Optional[float] = TimeLimitOption,
    memory_limit_mb: Optional[int] = MemoryLimitOption,
    rules_dir: Optional[Path] = RulesOption,
) -> None:
    """Index many documents into a corpus database; exit 1 if any file failed."""
    from .corpus.index import index_paths

    use_limits(time_limit, memory_limit_mb)
    try:
        report = index_paths(paths, db, jobs=jobs, dask_address=dask, progress=not quiet, force=force,
                             follow_links=follow_links)
    except KeyboardInterrupt:
        from .corpus.store import Store

        with Store(db) as store:
            stored = sum(store.count().values())
        typer.echo(f"nqparse: {say('index_interrupted', stored=stored, db=db)}", err=True)
        sys.exit(130)
    typer.echo(say("index_summary", files=report.files, parsed=report.parsed, failed=report.failed,
                   unchanged=report.unchanged, seconds=report.seconds, rate=report.files_per_second, db=db))
    if report.skipped:   # README, notes, links out of the folder: named as found, never by a link's target
        typer.echo(say("index_skipped", count=len(report.skipped)))
        for path, reason in report.skipped:
            typer.echo(f"  {_shown(path)}  {say('skipped_' + reason)}")
    if report.failures:
        typer.echo(say("index_failures", count=len(report.failures)), err=True)
        for path, stage, message in report.failures:
            typer.echo(f"  {_shown(path)}  [{stage}]  {problem_text(message)}", err=True)
        sys.exit(EXIT_FAILURES)  # not typer.Exit: main() runs click with standalone_mode=False


def _shown(path: str) -> str:
    """A path under the working folder relative to it, any other as it is."""
    cwd = str(Path.cwd())
    return os.path.relpath(path, cwd) if path.startswith(cwd + os.sep) else path


@app.command()
def search(
    query: str = typer.Argument(..., help="Words or a phrase; FTS5 syntax (AND, OR, NEAR, prefix*) also works."),
    db: Path = typer.Option(..., "--db", help="Corpus database made by `nqparse index`."),
    limit: int = typer.Option(20, "-n", "--limit", min=1, help="At most this many documents."),
) -> None:
    """Find documents, targets and tasks that mention a phrase."""
    from .corpus.store import Store

    with Store(db, readonly=True) as store:
        hits = store.search(query, limit=limit)
    if not hits:
        typer.echo(say("search_none", query=query))
        raise typer.Exit(EXIT_OK)
    for hit in hits:
        typer.echo(f"{hit.code or say('no_number')}  {hit.title or ''}".rstrip())
        typer.echo(f"  {hit.path}")
        for match in hit.matches[:8]:
            where = match.kind if match.item_id is None else f"{match.kind} {match.item_id}"
            typer.echo(f"    [{where}] {match.snippet}")
        if len(hit.matches) > 8:
            typer.echo(f"    {say('more_matches', count=len(hit.matches) - 8)}")


class XrefFormat(str, Enum):
    json = "json"
    md = "md"
    dot = "dot"
    graphml = "graphml"
    svg = "svg"


@app.command()
@with_rules
def xref(
    db: Path = typer.Option(..., "--db", help="Corpus database made by `nqparse index`."),
    fmt: XrefFormat = typer.Option(XrefFormat.json, "-f", "--format", help="Report (json, md) or graph (dot, graphml, svg)."),
    doc: Optional[str] = typer.Option(None, "--doc", help="Only this document (its code): what it cites, what cites it."),
    full: bool = typer.Option(False, "--full", help="Graph: the whole corpus, codes cited by a single document too."),
    top: int = typer.Option(30, "--top", min=0, help="Graph of the corpus: the N most-cited documents and who cites them, by issuer (0: all)."),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    rules_dir: Optional[Path] = RulesOption,
) -> None:
    """Cross-reference the corpus: citations resolved, cited-by links, unresolved, inconsistencies."""
    from .corpus import graph
    from .corpus.store import Store
    from .corpus.xref import build_report, to_markdown

    if not db.is_file():
        fail(say("db_missing", db=db), EXIT_BAD_INPUT)
    with Store(db, readonly=True) as store:
        report = build_report(store.resolutions(), store.failures())
    if doc:
        candidates = report.candidates(doc)
        if not candidates and report.unresolved_code(doc) is None:
            fail(say("doc_unknown", doc=doc, db=db), EXIT_BAD_INPUT)
        if len(candidates) > 1:   # one number, several issuers' documents: say which there are
            typer.echo(f"nqparse: {say('error')}: {say('doc_ambiguous', count=len(candidates), doc=doc, db=db)}", err=True)
            for d in candidates:
                typer.echo(f"  --doc {d.id!r}  {d.date or ''}  {d.title or ''}".rstrip(), err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        report = report.focus(candidates[0].id if candidates else doc)
    overview = None if (doc or full or not top) else top
    text = {
        XrefFormat.json: lambda: report.model_dump_json(indent=2) + "\n",
        XrefFormat.md: lambda: to_markdown(report),
        XrefFormat.dot: lambda: graph.to_dot(report, full or bool(doc), top=overview),
        XrefFormat.graphml: lambda: graph.to_graphml(report),
        XrefFormat.svg: lambda: graph.to_svg(report, full or bool(doc), top=overview),
    }[fmt]()
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))


# --- commands: plan ---

class PlanFormat(str, Enum):
    docx = "docx"
    md = "md"


@app.command()
@with_rules
def plan(
    file: Path = typer.Argument(..., help="The resolution: .docx, .pdf, .doc, .txt, .md"),
    units: Optional[Path] = typer.Option(None, "--units", help="Units file (.yaml, .csv, .xlsx): one plan per unit."),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Folder for the plans (and index.md)."),
    fmt: PlanFormat = typer.Option(PlanFormat.docx, "-f", "--format", help="docx or md."),
    template: Optional[Path] = typer.Option(None, "--template", help="Folder with ke-hoach.docx / ke-hoach.md.j2."),
    max_units: Optional[int] = typer.Option(None, "--max-units", min=1, help="Refuse a units file listing more units (default 500)."),
    time_limit: Optional[float] = TimeLimitOption,
    memory_limit_mb: Optional[int] = MemoryLimitOption,
    rules_dir: Optional[Path] = RulesOption,
) -> None:
    """Draft each unit's Kế hoạch thực hiện of a resolution (Party format, HD 36-HD/VPTW)."""
    from .plan import draft_plans, read_units, suggest_units
    from .plan.units import MAX_UNITS

    use_limits(time_limit, memory_limit_mb)
    resolution = parse_bounded(file)
    if units is None:
        suggested = suggest_units(resolution)
        typer.echo(say("plan_addresses", code=resolution.metadata.code or file.name, count=len(suggested)))
        from .plan.vocabulary import kind_names, kind_spec

        for unit in suggested:
            typer.echo(say("plan_unit", name=unit.name, kind=kind_spec(unit.kind).label))
        typer.echo("\n" + say("units_help", kinds=" | ".join(kind_names())))
        return
    if out is None:
        fail(say("plan_needs_out"), EXIT_BAD_INPUT)
    drafts = draft_plans(resolution, read_units(units, max_units or MAX_UNITS), out, fmt.value, template)
    for draft in drafts:
        typer.echo(say("plan_written", path=draft.path, tasks=draft.tasks, partner_tasks=draft.partner_tasks,
                       indicators=draft.indicators))
        if draft.unused_overrides:
            warn(say("unused_overrides", unit=draft.unit.name, keys=", ".join(draft.unused_overrides)))
    typer.echo(say("plans_done", count=len(drafts), out=out))


# --- commands: track ---

track_app = typer.Typer(no_args_is_help=True, help="Theo dõi thực hiện: tổng hợp bảng theo dõi các đơn vị đã điền.")
app.add_typer(track_app, name="track")


@track_app.command("merge")
@with_rules
def track_merge(
    workbooks: List[Path] = typer.Argument(..., help="Bảng theo dõi (.xlsx) các đơn vị đã điền (cùng một văn bản)."),
    out: Path = typer.Option(..., "-o", "--output", help="Bảng tổng hợp .xlsx; kèm .md và .docx cùng tên."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày tính quá hạn, YYYY-MM-DD (mặc định: hôm nay)."),
    resolution: Optional[Path] = typer.Option(
        None, "--resolution", help="Kết quả đọc văn bản (nqparse parse -f json): chỉ tiêu gốc để đối chiếu các bảng."),
    rules_dir: Optional[Path] = RulesOption,
) -> None:
    """Merge filled-in tracking workbooks into a roll-up; list every bad cell (exit 1 when any)."""
    from datetime import date

    from .track import merge, read_resolution

    day = None
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(say("as_of_not_date", value=as_of), EXIT_BAD_INPUT)
    if out.suffix.lower() != ".xlsx":
        fail(say("merge_needs_xlsx", out=out), EXIT_BAD_INPUT)
    official = read_resolution(resolution) if resolution is not None else None
    report = merge(workbooks, out, as_of=day, resolution=official)
    for error in report.errors:
        typer.echo(f"nqparse: {error}", err=True)
    typer.echo(say("merge_summary", units=len(report.merged_units), targets=len(report.targets), tasks=len(report.tasks),
                   errors=len(report.errors), outputs=", ".join(str(p) for p in report.outputs)))
    if report.errors:
        sys.exit(EXIT_FAILURES)  # not typer.Exit: main() runs click with standalone_mode=False


# --- commands: serve ---

@app.command()
@with_rules
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: Optional[Path] = typer.Option(None, "--db", help="Corpus index (from `nqparse index`) for the corpus pages."),
    max_upload_mb: Optional[float] = typer.Option(None, "--max-upload-mb", help="Upload size limit in MB (default 20)."),
    retention_minutes: Optional[float] = typer.Option(None, "--retention-minutes", help="Delete uploads after this long (default 60)."),
    work_dir: Optional[Path] = typer.Option(None, "--work-dir", help="Private folder for uploads (default: a fresh temp folder)."),
    allowed_host: List[str] = typer.Option([], "--allowed-host", help="Another name browsers reach the app by (a LAN "
                                           "name or address; repeat for more). Requests naming any other host are refused."),
    time_limit: Optional[float] = TimeLimitOption,
    memory_limit_mb: Optional[int] = MemoryLimitOption,
    rules_dir: Optional[Path] = RulesOption,
) -> None:
    """Run the local web app: drop a document, review it, download the workbook and plans."""
    from .web.app import create_app
    from .web.settings import MB, from_env

    use_limits(time_limit, memory_limit_mb)
    try:
        settings = from_env().with_overrides(
            db_path=db, work_dir=work_dir,
            max_upload_bytes=int(max_upload_mb * MB) if max_upload_mb else None,
            retention_seconds=retention_minutes * 60 if retention_minutes else None,
        ).serving(host, allowed_host)
    except ValueError as exc:
        fail(problem_text(str(exc)), EXIT_BAD_INPUT)
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"nqparse: {say('serve_open', url=f'http://{shown}:{port}/')}")
    if host in {"0.0.0.0", "::"} and not allowed_host:
        warn(say("serve_hosts", hosts=", ".join(settings.allowed_hosts)))
    # SIGTERM or Ctrl-C: requests get 5 s to finish, then running parses are killed and the server exits
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)



def _usage_errors() -> tuple[type, ...]:
    """Click's usage exceptions: typer ≥ 0.20 carries its own copy of click beside the real one."""
    import click

    found: list[type] = [click.exceptions.ClickException]
    with contextlib.suppress(ImportError):
        from typer._click.exceptions import ClickException  # type: ignore[import-not-found]

        found.append(ClickException)
    return tuple(found)


def _aborts() -> tuple[type, ...]:
    import click

    return (click.exceptions.Abort, typer.Abort)


def usage_error(exc: Exception) -> None:
    """A wrong command line: one line saying what is wrong, one naming the help, exit 2."""
    message = " ".join(exc.format_message().split()) if hasattr(exc, "format_message") else str(exc)
    typer.echo(f"nqparse: {say('error')}: {problem_text(message, type(exc))}", err=True)
    ctx = getattr(exc, "ctx", None)
    command = f"{ctx.info_name} " if ctx is not None and ctx.parent is not None else ""
    typer.echo(f"nqparse: {say('usage_hint', command=command)}", err=True)
    sys.exit(getattr(exc, "exit_code", EXIT_BAD_INPUT) or EXIT_BAD_INPUT)


def main(argv: Optional[List[str]] = None) -> None:
    """Console entry point: maps errors to exit codes, never shows a traceback for bad input."""
    try:
        code = app(args=argv, standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)  # without standalone mode, click returns typer.Exit's code
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except NqparseError as exc:
        typer.echo(f"nqparse: {say('error')}: {error_line(exc)}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo(f"nqparse: {say('interrupted')}", err=True)
        sys.exit(130)
    except Exception as exc:  # usage errors (click, or the click typer carries) and anything unexpected
        if isinstance(exc, _aborts()):
            sys.exit(130)
        if isinstance(exc, _usage_errors()):
            usage_error(exc)
        typer.echo(f"nqparse: {say('internal_error')}: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
        if os.environ.get("NQPARSE_DEBUG"):
            raise
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
