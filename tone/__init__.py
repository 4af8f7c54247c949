"""tone: an offline, multilingual tone analyzer for customer-support replies."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Analyzer", "AnalyzerOptions", "ToneError", "__version__"]


def __getattr__(name: str):
    # The engine pulls in spaCy and friends; keep `import tone` cheap.
    if name in ("Analyzer", "AnalyzerOptions"):
        from tone import engine

        return getattr(engine, name)
    if name == "ToneError":
        from tone.errors import ToneError

        return ToneError
    raise AttributeError(name)
