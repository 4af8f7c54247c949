"""The E5S1 reader, the BertModel conversion and the rebuilt tokenizer, on a tiny synthetic file."""
from __future__ import annotations

import numpy as np
import pytest

from e5_synthetic import PIECES, quantize_q4, write_e5_file
from tone.errors import ModelError
from tone.model.e5file import dequantize_q4, read_e5_file


def test_q4_blocks_round_trip_within_quantization_error() -> None:
    values = np.random.default_rng(1).normal(0, 1, 64).astype(np.float32)
    restored = dequantize_q4(np.frombuffer(quantize_q4(values), dtype=np.uint8), 64)
    step = np.abs(values.reshape(2, 32)).max(axis=1) / 7.0
    assert np.all(np.abs(restored - values).reshape(2, 32) <= step[:, None] / 2 + 1e-3)


def test_q4_nibble_order_low_then_high() -> None:
    scale = np.float16(1.0).tobytes()
    packed = bytes([(9 & 0xF) | (7 << 4)] * 16)  # low nibble 9 -> +1, high nibble 7 -> -1
    values = dequantize_q4(np.frombuffer(scale + packed, dtype=np.uint8), 32)
    assert values[:16].tolist() == [1.0] * 16 and values[16:].tolist() == [-1.0] * 16


def test_reads_header_pieces_and_tensors(tmp_path) -> None:
    path = tmp_path / "tiny.bin"
    originals = write_e5_file(path)
    e5 = read_e5_file(path)
    assert (e5.hyper.hidden, e5.hyper.layers, e5.hyper.heads, e5.hyper.feed_forward) == (32, 2, 2, 64)
    assert e5.pieces == tuple(PIECES)
    assert e5.special == {"bos": 0, "eos": 2, "pad": 1, "unk": 3}
    np.testing.assert_allclose(e5.tensor("l0.q.b"), originals["l0.q.b"], rtol=1e-6)
    word = e5.tensor("emb.word").reshape(originals["emb.word"].shape)
    assert np.abs(word - originals["emb.word"]).max() < np.abs(originals["emb.word"]).max() / 7


@pytest.mark.parametrize("damage", ["magic", "truncate"])
def test_damaged_files_are_refused_clearly(tmp_path, damage: str) -> None:
    path = tmp_path / "tiny.bin"
    write_e5_file(path)
    data = path.read_bytes()
    path.write_bytes(b"XXXX" + data[4:] if damage == "magic" else data[:200])
    with pytest.raises(ModelError):
        read_e5_file(path)


def test_converted_bert_model_loads_strictly_and_runs(tmp_path) -> None:
    import torch
    from transformers import BertModel

    from tone.model.encoder import bert_config, bert_state_dict

    path = tmp_path / "tiny.bin"
    write_e5_file(path)
    e5 = read_e5_file(path)
    model = BertModel(bert_config(e5), add_pooling_layer=False)
    model.load_state_dict(bert_state_dict(e5), strict=True)
    out = model(input_ids=torch.tensor([[0, 5, 6, 7, 2]])).last_hidden_state
    assert out.shape == (1, 5, 32) and torch.isfinite(out).all()


def test_tokenizer_rebuilt_from_pieces_agrees_with_them(tmp_path) -> None:
    from tone.model.encoder import build_tokenizer

    path = tmp_path / "tiny.bin"
    write_e5_file(path)
    tokenizer = build_tokenizer(read_e5_file(path))
    for index, piece in enumerate(PIECES):
        assert tokenizer.convert_tokens_to_ids(piece) == index
    encoded = tokenizer("we are  sorry for the delay.")  # XLM-R pieces are case-sensitive
    assert tokenizer.convert_ids_to_tokens(encoded["input_ids"]) == [
        "<s>", "\u2581we", "\u2581are", "\u2581sorry", "\u2581for", "\u2581the", "\u2581delay", ".", "</s>"]


def test_converted_folder_reloads_as_a_hugging_face_model(tmp_path, monkeypatch) -> None:
    from tone.model.encoder import convert_e5_file, load_encoder

    path = tmp_path / "tiny.bin"
    write_e5_file(path)
    convert_e5_file(path, tmp_path / "hf")
    encoder = load_encoder(tmp_path / "hf")
    [encoded] = encoder.encode(["we are sorry for the delay"])
    assert encoded.states.shape[1] == 32 and len(encoded.states) == len(encoded.offsets) > 0
    assert encoded.offsets.min() >= 0 and encoded.offsets.max() <= len("we are sorry for the delay")
