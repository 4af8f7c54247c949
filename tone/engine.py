"""The Analyzer: one NLP pass per reply, every detector over it, one result out."""
from __future__ import annotations

import gc
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from tone.analysis import Analysis, analyse_doc
from tone.config import ToneConfig
from tone.detectors.base import Detection, Detector
from tone.errors import ToneError
from tone.flags import to_flags
from tone.fusion import fuse
from tone.inputs import MAX_CHARS, check_text
from tone.lang import get_language
from tone.lang.identify import identify_language
from tone.schema import CategoryScore, ReplyResult
from tone.scoring import reply_score
from tone.taxonomy import CATEGORIES, SUPPORTED_LANGUAGES

DETECTOR_CHOICES = ("rules", "model", "combined")
DEFAULT_DETECTOR = "combined"
COMPANY_FAULT_THRESHOLD = 0.5
# Replies per analyze_batch call in batch scoring (and in `tone bench`, so it measures that flow):
# large enough that length-sorted encoder batches carry little padding, small enough to stream.
SCORING_BATCH = 128


@dataclass(frozen=True)
class AnalyzerOptions:
    detector: str = DEFAULT_DETECTOR
    explain_lang: str = "en"  # "en" or "native" (the reply's language)
    config: ToneConfig = field(default_factory=ToneConfig)
    model_path: Path | None = None  # trained heads; default: models/ shipped with tone
    encoder_path: Path | None = None  # a local Hugging Face model folder instead of the bundled encoder
    max_chars: int = MAX_CHARS


@dataclass(frozen=True)
class ReplyInput:
    text: str
    context: str | None = None
    lang: str | None = None
    id: str | None = None
    explain_lang: str | None = None  # per reply; default: the analyzer's option


class Analyzer:
    """Analyse replies. Construction is cheap; rules and models load on first use or `load()`."""

    def __init__(self, options: AnalyzerOptions | None = None):
        self.options = options or AnalyzerOptions()
        if self.options.detector not in DETECTOR_CHOICES:
            raise ValueError(f"detector must be one of {DETECTOR_CHOICES}, got {self.options.detector!r}")
        if self.options.explain_lang not in ("en", "native"):
            raise ValueError("explain_lang must be 'en' or 'native'")
        self._detectors: list[Detector] | None = None

    def load(self, *, languages=SUPPORTED_LANGUAGES) -> "Analyzer":
        """Load detectors; with `languages`, also compile their rules and pipelines now (for servers)."""
        if self._detectors is None:
            self._detectors = self._build_detectors()
        for detector in self._detectors:
            preload = getattr(detector, "preload", None)
            if preload is not None:
                preload(languages)
        # Rule books, pipelines and weights live as long as the process: keep the collector from rescanning
        # their millions of objects on every full collection (it cost about 0.2 s each in batch scoring).
        gc.freeze()
        return self

    @property
    def detectors(self) -> list[Detector]:
        if self._detectors is None:
            self._detectors = self._build_detectors()
        return self._detectors

    def _build_detectors(self) -> list[Detector]:
        detectors: list[Detector] = []
        if self.options.detector in ("rules", "combined"):
            from tone.detectors.rule_detector import RuleDetector
            from tone.rulesets import build_rulebook

            config = self.options.config
            detectors.append(RuleDetector(lambda lang: build_rulebook(lang, config)))
        if self.options.detector in ("model", "combined"):
            from tone.model.detector import load_model_detector

            detectors.append(load_model_detector(self.options))
        return detectors

    # -- public API ---------------------------------------------------------
    def analyze(self, text: str, *, context: str | None = None, lang: str | None = None,
                id: str | None = None) -> ReplyResult:
        """Analyse one reply; raises a ToneError subclass for input it cannot score."""
        result = self.analyze_batch([ReplyInput(text, context, lang, id)])[0]
        if isinstance(result, ToneError):
            raise result
        return result

    def analyze_batch(self, items: Iterable[ReplyInput]) -> list[ReplyResult | ToneError]:
        """Analyse many replies: one NLP pass per language, each detector once over the whole batch.

        A bad item becomes its error, in place; the others are still analysed.
        """
        items = list(items)
        results: list[ReplyResult | ToneError | None] = [None] * len(items)
        by_lang: dict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(items):
            try:
                by_lang[self._prepare(item)].append(index)
            except ToneError as error:
                results[index] = error
        order: list[int] = []
        analyses: list[Analysis] = []
        for lang, indices in by_lang.items():
            order += indices
            analyses += self._parse(lang, [items[i] for i in indices])
        if analyses:
            per_detector = [detector.detect_many(analyses) for detector in self.detectors]
            for k, (index, analysis) in enumerate(zip(order, analyses)):
                results[index] = self._result(items[index], analysis, [d[k] for d in per_detector])
        return results

    # -- internals ----------------------------------------------------------
    def _calibration(self):
        return next((d.calibration for d in self.detectors if getattr(d, "calibration", None) is not None), None)

    def _prepare(self, item: ReplyInput) -> str:
        check_text(item.text, max_chars=self.options.max_chars)
        if item.context is not None:
            check_text(item.context, field="context", max_chars=self.options.max_chars, allow_empty=True)
        if item.lang and item.lang != "auto":
            get_language(item.lang)  # raises UnsupportedLanguage for anything else
            return item.lang
        return identify_language(item.text).lang

    @staticmethod
    def _parse(lang: str, items: list[ReplyInput]) -> list[Analysis]:
        language = get_language(lang)
        replies = [analyse_doc(doc, language) for doc in language.nlp.pipe([i.text for i in items])]
        contexts = [analyse_doc(language.nlp(i.context), language) if i.context and i.context.strip() else None
                    for i in items]
        return [Analysis(lang, reply, context) for reply, context in zip(replies, contexts)]

    def _result(self, item: ReplyInput, analysis: Analysis, detections: list[Detection]) -> ReplyResult:
        lang = analysis.lang
        fused = fuse(detections, self._calibration(), lang)
        config = self.options.config
        categories = {}
        for category in CATEGORIES:
            threshold = config.threshold(category, lang, fused.thresholds[category])
            probability = fused.probabilities.get(category, 0.0)
            categories[category] = CategoryScore(probability, probability >= threshold, threshold,
                                                 fused.sources.get(category, ()))
        evidence = [e for e in fused.evidence if categories[e.category].flagged]
        flags = to_flags(evidence, item.text, item.explain_lang or self.options.explain_lang, lang)
        company_fault = fused.company_fault is not None and fused.company_fault >= COMPANY_FAULT_THRESHOLD
        missing_ownership = company_fault and not categories["ownership"].flagged
        return ReplyResult(
            id=item.id, lang=lang, score=reply_score(categories, flags, missing_ownership), categories=categories,
            flags=flags, missing_ownership=missing_ownership, company_fault=company_fault,
            detector=self.options.detector,
        )
