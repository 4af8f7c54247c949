"""Combine what the detectors said into one probability per category, keeping who said what.

With rules alone a category is as likely as its most confident rule. With the
model alone, its head's probability. With both, a per-category combiner fitted
on train folds (see model/calibration.py). Thresholds come from the same
calibration; rules alone are judged at 0.5.
"""
from __future__ import annotations

from dataclasses import dataclass

from tone.detectors.base import Detection, Evidence
from tone.taxonomy import CATEGORIES

RULES_THRESHOLD = 0.5


@dataclass(frozen=True)
class Fused:
    probabilities: dict[str, float]
    thresholds: dict[str, float]
    sources: dict[str, tuple[tuple[str, float], ...]]
    evidence: tuple[Evidence, ...]
    company_fault: float | None


def fuse(detections: list[Detection], calibration=None, lang: str = "") -> Fused:
    by_name = {d.detector: d for d in detections}
    rules, model = by_name.get("rules"), by_name.get("model")
    probabilities, thresholds, sources = {}, {}, {}
    for category in CATEGORIES:
        p_rules = rules.probabilities.get(category, 0.0) if rules else None
        p_model = model.probabilities.get(category, 0.0) if model else None
        if rules and model and calibration is not None:
            probabilities[category] = calibration.combiner.combine(category, p_model, p_rules)
            thresholds[category] = calibration.threshold("combined", category, lang)
        elif model and calibration is not None:
            probabilities[category] = p_model
            thresholds[category] = calibration.threshold("model", category, lang)
        else:
            probabilities[category] = p_rules or 0.0
            thresholds[category] = RULES_THRESHOLD
        sources[category] = tuple((d.detector, d.probabilities.get(category, 0.0)) for d in detections)
    # Rule spans are precise; the model's sentence spans stand in only where no rule saw the category.
    ruled = {e.category for e in rules.evidence} if rules else set()
    evidence = list(rules.evidence) if rules else []
    if model:
        evidence += [e for e in model.evidence if e.category not in ruled]
    return Fused(probabilities, thresholds, sources, tuple(evidence), _company_fault(rules, model, calibration))


def _company_fault(rules, model, calibration) -> float | None:
    """Rules alone: their lexicon. Model: the context head. Both: the two stacked (fitted on train folds).

    The calibrated threshold is mapped onto the engine's 0.5 decision point.
    """
    if model is None or model.company_fault is None or calibration is None:
        return rules.company_fault if rules is not None else None
    if rules is not None and rules.company_fault is not None:
        mode, p = "combined", calibration.combiner.combine("company_fault", model.company_fault, rules.company_fault)
    else:
        mode, p = "model", model.company_fault
    threshold = calibration.thresholds.get("company_fault", {}).get(mode, 0.5)
    return 0.5 * p / threshold if p < threshold else 0.5 + 0.5 * (p - threshold) / (1 - threshold)
