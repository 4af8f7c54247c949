"""report.html in real headless Chromium: charts, highlighted examples and filters are there and work."""
from __future__ import annotations

import json

import pytest

from browser import artifact, launch, recording_page
from tone.batch.aggregate import aggregate
from tone.batch.report import write_report
from tone.batch.score import ScoreOptions, score_files
from tone.config import ToneConfig
from tone.engine import AnalyzerOptions

playwright_api = pytest.importorskip("playwright.sync_api")

CONFIG = ToneConfig.model_validate({"phrases": {
    "en": {"runaround": [{"phrases": ["contact the courier"], "message": "Sends the customer to the courier."}]},
    "ru": {"blame_shifting": [{"phrases": ["вина подрядчик*"], "message": "Перекладывает вину на подрядчика.",
                               "severity": "high"}]}}}).check()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    lines = [
        {"conversation_id": "c1", "turns": [{"role": "customer", "text": "Where is my parcel?"},
                                            {"role": "agent", "agent_id": "ann", "text": "Please contact the courier, they deliver it."}]},
        {"conversation_id": "c2", "turns": [{"role": "customer", "text": "Интернет не работает"},
                                            {"role": "agent", "agent_id": "oleg", "text": "Это вина подрядчика, мы тут ни при чём."}]},
        {"conversation_id": "c3", "turns": [{"role": "customer", "text": "How do I reset my password?"},
                                            {"role": "agent", "agent_id": "ann", "text": "Go to Settings, then Security, then Reset password."}]},
    ]
    source = folder / "in.jsonl"
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n{broken\n")
    out = folder / "out"
    summary = score_files([str(source)], ScoreOptions(out, AnalyzerOptions(detector="rules", config=CONFIG)))
    return write_report(aggregate(out), out, source=str(source), summary_line=summary.line())


def test_report_renders_charts_and_highlighted_examples(report) -> None:
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        page, requests = recording_page(browser, 1280)
        page.goto(report.as_uri())
        assert page.locator("svg.chart").count() >= 3
        assert page.locator("svg.chart rect").count() >= 5
        marks = page.locator(".card mark")
        assert marks.count() >= 2
        assert "contact the courier" in " ".join(marks.all_inner_texts())
        assert "вина подрядчика" in " ".join(marks.all_inner_texts())
        assert page.locator("#agents tbody tr").count() == 2
        assert "1" in page.locator("text=agent turn(s) could not be scored").inner_text()
        page.select_option("#f-lang", "ru")
        assert page.locator(".card:visible").count() == 1
        page.select_option("#f-lang", "")
        page.screenshot(path=str(artifact("report.png")), full_page=True)
        browser.close()
    assert all(url.startswith("file:") for url in requests), f"report fetched {requests}"
