"""Does underthesea's NER earn a place in nqparse? Task leads, with and without it.

    python bench/ner_bench.py [--gold tests/gold]

Issue 14 asked to try underthesea's named-entity recogniser as a fallback for the task leads
the rules leave empty, and as a source of body names missing from rules/bodies.yaml, and to
keep it (opt-in) only if it raises lead recall on the team's gold without lowering precision.
This script is that trial, kept so that anyone can run it again on a newer underthesea: it
scores the task aspect of ``nqparse eval`` in one run with the rules alone, with the first
organisation (ORG) underthesea finds at a lead-less task's opening, and with ORG or LOC; on
the tuning and the held-out gold apart. Results and the decision: bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from nqparse import api, evaluate  # noqa: E402
from nqparse.document import StructuredDocument  # noqa: E402
from nqparse.extract.bodies import body_id, name_key  # noqa: E402
from nqparse.schema import Body, BodyKind, Span, Task  # noqa: E402

FIELDS = ("tasks_lead", "lead")

SENTENCE_END = re.compile(r"[.;:\n]")
MOST_CHARS = 300  # underthesea's ner is ~10k chars/s: a task's opening sentence, not its whole text


@dataclass(frozen=True)
class Organisation:
    name: str
    start: int      # offsets into the document's text
    end: int


def organisations(text: str, offset: int = 0, kinds: tuple[str, ...] = ("ORG",)) -> list[Organisation]:
    """The entities of ``kinds`` underthesea tags in ``text`` (B- followed by I- words), with offsets."""
    begins, inside = {f"B-{k}" for k in kinds}, {f"I-{k}" for k in kinds}
    from underthesea import ner

    found: list[Organisation] = []
    pos = 0
    current: list[tuple[int, int]] = []

    def close() -> None:
        if current:
            start, end = current[0][0], current[-1][1]
            found.append(Organisation(text[start:end], offset + start, offset + end))
            current.clear()

    for word, _pos, _chunk, tag in ner(text):
        at = text.find(word, pos)
        if at < 0:           # underthesea re-spaced the word: keep the offsets honest, drop the tag
            close()
            continue
        pos = at + len(word)
        if tag in begins or (tag in inside and not current):
            close()
            current.append((at, pos))
        elif tag in inside:
            current.append((at, pos))
        else:
            close()
    close()
    return [o for o in found if len(o.name.split()) >= 2]  # "Đảng" alone is not a body


def _opening(text: str, start: int, end: int) -> tuple[int, int]:
    stop = SENTENCE_END.search(text, start, min(end, start + MOST_CHARS))
    return start, stop.start() if stop else min(end, start + MOST_CHARS)


def fill_missing_leads(doc: StructuredDocument, tasks: list[Task], bodies: list[Body],
                       kinds: tuple[str, ...] = ("ORG",)) -> list[Body]:
    """Give each task without a lead the organisation underthesea finds at its opening; returns
    the bodies list with the organisations it added."""
    known = {name_key(n): b.id for b in bodies for n in [b.name, *b.aliases]}
    added: dict[str, Body] = {}
    for task in tasks:
        if task.lead:
            continue
        start, end = _opening(doc.text, task.span.start, task.span.end)
        orgs = organisations(doc.text[start:end], start, kinds)
        if not orgs or orgs[0].start - start > 60:  # the subject opens the sentence
            continue
        org = orgs[0]
        ident = known.get(name_key(org.name)) or body_id(org.name)
        if ident not in known.values() and ident not in added:
            added[ident] = Body(id=ident, name=org.name, kind=BodyKind.KHAC, aliases=[],
                                mentions=[Span(start=org.start, end=org.end, quote=org.name)])
        task.lead = [ident]
    return [*bodies, *added.values()]


def unknown_organisations(doc: StructuredDocument, bodies: list[Body]) -> list[Organisation]:
    """Organisations named in the document's paragraphs that no extracted body covers."""
    covered = [(s.start, s.end) for b in bodies for s in b.mentions]
    found: list[Organisation] = []
    for p in doc.paragraphs:
        for org in organisations(doc.text[p.start:p.end], p.start):
            if not any(s < org.end and org.start < e for s, e in covered):
                found.append(org)
    return found


def score(gold: Path, docs: Path) -> tuple[dict, float]:
    started = time.perf_counter()
    report = evaluate.run(gold, docs, ["tasks"], split="all")
    table = {(part, field): fs for part, scores in report.by_split.items()
             for (_aspect, field), fs in scores.items() if field in FIELDS}
    return table, time.perf_counter() - started


def with_ner(extract, kinds):
    def run(doc):
        resolution = extract(doc)
        resolution.bodies = fill_missing_leads(doc, resolution.tasks, resolution.bodies, kinds)
        return resolution
    return run


def cell(fs) -> str:
    if fs is None:
        return "-"
    if fs.is_accuracy:
        return f"{fs.accuracy:.3f} ({fs.correct}/{fs.total})"
    return f"P {fs.precision:.3f} R {fs.recall:.3f} F1 {fs.f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold")
    parser.add_argument("--docs", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    runs = {"rules only": None, "+ NER (ORG)": ("ORG",), "+ NER (ORG or LOC)": ("ORG", "LOC")}
    tables, seconds = {}, {}
    original = api.extract
    for name, kinds in runs.items():
        api.extract = original if kinds is None else with_ner(original, kinds)
        try:
            tables[name], seconds[name] = score(args.gold, args.docs)
        finally:
            api.extract = original
    print("| gold | field | " + " | ".join(runs) + " |")
    print("|---|---|" + "---|" * len(runs))
    for part in evaluate.SPLITS:
        for field in FIELDS:
            print(f"| {part} | {field} | " + " | ".join(cell(tables[n].get((part, field))) for n in runs) + " |")
    print("\nwall time of the task evaluation: " + ", ".join(f"{n} {s:.1f} s" for n, s in seconds.items()))
    seed = args.docs / "seed" / "03-nq-duk-tra-vinh-2022.txt"
    if seed.is_file():
        doc = api.analyse(seed)
        resolution = api.extract(doc)
        unknown = unknown_organisations(doc, resolution.bodies)
        print(f"\nseed: {len(resolution.bodies)} bodies from the rules; underthesea names {len(unknown)} "
              "organisations they do not cover: " + "; ".join(sorted({o.name for o in unknown})))


if __name__ == "__main__":
    main()
