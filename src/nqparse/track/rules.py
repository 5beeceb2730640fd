"""The rules of ``rules/tracking.yaml``: deadline phrases and how results meet targets."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import rules


class TrackingRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    periods: dict[str, int] = Field(description="Phrase → month (1–12) the period ends in.")
    recurring: list[str] = Field(default_factory=list, description="Words of a recurring deadline.")
    share_units: list[str] = Field(default_factory=lambda: ["%"])
    per_unit_words: list[str] = Field(default_factory=list)
    approx_tolerance: float = Field(0.95, gt=0, le=1)

    @field_validator("periods")
    @classmethod
    def months_exist(cls, periods: dict[str, int]) -> dict[str, int]:
        bad = [k for k, v in periods.items() if not 1 <= v <= 12]
        if bad:
            raise ValueError(f"month must be 1–12 for {', '.join(bad)}")
        return periods


def tracking_rules() -> TrackingRules:
    return rules.load("tracking", TrackingRules)
