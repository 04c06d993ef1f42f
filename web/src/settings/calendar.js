// settings/calendar.js - the workspace's days off and freeze windows
// (GET/POST/DELETE /holidays and /freezes, POST /holidays/import). A
// holiday moves the open tasks counted from T off that day: the answer
// says how many moved, and the page says so.
import { useRef, useState } from "preact/hooks";
import { request } from "../api.js";
import { html, useLoad, ErrorBox, Loading, announce, fmtDate, today } from "../ui.js";
import { ConfirmButton, SchemaForm } from "./forms.js";
import { getAll } from "../lists.js";

/** "Added 1 holiday; 3 tasks moved off it" from a HolidaysAdded answer. */
function addedText(r) {
  const n = (k, one, many) => `${r[k]} ${r[k] === 1 ? one : many}`;
  const parts = [`Added ${n("added", "holiday", "holidays")}`];
  if (r.skipped) parts.push(`${n("skipped", "was", "were")} there already`);
  if (r.left_out) parts.push(`${r.left_out} outside the planned years left out`);
  parts.push(r.tasks_moved ? `${n("tasks_moved", "task", "tasks")} moved off them` : "no task had to move");
  return parts.join("; ");
}

export default function Calendar() {
  return html`<div class="section-grid">
    <${Holidays} />
    <${Freezes} />
  </div>`;
}

function Holidays() {
  const [days, error, reload] = useLoad(() => getAll("/holidays"), "holidays");
  const [result, setResult] = useState(null);
  const [importError, setImportError] = useState(null);
  const file = useRef(null);
  const upcoming = (days || []).filter((d) => d.date >= today());
  const past = (days || []).length - upcoming.length;
  const [showPast, setShowPast] = useState(false);
  const shown = showPast ? days || [] : upcoming;
  const done = (r) => {
    const text = addedText(r);
    setResult(text);
    announce(text);
    reload();
  };
  const add = async (body) => done((await request("POST", "/holidays", { body })).data);
  const importFile = async (e) => {
    const f = e.target.files && e.target.files[0];
    if (!f) return;
    setImportError(null);
    try {
      const text = await f.text();
      done((await request("POST", "/holidays/import", { body: text, type: "text/calendar; charset=utf-8" })).data);
    } catch (err) {
      setImportError(err);
    } finally {
      e.target.value = "";
    }
  };
  const remove = async (d) => {
    await request("DELETE", `/holidays/${d.date}`);
    announce(`Removed ${d.name || "the holiday"} on ${fmtDate(d.date)}`);
    reload();
  };
  return html`<div class="card holidays">
    <h2>Holidays <span class="count">${days ? days.length : ""}</span></h2>
    <${ErrorBox} error=${error} onRetry=${reload} />
    ${result ? html`<p class="note result">${result}.</p>` : null}
    ${!days && !error ? html`<${Loading} what="holidays" />` : null}
    ${days && shown.length === 0 ? html`<p class="empty">No ${past ? "upcoming " : ""}holidays.</p>` : null}
    ${shown.length ? html`<div class="table-wrap"><table>
      <caption class="visually-hidden">Holidays</caption>
      <thead><tr><th scope="col">Date</th><th scope="col">Name</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${shown.map((d) => html`<tr key=${d.date}>
        <th scope="row"><time datetime=${d.date}>${fmtDate(d.date)}</time></th>
        <td>${d.name || html`<span class="muted">—</span>`}</td>
        <td class="row-actions"><${ConfirmButton} what=${`${d.name || "the holiday"} on ${fmtDate(d.date)}`} onConfirm=${() => remove(d)} /></td>
      </tr>`)}</tbody>
    </table></div>` : null}
    ${past ? html`<p><button type="button" class="link" aria-expanded=${showPast} onClick=${() => setShowPast(!showPast)}>
      ${showPast ? "Hide" : "Show"} ${past} past ${past === 1 ? "holiday" : "holidays"}</button></p>` : null}
    <h3>Add a holiday</h3>
    <${SchemaForm} schemaName="HolidayInput" idPrefix="add-holiday" submit="Add holiday" onSubmit=${add} />
    <h3>Import a calendar</h3>
    <p class="hint">An iCalendar file (.ics) of days off, such as a public-holiday calendar exported from Google Calendar or Outlook: each all-day event becomes a holiday.</p>
    <div class="file-pick">
      <input type="file" id="holiday-ics" accept=".ics,text/calendar" ref=${file} onChange=${importFile} class="visually-hidden" />
      <label for="holiday-ics" class="button secondary">Choose an .ics file…</label>
    </div>
    <${ErrorBox} error=${importError} />
  </div>`;
}

function Freezes() {
  const [freezes, error, reload, set] = useLoad(() => getAll("/freezes"), "freezes");
  const add = async (body) => {
    const r = await request("POST", "/freezes", { body });
    set((fs) => [...(fs || []), r.data].sort((a, b) => (a.from < b.from ? -1 : 1)));
    announce(`Added the freeze ${r.data.name}`);
  };
  const remove = async (f) => {
    await request("DELETE", `/freezes/${f.id}`);
    set((fs) => fs.filter((x) => x.id !== f.id));
    announce(`Removed the freeze ${f.name}`);
  };
  return html`<div class="card freezes">
    <h2>Freezes <span class="count">${freezes ? freezes.length : ""}</span></h2>
    <${ErrorBox} error=${error} onRetry=${reload} />
    ${!freezes && !error ? html`<${Loading} what="freezes" />` : null}
    ${freezes && freezes.length === 0 ? html`<p class="empty">No freeze windows.</p>` : null}
    ${freezes && freezes.length ? html`<div class="table-wrap"><table>
      <caption class="visually-hidden">Freeze windows</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">From</th><th scope="col">To</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${freezes.map((f) => html`<tr key=${f.id}>
        <th scope="row">${f.name}</th>
        <td><time datetime=${f.from}>${fmtDate(f.from)}</time></td>
        <td><time datetime=${f.to}>${fmtDate(f.to)}</time></td>
        <td class="row-actions"><${ConfirmButton} what=${`the freeze ${f.name}`} onConfirm=${() => remove(f)} /></td>
      </tr>`)}</tbody>
    </table></div>` : null}
    <h3>Add a freeze</h3>
    <${SchemaForm} schemaName="FreezeInput" idPrefix="add-freeze" submit="Add freeze" onSubmit=${add} only=${["name", "from", "to"]} />
  </div>`;
}
