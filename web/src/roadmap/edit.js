// roadmap/edit.js - an editor's change to one roadmap item, in a row under
// it on the timeline: its title, owner, quarter, colour and launches (PATCH
// /roadmap/{id} with the If-Match of the version shown, so a change made
// meanwhile by someone else is refused, not overwritten), or its removal
// (DELETE, asked first). A refusal is shown by the field it names.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../api.js";
import { problemField, focusControl, ConfirmButton } from "../settings/forms.js";
import { html, announce, fmtDate, ErrorBox } from "../ui.js";
import { COLOURS } from "./timeline.js";

/** The If-Match of an item that came in the roadmap's list (src/http/reply.c's ETag form). */
export const itemEtag = (it) => `"roadmap-${it.id}-v${it.version}"`;

export function EditItem({ item: it, people, launches, onDone, onCancel }) {
  const [v, setV] = useState({ title: it.title, owner: it.owner || "", quarter: it.quarter || "", status: it.status,
    launches: (it.launches || []).map((l) => l.slug) });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const id = (k) => `rm-edit-${it.id}-${k}`;
  const field = problemField(error);
  const top = field ? field.split("/")[0] : null;
  useEffect(() => {
    const el = form.current && form.current.querySelector("input");
    if (el) el.focus();
  }, []);
  const set = (k) => (e) => setV({ ...v, [k]: e.target.value });
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {};
    if (v.title.trim() !== it.title) body.title = v.title.trim();
    if (v.owner !== (it.owner || "")) body.owner = v.owner || null;
    if (v.quarter.trim() !== (it.quarter || "")) body.quarter = v.quarter.trim();
    if (v.status !== it.status) body.status = v.status;
    const was = (it.launches || []).map((l) => l.slug);
    if (v.launches.join() !== was.join()) body.launches = v.launches;
    try {
      if (Object.keys(body).length) await request("PATCH", `/roadmap/${it.id}`, { body, etag: itemEtag(it) });
      await onDone(`Saved “${v.title.trim() || it.title}”`);
    } catch (err) {
      setError(err);
      announce(`Not saved: ${err.message}`, "error");
      focusControl(form.current, top || problemField(err) || "title");
    } finally {
      setBusy(false);
    }
  }
  const err = (k) => (top === k ? html`<span class="field-error" id=${id(`${k}-err`)}>${error.message}</span>` : null);
  const aria = (k) => ({ "aria-invalid": top === k ? "true" : undefined, "aria-describedby": top === k ? id(`${k}-err`) : undefined });
  const names = people.map((p) => p.name);
  if (it.owner && !names.includes(it.owner)) names.push(it.owner);
  return html`<form class="rm-edit" ref=${form} onSubmit=${send} novalidate aria-label=${`Change ${it.title}`}
    onKeyDown=${(e) => e.key === "Escape" && !busy && onCancel()}>
    <div class="rm-edit-grid">
      <div class="field rm-edit-title">
        <label for=${id("title")}>Title</label>
        <input id=${id("title")} name="title" value=${v.title} onInput=${set("title")} ...${aria("title")} />${err("title")}
      </div>
      <div class="field">
        <label for=${id("owner")}>Owner</label>
        <select id=${id("owner")} name="owner" value=${v.owner} onChange=${set("owner")} ...${aria("owner")}>
          <option value="">nobody</option>
          ${names.map((n) => html`<option value=${n}>${n}</option>`)}
        </select>${err("owner")}
      </div>
      <div class="field">
        <label for=${id("quarter")}>Quarter</label>
        <input id=${id("quarter")} name="quarter" value=${v.quarter} placeholder="2027Q1" autocomplete="off"
          onInput=${set("quarter")} ...${aria("quarter")} />${err("quarter")}
      </div>
      <div class="field">
        <label for=${id("status")}>Colour (as its owner sees it)</label>
        <select id=${id("status")} name="status" value=${v.status} onChange=${set("status")} ...${aria("status")}>
          ${Object.entries(COLOURS).map(([k, c]) => html`<option value=${k}>${c.label}: ${c.hint}</option>`)}
        </select>${err("status")}
      </div>
      ${it.level === "release" || (it.launches || []).length ? html`<div class="field rm-edit-launches">
        <label for=${id("launches")}>Launches that deliver it</label>
        <select id=${id("launches")} name="launches" multiple size="4" ...${aria("launches")}
          onChange=${(e) => setV({ ...v, launches: [...e.target.selectedOptions].map((o) => o.value) })}>
          ${launches.map((l) => html`<option value=${l.slug} selected=${v.launches.includes(l.slug)}>${l.name} (${fmtDate(l.date)})</option>`)}
        </select>${err("launches")}
      </div>` : null}
    </div>
    ${error && !["title", "owner", "quarter", "status", "launches"].includes(top) ? html`<${ErrorBox} error=${error} />` : null}
    <div class="actions">
      <button type="submit" disabled=${busy}>${busy ? "Saving…" : "Save"}</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
      <${ConfirmButton} what=${`“${it.title}”`} onConfirm=${async () => {
        await request("DELETE", `/roadmap/${it.id}`, { etag: itemEtag(it) });
        await onDone(`Removed “${it.title}” from the roadmap`);
      }} />
    </div>
  </form>`;
}
