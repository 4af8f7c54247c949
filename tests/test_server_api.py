"""The HTTP API: results in the shared schema, clear 4xx for bad requests, auth, concurrency."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tone.config import ToneConfig
from tone.engine import AnalyzerOptions
from tone.inputs import MAX_CHARS
from tone.server.app import MAX_BATCH, MAX_BODY_BYTES, ServerOptions, api_key_for, create_app

CONFIG = ToneConfig.model_validate({"phrases": {
    "en": {"runaround": [{"phrases": ["call our hotline"], "message": "Sends the customer to the hotline.",
                          "suggestion": "I've asked our billing team to call you today."}]},
    "ru": {"blame_shifting": [{"phrases": ["вина подрядчик*"], "message": "Перекладывает вину на подрядчика.",
                               "suggestion": "Мы разберёмся сами."}]}}}).check()


@pytest.fixture(scope="module")
def client():
    app = create_app(ServerOptions(AnalyzerOptions(detector="rules", config=CONFIG)))
    with TestClient(app) as test_client:
        yield test_client


def test_health_is_ready_after_startup(client) -> None:
    assert client.get("/health").json()["status"] == "ready"


def test_health_says_loading_before_startup() -> None:
    app = create_app(ServerOptions(AnalyzerOptions(detector="rules"), preload=False))
    assert TestClient(app).get("/health").status_code == 503  # no lifespan run: not ready


def test_analyze_returns_the_shared_schema(client) -> None:
    response = client.post("/v1/analyze", json={"text": "Please call our hotline.", "context": "My bill is wrong"})
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "1.0" and body["lang"] == "en"
    [flag] = [f for f in body["flags"] if f["category"] == "runaround"]
    assert body["flags"][0]["text"] == "call our hotline" or flag["text"] == "call our hotline"
    assert flag["suggestion"].startswith("I've asked")


def test_native_explanations(client) -> None:
    body = client.post("/v1/analyze", json={"text": "Это вина подрядчика.", "explain_lang": "native"}).json()
    assert body["lang"] == "ru"
    assert any(f["explanation"] == "Перекладывает вину на подрядчика." for f in body["flags"])


@pytest.mark.parametrize(("payload", "status", "kind"), [
    ({"text": ""}, 400, "empty_text"),
    ({"text": "   "}, 400, "empty_text"),
    ({"text": "x " * (MAX_CHARS // 2 + 1)}, 413, "text_too_long"),
    ({"text": "Vielen Dank für Ihre Geduld, wir kümmern uns darum."}, 422, "unsupported_language"),
    ({"text": "hi", "lang": "de"}, 422, "invalid_request"),
    ({"txt": "hello"}, 422, "invalid_request"),
])
def test_bad_requests_get_clear_4xx(client, payload, status: int, kind: str) -> None:
    response = client.post("/v1/analyze", json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["kind"] == kind and error["message"]


def test_malformed_json_is_a_4xx(client) -> None:
    response = client.post("/v1/analyze", content=b'{"text": "hi",', headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["message"]


def test_body_size_is_bounded(client) -> None:
    response = client.post("/v1/analyze", content=b" " * (MAX_BODY_BYTES + 1), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_batch_keeps_order_and_reports_bad_items(client) -> None:
    items = [{"id": "a", "text": "Please call our hotline."}, {"id": "b", "text": ""}, {"id": "c", "text": "Thanks, done."}]
    results = client.post("/v1/analyze/batch", json={"items": items}).json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert results[1]["error"]["kind"] == "empty_text" and "score" in results[2]


def test_batch_size_is_bounded(client) -> None:
    items = [{"text": "ok thanks"}] * (MAX_BATCH + 1)
    assert client.post("/v1/analyze/batch", json={"items": items}).status_code == 422


def test_concurrent_requests_are_safe(client) -> None:
    texts = [f"Please call our hotline, case {i}." for i in range(24)]
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda t: client.post("/v1/analyze", json={"text": t}), texts))
    assert all(r.status_code == 200 for r in responses)
    assert all(any(f["category"] == "runaround" for f in r.json()["flags"]) for r in responses)


def test_openapi_and_page_are_served(client) -> None:
    schema = client.get("/openapi.json").json()
    assert "/v1/analyze" in schema["paths"] and "/v1/analyze/batch" in schema["paths"]
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text and "http" not in page.text.split("<body>")[1].split("/static")[0]


def test_api_key_when_configured() -> None:
    app = create_app(ServerOptions(AnalyzerOptions(detector="rules", config=CONFIG), api_key="s3cret"))
    with TestClient(app) as secured:
        assert secured.post("/v1/analyze", json={"text": "Please call our hotline."}).status_code == 401
        ok = secured.post("/v1/analyze", json={"text": "Please call our hotline."}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert secured.get("/health").status_code == 200  # health stays open for load balancers


def test_api_key_required_off_loopback(monkeypatch) -> None:
    monkeypatch.delenv("TONE_API_KEY", raising=False)
    assert api_key_for("127.0.0.1") is None
    with pytest.raises(SystemExit, match="TONE_API_KEY"):
        api_key_for("0.0.0.0")
    monkeypatch.setenv("TONE_API_KEY", "k")
    assert api_key_for("0.0.0.0") == "k"
