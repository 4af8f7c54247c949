"""Lemmas for Russian and Ukrainian from pymorphy3 and its dictionaries."""
from __future__ import annotations

from functools import lru_cache

from tone.errors import MissingDependency

_PACKAGES = {"ru": "pymorphy3-dicts-ru", "uk": "pymorphy3-dicts-uk"}


@lru_cache(maxsize=None)
def morph_analyzer(code: str):
    """pymorphy3's analyzer for ru or uk, loaded once per process."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=code)
    except (ImportError, ValueError, OSError) as exc:
        raise MissingDependency(
            f"{code} needs pymorphy3 and its dictionaries: pip install pymorphy3 {_PACKAGES[code]}"
        ) from exc


def load_pymorphy_lemmatizer(code: str, *, max_parses: int = 3):
    analyzer = morph_analyzer(code)

    def lemmatize(word: str) -> list[str]:
        # A blank pipeline has no tagger to disambiguate, so keep the few most likely readings.
        return [parse.normal_form for parse in analyzer.parse(word)[:max_parses]]

    return lemmatize
