"""Options and plumbing shared by several commands."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

from tone.errors import ToneError

EXIT_OK, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2


class DetectorChoice(str, Enum):
    rules = "rules"
    model = "model"
    combined = "combined"


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def make_analyzer(detector: str, config: Path | None, explain_lang: str = "en", encoder: Path | None = None,
                  model: Path | None = None):
    from tone.config import load_config
    from tone.engine import Analyzer, AnalyzerOptions

    try:
        options = AnalyzerOptions(detector=detector, explain_lang=explain_lang, config=load_config(config),
                                  encoder_path=encoder, model_path=model)
        return Analyzer(options)
    except ToneError as error:
        fail(error.message)


def progress(total: int | None, description: str, *, enabled: bool = True):
    """A progress bar on stderr (count, rate, ETA) that stays quiet when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="reply", file=sys.stderr, dynamic_ncols=True,
                disable=not enabled or not sys.stderr.isatty(), smoothing=0.1)
