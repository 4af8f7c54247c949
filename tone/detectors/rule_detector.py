"""The phrase-rule detector: every compiled rule of the reply's language, run over one Analysis."""
from __future__ import annotations

from typing import Callable

from tone.analysis import Analysis
from tone.detectors.base import Detection, Evidence
from tone.detectors.rulebook import RuleBook

COMPANY_FAULT_LEXICON = "company_fault"
# A lexicon hit in the customer's message is strong evidence, its absence only weak evidence.
COMPANY_FAULT_FOUND, COMPANY_FAULT_NOT_FOUND = 0.85, 0.1


class RuleDetector:
    name = "rules"

    def __init__(self, build: Callable[[str], RuleBook]):
        # Rule books compile per language on first use, so one-language work loads one language.
        self._build = build
        self._rulebooks: dict[str, RuleBook] = {}

    def rulebook(self, lang: str) -> RuleBook:
        if lang not in self._rulebooks:
            self._rulebooks[lang] = self._build(lang)
        return self._rulebooks[lang]

    def preload(self, languages) -> None:
        for lang in languages:
            self.rulebook(lang)

    def detect(self, analysis: Analysis) -> Detection:
        book = self.rulebook(analysis.lang)
        evidence = []
        probabilities: dict[str, float] = {}
        for rule in book.rules:
            spec = rule.spec
            for start, end in rule.find(analysis.reply, analysis.context):
                evidence.append(
                    Evidence(spec.category, start, end, spec.confidence, spec.severity, spec.id, self.name,
                             spec.message, spec.suggestion)
                )
                probabilities[spec.category] = max(probabilities.get(spec.category, 0.0), spec.confidence)
        return Detection(self.name, probabilities, tuple(evidence), self._company_fault(book, analysis))

    def detect_many(self, analyses: list[Analysis]) -> list[Detection]:
        return [self.detect(a) for a in analyses]

    @staticmethod
    def _company_fault(book: RuleBook, analysis: Analysis) -> float | None:
        if analysis.context is None or not analysis.context.words:
            return None
        matcher = book.lexicon.get(COMPANY_FAULT_LEXICON)
        if matcher is None:
            return None
        return COMPANY_FAULT_FOUND if matcher.find(analysis.context) else COMPANY_FAULT_NOT_FOUND
