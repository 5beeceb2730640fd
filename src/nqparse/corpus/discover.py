"""Which files of an indexed folder are documents.

    >>> found = discover(["kho/"])
    >>> found.files, found.skipped        # paths to parse; (shown path, reason) set aside

1. Files with a supported extension under the given folders, recursively; hidden files, Office
   lock files (``~$…``), pipes, sockets and devices are left out.
2. A symbolic link whose target lies outside the folder it was found in is not followed unless
   the user asks (``--follow-links``): it is listed as skipped under its own name, never its
   target's. Links inside the folder are read once, under the file they point to.
3. After parsing, :func:`not_a_document` sets aside what is no document: a README, LICENSE,
   notes or a list of sources (named like one in ``rules/corpus.yaml`` and without a document
   header), or any file whose header has no number, no document type with an issuer or a date.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field

from .. import rules
from ..errors import BadInputError
from ..textkey import fold_tones

SUPPORTED_SUFFIXES = frozenset({".docx", ".pdf", ".doc", ".txt", ".md"})

# reasons a file is set aside (worded for the user in rules/messages.yaml: skipped_<reason>)
LINK_OUTSIDE = "link_outside"
NOTES_NAME = "notes_name"
NO_HEADER = "no_header"


class CorpusRules(BaseModel):
    """Schema of ``rules/corpus.yaml``."""

    model_config = ConfigDict(extra="forbid")
    not_documents: list[str] = Field(default_factory=list,
                                     description="Names (without extension) of the notes a folder carries: readme, license …")


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (the path as found, reason)


def discover(paths: Iterable[str | Path], follow_links: bool = False) -> Discovery:
    """Supported files under ``paths`` (folders recursively), sorted, each once.

    A file named explicitly is kept whatever its extension, so that an unsupported one is
    reported as a failure rather than silently ignored.
    """
    found: dict[str, Path] = {}
    skipped: dict[str, str] = {}
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise BadInputError("no such file or folder", path=p)
        if p.is_file():
            found.setdefault(str(p.resolve()), p.resolve())
            continue
        for full, outside in _walk(p, follow_links):
            if outside and not follow_links:
                skipped.setdefault(str(full), LINK_OUTSIDE)
                continue
            real = full.resolve()
            if real.is_file():   # not a named pipe, socket or device: reading one could block forever
                found.setdefault(str(real), real)
    return Discovery([found[k] for k in sorted(found)], sorted(skipped.items()))


def _walk(root: Path, follow_links: bool) -> Iterable[tuple[Path, bool]]:
    """(path as found under ``root``, whether it is a link leading outside ``root``)."""
    top = root.resolve()
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_links):
        here = Path(dirpath)
        real_here = str(here.resolve())
        if real_here in seen:          # a link loop, or a folder reached twice through links
            dirnames[:] = []
            continue
        seen.add(real_here)
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            sub = here / d
            if sub.is_symlink() and not _inside(sub, top):
                yield sub, True        # a folder elsewhere: listed, entered only with --follow-links
                if not follow_links:
                    continue
            keep.append(d)
        dirnames[:] = keep
        for name in filenames:
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            full = here / name
            yield full, not _inside(full, top)


def _inside(path: Path, top: Path) -> bool:
    try:
        return path.resolve().is_relative_to(top)
    except (OSError, RuntimeError):   # a link loop
        return False


def corpus_rules() -> CorpusRules:
    return rules.load("corpus", CorpusRules)


def named_like_notes(path: str | Path) -> bool:
    """README.md, LICENSE, notes-2025.txt, nguon.md … (names in ``rules/corpus.yaml``)."""
    stem = fold_tones(re.sub(r"[-_.]+", " ", Path(path).stem)).strip()
    for name in corpus_rules().not_documents:
        key = fold_tones(name)
        if stem == key or stem.startswith(key + " "):
            return True
    return False


def not_a_document(path: str, code: Optional[str], doc_type: Optional[str], date: Optional[str],
                   issuer: Optional[str]) -> Optional[str]:
    """Why a parsed file is no document (a reason key), or None when it is one.

    A document's header gives its number, or at least its type with its issuer or date. A file
    named like a README or notes must give both number and type to count as a document.
    """
    if named_like_notes(path):
        return None if code and doc_type else NOTES_NAME
    if code or (doc_type and (issuer or date)):
        return None
    return NO_HEADER
