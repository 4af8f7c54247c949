"""The categories of TAXONOMY.md and the severities flags carry."""
from __future__ import annotations

from enum import Enum

NEGATIVE_CATEGORIES = (
    "scripted",
    "blame_shifting",
    "runaround",
    "favor_framing",
    "condescension",
    "vague_commitment",
    "lip_service",
)
POSITIVE_CATEGORIES = ("ownership", "concrete_commitment")
CATEGORIES = NEGATIVE_CATEGORIES + POSITIVE_CATEGORIES

SUPPORTED_LANGUAGES = ("en", "ru", "uk", "sk")


class Severity(str, Enum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.info: 0, Severity.low: 1, Severity.medium: 2, Severity.high: 3}

# Severity of a flag that comes without a rule (the learned scorer's evidence).
DEFAULT_SEVERITY = {
    "scripted": Severity.low, "blame_shifting": Severity.high, "runaround": Severity.medium,
    "favor_framing": Severity.medium, "condescension": Severity.high, "vague_commitment": Severity.medium,
    "lip_service": Severity.medium, "ownership": Severity.info, "concrete_commitment": Severity.info,
}

# Points a flagged negative category takes off the 100-point reply score, by severity.
SEVERITY_PENALTY = {Severity.info: 0.0, Severity.low: 6.0, Severity.medium: 15.0, Severity.high: 30.0}

# The essays' advice behind each category (TAXONOMY.md "Source"), shown beside a flag.
ADVICE = {
    "scripted": "Don't read to them from a script.",
    "blame_shifting": "Don't lie about what happened, don't pass the buck to some unforeseen disaster or another culprit or colleague.",
    "runaround": "Don't send the customer from one place to another: solve it or hand it over yourself.",
    "favor_framing": "Fixing the problem is not a courtesy: don't tell them it's a 'one-time courtesy'.",
    "condescension": "Don't undermine their intelligence; explain for the hundredth time as kindly as the first.",
    "vague_commitment": "'Sort of' and 'kind of' don't work here: deliver what was promised, when it was promised.",
    "lip_service": "A customer who alerts you to a problem doesn't want lip service, they want action.",
    "ownership": "Own your imperfections: give it to them with grace and humility and they will give you another chance.",
    "concrete_commitment": "Compliance, keeping the promise on time, is the most important service factor.",
}


def is_category(name: str) -> bool:
    return name in CATEGORIES
