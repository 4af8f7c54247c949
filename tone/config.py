"""Layered configuration: built-in defaults, then a user's YAML file.

    rules:
      disable: [en.scripted.thanks_for_patience, "ru.condescension.*"]
      severity: {en.vague_commitment.asap: high}
    thresholds:                     # per category, and per language over that
      scripted: 0.6
      ru: {vague_commitment: 0.7}
    phrases:                        # an organisation's own phrases, per language and category
      en:
        scripted:
          - phrases: ["thank you for choosing acme"]
            severity: low
            message: "Company slogan in place of an answer."
            suggestion: "Thanks for the details."
"""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tone.errors import ConfigError
from tone.taxonomy import CATEGORIES, SUPPORTED_LANGUAGES, Severity

DEFAULT_THRESHOLD = 0.5
CONFIG_ENV = "TONE_CONFIG"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesConfig(_Strict):
    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = Field(default_factory=dict)

    def is_disabled(self, rule_id: str) -> bool:
        return any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in self.disable)


class CustomPhrase(_Strict):
    phrases: tuple[str, ...] | None = None
    regex: str | None = None
    severity: Severity = Severity.low
    message: str
    suggestion: str | None = None


class ToneConfig(_Strict):
    rules: RulesConfig = RulesConfig()
    thresholds: dict[str, float | dict[str, float]] = Field(default_factory=dict)
    phrases: dict[str, dict[str, tuple[CustomPhrase, ...]]] = Field(default_factory=dict)
    source: str | None = None

    def threshold(self, category: str, lang: str, default: float = DEFAULT_THRESHOLD) -> float:
        per_lang = self.thresholds.get(lang)
        if isinstance(per_lang, dict) and category in per_lang:
            return per_lang[category]
        value = self.thresholds.get(category)
        return value if isinstance(value, float | int) else default

    def check(self) -> "ToneConfig":
        where = self.source or "config"
        for key, value in self.thresholds.items():
            if key in SUPPORTED_LANGUAGES and isinstance(value, dict):
                unknown = set(value) - set(CATEGORIES)
            elif key in CATEGORIES and not isinstance(value, dict):
                unknown = set()
            else:
                unknown = {key}
            if unknown:
                raise ConfigError(f"{where}: thresholds: unknown category or language {sorted(unknown)}")
            for threshold in value.values() if isinstance(value, dict) else [value]:
                if not 0.0 < threshold < 1.0:
                    raise ConfigError(f"{where}: thresholds must lie between 0 and 1, got {threshold}")
        for lang, by_category in self.phrases.items():
            if lang not in SUPPORTED_LANGUAGES:
                raise ConfigError(f"{where}: phrases: unsupported language {lang!r}")
            unknown = set(by_category) - set(CATEGORIES)
            if unknown:
                raise ConfigError(f"{where}: phrases.{lang}: unknown categories {sorted(unknown)}")
        return self


def load_config(path: str | Path | None = None) -> ToneConfig:
    """Read the user's config file (argument, else $TONE_CONFIG); no file means defaults."""
    path = path or os.environ.get(CONFIG_ENV)
    if not path:
        return ToneConfig()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    try:
        return ToneConfig.model_validate({**data, "source": str(path)}).check()
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: {detail}") from exc
