"""Real headless Chromium (Debian's package) driven by Playwright, for report and web-page tests."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright):
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (make test installs Debian's chromium when it can)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: its absence there is a failure, not a skip
        pytest.skip(message)
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def recording_page(browser, width: int, height: int = 900):
    """A page that records every URL it requests, to prove nothing is fetched from elsewhere."""
    page = browser.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return page, requests
