"""Pick replies worth rehearsing: filtered by the trainer, clear, and varied rather than near-duplicates."""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from tone.neardup import jaccard, shingles
from tone.taxonomy import NEGATIVE_CATEGORIES

MAX_CANDIDATES = 20_000
TOO_SIMILAR = 0.5


@dataclass(frozen=True)
class Selection:
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    min_score: int = 0
    max_score: int = 100
    count: int = 20

    def wants(self, record: dict) -> bool:
        if "error" in record:
            return False
        flagged = {f["category"] for f in record["flags"] if f["category"] in NEGATIVE_CATEGORIES}
        if record.get("missing_ownership"):
            flagged.add("missing_ownership")
        return (bool(flagged) and (not self.categories or bool(flagged & set(self.categories)))
                and (not self.languages or record["lang"] in self.languages)
                and (not self.agents or str(record.get("agent_id")) in self.agents)
                and self.min_score <= record["score"] <= self.max_score)

    def primary(self, record: dict) -> str:
        """The category a card is chosen for: the trainer's, else the reply's most severe problem."""
        ranked = sorted(record["flags"], key=lambda f: (-_rank(f["severity"]), f["start"]))
        for flag in ranked:
            if flag["category"] in NEGATIVE_CATEGORIES and (not self.categories or flag["category"] in self.categories):
                return flag["category"]
        return "missing_ownership"


def _rank(severity: str) -> int:
    return {"info": 0, "low": 1, "medium": 2, "high": 3}[severity]


def clarity(record: dict, category: str) -> float:
    """How plainly the reply shows the category: its probability, less for replies that mix many problems."""
    probability = record["categories"].get(category, {}).get("probability", 0.5)
    mixed = len({f["category"] for f in record["flags"] if f["category"] in NEGATIVE_CATEGORIES})
    return probability - 0.05 * max(0, mixed - 1)


def choose(records: Iterable[dict], selection: Selection) -> list[dict]:
    """Clear examples first, round-robin over categories, skipping near-duplicates and reused templates."""
    pool: list = []
    for order, record in enumerate(records):
        if not selection.wants(record):
            continue
        category = selection.primary(record)
        item = (clarity(record, category), -order, category, record)
        if len(pool) < MAX_CANDIDATES:
            heapq.heappush(pool, item)
        elif item[:2] > pool[0][:2]:
            heapq.heapreplace(pool, item)
    buckets: dict[str, list] = defaultdict(list)
    for item in sorted(pool, key=lambda i: (-i[0], -i[1])):
        buckets[item[2]].append(item[3])
    chosen, seen_shingles, seen_templates = [], [], set()
    while len(chosen) < selection.count and any(buckets.values()):
        for category in sorted(buckets):
            while buckets[category]:
                record = buckets[category].pop(0)
                template = (record.get("template") or {}).get("cluster")
                grams = shingles(record["text"])
                if template in seen_templates or any(jaccard(grams, g) >= TOO_SIMILAR for g in seen_shingles):
                    continue
                chosen.append(record)
                seen_shingles.append(grams)
                if template:
                    seen_templates.add(template)
                break
            if len(chosen) >= selection.count:
                break
    return chosen
