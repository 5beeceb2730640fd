"""The minimum scores ``nqparse eval`` holds the parser to (``rules/eval.yaml``)."""
from __future__ import annotations

from pydantic import BaseModel


class Threshold(BaseModel):
    aspect: str
    field: str
    minimum: float
    split: str = "all"


class EvalRules(BaseModel):
    thresholds: list[Threshold] = []
