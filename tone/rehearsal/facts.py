"""The facts a rewrite must keep: names, order and ticket numbers, amounts, dates, times, links, e-mails."""
from __future__ import annotations

import re

_FACT = re.compile(
    r"https?://\S+[^\s.,;:!?)]"               # links
    r"|[\w.+-]+@[\w-]+\.[\w.-]+\w"              # e-mail addresses
    r"|[#№]?\d[\d\s.,:/-]*\d(?:\s?(?:%|€|\$|£|₽|грн|Kč|EUR|USD|UAH|RUB))?"  # numbers, amounts, dates, times, ids
    r"|[#№]\w+|\b\d\b"                          # ids like #A12, single digits
    r"|(?<=[\w,;:] )(?P<word>[^\W\d_][\w'’-]+)", re.UNICODE)  # words inside a sentence: names if capitalised


def facts(text: str) -> list[str]:
    found = []
    for match in _FACT.finditer(text):
        fact = match.group(0).strip()
        if match.group("word") and not fact[0].isupper():
            continue  # an ordinary lower-case word, not a name
        found.append(fact)
    return found


def missing_facts(original: str, rewrite: str) -> list[str]:
    """Facts of the original the rewrite lost (each occurrence counted)."""
    remaining = rewrite
    missing = []
    for fact in facts(original):
        position = remaining.find(fact)
        if position < 0:
            missing.append(fact)
        else:
            remaining = remaining[:position] + remaining[position + len(fact):]
    return missing
