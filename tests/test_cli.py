"""The command line as a user meets it: exit codes, formats, bad input, golden output."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
CONFIG = """phrases:
  en:
    runaround:
      - phrases: ["call our hotline"]
        severity: high
        message: "Sends the customer to the hotline."
        suggestion: "I've asked billing to call you today."
"""


def run(*args: str, stdin: bytes | None = None, config: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--config", str(config)] if config else []
    command = [sys.executable, "-m", "tone.cli", *args[:1], *extra, *args[1:]] if args and args[0] in (
        "check",) else [sys.executable, "-m", "tone.cli", *args]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cfg") / "tone.yaml"
    path.write_text(CONFIG)
    return path


def test_version_and_help() -> None:
    assert run("--version").stdout.decode().startswith("tone ")
    help_text = run("--help").stdout.decode()
    for command in ("check", "score", "serve", "rehearse", "eval", "bench", "train", "rules"):
        assert command in help_text


def test_exit_codes_follow_fail_on(config) -> None:
    flagged = run("check", "Please call our hotline.", "--lang", "en", "--format", "json", config=config)
    assert flagged.returncode == 1
    assert json.loads(flagged.stdout)["flags"][0]["category"] == "runaround"
    relaxed = run("check", "Please call our hotline.", "--lang", "en", "--fail-on", "none", config=config)
    assert relaxed.returncode == 0
    clean = run("check", "Your refund of 20 EUR was sent today.", "--lang", "en", config=config)
    assert clean.returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (("check", ""), "empty"),
    (("check", "x" * 10_001, "--lang", "en"), "limit"),
    (("check", "Guten Tag, vielen Dank für Ihre Geduld mit uns."), "'de'"),
    (("check",), "give the reply text"),
    (("check", "hi", "--input", "x.jsonl"), "not both"),
    (("check", "--input", "/no/such/file.jsonl"), "cannot open"),
])
def test_usage_and_input_errors_exit_2_with_a_message(args, message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_jsonl_keeps_order_ids_and_reports_bad_lines(config) -> None:
    lines = [b'{"id": "a", "text": "Please call our hotline."}', b"{oops", b'{"id": "c", "text": "\xff\xfe bad"}',
             b'{"text": "Thanks, done!", "lang": "en"}', b'{"id": "e", "text": "\\u0000\\u0001"}', b'{"id": 6}']
    result = run("check", "--input", "-", stdin=b"\n".join(lines) + b"\n", config=config)
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, 3, 4, "e", 6]  # the id where readable, else the line number
    assert rows[0]["flags"][0]["category"] == "runaround"
    assert rows[1]["error"]["kind"] == "bad_record" and rows[1]["error"]["line"] == 2
    assert rows[2]["error"]["kind"] == "invalid_utf8"
    assert "score" in rows[3]
    assert rows[4]["error"]["kind"] == "binary_input"
    assert "missing 'text'" in rows[5]["error"]["message"]
    assert result.returncode == 2  # some lines could not be scored
    assert b"Traceback" not in result.stderr


def test_text_output_shows_span_reason_suggestion_and_score(config) -> None:
    out = run("check", "Please call our hotline.", "--lang", "en", config=config).stdout.decode()
    assert "call our hotline" in out and "Sends the customer to the hotline." in out
    assert "I've asked billing to call you today." in out and "score" in out


def test_text_output_keeps_bracketed_placeholders(tmp_path) -> None:
    path = tmp_path / "tone.yaml"
    path.write_text(CONFIG.replace("I've asked billing to call you today.", "I'll call you by [date]."))
    out = run("check", "Please call our hotline.", "--lang", "en", config=path).stdout.decode()
    assert "I'll call you by [date]." in out


def test_golden_json_output(config) -> None:
    """The whole JSON of a fixed reply under fixed rules is pinned (regenerate with TONE_UPDATE_GOLDEN=1)."""
    import os

    result = run("check", "Please call our hotline about the refund.", "--lang", "en", "--format", "json",
                 "--detector", "rules", "--fail-on", "none", config=config)
    produced = json.loads(result.stdout)
    produced["flags"] = [f for f in produced["flags"] if f["rule"].endswith("custom_1")]
    golden = GOLDEN / "check_custom_rule.json"
    if os.environ.get("TONE_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(produced["flags"], indent=2, ensure_ascii=False) + "\n")
    assert produced["flags"] == json.loads(golden.read_text())
