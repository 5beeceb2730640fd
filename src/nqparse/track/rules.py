"""The rules of ``rules/tracking.yaml``: how a unit's results meet targets.

(When a task is due is read by the deadline grammar, ``rules/deadlines.yaml``.)
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .. import rules


class TrackingRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    share_units: list[str] = Field(default_factory=lambda: ["%"])
    per_unit_words: list[str] = Field(default_factory=list)
    approx_tolerance: float = Field(0.95, gt=0, le=1)


def tracking_rules() -> TrackingRules:
    return rules.load("tracking", TrackingRules)
