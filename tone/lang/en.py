from __future__ import annotations

from tone.errors import MissingDependency
from tone.lang.base import Language


class English(Language):
    code = "en"
    name = "English"

    def _load_lemmatizer(self):
        # spaCy's lookup lemmatizer table: no tagger needed, which suits single replies.
        try:
            from spacy.lookups import load_lookups

            table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        except (ImportError, ValueError) as exc:
            raise MissingDependency(
                "English lemmas need spaCy's lookup tables: pip install spacy-lookups-data==1.0.5"
            ) from exc

        def lemmatize(word: str) -> list[str]:
            lower = word.lower()
            return [table.get(lower, table.get(word, lower))]

        return lemmatize


LANGUAGE = English()
