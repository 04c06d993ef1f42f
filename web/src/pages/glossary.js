// pages/glossary.js - seed 003's shared glossary "including personas" (GET
// /glossary?kind=): the personas as cards (role, goals, pains) that the
// backlog and briefs name, then the terms in alphabetical order, each with
// its own anchor (#term-ID). The kind shown is in the address (?kind=).
// Editors add an entry (POST /glossary), change one (PATCH with If-Match)
// or remove it (DELETE with If-Match, asked first); a refusal (a term twice
// is a conflict) is shown by the field it names.
import { useRef, useState } from "preact/hooks";
import { request, canEdit } from "../api.js";
import { setQuery } from "../router.js";
import { getAll } from "../lists.js";
import { useSchema, problemField, focusControl, cap, ConfirmButton } from "../settings/forms.js";
import { html, useLoad, usePageTitle, announce, ErrorBox, Loading } from "../ui.js";
import { LedgerNav } from "../ledger.js";

const KINDS = { term: "Terms", persona: "Personas" };
/** The If-Match of an entry that came in a list (src/http/reply.c's ETag form). */
const termEtag = (t) => `"term-${t.id}-v${t.version}"`;
const byTerm = (a, b) => a.term.localeCompare(b.term, "en", { sensitivity: "base" });

export default function Glossary({ query }) {
  const kind = KINDS[query.get("kind")] ? query.get("kind") : "";
  const [list, error, reload] = useLoad(() => getAll("/glossary", { kind: kind || undefined, limit: 1000 }), kind);
  const [editing, setEditing] = useState(null);
  usePageTitle(kind ? `Glossary, ${KINDS[kind].toLowerCase()}` : "Glossary");
  const personas = list ? list.filter((t) => t.kind === "persona").sort(byTerm) : [];
  const terms = list ? list.filter((t) => t.kind !== "persona").sort(byTerm) : [];
  const changed = async (msg) => {
    setEditing(null);
    announce(msg);
    await reload();
  };
  return html`<div class="glossary">
    <${LedgerNav} here="glossary" />
    <div class="page-head">
      <div>
        <h1>Glossary</h1>
        <p class="sub">The shared language of product and marketing: the words the team agreed on, and the personas the
          backlog and the briefs name.</p>
      </div>
      <div class="seg" role="group" aria-label="Show">
        ${[["", "Everything"], ...Object.entries(KINDS)].map(([k, label]) => html`<button type="button"
          class=${`secondary${kind === k ? " on" : ""}`} aria-pressed=${kind === k ? "true" : "false"}
          onClick=${() => setQuery({ kind: k || null })}>${label}</button>`)}
      </div>
    </div>
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${!list ? (error ? null : html`<${Loading} what="the glossary" />`) : html`
      <p class="gl-count" role="status">${`${personas.length} ${personas.length === 1 ? "persona" : "personas"} and ${
        terms.length} ${terms.length === 1 ? "term" : "terms"}.`}</p>
      ${kind !== "term" ? html`<section aria-labelledby="gl-personas-h">
        <h2 id="gl-personas-h">Personas</h2>
        ${personas.length ? html`<ul class="gl-personas">${personas.map((t) => html`<li key=${t.id}>
          <${Entry} term=${t} editing=${editing === t.id} setEditing=${setEditing} onChanged=${changed} /></li>`)}</ul>`
          : html`<p class="empty">No persona yet.</p>`}
      </section>` : null}
      ${kind !== "persona" ? html`<section aria-labelledby="gl-terms-h">
        <h2 id="gl-terms-h">Terms</h2>
        ${terms.length ? html`<ul class="gl-terms">${terms.map((t) => html`<li key=${t.id}>
          <${Entry} term=${t} editing=${editing === t.id} setEditing=${setEditing} onChanged=${changed} /></li>`)}</ul>`
          : html`<p class="empty">No term yet.</p>`}
      </section>` : null}`}
    ${canEdit() ? html`<section class="card gl-add" aria-labelledby="gl-add-h">
      <h2 id="gl-add-h">Add to the glossary</h2>
      <${TermForm} idPrefix="gl-add" initial=${{ kind: kind || "term" }} submit="Add"
        onSubmit=${async (body) => {
          const r = await request("POST", "/glossary", { body });
          await changed(`Added “${(r.data && r.data.term) || body.term}” to the glossary`);
        }} />
    </section>` : null}
  </div>`;
}

/** One entry: a persona as a card, a term as its definition; Edit and Remove for editors. */
function Entry({ term: t, editing, setEditing, onChanged }) {
  const h = `term-${t.id}-h`;
  const path = `/glossary/${t.id}`;
  if (editing) {
    return html`<article class=${`card gl-entry gl-${t.kind}`} id=${`term-${t.id}`} aria-labelledby=${h}>
      <h3 id=${h}>Edit “${t.term}”</h3>
      <${TermForm} idPrefix=${`gl-edit-${t.id}`} initial=${t} submit="Save" onCancel=${() => setEditing(null)}
        onSubmit=${async (body) => {
          const r = await request("PATCH", path, { body, etag: termEtag(t) });
          await onChanged(`Saved “${(r.data && r.data.term) || body.term || t.term}”`);
        }} />
    </article>`;
  }
  return html`<article class=${`card gl-entry gl-${t.kind}`} id=${`term-${t.id}`} aria-labelledby=${h} data-term=${t.term}>
    <header class="gl-head">
      <h3 id=${h}>${t.term}</h3>
      ${t.kind === "persona" && t.role ? html`<p class="gl-role">${t.role}</p>` : null}
    </header>
    ${t.definition ? html`<p class="gl-def">${t.definition}</p>` : null}
    ${t.kind === "persona" ? html`<dl class="gl-traits">
      <div><dt>Goals</dt><dd>${t.goals || html`<span class="muted">not written yet</span>`}</dd></div>
      <div><dt>Pains</dt><dd>${t.pains || html`<span class="muted">not written yet</span>`}</dd></div>
    </dl>` : null}
    ${canEdit() ? html`<div class="gl-actions">
      <button type="button" class="secondary small" aria-label=${`Edit ${t.term}`} onClick=${() => setEditing(t.id)}>Edit</button>
      <${ConfirmButton} what=${`“${t.term}”`} onConfirm=${async () => {
        await request("DELETE", path, { etag: termEtag(t) });
        await onChanged(`Removed “${t.term}” from the glossary`);
      }} />
    </div>` : null}
  </article>`;
}

/**
 * The fields of an entry: the term, its kind, its definition, and for a
 * persona its role, goals and pains. Hints are the server's TermInput
 * schema's. onSubmit(body) returns a promise; a refusal is shown by its field.
 */
function TermForm({ idPrefix, initial, submit, onSubmit, onCancel }) {
  const s = useSchema("TermInput");
  const props = (s && s.properties) || {};
  const start = { term: "", kind: "term", definition: "", role: "", goals: "", pains: "", ...pick(initial) };
  const [v, setV] = useState(start);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const field = problemField(error);
  const id = (k) => `${idPrefix}-${k}`;
  const set = (k) => (e) => setV({ ...v, [k]: e.target.value });
  const persona = v.kind === "persona";
  const names = ["term", "kind", "definition", ...(persona ? ["role", "goals", "pains"] : [])];
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {};
    for (const k of names) {
      const x = String(v[k] || "").trim();
      if (x || (initial.id && initial[k])) body[k] = x;
    }
    try {
      await onSubmit(body);
      if (!initial.id) {
        setV({ ...start, kind: v.kind });
        requestAnimationFrame(() => form.current && form.current.querySelector(`#${id("term")}`).focus());
      }
    } catch (err) {
      setError(err);
      announce(`Not saved: ${err.message}`, "error");
      focusControl(form.current, names.includes(problemField(err)) ? problemField(err) : "term");
    } finally {
      setBusy(false);
    }
  }
  const extra = (k) => ({
    id: id(k), name: k, "aria-invalid": field === k ? "true" : undefined,
    "aria-describedby": [props[k] && props[k].description ? `${id(k)}-hint` : null, field === k ? `${id(k)}-err` : null]
      .filter(Boolean).join(" ") || undefined,
  });
  const after = (k) => html`${props[k] && props[k].description ? html`<span class="hint" id=${`${id(k)}-hint`}>${cap(props[k].description)}</span>` : null}
    ${field === k ? html`<span class="field-error" id=${`${id(k)}-err`}>${error.message}</span>` : null}`;
  const LABELS = { term: persona ? "Name" : "Term", definition: persona ? "Who they are" : "Definition", role: "Role", goals: "Goals", pains: "Pains" };
  const text = (k, area) => html`<div class=${`field gl-f-${k}`}>
    <label for=${id(k)}>${LABELS[k]}</label>
    ${area ? html`<textarea rows="3" ...${extra(k)} required=${k === "definition"} maxlength=${props[k] && props[k].maxLength} value=${v[k]} onInput=${set(k)}></textarea>`
      : html`<input ...${extra(k)} required=${k === "term"} maxlength=${props[k] && props[k].maxLength} value=${v[k]} onInput=${set(k)} autocomplete="off" />`}
    ${after(k)}
  </div>`;
  return html`<form class="gl-form" ref=${form} onSubmit=${send} novalidate>
    <div class="gl-form-grid">
      ${text("term")}
      <div class="field gl-f-kind">
        <label for=${id("kind")}>Kind</label>
        <select ...${extra("kind")} value=${v.kind} onChange=${set("kind")}>
          <option value="term">Term</option>
          <option value="persona">Persona</option>
        </select>
        ${after("kind")}
      </div>
      ${text("definition", true)}
      ${persona ? html`${text("role")}${text("goals", true)}${text("pains", true)}` : null}
    </div>
    ${error && !names.includes(field) ? html`<${ErrorBox} error=${error} />` : null}
    <div class="actions">
      <button type="submit" disabled=${busy}>${busy ? "Saving…" : submit}</button>
      ${onCancel ? html`<button type="button" class="secondary" onClick=${onCancel}>Cancel</button>` : null}
    </div>
  </form>`;
}

function pick(t) {
  const out = {};
  for (const k of ["term", "kind", "definition", "role", "goals", "pains"]) if (t && t[k] !== undefined && t[k] !== null) out[k] = t[k];
  return out;
}
