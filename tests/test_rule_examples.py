"""Every bundled rule proves itself on its own examples (LanguageTool's habit).

Each bad example yields exactly that rule at the marked spans, the suggestion
put in place clears it, and each good example yields nothing from the rule.
"""
from __future__ import annotations

from collections import Counter

import pytest

from tone.detectors.rulebook import bundled_rulebook, load_rule_specs
from tone.detectors.selfcheck import example_failures
from tone.taxonomy import CATEGORIES, NEGATIVE_CATEGORIES, SUPPORTED_LANGUAGES

MIN_RULES_PER_LANGUAGE = 120
MIN_RULES_PER_NEGATIVE_CATEGORY = 8

RULE_IDS = [(lang, spec.id) for lang in SUPPORTED_LANGUAGES for spec, _ in load_rule_specs(lang)[1]]


@pytest.mark.parametrize(("lang", "rule_id"), RULE_IDS, ids=[rule_id for _, rule_id in RULE_IDS])
def test_rule_examples(lang: str, rule_id: str) -> None:
    failures = example_failures(bundled_rulebook(lang).by_id(rule_id), lang)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("lang", "rule_id"), RULE_IDS, ids=[rule_id for _, rule_id in RULE_IDS])
def test_engine_flags_bad_examples(lang: str, rule_id: str, rules_analyzer) -> None:
    """Through the whole engine (all rules, overlap policy), the marked span is still flagged."""
    rule = bundled_rulebook(lang).by_id(rule_id)
    for bad in rule.spec.examples.bad:
        text, marked = bad.plain()
        result = rules_analyzer.analyze(text, context=bad.context, lang=lang)
        for start, end in marked:
            assert any(f.category == rule.spec.category and f.start < end and start < f.end for f in result.flags), (
                f"{rule_id}: no {rule.spec.category} flag over {text[start:end]!r} in {text!r}")


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_rule_coverage(lang: str) -> None:
    specs = [spec for spec, _ in load_rule_specs(lang)[1]]
    per_category = Counter(spec.category for spec in specs)
    assert len(specs) >= MIN_RULES_PER_LANGUAGE, f"{lang}: {len(specs)} rules"
    for category in NEGATIVE_CATEGORIES:
        assert per_category[category] >= MIN_RULES_PER_NEGATIVE_CATEGORY, f"{lang}.{category}: {per_category[category]}"
    for category in CATEGORIES:
        assert per_category[category] >= 1, f"{lang}: no rule for {category}"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_rule_messages_name_both_languages(lang: str) -> None:
    for spec, origin in load_rule_specs(lang)[1]:
        assert spec.message["en"].strip() and spec.message[lang].strip(), f"{origin}: {spec.id}"
