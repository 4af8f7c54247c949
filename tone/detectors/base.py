"""The one small interface every detector (phrase rules, the transformer scorer) implements."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from tone.analysis import Analysis
from tone.taxonomy import Severity


@dataclass(frozen=True)
class Evidence:
    """A span a detector attributes to a category, with the reasoning to show the user."""

    category: str
    start: int
    end: int
    probability: float
    severity: Severity
    source: str  # rule id or model head name
    detector: str
    message: dict[str, str] = field(hash=False, compare=False)
    suggestion: str | None = None


@dataclass(frozen=True)
class Detection:
    """What one detector says about one reply."""

    detector: str
    probabilities: dict[str, float]
    evidence: tuple[Evidence, ...]
    company_fault: float | None = None


class Detector(Protocol):
    name: str

    def detect(self, analysis: Analysis) -> Detection: ...

    def detect_many(self, analyses: list[Analysis]) -> list[Detection]: ...
