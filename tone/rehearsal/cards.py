"""Rehearsal cards: the reply as sent, what is wrong and why, a better reply, and a practice task."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tone.engine import Analyzer
from tone.errors import ToneError
from tone.rehearsal.facts import missing_facts
from tone.rehearsal.rewrite import rehearsal_texts, rewrite
from tone.schema import ReplyResult
from tone.taxonomy import ADVICE, NEGATIVE_CATEGORIES

ADVICE_FILE = Path(__file__).resolve().parent.parent / "data" / "advice.yaml"


@lru_cache(maxsize=1)
def _essay_quotes() -> dict:
    return yaml.safe_load(ADVICE_FILE.read_text(encoding="utf-8"))


def advice_for(category: str, lang: str) -> dict:
    """The essay's words in the reply's language where the essays have them, else the taxonomy's."""
    quote = _essay_quotes().get(category, {}).get(lang)
    if quote:
        return {"text": quote["quote"], "source": quote["source"], "lang": lang}
    return {"text": ADVICE[category], "source": "TAXONOMY.md", "lang": "en"}


@dataclass(frozen=True)
class CardIssue:
    category: str
    text: str
    start: int
    end: int
    reason: str
    advice: dict


@dataclass(frozen=True)
class Card:
    id: str
    lang: str
    agent_id: str | None
    context: str | None
    reply: str
    score: int
    issues: tuple[CardIssue, ...]
    missing_ownership: bool
    better_reply: str
    better_score: int
    task: str

    @property
    def categories(self) -> list[str]:
        return sorted({i.category for i in self.issues})

    def marked_reply(self, left: str = "[", right: str = "]") -> str:
        out, cursor = [], 0
        for issue in sorted(self.issues, key=lambda i: i.start):
            if issue.start < cursor:
                continue
            out += [self.reply[cursor:issue.start], left, self.reply[issue.start:issue.end], right]
            cursor = issue.end
        out.append(self.reply[cursor:])
        return "".join(out)

    def to_dict(self) -> dict:
        return {"id": self.id, "lang": self.lang, "agent_id": self.agent_id, "context": self.context,
                "reply": self.reply, "reply_marked": self.marked_reply(), "score": self.score,
                "issues": [{"category": i.category, "text": i.text, "start": i.start, "end": i.end,
                            "reason": i.reason, "advice": i.advice} for i in self.issues],
                "missing_ownership": self.missing_ownership, "better_reply": self.better_reply,
                "better_score": self.better_score, "task": self.task}


@dataclass(frozen=True)
class Rejected:
    id: str
    reason: str


def practice_task(categories: list[str], lang: str, missing_ownership: bool) -> str:
    texts = rehearsal_texts()
    clauses = [texts["clauses"][c][lang] for c in categories]
    if missing_ownership:
        clauses.insert(0, texts["clauses"]["missing_ownership"][lang])
    task = texts["task"][lang]
    joined = ", ".join(clauses[:-1]) + task["and"] + clauses[-1] if len(clauses) > 1 else clauses[0]
    return task["template"].format(clauses=joined)


def build_card(card_id: str, text: str, context: str | None, result: ReplyResult, analyzer: Analyzer,
               agent_id: str | None = None) -> Card | Rejected:
    negative = sorted({f.category for f in result.flags if f.category in NEGATIVE_CATEGORIES})
    if not negative and not result.missing_ownership:
        return Rejected(card_id, "nothing to rehearse: no negative category")
    better = rewrite(text, result)
    lost = missing_facts(text, better.text)
    if lost:
        return Rejected(card_id, f"rewrite lost facts {lost}")
    try:
        check = analyzer.analyze(better.text, context=context, lang=result.lang)
    except ToneError as error:
        return Rejected(card_id, f"rewrite could not be checked: {error.message}")
    still = sorted(set(negative) & set(check.flagged_categories()))
    if still:
        return Rejected(card_id, f"rewrite still shows {', '.join(still)}")
    issues = tuple(CardIssue(f.category, f.text, f.start, f.end, f.explanation, advice_for(f.category, result.lang))
                   for f in result.flags if f.category in NEGATIVE_CATEGORIES)
    return Card(card_id, result.lang, agent_id, context, text, result.score, issues, result.missing_ownership,
                better.text, check.score, practice_task(negative, result.lang, result.missing_ownership))
