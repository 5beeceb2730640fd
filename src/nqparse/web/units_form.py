"""The units list on the review page: the small table a person edits, or a units file uploaded.

The rows become ``nqparse.plan.units.Unit`` values (the plan generator's own validation), are
kept in the job folder as JSON, and feed ``nqparse.plan.generate_plans`` for the .zip of plans.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from .jobs import Job, write_private
from .uploads import UploadMalformed, UploadTooLarge, receive_file

TABLE_COLUMNS = ("name", "kind", "symbol", "secretary")
MAX_TABLE_BYTES = 256 * 1024
UNITS_FILE_SUFFIXES = {".csv", ".xlsx", ".yaml", ".yml"}


class UnitsProblem(Exception):
    """A message in Vietnamese about the units the person gave."""


def unit_kinds() -> dict[str, str]:
    """Kind key → the words shown in the table (``rules/plan.yaml``, editable by a văn thư)."""
    from ..plan.vocabulary import plan_rules

    return {key: spec.label for key, spec in plan_rules().kinds.items()}


def unit_to_row(unit: Any) -> dict:
    """A Unit as the JSON kept in the job folder, its kind in words (read back by the same model)."""
    row = unit.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    row["kind"] = unit_kinds().get(unit.kind, unit.kind)
    return row


def make_units(rows: list[dict]) -> list:
    """Rows (dicts) → Unit values, through the plan module's own model."""
    from pydantic import ValidationError

    from ..plan.units import Unit

    units = []
    for n, row in enumerate(rows, start=1):
        try:
            units.append(Unit(**row))
        except (ValidationError, TypeError, ValueError) as exc:
            first = str(exc).splitlines()
            reason = first[-1].strip() if first else ""
            raise UnitsProblem(f"Dòng {n} ({row.get('name', '')}): đơn vị không hợp lệ — {reason}") from None
    return units


def saved_rows(job: Job) -> list[dict]:
    if not job.units_file.is_file():
        return []
    return json.loads(job.units_file.read_text(encoding="utf-8"))


def saved_units(job: Job) -> list:
    rows = saved_rows(job)
    return make_units(rows) if rows else []


def current_units(job: Job, resolution) -> list[dict]:
    """The rows the table shows: saved ones, else those the resolution addresses (a suggestion)."""
    rows = saved_rows(job)
    if rows:
        return rows
    try:
        from ..plan.units import suggest_units
    except ImportError:
        return []
    try:
        return [unit_to_row(u) for u in suggest_units(resolution)]
    except Exception:  # a suggestion is optional; the table stays empty
        return []


def _save_rows(job: Job, rows: list[dict]) -> int:
    units = make_units(rows)
    write_private(job.units_file, json.dumps([unit_to_row(u) for u in units], ensure_ascii=False).encode("utf-8"))
    return len(units)


async def read_table(request: Request, max_units: int) -> list[dict]:
    """The table's rows from an urlencoded form body (read with a size cap)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_TABLE_BYTES:
            raise UnitsProblem("Danh sách đơn vị quá dài.")
    form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    columns = {c: form.get(c, []) for c in TABLE_COLUMNS}
    count = max((len(v) for v in columns.values()), default=0)
    rows = []
    for i in range(count):
        row = {c: (columns[c][i].strip() if i < len(columns[c]) else "") for c in TABLE_COLUMNS}
        if any(row.values()):
            rows.append(row)
    if len(rows) > max_units:
        raise UnitsProblem(f"Tối đa {max_units} đơn vị.")
    for n, row in enumerate(rows, start=1):
        if not row["name"] or not row["kind"]:
            raise UnitsProblem(f"Dòng {n}: cần ghi cả tên và loại đơn vị.")
    return rows


def save_table(job: Job, rows: list[dict]) -> int:
    """Save the edited rows, keeping the other fields (parent, place …) of units with the same name."""
    before = {row.get("name"): row for row in saved_rows(job)}
    merged = []
    for row in rows:
        extra = {k: v for k, v in before.get(row["name"], {}).items() if k not in TABLE_COLUMNS}
        merged.append(extra | {k: v for k, v in row.items() if v})
    return _save_rows(job, merged)


async def receive_units_file(request: Request, job: Job, limit: int, max_units: int) -> int:
    """A units file (CSV, XLSX, YAML) read by the plan module's ``read_units`` (at most ``max_units``)."""
    with job.scratch("units") as scratch:
        incoming = scratch / "units-upload"
        try:
            received = await receive_file(request.headers, request.stream(), file_field="units", dest=incoming, limit=limit)
        except UploadTooLarge:
            raise UnitsProblem(f"Tệp danh sách đơn vị quá lớn (tối đa {limit // (1024 * 1024)} MB).") from None
        except UploadMalformed as exc:
            raise UnitsProblem("Chưa chọn tệp danh sách đơn vị." if "no file" in str(exc)
                               else "Yêu cầu tải lên không hợp lệ; hãy chọn lại tệp và thử lại.") from None
        suffix = Path(received.filename).suffix.lower()
        if suffix not in UNITS_FILE_SUFFIXES:
            raise UnitsProblem("Tệp danh sách đơn vị phải là .csv, .xlsx hoặc .yaml.")
        named = incoming.rename(incoming.with_name("units-upload" + suffix))
        units = await run_in_threadpool(_read_units_file, named, max_units)
    return _save_rows(job, [unit_to_row(u) for u in units])


def _read_units_file(path: Path, max_units: int) -> list:
    from .. import errors
    from ..plan.units import read_units

    try:
        units = read_units(path, max_units)
    except errors.NqparseError as exc:
        raise UnitsProblem(f"Danh sách đơn vị không hợp lệ: {getattr(exc, 'problem', str(exc))}") from None
    if not units:
        raise UnitsProblem("Tệp danh sách đơn vị không có đơn vị nào.")
    return units


def plans_archive(job: Job, resolution, units: list) -> bytes:
    """Generate one .docx plan per unit and pack them (and any index) into a .zip.

    Made in this download's own scratch folder, so two downloads at once never mix their files.
    """
    from ..plan import generate_plans

    with job.scratch("plans") as scratch:
        out_dir = scratch / "ke-hoach"
        paths = generate_plans(resolution, units, out_dir, fmt="docx")
        if not paths:
            raise UnitsProblem("Không tạo được kế hoạch nào cho các đơn vị đã chọn.")
        archive = scratch / "ke-hoach.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out_dir.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(out_dir).as_posix())
        return archive.read_bytes()
