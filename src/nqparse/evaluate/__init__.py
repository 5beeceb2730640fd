"""``nqparse eval``: precision, recall and accuracy against the team's gold annotations.

Gold lives in ``tests/gold/<aspect>/<stem>.json``. Every gold file names the document it
annotates, relative to the documents root (default ``../shared/corpus``)::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt", ...aspect data...}

Each aspect has a scorer module ``nqparse.evaluate.<aspect>`` exposing::

    def score(gold: dict, resolution: Resolution) -> list[FieldScore]

The runner parses each document once, hands it to every aspect's scorer, sums the counts
per (aspect, field) and compares them with the thresholds in ``rules/eval.yaml``.

A gold file may say ``"split": "heldout"``: it was written by reading a document the rules were
never tuned on, and its misses are not printed (so they cannot be tuned against). Scores are
summed per split as well as overall; the report shows the tuning and held-out figures apart.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from .thresholds import EvalRules, Threshold  # noqa: F401  (the model of rules/eval.yaml)

ASPECTS = ("metadata", "references", "indicators", "tasks", "bodies", "goals")


@dataclass
class FieldScore:
    """Counts for one field of one aspect. Use tp/fp/fn for set matching, correct/total for accuracy."""

    aspect: str
    field: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)   # human-readable notes on errors

    def add(self, other: "FieldScore") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.correct += other.correct
        self.total += other.total
        self.misses.extend(other.misses)

    @property
    def is_accuracy(self) -> bool:
        return self.total > 0 and self.tp == self.fp == self.fn == 0

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> Optional[float]:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    @property
    def accuracy(self) -> Optional[float]:
        return self.correct / self.total if self.total else None

    @property
    def headline(self) -> Optional[float]:
        """F1 for set-matched fields, accuracy for the others."""
        return self.accuracy if self.is_accuracy else self.f1


SPLITS = ("tuning", "heldout")


@dataclass
class EvalReport:
    scores: dict[tuple[str, str], FieldScore]
    documents: int
    failures: list[str]
    below: list[str]
    by_split: dict[str, dict[tuple[str, str], FieldScore]] = field(default_factory=dict)
    split_documents: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.below and not self.failures


def gold_files(gold_dir: Path, aspects: Iterable[str] = ASPECTS) -> dict[str, list[Path]]:
    return {a: sorted((gold_dir / a).glob("*.json")) for a in aspects if (gold_dir / a).is_dir()}


def split_of(gold: dict) -> str:
    return "heldout" if gold.get("split") == "heldout" else "tuning"


def run(
    gold_dir: Path,
    docs_root: Path,
    aspects: Iterable[str] = ASPECTS,
    parse: Optional[Callable[[Path], object]] = None,
    split: str = "all",
) -> EvalReport:
    """Score every gold file under ``gold_dir`` (of ``split``: tuning, heldout or all) against a
    fresh parse of its document."""
    from .. import rules
    from ..errors import NqparseError
    from ..pipeline import default_parser

    parse = parse or default_parser().parse
    cache: dict[Path, object] = {}
    scores: dict[tuple[str, str], FieldScore] = {}
    by_split: dict[str, dict[tuple[str, str], FieldScore]] = {s: {} for s in SPLITS}
    split_docs: dict[str, set[Path]] = {s: set() for s in SPLITS}
    failures: list[str] = []
    docs: set[Path] = set()
    for aspect, files in gold_files(gold_dir, aspects).items():
        scorer = importlib.import_module(f"{__name__}.{aspect}")
        for gold_path in files:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            part = split_of(gold)
            if split != "all" and part != split:
                continue
            doc_path = docs_root / gold["document"]
            if not doc_path.is_file():
                failures.append(f"{gold_path.name}: document not found: {doc_path}")
                continue
            if doc_path not in cache:
                try:
                    cache[doc_path] = parse(doc_path)
                except NqparseError as exc:
                    cache[doc_path] = exc
            result = cache[doc_path]
            docs.add(doc_path)
            split_docs[part].add(doc_path)
            if isinstance(result, Exception):
                failures.append(f"{gold_path.name}: {result}")
                continue
            for fs in scorer.score(gold, result):
                fs.misses = [f"{doc_path.name}: {m}" for m in fs.misses] if part == "tuning" else \
                    [f"(held out: {len(fs.misses)} misses not shown)"] if fs.misses else []
                key = (fs.aspect, fs.field)
                by_split[part].setdefault(key, FieldScore(fs.aspect, fs.field)).add(_copy(fs))
                scores.setdefault(key, FieldScore(fs.aspect, fs.field)).add(fs)
    thresholds = rules.load("eval", EvalRules).thresholds
    below = []
    for t in thresholds:
        table = scores if t.split == "all" else by_split.get(t.split, {})
        fs = table.get((t.aspect, t.field))
        if fs is not None and fs.headline is not None and fs.headline < t.minimum:
            where = "" if t.split == "all" else f" ({t.split})"
            below.append(f"{t.aspect}.{t.field}{where} = {fs.headline:.3f} < {t.minimum}")
    return EvalReport(scores=scores, documents=len(docs), failures=failures, below=below,
                      by_split={k: v for k, v in by_split.items() if v},
                      split_documents={k: len(v) for k, v in split_docs.items() if v})


def _copy(fs: FieldScore) -> FieldScore:
    return FieldScore(fs.aspect, fs.field, fs.tp, fs.fp, fs.fn, fs.correct, fs.total, list(fs.misses))


def format_report(report: EvalReport, show_misses: int = 0) -> str:
    lines = [f"documents: {report.documents}"]
    if len(report.by_split) > 1:
        for part in SPLITS:
            if part in report.by_split:
                lines += ["", f"== {part}: {report.split_documents.get(part, 0)} documents"]
                lines += _score_lines(report.by_split[part], show_misses if part == "tuning" else 0)
        lines += ["", "== all"]
    lines += _score_lines(report.scores, show_misses)
    for f in report.failures:
        lines.append(f"FAILED {f}")
    for b in report.below:
        lines.append(f"BELOW THRESHOLD {b}")
    lines.append("OK" if report.ok else "NOT OK")
    return "\n".join(lines)


def _score_lines(scores: dict[tuple[str, str], FieldScore], show_misses: int) -> list[str]:
    def pct(x: Optional[float]) -> str:
        return "   -  " if x is None else f"{x:6.3f}"

    lines = ["", f"{'aspect':<11} {'field':<22} {'prec':>6} {'recall':>6} {'F1':>6} {'acc':>6}   counts"]
    for (aspect, fld), fs in sorted(scores.items()):
        counts = f"tp={fs.tp} fp={fs.fp} fn={fs.fn}" if not fs.is_accuracy else f"{fs.correct}/{fs.total}"
        if fs.is_accuracy:
            lines.append(f"{aspect:<11} {fld:<22} {'':>6} {'':>6} {'':>6} {pct(fs.accuracy)}   {counts}")
        else:
            acc = pct(fs.accuracy) if fs.total else "      "
            lines.append(f"{aspect:<11} {fld:<22} {pct(fs.precision)} {pct(fs.recall)} {pct(fs.f1)} {acc}   {counts}")
        for miss in fs.misses[:show_misses]:
            lines.append(f"    - {miss}")
    return lines
