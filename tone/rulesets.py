"""The rule books in force: bundled rules plus the config's own phrases, less what it disables."""
from __future__ import annotations

from tone.config import ToneConfig
from tone.detectors.rulebook import RuleBook, compile_rulebook, load_rule_specs, parse_rule
from tone.detectors.rulespec import RuleSpec


def _custom_specs(lang: str, config: ToneConfig) -> list[tuple[RuleSpec, str]]:
    where = config.source or "config"
    specs = []
    for category, phrases in config.phrases.get(lang, {}).items():
        for number, phrase in enumerate(phrases, 1):
            raw = {
                "id": f"{lang}.{category}.custom_{number}",
                "category": category,
                "severity": phrase.severity.value,
                "message": {"en": phrase.message, lang: phrase.message},
                "suggestion": phrase.suggestion,
                "match": {"phrases": phrase.phrases} if phrase.phrases else {"regex": phrase.regex},
            }
            specs.append((parse_rule(raw, lang=lang, category=category, require_examples=False,
                                     where=f"{where}: phrases.{lang}.{category}[{number}]"), where))
    return specs


def build_rulebook(lang: str, config: ToneConfig) -> RuleBook:
    lexicon, bundled = load_rule_specs(lang)
    chosen = []
    for spec, origin in bundled + _custom_specs(lang, config):
        if config.rules.is_disabled(spec.id):
            continue
        if spec.id in config.rules.severity:
            spec = spec.model_copy(update={"severity": config.rules.severity[spec.id]})
        chosen.append((spec, origin))
    return compile_rulebook(lang, chosen, lexicon)
