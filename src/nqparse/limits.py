"""How much work one document may cost: pages, characters, time and memory.

| limit            | env variable               | CLI flag             | default  |
|------------------|----------------------------|----------------------|----------|
| max_pages        | NQPARSE_MAX_PAGES          |                      | 2000     |
| max_chars        | NQPARSE_MAX_CHARS          |                      | 5000000  |
| time_limit_s     | NQPARSE_TIME_LIMIT         | --time-limit         | 120 s    |
| memory_limit_mb  | NQPARSE_MEMORY_LIMIT_MB    | --memory-limit-mb    | 2048 MB  |

The page and character caps hold everywhere (the loaders read them); the time and memory
limits hold where a document is parsed in a bounded worker (:mod:`nqparse.bounded`: the CLI,
the index, the web app). The time budget grows by ``OCR_SECONDS_PER_PAGE`` for each page
read by OCR, so a long scan is not cut off for being a scan. ``0`` turns a limit off.
The longest real document in the team's corpus has 45 pages and 0.2 million characters.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Mapping, Optional

DEFAULT_MAX_PAGES = 2000
DEFAULT_MAX_CHARS = 5_000_000
DEFAULT_TIME_LIMIT_S = 120.0
DEFAULT_MEMORY_LIMIT_MB = 2048
OCR_SECONDS_PER_PAGE = 10.0   # Tesseract takes 3–5 s a page on one core; more time for each OCR'd page


@dataclass(frozen=True)
class Limits:
    max_pages: int = DEFAULT_MAX_PAGES
    max_chars: int = DEFAULT_MAX_CHARS
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB

    def with_overrides(self, **values) -> "Limits":
        """A copy with the given values replaced; ``None`` means keep the current value."""
        for name, value in values.items():
            if value is not None and value < 0:
                raise ValueError(f"--{name.replace('_s', '').replace('_', '-')} must not be negative, not {value}")
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def env_number(env: Mapping[str, str], name: str, default: float, *, zero: bool = True) -> float:
    """The number the environment variable ``name`` sets (``default`` when unset); a ValueError
    naming it when it is no number, negative, or zero where ``zero`` is not allowed."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if value < 0:
        raise ValueError(f"{name} must not be negative, not {raw!r}")
    if value == 0 and not zero:
        raise ValueError(f"{name} must be positive, not {raw!r}")
    return value


def from_env(env: Optional[Mapping[str, str]] = None) -> Limits:
    """The limits set in ``env`` (default: ``os.environ``), defaults elsewhere."""
    env = os.environ if env is None else env
    return Limits(
        max_pages=int(env_number(env, "NQPARSE_MAX_PAGES", DEFAULT_MAX_PAGES)),
        max_chars=int(env_number(env, "NQPARSE_MAX_CHARS", DEFAULT_MAX_CHARS)),
        time_limit_s=env_number(env, "NQPARSE_TIME_LIMIT", DEFAULT_TIME_LIMIT_S),
        memory_limit_mb=int(env_number(env, "NQPARSE_MEMORY_LIMIT_MB", DEFAULT_MEMORY_LIMIT_MB)),
    )


def current() -> Limits:
    """The limits in force now; a malformed env variable falls back to the defaults (the CLI
    reports it before anything is read)."""
    try:
        return from_env()
    except ValueError:
        return Limits()
