"""What a merge found: the units, every bad cell, and the roll-up per target and per task."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional

NOT_REPORTED = "Chưa báo cáo"


@dataclass(frozen=True)
class CellError:
    """One problem in a unit's workbook, located as precisely as the problem allows."""

    file: str
    unit: str
    message: str
    sheet: Optional[str] = None
    row: Optional[int] = None
    column: Optional[str] = None  # column letter, e.g. "L"
    header: Optional[str] = None
    value: Any = None

    @property
    def cell(self) -> Optional[str]:
        return f"{self.column}{self.row}" if self.column and self.row else None

    def __str__(self) -> str:
        place = "!".join(x for x in (self.sheet, self.cell or (f"dòng {self.row}" if self.row else None)) if x)
        head = f" ({self.header})" if self.header else ""
        shown = f" [{self.value!r}]" if self.value not in (None, "") else ""
        return f"{self.file}: {place or 'tệp'}{head}: {self.message}{shown}"


@dataclass
class Entry:
    """What one unit wrote on one row (valid values only; bad cells are in the errors)."""

    item_id: str
    kind: str
    sheet: str
    row: int
    result: Any = None  # float for a quantitative target, else text
    rate: Optional[float] = None
    status: Optional[str] = None
    evidence: Optional[str] = None
    note: Optional[str] = None

    @property
    def reported(self) -> bool:
        return any(v not in (None, "") for v in (self.result, self.rate, self.status, self.evidence, self.note))


@dataclass
class RegisterItem:
    """A row of the workbook's hidden register: an id, when it is due and, for a target, what it asks for."""

    kind: str  # chi_tieu | nhiem_vu
    item_id: str
    section: Optional[str]
    comparator: Optional[str]
    value: Optional[float]
    high: Optional[float]
    unit: Optional[str]
    deadline: Optional[str]
    text: str  # the clause (a target) or the task
    quote: str = ""  # the target as quoted ("trên 90% tổ chức cơ sở đảng")
    due: Optional[date] = None
    recurrence: Optional[str] = None  # schema Recurrence value: a recurring item is never overdue

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.item_id


@dataclass
class UnitReturn:
    """One filled-in workbook as read."""

    path: Path
    unit: str
    document: tuple = ()
    # keyed by (kind, id): a target and a task of one section may share an id
    register: dict[tuple[str, str], RegisterItem] = field(default_factory=dict)
    register_digest: str = ""  # of the register as read
    sealed_digest: Optional[str] = None  # as written at export (None: a workbook made before digests)
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    readable: bool = True

    @property
    def sealed(self) -> Optional[bool]:
        """True when the register is the one the workbook was made with; None when it cannot tell."""
        return None if self.sealed_digest is None else self.sealed_digest == self.register_digest


@dataclass
class UnitResult:
    unit: str
    entry: Optional[Entry]
    on_track: Optional[bool]  # None: not reported


@dataclass
class TargetRollup:
    item: RegisterItem
    results: list[UnitResult]
    aggregate: str  # "each": every unit measured against the target; "sum": results added up
    total: Optional[float] = None
    total_meets: Optional[bool] = None

    @property
    def on_track(self) -> int:
        return sum(1 for r in self.results if r.on_track)

    @property
    def share(self) -> float:
        return self.on_track / len(self.results) if self.results else 0.0


@dataclass
class TaskRollup:
    item: RegisterItem
    due: Optional[date]
    statuses: dict[str, list[str]]  # status (or NOT_REPORTED) → unit names
    overdue_units: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_units)


@dataclass
class MergeReport:
    document: Optional[str]
    as_of: date
    units: list[UnitReturn]
    errors: list[CellError]
    targets: list[TargetRollup] = field(default_factory=list)
    tasks: list[TaskRollup] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def merged_units(self) -> list[UnitReturn]:
        return [u for u in self.units if u.readable]
