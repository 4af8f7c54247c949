"""The learned scorer as a detector: encoder features, per-category heads, sentence-level evidence."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from tone.analysis import Analysis
from tone.detectors.base import Detection, Evidence
from tone.errors import ModelError
from tone.model.calibration import Calibration
from tone.model.context_head import context_features
from tone.model.encoder import Encoder, EncodedText, load_encoder
from tone.model.finetune import read_tuned
from tone.model.heads import LinearHeads, load_arrays
from tone.model.store import CALIBRATION_FILE, HEADS_FILE, default_model_dir
from tone.taxonomy import CATEGORIES, DEFAULT_SEVERITY

CATEGORY_TEXTS = Path(__file__).resolve().parent.parent / "data" / "categories.yaml"
# Below this reply probability no evidence is built; the engine keeps evidence only for flagged categories.
EVIDENCE_FLOOR = 0.2
SENTENCE_EVIDENCE = 0.5


@lru_cache(maxsize=1)
def category_texts() -> dict:
    return yaml.safe_load(CATEGORY_TEXTS.read_text(encoding="utf-8"))


def reply_features(encoded: EncodedText) -> np.ndarray:
    return encoded.mean()


def sentence_features(encoded: EncodedText, analysis_sentences) -> np.ndarray:
    return np.stack([encoded.mean(s.start, s.end) for s in analysis_sentences]) if analysis_sentences else \
        np.zeros((0, encoded.states.shape[1]), dtype=np.float32)


class ModelDetector:
    name = "model"

    def __init__(self, encoder: Encoder, reply_heads: LinearHeads, sentence_heads: LinearHeads,
                 calibration: Calibration, context_head: LinearHeads | None = None):
        self.encoder = encoder
        self.reply_heads = reply_heads
        self.sentence_heads = sentence_heads
        self.calibration = calibration
        self.context_head = context_head

    def detect(self, analysis: Analysis) -> Detection:
        return self.detect_many([analysis])[0]

    def detect_many(self, analyses: list[Analysis]) -> list[Detection]:
        if not analyses:
            return []
        encoded = self.encoder.encode([a.reply.text for a in analyses])
        reply_probabilities = self.reply_heads.predict(np.stack([reply_features(e) for e in encoded]))
        return [self._detection(a, e, p) for a, e, p in zip(analyses, encoded, reply_probabilities)]

    def _detection(self, analysis: Analysis, encoded: EncodedText, probabilities: np.ndarray) -> Detection:
        sentences = analysis.reply.sentences
        sentence_probabilities = (self.sentence_heads.predict(sentence_features(encoded, sentences))
                                  if sentences else np.zeros((0, len(CATEGORIES))))
        texts = category_texts()
        evidence = []
        for k, category in enumerate(CATEGORIES):
            if probabilities[k] < EVIDENCE_FLOOR or not sentences:
                continue
            column = sentence_probabilities[:, k]
            chosen = [i for i in range(len(sentences)) if column[i] >= SENTENCE_EVIDENCE] or [int(column.argmax())]
            message = texts[category]["message"]
            suggestion = texts[category]["suggestion"].get(analysis.lang)
            for i in chosen:
                evidence.append(Evidence(category, sentences[i].start, sentences[i].end, float(probabilities[k]),
                                         DEFAULT_SEVERITY[category], f"model.{category}", self.name, message,
                                         suggestion))
        company_fault = None
        if self.context_head is not None and analysis.context is not None and analysis.context.words:
            company_fault = float(self.context_head.predict(context_features(analysis.context)[None, :])[0, 0])
        return Detection(self.name, {c: float(probabilities[k]) for k, c in enumerate(CATEGORIES)},
                         tuple(evidence), company_fault)


def load_model_detector(options) -> ModelDetector:
    model_dir = Path(options.model_path) if options.model_path else default_model_dir()
    arrays = load_arrays(model_dir / HEADS_FILE)
    calibration = Calibration.load(model_dir / CALIBRATION_FILE)
    trained_on = calibration.meta.get("encoder", {})
    tuned_path = model_dir / trained_on["tuned_file"] if trained_on.get("tuned_file") else None
    encoder = load_encoder(options.encoder_path, layers=trained_on.get("layers"),
                           quantize=trained_on.get("quantized_int8", False),
                           tuned=read_tuned(tuned_path) if tuned_path else None, tuned_from=tuned_path,
                           prefix=trained_on.get("prefix"))
    if trained_on and (trained_on.get("hidden") != encoder.hidden
                       or (options.encoder_path is not None) != bool(trained_on.get("custom"))):
        raise ModelError(
            f"the heads in {model_dir} were trained on encoder {trained_on.get('name')!r}; "
            f"for encoder {encoder.name!r} train new heads: tone train --encoder PATH --out DIR")
    context_head = LinearHeads.from_arrays(arrays, "context") if "context.weight" in arrays else None
    return ModelDetector(encoder, LinearHeads.from_arrays(arrays, "reply"),
                         LinearHeads.from_arrays(arrays, "sentence"), calibration, context_head)
