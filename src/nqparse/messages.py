"""What the command line says, in the user's language: Vietnamese by default, English with
``--lang en`` or ``NQPARSE_LANG=en``.

The pipeline's errors keep a one-line English ``problem`` (the Python API and logs read it);
:func:`problem_text` gives it in the chosen language from the table in ``rules/messages.yaml``,
and :func:`say` gives the command line's own sentences by key.
"""
from __future__ import annotations

import os
import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel

from . import rules

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
ENV = "NQPARSE_LANG"


class Line(BaseModel):
    vi: str
    en: str


class ProblemWording(BaseModel):
    match: str
    vi: str

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.match, re.DOTALL)


class MessageRules(BaseModel):
    lines: dict[str, Line] = {}
    problems: list[ProblemWording] = []
    by_error: dict[str, str] = {}


def language() -> Language:
    """The language chosen by ``NQPARSE_LANG`` (``--lang`` sets it); Vietnamese otherwise."""
    chosen = os.environ.get(ENV, "").strip().lower()[:2]
    return "en" if chosen == "en" else "vi"


def _wording() -> MessageRules:
    return rules.load("messages", MessageRules)


def say(key: str, **values: object) -> str:
    """The command line's sentence ``key`` in the chosen language, its fields filled in."""
    line = _wording().lines[key]
    return (line.en if language() == "en" else line.vi).format(**values)


def problem_text(problem: str, error_class: type | None = None) -> str:
    """An error's English one-line ``problem`` in the chosen language.

    A problem no pattern of ``rules/messages.yaml`` words is given with the sentence of its
    error class and the English detail in brackets, so nothing the user needs is lost."""
    if language() == "en":
        return problem
    wording = _wording()
    for entry in wording.problems:
        found = entry.pattern.fullmatch(problem.strip())
        if found:
            return entry.vi.format(**{k: v or "" for k, v in found.groupdict().items()})
    for cls in (error_class.__mro__ if error_class else ()):
        sentence = wording.by_error.get(cls.__name__)
        if sentence:
            return f"{sentence} ({problem})"
    return problem


def error_line(exc: BaseException) -> str:
    """``FILE: problem`` for an error the pipeline raised on purpose, in the chosen language."""
    path = getattr(exc, "path", None)
    problem = getattr(exc, "problem", None) or str(exc)
    text = problem_text(problem.splitlines()[0] if problem else problem, type(exc))
    return f"{path}: {text}" if path else text
