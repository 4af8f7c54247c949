"""One NLP pass per text: the tokens, lemmas and sentences every detector reads."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

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

    def span_of(self, first_word: int, end_word: int) -> tuple[int, int]:
        return self.words[first_word].start, self.words[end_word - 1].end


@dataclass(frozen=True)
class Analysis:
    """A reply and, when given, the customer message it answers, in one language."""

    lang: str
    reply: TextAnalysis
    context: TextAnalysis | None


def _sentence_starts(doc) -> set[int]:
    starts = {sent.start for sent in doc.sents}
    # Chat replies separate thoughts by line breaks more often than by full stops.
    for token in doc:
        if token.is_space and "\n" in token.text and token.i + 1 < len(doc):
            starts.add(token.i + 1)
    return starts


def analyse_doc(doc, language: Language) -> TextAnalysis:
    starts = _sentence_starts(doc)
    words: list[Word] = []
    sentences: list[Sentence] = []
    first_word = 0
    for token in doc:
        if token.i in starts and len(words) > first_word:
            sentences.append(Sentence(words[first_word].start, words[-1].end, first_word, len(words)))
            first_word = len(words)
        if token.is_space or token.is_punct:
            continue
        words.append(
            Word(token.text, token.idx, token.idx + len(token.text), language.fold(token.text),
                 language.lemmas(token.text), len(sentences))
        )
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
