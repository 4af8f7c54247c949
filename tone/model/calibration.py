"""Thresholds per category (and language) and the rule+model combiner, fitted on train folds."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tone.errors import ModelError
from tone.model.heads import logit, sigmoid
from tone.taxonomy import CATEGORIES

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Combiner:
    """p = sigmoid(a * logit(p_model) + b * p_rules + c), one (a, b, c) per category."""

    coefficients: dict[str, tuple[float, float, float]]

    def combine(self, category: str, p_model: float, p_rules: float) -> float:
        a, b, c = self.coefficients.get(category, (1.0, 4.0, -2.0))
        return float(sigmoid(np.array(a * logit(np.array(p_model)) + b * p_rules + c)))


@dataclass(frozen=True)
class Calibration:
    # mode -> ("*" | lang) -> category -> threshold; and "company_fault" -> mode -> threshold
    thresholds: dict
    combiner: Combiner
    meta: dict = field(default_factory=dict)

    def threshold(self, mode: str, category: str, lang: str) -> float:
        by_scope = self.thresholds.get(mode, {})
        return by_scope.get(lang, {}).get(category, by_scope.get("*", {}).get(category, DEFAULT_THRESHOLD))

    def to_json(self) -> dict:
        return {"thresholds": self.thresholds,
                "combiner": {c: list(v) for c, v in self.combiner.coefficients.items()},
                "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> "Calibration":
        try:
            combiner = Combiner({c: tuple(v) for c, v in data["combiner"].items()})
            return cls(data["thresholds"], combiner, data.get("meta", {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"calibration file is malformed ({exc}); retrain with `tone train`") from exc

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Calibration":
        if not path.exists():
            raise ModelError(f"no calibration at {path}; run `tone train` to build models/")
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def best_threshold(probabilities: np.ndarray, gold: np.ndarray) -> float:
    """The threshold with the best F1; where several tie, the middle of that plateau."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    scores = []
    for threshold in grid:
        predicted = probabilities >= threshold
        denominator = predicted.sum() + gold.sum()
        scores.append(2 * float((predicted & gold).sum()) / denominator if denominator else 0.0)
    scores = np.array(scores)
    best = grid[scores >= scores.max() - 1e-9]
    return float(best[len(best) // 2])


def fit_combiner(p_model: np.ndarray, p_rules: np.ndarray, gold: np.ndarray, *, seed: int = 0,
                 names: tuple[str, ...] = CATEGORIES) -> dict:
    """One small logistic regression per column on out-of-fold model and rule probabilities."""
    import torch

    coefficients = {}
    for k, category in enumerate(names):
        torch.manual_seed(seed)
        x = torch.tensor(np.stack([logit(p_model[:, k]), p_rules[:, k]], axis=1), dtype=torch.float32)
        y = torch.tensor(gold[:, k], dtype=torch.float32)
        params = torch.tensor([1.0, 1.0, 0.0], requires_grad=True)
        optimizer = torch.optim.LBFGS([params], lr=0.5, max_iter=100, line_search_fn="strong_wolfe")

        def closure():
            optimizer.zero_grad()
            z = x[:, 0] * params[0] + x[:, 1] * params[1] + params[2]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y) + 1e-3 * (params[:2] ** 2).sum()
            loss.backward()
            return loss

        optimizer.step(closure)
        coefficients[category] = tuple(round(float(v), 6) for v in params.detach())
    return coefficients
