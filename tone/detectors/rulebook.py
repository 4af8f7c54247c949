"""Load, validate and compile the rule files of one language into a RuleBook."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from tone.analysis import TextAnalysis
from tone.detectors.patterns import Pattern, PatternError, compile_pattern
from tone.detectors.rulespec import Condition, LexiconFile, RuleSpec
from tone.errors import RuleFileError
from tone.lang import Language, get_language
from tone.taxonomy import CATEGORIES

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
LEXICON_FILE = "lexicon.yaml"


@dataclass(frozen=True)
class Matcher:
    """A compiled phrase list or regex that finds (start_char, end_char, first_word, end_word) spans."""

    patterns: tuple[Pattern, ...]
    regex: re.Pattern | None

    def find(self, analysis: TextAnalysis, first: int = 0, end: int | None = None) -> list[tuple[int, int, int, int]]:
        found = []
        present = analysis.positions.keys()
        for pattern in self.patterns:
            # Most patterns are rejected here: far cheaper than a call to `find`, which would reject them too.
            if pattern.trigger is not None and present.isdisjoint(pattern.trigger):
                continue
            for i, j in pattern.find(analysis, first, end):
                found.append((*analysis.span_of(i, j), i, j))
        if self.regex is not None:
            lo = analysis.words[first].start if first < len(analysis.words) else len(analysis.text)
            hi = analysis.words[end - 1].end if end is not None and end > 0 else len(analysis.text)
            for m in self.regex.finditer(analysis.text, lo, hi):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), *_word_range(analysis, m.start(), m.end())))
        return found


def _word_range(analysis: TextAnalysis, start: int, end: int) -> tuple[int, int]:
    inside = [k for k, w in enumerate(analysis.words) if w.end > start and w.start < end]
    if not inside:
        nxt = next((k for k, w in enumerate(analysis.words) if w.start >= end), len(analysis.words))
        return nxt, nxt
    return inside[0], inside[-1] + 1


@dataclass(frozen=True)
class CompiledCondition:
    matcher: Matcher
    scope: str
    window: int

    def holds(self, reply: TextAnalysis, context: TextAnalysis | None, first: int, end: int) -> bool:
        if self.scope == "context":
            return context is not None and bool(context.words) and bool(self.matcher.find(context))
        if self.scope == "reply":
            return bool(self.matcher.find(reply))
        if not reply.words:
            return False
        sentence = reply.sentences[reply.words[min(first, len(reply.words) - 1)].sentence]
        if self.scope == "sentence":
            lo, hi = sentence.first_word, sentence.end_word
        elif self.scope == "before":
            lo, hi = max(sentence.first_word, first - self.window), first
        else:
            lo, hi = end, min(sentence.end_word, end + self.window)
        return hi > lo and bool(self.matcher.find(reply, lo, hi))


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    matcher: Matcher
    unless: tuple[CompiledCondition, ...]
    requires: tuple[CompiledCondition, ...]
    origin: str

    @property
    def id(self) -> str:
        return self.spec.id

    def find(self, reply: TextAnalysis, context: TextAnalysis | None) -> list[tuple[int, int]]:
        spans = []
        for start, end, first, stop in self.matcher.find(reply):
            if any(c.holds(reply, context, first, stop) for c in self.unless):
                continue
            if not all(c.holds(reply, context, first, stop) for c in self.requires):
                continue
            spans.append((start, end))
        return _longest_of_overlapping(spans)


def _longest_of_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One span per place: where a rule's patterns overlap, the longest (then earliest) match stands."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= k_start or k_end <= start for k_start, k_end in kept):
            kept.append((start, end))
    return sorted(kept)


@dataclass(frozen=True)
class RuleBook:
    lang: str
    rules: tuple[CompiledRule, ...]
    lexicon: dict[str, Matcher]

    def by_id(self, rule_id: str) -> CompiledRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


class _Compiler:
    def __init__(self, language: Language, lexicon_source: dict[str, tuple[str, ...]], where: str):
        self.language = language
        self.lexicon: dict[str, Matcher] = {}
        for name, phrases in lexicon_source.items():
            self.lexicon[name] = self.matcher(phrases, None, f"{where}: lexicon {name!r}")

    def matcher(self, phrases, regex, where: str) -> Matcher:
        try:
            patterns = tuple(compile_pattern(p, self.language) for p in phrases or ())
        except PatternError as exc:
            raise RuleFileError(f"{where}: {exc}") from exc
        flags = re.IGNORECASE | re.UNICODE
        return Matcher(patterns, re.compile(regex, flags) if regex else None)

    def condition(self, condition: Condition, where: str) -> CompiledCondition:
        if condition.lexicon is not None:
            if condition.lexicon not in self.lexicon:
                raise RuleFileError(f"{where}: unknown lexicon {condition.lexicon!r}; define it in {LEXICON_FILE}")
            matcher = self.lexicon[condition.lexicon]
        else:
            matcher = self.matcher(condition.phrases, condition.regex, where)
        return CompiledCondition(matcher, condition.scope, condition.window)

    def rule(self, spec: RuleSpec, origin: str) -> CompiledRule:
        where = f"{origin}: rule {spec.id}"
        return CompiledRule(
            spec,
            self.matcher(spec.match.phrases, spec.match.regex, where),
            tuple(self.condition(c, where) for c in spec.unless),
            tuple(self.condition(c, where) for c in spec.requires),
            origin,
        )


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path}: cannot read rule file: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: expected a mapping at the top level")
    return data


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'rule'}: {e['msg']}" for e in exc.errors())


def parse_rule(raw: dict, *, lang: str, category: str | None, where: str, require_examples: bool) -> RuleSpec:
    if not isinstance(raw, dict):
        raise RuleFileError(f"{where}: each rule must be a mapping")
    rule_id = raw.get("id", "<no id>")
    data = dict(raw)
    if category is not None:
        if data.setdefault("category", category) != category:
            raise RuleFileError(f"{where}: rule {rule_id}: category {data['category']!r} in a {category}.yaml file")
    try:
        spec = RuleSpec.model_validate(data)
        spec.check_identity(lang)
    except (ValidationError, ValueError) as exc:
        detail = _validation_message(exc) if isinstance(exc, ValidationError) else str(exc)
        raise RuleFileError(f"{where}: rule {rule_id}: {detail}") from exc
    if require_examples and spec.examples is None:
        raise RuleFileError(f"{where}: rule {rule_id}: every bundled rule needs examples (bad and good)")
    return spec


def load_rule_specs(lang: str, rules_dir: Path = RULES_DIR) -> tuple[dict[str, tuple[str, ...]], list[tuple[RuleSpec, str]]]:
    folder = rules_dir / lang
    if not folder.is_dir():
        raise RuleFileError(f"{folder}: no rule folder for language {lang!r}")
    lexicon_path = folder / LEXICON_FILE
    lexicon: dict[str, tuple[str, ...]] = {}
    if lexicon_path.exists():
        try:
            lexicon = LexiconFile.model_validate(_read_yaml(lexicon_path)).lexicon
        except ValidationError as exc:
            raise RuleFileError(f"{lexicon_path}: {_validation_message(exc)}") from exc
    specs: list[tuple[RuleSpec, str]] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == LEXICON_FILE:
            continue
        category = path.stem
        if category not in CATEGORIES:
            raise RuleFileError(f"{path}: file name must be a category ({', '.join(CATEGORIES)})")
        raw_rules = _read_yaml(path).get("rules")
        if not isinstance(raw_rules, list) or not raw_rules:
            raise RuleFileError(f"{path}: expected a non-empty 'rules:' list")
        for raw in raw_rules:
            specs.append((parse_rule(raw, lang=lang, category=category, where=str(path), require_examples=True), str(path)))
    seen: dict[str, str] = {}
    for spec, origin in specs:
        if spec.id in seen:
            raise RuleFileError(f"{origin}: rule id {spec.id} is already defined in {seen[spec.id]}")
        seen[spec.id] = origin
    return lexicon, specs


def compile_rulebook(lang: str, specs: list[tuple[RuleSpec, str]], lexicon: dict[str, tuple[str, ...]]) -> RuleBook:
    compiler = _Compiler(get_language(lang), lexicon, str(RULES_DIR / lang / LEXICON_FILE))
    rules = tuple(compiler.rule(spec, origin) for spec, origin in specs)
    return RuleBook(lang, rules, compiler.lexicon)


@lru_cache(maxsize=None)
def bundled_rulebook(lang: str) -> RuleBook:
    lexicon, specs = load_rule_specs(lang)
    return compile_rulebook(lang, specs, lexicon)
