"""Writing output files so that a reader never sees half of one.

Every file nqparse produces is written to a temporary file in the target's folder and then
renamed over the target: a crash, a Ctrl-C or a bad input leaves either the old file or no
file, never a truncated one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary path)`` in ``target``'s folder, then rename it over ``target``."""
    target = Path(target)
    if target.is_dir():
        raise OutputError("is a folder: give a file name for the output", path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file ordinary permissions
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
