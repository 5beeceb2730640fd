"""Stable ids for extracted items: '<document code>#<section path>-<kind><n>'.

Targets carry no kind letter ('03-NQ/ĐUK#I.2.2-3'); tasks 'NV' ('03-NQ/ĐUK#III.2-NV1') and
goals 'MT', so no two items of one document share an id. The same file parsed twice yields
the same ids, so a tracking sheet filled last month still lines up with a re-parse.
Documents without a code use a short hash of their text.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict


def document_key(code: str | None, text: str) -> str:
    if code:
        return code
    return "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


class IdMaker:
    """Numbers items 1, 2, 3 … within each section of one document."""

    def __init__(self, key: str, kind: str = ""):
        self.key = key
        self.kind = kind
        self._counts: dict[str, int] = defaultdict(int)

    def __call__(self, section: str | None) -> str:
        place = section or "0"
        self._counts[place] += 1
        return f"{self.key}#{place}-{self.kind}{self._counts[place]}"
