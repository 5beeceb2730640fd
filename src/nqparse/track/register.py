"""Which register the targets come from: never one unit's workbook on its own say.

Every workbook carries a very hidden copy of the ids and targets it was made with (the
``_nqparse`` register). It is protected without a password, so a unit can edit it — and if its
workbook came first, "trên 95%" would become "từ 0% trở lên" for every unit. The merge therefore
judges every workbook against one *reference* register:

1. the resolution's own, when the office passes it (``--resolution FILE.json``, the JSON
   ``nqparse parse`` wrote for the document the workbooks were made from);
2. else the register most workbooks share, among those whose register still matches the digest
   written beside it at export (``nqparse.workbook.register_digest``);
3. else, for workbooks made before the digest existed, the register most workbooks share.

When two different registers are equally common — or every register was edited — the merge cannot
tell which is the original and stops, asking for ``--resolution``. Each workbook whose register
differs from the reference is reported by file: one of another document, or with other ids, is set
aside; one whose targets were edited is merged, judged by the reference's targets.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import BadInputError, TrackingError
from ..workbook import REGISTER_HEADER, SHEET_REGISTER, register_digest, register_rows
from ..schema import Resolution
from .read import register_item
from .report import CellError, RegisterItem, UnitReturn
from .rollup import target_label

CHANGES_SHOWN = 3


@dataclass
class Reference:
    """The register every workbook is judged against, and where it came from."""

    document: tuple
    register: dict[tuple[str, str], RegisterItem]
    digest: str
    source: str  # "--resolution" or the file whose register it is


def resolution_reference(resolution: Resolution) -> Reference:
    """The register a workbook made from ``resolution`` has."""
    document = (resolution.metadata.code, resolution.source.sha256)
    rows = register_rows(resolution)
    items = [register_item(dict(zip(REGISTER_HEADER, row))) for row in rows]
    return Reference(document, {i.key: i for i in items if i is not None},
                     register_digest(document, REGISTER_HEADER, rows), "--resolution")


def read_resolution(path: Path) -> Resolution:
    """The JSON ``nqparse parse -f json`` wrote; a file that is not one is bad input."""
    try:
        return Resolution.model_validate_json(Path(path).read_bytes())
    except FileNotFoundError:
        raise BadInputError("file not found", path=path) from None
    except (ValidationError, ValueError, OSError):
        raise BadInputError("not the JSON nqparse parse writes (nqparse parse FILE -f json -o FILE.json)",
                            path=path) from None


def majority_reference(units: list[UnitReturn]) -> Reference:
    """The register most workbooks share, trusting first those whose register matches its digest."""
    pool = [u for u in units if u.sealed] or [u for u in units if u.sealed is None]
    if not pool:
        names = ", ".join(u.path.name for u in units)
        raise TrackingError(f"the hidden register (_nqparse) of every workbook was edited ({names}): "
                            "no original to take the targets from; run again with --resolution FILE.json")
    counts = Counter((u.document, u.register_digest) for u in pool).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        tied = {key for key, n in counts if n == counts[0][1]}
        names = ", ".join(u.path.name for u in pool if (u.document, u.register_digest) in tied)
        raise TrackingError(f"the hidden registers (_nqparse) of {names} differ and none is shared by most "
                            "workbooks: cannot tell which is the original; run again with --resolution FILE.json")
    document, digest = counts[0][0]
    first = next(u for u in pool if (u.document, u.register_digest) == (document, digest))
    return Reference(document, first.register, digest, first.path.name)


def check_register(unit: UnitReturn, reference: Reference) -> None:
    """Report a register that differs from the reference; set the workbook aside when it belongs to
    another document or another reading of it (other ids)."""
    if unit.register_digest == reference.digest:
        return
    against = "văn bản (--resolution)" if reference.source == "--resolution" else "các bảng còn lại"
    if unit.document != reference.document:
        code = reference.document[0] if reference.document else None
        why = (f"bảng theo dõi của văn bản khác ({unit.document[0] if unit.document else '?'}), "
               f"không phải {code or '?'}: không tổng hợp")
    elif set(unit.register) != set(reference.register):
        why = f"danh sách mã khác với {against} (lập từ một lần đọc khác của văn bản?): không tổng hợp"
    else:
        unit.errors.append(CellError(unit.path.name, unit.unit, sheet=SHEET_REGISTER, message=(
            f"sheet ẩn _nqparse đã bị sửa ({changes(unit.register, reference.register)}): "
            f"tổng hợp theo chỉ tiêu gốc của {against}")))
        return
    unit.readable = False
    unit.errors.append(CellError(unit.path.name, unit.unit, why))


def changes(register: dict[tuple[str, str], RegisterItem], reference: dict[tuple[str, str], RegisterItem]) -> str:
    """What was edited, target by target: "07-NQ/ĐUK#I-1: «trên 95%» → «từ 0% trở lên»"."""
    found = []
    for key, original in reference.items():
        edited = register[key]
        if edited == original:
            continue
        if original.kind == "chi_tieu" and label(edited) != label(original):
            found.append(f"{original.item_id}: «{label(original)}» → «{label(edited)}»")
        else:
            fields = [name for name in ("section", "unit", "deadline", "text", "quote", "due", "recurrence")
                      if getattr(edited, name) != getattr(original, name)]
            found.append(f"{original.item_id}: {', '.join(fields) or 'nội dung'} khác")
    shown = "; ".join(found[:CHANGES_SHOWN]) or "nội dung khác bản gốc"
    return shown + (f"; … và {len(found) - CHANGES_SHOWN} chỗ khác" if len(found) > CHANGES_SHOWN else "")


def label(item: RegisterItem) -> str:
    """The target in words; an edited register may hold a word where a number was."""
    try:
        return target_label(item)
    except (TypeError, ValueError):
        return " ".join(str(v) for v in (item.comparator, item.value, item.high, item.unit) if v is not None)
