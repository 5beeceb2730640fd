"""Domain knowledge from ``rules/*.yaml``, validated on load.

A :class:`Rules` object is one rule set: the package's rules plus overlay folders, each file
read and validated once, and every value derived from them (compiled patterns, word indexes)
kept on the object itself. Two rule sets live side by side in one process::

    mine = Rules(["regels/"])              # package rules + regels/*.yaml merged over them
    mine.load("indicators", IndicatorRules)

A văn thư extends the tool by editing YAML: files in an overlay folder (``--rules DIR``, the
``NQPARSE_RULES`` environment variable, or ``Parser(rules=[DIR])``) are merged over the
package ones — lists are extended, mappings merged key by key, scalars replaced.

The deep helpers ask for the *active* rule set, which :class:`nqparse.Parser` sets for the
duration of each component (a context variable: each thread and each asyncio task sees its
own); outside any Parser it is the process default (package rules + ``NQPARSE_RULES``)::

    comparators = rules.load("indicators", IndicatorRules)     # from the active Rules
    with rules.using(mine): ...                                 # make ``mine`` active here
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from contextvars import ContextVar
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar, Union

import yaml
from pydantic import BaseModel, ValidationError

from .errors import RulesError

T = TypeVar("T", bound=BaseModel)
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])
Folder = Union[str, Path]

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "rules"        # a checkout (editable install)
PACKAGED_DIR = Path(sys.prefix) / "share" / "nqparse" / "rules"     # a wheel install (data-files)

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there


def builtin_dir() -> Path:
    """The rules folder of the checkout (editable install) or the packaged copy."""
    return BUILTIN_DIR if BUILTIN_DIR.is_dir() else PACKAGED_DIR


def environment_dirs() -> list[Path]:
    """Overlay folders named by ``NQPARSE_RULES`` (``os.pathsep``-separated)."""
    env = os.environ.get("NQPARSE_RULES")
    return [Path(d) for d in env.split(os.pathsep) if d] if env else []


def merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


class Rules:
    """One rule set: the package rules plus ``overlays`` (folders of YAML merged over them).

    Each rule file is read and validated once per Rules (:meth:`load`); values derived from
    the rules are built once per Rules (:meth:`derived`, :func:`cached`). A Rules is never
    changed after it is made, so one can be shared by threads; make another for other rules.
    Each file is validated on first use; :meth:`check` validates the overlays' files at once
    (``nqparse.Parser`` and ``--rules`` do).

    ``environment=True`` also merges the folders of ``NQPARSE_RULES`` (before ``overlays``), as the
    process default and the command line do.
    """

    def __init__(self, overlays: Iterable[Folder] = (), *, environment: bool = False):
        folders = [*(environment_dirs() if environment else []), *(Path(f) for f in overlays)]
        for folder in folders:
            if not folder.is_dir():
                raise RulesError(f"rules folder not found: {folder}")
        self.overlays: tuple[Path, ...] = tuple(folders)
        self.folders: tuple[Path, ...] = (builtin_dir(), *folders)
        self._models: dict[tuple[str, type], Any] = {}
        self.derived_values: dict[Any, Any] = {}   # see derived(); read directly where speed matters

    def __repr__(self) -> str:
        return f"Rules({[str(f) for f in self.overlays]!r})"

    def __reduce__(self):  # pickled as its folders (worker processes, Dask) and built again there, once
        return (_rebuild, ([str(f) for f in self.overlays], self.fingerprint()))

    # -- rule files --------------------------------------------------------------------------------

    def raw(self, name: str) -> Any:
        """The merged YAML content of ``<name>.yaml`` across the folders, package first."""
        data: Any = None
        found = False
        for folder in self.folders:
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
            raise RulesError(f"rule file {name}.yaml not found in {', '.join(map(str, self.folders))}")
        return data

    def load(self, name: str, model: type[T]) -> T:
        """``<name>.yaml`` (merged over the folders) validated as ``model``; read once per Rules."""
        key = (name, model)
        hit = self._models.get(key)
        if hit is None:
            data = self.raw(name)
            try:
                hit = model.model_validate(data if data is not None else {})
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                raise RulesError(f"rules/{name}.yaml: {where}: {first['msg']}") from None
            hit = self._models.setdefault(key, hit)   # two threads racing keep one object
        return hit

    def derived(self, key: Any, build: Callable[[], V]) -> V:
        """``build()`` once per Rules under ``key`` (a compiled pattern, an index of words …)."""
        try:
            return self.derived_values[key]
        except KeyError:
            return self.derived_values.setdefault(key, build())

    def fingerprint(self) -> str:
        """A digest of every rule file in use: a change means documents must be parsed again."""
        digest = hashlib.sha1()
        for folder in self.folders:
            for path in sorted(folder.glob("*.yaml")):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()[:10]

    def check(self, models: dict[str, type[BaseModel]]) -> "Rules":
        """Validate the overlays' files that ``models`` knows now, not halfway through a parse
        (a bad file is a :class:`RulesError` naming it); returns the Rules."""
        names = {p.stem for folder in self.overlays for p in folder.glob("*.yaml")}
        for name in sorted(names & models.keys()):
            self.load(name, models[name])
        return self


_unpickled: dict[tuple[tuple[str, ...], str], Rules] = {}


def _rebuild(overlays: list[str], fingerprint: str) -> Rules:
    """The Rules a pickle names, made once per process for the same folders and content (a Dask
    worker receives the rule set with every task)."""
    key = (tuple(overlays), fingerprint)
    found = _unpickled.get(key)
    if found is None:
        found = _unpickled.setdefault(key, Rules(overlays, environment=False))
    return found


# -- the active rule set -------------------------------------------------------------------------

_active: ContextVar[Optional[Rules]] = ContextVar("nqparse_rules", default=None)
_default: list[Rules] = []          # the process default, made on first use (never changed after)
_default_lock = threading.Lock()


def default() -> Rules:
    """The process default rule set: the package rules plus ``NQPARSE_RULES``."""
    if not _default:
        with _default_lock:
            if not _default:
                _default.append(Rules(environment=True))
    return _default[0]


def active() -> Rules:
    """The rule set of the running component (see :func:`using`), else the process default."""
    return _active.get() or (_default[0] if _default else default())


@contextlib.contextmanager
def using(rules: Rules) -> Iterator[Rules]:
    """Make ``rules`` the active rule set for the code inside (this thread or task only)."""
    token = _active.set(rules)
    try:
        yield rules
    finally:
        _active.reset(token)


def activate(rules: Rules) -> None:
    """Make ``rules`` active for the rest of this context (the CLI's ``--rules``)."""
    _active.set(rules)


def load(name: str, model: type[T]) -> T:
    """``rules/<name>.yaml`` of the active rule set, validated as ``model``."""
    current = _active.get() or (_default[0] if _default else default())   # active(), inlined: a hot path
    return current._models.get((name, model)) or current.load(name, model)


def _forget_default() -> None:
    """Read ``NQPARSE_RULES`` again on next use (tests that set it)."""
    with _default_lock:
        _default.clear()


load.cache_clear = _forget_default  # type: ignore[attr-defined]  # the name older tests call


def read_raw(name: str) -> Any:
    """The merged YAML content of ``<name>.yaml`` in the active rule set."""
    return active().raw(name)


def cached(maxsize: Optional[int] = 4096) -> Callable[[F], F]:
    """``lru_cache`` per rule set, for functions whose answer depends on the active rules.

    Each Rules gets its own cache of ``fn``; two rule sets never see each other's answers."""
    def wrap(fn: F) -> F:
        @wraps(fn)
        def call(*args: Any) -> Any:
            memo = active().derived_values
            per_rules = memo.get(call)
            if per_rules is None:
                per_rules = memo.setdefault(call, lru_cache(maxsize=maxsize)(fn))
            return per_rules(*args)
        return call  # type: ignore[return-value]
    return wrap
