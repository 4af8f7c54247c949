"""Build a better reply from a flawed one: apply suggestions, drop boilerplate, make promises explicit.

Every edit comes from the analysis itself (the rules' suggestions, the
categories' placeholder phrasings), never from hand-written replies; facts
outside the edited spans are untouched, and facts inside them are carried over.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tone.rehearsal.facts import facts
from tone.schema import ReplyResult
from tone.taxonomy import NEGATIVE_CATEGORIES

REHEARSAL_TEXTS = Path(__file__).resolve().parent.parent / "data" / "rehearsal.yaml"
# Handles and a short greeting stay first; an ownership opening goes after them.
_LEAD = re.compile(
    r"^(?:[@^]\w+[\s,]+)*(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|здравствуйте|добрый день|"
    r"доброе утро|добрый вечер|привет|вітаю|доброго дня|добрий день|привіт|dobrý deň|dobry den|ahoj|zdravím|"
    r"dobrý večer)[^.!?\n,]{0,30}[,!.]\s*)?", re.IGNORECASE)


@lru_cache(maxsize=1)
def rehearsal_texts() -> dict:
    return yaml.safe_load(REHEARSAL_TEXTS.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    category: str
    rule: str


@dataclass(frozen=True)
class Rewrite:
    text: str
    edits: tuple[Edit, ...]


def _replacement(flag, lang: str, original: str) -> str:
    from tone.model.detector import category_texts

    if flag.category == "scripted" and not flag.suggestion:
        replacement = ""
    elif flag.suggestion:
        replacement = flag.suggestion
    else:
        replacement = category_texts()[flag.category]["suggestion"].get(lang, "")
    # Facts inside the replaced span (an order number, a date) must survive the edit.
    kept = [f for f in facts(original[flag.start:flag.end]) if f not in replacement]
    if kept:
        replacement = f"{replacement} ({', '.join(kept)})".strip() if replacement else " ".join(kept)
    return replacement


def _fit_case(replacement: str, before: str) -> str:
    """A suggestion dropped into the middle of a sentence starts in lower case (but "I" stays "I")."""
    head = before.rstrip()
    mid_sentence = bool(head) and head[-1] not in ".!?:\n"
    if (mid_sentence and len(replacement) > 1 and replacement[0].isupper() and replacement[1].islower()
            and not re.match(r"I\b", replacement)):
        return replacement[0].lower() + replacement[1:]
    return replacement


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    text = re.sub(r"([.!?])\s*[.,;:]+", r"\1", text)
    text = re.sub(r"^[\s.,;:!?-]+", "", text)
    text = re.sub(r"(^|[.!?]\s+)(?!https?:|www\.)([a-zа-яёіїєґäáčďéíĺľňóôŕšťúýž])",
                  lambda m: m.group(1) + m.group(2).upper(), text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def rewrite(text: str, result: ReplyResult) -> Rewrite:
    negative = [f for f in result.flags if f.category in NEGATIVE_CATEGORIES]
    # Non-overlapping edits: the longest span wins where flags overlap.
    chosen = []
    for flag in sorted(negative, key=lambda f: (-(f.end - f.start), f.start)):
        if all(flag.end <= c.start or c.end <= flag.start for c in chosen):
            chosen.append(flag)
    edits = tuple(Edit(f.start, f.end, _replacement(f, result.lang, text), f.category, f.rule)
                  for f in sorted(chosen, key=lambda f: f.start))
    out = text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[:edit.start] + _fit_case(edit.replacement, out[:edit.start]) + out[edit.end:]
    if result.missing_ownership:
        lead = _LEAD.match(out).end()
        opening = rehearsal_texts()["ownership_opening"][result.lang]
        if out[:lead].rstrip().endswith(","):
            opening = opening[0].lower() + opening[1:]
        out = f"{out[:lead]}{opening} {out[lead:]}"
    return Rewrite(_tidy(out), edits)
