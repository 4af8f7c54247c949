"""Does a reply score the same alone (`tone check`) as in a batch (`tone score`)? Reported on dev replies.

Usage: python scripts/batch_consistency.py [--replies 400] [--detector combined]
"""
from __future__ import annotations

import argparse

from tone.engine import SCORING_BATCH, Analyzer, AnalyzerOptions, ReplyInput
from tone.evaluation.bench import percentile
from tone.evaluation.corpus import load_split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=400)
    parser.add_argument("--detector", default="combined")
    args = parser.parse_args()
    items = [ReplyInput(r.text, r.context, r.lang, r.id) for r in load_split("dev")[:args.replies]]
    analyzer = Analyzer(AnalyzerOptions(detector=args.detector)).load()
    batched = [result for begin in range(0, len(items), SCORING_BATCH)
               for result in analyzer.analyze_batch(items[begin:begin + SCORING_BATCH])]
    gaps, flipped = [], 0
    for item, together in zip(items, batched):
        alone = analyzer.analyze_batch([item])[0]
        gaps.append(max(abs(together.categories[c].probability - alone.categories[c].probability)
                        for c in alone.categories))
        flipped += any(together.categories[c].flagged != alone.categories[c].flagged for c in alone.categories)
    print(f"{len(items)} dev replies, detector {args.detector}, batches of {SCORING_BATCH} against one at a time")
    print(f"  largest probability gap per reply: median {percentile(gaps, 0.5):.4f}, "
          f"p95 {percentile(gaps, 0.95):.4f}, max {max(gaps):.4f}")
    print(f"  replies with any flag different: {flipped}")


if __name__ == "__main__":
    main()
