from __future__ import annotations

import pytest

from tone.analysis import analyse
from tone.lang import get_language

TEXTS = {
    "en": "We refunded the refunds; the refund's refundable. Prerefund ref re. We bought it and went home.",
    "ru": "Курьер курьерской службы перенёс доставку, курьеры перенесли заказы. Перенесем?",
    "sk": "Kuriérska služba doručila balík kuriérom, kurierska pobočka ho vrátila.",
}


def _brute_force(analysis, prefixes) -> frozenset[int]:
    return frozenset(i for i, w in enumerate(analysis.words)
                     if any(key.startswith(p) for key in (w.norm, *w.lemmas) for p in prefixes))


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_words_starting_with_agrees_with_comparing_every_word(lang: str) -> None:
    """The prefix index answers exactly what startswith over each word's form and lemmas would."""
    analysis = analyse(TEXTS[lang], get_language(lang))
    keys = {key for w in analysis.words for key in (w.norm, *w.lemmas)}
    prefixes = {key[:n] for key in keys for n in range(1, len(key) + 1)} | {"zzz", "я", "refundz", "kurierx"}
    for prefix in sorted(prefixes):
        assert analysis.words_starting_with(frozenset({prefix})) == _brute_force(analysis, {prefix}), prefix
    several = frozenset(sorted(prefixes)[::7])
    assert analysis.words_starting_with(several) == _brute_force(analysis, several)
    # Asked again (now from the memo), the same answer.
    assert analysis.words_starting_with(several) == _brute_force(analysis, several)


def test_words_starting_with_an_absent_prefix_is_empty() -> None:
    analysis = analyse(TEXTS["en"], get_language("en"))
    assert analysis.words_starting_with(frozenset({"xyz", "refundq"})) == frozenset()
    assert analysis.words_starting_with(frozenset({"refund"})) == frozenset({1, 3, 5, 7})


def test_line_breaks_and_full_stops_split_sentences() -> None:
    text = "Hi there\nthanks a lot. Bye\n \nok"
    analysis = analyse(text, get_language("en"))
    assert [text[s.start:s.end] for s in analysis.sentences] == ["Hi there", "thanks a lot", "Bye", "ok"]
    assert [w.sentence for w in analysis.words] == [0, 0, 1, 1, 1, 2, 3]


def test_russian_and_ukrainian_lemmas_come_from_the_compiled_dictionary_reader() -> None:
    """pymorphy3 falls back to a pure-Python reader, 5x slower on new words, if DAWG2 is missing."""
    import pymorphy3.dawg

    assert pymorphy3.dawg.DAWG.__module__ == "dawg"
    lemmas = {w.norm: w.lemmas for w in analyse("Приносим извинения за неудобства.", get_language("ru")).words}
    assert "извинение" in lemmas["извинения"]
