"""`tone eval`: how far the detectors agree with labelled replies, per language and category."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tone.engine import Analyzer, ReplyInput
from tone.errors import ToneError
from tone.evaluation.corpus import CorpusRecord
from tone.evaluation.metrics import Counts, SpanCounts
from tone.schema import ReplyResult
from tone.taxonomy import CATEGORIES

BATCH = 64
WORST = 10


@dataclass
class LanguageReport:
    lang: str
    replies: int = 0
    refused: int = 0
    categories: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    spans: dict[str, SpanCounts] = field(default_factory=lambda: {c: SpanCounts() for c in CATEGORIES})
    company_fault: Counts = field(default_factory=Counts)

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.categories.values()) / len(CATEGORIES)

    @property
    def span_f1(self) -> float:
        total = SpanCounts()
        for s in self.spans.values():
            total = SpanCounts(total.predicted + s.predicted, total.predicted_matched + s.predicted_matched,
                               total.gold + s.gold, total.gold_matched + s.gold_matched)
        return total.f1

    def to_dict(self) -> dict:
        return {
            "replies": self.replies,
            "refused": self.refused,
            "macro_f1": round(self.macro_f1, 4),
            "span_f1": round(self.span_f1, 4),
            "company_fault_accuracy": round((self.company_fault.tp + self.company_fault.tn)
                                            / max(1, self.replies - self.refused), 4),
            "categories": {
                c: {"precision": round(k.precision, 4), "recall": round(k.recall, 4), "f1": round(k.f1, 4),
                    "support": k.support, "kappa": round(k.kappa, 4), "span_f1": round(self.spans[c].f1, 4)}
                for c, k in self.categories.items()
            },
        }


@dataclass(frozen=True)
class Miss:
    id: str
    lang: str
    text: str
    missed: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def errors(self) -> int:
        return len(self.missed) + len(self.extra)

    def to_dict(self) -> dict:
        return {"id": self.id, "lang": self.lang, "text": self.text, "missed": list(self.missed),
                "extra": list(self.extra)}


@dataclass
class EvalReport:
    detector: str
    source: str
    languages: dict[str, LanguageReport]
    worst: list[Miss]

    def to_dict(self) -> dict:
        return {"detector": self.detector, "source": self.source,
                "languages": {lang: report.to_dict() for lang, report in self.languages.items()},
                "worst": [m.to_dict() for m in self.worst]}


def _score_one(report: LanguageReport, record: CorpusRecord, outcome: ReplyResult | ToneError) -> Miss:
    report.replies += 1
    gold = record.gold()
    if isinstance(outcome, ToneError):
        report.refused += 1
        predicted: set[str] = set()
        flags = []
    else:
        predicted = set(outcome.flagged_categories())
        flags = outcome.flags
        if record.company_fault is not None:
            report.company_fault = report.company_fault.add(record.company_fault, outcome.company_fault)
    for category in CATEGORIES:
        report.categories[category] = report.categories[category].add(category in gold, category in predicted)
        report.spans[category] = report.spans[category].add(
            [(s.start, s.end) for s in record.spans if s.category == category],
            [(f.start, f.end) for f in flags if f.category == category])
    return Miss(record.id, record.lang, record.text, tuple(sorted(gold - predicted)), tuple(sorted(predicted - gold)))


def evaluate(analyzer: Analyzer, records: list[CorpusRecord], *, source: str, progress=None) -> EvalReport:
    languages: dict[str, LanguageReport] = {}
    misses: list[Miss] = []
    for offset in range(0, len(records), BATCH):
        chunk = records[offset:offset + BATCH]
        outcomes = analyzer.analyze_batch(
            [ReplyInput(r.text, r.context, r.lang, r.id) for r in chunk])
        for record, outcome in zip(chunk, outcomes):
            report = languages.setdefault(record.lang, LanguageReport(record.lang))
            misses.append(_score_one(report, record, outcome))
        if progress is not None:
            progress.update(len(chunk))
    worst = sorted((m for m in misses if m.errors), key=lambda m: (-m.errors, m.id))[:WORST]
    ordered = {lang: languages[lang] for lang in sorted(languages)}
    return EvalReport(analyzer.options.detector, source, ordered, worst)


def per_language_rows(report: EvalReport) -> dict[str, list[tuple]]:
    rows = defaultdict(list)
    for lang, lr in report.languages.items():
        for category, counts in lr.categories.items():
            rows[lang].append((category, counts.precision, counts.recall, counts.f1, counts.support, counts.kappa,
                               lr.spans[category].f1))
    return rows
