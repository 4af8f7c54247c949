"""Rehearsal exports: printable Markdown, JSONL, flash-card CSV, and a self-contained HTML deck."""
from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from tone.rehearsal.cards import Card

FORMATS = ("md", "jsonl", "csv", "html")


def _issues_text(card: Card) -> list[str]:
    lines = []
    for issue in card.issues:
        lines.append(f"{issue.category}: «{issue.text}» — {issue.reason}")
        lines.append(f"    “{issue.advice['text']}” ({issue.advice['source']})")
    if card.missing_ownership:
        lines.append("missing ownership: the customer reports a problem the company caused; own it.")
    return lines


def to_markdown(cards: list[Card], title: str) -> str:
    parts = [f"# {title}", "", f"{len(cards)} cards · generated {datetime.now(timezone.utc):%Y-%m-%d} by tone", ""]
    for number, card in enumerate(cards, 1):
        parts += [f"## Card {number}: {', '.join(card.categories) or 'ownership'} ({card.lang})", ""]
        if card.context:
            parts += ["**Customer:**", "", f"> {card.context}".replace("\n", "\n> "), ""]
        parts += [f"**Reply as sent** (score {card.score}; problems in **bold**):", "",
                  "> " + card.marked_reply("**", "**").replace("\n", "\n> "), "", "**What is wrong:**", ""]
        for issue in card.issues:
            parts += [f"- *{issue.category}* «{issue.text}»: {issue.reason}",
                      f"  > {issue.advice['text']} — *{issue.advice['source']}*"]
        if card.missing_ownership:
            parts.append("- *missing ownership*: the customer reports a problem the company caused.")
        parts += ["", f"**Practice:** {card.task}", "", f"**A better reply** (score {card.better_score}):", "",
                  "> " + card.better_reply.replace("\n", "\n> "), "", "---", ""]
    return "\n".join(parts)


def write_csv(cards: list[Card], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["front", "back", "tags"])
        for card in cards:
            front = (f"Customer: {card.context}\n\n" if card.context else "") + f"Reply: {card.reply}"
            back = "\n".join(_issues_text(card)) + f"\n\nPractice: {card.task}\n\nBetter reply: {card.better_reply}"
            writer.writerow([front, back, " ".join(["tone", card.lang, *card.categories])])


def to_html(cards: list[Card], title: str) -> str:
    items = []
    for number, card in enumerate(cards, 1):
        marked = escape(card.marked_reply("\x00", "\x01")).replace("\x00", "<mark>").replace("\x01", "</mark>")
        issues = "".join(f"<li><b>{escape(i.category.replace('_', ' '))}</b> «{escape(i.text)}»: {escape(i.reason)}"
                         f"<blockquote>{escape(i.advice['text'])} <cite>{escape(i.advice['source'])}</cite></blockquote></li>"
                         for i in card.issues)
        if card.missing_ownership:
            issues += "<li><b>missing ownership</b>: the customer reports a problem the company caused.</li>"
        context = f'<p class="ctx"><b>Customer:</b> {escape(card.context)}</p>' if card.context else ""
        items.append(f"""<article class="card" lang="{card.lang}"><h2>Card {number} · {escape(', '.join(card.categories) or 'ownership')} · {card.lang}</h2>
{context}<p class="reply">{marked}</p><p class="task"><b>Practice:</b> {escape(card.task)}</p>
<button type="button" class="reveal" aria-expanded="false" aria-controls="a{number}">Show answer</button>
<div class="answer" id="a{number}" hidden><ul>{issues}</ul><p><b>A better reply</b> (score {card.better_score}):</p><p class="better">{escape(card.better_reply)}</p></div></article>""")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(title)}</title><style>
body{{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1b2130}}main{{max-width:820px;margin:0 auto;padding:16px}}
.card{{background:#fff;border-radius:10px;padding:14px 18px;margin:14px 0;box-shadow:0 1px 3px #0002}}h2{{font-size:17px;margin:0 0 8px}}
.reply,.better{{white-space:pre-wrap;background:#fafbfc;border-left:4px solid #c5cad3;padding:8px 12px}}.better{{border-color:#1e7a3c}}
mark{{background:#fde9a6;border-bottom:2px solid #b98900}}blockquote{{margin:4px 0 4px 12px;color:#4d5566;font-style:italic}}
.reveal{{font:inherit;background:#1a56db;color:#fff;border:0;border-radius:6px;padding:6px 14px;cursor:pointer}}
.reveal:focus-visible{{outline:3px solid #1b2130;outline-offset:2px}}.ctx{{color:#4d5566}}</style></head>
<body><main><h1>{escape(title)}</h1><p>{len(cards)} cards. Read the reply, do the practice task, then reveal the answer.</p>
{''.join(items)}</main><script>
document.querySelectorAll('.reveal').forEach(b=>b.addEventListener('click',()=>{{const a=document.getElementById(b.getAttribute('aria-controls'));
const open=a.hidden;a.hidden=!open;b.setAttribute('aria-expanded',String(open));b.textContent=open?'Hide answer':'Show answer';}}));
</script></body></html>"""


def export(cards: list[Card], out_dir: Path, formats: tuple[str, ...], title: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out_dir / f"rehearsal.{fmt}"
        if fmt == "md":
            path.write_text(to_markdown(cards, title), encoding="utf-8")
        elif fmt == "jsonl":
            path.write_text("".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in cards), encoding="utf-8")
        elif fmt == "csv":
            write_csv(cards, path)
        elif fmt == "html":
            path.write_text(to_html(cards, title), encoding="utf-8")
        written.append(path)
    return written
