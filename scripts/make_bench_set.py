"""Write tone/data/bench.jsonl: a fixed sample of replies (with context) per language for `tone bench`.

Drawn from the train split with a fixed seed, so every run of `tone bench` measures the same replies.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_LANGUAGE = 100
SEED = 7


def main() -> None:
    rows = []
    for lang in ("en", "ru", "uk", "sk"):
        records = [json.loads(line) for line in (ROOT / "data" / "corpus" / f"{lang}.train.jsonl").read_text().splitlines()]
        for record in random.Random(SEED).sample(records, PER_LANGUAGE):
            rows.append({"id": record["id"], "lang": lang, "text": record["text"], "context": record["context"]})
    out = ROOT / "tone" / "data" / "bench.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} replies to {out}")


if __name__ == "__main__":
    main()
