"""The engine's contract: results, overlap policy, determinism, bad input, configuration."""
from __future__ import annotations

import json

import pytest

from tone.config import ToneConfig, load_config
from tone.engine import Analyzer, AnalyzerOptions, ReplyInput
from tone.errors import (BinaryText, ConfigError, EmptyText, MixedLanguage, RuleFileError, TextTooLong,
                         UnsupportedLanguage)
from tone.inputs import MAX_CHARS
from tone.taxonomy import CATEGORIES

CUSTOM = {
    "phrases": {
        "en": {
            "scripted": [{"phrases": ["thank you for choosing acme"], "severity": "medium",
                          "message": "Slogan instead of an answer.", "suggestion": "Thanks for the details."}],
            "blame_shifting": [{"phrases": ["the warehouse ...2 fault"], "severity": "high",
                                "message": "Blames the warehouse.", "suggestion": "We sent the wrong item."}],
        },
        "ru": {"runaround": [{"phrases": ["идти|пойти в офис"], "message": "Отсылает в офис."}]},
    }
}


@pytest.fixture(scope="module")
def custom_analyzer() -> Analyzer:
    return Analyzer(AnalyzerOptions(detector="rules", config=ToneConfig.model_validate(CUSTOM).check()))


def test_result_has_every_category_and_sorted_flags(custom_analyzer) -> None:
    text = "Thank you for choosing Acme! The mix-up was the warehouse's fault, sorry."
    result = custom_analyzer.analyze(text, lang="en")
    assert set(result.categories) == set(CATEGORIES)
    assert result.categories["scripted"].flagged and result.categories["blame_shifting"].flagged
    positions = [(f.start, f.end, f.category, f.rule) for f in result.flags]
    assert positions == sorted(positions)
    for flag in result.flags:
        assert text[flag.start:flag.end] == flag.text
    assert result.score < 100
    assert json.loads(json.dumps(result.to_dict()))["schema"] == "1.0"


def test_one_flag_per_overlapping_span_within_a_category(custom_analyzer) -> None:
    result = custom_analyzer.analyze("Thank you for choosing Acme, thank you for choosing Acme.", lang="en")
    scripted = [f for f in result.flags if f.category == "scripted"]
    for a in scripted:
        for b in scripted:
            assert a is b or a.end <= b.start or b.end <= a.start


def test_repeated_runs_give_identical_output(custom_analyzer) -> None:
    batch = [ReplyInput("Thank you for choosing Acme. It was the warehouse's fault.", lang="en", id=str(i))
             for i in range(5)] + [ReplyInput("Вам нужно пойти в офис банка.", id="ru")]
    first = [r.to_dict() for r in custom_analyzer.analyze_batch(batch)]
    for _ in range(10):
        assert [r.to_dict() for r in custom_analyzer.analyze_batch(batch)] == first


@pytest.mark.parametrize(("text", "error"), [
    ("", EmptyText), ("   \n\t ", EmptyText), ("x" * (MAX_CHARS + 1), TextTooLong),
    ("abc\x00def", BinaryText), ("\x01\x02\x03\x04 binary", BinaryText),
])
def test_bad_text_gets_a_clear_error(custom_analyzer, text: str, error: type) -> None:
    with pytest.raises(error) as caught:
        custom_analyzer.analyze(text)
    assert caught.value.message


def test_unsupported_language_is_reported_not_scored(custom_analyzer) -> None:
    outcomes = custom_analyzer.analyze_batch([
        ReplyInput("Vielen Dank für Ihre Geduld, wir haben die Rückerstattung veranlasst.", id="de"),
        ReplyInput("Thank you for choosing Acme.", id="en"),
    ])
    assert isinstance(outcomes[0], UnsupportedLanguage) and outcomes[0].detected == "de"
    assert outcomes[1].lang == "en" and outcomes[1].categories["scripted"].flagged


def test_forced_unsupported_language_is_refused(custom_analyzer) -> None:
    with pytest.raises(UnsupportedLanguage):
        custom_analyzer.analyze("Thank you", lang="de")


def test_mixed_language_needs_an_explicit_language(custom_analyzer) -> None:
    text = "Thank you for choosing Acme, we will call you. Спасибо, что выбрали нас, мы вам перезвоним."
    with pytest.raises(MixedLanguage):
        custom_analyzer.analyze(text)
    assert custom_analyzer.analyze(text, lang="en").lang == "en"


def test_missing_ownership_needs_a_company_fault_in_context(custom_analyzer) -> None:
    reply = "Thank you for choosing Acme."
    with_fault = custom_analyzer.analyze(reply, context="You charged me twice and my parcel never arrived!", lang="en")
    question = custom_analyzer.analyze(reply, context="What are your opening hours?", lang="en")
    assert with_fault.company_fault and with_fault.missing_ownership
    assert not question.company_fault and not question.missing_ownership
    assert with_fault.score < question.score


def test_config_disables_rules_and_changes_severity(tmp_path) -> None:
    path = tmp_path / "tone.yaml"
    path.write_text(json.dumps({**CUSTOM, "rules": {"disable": ["en.blame_shifting.custom_*"],
                                                    "severity": {"en.scripted.custom_1": "high"}}}))
    analyzer = Analyzer(AnalyzerOptions(detector="rules", config=load_config(path)))
    result = analyzer.analyze("Thank you for choosing Acme. It was the warehouse's fault.", lang="en")
    assert not any(f.rule.startswith("en.blame_shifting.custom") for f in result.flags)
    assert [f.severity.value for f in result.flags if f.rule == "en.scripted.custom_1"] == ["high"]


def test_config_threshold_can_silence_a_category(tmp_path) -> None:
    path = tmp_path / "tone.yaml"
    path.write_text(json.dumps({**CUSTOM, "thresholds": {"en": {"scripted": 0.99}}}))
    analyzer = Analyzer(AnalyzerOptions(detector="rules", config=load_config(path)))
    result = analyzer.analyze("Thank you for choosing Acme.", lang="en")
    assert not result.categories["scripted"].flagged
    assert not [f for f in result.flags if f.category == "scripted"]


@pytest.mark.parametrize("content", [
    "thresholds: {scripted: 2.0}",
    "thresholds: {shouting: 0.5}",
    "phrases: {de: {scripted: []}}",
    "rules: {disabled: [x]}",
    "[not, a, mapping]",
])
def test_bad_config_names_the_file(tmp_path, content: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in caught.value.message


def _load_one_rule(tmp_path, severity: str):
    from tone.detectors.rulebook import load_rule_specs

    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "runaround.yaml").write_text(
        f"rules:\n  - id: en.runaround.call_hotline\n    severity: {severity}\n    message: {{en: x}}\n"
        "    match: {phrases: [call our hotline]}\n")
    return load_rule_specs("en", tmp_path)


def test_broken_rule_file_names_file_and_rule(tmp_path) -> None:
    with pytest.raises(RuleFileError) as caught:
        _load_one_rule(tmp_path, "loud")
    assert "runaround.yaml" in caught.value.message and "en.runaround.call_hotline" in caught.value.message
    assert "severity" in caught.value.message


def test_bundled_rule_without_examples_fails_to_load(tmp_path) -> None:
    with pytest.raises(RuleFileError, match="needs examples"):
        _load_one_rule(tmp_path, "medium")
