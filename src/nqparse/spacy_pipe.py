"""nqparse as a spaCy pipeline component.

    >>> import spacy
    >>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    >>> nlp.add_pipe("nqparse")          # found through the ``spacy_factories`` entry point
    >>> doc = nlp(text)
    >>> [(s.text, s._.code) for s in doc.spans["nq_references"]]
    >>> [(s._.comparator, s._.value, s._.unit) for s in doc.spans["nq_indicators"]]

The component parses ``doc.text`` as a document and fills four span groups — one span per
place the document says the item, in the caller's own text:

- ``nq_references``: every mention of a cited document; ``._.code``, ``._.doc_type``, ``._.date``;
- ``nq_indicators``: the targets; ``._.comparator``, ``._.value``, ``._.high``, ``._.unit``;
- ``nq_tasks``: the tasks; ``._.lead``, ``._.partners`` (body ids), ``._.due`` (ISO date);
- ``nq_bodies``: every mention of a body (agency, committee); the label is its kind;

and every span's ``._.nq`` is the item itself (a :class:`~nqparse.schema.Reference`,
:class:`~nqparse.schema.Indicator` …); ``Doc._.nq`` is the whole
:class:`~nqparse.schema.Resolution`. The parser's spans point into its normalized text;
:mod:`nqparse.offsets` maps them back, and each span is ``doc.char_span(start, end,
alignment_mode="expand")`` — whole tokens covering the item.

This module imports spaCy; ``import nqparse`` never does.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

if TYPE_CHECKING:  # spaCy imports this module whenever it starts a pipeline: keep it light
    from .offsets import OffsetMap
    from .schema import Span as ItemSpan

REFERENCES, INDICATORS, TASKS, BODIES = "nq_references", "nq_indicators", "nq_tasks", "nq_bodies"
_KEY = "nqparse"  # doc.user_data[_KEY, span id] = (item, its attributes)
SPAN_ATTRIBUTES = ("code", "doc_type", "date", "comparator", "value", "high", "unit", "lead", "partners",
                   "due", "nq")


def register_extensions() -> None:
    """Declare ``Span._.code`` … ``Span._.nq`` and ``Doc._.nq`` unless already declared.

    A span's attributes are read, through its ``id_`` ("nq_tasks:3"), from what the component
    stored for its item: spans over the same characters (a task and the target it states)
    keep their own."""
    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=partial(_attribute, name=name))
    if not Doc.has_extension("nq"):
        Doc.set_extension("nq", default=None)


def _attribute(span: Span, name: str) -> Any:
    stored = span.doc.user_data.get((_KEY, span.id_))
    if stored is None:
        return None
    item, attributes = stored
    return item if name == "nq" else attributes.get(name)


class NqparseComponent:
    """Parses each Doc's text with nqparse and fills the ``nq_*`` span groups and ``Doc._.nq``.

    ``rules``: overlay folders merged over the package rules, as ``nqparse parse --rules``
    (validated when the component is made); empty: the default rules."""

    def __init__(self, nlp: Language, name: str = "nqparse", rules: Iterable[str] = ()):
        from . import Parser

        self.name = name
        self.rules = [str(folder) for folder in rules]
        self.parser = Parser(rules=self.rules or None)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        for key in (REFERENCES, INDICATORS, TASKS, BODIES):
            doc.spans[key] = []
        for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:1] == (_KEY,)]:
            del doc.user_data[key]
        if not doc.text.strip():
            return doc
        result = self.parser.parse_text(doc.text)
        doc._.nq = result
        offsets = result.offsets(doc.text)
        doc.spans[REFERENCES] = _spans(doc, offsets, REFERENCES, (
            (m, "REFERENCE", ref, {"code": ref.code, "doc_type": ref.doc_type, "date": ref.date})
            for ref in result.references for m in ref.mentions or [ref.span]))
        doc.spans[INDICATORS] = _spans(doc, offsets, INDICATORS, (
            (ind.span, "INDICATOR", ind, {"comparator": ind.comparator.value if ind.comparator else None,
                                          "value": ind.value, "high": ind.high, "unit": ind.unit})
            for ind in result.indicators))
        doc.spans[TASKS] = _spans(doc, offsets, TASKS, (
            (task.span, "TASK", task, {"lead": list(task.lead), "partners": list(task.partners), "due": task.due})
            for task in result.tasks))
        doc.spans[BODIES] = _spans(doc, offsets, BODIES, (
            (m, body.kind.value, body, {}) for body in result.bodies for m in body.mentions))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _spans(doc: Doc, offsets: "OffsetMap", group: str,
           items: Iterable[tuple["ItemSpan", str, Any, dict[str, Any]]]) -> list[Span]:
    """One spaCy span per item span that lands in the caller's text, in text order."""
    made: dict[tuple[int, int, int], Span] = {}
    for where, label, item, attributes in items:
        place: Optional[tuple[int, int]] = offsets.original_span(where.start, where.end)
        if place is None:
            continue  # text the loader added: nothing of it in the caller's text
        key = f"{group}:{len(made)}"
        span = doc.char_span(*place, label=label, alignment_mode="expand", span_id=key)
        if span is None or (span.start, span.end, id(item)) in made:
            continue
        made[span.start, span.end, id(item)] = span
        doc.user_data[_KEY, key] = (item, attributes)
    return sorted(made.values(), key=lambda s: (s.start, s.end))


@Language.factory("nqparse", default_config={"rules": []})
def make_component(nlp: Language, name: str, rules: list[str]) -> NqparseComponent:
    """The ``nqparse`` factory: ``nlp.add_pipe("nqparse")``, or with other rules
    ``nlp.add_pipe("nqparse", config={"rules": ["quy-tac/"]})``."""
    return NqparseComponent(nlp, name, rules)
