// pages/decisions.js - the decision ledger (GET /decisions?search=&launch=):
// every decision with the options that were considered, the one chosen,
// who decided and why, and links to the launches, ideas, experiments and
// roadmap items it is about. The search box is bound to the address
// (?search=) so a search can be shared; the server searches the words
// (full-text, each word a prefix). Editors record a decision (POST
// /decisions) with its options, the chosen one and its links.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, request, canEdit } from "../api.js";
import { setQuery } from "../router.js";
import { getAll } from "../lists.js";
import { useSchema, problemField, focusControl, cap } from "../settings/forms.js";
import { html, useLoad, usePageTitle, announce, fmtDate, ErrorBox, Loading } from "../ui.js";
import { LedgerNav } from "../ledger.js";

/** Where a link of a decision leads in the UI, by its kind. */
const LINKS = {
  launch: { label: "Launch", href: (id) => `/launches/${encodeURIComponent(id)}` },
  idea: { label: "Idea", href: (id) => `/backlog?idea=${encodeURIComponent(id)}` },
  experiment: { label: "Experiment", href: (id) => `/experiments/${encodeURIComponent(id)}` },
  roadmap: { label: "Roadmap item", href: (id) => `/roadmap?item=${encodeURIComponent(id)}` },
};
/** An option as text, whether the server sends a string or an object holding one. */
const optionText = (o) => (o && typeof o === "object" ? o.text || o.option || o.name || "" : String(o ?? ""));
const decisionDay = (d) => d.on || d.date;

export default function Decisions({ query }) {
  const search = (query.get("search") || "").trim();
  const launch = query.get("launch") || "";
  const key = `${search}|${launch}`;
  const [list, error, reload] = useLoad(() => getAll("/decisions", { search: search || undefined, launch: launch || undefined,
    limit: 1000 }), key);
  // The launches' names: a link to a launch says its name, not its slug.
  const [launches] = useLoad(() => getAll("/launches", { limit: 500 }).catch(() => []), "launches");
  const names = new Map((launches || []).map((l) => [l.slug, l.name]));
  usePageTitle(search ? `Decisions matching “${search}”` : "Decision ledger");
  const shown = list ? [...list].sort((a, b) => (decisionDay(b) || "").localeCompare(decisionDay(a) || "") || b.id - a.id) : null;
  return html`<div class="decisions">
    <${LedgerNav} here="decisions" />
    <div class="page-head">
      <div>
        <h1>Decision ledger</h1>
        <p class="sub">What was decided, the options that were on the table, the one chosen, who decided and why — with the
          launches, ideas, experiments and roadmap items each decision is about.</p>
      </div>
    </div>
    <${Search} search=${search} />
    ${launch ? html`<p class="note">Decisions about the launch <a href=${`/launches/${encodeURIComponent(launch)}`}>${launch}</a>.
      <a href=${search ? `/decisions?search=${encodeURIComponent(search)}` : "/decisions"}>Show every launch's</a></p>` : null}
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${!shown ? (error ? null : html`<${Loading} what="the decisions" />`) : html`
      <p class="dec-count" role="status">${countText(shown.length, search)}</p>
      ${shown.length ? html`<ol class="dec-list">${shown.map((d) => html`<li key=${d.id}><${Decision} d=${d} names=${names} /></li>`)}</ol>`
        : html`<p class="empty">${search ? "No decision matches these words." : "No decision recorded yet."}</p>`}`}
    ${canEdit() ? html`<${RecordDecision} launch=${launch} onRecorded=${(d) => {
      announce(`Decision recorded: ${d.what}`);
      if (search) setQuery({ search: null });
      return reload();
    }} />` : null}
  </div>`;
}

function countText(n, search) {
  const what = `${n} ${n === 1 ? "decision" : "decisions"}`;
  return search ? `${what} matching “${search}”.` : `${what}, newest first.`;
}

/** The search box: the address follows it (?search=) a moment after typing stops, or at once on Enter. */
function Search({ search }) {
  const [text, setText] = useState(search);
  const timer = useRef(0);
  useEffect(() => setText(search), [search]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const go = (t) => {
    clearTimeout(timer.current);
    if (t.trim() !== search) setQuery({ search: t.trim() || null });
  };
  return html`<form class="dec-search" role="search" onSubmit=${(e) => { e.preventDefault(); go(text); }}>
    <label for="dec-search">Search the decisions</label>
    <div class="dec-search-row">
      <input id="dec-search" type="search" name="search" value=${text} autocomplete="off" aria-describedby="dec-search-hint"
        onInput=${(e) => {
          const t = e.target.value;
          setText(t);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => go(t), 400);
        }} />
      <button type="submit">Search</button>
      ${search ? html`<button type="button" class="secondary" onClick=${() => { setText(""); go(""); }}>Clear</button>` : null}
    </div>
    <span class="hint" id="dec-search-hint">Words of what was decided, why, the options or who decided; the start of a word is enough.</span>
  </form>`;
}

function Decision({ d, names }) {
  const options = (d.options || []).map(optionText).filter(Boolean);
  const chosen = d.chosen === null || d.chosen === undefined ? "" : optionText(d.chosen);
  const links = [...(d.links || [])];
  if (d.launch && !links.some((l) => l.kind === "launch" && String(l.id) === String(d.launch)))
    links.unshift({ kind: "launch", id: d.launch, label: d.launch });
  const h = `decision-${d.id}-h`;
  return html`<article class="card dec" id=${`decision-${d.id}`} aria-labelledby=${h} data-decision=${d.id}>
    <header class="dec-head">
      <h2 id=${h}>${d.what}</h2>
      <p class="dec-meta">
        <span>${fmtDate(decisionDay(d))}</span>
        ${d.decided_by ? html`<span>Decided by <strong>${d.decided_by}</strong></span>` : null}
        ${d.who && d.who !== d.decided_by ? html`<span>Recorded by ${d.who}</span>` : null}
        <span class="muted">#${d.id}</span>
      </p>
    </header>
    ${d.why ? html`<p class="dec-why"><strong>Why:</strong> ${d.why}</p>` : null}
    ${options.length ? html`<div class="dec-options">
      <h3 class="dec-sub">Options considered</h3>
      <ul>${options.map((o) => html`<li class=${o === chosen ? "chosen" : ""}>
        ${o === chosen ? html`<span class="dec-chosen"><span aria-hidden="true">✓</span> Chosen:</span> ` : null}${o}</li>`)}</ul>
    </div>` : chosen ? html`<p><span class="dec-chosen"><span aria-hidden="true">✓</span> Chosen:</span> ${chosen}</p>` : null}
    ${links.length ? html`<p class="dec-links"><span class="dec-sub">About:</span> ${links.map((l, i) => {
      const k = LINKS[l.kind] || { label: l.kind, href: null };
      const text = (l.kind === "launch" && names.get(l.slug || l.label || String(l.id))) || l.label || `${k.label} ${l.id}`;
      return html`${i ? " " : ""}<span class=${`dec-link dec-link-${l.kind}`}><span class="dec-kind">${k.label}</span>
        ${k.href ? html`<a href=${k.href(l.kind === "launch" && l.slug ? l.slug : l.id)}>${text}</a>` : text}</span>`;
    })}</p>` : null}
  </article>`;
}

/** The first of the names the server's DecisionInput schema has, for a kind of link ("ideas", "idea"…). */
function memberFor(props, names) {
  return names.find((n) => props[n]) || null;
}
const isList = (prop) => !!prop && prop.type === "array";

/** What a decision may link to: the portfolio's launches, the backlog's ideas, the experiments, the roadmap. */
function useChoices() {
  const [c] = useLoad(async () => {
    const safe = (p) => p.catch(() => []);
    const [launches, ideas, experiments, roadmap] = await Promise.all([
      safe(getAll("/launches", { limit: 500 })), safe(getAll("/backlog", { limit: 1000 })),
      safe(getAll("/experiments", { limit: 500 })), safe(get("/roadmap").then((r) => (r && r.items) || [])),
    ]);
    return {
      launch: launches.map((l) => ({ value: l.slug, label: `${l.name} (${fmtDate(l.date)})` })),
      idea: ideas.map((i) => ({ value: String(i.id), label: `#${i.id} ${i.title}` })),
      experiment: experiments.map((x) => ({ value: x.name || String(x.id), label: x.name || `#${x.id}` })),
      roadmap: roadmap.map((r) => ({ value: String(r.id), label: `${"— ".repeat(r.depth || 0)}${r.title}` })),
    };
  }, "choices");
  return c || { launch: [], idea: [], experiment: [], roadmap: [] };
}

/**
 * "Record a decision": what, why, who decided, the options (one field each,
 * more with Add option), the chosen one among them, and its links. The JSON
 * members are the server's DecisionInput schema's; a refusal is shown by the
 * field it names, with focus there.
 */
function RecordDecision({ launch, onRecorded }) {
  const s = useSchema("DecisionInput");
  const props = (s && s.properties) || {};
  const [people] = useLoad(() => getAll("/people", { limit: 1000 }).catch(() => []), "people");
  const choices = useChoices();
  const empty = { what: "", why: "", decided_by: "", options: ["", ""], chosen: "", launch: launch || "", idea: [], experiment: [], roadmap: [] };
  const [v, setV] = useState(empty);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const field = problemField(error);
  const top = field ? field.split("/")[0] : null;
  const members = {
    launch: memberFor(props, ["launch", "launches"]) || "launch",
    idea: memberFor(props, ["ideas", "idea"]),
    experiment: memberFor(props, ["experiments", "experiment"]),
    roadmap: memberFor(props, ["roadmap", "roadmap_items", "roadmap_item"]),
  };
  const options = v.options.map((o) => o.trim()).filter(Boolean);
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { what: v.what.trim() };
    if (v.why.trim()) body.why = v.why.trim();
    if (v.decided_by) body.decided_by = v.decided_by;
    if (options.length) body.options = options;
    if (v.chosen && options.includes(v.chosen)) body.chosen = v.chosen;
    if (v.launch) body[members.launch] = isList(props[members.launch]) ? [v.launch] : v.launch;
    for (const k of ["idea", "experiment", "roadmap"]) {
      if (!v[k].length || !members[k]) continue;
      const vals = k === "experiment" ? v[k] : v[k].map(Number);
      body[members[k]] = isList(props[members[k]]) ? vals : vals[0];
    }
    try {
      const r = await request("POST", "/decisions", { body });
      setV({ ...empty, launch: launch || "" });
      await onRecorded(r.data || body);
      requestAnimationFrame(() => form.current && form.current.querySelector("#dec-what").focus());
    } catch (err) {
      setError(err);
      announce(`Not recorded: ${err.message}`, "error");
      const f = problemField(err);
      const name = !f ? "what" : f.startsWith("options") ? `option-${Number(f.split("/")[1] || 0)}` : f.split("/")[0];
      focusControl(form.current, Object.entries(members).find(([, m]) => m === name)?.[0] || name);
    } finally {
      setBusy(false);
    }
  }
  const LABELS = { what: "what was decided", why: "why" };
  const desc = (k) => props[k] && props[k].description && props[k].description !== LABELS[k] ? props[k].description : null;
  const aria = (k, id) => ({
    "aria-invalid": top === k ? "true" : undefined,
    "aria-describedby": [desc(k) ? `${id}-hint` : null, top === k ? `${id}-err` : null].filter(Boolean).join(" ") || undefined,
  });
  const after = (k, id) => html`${desc(k) ? html`<span class="hint" id=${`${id}-hint`}>${cap(desc(k))}</span>` : null}
    ${top === k ? html`<span class="field-error" id=${`${id}-err`}>${error.message}</span>` : null}`;
  const setOption = (i, t) => {
    const opts = v.options.slice();
    const was = opts[i];
    opts[i] = t;
    setV({ ...v, options: opts, chosen: v.chosen === was ? t : v.chosen });
  };
  const multi = (k, label) => {
    const m = members[k];
    if (!m || !choices[k].length) return null;
    const many = isList(props[m]);
    const id = `dec-${k}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} name=${k} multiple=${many} size=${many ? Math.min(4, choices[k].length) : undefined} ...${aria(m, id)}
        onChange=${(e) => setV({ ...v, [k]: [...e.target.selectedOptions].map((o) => o.value).filter(Boolean) })}>
        ${many ? null : html`<option value="">none</option>`}
        ${choices[k].map((c) => html`<option value=${c.value} selected=${v[k].includes(c.value)}>${c.label}</option>`)}
      </select>
      ${after(m, id)}
    </div>`;
  };
  return html`<section class="card dec-record" aria-labelledby="dec-record-h">
    <h2 id="dec-record-h">Record a decision</h2>
    <form ref=${form} onSubmit=${send} novalidate>
      <div class="field">
        <label for="dec-what">What was decided</label>
        <input id="dec-what" name="what" required value=${v.what} maxlength=${props.what && props.what.maxLength}
          onInput=${(e) => setV({ ...v, what: e.target.value })} ...${aria("what", "dec-what")} />
        ${after("what", "dec-what")}
      </div>
      <div class="field">
        <label for="dec-why">Why</label>
        <textarea id="dec-why" name="why" rows="3" required value=${v.why} onInput=${(e) => setV({ ...v, why: e.target.value })}
          ...${aria("why", "dec-why")}></textarea>
        ${after("why", "dec-why")}
      </div>
      <fieldset class="dec-options-f">
        <legend>Options considered</legend>
        ${v.options.map((o, i) => html`<div class="dec-option-row">
          <label for=${`dec-option-${i}`} class="visually-hidden">Option ${i + 1}</label>
          <input id=${`dec-option-${i}`} name=${`option-${i}`} value=${o} placeholder=${`Option ${i + 1}`}
            aria-invalid=${top === "options" ? "true" : undefined} onInput=${(e) => setOption(i, e.target.value)} />
          ${v.options.length > 1 ? html`<button type="button" class="secondary small" aria-label=${`Remove option ${i + 1}`}
            onClick=${() => setV({ ...v, options: v.options.filter((_, j) => j !== i), chosen: v.chosen === o ? "" : v.chosen })}>Remove</button>` : null}
        </div>`)}
        <button type="button" class="secondary small" onClick=${() => {
          setV({ ...v, options: [...v.options, ""] });
          requestAnimationFrame(() => form.current && form.current.querySelector(`#dec-option-${v.options.length}`)?.focus());
        }}>Add option</button>
        ${top === "options" ? html`<p class="field-error">${error.message}</p>` : null}
      </fieldset>
      <div class="dec-grid">
        <div class="field">
          <label for="dec-chosen">Chosen option</label>
          <select id="dec-chosen" name="chosen" value=${options.includes(v.chosen) ? v.chosen : ""}
            onChange=${(e) => setV({ ...v, chosen: e.target.value })} ...${aria("chosen", "dec-chosen")}>
            <option value="">${options.length ? "not said" : "write the options first"}</option>
            ${options.map((o) => html`<option value=${o}>${o}</option>`)}
          </select>
          ${after("chosen", "dec-chosen")}
        </div>
        <div class="field">
          <label for="dec-decided-by">Decided by</label>
          <select id="dec-decided-by" name="decided_by" value=${v.decided_by} onChange=${(e) => setV({ ...v, decided_by: e.target.value })}
            ...${aria("decided_by", "dec-decided-by")}>
            <option value="">not said</option>
            ${(people || []).map((p) => html`<option value=${p.name}>${p.name}</option>`)}
          </select>
          ${after("decided_by", "dec-decided-by")}
        </div>
        <div class="field">
          <label for="dec-launch">Launch</label>
          <select id="dec-launch" name="launch" value=${v.launch} onChange=${(e) => setV({ ...v, launch: e.target.value })}
            ...${aria(members.launch, "dec-launch")}>
            <option value="">none: the whole portfolio</option>
            ${choices.launch.map((c) => html`<option value=${c.value}>${c.label}</option>`)}
          </select>
          ${after(members.launch, "dec-launch")}
        </div>
        ${multi("idea", "Ideas")}
        ${multi("experiment", "Experiments")}
        ${multi("roadmap", "Roadmap items")}
      </div>
      ${error && !["what", "why", "options", "chosen", "decided_by", ...Object.values(members)].includes(top)
        ? html`<${ErrorBox} error=${error} />` : null}
      <button type="submit" disabled=${busy}>${busy ? "Recording…" : "Record decision"}</button>
    </form>
  </section>`;
}
