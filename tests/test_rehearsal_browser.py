"""The rehearsal HTML deck in real headless Chromium: answers stay hidden until revealed."""
from __future__ import annotations

import pytest

from browser import artifact, launch
from test_rehearsal import CASES, PHRASES
from tone.config import ToneConfig
from tone.engine import Analyzer, AnalyzerOptions
from tone.rehearsal.cards import build_card
from tone.rehearsal.export import export

playwright_api = pytest.importorskip("playwright.sync_api")


def test_deck_reveals_answers_on_click(tmp_path) -> None:
    analyzer = Analyzer(AnalyzerOptions(detector="rules", explain_lang="native",
                                        config=ToneConfig.model_validate({"phrases": PHRASES}).check()))
    cards = [build_card(f"{lang}-1", reply, context, analyzer.analyze(reply, context=context, lang=lang), analyzer)
             for lang, reply, context in CASES]
    [deck] = export(cards, tmp_path, ("html",), "Deck")
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 900, "height": 900})
        page.goto(deck.as_uri())
        assert page.locator("article.card").count() == len(cards)
        first = page.locator("article.card").first
        assert not first.locator(".answer").is_visible()
        assert first.locator("mark").count() >= 1
        first.locator("button.reveal").click()
        assert first.locator(".answer").is_visible()
        assert first.locator(".better").inner_text() == cards[0].better_reply
        assert first.locator("button.reveal").get_attribute("aria-expanded") == "true"
        page.screenshot(path=str(artifact("rehearsal-deck.png")), full_page=True)
        browser.close()
