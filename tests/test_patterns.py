from __future__ import annotations

import pytest

from tone.analysis import analyse
from tone.detectors.patterns import PatternError, compile_pattern
from tone.lang import get_language


def matches(lang: str, pattern: str, text: str) -> list[str]:
    language = get_language(lang)
    analysis = analyse(text, language)
    return [text[slice(*analysis.span_of(i, j))] for i, j in compile_pattern(pattern, language).find(analysis)]


def test_lemma_matches_inflections() -> None:
    assert matches("en", "we apologize for", "We apologized for the mix-up.") == ["We apologized for"]
    assert matches("ru", "приносить извинение", "Приносим извинения за задержку.") == ["Приносим извинения"]
    # Aspect pairs are distinct lemmas in pymorphy: patterns name both.
    assert matches("uk", "вибачати|вибачити за незручність", "Вибачте за незручності!") == ["Вибачте за незручності"]


def test_exact_form_does_not_inflect() -> None:
    assert matches("en", "=apologize", "We apologized.") == []
    assert matches("en", "=apologize", "We apologize.") == ["apologize"]


def test_alternatives_optional_and_gaps() -> None:
    pattern = "sorry|apologies for any? inconvenience|trouble"
    assert matches("en", pattern, "Sorry for the trouble.") == []
    assert matches("en", pattern, "Sorry for any trouble.") == ["Sorry for any trouble"]
    assert matches("en", "sorry ...2 inconvenience", "Sorry for the inconvenience.") == ["Sorry for the inconvenience"]
    assert matches("en", "sorry ...1 inconvenience", "Sorry for all the inconvenience.") == []


def test_multi_word_alternatives_join_with_underscores() -> None:
    assert matches("en", "we do_not|don't refund", "We do not refund that.") == ["We do not refund"]
    assert matches("en", "we do_not|don't refund", "We don't refund that.") == ["We don't refund"]


def test_prefix_and_contractions() -> None:
    assert matches("ru", "вина курьер*", "Это вина курьерской службы.") == ["вина курьерской"]
    assert matches("en", "that's not our fault", "That's not our fault.") == ["That's not our fault"]
    assert matches("en", "that's not our fault", "That is not our fault.") == []


def test_slovak_matches_without_diacritics() -> None:
    assert matches("sk", "ospravedlňovať sa", "Ospravedlnujeme sa za meskanie.") == ["Ospravedlnujeme sa"]


def test_matches_stay_inside_a_sentence() -> None:
    assert matches("en", "sorry ...3 refund", "Sorry. Refund done.") == []


def test_offsets_point_into_the_original_text() -> None:
    text = "Hi!\n\nWe’re sorry for any inconvenience."
    assert matches("en", "sorry for any inconvenience", text) == ["sorry for any inconvenience"]


@pytest.mark.parametrize("bad", ["", "... sorry", "sorry ...", "ab*", "maybe?"])
def test_malformed_patterns_are_rejected(bad: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(bad, get_language("en"))


def test_prefix_anchors_a_match_only_where_a_word_starts_with_it() -> None:
    text = "Refunds now, refunded now, a prerefund now."
    assert matches("en", "refund* now", text) == ["Refunds now", "refunded now"]
    # By lemma too: "bought" has the lemma "buy".
    assert matches("en", "buy* it", "We bought it.") == ["bought it"]
    # A match starts on the optional slot's word, or, without it, on the prefix.
    assert matches("en", "now|soon? refund*", text) == ["Refunds", "now, refunded"]


def test_pattern_whose_required_prefix_is_absent_finds_nothing() -> None:
    assert matches("en", "sorry ...3 refund*", "Sorry, we refunded you.") == ["Sorry, we refunded"]
    assert matches("en", "sorry ...3 refund*", "Sorry, we paid you back.") == []
    assert matches("en", "sorry ...3 refund*", "We refunded you. Sorry about that.") == []


def test_prefixes_keep_their_place_among_multi_word_alternatives() -> None:
    # Exact single words are tried first; the other alternatives in the order the pattern gives them.
    assert matches("en", "thank_you|thank* you?", "Thank you you.") == ["Thank you you"]
    assert matches("en", "thank*|thank_you you?", "Thank you you.") == ["Thank you"]
    assert matches("en", "thank_you|thank you?", "Thank you you.") == ["Thank you"]
