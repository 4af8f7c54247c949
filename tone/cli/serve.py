"""`tone serve`: the HTTP API and the draft-feedback page."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tone.cli import app
from tone.cli.common import DetectorChoice
from tone.engine import DEFAULT_DETECTOR


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; off loopback, $TONE_API_KEY is required."),
    port: int = typer.Option(8000, "--port", help="Port."),
    detector: DetectorChoice = typer.Option(DEFAULT_DETECTOR, "--detector", help="rules, model or combined."),
    config: Optional[Path] = typer.Option(None, "--config", help="User config YAML."),
    encoder: Optional[Path] = typer.Option(None, "--encoder", help="A local Hugging Face model folder as encoder."),
) -> None:
    """Serve POST /v1/analyze, /v1/analyze/batch, /health, /openapi.json and the web page at /."""
    import uvicorn

    from tone.config import load_config
    from tone.engine import AnalyzerOptions
    from tone.server.app import ServerOptions, api_key_for, create_app

    options = ServerOptions(AnalyzerOptions(detector=detector.value, config=load_config(config), encoder_path=encoder),
                            api_key=api_key_for(host))
    typer.echo(f"loading models, then serving on http://{host}:{port}/ (API docs: /docs)", err=True)
    uvicorn.run(create_app(options), host=host, port=port, log_level="warning")
