"""Settings of the local web app, from environment variables and ``nqparse serve`` flags.

| setting            | env variable               | default                              |
|--------------------|----------------------------|--------------------------------------|
| max_upload_bytes   | NQPARSE_MAX_UPLOAD_MB      | 20 MB                                |
| work_dir           | NQPARSE_WORK_DIR           | a fresh private folder under /tmp    |
| retention_seconds  | NQPARSE_RETENTION_MINUTES  | 60 minutes                           |
| db_path            | NQPARSE_DB                 | none (the corpus page says so)       |
| allowed_hosts      | NQPARSE_ALLOWED_HOSTS      | 127.0.0.1, localhost, ::1            |
| max_units          | NQPARSE_MAX_UNITS          | 500                                  |

``allowed_hosts`` are the names a browser may use to reach the app (the ``Host`` header): a
page on another name — a DNS name rebound to this machine — is refused. ``nqparse serve``
adds the address given to ``--host`` and each ``--allowed-host`` (a LAN name, comma-separated
in the variable).

Flags given to ``nqparse serve`` win over the environment.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping, Optional

from ..limits import env_number

MB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_RETENTION_MINUTES = 60
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = {"0.0.0.0", "::", ""}


@dataclass(frozen=True)
class Settings:
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * MB
    work_dir: Optional[Path] = None
    retention_seconds: float = DEFAULT_RETENTION_MINUTES * 60
    db_path: Optional[Path] = None
    max_units_file_bytes: int = 2 * MB
    sweep_interval_seconds: float = field(default=30.0)
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    max_units: int = 500

    @property
    def max_upload_mb(self) -> float:
        return self.max_upload_bytes / MB

    def with_overrides(self, **values) -> "Settings":
        """A copy with the given values replaced; ``None`` means keep the current value."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})

    def serving(self, host: str, allowed_hosts: Iterable[str] = ()) -> "Settings":
        """A copy that also accepts the address the server listens on and the names given."""
        names = [*self.allowed_hosts, host, *allowed_hosts]
        kept = [n.strip().strip("[]").lower() for n in names if n.strip().strip("[]") not in ANY_ADDRESS]
        return replace(self, allowed_hosts=tuple(dict.fromkeys(kept)))


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    return env_number(env, name, default, zero=False)


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    work_dir = env.get("NQPARSE_WORK_DIR")
    db = env.get("NQPARSE_DB")
    settings = Settings(
        max_upload_bytes=int(_number(env, "NQPARSE_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB) * MB),
        work_dir=Path(work_dir) if work_dir else None,
        retention_seconds=_number(env, "NQPARSE_RETENTION_MINUTES", DEFAULT_RETENTION_MINUTES) * 60,
        db_path=Path(db) if db else None,
        max_units=int(_number(env, "NQPARSE_MAX_UNITS", Settings.max_units)),
    )
    return settings.serving("", env.get("NQPARSE_ALLOWED_HOSTS", "").split(","))


def private_work_dir(settings: Settings) -> Path:
    """The folder uploads go to, created with mode 0700 (a fresh random one when unset)."""
    if settings.work_dir is None:
        return Path(tempfile.mkdtemp(prefix="nqparse-web-"))
    path = settings.work_dir
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path
