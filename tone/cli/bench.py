"""`tone bench`: report throughput, latency, threads and peak memory; append a JSON record per run."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from tone.cli import app
from tone.cli.common import DetectorChoice, fail, make_analyzer, progress
from tone.engine import DEFAULT_DETECTOR
from tone.errors import ToneError


@app.command()
def bench(
    detector: DetectorChoice = typer.Option(DEFAULT_DETECTOR, "--detector", help="rules, model or combined."),
    n: int = typer.Option(0, "--n", min=0, help="Replies in the batch run (0: the whole bundled set, repeated to fill)."),
    latency_samples: int = typer.Option(200, "--latency-samples", min=10, help="Single-reply calls timed for p50/p95."),
    out: Path = typer.Option(Path("out/bench.jsonl"), "--out", help="Append the JSON record of this run here."),
    encoder: Optional[Path] = typer.Option(None, "--encoder", help="A local Hugging Face model folder as encoder."),
) -> None:
    """Benchmark the analyzer on the bundled replies (en, ru, uk, sk). Reported, never asserted."""
    from tone.evaluation.bench import load_bench_set, run_bench

    replies = load_bench_set()
    if n:
        replies = (replies * (n // len(replies) + 1))[:n]
    analyzer = make_analyzer(detector.value, None, encoder=encoder)
    try:
        with progress(len(replies) + latency_samples, f"bench ({detector.value})") as bar:
            record = run_bench(analyzer, replies, latency_samples=latency_samples, progress=bar)
    except ToneError as error:
        fail(error.message)
    latency = record["latency_ms"]
    typer.echo(f"detector {record['detector']}: {record['replies']} replies in {', '.join(record['languages'])}")
    typer.echo(f"  throughput  {record['throughput_replies_per_s']:.1f} replies/s (batches of {record['batch_size']})")
    typer.echo(f"  latency     p50 {latency['p50']:.2f} ms   p95 {latency['p95']:.2f} ms   (one reply at a time, "
               f"{latency['samples']} calls after warm-up)")
    typer.echo(f"  threads     {record['threads']} of {record['cpus']} cpus   peak memory {record['peak_rss_mb']:.0f} MB"
               f"   load+warm-up {record['load_and_warmup_s']:.1f} s")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    typer.echo(f"record appended to {out}")
