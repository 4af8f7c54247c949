"""Int8 linear layers scaled per token: a reply's features must not depend on what else is in its batch."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from e5_synthetic import write_e5_file  # noqa: E402
from tone.model.encoder import convert_e5_file, load_encoder  # noqa: E402
from tone.model.quantize import quantize_per_token  # noqa: E402


def _linear(seed: int = 0) -> "torch.nn.Linear":
    torch.manual_seed(seed)
    return torch.nn.Linear(48, 24)


def test_each_token_is_quantized_on_its_own() -> None:
    layer = quantize_per_token(torch.nn.Sequential(_linear()))[0]
    quiet = torch.randn(5, 48)
    loud = torch.cat([quiet, torch.randn(3, 48) * 1000.0])  # batch mates with far larger activations
    with torch.inference_mode():
        np.testing.assert_array_equal(layer(quiet).numpy(), layer(loud)[:5].numpy())


def test_int8_result_stays_close_to_the_float_layer() -> None:
    linear = _linear(1)
    layer = quantize_per_token(torch.nn.Sequential(linear))[0]
    x = torch.randn(2, 7, 48) * torch.linspace(0.01, 50.0, 7)[None, :, None]  # tokens of very different size
    with torch.inference_mode():
        exact, approx = linear(x), layer(x)
    assert approx.shape == exact.shape
    relative = ((approx - exact).norm(dim=-1) / exact.norm(dim=-1)).max()
    assert float(relative) < 0.03


def test_original_model_is_left_in_float_unless_asked() -> None:
    """Training quantizes a copy and goes on tuning the float model; loading for inference needs no copy."""
    model = torch.nn.Sequential(_linear(), torch.nn.ReLU(), _linear(2))
    quantize_per_token(model)
    assert all(type(m) is torch.nn.Linear for m in (model[0], model[2]))
    assert quantize_per_token(model, in_place=True) is model
    assert not any(type(m) is torch.nn.Linear for m in model)


def test_a_reply_encodes_the_same_alone_and_in_any_batch(tmp_path) -> None:
    write_e5_file(tmp_path / "tiny.bin")
    convert_e5_file(tmp_path / "tiny.bin", tmp_path / "hf")
    encoder = load_encoder(tmp_path / "hf").quantized()
    reply = "we are sorry for the delay"
    alone = encoder.encode([reply])[0].states
    batch = ["the delay", "sorry sorry sorry we are for the delay delay", reply, "are we"]
    for size in (1, 2, 4):
        together = encoder.encode(batch, batch_size=size)[2].states
        np.testing.assert_allclose(together, alone, atol=1e-5)
