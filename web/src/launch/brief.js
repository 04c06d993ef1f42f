// launch/brief.js - the launch brief: read as the server renders it (safe
// HTML from its Markdown, the one place a page inserts HTML), edited as the
// Markdown itself with a preview rendered by the server (POST /markdown),
// saved with If-Match (PUT …/brief). A brief whose Overview table differs
// from the launch (date, tier, owners) is saved without touching the launch;
// the differences are listed and applied only when asked, with a reason
// (?apply_overview=true&reason=…), as `tminus brief import` does.
import { useState } from "preact/hooks";
import { request, canEdit } from "../api.js";
import { html, useLoad, announce, ErrorBox, Loading, CopyButton, download } from "../ui.js";

const FIELD_NAMES = { date: "Launch date", tier: "Tier", pm: "PM owner", marketing: "Marketing owner" };

async function loadBrief(slug) {
  const r = await request("GET", `/launches/${encodeURIComponent(slug)}/brief`, { query: { format: "html" } });
  return { ...r.data, etag: r.etag };
}

export function Brief({ launch, onLaunchChanged }) {
  const [brief, error, reload, setBrief] = useLoad(() => loadBrief(launch.slug), launch.slug);
  const [draft, setDraft] = useState(null); // the Markdown being edited, or null when reading
  const [preview, setPreview] = useState(null); // { html } of the draft, or an error
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState(null); // { kind: "conflict" | "error", error }
  const [changes, setChanges] = useState(null); // overview_changes not applied
  const [reason, setReason] = useState("");

  if (error && !brief) return html`<${ErrorBox} error=${error} />`;
  if (!brief) return html`<${Loading} what="the brief" />`;

  const file = `${launch.slug}-brief.md`;
  async function showPreview() {
    setPreview({ loading: true });
    try {
      const r = await request("POST", "/markdown", { body: draft, type: "text/markdown; charset=utf-8" });
      setPreview({ html: r.data.html });
    } catch (e) {
      setPreview({ error: e });
    }
  }
  async function save(text, apply) {
    setSaving(true);
    setProblem(null);
    try {
      const r = await request("PUT", `/launches/${encodeURIComponent(launch.slug)}/brief`, {
        body: text, type: "text/markdown; charset=utf-8", etag: brief.etag,
        query: apply ? { apply_overview: "true", reason } : undefined,
      });
      const pending = (r.data.overview_changes || []).filter((c) => !c.applied);
      setBrief((b) => ({ ...b, etag: r.etag || b.etag }));
      setChanges(pending.length ? pending : null);
      if (!pending.length) setDraft(null);
      if (apply) {
        setReason("");
        onLaunchChanged();
      }
      announce(apply ? "Brief saved and the launch updated" : "Brief saved");
      reload();
    } catch (e) {
      setProblem({ kind: e.status === 412 ? "conflict" : "error", error: e });
      announce(e.status === 412 ? "Someone else changed this brief: not saved" : `Not saved: ${e.message}`, "error");
    } finally {
      setSaving(false);
    }
  }
  async function takeTheirs() {
    const fresh = await reload();
    setProblem(null);
    setDraft(null);
    setPreview(null);
    return fresh;
  }

  if (draft === null) {
    return html`<div class="brief">
      <div class="doc-bar">
        <p class="muted">${brief.written ? "The launch brief" : "No brief written yet: this is the template to fill in."}</p>
        <div class="actions">
          ${canEdit() ? html`<button type="button" onClick=${() => { setDraft(brief.markdown || ""); setPreview(null); setChanges(null); }}>Edit brief</button>` : null}
          <${CopyButton} text=${brief.markdown || ""} label="Copy Markdown" />
          <button type="button" class="secondary" onClick=${() => download(file, brief.markdown || "")}>Download .md</button>
        </div>
      </div>
      <${Rendered} html=${brief.html} markdown=${brief.markdown} />
    </div>`;
  }

  return html`<div class="brief editing">
    <div class="doc-bar">
      <div class="seg" role="group" aria-label="Editor view">
        <button type="button" class="secondary" aria-pressed=${preview ? "false" : "true"} onClick=${() => setPreview(null)}>Write</button>
        <button type="button" class="secondary" aria-pressed=${preview ? "true" : "false"} onClick=${showPreview}>Preview</button>
      </div>
      <div class="actions">
        <button type="button" disabled=${saving} onClick=${() => save(draft, false)}>${saving ? "Saving…" : "Save brief"}</button>
        <button type="button" class="secondary" onClick=${() => { setDraft(null); setProblem(null); setChanges(null); }}>Cancel</button>
      </div>
    </div>
    ${problem && problem.kind === "conflict" ? html`<div class="warn" role="alert">
        <p><strong>Someone else changed this launch or its brief since you opened it.</strong> Your text was not saved and is still here:
        copy what you need, then load their version.</p>
        <div class="actions"><${CopyButton} text=${draft} label="Copy my text" />
          <button type="button" class="secondary" onClick=${takeTheirs}>Load their version</button></div>
      </div>` : null}
    ${problem && problem.kind === "error" ? html`<${ErrorBox} error=${problem.error} />` : null}
    ${changes ? html`<${OverviewChanges} changes=${changes} reason=${reason} setReason=${setReason} saving=${saving}
        onApply=${() => save(draft, true)} />` : null}
    ${preview ? (preview.loading ? html`<${Loading} what="the preview" />` : preview.error ? html`<${ErrorBox} error=${preview.error} />`
      : html`<div class="card preview-card"><p class="preview-tag">Preview</p><${Rendered} html=${preview.html} /></div>`)
      : html`<div class="field">
        <label for="brief-md">Brief (Markdown, in the layout of the template)</label>
        <textarea id="brief-md" class="brief-md" value=${draft} onInput=${(e) => setDraft(e.target.value)} spellcheck="true"></textarea>
        <span class="hint">Headings and the Overview table are read back as they are; the Overview's date, tier and owners change the launch only when you apply them.</span>
      </div>`}
  </div>`;
}

/** The server's safe HTML of some Markdown (cmark-gfm, safe mode), or the Markdown itself. */
export function Rendered({ html: safe, markdown }) {
  if (typeof safe === "string") return html`<div class="prose" dangerouslySetInnerHTML=${{ __html: safe }}></div>`;
  return html`<pre class="md-raw">${markdown || ""}</pre>`;
}

function OverviewChanges({ changes, reason, setReason, saving, onApply }) {
  return html`<div class="warn overview-changes" role="status">
    <p><strong>The brief's Overview differs from the launch.</strong> The brief was saved; the launch was not changed.
      Apply these to the launch?</p>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">Field</th><th scope="col">In the brief</th><th scope="col">On the launch</th></tr></thead>
      <tbody>${changes.map((c) => html`<tr><th scope="row">${FIELD_NAMES[c.field] || c.field}</th><td>${String(c.brief ?? "—")}</td><td>${String(c.launch ?? "—")}</td></tr>`)}</tbody>
    </table></div>
    <div class="field">
      <label for="ov-reason">Reason for the change (recorded in the decision ledger)</label>
      <input id="ov-reason" value=${reason} maxlength="1000" onInput=${(e) => setReason(e.target.value)} />
    </div>
    <button type="button" disabled=${saving || !reason.trim()} onClick=${onApply}>Apply to the launch</button>
  </div>`;
}
