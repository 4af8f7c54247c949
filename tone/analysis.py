"""One NLP pass per text: the tokens, lemmas and sentences every detector reads."""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from tone.lang import Language


@dataclass(frozen=True)
class Word:
    """A non-punctuation token with its character offsets and folded form and lemmas."""

    text: str
    start: int
    end: int
    norm: str
    lemmas: tuple[str, ...]
    sentence: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    first_word: int
    end_word: int  # exclusive


@dataclass(frozen=True)
class TextAnalysis:
    text: str
    words: tuple[Word, ...]
    sentences: tuple[Sentence, ...]
    # Where each folded form and lemma occurs: a pattern whose required words are absent skips at once.
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, hash=False)
    # Prefix lookups already answered for this text: rules repeat the same long prefix lists.
    _prefix_memo: dict[frozenset[str], frozenset[int]] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def span_of(self, first_word: int, end_word: int) -> tuple[int, int]:
        return self.words[first_word].start, self.words[end_word - 1].end

    def words_starting_with(self, prefixes: frozenset[str]) -> frozenset[int]:
        """Indexes of the words whose folded form or a lemma starts with one of `prefixes`."""
        found = self._prefix_memo.get(prefixes)
        if found is None:
            found = frozenset(index for prefix in prefixes for key in self._keys_starting_with(prefix)
                              for index in self.positions[key])
            self._prefix_memo[prefixes] = found
        return found

    def _keys_starting_with(self, prefix: str) -> list[str]:
        # In sorted order the keys starting with a prefix are one run, found by bisection.
        keys = self._sorted_keys
        found = []
        for index in range(bisect_left(keys, prefix), len(keys)):
            if not keys[index].startswith(prefix):
                break
            found.append(keys[index])
        return found

    @cached_property
    def _sorted_keys(self) -> list[str]:
        return sorted(self.positions)


@dataclass(frozen=True)
class Analysis:
    """A reply and, when given, the customer message it answers, in one language."""

    lang: str
    reply: TextAnalysis
    context: TextAnalysis | None


def analyse_doc(doc, language: Language) -> TextAnalysis:
    # One pass over the tokens (spaCy builds a Token object for each on every pass).
    sentence_starts = {sent.start for sent in doc.sents}
    fold, lemmas = language.fold, language.lemmas
    words: list[Word] = []
    sentences: list[Sentence] = []
    first_word = 0
    after_line_break = False
    for token in doc:
        text = token.text
        # Chat replies separate thoughts by line breaks more often than by full stops.
        if (after_line_break or token.i in sentence_starts) and len(words) > first_word:
            sentences.append(Sentence(words[first_word].start, words[-1].end, first_word, len(words)))
            first_word = len(words)
        after_line_break = token.is_space and "\n" in text
        if token.is_space or token.is_punct:
            continue
        start = token.idx
        words.append(Word(text, start, start + len(text), fold(text), lemmas(text), len(sentences)))
    if len(words) > first_word:
        sentences.append(Sentence(words[first_word].start, words[-1].end, first_word, len(words)))
    positions: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(words):
        for key in {word.norm, *word.lemmas}:
            positions[key].append(index)
    return TextAnalysis(doc.text, tuple(words), tuple(sentences),
                        {key: tuple(found) for key, found in positions.items()})


def analyse(text: str, language: Language) -> TextAnalysis:
    return analyse_doc(language.nlp(text), language)
