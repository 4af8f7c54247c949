from __future__ import annotations

from tone.errors import MissingDependency
from tone.lang.base import Language


class Slovak(Language):
    code = "sk"
    name = "Slovak"
    fold_diacritics = True

    def _load_lemmatizer(self):
        # spaCy has no Slovak lemmatizer or lookup table; simplemma covers Slovak well.
        try:
            import simplemma
        except ImportError as exc:
            raise MissingDependency("Slovak lemmas need simplemma: pip install simplemma") from exc

        def lemmatize(word: str) -> list[str]:
            return [simplemma.lemmatize(word, lang="sk")]

        return lemmatize


LANGUAGE = Slovak()
