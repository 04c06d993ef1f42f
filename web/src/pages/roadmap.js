// pages/roadmap.js - seed 003's living roadmap in three tiers (GET
// /roadmap?quarter=&owner=): the timeline by quarter (roadmap/timeline.js),
// the owner and quarter filters in the address so a view can be shared,
// when the roadmap was last reviewed and whether a review is due (every 6
// weeks). Editors add an item (POST /roadmap: its parent chosen among the
// items of the level above, its launches among the portfolio's) and record
// a review (POST /roadmap/reviews).
import { useEffect, useRef, useState } from "preact/hooks";
import { get, request, canEdit } from "../api.js";
import { setQuery } from "../router.js";
import { getAll } from "../lists.js";
import { useSchema, problemField, focusControl, cap } from "../settings/forms.js";
import { html, useLoad, usePageTitle, announce, today, fmtDate, addDays, ErrorBox, Loading } from "../ui.js";
import { Timeline, COLOURS, LEVELS, normQuarter, quarterOf, quarterLabel, stepQuarter } from "../roadmap/timeline.js";

const REVIEW_DAYS = 42; /* seed 003: "reviews every 6 weeks" (core/roadmap.h) */
const PARENT_LEVEL = { initiative: "strategic", release: "initiative" };

export default function Roadmap({ query }) {
  const quarter = normQuarter(query.get("quarter")) || "";
  const owner = query.get("owner") || "";
  const key = `${quarter}|${owner}`;
  const [d, error, reload] = useLoad(() => get("/roadmap", { quarter: quarter || undefined, owner: owner || undefined }), key);
  const [people] = useLoad(() => getAll("/people", { limit: 1000 }).catch(() => []), "people");
  const now = quarterOf(today());
  usePageTitle(["Roadmap", owner, quarter ? quarterLabel(quarter) : ""].filter(Boolean).join(", "));
  const filtered = !!(quarter || owner);
  const [editing, setEditing] = useState(null);
  const choices = useChoices(canEdit());
  const edit = canEdit() ? { editing, setEditing, people: people || [], launches: choices.launches, onDone: (msg) => {
    announce(msg);
    return reload();
  } } : null;
  // ?item=ID (from a decision): that item's row is marked and scrolled to.
  const target = query.get("item") || "";
  useEffect(() => {
    const row = d && target && document.getElementById(`roadmap-${target}`);
    if (row) row.scrollIntoView({ block: "center" });
  }, [!!d, target]);
  return html`<div class="roadmap">
    <div class="page-head">
      <div>
        <h1>Roadmap</h1>
        <p class="sub">Strategic items, the initiatives under them and the releases under those, each in its target
          quarter with the launches that deliver it. An item turns red when one of its launches cannot be met or has
          slipped past its quarter.</p>
      </div>
      <${Filters} quarter=${quarter} owner=${owner} people=${people || []} quarters=${(d && d.quarters) || []} now=${now} />
    </div>
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${!d ? (error ? null : html`<${Loading} what="the roadmap" />`) : html`
      <${LastReview} d=${d} />
      <p class="rm-count" role="status">${countText(d.items, quarter, owner)}</p>
      <${Legend} />
      ${d.items.length ? html`<${Timeline} data=${d} now=${now} target=${target} edit=${edit} />` : html`<div class="card"><p class="empty">${filtered
        ? "No roadmap item matches these filters." : "The roadmap is empty."}</p>
        ${filtered ? html`<p><a href="/roadmap">Show the whole roadmap</a></p>` : null}</div>`}
      ${canEdit() ? html`<div class="rm-forms">
        <${AddItem} key=${key} items=${d.items} filtered=${filtered} people=${people || []} choices=${choices} onAdded=${(it) => {
          announce(`Added “${it.title}” to the roadmap`);
          return reload();
        }} />
        <${RecordReview} onRecorded=${reload} />
      </div>` : null}`}
  </div>`;
}

function countText(items, quarter, owner) {
  const n = (lv) => items.filter((i) => i.level === lv).length;
  const where = [owner ? `owned by ${owner}` : null, quarter ? `in ${quarterLabel(quarter)}` : null].filter(Boolean).join(" ");
  return `${n("strategic")} strategic, ${n("initiative")} ${n("initiative") === 1 ? "initiative" : "initiatives"}, ` +
    `${n("release")} ${n("release") === 1 ? "release" : "releases"}${where ? ` ${where}` : ""}.`;
}

/** The owner and the quarter, each a select that changes the address (?owner=, ?quarter=). */
function Filters({ quarter, owner, people, quarters, now }) {
  const qs = new Set(quarters.map(normQuarter).filter(Boolean));
  for (let i = -2; i <= 4; i++) qs.add(stepQuarter(now, i));
  if (quarter) qs.add(quarter);
  const names = people.map((p) => p.name);
  if (owner && !names.includes(owner)) names.push(owner);
  return html`<div class="rm-filters" role="group" aria-label="Filters">
    <div class="field">
      <label for="rm-owner">Owner</label>
      <select id="rm-owner" value=${owner} onChange=${(e) => setQuery({ owner: e.target.value || null })}>
        <option value="">Everyone</option>
        ${names.map((n) => html`<option value=${n}>${n}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="rm-quarter">Quarter</label>
      <select id="rm-quarter" value=${quarter} onChange=${(e) => setQuery({ quarter: e.target.value || null })}>
        <option value="">All quarters</option>
        ${[...qs].sort().map((q) => html`<option value=${q}>${quarterLabel(q)}${q === now ? " (this quarter)" : ""}</option>`)}
      </select>
    </div>
    ${quarter || owner ? html`<a class="rm-clear" href="/roadmap">Clear filters</a>` : null}
  </div>`;
}

function Legend() {
  return html`<ul class="rm-legend" aria-label="Colours">
    ${Object.entries(COLOURS).map(([k, c]) => html`<li><span class=${`rm-colour rm-colour-${k}`}><span aria-hidden="true"
      class="mark">${c.mark}</span> ${c.label}</span> ${c.hint}</li>`)}
    <li><span aria-hidden="true" class="rm-diamond">◆</span> a launch on its day</li>
    <li><span aria-hidden="true">⚠</span> a launch that slipped or cannot be met</li>
  </ul>`;
}

/** When the roadmap was last reviewed and when the next review is due (seed 003: every 6 weeks). */
function LastReview({ d }) {
  const last = d.last_review;
  const next = last && last.on ? addDays(last.on, REVIEW_DAYS) : null;
  return html`<div class=${`rm-review${d.review_due ? " warn" : " note"}`}>
    ${d.review_due ? html`<strong class="rm-due">Review due. </strong>` : null}
    ${last ? html`<span class="rm-last">Last reviewed on <strong>${fmtDate(last.on)}</strong>${last.by ? ` by ${last.by}` : ""}${
      next ? (d.review_due ? `; the next was due by ${fmtDate(next)}.` : `; the next by ${fmtDate(next)}.`) : "."}</span>
      ${last.notes ? html` <span class="rm-notes">“${last.notes}”</span>` : null}`
      : html`<span class="rm-last">The roadmap has never been reviewed.</span>`}
    <span class="muted"> Seed 003 reviews it every 6 weeks.</span>
  </div>`;
}

function RecordReview({ onRecorded }) {
  const [notes, setNotes] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const area = useRef(null);
  const onField = error && problemField(error) === "notes";
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request("POST", "/roadmap/reviews", { body: notes.trim() ? { notes: notes.trim() } : {} });
      setNotes("");
      announce(`Roadmap review recorded on ${fmtDate(today())}`);
      await onRecorded();
    } catch (err) {
      setError(err);
      announce(`Not recorded: ${err.message}`, "error");
      requestAnimationFrame(() => area.current && area.current.focus());
    } finally {
      setBusy(false);
    }
  }
  return html`<section class="card rm-review-form" aria-labelledby="rm-review-h">
    <h2 id="rm-review-h">Record a review</h2>
    <form onSubmit=${send}>
    <div class="field">
      <label for="rm-review-notes">Notes of today's review</label>
      <textarea id="rm-review-notes" ref=${area} name="notes" rows="3" value=${notes} onInput=${(e) => setNotes(e.target.value)}
        aria-invalid=${onField ? "true" : undefined} aria-describedby=${onField ? "rm-review-err" : "rm-review-hint"}></textarea>
      <span class="hint" id="rm-review-hint">What moved, what was re-prioritised, which colours changed.</span>
      ${onField ? html`<span class="field-error" id="rm-review-err">${error.message}</span>` : null}
    </div>
    ${error && !onField ? html`<${ErrorBox} error=${error} />` : null}
    <button type="submit" disabled=${busy}>${busy ? "Recording…" : "Record review"}</button>
    </form>
  </section>`;
}

/** What a roadmap item may name: the portfolio's launches and the backlog's ideas. */
function useChoices(wanted) {
  const [c] = useLoad(async () => {
    if (!wanted) return null;
    const [launches, ideas] = await Promise.all([getAll("/launches", { limit: 500 }).catch(() => []),
      getAll("/backlog", { limit: 1000 }).catch(() => [])]);
    return { launches, ideas };
  }, "choices");
  return c || { launches: [], ideas: [] };
}

/**
 * "Add an item": title, level, parent (the items of the level above), owner,
 * quarter, colour and launches. The hints are the server's RoadmapInput
 * schema's; a refusal is shown by the field it names, with focus there.
 */
function AddItem({ items: shown, filtered, people, choices, onAdded }) {
  // A parent may be outside the filters: then the whole roadmap is asked for the choice of parents.
  const [all] = useLoad(() => (filtered ? get("/roadmap").then((r) => r.items) : null), filtered);
  const items = (filtered && all) || shown;
  const s = useSchema("RoadmapInput");
  const props = (s && s.properties) || {};
  const { launches, ideas } = choices;
  const empty = { title: "", level: "initiative", parent: "", owner: "", quarter: "", status: "green", launches: [], ideas: [] };
  const [v, setV] = useState(empty);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const field = problemField(error);
  const fieldName = field ? field.split("/")[0] : null;
  const set = (k) => (e) => setV({ ...v, [k]: e.target.value });
  const parents = items.filter((i) => i.level === PARENT_LEVEL[v.level]);
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { title: v.title.trim(), level: v.level };
    if (v.parent) body.parent = Number(v.parent);
    if (v.owner) body.owner = v.owner;
    if (v.quarter.trim()) body.quarter = v.quarter.trim();
    if (v.status) body.status = v.status;
    if (v.launches.length) body.launches = v.launches;
    if (v.ideas.length) body.ideas = v.ideas.map(Number);
    try {
      const r = await request("POST", "/roadmap", { body });
      setV({ ...empty, level: v.level });
      await onAdded(r.data || body);
      requestAnimationFrame(() => form.current && form.current.querySelector("#rm-add-title").focus());
    } catch (err) {
      setError(err);
      announce(`Not added: ${err.message}`, "error");
      const f = problemField(err);
      focusControl(form.current, f ? f.split("/")[0] : "title");
    } finally {
      setBusy(false);
    }
  }
  const errFor = (k) => (fieldName === k
    ? html`<span class="field-error" id=${`rm-add-${k}-err`}>${error.message}</span>` : null);
  const hintFor = (k) => (props[k] && props[k].description
    ? html`<span class="hint" id=${`rm-add-${k}-hint`}>${cap(props[k].description)}</span>` : null);
  const aria = (k) => ({
    "aria-invalid": fieldName === k ? "true" : undefined,
    "aria-describedby": [props[k] && props[k].description ? `rm-add-${k}-hint` : null, fieldName === k ? `rm-add-${k}-err` : null]
      .filter(Boolean).join(" ") || undefined,
  });
  return html`<section class="card rm-add" aria-labelledby="rm-add-h">
    <h2 id="rm-add-h">Add an item</h2>
    <form ref=${form} onSubmit=${send} novalidate>
      <div class="rm-add-grid">
        <div class="field rm-add-title">
          <label for="rm-add-title">Title</label>
          <input id="rm-add-title" name="title" required maxlength=${(props.title && props.title.maxLength) || 200}
            value=${v.title} onInput=${set("title")} ...${aria("title")} />
          ${hintFor("title")}${errFor("title")}
        </div>
        <div class="field">
          <label for="rm-add-level">Level</label>
          <select id="rm-add-level" name="level" value=${v.level} onChange=${(e) => setV({ ...v, level: e.target.value, parent: "" })}
            ...${aria("level")}>
            ${Object.entries(LEVELS).map(([k, label]) => html`<option value=${k}>${label}</option>`)}
          </select>
          ${errFor("level")}
        </div>
        ${v.level !== "strategic" ? html`<div class="field">
          <label for="rm-add-parent">Parent (${LEVELS[PARENT_LEVEL[v.level]].toLowerCase()})</label>
          <select id="rm-add-parent" name="parent" value=${v.parent} onChange=${set("parent")} ...${aria("parent")}>
            <option value="">none</option>
            ${parents.map((p) => html`<option value=${p.id}>${p.title}</option>`)}
          </select>
          ${hintFor("parent")}${errFor("parent")}
        </div>` : null}
        <div class="field">
          <label for="rm-add-owner">Owner</label>
          <select id="rm-add-owner" name="owner" value=${v.owner} onChange=${set("owner")} ...${aria("owner")}>
            <option value="">nobody yet</option>
            ${people.map((p) => html`<option value=${p.name}>${p.name}</option>`)}
          </select>
          ${errFor("owner")}
        </div>
        <div class="field">
          <label for="rm-add-quarter">Quarter</label>
          <input id="rm-add-quarter" name="quarter" placeholder="2027Q1" value=${v.quarter} onInput=${set("quarter")}
            autocomplete="off" ...${aria("quarter")} />
          ${hintFor("quarter")}${errFor("quarter")}
        </div>
        <div class="field">
          <label for="rm-add-status">Colour</label>
          <select id="rm-add-status" name="status" value=${v.status} onChange=${set("status")} ...${aria("status")}>
            ${Object.entries(COLOURS).map(([k, c]) => html`<option value=${k}>${c.label}: ${c.hint}</option>`)}
          </select>
          ${errFor("status")}
        </div>
        <div class="field rm-add-launches">
          <label for="rm-add-launches">Launches that deliver it</label>
          <select id="rm-add-launches" name="launches" multiple size="4" onChange=${(e) =>
            setV({ ...v, launches: [...e.target.selectedOptions].map((o) => o.value) })} ...${aria("launches")}>
            ${launches.map((l) => html`<option value=${l.slug} selected=${v.launches.includes(l.slug)}>${l.name} (${fmtDate(l.date, true)})</option>`)}
          </select>
          <span class="hint">Hold Ctrl (⌘ on a Mac) or Shift to choose more than one.</span>
          ${errFor("launches")}
        </div>
        ${ideas.length ? html`<div class="field rm-add-launches">
          <label for="rm-add-ideas">Ideas behind it</label>
          <select id="rm-add-ideas" name="ideas" multiple size="4" onChange=${(e) =>
            setV({ ...v, ideas: [...e.target.selectedOptions].map((o) => o.value) })} ...${aria("ideas")}>
            ${ideas.map((i) => html`<option value=${i.id} selected=${v.ideas.includes(String(i.id))}>#${i.id} ${i.title}</option>`)}
          </select>
          ${errFor("ideas")}
        </div>` : null}
      </div>
      ${error && !["title", "level", "parent", "owner", "quarter", "status", "launches", "ideas"].includes(fieldName)
        ? html`<${ErrorBox} error=${error} />` : null}
      <button type="submit" disabled=${busy}>${busy ? "Adding…" : "Add item"}</button>
    </form>
  </section>`;
}
