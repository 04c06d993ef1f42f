// pages/people.js - the team and its load: each person's booked effort per
// ISO week (GET /load, the plan of every launch) as a table heat map whose
// cells say their number and mark an overload in words, each cell opening
// the tasks behind it; then the people themselves, and for admins a form to
// add one (its fields and hints from the server's PersonInput schema).
import { useEffect, useRef, useState } from "preact/hooks";
import { get, request, isAdmin, schema } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, today, addDays, Field, ErrorBox, Loading, announce } from "../ui.js";
import { mondayOf, weekSpan, dayMonth } from "../portfolio/dates.js";
import { getAll } from "../lists.js";
import { readLoad, shade } from "../portfolio/load.js";

const ROLES = { pm: "Product manager", pmm: "Product marketing", marketing: "Marketing", sales: "Sales", cs: "Customer success",
  support: "Support", eng: "Engineering", design: "Design", exec: "Executive" };
const WEEKS = 12;
const fmtDays = (d) => (Math.round(d * 10) / 10).toLocaleString("en");

export default function People({ query }) {
  const from = /^\d{4}-\d{2}-\d{2}$/.test(query.get("from") || "") ? mondayOf(query.get("from")) : mondayOf(today());
  const to = addDays(from, WEEKS * 7 - 1);
  const [load, lerr, reloadLoad] = useLoad(() => get("/load", { from, to }).then(readLoad), `${from}`);
  const [people, perr, reloadPeople] = useLoad(() => getAll("/people", { limit: 1000 }), "people");
  const cellKey = query.get("cell");

  const step = (n) => setQuery({ from: addDays(from, n * 7), cell: undefined });
  return html`<div class="people-page">
    <div class="page-head">
      <div>
        <h1>People and load</h1>
        <p class="sub">Working days booked per week against each person's capacity, from the plans of every open launch.</p>
      </div>
    </div>

    <section aria-labelledby="load-title" class="load-section">
      <div class="toolbar">
        <div class="nav-range">
          <button type="button" class="secondary" onClick=${() => setQuery({ from: undefined, cell: undefined })}>This week</button>
          <button type="button" class="secondary icon" aria-label="Four weeks earlier" onClick=${() => step(-4)}><span aria-hidden="true">‹</span></button>
          <button type="button" class="secondary icon" aria-label="Four weeks later" onClick=${() => step(4)}><span aria-hidden="true">›</span></button>
          <h2 id="load-title" class="range-title">${dayMonth(from)} – ${dayMonth(to)}</h2>
        </div>
        <${ShadeKey} />
      </div>
      <${ErrorBox} error=${lerr} onRetry=${reloadLoad} />
      ${!load && !lerr ? html`<${Loading} what="the load" />` : null}
      ${load ? html`<${HeatMap} load=${load} cellKey=${cellKey} />` : null}
      ${load && cellKey ? html`<${CellTasks} load=${load} cellKey=${cellKey} />` : null}
    </section>

    <section aria-labelledby="people-title" class="people-section">
      <h2 id="people-title">People</h2>
      <${ErrorBox} error=${perr} onRetry=${reloadPeople} />
      ${people ? html`<${PeopleTable} people=${people} />` : !perr ? html`<${Loading} what="people" />` : null}
      ${isAdmin() ? html`<${AddPerson} onAdded=${() => { reloadPeople(); reloadLoad(); }} />` : null}
    </section>
  </div>`;
}

function ShadeKey() {
  return html`<div class="shade-key" aria-label="Shades">
    <span>Booked of capacity:</span>
    <span class="load-cell s1 key">≤30%</span><span class="load-cell s2 key">≤55%</span><span class="load-cell s3 key">≤80%</span>
    <span class="load-cell s4 key">≤100%</span><span class="load-cell s5 key"><span aria-hidden="true">▲ </span>over</span>
  </div>`;
}

function HeatMap({ load, cellKey }) {
  const { weeks, people: rows } = load;
  const over = load.overloaded;
  if (!rows.length) return html`<p class="empty">No one is on the team yet: add people below.</p>`;
  return html`<div>
    <p class=${over ? "warn load-summary" : "note load-summary"}>${over
      ? html`<strong>${over} person-week${over === 1 ? " is" : "s are"} over capacity</strong> in this window: open a marked cell to see the tasks to move or reassign.`
      : "No one is booked over capacity in these weeks."}</p>
    <div class="table-wrap heat-wrap" tabindex="0" role="region" aria-label="Load by person and week (scrolls sideways)">
      <table class="heat">
        <caption class="visually-hidden">Working days booked per person and ISO week; each cell opens its tasks</caption>
        <thead><tr>
          <th scope="col" class="who-col">Person</th>
          ${weeks.map((w) => html`<th scope="col" class="wk"><abbr title=${w.week}>W${w.week.slice(-2)}</abbr><span class="wk-span">${dayMonth(w.monday)}</span></th>`)}
        </tr></thead>
        <tbody>
          ${rows.map((p) => html`<tr>
            <th scope="row" class="who-col">${p.name}<span class="cap">${p.capacity} d/wk</span></th>
            ${weeks.map((w) => {
              const c = p.cells.get(w.week);
              const key = `${p.name}|${w.week}`;
              if (!c || !c.days) return html`<td class="load-cell s0"><span class="visually-hidden">${p.name}, ${w.week}: nothing booked</span></td>`;
              const pct = Math.round((c.days / (c.capacity || p.capacity)) * 100);
              const sel = cellKey === key;
              return html`<td class=${`load-cell s${shade(c.days, c.capacity)}${c.over ? " over" : ""}${sel ? " selected" : ""}`}>
                <button type="button" aria-pressed=${sel} onClick=${() => setQuery({ cell: sel ? undefined : key })}
                  aria-label=${`${p.name}, week ${w.week.slice(-2)}: ${fmtDays(c.days)} of ${c.capacity} days (${pct}%)${c.over ? ", over capacity" : ""}; show the tasks`}>
                  ${c.over ? html`<span class="over-mark" aria-hidden="true">▲</span>` : null}${fmtDays(c.days)}
                </button>
              </td>`;
            })}
          </tr>`)}
        </tbody>
      </table>
    </div>
  </div>`;
}

/** The tasks behind one cell, as the load answer names them (the largest share first), with their launches. */
function CellTasks({ load, cellKey }) {
  const [name, week] = cellKey.split("|");
  const p = load.people.find((x) => x.name === name);
  const c = p && p.cells.get(week);
  const head = useRef(null);
  useEffect(() => head.current && head.current.focus(), [cellKey]);
  if (!c) return null;
  const w = load.weeks.find((x) => x.week === week);
  const more = c.task_count - c.tasks.length;
  return html`<section class="card cell-tasks" aria-labelledby="cell-title">
    <div class="day-panel-head">
      <h3 id="cell-title" tabindex="-1" ref=${head}>${name}, week ${week.slice(-2)}${w ? ` (${weekSpan(w.monday)})` : ""}</h3>
      <button type="button" class="secondary" onClick=${() => setQuery({ cell: undefined })}>Close<span class="visually-hidden"> the tasks</span></button>
    </div>
    <p>${fmtDays(c.days)} of ${c.capacity} working days booked by ${c.task_count} open task${c.task_count === 1 ? "" : "s"}${c.over
      ? html` — <strong class="over-text"><span aria-hidden="true">▲ </span>over capacity by ${fmtDays(c.days - c.capacity)} days</strong>` : ""}.</p>
    ${c.tasks.length === 0
      ? html`<p class="empty">The load names no task for this week.</p>`
      : html`<div class="table-wrap"><table class="cell-task-table">
        <thead><tr><th scope="col">Task</th><th scope="col">Launch</th><th scope="col" class="num">Days this week</th></tr></thead>
        <tbody>${c.tasks.map((t) => html`<tr data-task=${t.id}>
          <td>${t.title}</td>
          <td><a href=${`/launches/${encodeURIComponent(t.launch)}`}>${t.launch_name}</a></td>
          <td class="num">${fmtDays(t.days)}</td>
        </tr>`)}</tbody>
      </table></div>`}
    ${more > 0 ? html`<p class="note">…and ${more} smaller task${more === 1 ? "" : "s"}: the largest shares are listed.</p>` : null}
  </section>`;
}

function PeopleTable({ people }) {
  return html`<div class="table-wrap people-table">
    <table>
      <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Email</th><th scope="col" class="num">Capacity</th></tr></thead>
      <tbody>${people.map((p) => html`<tr>
        <th scope="row">${p.name}</th>
        <td>${ROLES[p.role] || p.role}</td>
        <td>${p.email ? html`<a href=${`mailto:${p.email}`}>${p.email}</a>` : html`<span class="muted">—</span>`}</td>
        <td class="num">${p.capacity} days a week</td>
      </tr>`)}</tbody>
    </table>
  </div>`;
}

/** The admin's form to add a person: the fields and hints of the PersonInput schema. */
function AddPerson({ onAdded }) {
  const [s, serr] = useLoad(() => schema("PersonInput"), "PersonInput");
  const [open, setOpen] = useState(false);
  const [v, setV] = useState({ role: "pmm", capacity: 5 });
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  if (!open) return html`<div class="actions"><button type="button" onClick=${() => setOpen(true)}>Add a person</button></div>`;
  if (serr) return html`<${ErrorBox} error=${serr} />`;
  if (!s) return html`<${Loading} what="the form" />`;
  const props = s.properties || {};
  const set = (k) => (x) => setV({ ...v, [k]: x });
  const fieldError = (k) => (error && error.field === k ? error.message : null);
  async function submit(e) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const r = await request("POST", "/people", { body: v });
      announce(`Added ${r.data.name}`);
      setV({ role: "pmm", capacity: 5 });
      setOpen(false);
      onAdded();
    } catch (x) {
      setError(x);
    } finally {
      setSaving(false);
    }
  }
  const labels = { name: "Name", role: "Role", email: "Email", capacity: "Capacity (days a week)" };
  return html`<form class="card add-person" onSubmit=${submit} aria-labelledby="add-person-title">
    <h3 id="add-person-title">Add a person</h3>
    ${error && !error.field ? html`<${ErrorBox} error=${error} />` : null}
    <div class="add-person-fields">
      ${Object.keys(props).map((k) => html`<${Field} name=${k} label=${labels[k] || k} prop=${props[k]} value=${v[k]} onInput=${set(k)}
        error=${fieldError(k)} required=${(s.required || []).includes(k)} autofocus=${k === "name"} />`)}
    </div>
    <div class="actions">
      <button type="submit" disabled=${saving}>${saving ? "Adding…" : "Add person"}</button>
      <button type="button" class="secondary" onClick=${() => setOpen(false)}>Cancel</button>
    </div>
  </form>`;
}
