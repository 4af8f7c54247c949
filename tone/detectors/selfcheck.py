"""A rule's proof on its own examples, shared by the test suite and `tone rules`."""
from __future__ import annotations

from tone.analysis import analyse
from tone.detectors.rulebook import CompiledRule
from tone.lang import get_language


def _find(rule: CompiledRule, lang: str, text: str, context: str | None) -> list[tuple[int, int]]:
    language = get_language(lang)
    return rule.find(analyse(text, language), analyse(context, language) if context else None)


def _show(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def _apply(text: str, spans: list[tuple[int, int]], replacement: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def example_failures(rule: CompiledRule, lang: str) -> list[str]:
    """Why the rule fails its examples; empty when it passes.

    Each bad example must yield exactly the marked spans, the suggestion put in
    place must clear the rule, and each good example must yield nothing.
    """
    failures = []
    examples = rule.spec.examples
    if examples is None:
        return [f"{rule.id}: no examples"]
    for bad in examples.bad:
        text, marked = bad.plain()
        found = _find(rule, lang, text, bad.context)
        if found != marked:
            failures.append(f"{rule.id}: on {text!r} expected {_show(text, marked)}, got {_show(text, found)}")
            continue
        if rule.spec.suggestion:
            fixed = _apply(text, marked, rule.spec.suggestion)
            if _find(rule, lang, fixed, bad.context):
                failures.append(f"{rule.id}: its own suggestion still matches in {fixed!r}")
    for good in examples.good:
        found = _find(rule, lang, good.text, good.context)
        if found:
            failures.append(f"{rule.id}: fires on its good example {good.text!r}: {_show(good.text, found)}")
    return failures
