"""Combine what the detectors said into one probability per category, keeping who said what."""
from __future__ import annotations

from dataclasses import dataclass

from tone.detectors.base import Detection, Evidence
from tone.taxonomy import CATEGORIES


@dataclass(frozen=True)
class Fused:
    probabilities: dict[str, float]
    thresholds: dict[str, float]
    sources: dict[str, tuple[tuple[str, float], ...]]
    evidence: tuple[Evidence, ...]
    company_fault: float | None


def fuse(detections: list[Detection]) -> Fused:
    """Noisy-OR over detectors: a category is as likely as the chance that not every detector is wrong."""
    probabilities, sources = {}, {}
    for category in CATEGORIES:
        said = tuple((d.detector, d.probabilities.get(category, 0.0)) for d in detections)
        missed = 1.0
        for _name, p in said:
            missed *= 1.0 - p
        probabilities[category] = 1.0 - missed
        sources[category] = said
    faults = [d.company_fault for d in detections if d.company_fault is not None]
    evidence = tuple(e for d in detections for e in d.evidence)
    return Fused(probabilities, {}, sources, evidence, max(faults) if faults else None)
