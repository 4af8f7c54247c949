"""`tone check`: flag a draft reply, or every reply of a JSONL file, with spans, reasons and suggestions."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from tone.cli import app
from tone.cli.common import EXIT_FLAGGED, EXIT_OK, EXIT_USAGE, DetectorChoice, fail, make_analyzer
from tone.engine import DEFAULT_DETECTOR
from tone.errors import ToneError
from tone.schema import ReplyResult, error_record
from tone.taxonomy import Severity

BATCH = 64


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class LangChoice(str, Enum):
    auto = "auto"
    en = "en"
    ru = "ru"
    uk = "uk"
    sk = "sk"


class FailOn(str, Enum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    none = "none"


def _fails(result: ReplyResult, fail_on: FailOn) -> bool:
    if fail_on is FailOn.none:
        return False
    bar = Severity(fail_on.value).rank
    negative = [f for f in result.flags if f.category not in ("ownership", "concrete_commitment")]
    return any(f.severity.rank >= bar for f in negative) or (result.missing_ownership and bar <= Severity.medium.rank)


@app.command()
def check(
    text: Optional[str] = typer.Argument(None, help="The reply to check (omit with --input)."),
    context: Optional[str] = typer.Option(None, "--context", "-c", help="The customer's message the reply answers."),
    lang: LangChoice = typer.Option(LangChoice.auto, "--lang", help="Language of the reply; auto detects it."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f",
                                               help="text (default for one reply), json, or jsonl (default for --input)."),
    input_path: Optional[str] = typer.Option(None, "--input", "-i",
                                             help="JSONL file of {id, text, context?, lang?} per line; - for stdin."),
    fail_on: FailOn = typer.Option(FailOn.high, "--fail-on",
                                   help="Exit 1 when a negative flag is at or above this severity (none: never)."),
    detector: DetectorChoice = typer.Option(DEFAULT_DETECTOR, "--detector", help="rules, model or combined."),
    explain_lang: str = typer.Option("en", "--explain-lang", help="Explanations in 'en' or 'native' (the reply's language)."),
    config: Optional[Path] = typer.Option(None, "--config", help="User config YAML (rules off, severities, thresholds, phrases)."),
    encoder: Optional[Path] = typer.Option(None, "--encoder", help="A local Hugging Face model folder to use as encoder."),
) -> None:
    """Check a reply (or a JSONL file of replies) and show what to fix.

    Exit codes: 0 nothing at or above --fail-on, 1 flags at or above --fail-on, 2 usage or input errors.
    """
    if explain_lang not in ("en", "native"):
        fail("--explain-lang takes 'en' or 'native'")
    if (text is None) == (input_path is None):
        fail("give the reply text as an argument, or --input FILE (or - for stdin), not both")
    analyzer = make_analyzer(detector.value, config, explain_lang, encoder)
    if input_path is not None:
        raise typer.Exit(_check_file(analyzer, input_path, fmt or OutputFormat.jsonl, fail_on))
    raise typer.Exit(_check_one(analyzer, text, context, lang, fmt or OutputFormat.text, fail_on))


def _check_one(analyzer, text: str, context: str | None, lang: LangChoice, fmt: OutputFormat, fail_on: FailOn) -> int:
    try:
        result = analyzer.analyze(text, context=context, lang=None if lang is LangChoice.auto else lang.value)
    except ToneError as error:
        if fmt is OutputFormat.text:
            fail(error.message)
        print(json.dumps(error_record(None, error.as_dict()), ensure_ascii=False))
        return EXIT_USAGE
    if fmt is OutputFormat.text:
        from rich.console import Console

        from tone.cli.render import render_result

        render_result(Console(), result, text)
    else:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2 if fmt is OutputFormat.json else None))
    return EXIT_FLAGGED if _fails(result, fail_on) else EXIT_OK


def _check_file(analyzer, path: str, fmt: OutputFormat, fail_on: FailOn) -> int:
    from tone.records import read_reply_records

    if fmt is OutputFormat.text:
        fail("--input writes json or jsonl; use --format jsonl")
    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        fail(f"cannot open {path}: {exc.strerror}")
    where = "stdin" if path == "-" else path
    flagged = errors = 0
    indent = 2 if fmt is OutputFormat.json else None
    with stream:
        batch = []
        for numbered in read_reply_records(stream, where=where):
            batch.append(numbered)
            if len(batch) >= BATCH:
                f, e = _emit(analyzer, batch, fail_on, indent)
                flagged, errors, batch = flagged + f, errors + e, []
        if batch:
            f, e = _emit(analyzer, batch, fail_on, indent)
            flagged, errors = flagged + f, errors + e
    if errors:
        typer.secho(f"{errors} line(s) could not be scored; see their 'error' fields", err=True, fg=typer.colors.YELLOW)
        return EXIT_USAGE
    return EXIT_FLAGGED if flagged else EXIT_OK


def _emit(analyzer, batch, fail_on: FailOn, indent) -> tuple[int, int]:
    readable = [n for n in batch if n.item is not None]
    outcomes = dict(zip((n.line for n in readable), analyzer.analyze_batch([n.item for n in readable])))
    flagged = errors = 0
    for numbered in batch:
        outcome = numbered.error or outcomes[numbered.line]
        if isinstance(outcome, ToneError):
            errors += 1
            row = error_record(numbered.id, {**outcome.as_dict(), "line": numbered.line})
        else:
            flagged += _fails(outcome, fail_on)
            row = {**outcome.to_dict(), "id": numbered.id}
        print(json.dumps(row, ensure_ascii=False, indent=indent))
    return flagged, errors

