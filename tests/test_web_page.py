"""The draft page in real headless Chromium against a real server: type, see the highlight, apply, see it clear."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from browser import artifact, launch, recording_page
from tone.engine import AnalyzerOptions
from tone.server.app import ServerOptions, create_app

playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

RUSSIAN_DRAFT = "Это не наша ошибка, а банка-отправителя."


@pytest.fixture(scope="module")
def server_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(ServerOptions(AnalyzerOptions(detector="rules"))), host="127.0.0.1",
                            port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 120
    while not server.started and time.time() < deadline:
        time.sleep(0.1)
    assert server.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def test_russian_blame_shifting_highlight_apply_and_clear(server_url) -> None:
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        page, requests = recording_page(browser, 1200)
        page.goto(server_url + "/")
        page.fill("#context", "Деньги так и не пришли на счёт!")
        page.locator("#draft").press_sequentially(RUSSIAN_DRAFT, delay=5)
        mark = page.locator("#preview .mark.cat-blame_shifting").first
        mark.wait_for(timeout=15_000)
        assert page.locator("#detected").inner_text().endswith("ru")
        assert page.locator("#fixes li button").count() >= 1
        mark.focus()  # keyboard reachable: focus shows the reason, advice and suggestion
        detail = page.locator("#detail")
        detail.wait_for(state="visible")
        assert "Blame" in detail.inner_text()
        page.screenshot(path=str(artifact("draft-page.png")), full_page=True)
        detail.locator("button.apply").first.click()
        page.wait_for_function("!document.querySelector('#preview .mark.cat-blame_shifting')", timeout=15_000)
        assert page.input_value("#draft") != RUSSIAN_DRAFT
        page.screenshot(path=str(artifact("draft-page-fixed.png")), full_page=True)
        browser.close()
    assert all(url.startswith(server_url) for url in requests), "the page fetched something from elsewhere"


def test_page_is_usable_on_a_narrow_screen(server_url) -> None:
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(server_url + "/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 380, f"page overflows a phone screen ({width}px)"
        for field in ("#draft", "#context", "#lang", "#explain"):
            label = page.locator(f"label[for='{field[1:]}']")
            assert label.count() == 1 and label.inner_text().strip()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") in ("context", "draft")
        browser.close()
