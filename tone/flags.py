"""From detector evidence to the flags a user sees: the overlap policy and severity by extent.

Overlap policy: inside one category, overlapping evidence keeps one flag, the
most severe, then the longest, then the earliest, then by rule id; across
categories overlaps stand (a stock apology is both `scripted` and `lip_service`).
Flags come out sorted by (start, end, category, rule), so output is deterministic.
"""
from __future__ import annotations

from dataclasses import replace

from tone.detectors.base import Evidence
from tone.schema import Flag
from tone.taxonomy import Severity

# Scripted severity grows with the share of the reply that is boilerplate.
SCRIPTED_SHARE_HIGH, SCRIPTED_SHARE_MEDIUM = 0.6, 0.3


def _precedence(evidence: Evidence):
    return (-evidence.severity.rank, -(evidence.end - evidence.start), evidence.start, evidence.source)


def resolve_overlaps(evidence: list[Evidence]) -> list[Evidence]:
    kept: list[Evidence] = []
    for candidate in sorted(evidence, key=_precedence):
        if not any(k.category == candidate.category and k.start < candidate.end and candidate.start < k.end
                   for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda e: (e.start, e.end, e.category, e.source))


def covered_share(spans: list[tuple[int, int]], text: str) -> float:
    visible = len(text.strip())
    if not visible:
        return 0.0
    covered, cursor = 0, -1
    for start, end in sorted(spans):
        start = max(start, cursor)
        if end > start:
            covered += end - start
            cursor = end
    return min(1.0, covered / visible)


def escalate_scripted(evidence: list[Evidence], text: str) -> list[Evidence]:
    scripted = [(e.start, e.end) for e in evidence if e.category == "scripted"]
    share = covered_share(scripted, text)
    floor = Severity.high if share >= SCRIPTED_SHARE_HIGH else Severity.medium if share >= SCRIPTED_SHARE_MEDIUM else None
    if floor is None:
        return evidence
    return [replace(e, severity=floor) if e.category == "scripted" and e.severity.rank < floor.rank else e
            for e in evidence]


def to_flags(evidence: list[Evidence], text: str, explain_lang: str, lang: str) -> tuple[Flag, ...]:
    flags = []
    for e in escalate_scripted(resolve_overlaps(evidence), text):
        explanation = e.message.get(lang if explain_lang == "native" else "en") or e.message.get("en", "")
        flags.append(Flag(e.category, e.start, e.end, text[e.start:e.end], e.severity, e.source, explanation,
                          e.suggestion, e.detector, e.probability))
    return tuple(flags)
