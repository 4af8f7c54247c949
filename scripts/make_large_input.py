"""Generate a large transcript file for measuring `tone score`: sample conversations under new ids,
with a broken line every --broken-every lines (invalid JSON, missing text, unknown role) to show that
every broken line is accounted for.

    python scripts/make_large_input.py --replies 100000 --out out/large.jsonl.gz
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ['{"conversation_id": "broken-json", "turns": [', '{"conversation_id": "no-text", "turns": [{"role": "agent"}]}',
          '{"conversation_id": "odd-role", "turns": [{"role": "robot", "text": "beep"}]}']


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replies", type=int, default=100_000, help="agent turns to generate (approximately)")
    parser.add_argument("--broken-every", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("out/large.jsonl.gz"))
    args = parser.parse_args()
    conversations = [json.loads(line) for lang in ("en", "ru", "uk", "sk")
                     for line in (ROOT / "data" / "samples" / f"transcripts_{lang}.jsonl").read_text().splitlines()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    agent_turns = lines = broken = 0
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        for number, conversation in enumerate(itertools.cycle(conversations)):
            if agent_turns >= args.replies:
                break
            lines += 1
            if lines % args.broken_every == 0:
                handle.write(BROKEN[broken % len(BROKEN)] + "\n")
                broken += 1
                continue
            copy = {**conversation, "conversation_id": f"{conversation['conversation_id']}-{number}",
                    "turns": [{**t, "turn_id": f"{t.get('turn_id', i)}-{number}"} for i, t in enumerate(conversation["turns"])]}
            agent_turns += sum(t["role"] == "agent" for t in copy["turns"])
            handle.write(json.dumps(copy, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}: {lines} lines, {agent_turns} agent turns, {broken} broken lines")


if __name__ == "__main__":
    main()
