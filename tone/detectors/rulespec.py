"""The schema of a rule file, validated at load so a broken rule names itself."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tone.taxonomy import CATEGORIES, Severity

MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)
Scope = Literal["sentence", "reply", "before", "after", "context"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Matcher(_Strict):
    """Exactly one of: phrase patterns (see patterns.py) or a regular expression over the text."""

    phrases: tuple[str, ...] | None = None
    regex: str | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        if (self.phrases is None) == (self.regex is None):
            raise ValueError("give exactly one of 'phrases' or 'regex'")
        if self.phrases is not None and not self.phrases:
            raise ValueError("'phrases' is empty")
        if self.regex is not None:
            try:
                re.compile(self.regex)
            except re.error as exc:
                raise ValueError(f"invalid regex {self.regex!r}: {exc}") from exc
        return self


class Condition(_Strict):
    """A phrase, lexicon entry or regex looked for around a match: in its sentence, before/after it, etc."""

    phrases: tuple[str, ...] | None = None
    lexicon: str | None = None
    regex: str | None = None
    scope: Scope = "sentence"
    window: int = Field(3, ge=1, le=15)

    @model_validator(mode="after")
    def _one_kind(self):
        if sum(x is not None for x in (self.phrases, self.lexicon, self.regex)) != 1:
            raise ValueError("a condition takes exactly one of 'phrases', 'lexicon' or 'regex'")
        return self


class BadExample(_Strict):
    text: str
    context: str | None = None

    @field_validator("text")
    @classmethod
    def _marked(cls, text: str) -> str:
        if not MARK.search(text):
            raise ValueError(f"bad example must mark the expected span with [[...]]: {text!r}")
        return text

    def plain(self) -> tuple[str, list[tuple[int, int]]]:
        """The example without markers, and the marked spans as offsets into it."""
        spans, pieces, cursor, removed = [], [], 0, 0
        for mark in MARK.finditer(self.text):
            pieces.append(self.text[cursor:mark.start()])
            start = mark.start() - removed
            spans.append((start, start + len(mark.group(1))))
            pieces.append(mark.group(1))
            removed += 4
            cursor = mark.end()
        pieces.append(self.text[cursor:])
        return "".join(pieces), spans


class GoodExample(_Strict):
    text: str
    context: str | None = None


class Examples(_Strict):
    bad: tuple[BadExample, ...] = Field(min_length=1)
    good: tuple[GoodExample, ...] = Field(min_length=1)


class RuleSpec(_Strict):
    id: str
    category: str
    severity: Severity
    confidence: float = Field(0.9, gt=0.0, le=1.0)
    message: dict[str, str]
    suggestion: str | None = None
    match: Matcher
    unless: tuple[Condition, ...] = ()
    requires: tuple[Condition, ...] = ()
    examples: Examples | None = None

    @field_validator("category")
    @classmethod
    def _known_category(cls, category: str) -> str:
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
        return category

    def check_identity(self, lang: str) -> None:
        expected = f"{lang}.{self.category}."
        if not self.id.startswith(expected) or not re.fullmatch(r"[a-z]{2}\.[a-z_]+\.[a-z0-9_]+", self.id):
            raise ValueError(f"rule id {self.id!r} must look like {expected}<name> (lowercase, digits, _)")
        for needed in {"en", lang}:
            if not self.message.get(needed, "").strip():
                raise ValueError(f"rule {self.id}: message needs an {needed!r} text")


class RuleFile(_Strict):
    rules: tuple[dict, ...] = Field(min_length=1)


class LexiconFile(_Strict):
    lexicon: dict[str, tuple[str, ...]]
