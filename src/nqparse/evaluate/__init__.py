"""``nqparse eval``: precision, recall and accuracy against the team's gold annotations.

Gold lives in ``tests/gold/<aspect>/<stem>.json``. Every gold file names the document it
annotates, relative to the documents root (default ``../shared/corpus``)::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt", ...aspect data...}

Each aspect has a scorer module ``nqparse.evaluate.<aspect>`` exposing::

    def score(gold: dict, resolution: Resolution) -> list[FieldScore]

The runner parses each document once, hands it to every aspect's scorer, sums the counts
per (aspect, field) and compares them with the thresholds in ``rules/eval.yaml``.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from pydantic import BaseModel

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


class Threshold(BaseModel):
    aspect: str
    field: str
    minimum: float


class EvalRules(BaseModel):
    thresholds: list[Threshold] = []


@dataclass
class EvalReport:
    scores: dict[tuple[str, str], FieldScore]
    documents: int
    failures: list[str]
    below: list[str]

    @property
    def ok(self) -> bool:
        return not self.below and not self.failures


def gold_files(gold_dir: Path, aspects: Iterable[str] = ASPECTS) -> dict[str, list[Path]]:
    return {a: sorted((gold_dir / a).glob("*.json")) for a in aspects if (gold_dir / a).is_dir()}


def run(
    gold_dir: Path,
    docs_root: Path,
    aspects: Iterable[str] = ASPECTS,
    parse: Optional[Callable[[Path], object]] = None,
) -> EvalReport:
    """Score every gold file under ``gold_dir`` against a fresh parse of its document."""
    from .. import api, rules
    from ..errors import NqparseError

    parse = parse or api.parse
    cache: dict[Path, object] = {}
    scores: dict[tuple[str, str], FieldScore] = {}
    failures: list[str] = []
    docs: set[Path] = set()
    for aspect, files in gold_files(gold_dir, aspects).items():
        scorer = importlib.import_module(f"{__name__}.{aspect}")
        for gold_path in files:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
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
            if isinstance(result, Exception):
                failures.append(f"{gold_path.name}: {result}")
                continue
            for fs in scorer.score(gold, result):
                fs.misses = [f"{doc_path.name}: {m}" for m in fs.misses]
                scores.setdefault((fs.aspect, fs.field), FieldScore(fs.aspect, fs.field)).add(fs)
    thresholds = rules.load("eval", EvalRules).thresholds
    below = []
    for t in thresholds:
        fs = scores.get((t.aspect, t.field))
        if fs is not None and fs.headline is not None and fs.headline < t.minimum:
            below.append(f"{t.aspect}.{t.field} = {fs.headline:.3f} < {t.minimum}")
    return EvalReport(scores=scores, documents=len(docs), failures=failures, below=below)


def format_report(report: EvalReport, show_misses: int = 0) -> str:
    def pct(x: Optional[float]) -> str:
        return "   -  " if x is None else f"{x:6.3f}"

    lines = [f"documents: {report.documents}", "",
             f"{'aspect':<11} {'field':<22} {'prec':>6} {'recall':>6} {'F1':>6} {'acc':>6}   counts"]
    for (aspect, fld), fs in sorted(report.scores.items()):
        counts = f"tp={fs.tp} fp={fs.fp} fn={fs.fn}" if not fs.is_accuracy else f"{fs.correct}/{fs.total}"
        if fs.is_accuracy:
            lines.append(f"{aspect:<11} {fld:<22} {'':>6} {'':>6} {'':>6} {pct(fs.accuracy)}   {counts}")
        else:
            acc = pct(fs.accuracy) if fs.total else "      "
            lines.append(f"{aspect:<11} {fld:<22} {pct(fs.precision)} {pct(fs.recall)} {pct(fs.f1)} {acc}   {counts}")
        for miss in fs.misses[:show_misses]:
            lines.append(f"    - {miss}")
    for f in report.failures:
        lines.append(f"FAILED {f}")
    for b in report.below:
        lines.append(f"BELOW THRESHOLD {b}")
    lines.append("OK" if report.ok else "NOT OK")
    return "\n".join(lines)
