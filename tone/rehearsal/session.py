"""A rehearsal session: choose replies (or scenarios), build and verify cards, report what was not shipped."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from tone.engine import Analyzer, ReplyInput
from tone.errors import ToneError
from tone.rehearsal.cards import Card, Rejected, build_card
from tone.rehearsal.select import Selection, choose
from tone.taxonomy import NEGATIVE_CATEGORIES, SUPPORTED_LANGUAGES

SCENARIOS = Path(__file__).resolve().parent.parent / "data" / "scenarios"


@dataclass
class Session:
    cards: list[Card] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _as_record(item_id: str, unit_text: str, context: str | None, agent, result) -> dict:
    return {**result.to_dict(), "id": item_id, "text": unit_text, "context": context, "agent_id": agent}


def scored_transcripts(paths: list[str], analyzer: Analyzer, read_options) -> Iterator[dict]:
    """Score transcripts on the fly into replies.jsonl-shaped records (errors dropped)."""
    from tone.batch.transcripts import Conversation, ReplyUnit, input_files, read_conversations, reply_units

    batch: list[ReplyUnit] = []

    def flush():
        outcomes = analyzer.analyze_batch([ReplyInput(u.text, u.context) for u in batch])
        for unit, outcome in zip(batch, outcomes):
            if not isinstance(outcome, ToneError):
                yield _as_record(f"{unit.conversation_id}:{unit.turn_ids[0]}", unit.text, unit.context,
                                 unit.agent_id, outcome)

    for path in input_files(paths):
        for conversation in read_conversations(path, read_options):
            if isinstance(conversation, Conversation):
                batch.extend(reply_units(conversation))
            if len(batch) >= 64:
                yield from flush()
                batch = []
    if batch:
        yield from flush()


def build_session(records: Iterable[dict], selection: Selection, analyzer: Analyzer) -> Session:
    """Cards for the chosen replies; the reply is analysed again so reasons come in the reply's language."""
    session = Session()
    for record in choose(records, selection):
        try:
            result = analyzer.analyze(record["text"], context=record.get("context"), lang=record["lang"])
        except ToneError as error:
            session.rejected.append(Rejected(record["id"], error.message))
            continue
        card = build_card(record["id"], record["text"], record.get("context"), result, analyzer,
                          agent_id=record.get("agent_id"))
        (session.cards if isinstance(card, Card) else session.rejected).append(card)
    return session


def scenario_bank(lang: str) -> list[dict]:
    path = SCENARIOS / f"{lang}.yaml"
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]


def generate_session(selection: Selection, analyzer: Analyzer) -> Session:
    """Contrasting pairs from the bundled scenario bank, per category and language."""
    session = Session()
    languages = selection.languages or SUPPORTED_LANGUAGES
    categories = selection.categories or NEGATIVE_CATEGORIES
    per_cell = max(1, selection.count // max(1, len(languages) * len(categories)))
    for lang in languages:
        for category in categories:
            made = 0
            for number, scenario in enumerate(s for s in scenario_bank(lang) if s["category"] == category):
                if made >= per_cell:
                    break
                card_id = f"{lang}-{category}-{number + 1}"
                try:
                    result = analyzer.analyze(scenario["reply"], context=scenario.get("context"), lang=lang)
                except ToneError as error:
                    session.rejected.append(Rejected(card_id, error.message))
                    continue
                if category not in result.flagged_categories():
                    session.rejected.append(Rejected(card_id, f"scenario does not show {category} to tone"))
                    continue
                card = build_card(card_id, scenario["reply"], scenario.get("context"), result, analyzer)
                if isinstance(card, Card):
                    session.cards.append(card)
                    made += 1
                else:
                    session.rejected.append(card)
    return session
