"""Check and assemble hand-written corpus drafts into `data/corpus/`.

Annotators write drafts with evidence spans as quoted substrings, because
character offsets are easy to get wrong by hand; this tool resolves them to
offsets and writes the corpus files in the documented format.

    python scripts/corpus_drafts.py check data/drafts/en-train/*.jsonl
    python scripts/corpus_drafts.py build --lang en --split train data/drafts/en-train/*.jsonl

Draft line: {"context", "text", "spans": [[category, substring] | [category, substring, occurrence]],
             "company_fault": bool, "domain": str, "hard": str|null}
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

CATEGORIES = (
    "scripted", "blame_shifting", "runaround", "favor_framing", "condescension",
    "vague_commitment", "lip_service", "ownership", "concrete_commitment",
)
HARD_KINDS = (
    "negation", "contrast", "third_party_owned", "handover", "sincere_courtesy",
    "literal_word", "polite_condescension", "formal_vague", "customer_blames",
)


def resolve(record: dict, where: str) -> tuple[dict | None, list[str]]:
    errors = []
    for key in ("context", "text", "spans", "company_fault", "domain"):
        if key not in record:
            errors.append(f"{where}: missing field {key!r}")
    if errors:
        return None, errors
    text = record["text"]
    if not isinstance(text, str) or not text.strip():
        return None, [f"{where}: empty text"]
    hard = record.get("hard")
    if hard is not None and hard not in HARD_KINDS:
        errors.append(f"{where}: unknown hard kind {hard!r} (use one of {', '.join(HARD_KINDS)} or null)")
    spans = []
    for raw in record["spans"]:
        if not isinstance(raw, list) or len(raw) not in (2, 3):
            errors.append(f"{where}: span must be [category, substring] or [category, substring, occurrence]: {raw!r}")
            continue
        category, needle = raw[0], raw[1]
        occurrence = raw[2] if len(raw) == 3 else 1
        if category not in CATEGORIES:
            errors.append(f"{where}: unknown category {category!r}")
            continue
        start = -1
        for _ in range(occurrence):
            start = text.find(needle, start + 1)
            if start < 0:
                break
        if start < 0 or not needle.strip():
            errors.append(f"{where}: span text {needle!r} ({category}) not found in reply text")
            continue
        spans.append({"category": category, "start": start, "end": start + len(needle), "text": needle})
    if not isinstance(record["company_fault"], bool):
        errors.append(f"{where}: company_fault must be true or false")
    present = {s["category"] for s in spans}
    resolved = {
        "domain": record["domain"],
        "context": record["context"],
        "text": text,
        "labels": {c: int(c in present) for c in CATEGORIES},
        "spans": sorted(spans, key=lambda s: (s["start"], s["end"], s["category"])),
        "company_fault": record["company_fault"],
        "hard": hard,
    }
    return resolved, errors


# Boundary decisions of data/LABELING.md applied mechanically, so every writer's labels follow the guide.
NEXT_STEP_CATEGORIES = {"vague_commitment", "runaround"}


def apply_labeling_decisions(record: dict) -> dict:
    """An apology followed by a (vague) promise or a redirect has a next step: it is not lip_service."""
    present = {s["category"] for s in record["spans"]}
    if "lip_service" in present and present & NEXT_STEP_CATEGORIES:
        spans = [s for s in record["spans"] if s["category"] != "lip_service"]
        present.discard("lip_service")
        record = {**record, "spans": spans, "labels": {c: int(c in present) for c in CATEGORIES}}
    return record


def read_drafts(paths: list[str]) -> tuple[list[dict], list[str]]:
    records, errors = [], []
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON ({exc})")
                continue
            resolved, problems = resolve(raw, where)
            errors.extend(problems)
            if resolved is not None and not problems:
                records.append(apply_labeling_decisions(resolved))
    return records, errors


def drop_near_duplicates(records: list[dict], other: Path) -> list[dict]:
    """Real replies reuse brand templates; a dev reply that near-duplicates train would leak, so it goes."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tone.neardup import ShingleIndex

    index = ShingleIndex(json.loads(line)["text"] for line in other.read_text(encoding="utf-8").splitlines() if line)
    kept = [r for r in records if not index.similar(r["text"], NEAR_DUPLICATE)]
    print(f"dropped {len(records) - len(kept)} replies that near-duplicate {other}")
    return kept


NEAR_DUPLICATE = 0.8


def report(records: list[dict]) -> str:
    counts = Counter(c for r in records for c, v in r["labels"].items() if v)
    clean = sum(1 for r in records if not any(r["labels"].values()))
    hard = Counter(r["hard"] for r in records if r["hard"])
    texts = Counter(r["text"].strip().lower() for r in records)
    dupes = sum(n - 1 for n in texts.values() if n > 1)
    total = len(records) or 1
    lines = [f"replies: {len(records)}   clean: {clean} ({clean / total:.0%})   "
             f"hard: {sum(hard.values())} ({sum(hard.values()) / total:.0%})   exact duplicates: {dupes}"]
    lines += [f"  {c:20s} {counts[c]}" for c in CATEGORIES]
    lines += [f"  hard:{k:16s} {hard[k]}" for k in HARD_KINDS]
    lines.append(f"  company_fault: {sum(r['company_fault'] for r in records)}")
    lines.append("  domains: " + ", ".join(f"{d}={n}" for d, n in Counter(r['domain'] for r in records).most_common()))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate drafts and print counts")
    check.add_argument("paths", nargs="+")
    build = sub.add_parser("build", help="write data/corpus/<lang>.<split>.jsonl")
    build.add_argument("--lang", required=True, choices=("en", "ru", "uk", "sk"))
    build.add_argument("--split", required=True, choices=("train", "dev"))
    build.add_argument("--out", default="data/corpus")
    build.add_argument("--apart-from", metavar="CORPUS_FILE",
                       help="drop replies that near-duplicate this file's (dev is kept apart from train)")
    build.add_argument("paths", nargs="+")
    args = parser.parse_args()

    records, errors = read_drafts(args.paths)
    for error in errors:
        print(error, file=sys.stderr)
    print(report(records))
    if args.command == "build":
        if errors:
            print("not built: fix the errors above", file=sys.stderr)
            return 1
        if args.apart_from:
            records = drop_near_duplicates(records, Path(args.apart_from))
        out = Path(args.out) / f"{args.lang}.{args.split}.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for index, record in enumerate(records, 1):
                row = {"id": f"{args.lang}-{args.split}-{index:05d}", "lang": args.lang, "split": args.split, **record}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {len(records)} replies to {out}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
