// launch/io.js - the launch room's way out and in: download links for the
// launch's plan (GET /launches/{id}/export?format=csv|json|ics|md: the
// server names the file in Content-Disposition, the session cookie signs the
// download in) and, for editors, the way to the import page.
import { canEdit } from "../api.js";
import { html } from "../ui.js";

/** The export formats, as the API's `format` names them. */
export const FORMATS = [
  { id: "csv", label: "CSV", what: "the tasks, as a spreadsheet (tminus import csv reads it back)" },
  { id: "json", label: "JSON", what: "the launch with its tasks, brief, metrics and decisions" },
  { id: "ics", label: "iCalendar", what: "launch day and the tasks' due dates, for a calendar" },
  { id: "md", label: "Markdown", what: "the brief and the checklist, as documents" },
];

export const exportUrl = (slug, format) => `/api/v1/launches/${encodeURIComponent(slug)}/export?format=${format}`;

/** "Download: CSV · JSON · iCalendar · Markdown", and "Import tasks…" for those who may change the launch. */
export function LaunchIO({ launch }) {
  return html`<div class="launch-io">
    ${canEdit() ? html`<a class="button secondary import-link" href=${`/launches/${launch.slug}/import`}>Import tasks…</a>` : null}
    <p class="downloads"><span id="downloads-label">Download</span>
      <span role="group" aria-labelledby="downloads-label">${FORMATS.map((f, i) => html`${i ? html`<span aria-hidden="true"> · </span>` : null}<a
        href=${exportUrl(launch.slug, f.id)} download data-format=${f.id} title=${f.what}>${f.label}<span class="visually-hidden">: ${f.what}</span></a>`)}</span></p>
  </div>`;
}
