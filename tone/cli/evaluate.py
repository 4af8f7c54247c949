"""`tone eval`: precision, recall, F1, kappa and span F1 per language and category on labelled replies."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from tone.cli import app
from tone.cli.common import DetectorChoice, fail, make_analyzer, progress
from tone.engine import DEFAULT_DETECTOR
from tone.errors import ToneError
from tone.taxonomy import SUPPORTED_LANGUAGES


@app.command("eval")
def eval_command(
    split: str = typer.Option("dev", "--split", help="dev, train, or a JSONL file in the corpus format (data/README.md)."),
    lang: Optional[List[str]] = typer.Option(None, "--lang", help="Languages to include (repeat); default all four."),
    detector: DetectorChoice = typer.Option(DEFAULT_DETECTOR, "--detector", help="rules, model or combined."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the full report as JSON here."),
    config: Optional[Path] = typer.Option(None, "--config", help="User config YAML."),
    encoder: Optional[Path] = typer.Option(None, "--encoder", help="A local Hugging Face model folder as encoder."),
) -> None:
    """Measure accuracy against labelled replies: per language and category, spans, kappa, worst misses."""
    from tone.evaluation.corpus import load_split
    from tone.evaluation.run import evaluate

    languages = tuple(lang or SUPPORTED_LANGUAGES)
    unknown = set(languages) - set(SUPPORTED_LANGUAGES)
    if unknown:
        fail(f"unsupported --lang {sorted(unknown)}; choose from {', '.join(SUPPORTED_LANGUAGES)}")
    try:
        records = load_split(split, languages)
    except ToneError as error:
        fail(error.message)
    if not records:
        fail(f"{split}: no replies for languages {', '.join(languages)}")
    analyzer = make_analyzer(detector.value, config, encoder=encoder)
    try:
        with progress(len(records), f"eval {split} ({detector.value})") as bar:
            report = evaluate(analyzer, records, source=split, progress=bar)
    except ToneError as error:
        fail(error.message)
    _print(Console(), report)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        typer.echo(f"wrote {json_out}")


def _print(console: Console, report) -> None:
    from tone.evaluation.run import per_language_rows

    rows = per_language_rows(report)
    for lang, lr in report.languages.items():
        table = Table(title=f"{lang}: {lr.replies} replies, detector {report.detector}"
                            + (f", {lr.refused} refused" if lr.refused else ""), title_justify="left")
        for column in ("category", "P", "R", "F1", "support", "kappa", "span F1"):
            table.add_column(column, justify="left" if column == "category" else "right")
        for category, p, r, f, support, kappa, span in rows[lang]:
            table.add_row(category, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(support), f"{kappa:.3f}", f"{span:.3f}")
        table.add_section()
        table.add_row("macro", "", "", f"{lr.macro_f1:.3f}", "", "", f"{lr.span_f1:.3f}")
        console.print(table)
    summary = Table(title=f"summary ({report.source}, {report.detector})", title_justify="left")
    for column in ("lang", "replies", "macro-F1", "span F1", "company_fault acc"):
        summary.add_column(column, justify="right")
    for lang, lr in report.languages.items():
        data = lr.to_dict()
        summary.add_row(lang, str(lr.replies), f"{lr.macro_f1:.3f}", f"{lr.span_f1:.3f}",
                        f"{data['company_fault_accuracy']:.3f}")
    console.print(summary)
    if report.worst:
        console.print("[bold]Most wrong replies[/bold]")
        for miss in report.worst:
            text = miss.text if len(miss.text) <= 140 else miss.text[:137] + "..."
            console.print(f"  {miss.id}  missed={','.join(miss.missed) or '-'}  extra={','.join(miss.extra) or '-'}")
            console.print(f"      {text}", markup=False, highlight=False)
