"""Near-duplicate texts by word-shingle overlap, via an inverted index (no all-pairs scan)."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

_WORDS = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3


def normalize(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    words = normalize(text).split()
    if len(words) < size:
        return frozenset({" ".join(words)}) if words else frozenset()
    return frozenset(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


class ShingleIndex:
    """Index texts once, then ask which indexed texts are at least `threshold` similar to another."""

    def __init__(self, texts: Iterable[str]):
        self.sets = [shingles(t) for t in texts]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for number, shingle_set in enumerate(self.sets):
            for shingle in shingle_set:
                self._postings[shingle].append(number)

    def similar(self, text: str, threshold: float) -> list[tuple[int, float]]:
        query = shingles(text)
        shared = Counter(n for s in query for n in self._postings.get(s, ()))
        hits = []
        for number, count in shared.items():
            score = count / (len(query) + len(self.sets[number]) - count)
            if score >= threshold:
                hits.append((number, score))
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))
