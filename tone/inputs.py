"""Checks on reply text before any analysis: every refusal says what was wrong."""
from __future__ import annotations

from tone.errors import BinaryText, EmptyText, InvalidEncoding, TextTooLong

MAX_CHARS = 10_000
_CONTROL_ALLOWED = {"\n", "\r", "\t"}


def decode(data: bytes, *, where: str = "input") -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"{where} is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8") from exc


def check_text(text: object, *, field: str = "text", max_chars: int = MAX_CHARS, allow_empty: bool = False) -> str:
    if not isinstance(text, str):
        raise EmptyText(f"{field} must be a string, got {type(text).__name__}")
    if "\x00" in text or sum(1 for ch in text if ord(ch) < 32 and ch not in _CONTROL_ALLOWED) > 2:
        raise BinaryText(f"{field} contains binary data (NUL or control bytes); send plain text")
    if not text.strip():
        if allow_empty:
            return text
        raise EmptyText(f"{field} is empty; there is nothing to analyse")
    if len(text) > max_chars:
        raise TextTooLong(f"{field} has {len(text):,} characters; the limit is {max_chars:,} per reply")
    return text
