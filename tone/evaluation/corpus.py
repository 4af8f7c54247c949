"""The labelled corpus format (see data/README.md): reading and validating it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tone.errors import BadRecord
from tone.taxonomy import CATEGORIES, SUPPORTED_LANGUAGES

REPO_DATA = Path(__file__).resolve().parents[2] / "data" / "corpus"
SPLITS = ("train", "dev")


class GoldSpan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    category: str
    start: int = Field(ge=0)
    end: int
    text: str


class CorpusRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    lang: Literal["en", "ru", "uk", "sk"]
    split: str | None = None
    domain: str | None = None
    context: str | None = None
    text: str = Field(min_length=1)
    labels: dict[str, int]
    spans: tuple[GoldSpan, ...] = ()
    company_fault: bool | None = None
    hard: str | None = None

    @model_validator(mode="after")
    def _consistent(self):
        if set(self.labels) != set(CATEGORIES):
            raise ValueError(f"labels must have exactly the nine categories, got {sorted(self.labels)}")
        if any(v not in (0, 1) for v in self.labels.values()):
            raise ValueError("labels are 0 or 1")
        for span in self.spans:
            if span.category not in CATEGORIES:
                raise ValueError(f"span category {span.category!r} is unknown")
            if not (0 <= span.start < span.end <= len(self.text)) or self.text[span.start:span.end] != span.text:
                raise ValueError(f"span {span.text!r} is not at {span.start}:{span.end} of the text")
        with_spans = {s.category for s in self.spans}
        labelled = {c for c, v in self.labels.items() if v}
        if with_spans != labelled:
            raise ValueError(f"labels {sorted(labelled)} disagree with spans {sorted(with_spans)}")
        return self

    def gold(self) -> set[str]:
        return {c for c, v in self.labels.items() if v}


def corpus_file(split: str, lang: str, root: Path = REPO_DATA) -> Path:
    return root / f"{lang}.{split}.jsonl"


def read_corpus(path: Path) -> list[CorpusRecord]:
    """Read a corpus JSONL file; a bad line raises BadRecord naming file and line."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadRecord(f"{path}: cannot read corpus file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise BadRecord(f"{path}: not valid UTF-8") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(CorpusRecord.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise BadRecord(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
            raise BadRecord(f"{path}:{number}: {detail}") from exc
    return records


def load_split(split: str, languages=SUPPORTED_LANGUAGES, root: Path = REPO_DATA) -> list[CorpusRecord]:
    """A named split for the given languages, or any corpus-format file when `split` is a path."""
    if split not in SPLITS:
        path = Path(split)
        if not path.exists():
            raise BadRecord(f"{split}: no such split or file (splits: {', '.join(SPLITS)})")
        return [r for r in read_corpus(path) if r.lang in languages]
    records = []
    for lang in languages:
        path = corpus_file(split, lang, root)
        if not path.exists():
            raise BadRecord(f"{path}: corpus file missing; the {split} split lives in the repository's data/corpus/")
        records.extend(read_corpus(path))
    return records
