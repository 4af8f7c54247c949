"""The ASGI app: POST /v1/analyze and /v1/analyze/batch, /health, /v1/taxonomy, and the page at /."""
from __future__ import annotations

import hmac
import ipaddress
import os
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from tone import __version__
from tone.engine import Analyzer, AnalyzerOptions, ReplyInput
from tone.errors import InputError, MixedLanguage, ToneError, UndeterminedLanguage, UnsupportedLanguage
from tone.inputs import MAX_CHARS
from tone.server.batcher import MicroBatcher
from tone.taxonomy import ADVICE, CATEGORIES, NEGATIVE_CATEGORIES

STATIC = Path(__file__).resolve().parent / "static"
MAX_BATCH = 100
MAX_BODY_BYTES = 1_000_000
API_KEY_ENV = "TONE_API_KEY"


class AnalyzeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description=f"The reply to analyse (at most {MAX_CHARS:,} characters).")
    context: str | None = Field(None, description="The customer's message the reply answers.")
    lang: Literal["auto", "en", "ru", "uk", "sk"] | None = Field(None, description="Reply language; auto-detected if absent.")
    explain_lang: Literal["en", "native"] | None = Field(None, description="Explanations in English or the reply's language.")
    id: str | None = None

    def as_input(self) -> ReplyInput:
        lang = None if self.lang in (None, "auto") else self.lang
        return ReplyInput(self.text, self.context, lang, self.id, self.explain_lang)


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[AnalyzeRequest] = Field(min_length=1, max_length=MAX_BATCH,
                                        description=f"Up to {MAX_BATCH} replies.")


@dataclass
class ServerOptions:
    analyzer: AnalyzerOptions = field(default_factory=AnalyzerOptions)
    api_key: str | None = None
    preload: bool = True


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_key_for(host: str) -> str | None:
    """The key the server requires: from $TONE_API_KEY; on a non-loopback address one is mandatory."""
    key = os.environ.get(API_KEY_ENV) or None
    if key is None and not is_loopback(host):
        raise SystemExit(f"refusing to serve on {host} without an API key: set {API_KEY_ENV} "
                         "(clients then send 'Authorization: Bearer KEY'), or bind to 127.0.0.1")
    return key


def _status_for(error: ToneError) -> int:
    if isinstance(error, UnsupportedLanguage):
        return 422
    if isinstance(error, (InputError, MixedLanguage, UndeterminedLanguage)):
        return 413 if error.kind == "text_too_long" else 400
    return 500


def create_app(options: ServerOptions | None = None) -> FastAPI:
    options = options or ServerOptions()
    analyzer = Analyzer(options.analyzer)
    state = {"ready": False}
    # One analysis at a time (the encoder already uses both cores), over whatever arrived together.
    batcher = MicroBatcher(analyzer.analyze_batch)

    @asynccontextmanager
    async def lifespan(_app):
        if options.preload:
            analyzer.load()
        state["ready"] = True
        yield

    app = FastAPI(title="tone", version=__version__, lifespan=lifespan,
                  description="Tone analysis of customer-support replies (en, ru, uk, sk).")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return JSONResponse({"error": {"kind": "body_too_large",
                                           "message": f"request body over {MAX_BODY_BYTES:,} bytes"}}, 413)
        if options.api_key and request.url.path.startswith("/v1/"):
            supplied = request.headers.get("authorization", "").removeprefix("Bearer ").strip() \
                or request.headers.get("x-api-key", "")
            if not hmac.compare_digest(supplied.encode(), options.api_key.encode()):
                return JSONResponse({"error": {"kind": "unauthorized", "message": "missing or wrong API key"}}, 401)
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}"
                             for e in exc.errors())
        return JSONResponse({"error": {"kind": "invalid_request", "message": problems or "malformed JSON"}}, 422)

    def analyze_items(items: list[ReplyInput]):
        if not state["ready"]:
            raise HTTPException(503, "models are still loading")
        return batcher.submit(items)

    @app.get("/health")
    def health():
        if not state["ready"]:
            return JSONResponse({"status": "loading"}, 503)
        return {"status": "ready", "version": __version__, "detector": options.analyzer.detector}

    @app.post("/v1/analyze")
    def analyze(request: AnalyzeRequest):
        [outcome] = analyze_items([request.as_input()])
        if isinstance(outcome, ToneError):
            return JSONResponse({"error": outcome.as_dict()}, _status_for(outcome))
        return outcome.to_dict()

    @app.post("/v1/analyze/batch")
    def analyze_batch(request: BatchRequest):
        outcomes = analyze_items([item.as_input() for item in request.items])
        return {"results": [{"error": o.as_dict(), "id": item.id} if isinstance(o, ToneError) else o.to_dict()
                            for item, o in zip(request.items, outcomes)]}

    @app.get("/v1/taxonomy")
    def taxonomy():
        return {"categories": [{"id": c, "negative": c in NEGATIVE_CATEGORIES, "advice": ADVICE[c]} for c in CATEGORIES],
                "max_chars": MAX_CHARS, "max_batch": MAX_BATCH}

    @app.get("/", include_in_schema=False)
    def page():
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
