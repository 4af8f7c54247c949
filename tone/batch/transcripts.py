"""Read conversations from JSONL (one per line) or CSV (one turn per row), plain or gzip, streaming.

A row or line that cannot be read becomes a `ReadError` with file, line and
reason, and reading goes on. Column and role names are mappable so that help
desk exports (Zendesk, Intercom, Freshdesk) are read without editing them.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

FIELDS = ("conversation_id", "turn", "role", "agent_id", "text", "timestamp", "turn_id")
DEFAULT_AGENT_ROLES = ("agent", "admin", "operator", "support", "staff", "bot")
DEFAULT_CUSTOMER_ROLES = ("customer", "user", "end-user", "end_user", "client", "contact", "lead", "visitor")


@dataclass(frozen=True)
class Turn:
    role: str  # "agent" or "customer"
    text: str
    turn_id: str
    agent_id: str | None = None
    timestamp: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Conversation:
    conversation_id: str
    turns: tuple[Turn, ...]
    file: str
    line: int


@dataclass(frozen=True)
class ReadError:
    file: str
    line: int
    reason: str
    conversation_id: str | None = None
    turn_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadOptions:
    """How to read other exports: `columns` maps our field names to theirs; roles list their words."""

    columns: dict[str, str] = field(default_factory=dict)
    agent_roles: tuple[str, ...] = DEFAULT_AGENT_ROLES
    customer_roles: tuple[str, ...] = DEFAULT_CUSTOMER_ROLES
    delimiter: str = ","

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    def role(self, raw) -> str | None:
        value = str(raw or "").strip().lower()
        if value in self.agent_roles:
            return "agent"
        if value in self.customer_roles:
            return "customer"
        return None


def input_files(paths: list[str]) -> list[Path]:
    """Files named, and every .jsonl/.csv (optionally .gz) file inside folders named, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) is not None)
        else:
            found.append(path)
    return found


def _kind(path: Path) -> str | None:
    name = path.name.lower().removesuffix(".gz")
    return "jsonl" if name.endswith((".jsonl", ".ndjson")) else "csv" if name.endswith((".csv", ".tsv")) else None


class _CountingReader(io.RawIOBase):
    """Reports how many raw (possibly compressed) bytes were read, so progress has a total and an ETA."""

    def __init__(self, raw, on_bytes: Callable[[int], None]):
        self._raw, self._on_bytes = raw, on_bytes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._raw.readinto(buffer)
        if count:
            self._on_bytes(count)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def _open_text(path: Path, on_bytes: Callable[[int], None] | None):
    raw = path.open("rb")
    counted = io.BufferedReader(_CountingReader(raw, on_bytes)) if on_bytes else raw
    binary = gzip.GzipFile(fileobj=counted) if path.name.lower().endswith(".gz") else counted
    return raw, io.TextIOWrapper(binary, encoding="utf-8", errors="strict", newline="")


def read_conversations(path: Path, options: ReadOptions,
                       on_bytes: Callable[[int], None] | None = None) -> Iterator[Conversation | ReadError]:
    """Yield conversations and read errors from one file; `on_bytes` hears of every raw byte read."""
    kind = _kind(path)
    if kind is None:
        yield ReadError(str(path), 0, "unknown file type: use .jsonl or .csv (optionally .gz)")
        return
    try:
        raw, text = _open_text(path, on_bytes)
    except OSError as exc:
        yield ReadError(str(path), 0, f"cannot open: {exc.strerror}")
        return
    with raw, text:
        try:
            reader = _read_jsonl(text, path, options) if kind == "jsonl" else _read_csv(text, path, options)
            yield from reader
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError) as exc:
            yield ReadError(str(path), 0, f"stopped reading: {exc}")


def _turn_from(raw: dict, options: ReadOptions, default_id: str, line: int) -> Turn | str:
    role = options.role(raw.get(options.column("role")))
    if role is None:
        return f"unknown role {raw.get(options.column('role'))!r} (map it with --agent-role/--customer-role)"
    text = raw.get(options.column("text"))
    if not isinstance(text, str):
        return "turn has no text"
    agent = raw.get(options.column("agent_id"))
    turn_id = raw.get(options.column("turn_id"))
    return Turn(role, text, str(turn_id) if turn_id not in (None, "") else default_id,
                str(agent) if agent not in (None, "") else None, raw.get(options.column("timestamp")) or None, line)


def _read_jsonl(text, path: Path, options: ReadOptions) -> Iterator[Conversation | ReadError]:
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(str(path), number, f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("turns"), list):
            yield ReadError(str(path), number, "expected an object with a 'turns' list")
            continue
        conversation_id = str(record.get(options.column("conversation_id")) or f"{path.name}:{number}")
        turns, problems = [], []
        for index, raw in enumerate(record["turns"]):
            turn = _turn_from(raw, options, f"{conversation_id}#{index}", number) if isinstance(raw, dict) else "turn is not an object"
            if isinstance(turn, str):
                problems.append((index, turn, raw))
            else:
                turns.append(turn)
        for index, reason, raw in problems:
            if isinstance(raw, dict) and options.role(raw.get(options.column("role"))) == "customer":
                continue  # a customer turn without text only loses context; no reply is lost
            yield ReadError(str(path), number, f"turn {index}: {reason}", conversation_id, (f"{conversation_id}#{index}",))
        yield Conversation(conversation_id, tuple(turns), str(path), number)


def _read_csv(text, path: Path, options: ReadOptions) -> Iterator[Conversation | ReadError]:
    delimiter = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else options.delimiter
    reader = csv.DictReader(text, delimiter=delimiter)
    missing = [f for f in ("conversation_id", "role", "text") if options.column(f) not in (reader.fieldnames or [])]
    if missing:
        yield ReadError(str(path), 1, f"missing columns {[options.column(f) for f in missing]} "
                                      f"(map them with --column {missing[0]}=THEIR_NAME)")
        return
    current: str | None = None
    rows: list[tuple[int, dict]] = []
    first_line = 2
    for row in reader:
        line = reader.line_num
        conversation_id = row.get(options.column("conversation_id")) or ""
        if conversation_id != current and rows:
            yield from _csv_conversation(current, rows, path, options, first_line)
            rows = []
        if not rows:
            first_line = line
        current = conversation_id
        rows.append((line, row))
    if rows:
        yield from _csv_conversation(current, rows, path, options, first_line)


def _csv_conversation(conversation_id, rows, path: Path, options: ReadOptions, first_line: int):
    order = options.column("turn")

    def position(item):
        value = item[1].get(order)
        try:
            return (0, float(value), item[0])
        except (TypeError, ValueError):
            return (1, 0.0, item[0])

    turns = []
    for line, row in sorted(rows, key=position):
        if not conversation_id:
            yield ReadError(str(path), line, "row has no conversation id")
            continue
        turn = _turn_from(row, options, f"{conversation_id}#{row.get(order) or line}", line)
        if isinstance(turn, str):
            yield ReadError(str(path), line, turn, conversation_id, (f"{conversation_id}#{row.get(order) or line}",))
        else:
            turns.append(turn)
    if conversation_id:
        yield Conversation(conversation_id, tuple(turns), str(path), first_line)


@dataclass(frozen=True)
class ReplyUnit:
    """One reply to score: consecutive agent turns joined, with the customer turns before them as context."""

    conversation_id: str
    agent_id: str | None
    turn_ids: tuple[str, ...]
    text: str
    context: str | None
    file: str
    line: int


def reply_units(conversation: Conversation) -> Iterator[ReplyUnit]:
    customer: list[str] = []
    agent: list[Turn] = []

    def flush():
        text = "\n".join(t.text for t in agent)
        return ReplyUnit(conversation.conversation_id, agent[0].agent_id, tuple(t.turn_id for t in agent), text,
                         "\n".join(customer) if customer else None, conversation.file, agent[0].line or conversation.line)

    for turn in conversation.turns:
        if turn.role == "agent":
            agent.append(turn)
            continue
        if agent:
            yield flush()
            agent, customer = [], []
        customer.append(turn.text)
    if agent:
        yield flush()
