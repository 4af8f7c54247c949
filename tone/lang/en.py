from __future__ import annotations

from functools import lru_cache

from tone.errors import MissingDependency
from tone.lang.base import Language


@lru_cache(maxsize=1)
def lemma_table():
    """spaCy's English lookup lemmatizer table: no tagger needed, which suits single replies."""
    try:
        from spacy.lookups import load_lookups

        return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    except (ImportError, ValueError) as exc:
        raise MissingDependency(
            "English lemmas need spaCy's lookup tables: pip install spacy-lookups-data==1.0.5") from exc


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    # The table maps inflected forms to lemmas; a word that is its own lemma appears only as a value.
    table = lemma_table()
    return frozenset(w.lower() for w in (*table.keys(), *table.values()) if isinstance(w, str))


def is_known_word(word: str) -> bool:
    return word.lower() in _known_words()


class English(Language):
    code = "en"
    name = "English"

    def _load_lemmatizer(self):
        table = lemma_table()

        def lemmatize(word: str) -> list[str]:
            lower = word.lower()
            return [table.get(lower, table.get(word, lower))]

        return lemmatize


LANGUAGE = English()
