"""Find replies sent again and again with little change (templates), in bounded memory.

Each reply is reduced to a skeleton (numbers, links, handles, e-mails masked),
MinHash-ed over word 3-shingles and cut into LSH bands: near-duplicates share a
band. Band counts are kept by lossy counting (Manku & Motwani), so memory stays
bounded however many replies stream past, and every band seen more than
`epsilon` x N times survives; cluster sizes are therefore lower bounds.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

from tone.neardup import shingles

BANDS, ROWS = 4, 4
MIN_CLUSTER = 5
EPSILON = 1e-4
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20240611)
_A = _rng.integers(1, _PRIME, BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, BANDS * ROWS, dtype=np.uint64)
_MASKS = [
    (re.compile(r"https?://\S+|www\.\S+"), " urltoken "),
    (re.compile(r"\S+@\S+\.\w+"), " emailtoken "),
    (re.compile(r"[@^#]\w+"), " handletoken "),
    (re.compile(r"\d+"), "0"),
]


def skeleton(text: str) -> str:
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")


def band_keys(text: str) -> tuple[str, ...]:
    grams = shingles(skeleton(text))
    if not grams:
        return ()
    values = np.array([_hash64(g) for g in grams], dtype=np.uint64)
    # (a * x + b) mod p in uint64 wraps; it stays a fixed, well-mixed permutation family for MinHash.
    signature = ((values[None, :] * _A[:, None] + _B[:, None]) % np.uint64(_PRIME)).min(axis=1)
    return tuple(hashlib.blake2b(signature[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=6).hexdigest()
                 for b in range(BANDS))


class TemplateCounter:
    """Lossy counting of band keys: bounded memory, every frequent band kept."""

    def __init__(self, epsilon: float = EPSILON):
        self.width = int(1 / epsilon)
        self.seen = 0
        self.counts: dict[str, list[int]] = {}  # key -> [count, max undercount]

    def add(self, keys: tuple[str, ...]) -> None:
        self.seen += 1
        bucket = (self.seen - 1) // self.width + 1
        for key in keys:
            entry = self.counts.get(key)
            if entry is None:
                self.counts[key] = [1, bucket - 1]
            else:
                entry[0] += 1
        if self.seen % self.width == 0:
            self.counts = {k: v for k, v in self.counts.items() if v[0] + v[1] > bucket}

    def cluster(self, keys: tuple[str, ...]) -> tuple[str, int] | None:
        """The most frequent band of a reply, if it is shared by at least MIN_CLUSTER replies."""
        best = max(((self.counts[k][0], k) for k in keys if k in self.counts), default=None)
        if best is None or best[0] < MIN_CLUSTER:
            return None
        return f"t{best[1]}", best[0]
