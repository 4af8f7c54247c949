"""The labelled corpus: valid, big and varied enough, and dev kept apart from train and from the rules."""
from __future__ import annotations

from collections import Counter

import pytest

from tone.detectors.rulebook import load_rule_specs
from tone.evaluation.corpus import corpus_file, read_corpus
from tone.neardup import ShingleIndex, normalize
from tone.taxonomy import CATEGORIES, SUPPORTED_LANGUAGES

MIN_REPLIES = {"train": 1000, "dev": 250}
MIN_PER_CATEGORY = {"train": 80, "dev": 20}
MIN_CLEAN_SHARE = 0.25
MIN_HARD_SHARE = 0.20
NEAR_DUPLICATE = 0.8


@pytest.fixture(scope="module", params=SUPPORTED_LANGUAGES)
def splits(request):
    lang = request.param
    return lang, {split: read_corpus(corpus_file(split, lang)) for split in ("train", "dev")}


def test_records_are_valid_and_ids_unique(splits) -> None:
    lang, data = splits  # read_corpus validated schema, spans and label/span agreement
    ids = [r.id for records in data.values() for r in records]
    assert len(ids) == len(set(ids))
    assert all(r.lang == lang for records in data.values() for r in records)


@pytest.mark.parametrize("split", ["train", "dev"])
def test_counts(splits, split: str) -> None:
    lang, data = splits
    records = data[split]
    present = Counter(c for r in records for c in r.gold())
    assert len(records) >= MIN_REPLIES[split], f"{lang}.{split}: {len(records)} replies"
    for category in CATEGORIES:
        assert present[category] >= MIN_PER_CATEGORY[split], f"{lang}.{split}.{category}: {present[category]}"
    clean = sum(1 for r in records if not r.gold())
    hard = sum(1 for r in records if r.hard)
    assert clean / len(records) >= MIN_CLEAN_SHARE, f"{lang}.{split}: clean share {clean / len(records):.2f}"
    assert hard / len(records) >= MIN_HARD_SHARE, f"{lang}.{split}: hard share {hard / len(records):.2f}"


def test_no_duplicates_within_or_across_splits(splits) -> None:
    lang, data = splits
    normalized = Counter(normalize(r.text) for records in data.values() for r in records)
    repeated = [text for text, count in normalized.items() if count > 1 and len(text.split()) > 3]
    assert not repeated, f"{lang}: exact duplicates {repeated[:3]}"
    train = ShingleIndex(r.text for r in data["train"])
    leaks = [(r.id, data["train"][hit[0][0]].id) for r in data["dev"]
             if (hit := train.similar(r.text, NEAR_DUPLICATE))]
    assert not leaks, f"{lang}: dev replies near-duplicating train: {leaks[:5]}"


def test_no_rule_example_is_taken_from_dev(splits) -> None:
    lang, data = splits
    dev = ShingleIndex(r.text for r in data["dev"])
    copied = []
    for spec, origin in load_rule_specs(lang)[1]:
        texts = [bad.plain()[0] for bad in spec.examples.bad] + [good.text for good in spec.examples.good]
        copied += [(spec.id, text) for text in texts if dev.similar(text, NEAR_DUPLICATE)]
    assert not copied, f"{lang}: rule examples copied from dev: {copied[:3]}"
