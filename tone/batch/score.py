"""`tone score`, the pipeline: stream conversations, score every reply, write replies.jsonl.

Nothing is lost: every agent turn ends up in replies.jsonl, scored or as an
error line with file, line and reason. Memory stays flat: conversations are
streamed, replies scored in fixed-size batches, and at most a few batches are
in flight with --workers.
"""
from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from tone.batch.transcripts import (Conversation, ReadError, ReadOptions, ReplyUnit, input_files,
                                    read_conversations, reply_units)
from tone.engine import SCORING_BATCH, Analyzer, AnalyzerOptions, ReplyInput
from tone.errors import BadRecord, ToneError
from tone.schema import error_record

REPLIES_FILE = "replies.jsonl"


@dataclass
class ScoreSummary:
    files: int = 0
    conversations: int = 0
    replies: int = 0
    agent_turns: int = 0
    errors: int = 0
    skipped_conversations: int = 0

    def line(self) -> str:
        return (f"scored {self.replies:,} replies ({self.agent_turns:,} agent turns) in {self.conversations:,} "
                f"conversations from {self.files} file(s); {self.errors:,} error(s) kept as error lines"
                + (f"; {self.skipped_conversations:,} conversations already scored (--resume)"
                   if self.skipped_conversations else ""))


@dataclass(frozen=True)
class ScoreOptions:
    out_dir: Path
    analyzer: AnalyzerOptions = field(default_factory=AnalyzerOptions)
    lang: str | None = None
    workers: int = 1
    resume: bool = False
    read: ReadOptions = field(default_factory=ReadOptions)
    batch: int = SCORING_BATCH


def _unit_id(unit: ReplyUnit) -> str:
    return f"{unit.conversation_id}:{unit.turn_ids[0]}"


def _provenance(unit: ReplyUnit) -> dict:
    return {"conversation_id": unit.conversation_id, "agent_id": unit.agent_id, "turn_ids": list(unit.turn_ids),
            "text": unit.text, "context": unit.context, "source": {"file": unit.file, "line": unit.line}}


def scored_record(unit: ReplyUnit, outcome) -> dict:
    if isinstance(outcome, ToneError):
        return {**error_record(_unit_id(unit), outcome.as_dict()), **_provenance(unit)}
    return {**outcome.to_dict(), "id": _unit_id(unit), **_provenance(unit)}


def read_error_record(error: ReadError) -> dict:
    return {**error_record(f"{error.file}:{error.line}", BadRecord(error.reason).as_dict()),
            "conversation_id": error.conversation_id, "agent_id": None, "turn_ids": list(error.turn_ids),
            "source": {"file": error.file, "line": error.line}}


# -- scoring, in this process or in workers -----------------------------------
_worker_analyzer: Analyzer | None = None


def _init_worker(options: AnalyzerOptions, single_thread: bool = False) -> None:
    global _worker_analyzer
    if single_thread:
        try:
            import torch

            torch.set_num_threads(1)  # workers share the cores; one thread each avoids oversubscription
        except ImportError:
            pass
    _worker_analyzer = Analyzer(options)


def _score_chunk(units: list[ReplyUnit], lang: str | None) -> list[dict]:
    outcomes = _worker_analyzer.analyze_batch([ReplyInput(u.text, u.context, lang, _unit_id(u)) for u in units])
    return [scored_record(u, o) for u, o in zip(units, outcomes)]


def completed_conversations(path: Path) -> set[str]:
    """Conversation ids already in an output file (for --resume); a torn last line is dropped."""
    done: set[str] = set()
    if not path.exists():
        return done
    good_bytes = 0
    with path.open("rb") as handle:
        for raw in handle:
            try:
                record = json.loads(raw)
            except json.JSONDecodeError:
                break
            good_bytes += len(raw)
            if record.get("conversation_id") is not None:
                done.add(record["conversation_id"])
    with path.open("r+b") as handle:
        handle.truncate(good_bytes)
    return done


def _items(files: list[Path], options: ScoreOptions, done: set[str], summary: ScoreSummary,
           on_bytes: Callable[[int], None] | None) -> Iterator[ReplyUnit | ReadError]:
    for path in files:
        summary.files += 1
        for item in read_conversations(path, options.read, on_bytes):
            if isinstance(item, ReadError):
                yield item
                continue
            if item.conversation_id in done:
                summary.skipped_conversations += 1
                continue
            summary.conversations += 1
            yield from reply_units(item)


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def score_files(paths: list[str], options: ScoreOptions, progress=None) -> ScoreSummary:
    options.out_dir.mkdir(parents=True, exist_ok=True)
    out_path = options.out_dir / REPLIES_FILE
    done = completed_conversations(out_path) if options.resume else set()
    files = input_files(paths)
    summary = ScoreSummary()
    on_bytes = progress.update if progress is not None else None
    items = _items(files, options, done, summary, on_bytes)
    with out_path.open("a" if options.resume else "w", encoding="utf-8") as sink:
        def emit(records: list[dict]) -> None:
            for record in records:
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                summary.agent_turns += len(record.get("turn_ids") or []) or 1
                if "error" in record:
                    summary.errors += 1
                else:
                    summary.replies += 1
            if progress is not None:
                progress.set_postfix(replies=summary.replies, errors=summary.errors, refresh=False)

        if options.workers <= 1:
            _init_worker(options.analyzer)
            for chunk in _chunks(items, options.batch):
                emit(_process(chunk, options.lang))
        else:
            context = multiprocessing.get_context("spawn")
            with context.Pool(options.workers, initializer=_init_worker, initargs=(options.analyzer, True)) as pool:
                pending: deque = deque()
                for chunk in _chunks(items, options.batch):
                    units = [u for u in chunk if isinstance(u, ReplyUnit)]
                    pending.append((chunk, pool.apply_async(_score_chunk, (units, options.lang))))
                    while len(pending) > options.workers * 2:  # bounded work in flight: flat memory
                        emit(_collect(*pending.popleft()))
                while pending:
                    emit(_collect(*pending.popleft()))
        sink.flush()
        os.fsync(sink.fileno())
    return summary


def _process(chunk: list, lang: str | None) -> list[dict]:
    units = [u for u in chunk if isinstance(u, ReplyUnit)]
    return _merge(chunk, _score_chunk(units, lang) if units else [])


def _collect(chunk: list, result) -> list[dict]:
    return _merge(chunk, result.get())


def _merge(chunk: list, scored: list[dict]) -> list[dict]:
    """Read errors and scored replies back in input order."""
    records, scored_iter = [], iter(scored)
    for item in chunk:
        records.append(read_error_record(item) if isinstance(item, ReadError) else next(scored_iter))
    return records


__all__ = ["Conversation", "ScoreOptions", "ScoreSummary", "score_files", "REPLIES_FILE"]
