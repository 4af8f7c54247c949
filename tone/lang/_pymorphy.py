"""Lemmas for Russian and Ukrainian from pymorphy3 and its dictionaries."""
from __future__ import annotations

from tone.errors import MissingDependency

_PACKAGES = {"ru": "pymorphy3-dicts-ru", "uk": "pymorphy3-dicts-uk"}


def load_pymorphy_lemmatizer(code: str, *, max_parses: int = 3):
    try:
        import pymorphy3

        analyzer = pymorphy3.MorphAnalyzer(lang=code)
    except (ImportError, ValueError, OSError) as exc:
        raise MissingDependency(
            f"{code} lemmas need pymorphy3 and its dictionaries: pip install pymorphy3 {_PACKAGES[code]}"
        ) from exc

    def lemmatize(word: str) -> list[str]:
        # A blank pipeline has no tagger to disambiguate, so keep the few most likely readings.
        return [parse.normal_form for parse in analyzer.parse(word)[:max_parses]]

    return lemmatize
