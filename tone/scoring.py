"""The 0-100 reply score: 100 means nothing to fix."""
from __future__ import annotations

from tone.schema import CategoryScore, Flag
from tone.taxonomy import NEGATIVE_CATEGORIES, SEVERITY_PENALTY, Severity

MISSING_OWNERSHIP_PENALTY = 10.0
# Credit offsets penalties but never lifts a reply above 100.
POSITIVE_CREDIT = {"ownership": 5.0, "concrete_commitment": 5.0}
# Each extra flag of an already penalised category adds this share of its penalty.
REPEAT_SHARE = 0.25


def reply_score(categories: dict[str, CategoryScore], flags: tuple[Flag, ...], missing_ownership: bool) -> int:
    penalty = 0.0
    for category in NEGATIVE_CATEGORIES:
        if not categories[category].flagged:
            continue
        severities = sorted((f.severity for f in flags if f.category == category), key=lambda s: -s.rank)
        worst = severities[0] if severities else Severity.medium
        penalty += SEVERITY_PENALTY[worst] * max(categories[category].probability, 0.5)
        penalty += sum(SEVERITY_PENALTY[s] * REPEAT_SHARE for s in severities[1:])
    if missing_ownership:
        penalty += MISSING_OWNERSHIP_PENALTY
    credit = sum(points for category, points in POSITIVE_CREDIT.items() if categories[category].flagged)
    return int(round(max(0.0, min(100.0, 100.0 - penalty + credit))))
