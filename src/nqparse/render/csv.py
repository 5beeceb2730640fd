"""The tracking tables as CSV: one file per sheet in a folder, UTF-8 with BOM for Excel.

A cell a spreadsheet could run as a formula ("=HYPERLINK(…)", "=cmd|…") is written with a leading
apostrophe; "- " bullets and numbers are written as they are (the rule: ``escape.spreadsheet_text``).

The folder is written beside its destination under a temporary name and renamed into place,
so a reader never sees a half-written set of files.
"""
from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from ..schema import Resolution
from ..escape import spreadsheet_text
from ..workbook import info_rows, reference_table, target_table, task_table

ENCODING = "utf-8-sig"  # the BOM tells Excel the file is UTF-8


def write_csv_folder(resolution: Resolution, folder: Path) -> None:
    """Write chi-tieu.csv, nhiem-vu.csv, van-ban-dan-chieu.csv and thong-tin.csv into ``folder``."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=folder.parent))
    try:
        staging.chmod(0o755)
        for table in (target_table(resolution), task_table(resolution), reference_table(resolution)):
            write_rows(staging / f"{table.file_stem}.csv", [c.header for c in table.columns], table.rows)
        write_rows(staging / "thong-tin.csv", ["Trường", "Giá trị"], [list(r) for r in info_rows(resolution)])
        replace_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_rows(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([spreadsheet_text(h) for h in header])
        writer.writerows([["" if v is None else spreadsheet_text(v) for v in row] for row in rows])


def replace_folder(staging: Path, folder: Path) -> None:
    """Move ``staging`` to ``folder``; an existing folder is swapped out, then removed."""
    if not folder.exists():
        staging.rename(folder)
        return
    if not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder")
    old = folder.with_name(f".{folder.name}.old-{staging.name[-8:]}")
    folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
