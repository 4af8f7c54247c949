"""Fine-tuning the encoder's layers, and shipping them: on a tiny synthetic encoder, so it runs in seconds."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from e5_synthetic import write_e5_file
from tone.errors import ModelError
from tone.model.encoder import convert_e5_file, load_encoder
from tone.model.finetune import TuneSettings, fine_tune, load_tuned, read_tuned, save_tuned
from tone.taxonomy import CATEGORIES

TEXTS = ["we are sorry for the delay", "the delay", "we are sorry", "for the delay", "sorry for the delay.",
         "we are", "the delay.", "sorry sorry", "are we", "delay for the"] * 3
SETTINGS = TuneSettings(epochs=4, learning_rate=3e-3, head_learning_rate=3e-2, batch_size=4, seed=7)


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    write_e5_file(folder / "tiny.bin")
    convert_e5_file(folder / "tiny.bin", folder / "hf")
    return folder / "hf"


def _labels() -> np.ndarray:
    labels = np.zeros((len(TEXTS), len(CATEGORIES)), dtype=np.float32)
    labels[:, 0] = [float("sorry" in t) for t in TEXTS]
    labels[:, 1] = [float(t.startswith("the")) for t in TEXTS]
    return labels


def _tuned(folder, seed: int = 7):
    encoder = load_encoder(folder)
    settings = replace(SETTINGS, seed=seed)
    losses = fine_tune(encoder, TEXTS, _labels(), np.arange(len(TEXTS)), settings, log=lambda _: None)
    return encoder, losses


def test_fine_tuning_lowers_the_loss_and_leaves_embeddings_alone(tiny_folder) -> None:
    before = load_encoder(tiny_folder).model.state_dict()
    encoder, losses = _tuned(tiny_folder)
    after = encoder.model.state_dict()
    assert losses[-1] < losses[0] * 0.8
    assert all(np.array_equal(before[k].numpy(), after[k].numpy()) for k in before if k.startswith("embeddings."))
    assert not np.array_equal(before["encoder.layer.0.attention.self.query.weight"].numpy(),
                              after["encoder.layer.0.attention.self.query.weight"].numpy())


def test_fine_tuning_is_deterministic_for_a_seed(tiny_folder, tmp_path) -> None:
    first, _ = _tuned(tiny_folder)
    second, _ = _tuned(tiny_folder)
    other, _ = _tuned(tiny_folder, seed=8)
    save_tuned(tmp_path / "a.npz", first.model)
    save_tuned(tmp_path / "b.npz", second.model)
    save_tuned(tmp_path / "c.npz", other.model)
    a, b, c = (read_tuned(tmp_path / f"{name}.npz") for name in "abc")
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert any(not np.array_equal(a[k], c[k]) for k in a)


def test_shipped_layers_reload_into_a_fresh_encoder(tiny_folder, tmp_path) -> None:
    tuned, _ = _tuned(tiny_folder)
    save_tuned(tmp_path / "layers.npz", tuned.model)
    arrays = read_tuned(tmp_path / "layers.npz")
    assert arrays and all(name.startswith("encoder.layer.") and a.dtype == np.float16 for name, a in arrays.items())
    reloaded = load_encoder(tiny_folder, tuned=arrays, tuned_from=tmp_path / "layers.npz")
    fresh = load_encoder(tiny_folder)
    text = ["we are sorry for the delay"]
    [want], [got], [untuned] = tuned.encode(text), reloaded.encode(text), fresh.encode(text)
    np.testing.assert_allclose(got.states, want.states, atol=2e-2)  # float16 storage
    assert np.abs(untuned.states - want.states).max() > 0.1


def test_layers_for_another_encoder_are_refused_naming_the_file(tiny_folder, tmp_path) -> None:
    tuned, _ = _tuned(tiny_folder)
    save_tuned(tmp_path / "layers.npz", tuned.model)
    arrays = read_tuned(tmp_path / "layers.npz")
    one_layer = load_encoder(tiny_folder, layers=1).model
    with pytest.raises(ModelError, match="layers.npz"):
        load_tuned(one_layer, arrays, tmp_path / "layers.npz")
    reshaped = {k: (v[:, :8] if v.ndim == 2 else v) for k, v in arrays.items()}
    with pytest.raises(ModelError, match="shape"):
        load_tuned(load_encoder(tiny_folder).model, reshaped, tmp_path / "layers.npz")


def test_a_missing_layers_file_says_how_to_rebuild_it(tmp_path) -> None:
    with pytest.raises(ModelError, match="tone train"):
        read_tuned(tmp_path / "absent.npz")


def test_shipped_models_folder_is_complete_and_small() -> None:
    import json
    from pathlib import Path

    models = Path(__file__).resolve().parents[1] / "models"
    encoder = json.loads((models / "calibration.json").read_text())["meta"]["encoder"]
    arrays = read_tuned(models / encoder["tuned_file"])
    assert {int(name.split(".")[2]) for name in arrays} == set(range(encoder["layers"]))
    assert sum(f.stat().st_size for f in models.iterdir() if f.is_file()) < 25 * 1024 * 1024
