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
from dataclasses import dataclass, field

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


_NONE: frozenset[str] = frozenset()


def _frozen(items: set[str]) -> frozenset[str]:
    # Most slots have no prefixes (or no lemmas): they share one empty set instead of a few thousand.
    return frozenset(items) if items else _NONE


@dataclass(frozen=True)
class OneWord:
    """Single-word alternatives tried together (each would end the slot on the next word).

    Exact forms and lemmas are set lookups; prefixes are answered by the analysis's prefix index.
    """

    forms: frozenset[str] = _NONE
    lemmas: frozenset[str] = _NONE
    prefixes: frozenset[str] = _NONE
    width = 1

    def matches(self, analysis: TextAnalysis, position: int) -> bool:
        word = analysis.words[position]
        if word.norm in self.forms or not self.lemmas.isdisjoint(word.lemmas):
            return True
        return bool(self.prefixes) and position in analysis.words_starting_with(self.prefixes)


@dataclass(frozen=True)
class Phrase:
    """A multi-word alternative: each word checked in turn."""

    tests: tuple[WordTest, ...]
    width: int = field(init=False)  # stored: read on every try

    def __post_init__(self) -> None:
        object.__setattr__(self, "width", len(self.tests))

    def matches(self, analysis: TextAnalysis, position: int) -> bool:
        words = analysis.words
        return all(test.matches(words[position + k]) for k, test in enumerate(self.tests))


@dataclass(frozen=True)
class SlotKeys:
    """What the first word filling a slot has: one of `exact` as folded form or lemma, or a form or
    lemma starting with one of `prefixes`. Lets a pattern skip texts, and positions, it cannot match."""

    exact: frozenset[str]
    prefixes: frozenset[str] = _NONE

    def positions(self, analysis: TextAnalysis) -> set[int]:
        found = {p for key in self.exact for p in analysis.positions.get(key, ())}
        if self.prefixes:
            found |= analysis.words_starting_with(self.prefixes)
        return found


@dataclass(frozen=True)
class Slot:
    alternatives: tuple[tuple[WordTest, ...], ...]
    optional: bool
    # The alternatives in the order they are tried: exact single words first (folded into sets: one
    # lookup instead of a loop), then the rest in pattern order, each run of prefixes merged into one
    # check. A prefix never moves ahead of a multi-word alternative written before it, so the match
    # found is the one trying every alternative in turn would find.
    choices: tuple[OneWord | Phrase, ...]
    keys: SlotKeys

    @classmethod
    def build(cls, alternatives: tuple[tuple[WordTest, ...], ...], optional: bool) -> "Slot":
        forms, lemmas = set(), set()
        rest: list[Phrase | set[str]] = [set()]  # a set: a run of prefixes; the first run joins the exact words
        for alternative in alternatives:
            test = alternative[0]
            if len(alternative) > 1:
                rest.append(Phrase(alternative))
            elif test.prefix:
                if not isinstance(rest[-1], set):
                    rest.append(set())
                rest[-1].add(test.form)
            else:
                forms.add(test.form)
                if test.lemma is not None:
                    lemmas.add(test.lemma)
        first = OneWord(_frozen(forms), _frozen(lemmas), _frozen(rest[0]))
        choices = [first] if forms or lemmas or rest[0] else []
        choices += [OneWord(prefixes=_frozen(run)) if isinstance(run, set) else run for run in rest[1:]]
        return cls(alternatives, optional, tuple(choices), _first_word_keys(alternatives))


def _first_word_keys(alternatives: tuple[tuple[WordTest, ...], ...]) -> SlotKeys:
    exact: set[str] = set()
    prefixes: set[str] = set()
    for alternative in alternatives:
        test = alternative[0]
        if test.prefix:
            prefixes.add(test.form)
            continue
        exact.add(test.form)
        if test.lemma is not None:
            exact.add(test.lemma)
    return SlotKeys(_frozen(exact), _frozen(prefixes))


@dataclass(frozen=True)
class Gap:
    max_words: int


@dataclass(frozen=True)
class Pattern:
    source: str
    items: tuple[Slot | Gap, ...]
    required: tuple[SlotKeys, ...] = ()  # one per required slot: a text without any of them has no match
    anchor: SlotKeys | None = None  # keys of the words a match can start on, when they are known
    # The keys of one required slot that allows no prefix: a text with none of them has no match.
    # Callers running many patterns check it first, which is cheaper than a call to `find`.
    trigger: frozenset[str] | None = None

    def find(self, analysis: TextAnalysis, first: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Non-overlapping (first_word, end_word) matches, leftmost first, inside each sentence."""
        # A text lacking a required slot is the common case: the check is the hot path, so it stays inline.
        present = analysis.positions.keys()
        for keys in self.required:
            if present.isdisjoint(keys.exact) and not (keys.prefixes and analysis.words_starting_with(keys.prefixes)):
                return []
        end = len(analysis.words) if end is None else end
        if self.anchor is not None:
            starts = sorted(p for p in self.anchor.positions(analysis) if first <= p < end)
        else:
            starts = range(first, end)
        found: list[tuple[int, int]] = []
        taken_until = -1
        for position in starts:
            if position < taken_until:
                continue
            sentence = analysis.sentences[analysis.words[position].sentence]
            hi = min(end, sentence.end_word)
            stop = self._match_from(analysis, 0, position, hi)
            if stop is not None and stop > position:
                found.append((position, stop))
                taken_until = stop
        return found

    def _match_from(self, analysis: TextAnalysis, item: int, position: int, hi: int) -> int | None:
        if item == len(self.items):
            return position
        current = self.items[item]
        if isinstance(current, Gap):
            # A gap never ends a match: trailing gaps would only swallow words.
            for skip in range(0, current.max_words + 1):
                if position + skip > hi:
                    break
                stop = self._match_from(analysis, item + 1, position + skip, hi)
                if stop is not None:
                    return stop
            return None
        for choice in current.choices:
            stop = position + choice.width
            if stop <= hi and choice.matches(analysis, position):
                result = self._match_from(analysis, item + 1, stop, hi)
                if result is not None:
                    return result
        if current.optional:
            return self._match_from(analysis, item + 1, position, hi)
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
    # Slots checked by lookup alone come first: a text that lacks one is rejected before any prefix is searched.
    required = tuple(sorted((i.keys for i in items if isinstance(i, Slot) and not i.optional),
                            key=lambda keys: bool(keys.prefixes)))
    trigger = required[0].exact if required and not required[0].prefixes else None
    return Pattern(source, tuple(items), required, _anchor(items), trigger)


def _anchor(items: list[Slot | Gap]) -> SlotKeys | None:
    """Keys of every word a match can start on: the leading optional slots and the first required one."""
    leading: list[SlotKeys] = []
    for item in items:
        if isinstance(item, Gap):
            return None
        leading.append(item.keys)
        if not item.optional:
            if len(leading) == 1:
                return item.keys
            return SlotKeys(_frozen(set().union(*(k.exact for k in leading))),
                            _frozen(set().union(*(k.prefixes for k in leading))))
    return None
