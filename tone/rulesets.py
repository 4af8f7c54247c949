"""The rule books in force: bundled rules, less what the config disables, plus its own phrases."""
from __future__ import annotations

from tone.config import ToneConfig
from tone.detectors.rulebook import RuleBook, compile_rulebook, load_rule_specs, parse_rule


def build_rulebook(lang: str, config: ToneConfig) -> RuleBook:
    lexicon, specs = load_rule_specs(lang)
    chosen = []
    for spec, origin in specs:
        if config.rules.is_disabled(spec.id):
            continue
        if spec.id in config.rules.severity:
            spec = spec.model_copy(update={"severity": config.rules.severity[spec.id]})
        chosen.append((spec, origin))
    where = config.source or "config"
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
            spec = parse_rule(raw, lang=lang, category=category, where=f"{where}: phrases.{lang}.{category}[{number}]",
                              require_examples=False)
            chosen.append((spec, where))
    return compile_rulebook(lang, chosen, lexicon)
