"""`tone train`: rebuild models/ from the train split."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tone.cli import app
from tone.cli.common import fail
from tone.errors import ToneError


@app.command()
def train(
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write heads and calibration (default: models/)."),
    encoder: Optional[Path] = typer.Option(None, "--encoder", help="Train on a local Hugging Face encoder instead."),
    seed: int = typer.Option(13, "--seed", help="Seed for folds and optimisers."),
) -> None:
    """Train the per-category heads and calibrate thresholds and the rule+model combiner (train split only)."""
    from tone.model.store import default_model_dir
    from tone.model.train import TrainOptions, train as run

    try:
        run(TrainOptions(out_dir=out or default_model_dir(), encoder_path=encoder, seed=seed),
            log=lambda message: typer.echo(message, err=True))
    except ToneError as error:
        fail(error.message)
