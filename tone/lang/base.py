"""What a language contributes: a tokenizer and sentence splitter, lemmas, and text folding."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from tone.errors import MissingDependency

APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _keep_only_used_lexeme_attributes(vocab) -> None:
    """spaCy runs about twenty Python getters (shape, like_url, like_num...) on every word it has not seen;
    tone reads only whether a token is punctuation or space, so new words cost a fraction as much."""
    from spacy.attrs import IS_PUNCT, IS_SPACE

    vocab.lex_attr_getters = {attr: getter for attr, getter in vocab.lex_attr_getters.items()
                              if attr in (IS_PUNCT, IS_SPACE)}


class Language:
    """Base for a language plug-in; subclasses supply `_load_lemmatizer` and may refine `fold`."""

    code = ""
    name = ""
    # Slovak chat is often typed without diacritics; folding them lets one rule match both.
    fold_diacritics = False

    def __init__(self) -> None:
        self._nlp = None
        self._lemmatize = None
        self.lemmas = lru_cache(maxsize=200_000)(self._lemmas)
        # Every token is folded, and the same few thousand words recur: caching saves most of the work.
        self.fold = lru_cache(maxsize=200_000)(self.fold)

    # -- tokenization -------------------------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            try:
                import spacy
            except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
                raise MissingDependency("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from exc
            nlp = spacy.blank(self.code)
            nlp.add_pipe("sentencizer")
            _keep_only_used_lexeme_attributes(nlp.vocab)
            self._nlp = nlp
        return self._nlp

    def tokenize_words(self, text: str) -> list[str]:
        """Split a phrase the way replies are split, so rule patterns and texts agree."""
        return [t.text for t in self.nlp.make_doc(text) if not (t.is_space or t.is_punct)]

    # -- normalization ------------------------------------------------------
    def fold(self, text: str) -> str:
        folded = text.casefold().translate(APOSTROPHES).replace("ё", "е")
        return strip_diacritics(folded) if self.fold_diacritics else folded

    # -- lemmas -------------------------------------------------------------
    def _load_lemmatizer(self):
        raise NotImplementedError

    def _lemmas(self, word: str) -> tuple[str, ...]:
        """Folded candidate lemmas of a word, most likely first (the word itself last)."""
        if self._lemmatize is None:
            self._lemmatize = self._load_lemmatizer()
        # Curly apostrophes (n’t, ’ll) lemmatize like straight ones.
        candidates = [self.fold(lemma) for lemma in self._lemmatize(word.translate(APOSTROPHES))]
        candidates.append(self.fold(word))
        return tuple(dict.fromkeys(c for c in candidates if c))
