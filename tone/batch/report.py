"""report.html: one self-contained page (inline CSS, SVG and script; nothing fetched at view time)."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from tone.batch.aggregate import SCORE_BINS, BatchFigures
from tone.taxonomy import ADVICE, CATEGORIES, NEGATIVE_CATEGORIES

COLORS = {
    "scripted": "#f4c542", "blame_shifting": "#e0564f", "runaround": "#b267d6", "favor_framing": "#41b3c7",
    "condescension": "#a23b3b", "vague_commitment": "#f29a38", "lip_service": "#e27bb1",
    "ownership": "#4caf6a", "concrete_commitment": "#2e8b57",
}
LABELS = {c: c.replace("_", " ") for c in CATEGORIES}
MAX_AGENT_BARS = 25

CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:20px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9cfdb}
main{max-width:1180px;margin:0 auto;padding:20px 32px 60px}section{background:#fff;border-radius:10px;padding:18px 22px;margin:18px 0;box-shadow:0 1px 3px #0001}
h2{font-size:18px;margin:0 0 12px}.tiles{display:flex;gap:14px;flex-wrap:wrap}.tile{flex:1;min-width:130px;background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px #0001}
.tile b{display:block;font-size:26px}.tile span{color:#5b6475;font-size:13px}.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px}
@media(max-width:900px){.grid{grid-template-columns:1fr}main{padding:12px}}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:6px 8px;border-bottom:1px solid #e6e8ec;text-align:right}th{cursor:pointer;background:#fafbfc;position:sticky;top:0}
td:first-child,th:first-child{text-align:left}.heat td{text-align:center}
mark{border-radius:3px;padding:0 2px;color:#111}.reply{white-space:pre-wrap;background:#fafbfc;border-left:4px solid #d0d4dc;padding:8px 12px;margin:6px 0}
.context{color:#5b6475;font-style:italic;white-space:pre-wrap}.card{border:1px solid #e6e8ec;border-radius:8px;padding:12px 14px;margin:12px 0}
.badge{display:inline-block;border-radius:12px;padding:1px 9px;font-size:12px;color:#fff;margin-right:6px}
.score{font-weight:700}.flags li{margin:4px 0}.muted{color:#5b6475;font-size:13px}.filters{display:flex;gap:12px;flex-wrap:wrap;align-items:center}
select{font:inherit;padding:4px 6px}.legend span{display:inline-block;margin:2px 10px 2px 0}.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;vertical-align:-1px}
"""

SCRIPT = """
const q=(s)=>document.querySelectorAll(s);
function applyFilters(){const lang=document.getElementById('f-lang').value,agent=document.getElementById('f-agent').value,cat=document.getElementById('f-cat').value;
 let shown=0;q('.card').forEach(c=>{const ok=(!lang||c.dataset.lang===lang)&&(!agent||c.dataset.agent===agent)&&(!cat||c.dataset.cats.split(' ').includes(cat));c.hidden=!ok;shown+=ok});
 q('#agents tbody tr').forEach(r=>{r.hidden=agent&&r.dataset.agent!==agent});document.getElementById('shown').textContent=shown;}
q('.filters select').forEach(s=>s.addEventListener('change',applyFilters));
q('th[data-sort]').forEach(th=>th.addEventListener('click',()=>{const tbody=th.closest('table').tBodies[0],i=[...th.parentNode.children].indexOf(th),dir=th.dataset.dir==='asc'?'desc':'asc';th.dataset.dir=dir;
 [...tbody.rows].sort((a,b)=>{const x=a.cells[i].dataset.v??a.cells[i].textContent,y=b.cells[i].dataset.v??b.cells[i].textContent;const n=parseFloat(x)-parseFloat(y);return (isNaN(n)?x.localeCompare(y):n)*(dir==='asc'?1:-1)}).forEach(r=>tbody.appendChild(r));}));
"""


def _score_color(score: float) -> str:
    return "#2e8b57" if score >= 85 else "#d39a1c" if score >= 65 else "#c0392b"


def bar_chart(rows: list[tuple[str, float, str]], *, maximum: float, unit: str = "", label_width: int = 150) -> str:
    """Horizontal bars as inline SVG; rows are (label, value, color)."""
    height = 22 * len(rows) + 10
    parts = [f'<svg class="chart" role="img" viewBox="0 0 560 {height}" width="100%" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value, color) in enumerate(rows):
        y = 5 + 22 * i
        width = 0 if maximum <= 0 else (560 - label_width - 60) * value / maximum
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" font-size="12">{escape(label[:22])}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="17" rx="3" fill="{color}">'
                     f'<title>{escape(label)}: {value:.1f}{unit}</title></rect>'
                     f'<text x="{label_width + width + 5:.1f}" y="{y + 14}" font-size="12">{value:.1f}{unit}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(bins: list[int]) -> str:
    top = max(bins) or 1
    width = 520 / len(bins)
    parts = ['<svg class="chart" role="img" viewBox="0 0 560 220" width="100%" xmlns="http://www.w3.org/2000/svg">']
    for i, count in enumerate(bins):
        h = 170 * count / top
        low, high = i * 100 // SCORE_BINS, (i + 1) * 100 // SCORE_BINS
        color = _score_color((low + high) / 2)
        parts.append(f'<rect x="{30 + i * width:.1f}" y="{185 - h:.1f}" width="{width - 4:.1f}" height="{h:.1f}" '
                     f'fill="{color}"><title>{low}-{high}: {count} replies</title></rect>'
                     f'<text x="{30 + i * width + width / 2:.1f}" y="202" font-size="11" text-anchor="middle">{low}</text>'
                     + (f'<text x="{30 + i * width + width / 2:.1f}" y="{180 - h:.1f}" font-size="11" '
                        f'text-anchor="middle">{count}</text>' if count else ""))
    parts.append('<text x="290" y="218" font-size="11" text-anchor="middle">reply score</text></svg>')
    return "".join(parts)


def highlight(text: str, flags: list[dict]) -> str:
    """The reply with each flagged span in a <mark>; overlapping spans split into segments."""
    cuts = sorted({0, len(text), *(f["start"] for f in flags), *(f["end"] for f in flags)})
    html = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [f for f in flags if f["start"] <= start and end <= f["end"]]
        piece = escape(text[start:end])
        if not covering:
            html.append(piece)
            continue
        first = covering[0]
        title = " | ".join(f"{LABELS[f['category']]}: {f['explanation']}" for f in covering)
        html.append(f'<mark style="background:{COLORS[first["category"]]}66;border-bottom:2px solid '
                    f'{COLORS[first["category"]]}" title="{escape(title)}">{piece}</mark>')
    return "".join(html)


def _card(record: dict) -> str:
    flags = record["flags"]
    cats = sorted({f["category"] for f in flags} | ({"missing_ownership"} if record.get("missing_ownership") else set()))
    items = []
    for f in flags:
        suggestion = f" <b>Try:</b> {escape(f['suggestion'])}" if f.get("suggestion") else ""
        items.append(f'<li><span class="badge" style="background:{COLORS[f["category"]]}">{LABELS[f["category"]]}</span>'
                     f'«{escape(f["text"])}» — {escape(f["explanation"])}{suggestion}'
                     f'<div class="muted">{escape(ADVICE[f["category"]])}</div></li>')
    if record.get("missing_ownership"):
        items.append("<li><b>missing ownership</b>: the customer reports a problem the company caused and the reply "
                     "does not own it.</li>")
    template = record.get("template")
    template_note = (f' · <span class="muted">template reused {template["size"]}×</span>' if template else "")
    context = f'<div class="context">Customer: {escape(record["context"])}</div>' if record.get("context") else ""
    return (f'<div class="card" data-lang="{escape(record["lang"])}" data-agent="{escape(str(record.get("agent_id") or ""))}" '
            f'data-cats="{" ".join(cats)}"><div><span class="score" style="color:{_score_color(record["score"])}">'
            f'{record["score"]}/100</span> · agent <b>{escape(str(record.get("agent_id") or "unknown"))}</b> · '
            f'{escape(record["lang"])} · conversation {escape(str(record.get("conversation_id")))}{template_note}</div>'
            f'{context}<div class="reply">{highlight(record["text"], flags)}</div><ul class="flags">{"".join(items)}</ul></div>')


def _heat(figures: BatchFigures) -> str:
    langs = sorted(figures.languages)
    head = "".join(f"<th>{escape(lang)} ({figures.languages[lang].replies})</th>" for lang in langs)
    rows = []
    for category in CATEGORIES:
        cells = []
        for lang in langs:
            rate = figures.languages[lang].rate(category)
            cells.append(f'<td style="background:{COLORS[category]}{int(min(1.0, rate * 2) * 200 + 20):02x}">{rate:.0%}</td>')
        rows.append(f"<tr><td>{LABELS[category]}</td>{''.join(cells)}</tr>")
    return f'<table class="heat"><thead><tr><th>category</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _agents_table(figures: BatchFigures) -> str:
    shown = ("scripted", "blame_shifting", "runaround", "vague_commitment", "lip_service", "ownership",
             "concrete_commitment")
    head = "".join(f'<th data-sort>{LABELS[c]}</th>' for c in shown)
    rows = []
    for agent, f in sorted(figures.agents.items(), key=lambda kv: (-kv[1].replies, kv[0])):
        cells = "".join(f'<td data-v="{f.rate(c):.4f}">{f.rate(c):.0%}</td>' for c in shown)
        rows.append(f'<tr data-agent="{escape(agent)}"><td>{escape(agent)}</td><td>{f.replies}</td>'
                    f'<td data-v="{f.mean_score:.2f}" style="color:{_score_color(f.mean_score)}">{f.mean_score:.1f}</td>'
                    f'{cells}<td data-v="{f.templated / max(1, f.replies):.4f}">{f.templated / max(1, f.replies):.0%}</td>'
                    f'<td class="muted" style="text-align:left">{escape(", ".join(r for r, _ in f.rules.most_common(2)))}</td></tr>')
    return (f'<table id="agents"><thead><tr><th data-sort>agent</th><th data-sort>replies</th><th data-sort>mean score</th>'
            f'{head}<th data-sort>templated</th><th>top rules</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def render_report(figures: BatchFigures, *, source: str, summary_line: str) -> str:
    overall = figures.overall
    agent_rows = sorted(figures.agents.items(), key=lambda kv: (-kv[1].replies, kv[0]))[:MAX_AGENT_BARS]
    agent_chart = bar_chart([(a, f.mean_score, _score_color(f.mean_score)) for a, f in agent_rows], maximum=100)
    category_chart = bar_chart([(LABELS[c], 100 * overall.rate(c), COLORS[c]) for c in CATEGORIES],
                               maximum=max([100 * overall.rate(c) for c in CATEGORIES] + [1]), unit="%")
    worst = figures.worst_replies()
    options = lambda values: "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)  # noqa: E731
    templates = sorted(figures.clusters.items(), key=lambda kv: (-kv[1].size, kv[0]))[:15]
    template_rows = "".join(f"<tr><td>{c.size}</td><td>{escape(c.lang)}</td><td>{escape(', '.join(sorted(c.agents)))}</td>"
                            f'<td style="text-align:left">{escape(c.example[:220])}</td></tr>' for _, c in templates)
    errors = "".join(f"<li>{escape(str(e.get('source', {}).get('file')))}:{e.get('source', {}).get('line')} — "
                     f"{escape(e['error']['message'])}</li>" for e in figures.error_examples)
    legend = "".join(f'<span><i style="background:{COLORS[c]}"></i>{LABELS[c]}</span>' for c in CATEGORIES)
    tiles = [("replies scored", f"{overall.replies:,}"), ("conversations", f"{figures.conversations:,}"),
             ("agents", f"{len(figures.agents):,}"), ("mean score", f"{overall.mean_score:.1f}"),
             ("template reuse", f"{overall.templated / max(1, overall.replies):.0%}"),
             ("errors", f"{sum(figures.errors.values()):,}")]
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>tone report</title><style>{CSS}</style></head><body>
<header><h1>Tone report</h1><p>{escape(source)} · generated {generated} · {escape(summary_line)}</p></header><main>
<div class="tiles">{''.join(f'<div class="tile"><b>{v}</b><span>{k}</span></div>' for k, v in tiles)}</div>
<section><h2>What the categories mean</h2><div class="legend">{legend}</div>
<p class="muted">Negative: {', '.join(LABELS[c] for c in NEGATIVE_CATEGORIES)}. Positive: ownership, concrete commitment.
Score: 100 means nothing to fix; each flagged problem takes points off by severity; owning a mistake and concrete commitments add some back.</p></section>
<div class="grid"><section><h2>Mean score by agent</h2>{agent_chart}</section>
<section><h2>How often each category appears</h2>{category_chart}</section>
<section><h2>Score distribution</h2>{histogram(figures.histogram)}</section>
<section><h2>Categories by language</h2>{_heat(figures)}</section></div>
<section><h2>Agents</h2><p class="muted">Click a column to sort.</p><div style="overflow-x:auto">{_agents_table(figures)}</div></section>
<section><h2>Replies to review first</h2>
<div class="filters"><label>Language <select id="f-lang"><option value="">all</option>{options(sorted(figures.languages))}</select></label>
<label>Agent <select id="f-agent"><option value="">all</option>{options(sorted(figures.agents))}</select></label>
<label>Category <select id="f-cat"><option value="">all</option>{options(CATEGORIES)}<option value="missing_ownership">missing ownership</option></select></label>
<span class="muted"><span id="shown">{len(worst)}</span> shown · hover a highlight for the reason</span></div>
{''.join(_card(r) for r in worst)}</section>
<section><h2>Reused templates</h2><p class="muted">Replies sent again and again with little change (numbers, links and names aside).</p>
<table><thead><tr><th>times</th><th>lang</th><th>agents</th><th style="text-align:left">example</th></tr></thead><tbody>{template_rows or '<tr><td colspan="4">none found</td></tr>'}</tbody></table></section>
<section><h2>Input problems</h2><p class="muted">{sum(figures.errors.values())} agent turn(s) could not be scored: {escape(json.dumps(dict(figures.errors)))}</p><ul>{errors}</ul></section>
</main><script>{SCRIPT}</script></body></html>"""


def write_report(figures: BatchFigures, out_dir: Path, *, source: str, summary_line: str) -> Path:
    path = out_dir / "report.html"
    path.write_text(render_report(figures, source=source, summary_line=summary_line), encoding="utf-8")
    return path
