"""Where plans are written: safe, unique file names inside the output folder, written atomically."""
from __future__ import annotations

import re
from pathlib import Path


from ..errors import NqparseError
from ..textkey import bare

MAX_STEM = 80


def slug(name: str) -> str:
    """'Chi bộ Công ty "Hòa Bình" / Chi nhánh' → 'chi-bo-cong-ty-hoa-binh-chi-nhanh'."""
    plain = bare(name)
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_STEM].strip("-")


class FileNamer:
    """Hands out unique names in one folder: ke-hoach-<slug>.<ext>, then -2, -3 … on a clash."""

    def __init__(self, folder: Path, prefix: str = "ke-hoach-"):
        self.folder = folder.resolve()
        self.prefix = prefix
        self.taken: set[str] = set()

    def path_for(self, name: str, ext: str) -> Path:
        stem = self.prefix + (slug(name) or "don-vi")
        candidate, n = stem, 1
        while candidate.lower() in self.taken:
            n += 1
            candidate = f"{stem}-{n}"
        self.taken.add(candidate.lower())
        return inside(self.folder, f"{candidate}.{ext}")


def inside(folder: Path, file_name: str) -> Path:
    """``folder/file_name``, refusing anything that would land outside ``folder``."""
    root = folder.resolve()
    target = (root / file_name).resolve()
    if target.parent != root:
        raise NqparseError(f"refusing to write outside the output folder: {file_name}", path=root)
    return target


