// pages/backlog.js - the single backlog of seed 003 (GET /backlog/rank): the
// ideas, personas and questions of both tracks, product (PM) and market
// (PMM), ranked by RICE with the arithmetic on every row so a reader can
// check it, then the items that cannot be scored yet and what each lacks.
// The track and status are in the address (?track=market&status=new) so a
// view can be shared. Editors add an item, change an item's RICE inputs and
// status (PATCH with If-Match), and promote an idea to a launch (POST
// /backlog/{id}/promote), which then links back to it.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, request, canEdit } from "../api.js";
import { setQuery } from "../router.js";
import { getAll } from "../lists.js";
import { useSchema, problemField, focusControl, cap } from "../settings/forms.js";
import { html, useLoad, usePageTitle, announce, today, addDays, Status, ErrorBox, Loading } from "../ui.js";

export const TRACKS = { product: "Product (PM)", market: "Market (PMM)" };
const KINDS = ["idea", "persona", "question"];
const STATUSES = ["new", "validating", "experimenting", "planned", "launched", "sunset", "dropped"];
const CLOSED = ["launched", "sunset", "dropped"];
const IMPACTS = { massive: 3, high: 2, medium: 1, low: 0.5, minimal: 0.25 };
const CONFIDENCES = { high: "100%", medium: "80%", low: "50%" };
const NUM = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
const RICE_FIELDS = ["reach", "impact", "confidence", "effort"];

/** The If-Match of an item that came in a list (src/http/reply.c's ETag form). */
const ideaEtag = (i) => `"idea-${i.id}-v${i.version}"`;
/** "reach, impact and effort" */
export function listWords(xs) {
  if (!xs || !xs.length) return "";
  return xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

export default function Backlog({ query }) {
  const track = TRACKS[query.get("track")] ? query.get("track") : "";
  const status = STATUSES.includes(query.get("status")) ? query.get("status") : "";
  // The rank holds the open items; a closed status (launched, sunset, dropped) is read from the plain list.
  const closedView = CLOSED.includes(status);
  const [d, error, reload] = useLoad(() => (closedView
    ? getAll("/backlog", { track: track || undefined, status, limit: 1000 }).then((items) => ({ closed: items, status, track }))
    : get("/backlog/rank", { track: track || undefined }).then((r) => ({ ...r, track }))), `${track}/${closedView ? status : ""}`);
  const [people] = useLoad(() => getAll("/people", { limit: 1000 }).catch(() => []), "people");
  const [personas] = useLoad(() => getAll("/glossary", { kind: "persona", limit: 1000 }).catch(() => []), "personas");
  const [open, setOpen] = useState(null); /* { id, what: "edit" | "promote" } */
  usePageTitle(track ? `Backlog, ${TRACKS[track]}` : "Backlog");
  const keep = (i) => !status || i.status === status;
  const shown = d && d.track === track && (closedView ? d.status === status : !d.closed) ? d : null;
  // ?idea=ID (from an experiment or a launch): that item's row is marked and scrolled to.
  const target = query.get("idea");
  useEffect(() => {
    const row = d && target && document.getElementById(`idea-${target}`);
    if (row) row.scrollIntoView({ block: "center" });
  }, [!!shown, target]);
  const ranked = shown && !closedView ? shown.ranked.filter(keep) : [];
  const unscored = shown && !closedView ? shown.unscored.filter(keep) : [];
  const changed = (msg) => {
    setOpen(null);
    if (msg) announce(msg);
    return reload();
  };
  return html`<div class="backlog">
    <div class="page-head">
      <div>
        <h1>Backlog</h1>
        <p class="sub">One backlog for product and product marketing, ranked by RICE: reach × impact × confidence ÷ effort
          (impact 3, 2, 1, 0.5 or 0.25; confidence 100, 80 or 50 %; effort in person-months).</p>
      </div>
    </div>
    <${Filters} track=${track} status=${status} />
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${people ? html`<datalist id="backlog-people">${people.map((p) => html`<option value=${p.name} />`)}</datalist>` : null}
    ${personas ? html`<datalist id="backlog-personas">${personas.map((p) => html`<option value=${p.term}>${p.role || ""}</option>`)}</datalist>` : null}
    ${!shown ? (error ? null : html`<${Loading} what="the backlog" />`) : closedView ? html`
      <p class="backlog-count" role="status">${shown.closed.length} ${status} ${shown.closed.length === 1 ? "item" : "items"}
        ${track ? `on the ${track} track` : "on both tracks"}.</p>
      <${Closed} items=${shown.closed} status=${status} target=${target} />` : html`
      <p class="backlog-count" role="status">${countText(ranked.length, unscored.length, track, status)}</p>
      <${Ranked} items=${ranked} target=${target} open=${open} setOpen=${setOpen} onChanged=${changed} />
      <${Unscored} items=${unscored} target=${target} open=${open} setOpen=${setOpen} onChanged=${changed} />`}
    ${canEdit() ? html`<${AddItem} track=${track} onAdded=${(i) => changed(`Added “${i.title}” to the backlog`)} />` : null}
  </div>`;
}

function countText(scored, unscored, track, status) {
  const where = [track ? `on the ${track} track` : "on both tracks", status ? `with status ${status}` : null]
    .filter(Boolean).join(" ");
  return `${scored} ranked and ${unscored} not yet scored ${where}.`;
}

/** The track as a group of toggle buttons, the status as a select; both change the address. */
function Filters({ track, status }) {
  const choices = [["", "Both tracks"], ...Object.entries(TRACKS)];
  return html`<div class="backlog-filters">
    <div class="seg" role="group" aria-label="Track">
      ${choices.map(([id, label]) => html`<button type="button" class=${`secondary${track === id ? " on" : ""}`}
        aria-pressed=${track === id ? "true" : "false"} data-track=${id || "all"}
        onClick=${() => setQuery({ track: id || null })}>${label}</button>`)}
    </div>
    <div class="field inline">
      <label for="backlog-status">Status</label>
      <select id="backlog-status" value=${status} onChange=${(e) => setQuery({ status: e.target.value || null })}>
        <option value="">Any open status</option>
        <optgroup label="Open">${STATUSES.filter((s) => !CLOSED.includes(s)).map((s) => html`<option value=${s}>${s}</option>`)}</optgroup>
        <optgroup label="Closed">${CLOSED.map((s) => html`<option value=${s}>${s}</option>`)}</optgroup>
      </select>
    </div>
  </div>`;
}

/** Who and what an item is for, under its title: its kind (when not an idea), persona, owner, launch. */
function ItemTitle({ item }) {
  return html`<span class="idea-title">${item.title}</span>
    <span class="idea-meta">
      ${item.kind !== "idea" ? html`<span class="kind">${item.kind}</span>` : null}
      ${item.persona ? html`<span>for ${item.persona}</span>` : null}
      ${item.launch ? html`<a href=${`/launches/${encodeURIComponent(item.launch)}`}>launch ${item.launch}</a>` : null}
      ${item.why ? html`<span class="why">why: ${item.why}</span>` : null}
    </span>`;
}

/**
 * The first rows of a long list (a backlog may hold 100,000 items: the page draws 200 at a time),
 * always down to the item the address names; a button shows the next ones.
 */
const PAGE = 200;
function useMore(all, target) {
  const [n, setN] = useState(PAGE);
  const at = target ? all.findIndex((i) => String(i.id) === target) : -1;
  const upto = Math.max(n, at + 1);
  const left = all.length - upto;
  const more = left > 0 ? html`<p class="more"><button type="button" class="secondary" onClick=${() => setN(upto + PAGE)}>
    Show ${Math.min(PAGE, left)} more</button> <span class="muted">${left} not shown yet</span></p>` : null;
  return [left > 0 ? all.slice(0, upto) : all, more];
}

function Ranked({ items: all, target, open, setOpen, onChanged }) {
  const [items, more] = useMore(all, target);
  const edit = canEdit();
  const cols = edit ? 8 : 7;
  return html`<section class="card" aria-labelledby="ranked-h">
    <h2 id="ranked-h">Ranked by RICE</h2>
    ${items.length === 0 ? html`<p class="empty">No scored item here yet: give an item its reach, impact, confidence and
      effort to rank it.</p>` : html`<div class="table-wrap"><table class="rank-table">
      <caption class="visually-hidden">Items ranked by RICE score, highest first, with the arithmetic of each score</caption>
      <thead><tr><th scope="col" class="num">Rank</th><th scope="col">Item</th><th scope="col">Track</th>
        <th scope="col">Owner</th><th scope="col">Status</th><th scope="col" class="num">RICE</th>
        <th scope="col">Reach × impact × confidence ÷ effort</th>${edit ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : null}</tr></thead>
      <tbody>${items.map((i) => html`<tr data-idea=${i.id} id=${`idea-${i.id}`} class=${String(i.id) === target ? "target" : undefined}>
          <td class="num rank">${i.rank}</td>
          <th scope="row"><${ItemTitle} item=${i} /></th>
          <td class="track">${TRACKS[i.track] || i.track}</td>
          <td>${i.owner || html`<span class="muted">nobody</span>`}</td>
          <td><${Status} status=${i.status} /></td>
          <td class="num rice"><strong>${NUM.format(i.rice)}</strong></td>
          <td class="arith"><code>${i.rice_arithmetic}</code></td>
          ${edit ? html`<td class="row-actions"><${RowActions} item=${i} open=${open} setOpen=${setOpen} /></td>` : null}
        </tr>
        ${open && open.id === i.id ? html`<tr class="editing"><td colspan=${cols}>
          <${RowForm} item=${i} what=${open.what} onDone=${onChanged} onCancel=${() => setOpen(null)} /></td></tr>` : null}`)}
      </tbody>
    </table></div>${more}`}
  </section>`;
}

function Unscored({ items: all, target, open, setOpen, onChanged }) {
  const [items, more] = useMore(all, target);
  const edit = canEdit();
  const cols = edit ? 6 : 5;
  return html`<section class="card" aria-labelledby="unscored-h">
    <h2 id="unscored-h">Not yet scored</h2>
    ${items.length === 0 ? html`<p class="empty">Every item here has a RICE score.</p>` : html`<div class="table-wrap"><table class="unscored-table">
      <caption class="visually-hidden">Items that cannot be scored, and what each lacks</caption>
      <thead><tr><th scope="col">Item</th><th scope="col">Track</th><th scope="col">Owner</th><th scope="col">Status</th>
        <th scope="col">Lacks</th>${edit ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : null}</tr></thead>
      <tbody>${items.map((i) => html`<tr data-idea=${i.id} id=${`idea-${i.id}`} class=${String(i.id) === target ? "target" : undefined}>
          <th scope="row"><${ItemTitle} item=${i} /></th>
          <td class="track">${TRACKS[i.track] || i.track}</td>
          <td>${i.owner || html`<span class="muted">nobody</span>`}</td>
          <td><${Status} status=${i.status} /></td>
          <td class="lacks">lacks ${listWords(i.lacks || [])}</td>
          ${edit ? html`<td class="row-actions"><${RowActions} item=${i} open=${open} setOpen=${setOpen} /></td>` : null}
        </tr>
        ${open && open.id === i.id ? html`<tr class="editing"><td colspan=${cols}>
          <${RowForm} item=${i} what=${open.what} onDone=${onChanged} onCancel=${() => setOpen(null)} /></td></tr>` : null}`)}
      </tbody>
    </table></div>${more}`}
  </section>`;
}

/** The launched, sunset or dropped items of a status: no rank (they are out of the running), their score and why. */
function Closed({ items: all, status, target }) {
  const [items, more] = useMore(all, target);
  return html`<section class="card" aria-labelledby="closed-h">
    <h2 id="closed-h">${cap(status)}</h2>
    ${items.length === 0 ? html`<p class="empty">No item is ${status}.</p>` : html`<div class="table-wrap"><table class="closed-table">
      <caption class="visually-hidden">Items ${status}</caption>
      <thead><tr><th scope="col">Item</th><th scope="col">Track</th><th scope="col">Owner</th><th scope="col" class="num">RICE</th>
        <th scope="col">Reach × impact × confidence ÷ effort</th></tr></thead>
      <tbody>${items.map((i) => html`<tr data-idea=${i.id} id=${`idea-${i.id}`} class=${String(i.id) === target ? "target" : undefined}>
        <th scope="row"><${ItemTitle} item=${i} /></th>
        <td class="track">${TRACKS[i.track] || i.track}</td>
        <td>${i.owner || html`<span class="muted">nobody</span>`}</td>
        <td class="num rice">${i.rice === null || i.rice === undefined ? html`<span class="muted">—</span>` : html`<strong>${NUM.format(i.rice)}</strong>`}</td>
        <td class="arith">${i.rice_arithmetic ? html`<code>${i.rice_arithmetic}</code>` : html`<span class="muted">lacks ${listWords(i.lacks || [])}</span>`}</td>
      </tr>`)}</tbody>
    </table></div>${more}`}
  </section>`;
}

const promotable = (i) => i.kind === "idea" && !i.launch && !["launched", "sunset", "dropped"].includes(i.status);

function RowActions({ item: i, open, setOpen }) {
  const toggle = (what) => setOpen(open && open.id === i.id && open.what === what ? null : { id: i.id, what });
  const is = (what) => !!open && open.id === i.id && open.what === what;
  return html`<div class="acts">
    <button type="button" class="secondary small" aria-expanded=${is("edit")} data-act="edit"
      onClick=${() => toggle("edit")}>Edit<span class="visually-hidden"> ${i.title}</span></button>
    ${promotable(i) ? html`<button type="button" class="secondary small" aria-expanded=${is("promote")} data-act="promote"
      onClick=${() => toggle("promote")}>Promote<span class="visually-hidden"> ${i.title} to a launch</span></button>` : null}
  </div>`;
}

function RowForm({ item, what, onDone, onCancel }) {
  const ref = useRef(null);
  const cancel = () => {
    onCancel();
    requestAnimationFrame(() => {
      const b = document.querySelector(`#idea-${item.id} [data-act="${what}"]`);
      if (b) b.focus();
    });
  };
  const onKey = (e) => e.key === "Escape" && cancel();
  return html`<div ref=${ref} onKeyDown=${onKey}>
    ${what === "edit" ? html`<${EditItem} item=${item} onDone=${onDone} onCancel=${cancel} />`
      : html`<${Promote} item=${item} onDone=${onDone} onCancel=${cancel} />`}
  </div>`;
}

/** A number as typed ("2,000" -> 2000), null when empty, the text itself when not a number (the server refuses it by name). */
function numberOf(s) {
  const t = String(s ?? "").trim().replace(/,/g, "");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}
const textOf = (v) => (v === null || v === undefined ? "" : String(v));

/**
 * The form's fields, the server's IdeaInput hints beside them; `names` picks which. A refusal is
 * shown under the field the server names.
 */
function Fields({ prefix, names, values, set, error, props }) {
  const field = problemField(error);
  const id = (n) => `${prefix}-${n}`;
  const describe = (n) => [props[n] && props[n].description ? `${id(n)}-hint` : null, field === n ? `${id(n)}-err` : null]
    .filter(Boolean).join(" ") || undefined;
  const common = (n) => ({ id: id(n), name: n, "aria-invalid": field === n ? "true" : undefined, "aria-describedby": describe(n) });
  const after = (n) => html`${props[n] && props[n].description ? html`<span class="hint" id=${`${id(n)}-hint`}>${cap(props[n].description)}</span>` : null}
    ${field === n ? html`<span class="field-error" id=${`${id(n)}-err`}>${error.message}</span>` : null}`;
  const on = (n) => (e) => set(n, e.target.value);
  const select = (n, label, options, none) => html`<div class=${`field f-${n}`}><label for=${id(n)}>${label}</label>
    <select ...${common(n)} value=${values[n] ?? ""} onChange=${on(n)}>
      ${none ? html`<option value="">${none}</option>` : null}
      ${options.map(([v, t]) => html`<option value=${v}>${t}</option>`)}
    </select>${after(n)}</div>`;
  const input = (n, label, extra = {}) => html`<div class=${`field f-${n}`}><label for=${id(n)}>${label}</label>
    <input ...${common(n)} ...${extra} value=${values[n] ?? ""} onInput=${on(n)} />${after(n)}</div>`;
  const make = {
    title: () => input("title", "Title", { required: true, maxlength: 200, autocomplete: "off" }),
    kind: () => select("kind", "Kind", KINDS.map((k) => [k, k])),
    track: () => select("track", "Track", Object.entries(TRACKS)),
    owner: () => input("owner", html`Owner <span class="muted">(optional)</span>`, { list: "backlog-people", autocomplete: "off" }),
    persona: () => input("persona", html`Persona <span class="muted">(optional, a glossary term)</span>`, { list: "backlog-personas", autocomplete: "off" }),
    reach: () => input("reach", html`Reach <span class="muted">(per quarter)</span>`, { inputmode: "numeric", autocomplete: "off" }),
    impact: () => select("impact", "Impact", Object.entries(IMPACTS).map(([k, f]) => [k, `${k} (${f})`]), "not given"),
    confidence: () => select("confidence", "Confidence", Object.entries(CONFIDENCES).map(([k, p]) => [k, `${k} (${p})`]), "not given"),
    effort: () => input("effort", html`Effort <span class="muted">(person-months)</span>`, { inputmode: "decimal", autocomplete: "off" }),
    status: () => select("status", "Status", STATUSES.map((s) => [s, s])),
    why: () => input("why", html`Why <span class="muted">(needed to sunset or drop)</span>`, { maxlength: 500, autocomplete: "off" }),
  };
  return names.map((n) => make[n]());
}

/** Changes an item's RICE inputs, status (with its why) and owner: only what changed is sent. */
function EditItem({ item, onDone, onCancel }) {
  const s = useSchema("IdeaPatch");
  const props = (s && s.properties) || {};
  const first = { reach: textOf(item.reach), impact: textOf(item.impact), confidence: textOf(item.confidence),
    effort: textOf(item.effort), status: item.status, why: textOf(item.why), owner: textOf(item.owner) };
  const [values, setValues] = useState(first);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (n, v) => setValues((x) => ({ ...x, [n]: v }));
  async function send(e) {
    e.preventDefault();
    const body = {};
    for (const n of Object.keys(first)) {
      if (values[n] === first[n]) continue;
      const v = String(values[n]).trim();
      // An empty why is "" (a text); the others are null when emptied (the server says which it refuses to clear).
      body[n] = n === "reach" || n === "effort" ? numberOf(v) : n === "why" ? v : v === "" ? null : v;
    }
    if (!Object.keys(body).length) return onCancel();
    setBusy(true);
    setError(null);
    try {
      const r = await request("PATCH", `/backlog/${item.id}`, { body, etag: ideaEtag(item) });
      const after = r.data || {};
      await onDone(after.rice !== null && after.rice !== undefined
        ? `Saved “${item.title}”: RICE ${NUM.format(after.rice)}` : `Saved “${item.title}”`);
      requestAnimationFrame(() => {
        const row = document.getElementById(`idea-${item.id}`);
        const b = row && row.querySelector("[data-act=edit]");
        if (b) b.focus();
      });
    } catch (err) {
      setError(err);
      announce(`Not saved: ${err.message}`, "error");
      const f = problemField(err);
      focusControl(form.current, f && first[f] !== undefined ? f : "reach");
    } finally {
      setBusy(false);
    }
  }
  const fieldErr = problemField(error);
  return html`<form class="idea-form edit" ref=${form} onSubmit=${send} noValidate aria-labelledby=${`edit-${item.id}-h`}>
    <h3 id=${`edit-${item.id}-h`}>Edit “${item.title}”</h3>
    <div class="rice-fields"><${Fields} prefix=${`edit-${item.id}`} names=${RICE_FIELDS} values=${values} set=${set} error=${error} props=${props} /></div>
    <div class="rice-fields"><${Fields} prefix=${`edit-${item.id}`} names=${["status", "why", "owner"]} values=${values} set=${set} error=${error} props=${props} /></div>
    ${error && (!fieldErr || first[fieldErr] === undefined) ? html`<${ErrorBox} error=${error} />` : null}
    <div class="actions">
      <button type="submit" disabled=${busy}>${busy ? "Saving…" : "Save"}</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

/** Makes a launch of an idea on a day and at a tier: the launch links back to the idea, and the idea is planned. */
function Promote({ item, onDone, onCancel }) {
  const [values, setValues] = useState({ date: addDays(today(), 56), tier: "3" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState(null);
  const form = useRef(null);
  const p = `promote-${item.id}`;
  const field = problemField(error);
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await request("POST", `/backlog/${item.id}/promote`, { body: { date: values.date, tier: Number(values.tier) } });
      setMade(r.data);
      announce(`Promoted “${item.title}” to the launch ${r.data.name || r.data.slug}`);
    } catch (err) {
      setError(err);
      announce(`Not promoted: ${err.message}`, "error");
      focusControl(form.current, problemField(err) === "tier" ? "tier" : "date");
    } finally {
      setBusy(false);
    }
  }
  if (made) return html`<div class="promoted" role="status">
    <p>“${item.title}” is now the launch <a href=${`/launches/${encodeURIComponent(made.slug)}`}>${made.name || made.slug}</a>,
      tier ${made.tier}, on ${made.date}.</p>
    <button type="button" class="secondary" onClick=${() => onDone()}>Done</button>
  </div>`;
  const describe = (n) => (field === n ? `${p}-${n}-err` : undefined);
  const err = (n) => (field === n ? html`<span class="field-error" id=${`${p}-${n}-err`}>${error.message}</span>` : null);
  return html`<form class="idea-form promote" ref=${form} onSubmit=${send} noValidate aria-labelledby=${`${p}-h`}>
    <h3 id=${`${p}-h`}>Promote “${item.title}” to a launch</h3>
    <div class="rice-fields">
      <div class="field"><label for=${`${p}-date`}>Launch day</label>
        <input type="date" id=${`${p}-date`} name="date" required value=${values.date} aria-invalid=${field === "date" ? "true" : undefined}
          aria-describedby=${describe("date")} onInput=${(e) => setValues((v) => ({ ...v, date: e.target.value }))} />${err("date")}</div>
      <div class="field"><label for=${`${p}-tier`}>Tier</label>
        <select id=${`${p}-tier`} name="tier" value=${values.tier} aria-describedby=${describe("tier")}
          onChange=${(e) => setValues((v) => ({ ...v, tier: e.target.value }))}>
          <option value="1">Tier 1: full campaign</option><option value="2">Tier 2: blog, email, enablement</option>
          <option value="3">Tier 3: changelog and in-app</option><option value="4">Tier 4: release notes</option>
        </select>${err("tier")}</div>
    </div>
    ${error && field !== "date" && field !== "tier" ? html`<${ErrorBox} error=${error} />` : null}
    <div class="actions">
      <button type="submit" disabled=${busy}>${busy ? "Promoting…" : "Create the launch"}</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

/** Adds an item (POST /backlog): a title, kind and track, and as much of RICE as is known. */
function AddItem({ track, onAdded }) {
  const s = useSchema("IdeaInput");
  const props = (s && s.properties) || {};
  const blank = { title: "", kind: "idea", track: track || "product", owner: "", persona: "", reach: "", impact: "", confidence: "", effort: "" };
  const [values, setValues] = useState(blank);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (n, v) => setValues((x) => ({ ...x, [n]: v }));
  async function send(e) {
    e.preventDefault();
    const body = {};
    for (const [n, v] of Object.entries(values)) {
      const t = String(v).trim();
      if (t !== "") body[n] = n === "reach" || n === "effort" ? numberOf(t) : t;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await request("POST", "/backlog", { body });
      setValues({ ...blank, kind: values.kind, track: values.track });
      await onAdded(r.data);
      focusControl(form.current, "title");
    } catch (err) {
      setError(err);
      announce(`Not added: ${err.message}`, "error");
      focusControl(form.current, problemField(err) && blank[problemField(err)] !== undefined ? problemField(err) : "title");
    } finally {
      setBusy(false);
    }
  }
  const fieldErr = problemField(error);
  return html`<section class="card add-idea" aria-labelledby="add-idea-h">
    <h2 id="add-idea-h">Add to the backlog</h2>
    <form class="idea-form" ref=${form} onSubmit=${send} noValidate>
      <div class="rice-fields wide"><${Fields} prefix="add" names=${["title", "kind", "track", "owner", "persona"]} values=${values}
        set=${set} error=${error} props=${props} /></div>
      <fieldset><legend>RICE <span class="muted">(what is known: the rest can come later)</span></legend>
        <div class="rice-fields"><${Fields} prefix="add" names=${RICE_FIELDS} values=${values} set=${set} error=${error} props=${props} /></div>
      </fieldset>
      ${error && (!fieldErr || blank[fieldErr] === undefined) ? html`<${ErrorBox} error=${error} />` : null}
      <div class="actions"><button type="submit" disabled=${busy}>${busy ? "Adding…" : "Add item"}</button></div>
    </form>
  </section>`;
}
