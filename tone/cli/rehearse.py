"""`tone rehearse`: rehearsal cards from scored replies, from transcripts, or from the scenario bank."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from tone.cli import app
from tone.cli.common import DetectorChoice, fail
from tone.engine import DEFAULT_DETECTOR


@app.command()
def rehearse(
    paths: List[str] = typer.Argument(None, help="Transcripts (.jsonl/.csv, folders) to draw replies from."),
    scored: Optional[Path] = typer.Option(None, "--scored", help="replies.jsonl written by `tone score`."),
    generate: bool = typer.Option(False, "--generate", help="Build pairs from the bundled scenario bank instead."),
    category: List[str] = typer.Option([], "--category", help="Only these categories (repeat)."),
    lang: List[str] = typer.Option([], "--lang", help="Only these languages (repeat)."),
    agent: List[str] = typer.Option([], "--agent", help="Only these agents (repeat)."),
    min_score: int = typer.Option(0, "--min-score", min=0, max=100),
    max_score: int = typer.Option(100, "--max-score", min=0, max=100),
    count: int = typer.Option(20, "--count", "-n", min=1, help="How many cards."),
    out: Path = typer.Option(Path("out/rehearsal"), "--out", "-o", help="Output folder."),
    formats: str = typer.Option("md,jsonl,csv,html", "--formats", help="Comma-separated: md, jsonl, csv, html."),
    title: str = typer.Option("Rehearsal session", "--title"),
    detector: DetectorChoice = typer.Option(DEFAULT_DETECTOR, "--detector", help="rules, model or combined."),
    config: Optional[Path] = typer.Option(None, "--config", help="User config YAML."),
) -> None:
    """Flawed replies beside better ones built by tone, with the reasons, the essays' advice and a practice task."""
    from tone.batch.transcripts import ReadOptions
    from tone.config import load_config
    from tone.engine import Analyzer, AnalyzerOptions
    from tone.errors import ToneError
    from tone.rehearsal.export import FORMATS, export
    from tone.batch.aggregate import read_records
    from tone.rehearsal.select import Selection
    from tone.rehearsal.session import build_session, generate_session, scored_transcripts
    from tone.taxonomy import NEGATIVE_CATEGORIES, SUPPORTED_LANGUAGES

    chosen_formats = tuple(f.strip() for f in formats.split(",") if f.strip())
    if not chosen_formats or set(chosen_formats) - set(FORMATS):
        fail(f"--formats takes a comma-separated list of {', '.join(FORMATS)}")
    if set(category) - set(NEGATIVE_CATEGORIES) - {"missing_ownership"}:
        fail(f"--category takes {', '.join(NEGATIVE_CATEGORIES)} or missing_ownership")
    if set(lang) - set(SUPPORTED_LANGUAGES):
        fail(f"--lang takes {', '.join(SUPPORTED_LANGUAGES)}")
    sources = sum([bool(paths), scored is not None, generate])
    if sources != 1:
        fail("give exactly one source: transcript PATHS, --scored replies.jsonl, or --generate")
    if scored is not None and not scored.exists():
        fail(f"no such file: {scored}")
    selection = Selection(tuple(category), tuple(lang), tuple(agent), min_score, max_score, count)
    analyzer = Analyzer(AnalyzerOptions(detector=detector.value, explain_lang="native", config=load_config(config)))
    try:
        if generate:
            session = generate_session(selection, analyzer)
        else:
            records = read_records(scored) if scored is not None else scored_transcripts(paths, analyzer, ReadOptions())
            session = build_session(records, selection, analyzer)
    except ToneError as error:
        fail(error.message)
    written = export(session.cards, out, chosen_formats, title)
    if session.rejected:
        with (out / "rejected.jsonl").open("w", encoding="utf-8") as handle:
            for rejected in session.rejected:
                handle.write(json.dumps({"id": rejected.id, "reason": rejected.reason}, ensure_ascii=False) + "\n")
        typer.echo(f"{len(session.rejected)} card(s) not shipped (their rewrite failed a check): {out / 'rejected.jsonl'}",
                   err=True)
    typer.echo(f"{len(session.cards)} card(s) written: " + ", ".join(str(p) for p in written))
