"""`tone score`: score whole transcript exports; write replies, per-agent and per-conversation figures, a report."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from tone.cli import app
from tone.cli.common import DetectorChoice, fail
from tone.engine import DEFAULT_DETECTOR
from tone.errors import ToneError


def _column_map(pairs: list[str]) -> dict[str, str]:
    from tone.batch.transcripts import FIELDS

    mapping = {}
    for pair in pairs:
        ours, _, theirs = pair.partition("=")
        if ours not in FIELDS or not theirs:
            fail(f"--column takes FIELD=THEIR_COLUMN with FIELD one of {', '.join(FIELDS)}; got {pair!r}")
        mapping[ours] = theirs
    return mapping


@app.command()
def score(
    paths: List[str] = typer.Argument(..., help="Transcript files (.jsonl, .csv, optionally .gz) or folders."),
    out: Path = typer.Option(Path("out/score"), "--out", "-o", help="Output folder."),
    detector: DetectorChoice = typer.Option(DEFAULT_DETECTOR, "--detector", help="rules, model or combined."),
    lang: str = typer.Option("auto", "--lang", help="Force one language for every reply (default: detect each)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Parallel scoring processes."),
    resume: bool = typer.Option(False, "--resume", help="Skip conversations already in OUT/replies.jsonl."),
    column: List[str] = typer.Option([], "--column", help="Map a field to your column/key: text=body (repeat)."),
    agent_role: List[str] = typer.Option([], "--agent-role", help="Role values meaning agent (repeat; adds to defaults)."),
    customer_role: List[str] = typer.Option([], "--customer-role", help="Role values meaning customer (repeat)."),
    delimiter: str = typer.Option(",", "--delimiter", help="CSV delimiter (.tsv files use tab)."),
    explain_lang: str = typer.Option("en", "--explain-lang", help="Explanations in 'en' or 'native'."),
    config: Optional[Path] = typer.Option(None, "--config", help="User config YAML."),
    encoder: Optional[Path] = typer.Option(None, "--encoder", help="A local Hugging Face model folder as encoder."),
) -> None:
    """Score every agent reply in transcript exports (JSONL conversations or CSV turns).

    Writes OUT/replies.jsonl, agents.csv, conversations.csv, templates.csv, summary.json and report.html.
    """
    from tone.batch.aggregate import aggregate
    from tone.batch.report import write_report
    from tone.batch.score import ScoreOptions, score_files
    from tone.batch.transcripts import DEFAULT_AGENT_ROLES, DEFAULT_CUSTOMER_ROLES, ReadOptions, input_files
    from tone.cli.common import progress
    from tone.config import load_config
    from tone.engine import AnalyzerOptions
    from tone.taxonomy import SUPPORTED_LANGUAGES

    if lang != "auto" and lang not in SUPPORTED_LANGUAGES:
        fail(f"--lang takes auto or one of {', '.join(SUPPORTED_LANGUAGES)}")
    files = input_files(paths)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        fail(f"no such file: {', '.join(missing)}")
    if not files:
        fail("no .jsonl or .csv transcripts found in the given paths")
    read = ReadOptions(columns=_column_map(column),
                       agent_roles=DEFAULT_AGENT_ROLES + tuple(r.lower() for r in agent_role),
                       customer_roles=DEFAULT_CUSTOMER_ROLES + tuple(r.lower() for r in customer_role),
                       delimiter=delimiter)
    try:
        analyzer = AnalyzerOptions(detector=detector.value, explain_lang=explain_lang, config=load_config(config),
                                   encoder_path=encoder)
        options = ScoreOptions(out_dir=out, analyzer=analyzer, lang=None if lang == "auto" else lang,
                               workers=workers, resume=resume, read=read)
        total = sum(p.stat().st_size for p in files)
        with progress(total, "scoring") as bar:
            bar.unit, bar.unit_scale, bar.unit_divisor = "B", True, 1024
            summary = score_files(paths, options, bar)
        figures = aggregate(out)
    except ToneError as error:
        fail(error.message)
    line = summary.line()
    report = write_report(figures, out, source=", ".join(paths), summary_line=line)
    (out / "summary.json").write_text(json.dumps({
        **summary.__dict__, "mean_score": round(figures.overall.mean_score, 2),
        "errors_by_kind": dict(figures.errors), "templates": len(figures.clusters)}, indent=2) + "\n")
    typer.echo(line)
    typer.echo(f"wrote {out}/replies.jsonl, agents.csv, conversations.csv, templates.csv, summary.json")
    typer.echo(f"report: {report}")
