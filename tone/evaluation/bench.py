"""`tone bench`: throughput and latency on a fixed, bundled set of replies in all four languages."""
from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from tone import __version__
from tone.engine import SCORING_BATCH, Analyzer, ReplyInput

BENCH_SET = Path(__file__).resolve().parent.parent / "data" / "bench.jsonl"
WARMUP = 32


def load_bench_set(path: Path = BENCH_SET) -> list[ReplyInput]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [ReplyInput(r["text"], r.get("context"), r["lang"], r["id"]) for r in rows]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _threads() -> int:
    if "torch" in sys.modules:
        return sys.modules["torch"].get_num_threads()
    return 1


def run_bench(analyzer: Analyzer, replies: list[ReplyInput], *, latency_samples: int, progress=None) -> dict:
    languages = sorted({r.lang for r in replies})
    started = time.perf_counter()
    analyzer.load(languages=languages)
    analyzer.analyze_batch(replies[:WARMUP])
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for offset in range(0, len(replies), SCORING_BATCH):  # the batch `tone score` uses
        analyzer.analyze_batch(replies[offset:offset + SCORING_BATCH])
        if progress is not None:
            progress.update(min(SCORING_BATCH, len(replies) - offset))
    batch_seconds = time.perf_counter() - started

    for reply in replies[:10]:  # warm the one-at-a-time path too
        analyzer.analyze(reply.text, context=reply.context, lang=reply.lang)
    latencies = []
    for reply in (replies * (latency_samples // len(replies) + 1))[:latency_samples]:
        started = time.perf_counter()
        analyzer.analyze(reply.text, context=reply.context, lang=reply.lang)
        latencies.append((time.perf_counter() - started) * 1000)
        if progress is not None:
            progress.update(1)

    return {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tone_version": __version__,
        "detector": analyzer.options.detector,
        "replies": len(replies),
        "languages": languages,
        "batch_size": SCORING_BATCH,
        "throughput_replies_per_s": round(len(replies) / batch_seconds, 1),
        "latency_ms": {"p50": round(percentile(latencies, 0.5), 2), "p95": round(percentile(latencies, 0.95), 2),
                       "mean": round(statistics.fmean(latencies), 2), "samples": len(latencies)},
        "load_and_warmup_s": round(load_seconds, 2),
        "threads": _threads(),
        "cpus": os.cpu_count(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
