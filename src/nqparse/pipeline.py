"""The parser: one rule set and a list of named components, run in order over a document.

    >>> import nqparse
    >>> parser = nqparse.Parser(rules=["quy-tac/"])    # package rules + quy-tac/*.yaml
    >>> parser.pipe_names
    ['load', 'normalize', 'structure', 'references', 'bodies', 'indicators', 'tasks', 'goals']
    >>> r = parser.parse("nghi-quyet.docx")             # or parser("nghi-quyet.docx")

Each component is ``component(state, rules) -> state``: it reads what the earlier ones put on
the :class:`ParseState` and adds its own part (``load`` the :class:`SourceDocument`,
``structure`` the :class:`StructuredDocument`, ``tasks`` the tasks …). While a component runs its
Parser's :class:`~nqparse.rules.Rules` is the active rule set (``rules.load`` in the deep helpers
reads it), for this thread only: two Parsers with different rules can run side by side.

``nqparse.parse``, ``parse_text``, ``plan`` and ``index`` use a Parser over the active rule set
(the package rules plus ``NQPARSE_RULES``, unless ``rules.using`` says otherwise).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Sequence, Union

from . import rules as rules_module
from .errors import BadInputError, NqparseError
from .rules import Rules

if TYPE_CHECKING:  # pragma: no cover
    from .corpus.index import IndexReport
    from .document import NormalizedDocument, StructuredDocument
    from .load.ocr import OcrSettings
    from .schema import Body, Goal, Indicator, ParseWarning, Reference, Resolution, Task
    from .source import SourceDocument

Source = Union[str, Path, bytes]
Component = Callable[["ParseState", Rules], "ParseState"]

# Extensions that make a one-line string a path even when no such file exists ("file not found").
PATH_SUFFIXES = frozenset({".docx", ".docm", ".pdf", ".doc", ".rtf", ".txt", ".md", ".markdown", ".text",
                           ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".html", ".htm"})


@dataclass
class ParseState:
    """A document on its way through the pipeline: the input, then what each component found."""

    input: Union[str, Path, bytes, None] = None     # a path, the file's bytes, or the text itself
    filename: Optional[str] = None                   # names the format of bytes; the path of text
    password: Optional[str] = None
    ocr: "OcrSettings | str | None" = None
    is_text: bool = False                            # ``input`` is the document's text, not a path
    stage: str = ""                                  # the component running (or the last one run)
    source: "Optional[SourceDocument]" = None        # load
    normalized: "Optional[NormalizedDocument]" = None   # normalize
    structured: "Optional[StructuredDocument]" = None   # structure
    references: "list[Reference]" = field(default_factory=list)
    bodies: "list[Body]" = field(default_factory=list)
    indicators: "list[Indicator]" = field(default_factory=list)
    tasks: "list[Task]" = field(default_factory=list)
    goals: "list[Goal]" = field(default_factory=list)
    warnings: "list[ParseWarning]" = field(default_factory=list)   # the extractors' own

    def resolution(self) -> "Resolution":
        """The tracking schema of what the components found (needs at least ``structure``)."""
        from .schema import OcrPageInfo, ParseWarning, Resolution, SourceInfo
        from .extract.tables import table_info, unread_warnings

        doc = self.structured
        if doc is None:
            raise NqparseError("the pipeline has no 'structure' component: nothing to assemble")
        src = doc.normalized.source
        if src.ocr_pages:
            for item in (*self.indicators, *self.tasks, *self.goals, *self.references):
                item.confidence = ocr_confidence(doc, item.span.start, item.span.end)
        warnings = [ParseWarning(code="source", message=w) for w in src.warnings]  # what the loader noticed
        warnings += list(doc.normalized.warnings) + list(doc.warnings)
        return Resolution(
            source=SourceInfo(path=src.path, format=src.format, sha256=src.sha256, pages=src.pages,
                              encoding=src.encoding,
                              ocr_pages=[OcrPageInfo(page=n, confidence=c) for n, c in sorted(src.ocr_pages.items())]),
            metadata=doc.metadata,
            outline=doc.outline,
            goals=self.goals,
            indicators=self.indicators,
            tasks=self.tasks,
            bodies=self.bodies,
            references=self.references,
            tables=table_info(doc),
            warnings=warnings + self.warnings + unread_warnings(doc, self.tasks, self.indicators),
            text=doc.text,
        )


def ocr_confidence(doc: "StructuredDocument", start: int, end: int) -> Optional[float]:
    """The OCR confidence of the text between ``start`` and ``end``: the lowest of its lines'
    (of its pages' when a line has none)."""
    src, text = doc.normalized.source, doc.normalized
    first, last = text.paragraph_index_at(start), text.paragraph_index_at(max(start, end - 1))
    blocks = [src.blocks[b] for p in doc.paragraphs[first:last + 1] if p.start < max(end, start + 1) and p.end > start
              for b in p.blocks if b < len(src.blocks)]
    scores = [b.confidence if b.confidence is not None else src.ocr_pages.get(b.page) for b in blocks]
    scores = [s for s in scores if s is not None]
    return min(scores) if scores else None


# -- the components ---------------------------------------------------------------------------------


def is_path(value: str) -> bool:
    """A one-line string is a path when such a file exists or it ends in a document extension;
    anything else (a sentence, a multi-line text) is the document's text."""
    if "\n" in value or len(value) > 4096:
        return False
    path = Path(value)
    try:
        if path.exists():
            return True
    except (OSError, ValueError):   # a name too long for the file system, a NUL byte
        return False
    return path.suffix.lower() in PATH_SUFFIXES


def load(state: ParseState, rules: Rules) -> ParseState:
    """Read the input — a path, bytes (``filename`` names the format) or text — into a SourceDocument."""
    from .load import load_bytes, load_path, sniff_format
    from .load.text import load_text_string

    source = state.input
    if isinstance(source, bytes):
        name = Path(state.filename or "upload.txt")
        if not source:
            raise BadInputError("file is empty", path=name)
        doc = load_bytes(source, sniff_format(name, source[:8]), path=name, password=state.password, ocr=state.ocr)
        doc.sha256 = hashlib.sha256(source).hexdigest()
    elif isinstance(source, str) and (state.is_text or not is_path(source)):
        if not source.strip():
            raise BadInputError("the text is empty", path=state.filename)
        doc = load_text_string(source, path=state.filename)
    elif isinstance(source, (str, Path)):
        try:
            doc = load_path(source, password=state.password, ocr=state.ocr)
        except BadInputError as exc:
            if isinstance(source, str) and exc.problem == "file not found":
                exc.problem = "file not found (to parse a text, call nqparse.parse_text)"
                exc.args = (f"{exc.path}: {exc.problem}",)
            raise
    else:
        raise TypeError(f"nqparse reads a path, bytes or text, not {type(source).__name__}")
    state.source = doc
    return state


def normalize(state: ParseState, rules: Rules) -> ParseState:
    """One clean text with paragraphs pointing back to the source blocks."""
    from .normalize import normalize as normalize_source

    state.normalized = normalize_source(_need(state.source, "load"))
    return state


def structure(state: ParseState, rules: Rules) -> ParseState:
    """Header, outline, closing and what each table holds."""
    from .structure import structure as structure_text

    state.structured = structure_text(_need(state.normalized, "normalize"))
    return state


def references(state: ParseState, rules: Rules) -> ParseState:
    """Every document cited, with its canonical code and all its mentions."""
    from .extract.references import find_references

    state.references, warnings = find_references(_need(state.structured, "structure"))
    state.warnings += warnings
    return state


def bodies(state: ParseState, rules: Rules) -> ParseState:
    """Every organisation named (Ban Tuyên giáo, Sở Nội vụ, các chi bộ …)."""
    from .extract.bodies import find_bodies

    state.bodies = find_bodies(_need(state.structured, "structure"))
    return state


def indicators(state: ParseState, rules: Rules) -> ParseState:
    """Targets (chỉ tiêu) of the text and of target tables, each once."""
    from .extract.indicators import find_indicators
    from .extract.tables import merge_restated, table_targets

    doc = _need(state.structured, "structure")
    found, warnings = find_indicators(doc, state.bodies)
    state.indicators = merge_restated(found, table_targets(doc))
    state.warnings += warnings
    return state


def tasks(state: ParseState, rules: Rules) -> ParseState:
    """Task items with their lead, partners, deadline and the documents they cite."""
    from .extract.tasks import find_tasks

    state.tasks = find_tasks(_need(state.structured, "structure"), state.bodies, state.references)
    return state


def goals(state: ParseState, rules: Rules) -> ParseState:
    """General and specific goals (mục tiêu)."""
    from .extract.goals import find_goals

    state.goals = find_goals(_need(state.structured, "structure"))
    return state


def _need(value: Any, component: str) -> Any:
    if value is None:
        raise NqparseError(f"the pipeline needs the '{component}' component before this one")
    return value


COMPONENTS: dict[str, Component] = {
    "load": load, "normalize": normalize, "structure": structure, "references": references,
    "bodies": bodies, "indicators": indicators, "tasks": tasks, "goals": goals,
}
DEFAULT_PIPELINE: tuple[str, ...] = tuple(COMPONENTS)
READING = ("load", "normalize", "structure")     # what :meth:`Parser.analyse` runs
STAGES = {"load": "load", "normalize": "normalize", "structure": "structure"}   # others: "extract"


def stage_of(component: str) -> str:
    """The stage a failure is reported under: load, normalize, structure, or extract."""
    return STAGES.get(component, "extract")


# -- the rule files and their models -----------------------------------------------------------------


def rule_models() -> dict:
    """Which model validates which rule file (imported only to check an overlay folder)."""
    from .evaluate.thresholds import EvalRules
    from .extract.citation_codes import ReferenceRules
    from .extract.deadlines import DeadlineRules
    from .extract.known_documents import KnownDocuments
    from .extract.vocabulary import BodyRules, IndicatorRules, SectionRules
    from .load.scan import OcrRules
    from .load.text import TextCleanupRules
    from .messages import MessageRules
    from .plan.vocabulary import PlanRules
    from .structure.rules import HeaderRules
    from .structure.tables import TableRules
    from .track.rules import TrackingRules

    return {"header": HeaderRules, "tables": TableRules, "indicators": IndicatorRules, "bodies": BodyRules,
            "sections": SectionRules, "deadlines": DeadlineRules, "references": ReferenceRules,
            "known_documents": KnownDocuments, "text_cleanup": TextCleanupRules, "ocr": OcrRules,
            "plan": PlanRules, "tracking": TrackingRules, "eval": EvalRules, "messages": MessageRules}


def checked_rules(overlays: Iterable[Union[str, Path]], *, environment: bool = False) -> Rules:
    """A Rules over ``overlays`` whose files are validated now (a bad one is a RulesError naming it)."""
    rules = Rules(overlays, environment=environment)
    return rules.check(rule_models()) if rules.overlays else rules


# -- the parser ---------------------------------------------------------------------------------------


class Parser:
    """A rule set and a pipeline of named components; independent of every other Parser.

    ``rules``: a :class:`~nqparse.rules.Rules`, a list of overlay folders merged over the package
    rules (validated now: a bad file is a :class:`~nqparse.errors.RulesError` naming it), or
    None for the active rule set at each call (the process default: package rules plus
    ``NQPARSE_RULES``). ``components``: names of built-in components and ``(name, function)``
    pairs, in order (default: every built-in one).
    """

    def __init__(self, rules: Union[Rules, Iterable[Union[str, Path]], None] = None,
                 components: Optional[Sequence[Union[str, tuple[str, Component]]]] = None):
        if rules is not None and not isinstance(rules, Rules):
            rules = checked_rules(rules)
        self._rules: Optional[Rules] = rules
        self.pipeline: list[tuple[str, Component]] = []
        for entry in components if components is not None else DEFAULT_PIPELINE:
            name, component = (entry, COMPONENTS.get(entry)) if isinstance(entry, str) else entry
            if component is None:
                raise ValueError(f"no component named {name!r} (built-in: {', '.join(COMPONENTS)})")
            self.pipeline.append((name, component))

    def __repr__(self) -> str:
        return f"Parser(rules={self._rules!r}, components={self.pipe_names!r})"

    @property
    def rules(self) -> Rules:
        """The rule set the components read (the active one when the Parser was made without)."""
        return self._rules if self._rules is not None else rules_module.active()

    @property
    def pipe_names(self) -> list[str]:
        return [name for name, _ in self.pipeline]

    # -- running ---------------------------------------------------------------------------------------

    def make_state(self, source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
                   ocr: "OcrSettings | str | None" = None, is_text: bool = False) -> ParseState:
        return ParseState(input=source, filename=str(filename) if filename else None, password=password,
                          ocr=ocr, is_text=is_text)

    def run(self, state: ParseState, *, only: Optional[Iterable[str]] = None) -> ParseState:
        """Run the components (those named in ``only``, if given) over ``state`` in order.
        ``state.stage`` names the component that was running when one raises."""
        wanted = set(only) if only is not None else None
        rules = self.rules
        with rules_module.using(rules):
            for name, component in self.pipeline:
                if wanted is None or name in wanted:
                    state.stage = name
                    state = component(state, rules)
        return state

    def resolution(self, state: ParseState) -> "Resolution":
        """Assemble the tracking schema from a state the components have run over."""
        with rules_module.using(self.rules):
            return state.resolution()

    def parse(self, source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
              ocr: "OcrSettings | str | None" = None) -> "Resolution":
        """Parse a document — a path, its bytes (``filename`` names the format) or its text — into
        the tracking schema.

        A ``str`` is a path when such a file exists or it ends in a document extension (.docx,
        .pdf, .txt …); any other string (a sentence, a multi-line text) is the text itself — use
        :meth:`parse_text` to say so. ``ocr`` says how scans are read: "auto" (default), "always",
        "never", or a :class:`nqparse.load.ocr.OcrSettings`.

        Raises :class:`~nqparse.errors.BadInputError` (one line naming the file) for input that
        cannot be read; never returns a half-filled result silently.
        """
        return self.resolution(self.run(self.make_state(source, filename=filename, password=password, ocr=ocr)))

    __call__ = parse

    def parse_text(self, text: str, *, filename: Optional[str] = None) -> "Resolution":
        """Parse the text of a document (even one line: "Thực hiện Nghị quyết số 12-NQ/TW …")."""
        if not isinstance(text, str):
            raise TypeError(f"parse_text reads a str, not {type(text).__name__}")
        return self.resolution(self.run(self.make_state(text, filename=filename, is_text=True)))

    def analyse(self, source: Source, *, filename: Optional[str] = None, password: Optional[str] = None,
                ocr: "OcrSettings | str | None" = None) -> "StructuredDocument":
        """Load, normalize and structure a document (no extraction)."""
        state = self.run(self.make_state(source, filename=filename, password=password, ocr=ocr), only=READING)
        return _need(state.structured, "structure")

    def extract(self, doc: "StructuredDocument") -> "Resolution":
        """Run the extraction components over a document already structured."""
        state = ParseState(source=doc.normalized.source, normalized=doc.normalized, structured=doc)
        return self.resolution(self.run(state, only=[n for n in self.pipe_names if n not in READING]))

    # -- what is built on parsing -------------------------------------------------------------------------

    def plan(self, source: Source, units: Union[str, Path], out_dir: Union[str, Path], *, fmt: str = "docx",
             template_dir: Union[str, Path, None] = None) -> list[Path]:
        """Draft one Kế hoạch thực hiện per unit of ``units`` (YAML/CSV/XLSX) into ``out_dir``."""
        from .plan import generate_plans
        from .plan.units import read_units

        resolution = self.parse(source)
        with rules_module.using(self.rules):
            return generate_plans(resolution, read_units(Path(units)), Path(out_dir), fmt,
                                  Path(template_dir) if template_dir else None)

    def index(self, paths: Iterable[Union[str, Path]], db: Union[str, Path], *, jobs: Optional[int] = None,
              dask: Optional[str] = None, force: bool = False, progress: bool = False) -> "IndexReport":
        """Parse many documents into the SQLite corpus index at ``db`` (failures are recorded,
        unchanged files skipped); ``jobs`` worker processes or a Dask scheduler at ``dask``."""
        from .corpus.index import index_paths

        return index_paths([Path(p) for p in paths], Path(db), jobs=jobs, dask_address=dask, force=force,
                           progress=progress, parser=self)


_default = Parser()   # over the active rule set: holds no rules of its own


def default_parser() -> Parser:
    """The Parser ``nqparse.parse`` and friends use: the built-in components over the active rules."""
    return _default
