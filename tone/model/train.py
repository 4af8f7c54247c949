"""Reproduce every artifact in models/ from the train split: seeded, deterministic, 2-core friendly.

Dev is never read here. The encoder's first layers are fine-tuned once per
train fold (cross-fitting) and once on all of train; regularization, the
rule+model combiner and the thresholds are all chosen on out-of-fold
predictions, each fold scored by an encoder that never saw it.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from tone import __version__
from tone.analysis import Analysis, analyse_doc
from tone.evaluation.corpus import REPO_DATA, CorpusRecord, corpus_file, load_split
from tone.evaluation.metrics import Counts
from tone.lang import get_language
from tone.model.calibration import Calibration, Combiner, best_threshold, fit_combiner
from tone.model.context_head import context_features
from tone.model.detector import reply_features, sentence_features
from tone.model.encoder import Encoder, load_encoder
from tone.model.finetune import TuneSettings, fine_tune, save_tuned
from tone.model.heads import LinearHeads, save_arrays, train_heads
from tone.model.store import CALIBRATION_FILE, ENCODER_FILE, HEADS_FILE
from tone.taxonomy import CATEGORIES, SUPPORTED_LANGUAGES

L2_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
# Three fine-tuned layers beat six frozen ones out of fold (0.790 against 0.765 macro-F1 on train fold 1)
# and run twice as fast; see models/README.md.
TUNED_LAYERS = 3
# Once the layers are tuned, e5's "query: " prefix no longer helps (train fold 1: 0.788 with it, 0.784
# without, within noise) while it adds 6% to every reply's tokens; the tuned encoder reads replies bare.
REPLY_PREFIX = ""
QUANTIZE = True
MIN_LANGUAGE_POSITIVES = 30  # below this a language uses the global threshold
CONTEXT_L2 = 10.0


@dataclass(frozen=True)
class TrainOptions:
    out_dir: Path
    corpus_dir: Path = REPO_DATA
    encoder_path: Path | None = None
    seed: int = 13
    folds: int = 5


@dataclass
class Features:
    records: list[CorpusRecord]
    analyses: list[Analysis]
    labels: np.ndarray
    sentence_labels: np.ndarray
    rules: np.ndarray
    contexts: np.ndarray
    rule_fault: np.ndarray


@dataclass(frozen=True)
class Encoded:
    """Encoder features of every train reply and sentence, from one (fold's) encoder."""

    replies: np.ndarray
    sentences: np.ndarray


def _fold_of(record_id: str, folds: int) -> int:
    return int(hashlib.sha256(record_id.encode()).hexdigest(), 16) % folds


def _analyses(records: list[CorpusRecord]) -> list[Analysis]:
    result = []
    for record in records:
        language = get_language(record.lang)
        context = analyse_doc(language.nlp(record.context), language) if record.context else None
        result.append(Analysis(record.lang, analyse_doc(language.nlp(record.text), language), context))
    return result


def extract(records: list[CorpusRecord]) -> Features:
    """Everything but the encoder: analyses, labels, rule probabilities, customer-message features."""
    from tone.config import ToneConfig
    from tone.detectors.rule_detector import RuleDetector
    from tone.rulesets import build_rulebook

    analyses = _analyses(records)
    rules = RuleDetector(lambda lang: build_rulebook(lang, ToneConfig()))
    detections = rules.detect_many(analyses)
    rule_p = np.array([[d.probabilities.get(c, 0.0) for c in CATEGORIES] for d in detections])
    rule_fault = np.array([d.company_fault or 0.0 for d in detections], dtype=np.float32)
    labels = np.array([[r.labels[c] for c in CATEGORIES] for r in records], dtype=np.float32)
    sentence_labels = np.array([
        [float(any(g.category == c and g.start < s.end and s.start < g.end for g in record.spans)) for c in CATEGORIES]
        for record, analysis in zip(records, analyses) for s in analysis.reply.sentences], dtype=np.float32)
    contexts = np.stack([context_features(a.context) for a in analyses])
    return Features(records, analyses, labels, sentence_labels, rule_p, contexts, rule_fault)


def encode(encoder: Encoder, features: Features) -> Encoded:
    encoded = encoder.encode([r.text for r in features.records])
    return Encoded(np.stack([reply_features(e) for e in encoded]),
                   np.concatenate([sentence_features(e, a.reply.sentences) for e, a in zip(encoded, features.analyses)]))


def cross_fit_encoders(features: Features, options: TrainOptions, log) -> tuple[list[Encoded], Encoded, Encoder, dict]:
    """Fine-tune once per fold (that fold held out) and once on all of train; encode train with each."""
    import copy

    encoder = load_encoder(options.encoder_path, layers=TUNED_LAYERS, prefix=REPLY_PREFIX)
    initial = copy.deepcopy(encoder.model.state_dict())
    texts = [r.text for r in features.records]
    folds = np.array([_fold_of(r.id, options.folds) for r in features.records])
    settings = TuneSettings(seed=options.seed)
    losses: dict[str, list[float]] = {}
    per_fold: list[Encoded] = []
    for fold in [*range(options.folds), None]:
        rows = np.arange(len(texts)) if fold is None else np.flatnonzero(folds != fold)
        name = "all" if fold is None else f"fold {fold + 1}/{options.folds}"
        log(f"fine-tuning {TUNED_LAYERS} layers on {len(rows)} replies ({name})")
        started = time.perf_counter()
        encoder.model.load_state_dict(initial)
        losses[name] = [round(v, 4) for v in fine_tune(encoder, texts, features.labels, rows, settings, log)]
        encoded = encode(encoder.quantized() if QUANTIZE else encoder, features)
        log(f"  {name} done in {time.perf_counter() - started:.0f} s")
        if fold is not None:
            per_fold.append(encoded)
    return per_fold, encoded, encoder, {"settings": settings.to_dict(), "losses": losses}


@dataclass(frozen=True)
class ContextModel:
    head: LinearHeads
    thresholds: dict[str, float]  # "model": the head alone; "combined": the head stacked with the rules' lexicon
    stack: tuple[float, float, float]
    accuracy: dict[str, float]


def _accuracy(p: np.ndarray, gold: np.ndarray, threshold: float) -> float:
    return float(((p >= threshold) == gold).mean())


def train_context_head(features: Features, rule_fault: np.ndarray, options: TrainOptions) -> ContextModel:
    """The company-fault head on customer messages, and its stack with the rules' lexicon, on train folds."""
    rows = np.array([r.company_fault is not None and r.context is not None for r in features.records])
    x = features.contexts[rows]
    y = np.array([[float(r.company_fault)] for r, keep in zip(features.records, rows) if keep], dtype=np.float32)
    gold = y[:, 0] > 0.5
    folds = np.array([_fold_of(r.id, options.folds) for r, keep in zip(features.records, rows) if keep])
    oof = np.zeros(len(y), dtype=np.float32)
    for fold in range(options.folds):
        head = train_heads(x[folds != fold], y[folds != fold], l2=CONTEXT_L2, seed=options.seed, class_weight=False)
        oof[folds == fold] = head.predict(x[folds == fold])[:, 0]
    lexicon = rule_fault[rows]
    [stack] = fit_combiner(oof[:, None], lexicon[:, None], gold[:, None], seed=options.seed, names=("company_fault",)).values()
    stacked = np.array([Combiner({"company_fault": stack}).combine("company_fault", p, r) for p, r in zip(oof, lexicon)])
    thresholds = {"model": best_threshold(oof, gold), "combined": best_threshold(stacked, gold)}
    accuracy = {"model": _accuracy(oof, gold, thresholds["model"]),
                "combined": _accuracy(stacked, gold, thresholds["combined"]),
                "rules": _accuracy(lexicon, gold, 0.5)}
    final = train_heads(x, y, l2=CONTEXT_L2, seed=options.seed, class_weight=False)
    return ContextModel(final, thresholds, stack, accuracy)


def _category_f1(predicted: np.ndarray, labels: np.ndarray) -> list[float]:
    """F1 of each category column: predicted (bool) against gold labels."""
    scores = []
    for k in range(labels.shape[1]):
        counts = Counts()
        for gold, p in zip(labels[:, k] > 0.5, predicted[:, k]):
            counts = counts.add(bool(gold), bool(p))
        scores.append(counts.f1)
    return scores


def _macro_f1(probabilities: np.ndarray, labels: np.ndarray, thresholds: np.ndarray) -> float:
    return float(np.mean(_category_f1(probabilities >= thresholds, labels)))


def out_of_fold(per_fold: list[Encoded], labels: np.ndarray, records: list[CorpusRecord], l2: float,
                options: TrainOptions) -> np.ndarray:
    """Each fold predicted by heads trained on the other folds, all features from that fold's encoder."""
    folds = np.array([_fold_of(r.id, options.folds) for r in records])
    predictions = np.zeros_like(labels)
    for fold, encoded in enumerate(per_fold):
        heads = train_heads(encoded.replies[folds != fold], labels[folds != fold], l2=l2, seed=options.seed)
        predictions[folds == fold] = heads.predict(encoded.replies[folds == fold])
    return predictions


def thresholds_for(probabilities: np.ndarray, labels: np.ndarray, langs: np.ndarray) -> dict:
    gold = labels > 0.5
    table = {"*": {c: best_threshold(probabilities[:, k], gold[:, k]) for k, c in enumerate(CATEGORIES)}}
    for lang in SUPPORTED_LANGUAGES:
        rows = langs == lang
        table[lang] = {c: best_threshold(probabilities[rows, k], gold[rows, k])
                       for k, c in enumerate(CATEGORIES) if gold[rows, k].sum() >= MIN_LANGUAGE_POSITIVES}
    return table


def _apply_thresholds(probabilities: np.ndarray, langs: np.ndarray, table: dict) -> np.ndarray:
    limits = np.array([[table.get(lang, {}).get(c, table["*"][c]) for c in CATEGORIES] for lang in langs])
    return probabilities >= limits


def _fold_metrics(predicted: np.ndarray, labels: np.ndarray, langs: np.ndarray) -> dict:
    report = {}
    for lang in SUPPORTED_LANGUAGES:
        rows = langs == lang
        per = {c: round(f, 4) for c, f in zip(CATEGORIES, _category_f1(predicted[rows], labels[rows]))}
        report[lang] = {"macro_f1": round(float(np.mean(list(per.values()))), 4), "f1": per}
    return report


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(options: TrainOptions, log=print) -> dict:
    started = time.perf_counter()
    records = load_split("train", SUPPORTED_LANGUAGES, root=options.corpus_dir)
    log(f"train split: {len(records)} replies in {', '.join(SUPPORTED_LANGUAGES)}")
    features = extract(records)
    per_fold, final, encoder, tuning = cross_fit_encoders(features, options, log)
    langs = np.array([r.lang for r in records])

    at_half = np.full(len(CATEGORIES), 0.5)
    search = {}
    for l2 in L2_GRID:
        search[l2] = _macro_f1(out_of_fold(per_fold, features.labels, records, l2, options), features.labels, at_half)
        log(f"l2={l2}: out-of-fold macro-F1 {search[l2]:.3f} at 0.5")
    l2 = max(L2_GRID, key=lambda value: (search[value], -value))
    oof = out_of_fold(per_fold, features.labels, records, l2, options)

    combiner = Combiner(fit_combiner(oof, features.rules, features.labels > 0.5, seed=options.seed))
    combined = np.array([[combiner.combine(c, oof[i, k], features.rules[i, k]) for k, c in enumerate(CATEGORIES)]
                         for i in range(len(records))])
    thresholds = {"model": thresholds_for(oof, features.labels, langs),
                  "combined": thresholds_for(combined, features.labels, langs)}
    rule_predicted = features.rules >= 0.5
    fold_report = {
        "rules": _fold_metrics(rule_predicted, features.labels, langs),
        "model": _fold_metrics(_apply_thresholds(oof, langs, thresholds["model"]), features.labels, langs),
        "combined": _fold_metrics(_apply_thresholds(combined, langs, thresholds["combined"]), features.labels, langs),
    }

    context = train_context_head(features, features.rule_fault, options)
    log("company_fault out-of-fold accuracy: " + ", ".join(f"{k} {v:.3f}" for k, v in context.accuracy.items()))
    thresholds["company_fault"] = context.thresholds
    combiner.coefficients["company_fault"] = context.stack
    reply_heads = train_heads(final.replies, features.labels, l2=l2, seed=options.seed)
    sentence_heads = train_heads(final.sentences, features.sentence_labels, l2=l2, seed=options.seed)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    save_arrays(options.out_dir / HEADS_FILE, {**reply_heads.arrays("reply"), **sentence_heads.arrays("sentence"),
                                               **context.head.arrays("context")})
    save_tuned(options.out_dir / ENCODER_FILE, encoder.model)
    meta = {
        "tone_version": __version__,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "encoder": {"name": encoder.name, "hidden": encoder.hidden, "custom": options.encoder_path is not None,
                    "layers": TUNED_LAYERS, "prefix": encoder.prefix, "quantized_int8": QUANTIZE,
                    "tuned_file": ENCODER_FILE,
                    "tuned_sha256": _sha256(options.out_dir / ENCODER_FILE)},
        "fine_tuning": tuning,
        "seed": options.seed, "folds": options.folds, "l2": l2, "l2_search": {str(k): round(v, 4) for k, v in search.items()},
        "train_replies": len(records), "train_sentences": int(len(final.sentences)),
        "corpus_sha256": {f"{lang}.train.jsonl": _sha256(corpus_file("train", lang, options.corpus_dir))
                          for lang in SUPPORTED_LANGUAGES},
        "out_of_fold": fold_report,
        "company_fault_out_of_fold_accuracy": {k: round(v, 4) for k, v in context.accuracy.items()},
        "seconds": round(time.perf_counter() - started, 1),
    }
    Calibration(thresholds, combiner, meta).save(options.out_dir / CALIBRATION_FILE)
    log(f"wrote {HEADS_FILE}, {ENCODER_FILE} and {CALIBRATION_FILE} to {options.out_dir} in {meta['seconds']:.0f} s")
    return meta
