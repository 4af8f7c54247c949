"""Classification metrics for multi-label replies and their evidence spans."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> "Counts":
        return Counts(self.tp + (gold and predicted), self.fp + (predicted and not gold),
                      self.fn + (gold and not predicted), self.tn + (not gold and not predicted))

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def kappa(self) -> float:
        """Cohen's kappa between gold and predicted labels."""
        n = self.tp + self.fp + self.fn + self.tn
        if n == 0:
            return 0.0
        observed = (self.tp + self.tn) / n
        expected = ((self.tp + self.fp) * (self.tp + self.fn) + (self.fn + self.tn) * (self.fp + self.tn)) / (n * n)
        return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class SpanCounts:
    """Span-level agreement: a predicted span counts when it overlaps a gold span of its category."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0

    def add(self, gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> "SpanCounts":
        return SpanCounts(
            self.predicted + len(predicted),
            self.predicted_matched + sum(any(overlaps(p, g) for g in gold) for p in predicted),
            self.gold + len(gold),
            self.gold_matched + sum(any(overlaps(g, p) for p in predicted) for g in gold),
        )

    @property
    def f1(self) -> float:
        precision = self.predicted_matched / self.predicted if self.predicted else 0.0
        recall = self.gold_matched / self.gold if self.gold else 0.0
        return f1(precision, recall)
