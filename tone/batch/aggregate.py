"""The second, streaming pass over replies.jsonl: templates, per-agent and per-conversation figures.

Reads the file twice (count template bands, then annotate and aggregate) and
rewrites it with each reply's template cluster. Memory holds per-agent
aggregates, the worst replies and bounded template counts, never all replies.
"""
from __future__ import annotations

import csv
import heapq
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from tone.batch.templates import TemplateCounter, band_keys
from tone.taxonomy import CATEGORIES, NEGATIVE_CATEGORIES

WORST = 40
TOP_RULES = 3
SCORE_BINS = 10
MAX_ERRORS_SHOWN = 50
MAX_CLUSTER_AGENTS = 20


@dataclass
class Figures:
    """Counts over a group of replies (an agent, a conversation, a language, everything)."""

    replies: int = 0
    score_sum: float = 0.0
    categories: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    missing_ownership: int = 0
    templated: int = 0
    languages: Counter = field(default_factory=Counter)
    agents: set = field(default_factory=set)

    def add(self, record: dict) -> None:
        self.replies += 1
        self.score_sum += record["score"]
        self.categories.update(c for c, v in record["categories"].items() if v["flagged"])
        self.rules.update(f["rule"] for f in record["flags"])
        self.missing_ownership += bool(record.get("missing_ownership"))
        self.templated += record.get("template") is not None
        self.languages[record["lang"]] += 1
        if record.get("agent_id") is not None and len(self.agents) < MAX_CLUSTER_AGENTS:
            self.agents.add(record["agent_id"])

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.replies if self.replies else 0.0

    def rate(self, category: str) -> float:
        return self.categories[category] / self.replies if self.replies else 0.0

    def row(self) -> dict:
        return {
            "replies": self.replies,
            "mean_score": round(self.mean_score, 1),
            **{f"{c}_rate": round(self.rate(c), 4) for c in CATEGORIES},
            "missing_ownership_rate": round(self.missing_ownership / self.replies, 4) if self.replies else 0.0,
            "template_rate": round(self.templated / self.replies, 4) if self.replies else 0.0,
            "languages": " ".join(f"{lang}:{n}" for lang, n in sorted(self.languages.items())),
            "top_rules": " ".join(f"{rule}:{n}" for rule, n in self.rules.most_common(TOP_RULES)),
        }


@dataclass
class Cluster:
    size: int
    example: str
    agents: set = field(default_factory=set)
    lang: str = ""


@dataclass
class BatchFigures:
    overall: Figures = field(default_factory=Figures)
    agents: dict[str, Figures] = field(default_factory=dict)
    languages: dict[str, Figures] = field(default_factory=dict)
    histogram: list[int] = field(default_factory=lambda: [0] * SCORE_BINS)
    worst: list = field(default_factory=list)  # heap of (-score, id, record)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    conversations: int = 0
    errors: Counter = field(default_factory=Counter)
    error_examples: list[dict] = field(default_factory=list)

    def add(self, record: dict) -> None:
        if "error" in record:
            self.errors[record["error"].get("kind", "error")] += 1
            if len(self.error_examples) < MAX_ERRORS_SHOWN:
                self.error_examples.append(record)
            return
        self.overall.add(record)
        self.agents.setdefault(record.get("agent_id") or "(unknown)", Figures()).add(record)
        self.languages.setdefault(record["lang"], Figures()).add(record)
        self.histogram[min(SCORE_BINS - 1, int(record["score"]) * SCORE_BINS // 101)] += 1
        needs_review = record.get("missing_ownership") or any(
            f["category"] in NEGATIVE_CATEGORIES for f in record["flags"])
        item = (-record["score"], record["id"], record)
        if not needs_review:
            pass
        elif len(self.worst) < WORST:
            heapq.heappush(self.worst, item)
        elif item[:2] > self.worst[0][:2]:
            heapq.heapreplace(self.worst, item)
        template = record.get("template")
        if template:
            cluster = self.clusters.setdefault(template["cluster"], Cluster(template["size"], record["text"],
                                                                            lang=record["lang"]))
            if record.get("agent_id") and len(cluster.agents) < MAX_CLUSTER_AGENTS:
                cluster.agents.add(record["agent_id"])

    def worst_replies(self) -> list[dict]:
        return sorted((record for _, _, record in self.worst), key=lambda r: (r["score"], r["id"]))


def read_records(path: Path) -> Iterator[dict]:
    """The JSON objects of a JSONL file (replies.jsonl), one per non-blank line."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _write_csv(path: Path, key: str, rows: Iterator[tuple[str, dict]]) -> None:
    columns = None
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = None
        for name, row in rows:
            if writer is None:
                columns = [key, *row]
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
            writer.writerow({key: name, **row})
        if writer is None:
            handle.write(key + "\n")


def aggregate(out_dir: Path) -> BatchFigures:
    replies_path = out_dir / "replies.jsonl"
    counter = TemplateCounter()
    for record in read_records(replies_path):
        if "error" not in record:
            counter.add(band_keys(record["text"]))

    figures = BatchFigures()
    annotated = replies_path.with_suffix(".jsonl.tmp")
    conversation_rows = out_dir / "conversations.csv"

    def conversations() -> Iterator[tuple[str, dict]]:
        current, group = None, Figures()
        with annotated.open("w", encoding="utf-8") as sink:
            for record in read_records(replies_path):
                if "error" not in record:
                    cluster = counter.cluster(band_keys(record["text"]))
                    record["template"] = ({"cluster": cluster[0], "size": cluster[1], "category": "scripted"}
                                          if cluster else None)
                figures.add(record)
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                conversation = record.get("conversation_id")
                if "error" in record or conversation is None:
                    continue
                if conversation != current and group.replies:
                    yield current, _conversation_row(group)
                    group = Figures()
                if conversation != current:
                    figures.conversations += 1
                current = conversation
                group.add(record)
            if group.replies:
                yield current, _conversation_row(group)

    _write_csv(conversation_rows, "conversation_id", conversations())
    os.replace(annotated, replies_path)
    _write_csv(out_dir / "agents.csv", "agent_id",
               ((agent, f.row()) for agent, f in sorted(figures.agents.items(), key=lambda kv: (-kv[1].replies, kv[0]))))
    _write_csv(out_dir / "templates.csv", "cluster",
               ((name, {"size": c.size, "lang": c.lang, "agents": " ".join(sorted(c.agents)), "example": c.example})
                for name, c in sorted(figures.clusters.items(), key=lambda kv: (-kv[1].size, kv[0]))))
    return figures


def _conversation_row(group: Figures) -> dict:
    row = group.row()
    row["agents"] = " ".join(sorted(group.agents))
    return row
