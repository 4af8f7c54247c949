"""Per-category logistic heads over encoder features: trained with torch, run with numpy."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tone.errors import ModelError


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class LinearHeads:
    """Standardize features, then one logistic unit per category: probabilities (n, categories)."""

    mean: np.ndarray
    scale: np.ndarray
    weight: np.ndarray  # (categories, features)
    bias: np.ndarray  # (categories,)

    def predict(self, features: np.ndarray) -> np.ndarray:
        return sigmoid(((features - self.mean) / self.scale) @ self.weight.T + self.bias)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}.{k}": getattr(self, k) for k in ("mean", "scale", "weight", "bias")}

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> "LinearHeads":
        try:
            return cls(*(np.asarray(arrays[f"{prefix}.{k}"], dtype=np.float32)
                         for k in ("mean", "scale", "weight", "bias")))
        except KeyError as exc:
            raise ModelError(f"model heads lack {exc.args[0]!r}; retrain with `tone train`") from exc


def train_heads(features: np.ndarray, labels: np.ndarray, *, l2: float, seed: int = 0,
                max_iter: int = 200, class_weight: bool = True) -> LinearHeads:
    """Multi-label logistic regression, full-batch L-BFGS: deterministic for a given seed and data."""
    import torch

    torch.manual_seed(seed)
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    x = torch.from_numpy(((features - mean) / scale).astype(np.float32))
    y = torch.from_numpy(labels.astype(np.float32))
    positives = y.sum(dim=0).clamp(min=1.0)
    pos_weight = ((len(y) - positives) / positives).clamp(max=10.0) if class_weight else None
    weight = torch.zeros(labels.shape[1], features.shape[1], requires_grad=True)
    bias = torch.zeros(labels.shape[1], requires_grad=True)
    optimizer = torch.optim.LBFGS([weight, bias], lr=0.5, max_iter=max_iter, line_search_fn="strong_wolfe")
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)

    def closure():
        optimizer.zero_grad()
        loss = loss_fn(x @ weight.T + bias, y) + l2 * (weight ** 2).sum() / len(y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return LinearHeads(mean.astype(np.float32), scale.astype(np.float32),
                       weight.detach().numpy().astype(np.float32), bias.detach().numpy().astype(np.float32))


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **{k: v.astype(np.float32) for k, v in arrays.items()})


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        raise ModelError(f"no trained heads at {path}; run `tone train` to build models/")
    with np.load(path) as data:
        return {k: data[k] for k in data.files}
