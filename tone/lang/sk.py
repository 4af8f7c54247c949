from __future__ import annotations

from functools import lru_cache

from tone.errors import MissingDependency
from tone.lang.base import Language, strip_diacritics


class Slovak(Language):
    code = "sk"
    name = "Slovak"
    fold_diacritics = True

    def _load_lemmatizer(self):
        # spaCy has no Slovak lemmatizer or lookup table; simplemma covers Slovak well.
        try:
            import simplemma
            from simplemma import __version__ as simplemma_version
            from simplemma.strategies.dictionaries import DefaultDictionaryFactory
        except ImportError as exc:
            raise MissingDependency("Slovak lemmas need simplemma: pip install simplemma") from exc
        undiacritized = None

        def lemmatize(word: str) -> list[str]:
            nonlocal undiacritized
            lemma = simplemma.lemmatize(word, lang="sk")
            if strip_diacritics(word) != word:
                return [lemma]
            # Slovak chat is often typed without diacritics, which simplemma cannot lemmatize
            # (it guesses), so a word that is a known form with its diacritics removed wins.
            if undiacritized is None:
                undiacritized = _undiacritized_index(DefaultDictionaryFactory, simplemma_version)
            restored = undiacritized.get(word.lower())
            return [restored, lemma] if restored else [lemma]

        return lemmatize


@lru_cache(maxsize=1)
def _known_forms() -> tuple:
    from simplemma import __version__ as simplemma_version
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary("sk")
    return dictionary, _undiacritized_index(DefaultDictionaryFactory, simplemma_version)


def is_known_word(word: str) -> bool:
    """Whether the word is a Slovak form, written with or without its diacritics."""
    dictionary, undiacritized = _known_forms()
    lower = word.lower()
    return lower in dictionary or word in dictionary or strip_diacritics(lower) in undiacritized


def _undiacritized_index(factory, version: str) -> dict[str, str]:
    from tone.cache import cached_pickle

    def build() -> dict[str, str]:
        index: dict[str, str] = {}
        for form, lemma in factory().get_dictionary("sk").items():
            folded = strip_diacritics(form.lower())
            if folded != form.lower():
                index.setdefault(folded, lemma)
        return index

    return cached_pickle(f"sk-undiacritized-lemmas-simplemma-{version}.pickle", build)


LANGUAGE = Slovak()
