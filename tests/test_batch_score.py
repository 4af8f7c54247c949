"""tone score: nothing lost, resume, CSV mapping, gzip, templates, aggregates."""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from tone.batch.aggregate import aggregate
from tone.batch.score import ScoreOptions, score_files
from tone.batch.transcripts import Conversation, ReadOptions, Turn, reply_units
from tone.config import ToneConfig
from tone.engine import AnalyzerOptions

CONFIG = ToneConfig.model_validate({"phrases": {"en": {"runaround": [
    {"phrases": ["contact the courier"], "message": "Sends the customer to the courier."}]}}}).check()
OPTIONS = AnalyzerOptions(detector="rules", config=CONFIG)


def _conversation(cid: str, agent: str, reply: str) -> dict:
    return {"conversation_id": cid, "turns": [
        {"role": "customer", "text": "My parcel never arrived, where is it?"},
        {"role": "agent", "agent_id": agent, "text": reply},
        {"role": "customer", "text": "ok"},
        {"role": "agent", "agent_id": agent, "text": "Thanks for your patience."},
        {"role": "agent", "agent_id": agent, "text": "I have checked again: it is at the depot."}]}


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "replies.jsonl").read_text(encoding="utf-8").splitlines()]


def test_consecutive_agent_turns_are_one_reply_with_customer_context() -> None:
    turns = (Turn("customer", "Hi", "t0"), Turn("customer", "Where is my refund?", "t1"),
             Turn("agent", "Checking.", "t2", "a1"), Turn("agent", "Sent today.", "t3", "a1"),
             Turn("customer", "thanks", "t4"), Turn("agent", "Welcome!", "t5", "a2"))
    units = list(reply_units(Conversation("c", turns, "f", 1)))
    assert [u.turn_ids for u in units] == [("t2", "t3"), ("t5",)]
    assert units[0].text == "Checking.\nSent today." and units[0].context == "Hi\nWhere is my refund?"
    assert units[1].context == "thanks" and units[1].agent_id == "a2"


def test_every_agent_turn_is_scored_or_reported(tmp_path) -> None:
    good = json.dumps(_conversation("c1", "ann", "Please contact the courier."))
    broken_turn = json.dumps({"conversation_id": "c2", "turns": [
        {"role": "customer", "text": "hello?"}, {"role": "agent", "agent_id": "bob"},
        {"role": "agent", "agent_id": "bob", "text": "   "}, {"role": "robot", "text": "beep"}]})
    german = json.dumps({"conversation_id": "c3", "turns": [
        {"role": "agent", "agent_id": "cat", "text": "Vielen Dank für Ihre Nachricht, wir melden uns morgen."}]})
    source = _write_jsonl(tmp_path / "in.jsonl", [good, "{not json", broken_turn, "[1, 2]", german])
    summary = score_files([str(source)], ScoreOptions(tmp_path / "out", OPTIONS))
    records = _records(tmp_path / "out")
    errors = [r for r in records if "error" in r]
    located = {(r["source"]["line"], r["error"]["kind"]) for r in errors}
    assert {(2, "bad_record"), (4, "bad_record")} <= located  # invalid JSON, not an object
    assert any(r["conversation_id"] == "c2" and r["turn_ids"] == ["c2#1"] for r in errors)  # turn without text
    assert any(r["conversation_id"] == "c2" and "robot" in r["error"]["message"] for r in errors)
    assert any(r["conversation_id"] == "c2" and r["error"]["kind"] == "empty_text" for r in errors)
    assert any(r["conversation_id"] == "c3" and r["error"]["kind"] == "unsupported_language" for r in errors)
    scored = [r for r in records if "error" not in r]
    assert [r["turn_ids"] for r in scored] == [["c1#1"], ["c1#3", "c1#4"]]
    assert scored[0]["categories"]["runaround"]["flagged"] and scored[0]["agent_id"] == "ann"
    assert summary.replies == 2 and summary.errors == len(errors)
    assert summary.agent_turns == 3 + sum(max(1, len(r["turn_ids"])) for r in errors)


def test_resume_skips_done_conversations_and_drops_a_torn_line(tmp_path) -> None:
    lines = [json.dumps(_conversation(f"c{i}", "ann", f"Please contact the courier about parcel {i}.")) for i in range(4)]
    out = tmp_path / "out"
    score_files([str(_write_jsonl(tmp_path / "a.jsonl", lines[:2]))], ScoreOptions(out, OPTIONS))
    with (out / "replies.jsonl").open("a") as handle:
        handle.write('{"conversation_id": "c9", "tor')
    summary = score_files([str(_write_jsonl(tmp_path / "b.jsonl", lines))], ScoreOptions(out, OPTIONS, resume=True))
    assert summary.skipped_conversations == 2 and summary.conversations == 2
    ids = [r["conversation_id"] for r in _records(out)]
    assert ids == ["c0", "c0", "c1", "c1", "c2", "c2", "c3", "c3"]


def test_csv_export_with_mapped_columns_and_roles_gzip(tmp_path) -> None:
    path = tmp_path / "zendesk.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ticket_id", "position", "author_type", "assignee", "body", "created_at"])
        writer.writerow(["T1", "2", "end-user", "", "thanks", "2024-01-01"])
        writer.writerow(["T1", "1", "agent", "zoe", "Please contact the courier.", "2024-01-01"])
        writer.writerow(["T1", "0", "end-user", "", "My parcel is lost", "2024-01-01"])
        writer.writerow(["T2", "0", "alien", "", "??", "2024-01-02"])
    read = ReadOptions(columns={"conversation_id": "ticket_id", "turn": "position", "role": "author_type",
                                "agent_id": "assignee", "text": "body", "timestamp": "created_at"})
    score_files([str(tmp_path)], ScoreOptions(tmp_path / "out", OPTIONS, read=read))
    records = _records(tmp_path / "out")
    scored = [r for r in records if "error" not in r]
    assert len(scored) == 1 and scored[0]["agent_id"] == "zoe" and scored[0]["context"] == "My parcel is lost"
    assert any("alien" in r["error"]["message"] and r["source"]["line"] == 5 for r in records if "error" in r)


def test_missing_csv_columns_are_named(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,who,message\n1,agent,hello\n")
    score_files([str(path)], ScoreOptions(tmp_path / "out", OPTIONS))
    [record] = _records(tmp_path / "out")
    assert "--column" in record["error"]["message"] and "conversation_id" in record["error"]["message"]


def test_aggregates_templates_and_csvs(tmp_path) -> None:
    varied = ["The invoice went out by e-mail this morning.", "I re-sent the invoice; check your spam folder too.",
              "Invoices appear under Account > Billing a day after dispatch.", "Attached is a PDF copy of the invoice.",
              "Your company details were missing, so I added them and issued a new invoice.",
              "The invoice is generated when the parcel ships, which is tomorrow.",
              "I can't find an invoice yet because payment is still pending at your bank.",
              "Sure - I have forwarded the invoice to your accountant as you asked."]
    lines = []
    for i in range(8):
        lines.append(json.dumps({"conversation_id": f"c{i}", "turns": [
            {"role": "customer", "text": f"Where is order {1000 + i}?"},
            {"role": "agent", "agent_id": "tpl", "text": f"Hi! Your order {1000 + i} is on its way, see https://t.co/{i} for tracking. Thanks for reaching out to us today."},
            {"role": "customer", "text": "And the invoice?"},
            {"role": "agent", "agent_id": "ann", "text": varied[i]}]}))
    out = tmp_path / "out"
    score_files([str(_write_jsonl(tmp_path / "in.jsonl", lines))], ScoreOptions(out, OPTIONS))
    figures = aggregate(out)
    records = _records(out)
    templated = [r for r in records if r["template"]]
    assert {r["agent_id"] for r in templated} == {"tpl"} and templated[0]["template"]["size"] == 8
    agents = {row["agent_id"]: row for row in csv.DictReader((out / "agents.csv").open())}
    assert agents["tpl"]["replies"] == "8" and float(agents["tpl"]["template_rate"]) == 1.0
    conversations = list(csv.DictReader((out / "conversations.csv").open()))
    assert len(conversations) == 8 and all(row["replies"] == "2" for row in conversations)
    assert figures.overall.replies == 16
    assert all(r["score"] < 100 or r["missing_ownership"] for r in figures.worst_replies())


@pytest.mark.parametrize("workers", [2])
def test_workers_give_the_same_output_as_one_process(tmp_path, workers: int) -> None:
    lines = [json.dumps(_conversation(f"c{i}", "ann", f"Please contact the courier, case {i}.")) for i in range(6)]
    source = _write_jsonl(tmp_path / "in.jsonl", lines)
    score_files([str(source)], ScoreOptions(tmp_path / "one", OPTIONS, batch=4))
    score_files([str(source)], ScoreOptions(tmp_path / "many", OPTIONS, batch=4, workers=workers))
    assert _records(tmp_path / "one") == _records(tmp_path / "many")
