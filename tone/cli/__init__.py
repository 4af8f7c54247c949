"""The `tone` command line. Each sub-command lives in its own module."""
from __future__ import annotations

import sys

import typer

from tone import __version__

app = typer.Typer(
    name="tone",
    help="Offline tone analyzer for customer-support replies in English, Russian, Ukrainian and Slovak.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tone {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Score replies for scripted boilerplate, blame-shifting, runaround and more."""


def _register() -> None:
    from tone.cli import check  # noqa: F401  (commands register themselves on `app`)

    for name in ("rules", "evaluate", "bench", "train", "score", "serve", "rehearse"):
        try:
            __import__(f"tone.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tone.cli.{name}":
                raise


def main() -> None:
    _register()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
