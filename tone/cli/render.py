"""Human-readable output of one result: the reply with highlighted spans, reasons, suggestions."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from tone.schema import ReplyResult
from tone.taxonomy import ADVICE, CATEGORIES

CATEGORY_STYLE = {
    "scripted": "black on yellow",
    "blame_shifting": "white on red",
    "runaround": "black on magenta",
    "favor_framing": "black on cyan",
    "condescension": "white on dark_red",
    "vague_commitment": "black on bright_yellow",
    "lip_service": "black on bright_magenta",
    "ownership": "black on green",
    "concrete_commitment": "black on bright_green",
}


def render_result(console: Console, result: ReplyResult, text: str) -> None:
    highlighted = Text(text)
    for flag in result.flags:
        highlighted.stylize(CATEGORY_STYLE[flag.category], flag.start, flag.end)
    console.print(highlighted)
    console.print()
    for number, flag in enumerate(result.flags, 1):
        label = Text(f" {flag.category} ", style=CATEGORY_STYLE[flag.category])
        console.print(Text.assemble(f"{number}. ", label, f" {flag.severity.value}  «{flag.text}»  "),
                      Text(f"[{flag.rule}]", style="dim"))
        # Plain Text, not markup: suggestions hold [placeholders] that rich would take for tags.
        console.print(Text(f"   why: {flag.explanation}"))
        if flag.suggestion:
            console.print(Text(f"   try: {flag.suggestion}"))
        if flag.category in ADVICE:
            console.print(Text(f"   advice: {ADVICE[flag.category]}", style="dim"))
    if result.missing_ownership:
        console.print("• missing_ownership: the customer reports a problem the company caused, "
                      "and the reply does not own it.")
    flagged = [c for c in CATEGORIES if result.categories[c].flagged]
    console.print()
    console.print(f"score {result.score}/100   language {result.lang}   "
                  f"categories: {', '.join(flagged) if flagged else 'none'}")
