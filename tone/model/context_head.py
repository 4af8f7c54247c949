"""Does the customer's message report a problem the company caused? A hashed bag of lemmas, no encoder.

The context only decides `missing_ownership`, so it gets a cheap learned head:
lemma unigrams and bigrams hashed into a fixed number of buckets (deterministic
across runs and machines), then logistic regression.
"""
from __future__ import annotations

import zlib

import numpy as np

from tone.analysis import TextAnalysis

BUCKETS = 4096


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) % BUCKETS


def context_features(context: TextAnalysis | None) -> np.ndarray:
    vector = np.zeros(BUCKETS, dtype=np.float32)
    if context is None or not context.words:
        return vector
    lemmas = [w.lemmas[0] for w in context.words]
    for token in lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]:
        vector[_bucket(token)] += 1.0
    return np.log1p(vector)
