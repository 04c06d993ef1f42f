// pages/new_launch.js - a new launch (POST /launches), for editors and
// admins. The form is the server's LaunchInput: its fields, limits and hints
// come from the schema. The launch is sized by a tier or by criteria; as
// the criteria are ticked the suggested tier and its rationale show (GET
// /tier-suggestion), and as the form changes a dry run (POST
// /launches?dry_run=true, nothing saved) lists the tasks the playbook will
// bring and their due dates, before anything is created.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { request, get, canEdit, me } from "../api.js";
import { navigate } from "../router.js";
import { html, Field, ErrorBox, TierBadge, announce, fmtDate, today, usePageTitle, tierHint, useLoad } from "../ui.js";
import { useSchema, problemField, humanize, cap, myName } from "../settings/forms.js";
import { getAll } from "../lists.js";

// How each role reads on the form (the schema names roles by their id only).
const ROLE_LABELS = { pm: "PM", pmm: "Product marketing", marketing: "Marketing", sales: "Sales", cs: "Customer success",
  support: "Support", eng: "Engineering", design: "Design", exec: "Executive sponsor" };
const roleLabel = (r) => ROLE_LABELS[r] || humanize(r);
const FIELDS = ["name", "date", "tier", "criteria", "pm", "marketing", "owners", "confidence", "quadrant", "add_channel_tasks"];

/** The request body the form describes: the tier or the criteria (never both), owners given only. */
function bodyOf(v, mode) {
  const b = {};
  if (v.name) b.name = v.name;
  if (v.date) b.date = v.date;
  if (mode === "tier") {
    if (v.tier) b.tier = v.tier;
  } else {
    const c = Object.fromEntries(Object.entries(v.criteria).filter(([, on]) => on));
    if (Object.keys(c).length) b.criteria = c;
  }
  for (const k of ["pm", "marketing", "confidence", "quadrant"]) if (v[k]) b[k] = v[k];
  const owners = Object.fromEntries(Object.entries(v.owners).filter(([, p]) => p));
  if (Object.keys(owners).length) b.owners = owners;
  if (v.quadrant && v.add_channel_tasks) b.add_channel_tasks = true;
  return b;
}

/** "1 full campaign, 2 blog + email…" (the tier's description) -> { 1: "full campaign", … }. */
function tierNames(desc) {
  const out = {};
  for (const part of String(desc || "").split(/,\s*(?=\d\s)/)) {
    const m = /^(\d)\s+(.*)$/.exec(part.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The value after `delay` ms without a change (the dry run waits for typing to pause). */
function useDebounced(value, delay) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), delay);
    return () => clearTimeout(t);
  }, [value, delay]);
  return v;
}

export default function NewLaunch() {
  usePageTitle("New launch");
  if (!canEdit()) {
    return html`<div class="page-head"><h1>New launch</h1></div>
      <div class="note" role="note"><strong>Only editors and admins create launches.</strong>
        <p>You are signed in as ${myName()} (${me.value.role}): you can read every launch and plan, but not change them.
          Ask an admin for the editor role if you plan launches.</p>
        <p><a href="/">Back to the portfolio</a></p></div>`;
  }
  return html`<${Form} />`;
}

function Form() {
  const s = useSchema("LaunchInput");
  const [people] = useLoad(() => getAll("/people"), "people");
  const [mode, setMode] = useState("criteria");
  const [v, setV] = useState({ criteria: {}, owners: {}, confidence: "medium" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (x) => setV((old) => ({ ...old, [k]: x }));

  // The PM is the signed-in person when they are one.
  useEffect(() => {
    const mine = people && me.value.person && people.find((p) => p.name === me.value.person);
    if (mine && mine.role === "pm") setV((old) => (old.pm === undefined ? { ...old, pm: mine.name } : old));
  }, [people]);

  const body = useMemo(() => bodyOf(v, mode), [v, mode]);
  const key = JSON.stringify(body);
  useEffect(() => setError(null), [key]); // a refusal is about the form as it was sent
  const suggestion = useSuggestion(mode === "criteria" ? body.criteria : null);
  const preview = useDryRun(useDebounced(key, 350));

  if (!s) return html`<h1>New launch</h1><p class="loading" role="status">Loading the form…</p>`;
  const props = s.properties || {};
  const field = problemField(error);
  const errFor = (k) => (field === k || (field && field.startsWith(`${k}/`)) ? error.message : null);

  const create = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await request("POST", "/launches", { body });
      const n = (r.data.tasks || []).length;
      announce(`Created ${r.data.name}: tier ${r.data.tier}, ${n} ${n === 1 ? "task" : "tasks"}`);
      navigate(`/launches/${encodeURIComponent(r.data.slug)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
      // Sized by criteria, a missing tier is the criteria's to fix.
      const f = problemField(err);
      focusField(form.current, f === "tier" && mode === "criteria" ? "criteria" : f);
    }
  };

  const tiers = tierNames(props.tier && props.tier.description);
  const criteria = (props.criteria && props.criteria.properties) || {};
  const ownerRoles = ((props.owners && props.owners.propertyNames && props.owners.propertyNames.enum) || [])
    .filter((r) => r !== "pm" && r !== "marketing");
  const chosenOthers = ownerRoles.filter((r) => v.owners[r]).length;

  return html`<div class="new-launch">
    <div class="page-head"><div><h1>New launch</h1>
      <p class="sub">${s.description || "Name it, date it and size it: the playbook brings its tasks."}</p></div></div>
    <div class="nl-layout">
      <form class="nl-form" ref=${form} onSubmit=${create} noValidate>
        <section class="card" aria-labelledby="nl-what">
          <h2 id="nl-what">What and when</h2>
          <${Field} name="name" label="Name" prop=${props.name} value=${v.name} required error=${errFor("name")} onInput=${set("name")} />
          <${Field} name="date" label="Launch day (T)" prop=${props.date} value=${v.date} required error=${errFor("date")} onInput=${set("date")} />
          ${v.date && v.date < today() ? html`<p class="warn small-box">That day is in the past.</p>` : null}
        </section>

        <section class="card" aria-labelledby="nl-size">
          <h2 id="nl-size">How big is it?</h2>
          <div class="segmented" role="radiogroup" aria-label="Size the launch by">
            <label class=${mode === "criteria" ? "on" : ""}><input type="radio" name="mode" value="criteria" checked=${mode === "criteria"}
              onChange=${() => setMode("criteria")} /> Describe it: tminus suggests the tier</label>
            <label class=${mode === "tier" ? "on" : ""}><input type="radio" name="mode" value="tier" checked=${mode === "tier"}
              onChange=${() => setMode("tier")} /> I know the tier</label>
          </div>
          ${mode === "criteria" ? html`<fieldset class="criteria" aria-describedby="nl-criteria-hint">
            <legend>What is it?</legend>
            <p class="hint" id="nl-criteria-hint">${props.criteria && props.criteria.description}</p>
            <div class="check-grid">
              ${Object.entries(criteria).map(([k, p]) => html`<label class="check-card" key=${k}>
                <input type="checkbox" name=${`criteria/${k}`} checked=${!!v.criteria[k]}
                  onChange=${(e) => set("criteria")({ ...v.criteria, [k]: e.target.checked })} />
                <span>${p.description ? cap(p.description) : humanize(k)}</span>
              </label>`)}
            </div>
            ${errFor("criteria") || errFor("tier") ? html`<p class="field-error" role="alert">${errFor("criteria") || errFor("tier")}</p>` : null}
          </fieldset>
          <${Suggestion} s=${suggestion} onPick=${(t) => { set("tier")(t); setMode("tier"); }} />`
          : html`<fieldset class="tiers-pick" aria-describedby="nl-tier-hint">
            <legend>Tier</legend>
            <p class="hint" id="nl-tier-hint">Each tier's playbook brings its own tasks.</p>
            <div class="tier-grid">
              ${[1, 2, 3, 4].map((t) => html`<label class=${`tier-card ${v.tier === t ? "on" : ""}`} key=${t}>
                <input type="radio" name="tier" value=${t} checked=${v.tier === t} onChange=${() => set("tier")(t)} />
                <${TierBadge} tier=${t} /> <span>${cap(tiers[t]) || tierHint(t)}</span>
              </label>`)}
            </div>
            ${errFor("tier") ? html`<p class="field-error" role="alert">${errFor("tier")}</p>` : null}
          </fieldset>`}
        </section>

        <section class="card" aria-labelledby="nl-who">
          <h2 id="nl-who">Who owns it</h2>
          <div class="owner-grid">
            <${PersonSelect} name="pm" label="PM owner" hint=${props.pm && props.pm.description} role="pm" people=${people}
              value=${v.pm} error=${errFor("pm")} onChange=${set("pm")} />
            <${PersonSelect} name="marketing" label="Marketing owner" hint=${props.marketing && props.marketing.description}
              role="marketing" people=${people} value=${v.marketing} error=${errFor("marketing")} onChange=${set("marketing")} />
          </div>
          ${ownerRoles.length ? html`<details class="other-owners" open=${chosenOthers > 0 || (field || "").startsWith("owners")}>
            <summary>Owners of the other roles${chosenOthers ? ` (${chosenOthers} chosen)` : ""}</summary>
            <p class="hint">${props.owners && props.owners.description}. Left empty, a role's tasks wait for an owner.</p>
            ${field === "owners" ? html`<p class="field-error">${error.message}</p>` : null}
            <div class="owner-grid">
              ${ownerRoles.map((r) => html`<${PersonSelect} key=${r} name=${`owners/${r}`} label=${roleLabel(r)} role=${r}
                people=${people} value=${v.owners[r]} error=${errFor(`owners/${r}`)}
                onChange=${(p) => set("owners")({ ...v.owners, [r]: p })} />`)}
            </div>
          </details>` : null}
        </section>

        <section class="card" aria-labelledby="nl-more">
          <h2 id="nl-more">Confidence and channels</h2>
          <div class="owner-grid">
            <${Field} name="confidence" label="Confidence in the date" prop=${props.confidence} value=${v.confidence}
              error=${errFor("confidence")} onInput=${set("confidence")} />
            <${Field} name="quadrant" label="Channel quadrant" prop=${props.quadrant} value=${v.quadrant}
              error=${errFor("quadrant")} onInput=${set("quadrant")} />
          </div>
          ${v.quadrant && props.add_channel_tasks ? html`<${Field} name="add_channel_tasks" label="Add the quadrant's channel tasks"
            prop=${props.add_channel_tasks} value=${v.add_channel_tasks} onInput=${set("add_channel_tasks")} />` : null}
        </section>

        ${error && !FIELDS.includes((field || "").split("/")[0]) ? html`<${ErrorBox} error=${error} />` : null}
        ${error && FIELDS.includes((field || "").split("/")[0]) ? html`<p class="error">Not created: ${error.message}</p>` : null}
        <div class="actions nl-submit">
          <button type="submit" disabled=${busy}>${busy ? "Creating…" : preview.launch
            ? `Create launch with ${preview.launch.tasks.length} tasks` : "Create launch"}</button>
          <a href="/" class="button secondary">Cancel</a>
        </div>
      </form>
      <${Preview} p=${preview} tierLabel=${(t) => cap(tiers[t]) || tierHint(t)} />
    </div>
  </div>`;
}

/** Focus on the control a problem names: "owners/sales", "criteria" (its first box), "tier". */
function focusField(form, name) {
  if (!form) return;
  requestAnimationFrame(() => {
    let el = null;
    if (name) el = form.querySelector(`[name="${CSS.escape(name)}"]`) || form.querySelector(`[name^="${CSS.escape(name)}/"]`);
    if (!el) el = form.querySelector("[role=alert]");
    if (!el) return;
    if (el.closest("details")) el.closest("details").open = true;
    if (!el.matches("input, select, textarea, button")) el.tabIndex = -1;
    el.focus();
    el.scrollIntoView({ block: "center" });
  });
}

/** A choice of the workspace's people for a role: those of that role first. */
function PersonSelect({ name, label, hint, role, people, value, error, onChange }) {
  const id = `nl-${name.replace("/", "-")}`;
  const mine = (people || []).filter((p) => p.role === role);
  const others = (people || []).filter((p) => p.role !== role);
  const described = [hint ? `${id}-hint` : null, error ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} value=${value || ""} aria-describedby=${described} aria-invalid=${error ? "true" : undefined}
      onChange=${(e) => onChange(e.target.value || undefined)}>
      <option value="">— nobody yet —</option>
      ${mine.length ? html`<optgroup label=${roleLabel(role)}>${mine.map((p) => html`<option value=${p.name}>${p.name}</option>`)}</optgroup>` : null}
      ${others.length ? html`<optgroup label="Everyone else">${others.map((p) => html`<option value=${p.name}>${p.name} (${p.role})</option>`)}</optgroup>` : null}
    </select>
    ${hint ? html`<span class="hint" id=${`${id}-hint`}>${cap(hint)}</span>` : null}
    ${error ? html`<span class="field-error" id=${`${id}-err`}>${error}</span>` : null}
  </div>`;
}

/** The tier the ticked criteria suggest: { state: "none" | "wait" | "ok" | "error", s, message }. */
function useSuggestion(criteria) {
  const key = JSON.stringify(criteria || {});
  const [out, setOut] = useState({ state: "none" });
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    const c = criteria || {};
    if (!Object.keys(c).length) {
      setOut({ state: "none" });
      return;
    }
    const q = Object.fromEntries(Object.keys(c).map((k) => [k.replace(/_/g, "-"), true]));
    setOut((o) => ({ ...o, state: "wait" }));
    get("/tier-suggestion", q).then((s) => n === seq.current && setOut({ state: "ok", s }),
      (e) => n === seq.current && setOut({ state: "error", message: e.message }));
  }, [key]);
  return out;
}

function Suggestion({ s, onPick }) {
  return html`<div class="suggestion" aria-live="polite">
    ${s.state === "none" ? html`<p class="hint">Tick what applies and the suggested tier shows here.</p>` : null}
    ${s.state === "error" ? html`<p class="hint">${s.message}</p>` : null}
    ${s.s && s.state !== "none" && s.state !== "error" ? html`<div class=${`suggested tier-edge-${s.s.tier}`}>
      <div class="suggested-head">
        <span class="suggested-label">Suggested</span>
        <${TierBadge} tier=${s.s.tier} />
        <strong>${s.s.name || `Tier ${s.s.tier}`}</strong>
        ${s.s.tasks ? html`<span class="suggested-tasks">${`${s.s.tasks} tasks`}</span>` : null}
      </div>
      <p class="rationale">${s.s.rationale}</p>
      ${s.s.gtm || s.s.pm_involvement ? html`<p class="muted small">${s.s.gtm ? `Go-to-market: ${s.s.gtm}.` : ""}
        ${s.s.pm_involvement ? ` PM involvement: ${s.s.pm_involvement}.` : ""}</p>` : null}
      <button type="button" class="link" onClick=${() => onPick(s.s.tier)}>Choose another tier instead</button>
    </div>` : null}
  </div>`;
}

/**
 * The dry run of the form's body: { state, launch, error }. Needs a date
 * and a size; a missing name is previewed as "New launch" (the name does
 * not change the tasks).
 */
function useDryRun(key) {
  const [out, setOut] = useState({ state: "idle" });
  const seq = useRef(0);
  useEffect(() => {
    const body = JSON.parse(key);
    const n = ++seq.current;
    if (!body.date || !(body.tier || body.criteria)) {
      setOut({ state: "idle", need: !body.date ? "date" : "size" });
      return;
    }
    setOut((o) => ({ ...o, state: "wait" }));
    request("POST", "/launches", { query: { dry_run: "true" }, body: { name: "New launch", ...body } })
      .then((r) => n === seq.current && setOut({ state: "ok", launch: r.data }),
        (e) => n === seq.current && setOut({ state: "error", error: e }));
  }, [key]);
  return out;
}

/** The tasks by section, in the order the playbook lists them. */
function sections(tasks) {
  const m = new Map();
  for (const t of tasks) {
    if (!m.has(t.section)) m.set(t.section, []);
    m.get(t.section).push(t);
  }
  return [...m.entries()];
}

function Preview({ p, tierLabel }) {
  const l = p.launch;
  const stale = p.state === "wait";
  let body;
  if (p.state === "idle") {
    const first = p.need === "date" ? "Pick the launch day" : "Tick what the launch is, or choose a tier,";
    body = html`<p class="empty">${`${first} to see the tasks the playbook brings and when each is due.`}</p>`;
  } else if (p.state === "error") {
    body = html`<p class="hint">The preview waits for the form: ${p.error.message}</p>`;
  } else if (!l) {
    body = html`<p class="loading">Working out the plan…</p>`;
  } else {
    const tasks = l.tasks || [];
    const late = tasks.filter((t) => t.due && t.due < today() && t.status !== "done");
    const milestones = tasks.filter((t) => t.milestone).length;
    body = html`
      <div class="pv-summary">
        <p class="pv-tier"><${TierBadge} tier=${l.tier} /> <strong>${(l.tier_suggestion && l.tier_suggestion.name) || `Tier ${l.tier}`}</strong>
          ${l.tier_suggestion ? null : html`<span class="muted">${tierLabel(l.tier)}</span>`}</p>
        <p><strong>${`${tasks.length} tasks`}</strong>${milestones ? ` (${milestones} milestones)` : ""}${" for launch day "}<strong>${fmtDate(l.date)}</strong></p>
        ${l.tier_suggestion ? html`<p class="muted small">${l.tier_suggestion.rationale}</p>` : null}
      </div>
      ${(l.warnings || []).length ? html`<ul class="pv-warnings" aria-label="What this date risks">${l.warnings.map((w) => html`<li class="warn">
        <strong class=${`sev-${w.severity || "warning"}`}>${humanize(w.rule || w.severity)}</strong>${": "}${w.message}
        ${w.hint ? html`<span class="pv-hint">${cap(w.hint)}.</span>` : null}</li>`)}</ul>` : null}
      ${late.length ? html`<p class="warn">${late.length} ${late.length === 1 ? "task is" : "tasks are"} due before today: the date leaves no time for ${late.length === 1 ? "it" : "them"}.</p>` : null}
      ${sections(tasks).map(([sec, ts]) => html`<div class="pv-section" key=${sec}>
        <h3>${sec} <span class="count">${ts.length}</span></h3>
        <ul>${ts.map((t) => html`<li class=${t.due && t.due < today() ? "late" : ""} data-title=${t.title}>
          <span class="pv-title">${t.milestone ? html`<span class="ms" aria-label="milestone" title="milestone">◆</span> ` : null}${t.title}${t.required === false ? html` <span class="opt">optional</span>` : null}</span>
          <span class="pv-meta">${t.owner || (t.role ? roleLabel(t.role) : "")}</span>
          <span class="pv-due">${t.due ? html`<time datetime=${t.due}>${fmtDate(t.due, false)}</time>`
            : html`<span class="unknown" title=${t.product ? "engineering gives this date" : ""}>${t.product ? "date unknown" : "—"}</span>`}${t.offset ? html` <span class="offset">${t.offset}</span>` : null}</span>
        </li>`)}</ul>
      </div>`)}`;
  }
  // tabindex: on a wide screen the preview scrolls in its own box, which the keyboard must reach.
  return html`<aside class="nl-preview card" aria-labelledby="pv-head" aria-busy=${stale ? "true" : "false"} tabindex="0">
    <h2 id="pv-head">What the playbook brings</h2>
    <div class=${stale ? "pv-body stale" : "pv-body"}>${body}</div>
  </aside>`;
}
