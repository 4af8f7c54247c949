"""Languages plug in by code: each module `tone.lang.<code>` defines `LANGUAGE`."""
from __future__ import annotations

import importlib
from functools import lru_cache

from tone.errors import UnsupportedLanguage
from tone.lang.base import Language
from tone.taxonomy import SUPPORTED_LANGUAGES

__all__ = ["Language", "get_language", "SUPPORTED_LANGUAGES"]


@lru_cache(maxsize=None)
def get_language(code: str) -> Language:
    if code not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(
            f"language {code!r} is not supported; tone analyses {', '.join(SUPPORTED_LANGUAGES)}", detected=code
        )
    return importlib.import_module(f"tone.lang.{code}").LANGUAGE
