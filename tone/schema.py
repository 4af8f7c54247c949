"""The one result schema every output (CLI, API, reports) is built from.

Results are frozen; `to_dict` spells out the wire format field by field so the
schema is a decision, not whatever attributes an object happens to have.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tone.taxonomy import CATEGORIES, Severity

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Flag:
    """One span of a reply that shows a category, with why and what to write instead."""

    category: str
    start: int
    end: int
    text: str
    severity: Severity
    rule: str
    explanation: str
    suggestion: str | None
    detector: str
    probability: float

    def to_dict(self) -> dict:
        return {
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "severity": self.severity.value,
            "rule": self.rule,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "detector": self.detector,
            "probability": round(self.probability, 4),
        }


@dataclass(frozen=True)
class CategoryScore:
    """A category's probability for the reply, the threshold it was judged at, and who said what."""

    probability: float
    flagged: bool
    threshold: float
    sources: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict:
        return {
            "probability": round(self.probability, 4),
            "flagged": self.flagged,
            "threshold": round(self.threshold, 4),
            "sources": {name: round(p, 4) for name, p in self.sources},
        }


@dataclass(frozen=True)
class ReplyResult:
    id: str | None
    lang: str
    score: int
    categories: dict[str, CategoryScore]
    flags: tuple[Flag, ...]
    missing_ownership: bool
    company_fault: bool
    detector: str
    warnings: tuple[str, ...] = field(default=())

    def flagged_categories(self) -> list[str]:
        return [c for c in CATEGORIES if self.categories[c].flagged]

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "lang": self.lang,
            "score": self.score,
            "categories": {c: self.categories[c].to_dict() for c in CATEGORIES},
            "missing_ownership": self.missing_ownership,
            "company_fault": self.company_fault,
            "flags": [f.to_dict() for f in self.flags],
            "detector": self.detector,
            "warnings": list(self.warnings),
        }


def error_record(record_id: str | int | None, error: dict) -> dict:
    """The line that stands in for a reply that could not be scored."""
    return {"schema": SCHEMA_VERSION, "id": record_id, "error": error}
