"""Rehearsal cards: facts survive the rewrite, shipped rewrites pass tone check, exports are complete."""
from __future__ import annotations

import csv
import json

import pytest

from tone.config import ToneConfig
from tone.engine import Analyzer, AnalyzerOptions
from tone.rehearsal.cards import Card, Rejected, advice_for, build_card, practice_task
from tone.rehearsal.export import export
from tone.rehearsal.facts import facts, missing_facts
from tone.rehearsal.select import Selection, choose

PHRASES = {
    "en": {"blame_shifting": [{"phrases": ["the courier's fault"], "severity": "high", "message": "Blames the courier.",
                               "suggestion": "our mistake, and I'm sorting it out"}],
           "scripted": [{"phrases": ["we value your business"], "message": "Slogan."}]},
    "ru": {"runaround": [{"phrases": ["обратиться|обращаться в отделение"], "message": "Отсылает в отделение.",
                          "suggestion": "я передала вопрос в отделение, вам позвонят сегодня"}]},
    "uk": {"vague_commitment": [{"phrases": ["найближчим часом"], "message": "Розмита обіцянка.",
                                 "suggestion": "до [дата]"}]},
    "sk": {"favor_framing": [{"phrases": ["ako gesto dobrej vôle"], "message": "Náprava ako láskavosť.",
                              "suggestion": "keďže je to naša povinnosť"}]},
}
CASES = [
    ("en", "Order #4471 is late. It's the courier's fault. We value your business, Anna.", "Where is order #4471?"),
    ("ru", "Заказ 88213 на 1 250 ₽ не найден, вам нужно обратиться в отделение банка до 15.03.", "Где мои деньги?"),
    ("uk", "Кошти 199 грн повернемо найближчим часом, пані Олено.", "Де мої гроші?"),
    ("sk", "Sumu 29,90 € vám ako gesto dobrej vôle vrátime na účet SK12 3456.", "Chcem peniaze späť."),
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    config = ToneConfig.model_validate({"phrases": PHRASES}).check()
    return Analyzer(AnalyzerOptions(detector="rules", explain_lang="native", config=config))


def test_facts_are_found_and_losses_reported() -> None:
    text = "Hi Anna, order #4471 for €42.50 ships on 3.4.2024 at 14:00; see https://x.example/t/1 or mail ops@x.example."
    found = facts(text)
    for fact in ("Anna", "#4471", "42.50", "3.4.2024", "14:00", "https://x.example/t/1", "ops@x.example"):
        assert any(fact in f for f in found), fact
    assert missing_facts(text, text) == []
    assert facts("Dobrý deň, ďakujeme za trpezlivosť, Jana.") == ["Jana"]  # lower-case words are not names
    assert missing_facts(text, text.replace("#4471", "#4472")) == ["#4471"]


@pytest.mark.parametrize(("lang", "reply", "context"), CASES, ids=[c[0] for c in CASES])
def test_rewrite_keeps_facts_and_passes_check(analyzer, lang, reply, context) -> None:
    result = analyzer.analyze(reply, context=context, lang=lang)
    card = build_card(f"{lang}-1", reply, context, result, analyzer)
    assert isinstance(card, Card), card
    assert missing_facts(reply, card.better_reply) == []
    fixed = {i.category for i in card.issues}
    assert fixed and not fixed & set(analyzer.analyze(card.better_reply, context=context, lang=lang).flagged_categories())
    assert card.task and card.issues[0].reason and card.issues[0].advice["text"]


def test_mid_sentence_suggestions_fit_the_sentence() -> None:
    from tone.rehearsal.rewrite import _fit_case

    assert _fit_case("Давайте проверим вместе", "Скорее всего, ") == "давайте проверим вместе"
    assert _fit_case("Давайте проверим вместе", "Линия в норме. ") == "Давайте проверим вместе"
    assert _fit_case("I'll call you", "Thanks, ") == "I'll call you"


def test_card_whose_rewrite_fails_is_rejected(analyzer) -> None:
    config = ToneConfig.model_validate({"phrases": {"en": {"blame_shifting": [
        {"phrases": ["fault"], "severity": "high", "message": "Blame.", "suggestion": "not our fault"}]}}}).check()
    stubborn = Analyzer(AnalyzerOptions(detector="rules", config=config))
    text = "It's the courier's fault."
    result = stubborn.analyze(text, lang="en")
    outcome = build_card("x", text, None, result, stubborn)
    assert isinstance(outcome, Rejected) and "blame_shifting" in outcome.reason


def test_essay_advice_in_the_reply_language_where_it_exists() -> None:
    assert advice_for("lip_service", "sk")["lang"] == "sk" and "nechce služby na perách" in advice_for("lip_service", "sk")["text"]
    assert advice_for("vague_commitment", "uk")["text"].startswith("Ви або приносите")
    assert advice_for("blame_shifting", "ru")["text"].endswith("«подрядчика».")
    assert advice_for("favor_framing", "en")["source"] == "TAXONOMY.md"


def test_practice_task_in_reply_language() -> None:
    assert practice_task(["blame_shifting", "vague_commitment"], "ru", True).startswith("Перепишите ответ так, чтобы он признавал")
    assert practice_task(["scripted"], "sk", False) == "Prepíšte odpoveď tak, aby odpovedala práve tomuto zákazníkovi, bez šablónových fráz."


def _record(i: int, text: str, category: str, probability: float, agent: str, template=None) -> dict:
    return {"id": f"r{i}", "lang": "en", "score": 60, "text": text, "agent_id": agent, "template": template,
            "missing_ownership": False, "categories": {category: {"probability": probability, "flagged": True}},
            "flags": [{"category": category, "severity": "medium", "start": 0, "end": 4}]}


def test_selection_prefers_clear_varied_examples() -> None:
    records = [
        _record(1, "It is the courier's fault, contact them about the parcel please.", "blame_shifting", 0.95, "a"),
        _record(2, "It is the courier's fault, contact them about the parcel please!", "blame_shifting", 0.94, "a"),
        _record(3, "The warehouse messed this up, not us, sorry about that honestly.", "blame_shifting", 0.7, "b"),
        _record(4, "Please call the hotline, we cannot do anything here for you.", "runaround", 0.9, "b"),
        _record(5, "Same template text reused here for many customers every day.", "scripted", 0.9, "c", {"cluster": "t1"}),
        _record(6, "Same template text reused here for many customers every day!!", "scripted", 0.8, "c", {"cluster": "t1"}),
    ]
    chosen = [r["id"] for r in choose(records, Selection(count=10))]
    assert "r2" not in chosen and "r6" not in chosen  # near-duplicate and same template skipped
    assert set(chosen) == {"r1", "r3", "r4", "r5"}
    only = [r["id"] for r in choose(records, Selection(categories=("runaround",), count=5))]
    assert only == ["r4"]


def test_exports_md_jsonl_csv_html(analyzer, tmp_path) -> None:
    lang, reply, context = CASES[0]
    card = build_card("en-1", reply, context, analyzer.analyze(reply, context=context, lang=lang), analyzer)
    paths = export([card], tmp_path, ("md", "jsonl", "csv", "html"), "Session")
    markdown, jsonl, table, html = (p.read_text(encoding="utf-8") for p in paths)
    assert "**the courier's fault**" in markdown and card.better_reply in markdown and card.task in markdown
    assert json.loads(jsonl)["better_reply"] == card.better_reply
    [row] = list(csv.DictReader(table.splitlines()))
    assert reply in row["front"] and card.better_reply in row["back"] and "blame_shifting" in row["tags"]
    assert 'class="reveal"' in html and "hidden" in html
