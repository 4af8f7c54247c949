"""Reading reply records (`{"id", "text", "context"?, "lang"?}` per line) without losing a bad line."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from tone.engine import ReplyInput
from tone.errors import BadRecord, ToneError
from tone.inputs import decode


@dataclass(frozen=True)
class Numbered:
    line: int
    item: ReplyInput | None
    error: ToneError | None = None

    @property
    def id(self):
        return self.item.id if self.item and self.item.id is not None else self.line


def _optional_str(record: dict, key: str, line: int) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise BadRecord(f"line {line}: {key!r} must be a string")
    return value


def read_reply_records(stream: BinaryIO, *, where: str) -> Iterator[Numbered]:
    """Yield one Numbered per non-blank line; lines that cannot be read carry their error instead."""
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            text = decode(raw, where=f"{where} line {number}")
            record = json.loads(text)
            if not isinstance(record, dict):
                raise BadRecord(f"{where} line {number}: expected a JSON object")
            if "text" not in record:
                raise BadRecord(f"{where} line {number}: missing 'text'")
            record_id = record.get("id")
            yield Numbered(number, ReplyInput(
                text=record["text"], context=_optional_str(record, "context", number),
                lang=_optional_str(record, "lang", number),
                id=str(record_id) if record_id is not None else None))
        except json.JSONDecodeError as exc:
            yield Numbered(number, None, BadRecord(f"{where} line {number}: invalid JSON ({exc.msg})"))
        except ToneError as error:
            yield Numbered(number, None, error)
