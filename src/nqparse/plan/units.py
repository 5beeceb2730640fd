"""The units a plan is drafted for: read from a units file, or suggested by the resolution.

A units file lists one chi bộ, đảng bộ cơ sở, ban … per entry:

* YAML — a list of mappings (or ``units:`` holding that list)::

      - name: Chi bộ Sở Tư pháp
        kind: chi bộ
        symbol: CB
        secretary: Trần Thị Hoa
        overrides: {"03-NQ/ĐUK#I.2.2-5": "100%"}

* CSV / XLSX — a header row (``name``, ``kind``, ``parent``, ``symbol``, ``place``,
  ``secretary``, ``signer_title``, or their Vietnamese headings from ``rules/plan.yaml``) and
  columns ``override:<indicator id or words of its text>`` for per-unit targets.

A bad entry raises :class:`~nqparse.errors.UnitsFileError` naming the file and its line (row).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterable, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import UnitsFileError
from ..schema import Resolution
from .vocabulary import bare, has_phrase, kind_key, kind_names, plan_rules

MAX_UNITS = 500  # units in one file, unless the caller (``plan --max-units``, the web setting) says otherwise
MAX_YAML_VALUES = 100_000  # values of a YAML units file with its aliases written out
MAX_YAML_CHARACTERS = 2_000_000  # characters of those values


class Unit(BaseModel):
    """One unit that will issue its own Kế hoạch thực hiện."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, examples=["Chi bộ Sở Tư pháp"])
    kind: str = Field(description="Canonical kind key: chi_bo, dang_bo_co_so, ban … (aliases accepted).")
    parent: Optional[str] = Field(None, description="Cấp trên trực tiếp; default: the resolution's issuer.")
    symbol: Optional[str] = Field(None, description="Ký hiệu after KH/, e.g. 'CB', 'ĐU'.")
    place: Optional[str] = None
    secretary: Optional[str] = Field(None, description="Name of the signer (Bí thư, Giám đốc …).")
    superior: Optional[str] = Field(None, description="The body the unit reports to; default: the issuer when on the unit's side.")
    sector: Optional[Literal["enterprise", "agency"]] = Field(
        None, description="doanh nghiệp (enterprise) or cơ quan (agency); default: from the kind or the name.")
    signer_title: Optional[str] = None
    aliases: list[str] = Field(default_factory=list, description="Other names the resolution may use for the unit.")
    overrides: dict[str, str] = Field(default_factory=dict, description="Indicator id or words of its text → the unit's target.")

    @field_validator("name", "parent", "symbol", "place", "secretary", "signer_title", "superior", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    @field_validator("kind", mode="before")
    @classmethod
    def _canonical_kind(cls, value: Any) -> str:
        key = kind_key(str(value or ""))
        if key is None:
            raise ValueError(f"unknown kind {value!r} (one of: {'; '.join(kind_names())})")
        return key

    @field_validator("sector", mode="before")
    @classmethod
    def _sector(cls, value: Any) -> Any:
        if value is None or not str(value).strip():
            return None
        written = bare(str(value))
        for key, words in plan_rules().sector_words.items():
            if written in {bare(word) for word in words}:
                return key
        raise ValueError(f"unknown sector {value!r} (doanh nghiệp or cơ quan)")

    @field_validator("overrides", mode="before")
    @classmethod
    def _override_text(cls, value: Any) -> Any:
        if value is None:
            return {}
        if isinstance(value, dict):
            nested = next((k for k, v in value.items() if isinstance(v, (list, dict))), None)
            if nested is not None:
                raise ValueError(f"the target for {str(nested)!r} is a list or mapping, not one value like '100%'")
            return {str(k).strip(): _cell_text(v) for k, v in value.items() if _cell_text(v)}
        return value

    @field_validator("aliases", mode="before")
    @classmethod
    def _alias_list(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return [a.strip() for a in value.split(";") if a.strip()]
        return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _make_unit(entry: Any, path: Path, where: str) -> Unit:
    if not isinstance(entry, dict):
        raise UnitsFileError(f"{where}: expected a mapping with name and kind, got {type(entry).__name__}", path=path)
    try:
        return Unit.model_validate(entry)
    except ValidationError as exc:
        raise UnitsFileError(f"{where}: {_problem(exc)}", path=path) from None


# --- YAML -------------------------------------------------------------------------------

def _yaml_entries(text: str, path: Path) -> list[tuple[int, Any]]:
    """Each entry with the line it starts on (from the composed node tree)."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_expansion(root, path)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        raise UnitsFileError(f"{line}invalid YAML: {getattr(exc, 'problem', None) or exc}".splitlines()[0], path=path) from None
    except RecursionError:
        raise UnitsFileError("invalid YAML: lists or mappings nested too deeply", path=path) from None
    finally:
        loader.dispose()
    if isinstance(data, dict) and "units" in data:
        data = data["units"]
        root = next(v for k, v in root.value if k.value == "units")
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise UnitsFileError("expected a list of units (or 'units:' holding one)", path=path)
    return [(node.start_mark.line + 1, entry) for node, entry in zip(root.value, data)]


def _check_expansion(root: yaml.Node, path: Path) -> None:
    """Refuse a document whose aliases (``*a``) expand it past the budget (a "billion laughs").

    Each alias is counted as a copy of what its anchor holds, the way the units would be
    written out; an anchor that holds an alias of itself is refused too.
    """
    sizes: dict[int, Optional[tuple[int, int]]] = {}

    def size(node: yaml.Node) -> tuple[int, int]:
        """(values, characters) of ``node`` with every alias written out."""
        key = id(node)
        if key in sizes:
            known = sizes[key]
            if known is None:
                raise UnitsFileError("YAML alias refers to the value that holds it", path=path)
            return known
        sizes[key] = None
        if isinstance(node, yaml.ScalarNode):
            children: list[yaml.Node] = []
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = [part for pair in node.value for part in pair]
        values, characters = 1, len(node.value) if isinstance(node, yaml.ScalarNode) else 0
        for child in children:
            child_values, child_characters = size(child)
            values, characters = values + child_values, characters + child_characters
            if values > MAX_YAML_VALUES or characters > MAX_YAML_CHARACTERS:
                raise UnitsFileError(f"YAML aliases (*name) expand the file past {MAX_YAML_VALUES:,} values or "
                                     f"{MAX_YAML_CHARACTERS:,} characters; write the units out", path=path)
        sizes[key] = (values, characters)
        return values, characters

    size(root)


# --- CSV / XLSX -------------------------------------------------------------------------

def _column_keys(header: Iterable[Any]) -> list[Optional[str]]:
    """Map each heading to a Unit field, 'override:<key>', or None (ignored)."""
    vocabulary = plan_rules()
    by_word = {bare(word): field for field, words in vocabulary.columns.items() for word in [field, *words]}
    keys: list[Optional[str]] = []
    for heading in header:
        text = _cell_text(heading)
        folded = bare(text)
        prefix = next((p for p in vocabulary.override_prefixes if folded.startswith(bare(p))), None)
        if prefix is not None:
            keys.append("override:" + text[len(prefix):].strip())
        else:
            keys.append(by_word.get(folded))
    return keys


def _row_entry(keys: list[Optional[str]], row: Iterable[Any]) -> Optional[dict]:
    entry: dict[str, Any] = {}
    overrides: dict[str, str] = {}
    for key, cell in zip(keys, row):
        value = _cell_text(cell)
        if key is None or not value:
            continue
        if key.startswith("override:"):
            overrides[key.removeprefix("override:")] = value
        else:
            entry[key] = value
    if not entry and not overrides:
        return None  # a blank row
    entry["overrides"] = overrides
    return entry


def _table_units(rows: Iterable[tuple[int, list[Any]]], path: Path, max_units: int) -> list[Unit]:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise UnitsFileError("the file is empty (expected a header row: name, kind, …)", path=path)
    keys = _column_keys(header[1])
    if "name" not in keys or "kind" not in keys:
        raise UnitsFileError(f"row {header[0]}: the header needs columns 'name' and 'kind'", path=path)
    units = []
    for number, row in iterator:
        entry = _row_entry(keys, row)
        if entry is not None:
            _check_count(len(units) + 1, max_units, path)
            units.append(_make_unit(entry, path, f"row {number}"))
    return units


def _check_count(count: int, max_units: int, path: Path) -> None:
    if count > max_units:
        raise UnitsFileError(f"more than {max_units} units (the limit; plan --max-units raises it)", path=path)


def _csv_rows(text: str) -> Iterable[tuple[int, list[str]]]:
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    reader = csv.reader(io.StringIO(text), dialect)
    for row in reader:
        yield reader.line_num, row


def _xlsx_rows(path: Path) -> Iterable[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise UnitsFileError(f"cannot read the workbook: {type(exc).__name__}", path=path) from None
    try:
        for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


# --- public -------------------------------------------------------------------------------

def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnitsFileError("not UTF-8 text (save the file as UTF-8)", path=path) from None


def read_units(path: str | Path, max_units: int = MAX_UNITS) -> list[Unit]:
    """Read a units file (.yaml/.yml, .csv, .xlsx); raise UnitsFileError naming the bad line/row.

    A file listing more than ``max_units`` units, or YAML whose aliases expand it past
    ``MAX_YAML_VALUES`` values, is refused before any unit is made.
    """
    path = Path(path)
    if not path.is_file():
        raise UnitsFileError("units file not found", path=path)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        entries = _yaml_entries(_read_text(path), path)
        _check_count(len(entries), max_units, path)
        units = [_make_unit(entry, path, f"line {line}") for line, entry in entries]
    elif suffix in {".csv", ".tsv", ".txt"}:
        units = _table_units(_csv_rows(_read_text(path)), path, max_units)
    elif suffix in {".xlsx", ".xlsm"}:
        units = _table_units(_xlsx_rows(path), path, max_units)
    else:
        raise UnitsFileError(f"unsupported units file type {suffix or '(none)'} (use .yaml, .csv or .xlsx)", path=path)
    if not units:
        raise UnitsFileError("no units listed", path=path)
    return units


def _is_collective_name(name: str) -> bool:
    """"Các chi bộ, đảng bộ cơ sở", "UBND các xã": many units under one name, not one unit."""
    return any(has_phrase(name, word) for word in plan_rules().collective_words)


def _suggested_kind(name: str) -> Optional[str]:
    """The kind a name opens with: "Chi bộ …" → chi_bo, "Văn phòng …" → van_phong (longest word first)."""
    opening = " ".join(bare(name).replace(",", " ").split()) + " "
    rules = sorted(plan_rules().suggest.kind_words, key=lambda rule: -len(rule.word))
    for rule in rules:
        if opening.startswith(bare(rule.word) + " "):
            return rule.kind
    return None


def _recipient_units(resolution: Resolution) -> list[Unit]:
    rules = plan_rules().suggest
    skip_purposes = {bare(p) for p in rules.skip_purposes}
    units = []
    for recipient in resolution.metadata.recipients:
        folded = bare(recipient.name)
        if recipient.purpose and bare(recipient.purpose) in skip_purposes:
            continue
        if any(folded.startswith(bare(prefix)) for prefix in rules.skip_prefixes):
            continue
        if any(folded.endswith(bare(suffix)) for suffix in rules.skip_suffixes):
            continue
        kind = None if _is_collective_name(recipient.name) else _suggested_kind(recipient.name)
        if kind is not None:
            units.append(Unit(name=recipient.name.rstrip(",.;"), kind=kind))
    return units


def suggest_units(resolution: Resolution) -> list[Unit]:
    """The units a resolution addresses: its Nơi nhận and the bodies its tasks name as lead.

    The result is a starting point for a units file. Collectives ("Các chi bộ, đảng bộ cơ sở",
    "Ủy ban nhân dân các xã, phường") are left out: the office lists their units one by one.
    """
    rules = plan_rules().suggest
    units = []
    tasked = {body_id for task in resolution.tasks for body_id in task.lead}
    for body in resolution.bodies:
        if body.id not in tasked or _is_collective_name(body.name):
            continue
        kind = _suggested_kind(body.name) or rules.body_kinds.get(body.kind.value)
        if kind is not None:
            name = body.name[:1].upper() + body.name[1:]
            units.append(Unit(name=name, kind=kind, aliases=body.aliases))
    units += _recipient_units(resolution)
    unique: dict[str, Unit] = {}
    for unit in units:
        names = [bare(unit.name), *(bare(alias) for alias in unit.aliases)]
        if not any(name in unique for name in names):
            unique[names[0]] = unit
            unique.update({name: unit for name in names[1:]})
    return list({id(unit): unit for unit in unique.values()}.values())
