"""Every error tone reports, numbered, with what to do about it."""
from __future__ import annotations


class ToneError(Exception):
    """An error with a stable code that callers (CLI, API, batch) can report as data."""

    code = "E000"
    kind = "error"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message

    def as_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, "message": self.message}


class InputError(ToneError):
    code = "E100"
    kind = "invalid_input"


class EmptyText(InputError):
    code = "E101"
    kind = "empty_text"


class TextTooLong(InputError):
    code = "E102"
    kind = "text_too_long"


class BinaryText(InputError):
    code = "E103"
    kind = "binary_input"


class InvalidEncoding(InputError):
    code = "E104"
    kind = "invalid_utf8"


class BadRecord(InputError):
    code = "E105"
    kind = "bad_record"


class UnsupportedLanguage(ToneError):
    code = "E201"
    kind = "unsupported_language"

    def __init__(self, message: str, detected: str):
        super().__init__(message)
        self.detected = detected

    def as_dict(self) -> dict:
        return {**super().as_dict(), "detected": self.detected}


class MixedLanguage(ToneError):
    code = "E202"
    kind = "mixed_language"


class UndeterminedLanguage(ToneError):
    code = "E203"
    kind = "language_not_identified"


class RuleFileError(ToneError):
    code = "E301"
    kind = "rule_file"


class ConfigError(ToneError):
    code = "E302"
    kind = "config"


class MissingDependency(ToneError):
    code = "E401"
    kind = "missing_dependency"


class ModelError(ToneError):
    code = "E402"
    kind = "model"
