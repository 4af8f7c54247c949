// Draft feedback: analyse as the agent types (debounced), highlight spans, explain, apply suggestions.
(() => {
  const $ = (id) => document.getElementById(id);
  const draft = $("draft"), context = $("context"), lang = $("lang"), explain = $("explain");
  const preview = $("preview"), detail = $("detail"), fixes = $("fixes"), scoreEl = $("score"), status = $("status");
  const SEVERITY = { high: 3, medium: 2, low: 1, info: 0 };
  const NAMES = { scripted: "Scripted", blame_shifting: "Blame-shifting", runaround: "Runaround", favor_framing: "Favour framing",
    condescension: "Condescension", vague_commitment: "Vague commitment", lip_service: "Lip service", ownership: "Ownership",
    concrete_commitment: "Concrete commitment" };
  let advice = {}, last = null, timer = null, sequence = 0;

  fetch("/v1/taxonomy").then((r) => r.json()).then((t) => t.categories.forEach((c) => (advice[c.id] = c.advice))).catch(() => {});

  const el = (tag, attrs = {}, text) => { const e = document.createElement(tag); Object.assign(e, attrs); if (text !== undefined) e.textContent = text; return e; };

  function schedule() { clearTimeout(timer); timer = setTimeout(analyse, 350); }

  async function analyse() {
    const text = draft.value;
    if (!text.trim()) { render(null, text); status.textContent = ""; return; }
    const mine = ++sequence;
    status.className = "status"; status.textContent = "Checking…";
    const body = { text, explain_lang: explain.value, lang: lang.value };
    if (context.value.trim()) body.context = context.value;
    try {
      const response = await fetch("/v1/analyze", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const data = await response.json();
      if (mine !== sequence) return;  // a newer keystroke already asked again
      if (!response.ok) { render(null, text); status.className = "status error"; status.textContent = data.error ? data.error.message : "Could not analyse this draft."; return; }
      status.textContent = data.flags.length ? "" : "Nothing to fix.";
      render(data, text);
    } catch (e) {
      if (mine === sequence) { status.className = "status error"; status.textContent = "tone is not reachable."; }
    }
  }

  function negative(flag) { return flag.category !== "ownership" && flag.category !== "concrete_commitment"; }

  function render(result, text) {
    last = result ? { result, text } : null;
    preview.replaceChildren(); fixes.replaceChildren(); detail.hidden = true;
    if (!result) { scoreEl.textContent = "–"; scoreEl.className = "score"; $("detected").textContent = "";
      preview.append(el("span", { className: "hint" }, "Start typing: highlights appear here.")); fixes.append(el("li", { className: "hint" }, "Nothing yet.")); return; }
    scoreEl.textContent = result.score;
    scoreEl.className = "score " + (result.score >= 85 ? "good" : result.score >= 65 ? "fair" : "poor");
    $("detected").textContent = "Language: " + result.lang;
    const flags = result.flags;
    const cuts = [...new Set([0, text.length, ...flags.flatMap((f) => [f.start, f.end])])].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const covering = flags.map((f, k) => [f, k]).filter(([f]) => f.start <= a && b <= f.end);
      if (!covering.length) { preview.append(document.createTextNode(text.slice(a, b))); continue; }
      covering.sort(([x], [y]) => SEVERITY[y.severity] - SEVERITY[x.severity]);
      const [flag, index] = covering[0];
      const button = el("button", { type: "button", className: "mark cat-" + flag.category }, text.slice(a, b));
      button.dataset.flag = index; button.dataset.category = flag.category;
      button.setAttribute("aria-label", `${NAMES[flag.category]}: ${text.slice(a, b)}`);
      const show = () => showDetail(covering.map(([, k]) => k));
      button.addEventListener("mouseenter", show); button.addEventListener("focus", show); button.addEventListener("click", show);
      preview.append(button);
    }
    const ordered = flags.map((f, k) => [f, k]).filter(([f]) => negative(f)).sort(([x], [y]) => SEVERITY[y.severity] - SEVERITY[x.severity] || x.start - y.start);
    for (const [flag, k] of ordered) {
      const item = el("li"); const go = el("button", { type: "button" }, `${NAMES[flag.category]}: “${flag.text}”`);
      go.addEventListener("click", () => { const m = preview.querySelector(`[data-flag="${k}"]`); if (m) m.focus(); });
      item.append(go); fixes.append(item);
    }
    if (result.missing_ownership) fixes.append(el("li", {}, "Own the mistake: the customer reports a problem the company caused."));
    if (!fixes.children.length) fixes.append(el("li", { className: "hint" }, "Nothing to fix."));
  }

  function showDetail(indices) {
    if (!last) return;
    detail.replaceChildren();
    for (const k of indices) {
      const flag = last.result.flags[k];
      const box = el("div", { className: "issue" });
      box.append(el("h3", {}, `${NAMES[flag.category]} · ${flag.severity}`), el("p", {}, flag.explanation));
      if (advice[flag.category]) box.append(el("p", { className: "advice" }, advice[flag.category]));
      if (flag.suggestion) {
        box.append(el("p", {}, "Suggested: " + flag.suggestion));
        const apply = el("button", { type: "button", className: "apply" }, "Apply suggestion");
        apply.addEventListener("click", () => applySuggestion(flag));
        box.append(apply);
      }
      detail.append(box);
    }
    detail.hidden = false;
  }

  function applySuggestion(flag) {
    if (!last || draft.value !== last.text) return;  // the draft changed since: the offsets no longer hold
    draft.value = draft.value.slice(0, flag.start) + flag.suggestion + draft.value.slice(flag.end);
    draft.focus(); draft.setSelectionRange(flag.start + flag.suggestion.length, flag.start + flag.suggestion.length);
    clearTimeout(timer); analyse();
  }

  [draft, context].forEach((e) => e.addEventListener("input", schedule));
  [lang, explain].forEach((e) => e.addEventListener("change", analyse));
})();
