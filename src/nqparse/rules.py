"""Domain knowledge from ``rules/*.yaml``, validated on load.

Each stage owns one rule file and a pydantic model describing it, and asks for it by name::

    comparators = rules.load("indicators", IndicatorRules)

A văn thư extends the tool by editing YAML: files in an extra folder (``--rules DIR`` or the
``NQPARSE_RULES`` environment variable) are merged over the built-in ones — lists are
extended, mappings merged key by key, scalars replaced.
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import RulesError

T = TypeVar("T", bound=BaseModel)

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "rules"        # a checkout (editable install)
PACKAGED_DIR = Path(sys.prefix) / "share" / "nqparse" / "rules"     # a wheel install (data-files)

_extra_dirs: list[Path] = []
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there


def builtin_dir() -> Path:
    """The rules folder of the checkout (editable install) or the packaged copy."""
    return BUILTIN_DIR if BUILTIN_DIR.is_dir() else PACKAGED_DIR


def add_rules_dir(path: str | Path) -> None:
    """Merge the YAML files of ``path`` over the built-in rules (``--rules DIR``)."""
    p = Path(path)
    if not p.is_dir():
        raise RulesError(f"rules folder not found: {p}")
    _extra_dirs.append(p)
    load.cache_clear()


def _search_dirs() -> list[Path]:
    dirs = [builtin_dir()]
    env = os.environ.get("NQPARSE_RULES")
    if env:
        dirs.extend(Path(d) for d in env.split(os.pathsep) if d)
    dirs.extend(_extra_dirs)
    return dirs


def merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


def read_raw(name: str) -> Any:
    """The merged YAML content of ``<name>.yaml`` across all rule folders."""
    data: Any = None
    found = False
    for folder in _search_dirs():
        path = folder / f"{name}.yaml"
        if not path.is_file():
            continue
        try:
            content = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        except yaml.YAMLError as exc:
            raise RulesError(f"invalid YAML: {exc}".splitlines()[0], path=path) from None
        data = content if not found else merge(data, content)
        found = True
    if not found:
        raise RulesError(f"rule file {name}.yaml not found in {', '.join(map(str, _search_dirs()))}")
    return data


@lru_cache(maxsize=None)
def load(name: str, model: type[T]) -> T:
    """Load and validate ``rules/<name>.yaml`` (merged with extra folders) as ``model``."""
    data = read_raw(name)
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise RulesError(f"rules/{name}.yaml: {where}: {first['msg']}") from None
