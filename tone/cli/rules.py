"""`tone rules`: list the rules in force and prove each on its examples."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

from tone.cli import app
from tone.cli.common import EXIT_FLAGGED, fail
from tone.errors import ToneError
from tone.taxonomy import CATEGORIES, SUPPORTED_LANGUAGES


@app.command()
def rules(
    lang: Optional[List[str]] = typer.Option(None, "--lang", help="Languages (repeat); default all four."),
    config: Optional[Path] = typer.Option(None, "--config", help="User config YAML (disabled rules, own phrases)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every rule id."),
) -> None:
    """Count the rules per language and category and run every rule's examples (exit 1 if any fails)."""
    from tone.config import load_config
    from tone.detectors.selfcheck import example_failures
    from tone.rulesets import build_rulebook

    failures: list[str] = []
    for code in lang or SUPPORTED_LANGUAGES:
        if code not in SUPPORTED_LANGUAGES:
            fail(f"unsupported --lang {code!r}")
        try:
            book = build_rulebook(code, load_config(config))
        except ToneError as error:
            fail(error.message)
        counts = Counter(rule.spec.category for rule in book.rules)
        typer.echo(f"{code}: {len(book.rules)} rules  " + "  ".join(f"{c}={counts[c]}" for c in CATEGORIES))
        for rule in book.rules:
            if verbose:
                typer.echo(f"  {rule.id}  [{rule.spec.severity.value}]  {rule.origin}")
            if rule.spec.examples is not None:
                failures.extend(example_failures(rule, code))
    for failure in failures:
        typer.secho(f"FAIL {failure}", fg=typer.colors.RED)
    typer.echo(f"{len(failures)} example failure(s)")
    if failures:
        raise typer.Exit(EXIT_FLAGGED)
