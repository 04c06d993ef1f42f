// pages/import.js - bringing a launch's plan in from another tool: pick the
// tool (Asana, Jira, Linear or a generic CSV) and its CSV export, and the
// dry run (POST /launches/{id}/import?dry_run=true, nothing saved) shows
// what would be created, changed and skipped and why, the owners no person
// matches and the dependency cycles whose closing edge is skipped. "Import"
// then sends the same file for real. The file goes as it is on disk (its
// bytes, not text decoded here), so the server is the one that says a file is
// not UTF-8 or not CSV, naming file:line:column.
import { useEffect, useRef, useState } from "preact/hooks";
import { request, canEdit } from "../api.js";
import { html, useLoad, usePageTitle, announce, fmtDate, Status, ErrorBox, Loading } from "../ui.js";
import { loadLaunch } from "../launch/data.js";

/** The tools, as the API's `source` names them. */
export const SOURCES = [
  { id: "asana", label: "Asana", hint: "Project menu → Export/Print → CSV" },
  { id: "jira", label: "Jira", hint: "Filters → Export → Export CSV (all fields)" },
  { id: "linear", label: "Linear", hint: "Settings → Import/Export → Export CSV" },
  { id: "csv", label: "Spreadsheet (CSV)", hint: "a header row naming tminus's task fields: id, title, section, owner, due, effort, status, depends_on, parent" },
];

const ACTIONS = { created: "Created", changed: "Updated", unchanged: "Unchanged", skipped: "Skipped" };
const MAX_BYTES = 16 * 1024 * 1024; /* the server's limit for this route (413 over it) */

/** The query of an import: the tool, the options, and the file's name for the server's messages. */
function importQuery(form, file, dry) {
  const q = { source: form.source };
  if (dry) q.dry_run = "true";
  if (form.create_people) q.create_people = "true";
  if (form.as_offsets) q.as_offsets = "true";
  if (form.map.trim()) q.map = form.map.trim();
  if (file && file.name) q.file = file.name;
  return q;
}

export default function ImportPage({ params }) {
  const id = params.launch;
  const [launch, error] = useLoad(() => loadLaunch(id), id);
  const [form, setForm] = useState({ source: "asana", create_people: false, as_offsets: false, map: "" });
  const [file, setFile] = useState(null);
  const [preview, setPreview] = useState(null); // { report, key } | { error } | { loading }
  const [done, setDone] = useState(null); // the report of the real import
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState(null);
  const previewHead = useRef(null);
  const doneHead = useRef(null);
  // After the import, focus goes to the heading that says what was done (a screen reader reads it).
  useEffect(() => {
    if (done && doneHead.current) doneHead.current.focus();
  }, [done]);
  usePageTitle(launch ? `Import tasks into ${launch.name}` : "Import tasks");

  if (error && !launch) return html`<${ErrorBox} error=${error} />`;
  if (!launch) return html`<${Loading} what="the launch" />`;

  const slug = launch.slug;
  const head = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Portfolio</a> <span aria-hidden="true">/</span>${" "}<a
      href=${`/launches/${slug}`}>${launch.name}</a> <span aria-hidden="true">/</span> Import tasks</nav>`;

  if (!canEdit()) {
    return html`<div class="import-page">${head}<h1>Import tasks into ${launch.name}</h1>
      <p class="note">Only an editor or an admin can import tasks. Anyone can download the launch's plan from the launch page.</p></div>`;
  }

  // What the preview was made from: a change of the form or the file makes it stale (Import waits for a new one).
  const key = JSON.stringify([form, file && [file.name, file.size, file.lastModified]]);
  const set = (k, v) => {
    setForm((f) => ({ ...f, [k]: v }));
    setProblem(null);
  };

  async function send(dry) {
    return request("POST", `/launches/${encodeURIComponent(slug)}/import`, {
      query: importQuery(form, file, dry), body: file, type: "text/csv",
    });
  }

  async function runPreview(e) {
    e.preventDefault();
    setProblem(null);
    if (!file) {
      setProblem({ field: "file", message: "Choose the CSV file to import." });
      return;
    }
    if (file.size > MAX_BYTES) {
      setProblem({ field: "file", message: `${file.name} is larger than 16 MiB: split it, or use tminus import on the command line.` });
      return;
    }
    setPreview({ loading: true });
    try {
      const r = await send(true);
      setPreview({ report: r.data, key });
      announce(`Preview ready: ${summary(r.data)}`);
    } catch (err) {
      setPreview({ error: err });
      announce(`The file cannot be imported: ${err.message}`, "error");
    }
    requestAnimationFrame(() => previewHead.current && previewHead.current.focus());
  }

  async function confirm() {
    setSaving(true);
    setProblem(null);
    try {
      const r = await send(false);
      setDone(r.data);
      announce(`Imported into ${launch.name}: ${summary(r.data)}`);
    } catch (err) {
      setProblem({ error: err });
      announce(`Nothing imported: ${err.message}`, "error");
    } finally {
      setSaving(false);
    }
  }

  if (done) {
    return html`<div class="import-page">
      ${head}
      <div class="page-head"><div>
        <h1 tabindex="-1" ref=${doneHead}>Imported into ${launch.name}</h1>
        <p class="sub">${summary(done)}.</p>
      </div>
      <div class="actions">
        <a class="button" href=${`/launches/${slug}`}>See the checklist</a>
        <a class="button secondary" href=${`/launches/${slug}?tab=timeline`}>See the timeline</a>
      </div></div>
      <${Report} report=${done} />
    </div>`;
  }

  const source = SOURCES.find((s) => s.id === form.source) || SOURCES[0];
  const ready = preview && preview.report && preview.key === key;
  return html`<div class="import-page">
    ${head}
    <div class="page-head"><div>
      <h1>Import tasks into ${launch.name}</h1>
      <p class="sub">Launch day is <strong>${fmtDate(launch.date)}</strong>. A preview shows what the file would do;
        nothing is saved until you confirm. Importing the same file again updates the tasks it made.</p>
    </div></div>
    <div class="import-grid">
      <form class="card import-form" onSubmit=${runPreview} aria-labelledby="import-form-h" novalidate>
        <h2 id="import-form-h">The file</h2>
        <fieldset class="sources">
          <legend>Exported from</legend>
          ${SOURCES.map((s) => html`<div class="source-choice">
            <input type="radio" name="source" id=${`source-${s.id}`} value=${s.id} checked=${form.source === s.id}
              aria-describedby=${`source-${s.id}-hint`} onChange=${() => set("source", s.id)} />
            <label for=${`source-${s.id}`}>${s.label}</label>
            <span class="hint" id=${`source-${s.id}-hint`}>${s.hint}</span>
          </div>`)}
        </fieldset>
        <div class="field">
          <label for="import-file">CSV file from ${source.label}</label>
          <input type="file" id="import-file" name="file" accept=".csv,text/csv"
            aria-describedby=${problem && problem.field === "file" ? "import-file-err" : "import-file-hint"}
            aria-invalid=${problem && problem.field === "file" ? "true" : undefined}
            onChange=${(e) => { setFile(e.target.files[0] || null); setProblem(null); }} />
          <span class="hint" id="import-file-hint">UTF-8 (with or without a BOM), comma-separated, up to 100,000 rows.</span>
          ${problem && problem.field === "file" ? html`<span class="field-error" id="import-file-err">${problem.message}</span>` : null}
        </div>
        <div class="field check">
          <input type="checkbox" id="import-create-people" name="create_people" checked=${form.create_people}
            aria-describedby="import-create-people-hint" onChange=${(e) => set("create_people", e.target.checked)} />
          <label for="import-create-people">Add the people the file names who are not in tminus</label>
          <span class="hint" id="import-create-people-hint">Otherwise they are listed and their tasks left without an owner.</span>
        </div>
        <div class="field check">
          <input type="checkbox" id="import-as-offsets" name="as_offsets" checked=${form.as_offsets}
            aria-describedby="import-as-offsets-hint" onChange=${(e) => set("as_offsets", e.target.checked)} />
          <label for="import-as-offsets">Count due dates from launch day</label>
          <span class="hint" id="import-as-offsets-hint">Due dates become offsets such as T-12d, so they move when launch day does.
            Otherwise they stay fixed dates.</span>
        </div>
        <div class="field">
          <label for="import-map">Other column names (optional)</label>
          <input type="text" id="import-map" name="map" value=${form.map} maxlength="1000" aria-describedby="import-map-hint"
            onInput=${(e) => set("map", e.target.value)} />
          <span class="hint" id="import-map-hint">Header=field pairs, e.g. <code>Task Name=title,Owner=owner</code>.</span>
        </div>
        <div class="actions">
          <button type="submit" id="import-preview" class=${ready ? "secondary" : ""} disabled=${preview && preview.loading}>
            ${preview && preview.loading ? "Reading the file…" : ready ? "Preview again" : "Preview the import"}</button>
          <button type="button" id="import-confirm" class=${ready ? "" : "secondary"} disabled=${!ready || saving} onClick=${confirm}
            aria-describedby="import-confirm-hint">${saving ? "Importing…" : "Import"}</button>
          <a class="button secondary" href=${`/launches/${slug}`}>Cancel</a>
        </div>
        <p class="hint" id="import-confirm-hint">${ready ? "Import saves what the preview shows, in one go."
          : "Preview the file first: Import saves what the preview shows."}</p>
        ${problem && problem.error ? html`<${ErrorBox} error=${problem.error} />` : null}
      </form>
      <section class="card import-preview" aria-labelledby="import-preview-h" aria-busy=${preview && preview.loading ? "true" : "false"}>
        <h2 id="import-preview-h" tabindex="-1" ref=${previewHead}>What the import would do</h2>
        ${!preview ? html`<p class="empty">Choose the tool and its CSV file, then preview: the tasks it would create, update and skip
            show here before anything is saved.</p>`
          : preview.error ? html`<${FileError} error=${preview.error} />`
          : preview.loading && !preview.report ? html`<${Loading} what="the preview" />`
          : html`<div class=${preview.key !== key ? "stale" : ""}>
              ${preview.key !== key ? html`<p class="warn">The file or the options changed since this preview: preview again to import.</p>` : null}
              <${Report} report=${preview.report} /></div>`}
      </section>
    </div>
  </div>`;
}

/** The problem of a file the server refuses: its message names the file, line and column. */
function FileError({ error }) {
  const where = /^(.*?):(\d+):(\d+): (.*)$/s.exec(error.message || "");
  if (!where || error.status !== 400) return html`<${ErrorBox} error=${error} />`;
  return html`<div class="error import-error" role="alert">
    <strong>The file cannot be imported; nothing was saved.</strong>
    <p><span class="where"><code>${where[1]}</code>, line ${where[2]}, column ${where[3]}</span>: ${where[4]}</p>
  </div>`;
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** The report's counts (ImportReport.counts). */
const countsOf = (r) => r.counts || {};

/** One line: "12 tasks to create, 3 to update, 1 skipped, 9 dependencies". */
export function summary(report) {
  const would = report.dry_run;
  const r = countsOf(report);
  const parts = [
    `${plural(r.created || 0, "task", "tasks")} ${would ? "to create" : "created"}`,
    `${r.changed || 0} ${would ? "to update" : "updated"}`,
  ];
  if (r.unchanged) parts.push(`${r.unchanged} unchanged`);
  parts.push(`${r.skipped || 0} skipped`);
  parts.push(plural(r.dependencies || 0, "dependency", "dependencies"));
  return parts.join(", ");
}

function Counts({ report }) {
  const r = { ...countsOf(report), dry_run: report.dry_run };
  const items = [
    ["created", r.dry_run ? "to create" : "created", r.created],
    ["changed", r.dry_run ? "to update" : "updated", r.changed],
    ["unchanged", "unchanged", r.unchanged],
    ["skipped", "skipped", r.skipped],
    ["deps", "dependencies", r.dependencies],
  ];
  return html`<ul class="import-counts" aria-label="Summary">
    ${items.map(([k, label, n]) => html`<li class=${`count-${k}`}><strong>${n || 0}</strong> ${label}</li>`)}
  </ul>`;
}

/** The rows a report lists (each one of the file's rows). */
const rowsOf = (r) => r.tasks || [];

/** The import report (ImportReport): counts, unknown people, cycles, notes and every row with its action and reason. */
export function Report({ report }) {
  const r = report;
  const rows = rowsOf(r);
  const people = r.people || [];
  const cycles = r.cycles || [];
  const notes = r.notes || [];
  const [only, setOnly] = useState("all");
  const shown = only === "all" ? rows : rows.filter((x) => x.action === only);
  return html`<div class="import-report">
    <${Counts} report=${r} />
    ${countsOf(r).dependencies_skipped ? html`<p class="muted">${plural(countsOf(r).dependencies_skipped, "dependency", "dependencies")} not kept
      (to a task not in the file, or closing a cycle).</p>` : null}
    ${cycles.length ? html`<section class="import-cycles" aria-labelledby="import-cycles-h">
      <h3 id="import-cycles-h">${plural(cycles.length, "cycle", "cycles")} in the file: closing edge skipped</h3>
      <ul>${cycles.map((c) => html`<li><span class="cycle-path">${c.path}</span>${" — "}“${c.task}” no longer waits for “${c.after}”${c.line
        ? html` <span class="muted">(line ${c.line})</span>` : null}</li>`)}</ul>
    </section>` : null}
    ${people.length ? html`<section class="import-people" aria-labelledby="import-people-h">
      <h3 id="import-people-h">${plural(people.length, "owner", "owners")} not in tminus</h3>
      <ul>${people.map((p) => html`<li><strong>${p.name || p.email}</strong>${p.email && p.name ? html` <span class="muted">${p.email}</span>` : null}
        ${" — "}${p.created ? r.dry_run ? "would be added" : "added" : "tasks left without an owner"}${" "}<span class="muted">(${plural(p.tasks || 0, "task", "tasks")})</span></li>`)}</ul>
    </section>` : null}
    ${notes.length ? html`<ul class="import-notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
    <div class="import-rows-head">
      <h3 id="import-rows-h">${plural(rows.length, "row", "rows")}</h3>
      <label for="import-only" class="visually-hidden">Show</label>
      <select id="import-only" value=${only} onChange=${(e) => setOnly(e.target.value)}>
        <option value="all">All rows</option>
        ${Object.entries(ACTIONS).map(([k, v]) => html`<option value=${k}>${v} only</option>`)}
      </select>
    </div>
    ${shown.length ? html`<div class="table-wrap"><table class="import-rows" aria-labelledby="import-rows-h">
      <thead><tr><th scope="col" class="num">Line</th><th scope="col">Task</th><th scope="col">Section</th><th scope="col">Owner</th>
        <th scope="col">Due</th><th scope="col" class="num">Days</th><th scope="col">Outcome</th></tr></thead>
      <tbody>${shown.map((x) => html`<tr data-line=${x.line} data-action=${x.action} class=${`act-${x.action}`}>
        <td class="num">${x.line}</td>
        <th scope="row">${x.title || html`<span class="muted">(no title)</span>`}${x.parent ? html`<span class="sub-of">subtask of ${x.parent}</span>` : null}
          ${x.status && x.status !== "todo" ? html` <${Status} status=${x.status} />` : null}</th>
        <td>${x.section || "—"}</td>
        <td>${x.owner || html`<span class="muted">nobody</span>`}</td>
        <td>${x.due ? /^\d{4}-\d\d-\d\d$/.test(x.due) ? fmtDate(x.due) : x.due : "—"}</td>
        <td class="num">${x.effort_days || ""}</td>
        <td><span class=${`action action-${x.action}`}>${r.dry_run && x.action === "created" ? "To create"
          : r.dry_run && x.action === "changed" ? "To update" : ACTIONS[x.action] || x.action}</span>${x.reason
          ? html`<span class="reason">${x.reason}</span>` : null}</td>
      </tr>`)}</tbody></table></div>` : html`<p class="empty">No row ${only === "all" ? "" : `is ${ACTIONS[only].toLowerCase()}`}.</p>`}
  </div>`;
}
