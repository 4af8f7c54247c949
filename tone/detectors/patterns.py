"""The phrase-pattern language rules are written in, compiled against a language.

A pattern is a sequence of whitespace-separated items, matched word by word
inside one sentence (punctuation is skipped):

    word        the word in any inflection: same lemma, or same surface form
    =word       exactly this surface form (case-insensitive)
    pref*       any word starting with `pref` (at least three letters)
    a|b|c       any one of the alternatives
    do_not|don't   an alternative of several words joins them with "_" (items are split on spaces first)
    item?       the item may be absent
    ...         up to 3 words of anything;  ...N  up to N words

Words are tokenized by the language's own tokenizer, so "that's" or "don't"
in a pattern splits exactly as it does in a reply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tone.analysis import TextAnalysis, Word
from tone.lang import Language

_GAP = re.compile(r"^\.\.\.(\d+)?$")
DEFAULT_GAP = 3
MIN_PREFIX = 3


class PatternError(ValueError):
    pass


@dataclass(frozen=True)
class WordTest:
    form: str
    lemma: str | None  # None: surface form only
    prefix: bool = False

    def matches(self, word: Word) -> bool:
        if self.prefix:
            return word.norm.startswith(self.form) or any(lemma.startswith(self.form) for lemma in word.lemmas)
        if word.norm == self.form:
            return True
        return self.lemma is not None and self.lemma in word.lemmas


@dataclass(frozen=True)
class Slot:
    alternatives: tuple[tuple[WordTest, ...], ...]
    optional: bool
    # Single-word alternatives folded into sets: one lookup instead of a loop over alternatives.
    forms: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()
    others: tuple[tuple[WordTest, ...], ...] = ()

    @classmethod
    def build(cls, alternatives: tuple[tuple[WordTest, ...], ...], optional: bool) -> "Slot":
        forms, lemmas, others = set(), set(), []
        for alternative in alternatives:
            if len(alternative) == 1 and not alternative[0].prefix:
                forms.add(alternative[0].form)
                if alternative[0].lemma is not None:
                    lemmas.add(alternative[0].lemma)
            else:
                others.append(alternative)
        return cls(alternatives, optional, frozenset(forms), frozenset(lemmas), tuple(others))

    def single_word_matches(self, word: Word) -> bool:
        return word.norm in self.forms or not self.lemmas.isdisjoint(word.lemmas)


@dataclass(frozen=True)
class Gap:
    max_words: int


def _slot_keys(slot: Slot) -> frozenset[str] | None:
    """Folded forms and lemmas any of which a word must have to fill the slot; None when a prefix is allowed."""
    keys: set[str] = set()
    for alternative in slot.alternatives:
        test = alternative[0]
        if test.prefix:
            return None
        keys.add(test.form)
        if test.lemma is not None:
            keys.add(test.lemma)
    return frozenset(keys)


@dataclass(frozen=True)
class Pattern:
    source: str
    items: tuple[Slot | Gap, ...]
    required: tuple[frozenset[str], ...] = ()  # one key set per required slot that can be checked by lookup
    anchor: frozenset[str] | None = None  # keys of the first slot when it is required: where a match can start

    def find(self, analysis: TextAnalysis, first: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Non-overlapping (first_word, end_word) matches, leftmost first, inside each sentence."""
        if any(analysis.positions.keys().isdisjoint(keys) for keys in self.required):
            return []
        end = len(analysis.words) if end is None else end
        if self.anchor is not None:
            starts = sorted({p for key in self.anchor for p in analysis.positions.get(key, ()) if first <= p < end})
        else:
            starts = range(first, end)
        found: list[tuple[int, int]] = []
        taken_until = -1
        for position in starts:
            if position < taken_until:
                continue
            sentence = analysis.sentences[analysis.words[position].sentence]
            hi = min(end, sentence.end_word)
            stop = self._match_from(analysis.words, 0, position, hi)
            if stop is not None and stop > position:
                found.append((position, stop))
                taken_until = stop
        return found

    def _match_from(self, words: tuple[Word, ...], item: int, position: int, hi: int) -> int | None:
        if item == len(self.items):
            return position
        current = self.items[item]
        if isinstance(current, Gap):
            # A gap never ends a match: trailing gaps would only swallow words.
            for skip in range(0, current.max_words + 1):
                if position + skip > hi:
                    break
                stop = self._match_from(words, item + 1, position + skip, hi)
                if stop is not None:
                    return stop
            return None
        if position < hi and current.single_word_matches(words[position]):
            result = self._match_from(words, item + 1, position + 1, hi)
            if result is not None:
                return result
        for alternative in current.others:
            stop = position + len(alternative)
            if stop <= hi and all(test.matches(words[position + k]) for k, test in enumerate(alternative)):
                result = self._match_from(words, item + 1, stop, hi)
                if result is not None:
                    return result
        if current.optional:
            return self._match_from(words, item + 1, position, hi)
        return None


def _compile_alternative(text: str, language: Language) -> tuple[WordTest, ...]:
    text = text.replace("_", " ")
    if text.startswith("="):
        return tuple(WordTest(language.fold(w), None) for w in language.tokenize_words(text[1:]))
    if text.endswith("*"):
        stem = language.fold(text[:-1])
        if len(stem) < MIN_PREFIX:
            raise PatternError(f"prefix {text!r} is shorter than {MIN_PREFIX} letters")
        return (WordTest(stem, None, prefix=True),)
    return tuple(WordTest(language.fold(w), language.lemmas(w)[0]) for w in language.tokenize_words(text))


def compile_pattern(source: str, language: Language) -> Pattern:
    items: list[Slot | Gap] = []
    for raw in source.split():
        gap = _GAP.match(raw)
        if gap:
            if not items:
                raise PatternError(f"pattern {source!r} starts with a gap")
            items.append(Gap(int(gap.group(1) or DEFAULT_GAP)))
            continue
        optional = raw.endswith("?") and len(raw) > 1
        body = raw[:-1] if optional else raw
        alternatives = tuple(_compile_alternative(part, language) for part in body.split("|") if part)
        if not alternatives or any(not alt for alt in alternatives):
            raise PatternError(f"item {raw!r} of pattern {source!r} has no words")
        items.append(Slot.build(alternatives, optional))
    if not items:
        raise PatternError("empty pattern")
    if isinstance(items[-1], Gap):
        raise PatternError(f"pattern {source!r} ends with a gap")
    if all(isinstance(i, Gap) or i.optional for i in items):
        raise PatternError(f"pattern {source!r} has no required word")
    required = tuple(keys for i in items if isinstance(i, Slot) and not i.optional
                     for keys in [_slot_keys(i)] if keys is not None)
    return Pattern(source, tuple(items), required, _anchor(items))


def _anchor(items: list[Slot | Gap]) -> frozenset[str] | None:
    """Keys of every word a match can start on: the leading optional slots and the first required one."""
    keys: set[str] = set()
    for item in items:
        if isinstance(item, Gap):
            return None
        slot_keys = _slot_keys(item)
        if slot_keys is None:
            return None
        keys |= slot_keys
        if not item.optional:
            return frozenset(keys)
    return None
