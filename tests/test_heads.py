from __future__ import annotations

import numpy as np

from tone.model.calibration import Calibration, Combiner, best_threshold
from tone.model.heads import LinearHeads, load_arrays, save_arrays, train_heads
from tone.taxonomy import CATEGORIES


def _toy(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (200, 8)).astype(np.float32)
    y = np.stack([(x[:, k % 8] > 0.3).astype(np.float32) for k in range(len(CATEGORIES))], axis=1)
    return x, y


def test_heads_learn_and_round_trip_through_disk(tmp_path) -> None:
    x, y = _toy()
    heads = train_heads(x, y, l2=0.1, seed=3)
    accuracy = ((heads.predict(x) >= 0.5) == (y > 0.5)).mean()
    assert accuracy > 0.9
    save_arrays(tmp_path / "heads.npz", heads.arrays("reply"))
    again = LinearHeads.from_arrays(load_arrays(tmp_path / "heads.npz"), "reply")
    np.testing.assert_allclose(again.predict(x), heads.predict(x), rtol=1e-5)


def test_training_is_deterministic() -> None:
    x, y = _toy()
    a, b = train_heads(x, y, l2=1.0, seed=5), train_heads(x, y, l2=1.0, seed=5)
    np.testing.assert_array_equal(a.weight, b.weight)


def test_best_threshold_separates_a_clean_split() -> None:
    p = np.array([0.1, 0.2, 0.35, 0.7, 0.8, 0.9])
    gold = np.array([False, False, False, True, True, True])
    assert 0.35 < best_threshold(p, gold) <= 0.7


def test_calibration_round_trip(tmp_path) -> None:
    calibration = Calibration({"model": {"*": {"scripted": 0.4}, "ru": {"scripted": 0.6}}},
                              Combiner({"scripted": (1.0, 2.0, -1.0)}), {"seed": 1})
    calibration.save(tmp_path / "c.json")
    again = Calibration.load(tmp_path / "c.json")
    assert again.threshold("model", "scripted", "ru") == 0.6
    assert again.threshold("model", "scripted", "uk") == 0.4
    assert again.threshold("combined", "ownership", "en") == 0.5
    assert again.combiner.combine("scripted", 0.9, 1.0) > again.combiner.combine("scripted", 0.1, 0.0)
