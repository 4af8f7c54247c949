from __future__ import annotations

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
