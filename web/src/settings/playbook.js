// settings/playbook.js - the playbook in force (GET /playbook): a summary
// of its tiers, the YAML itself, and replacing it with an uploaded file
// (PUT /playbook, whose refusal lists LINE:COLUMN: message) or going back
// to the default (DELETE /playbook). The tier summary comes from the
// server's own tier suggestion, so it reads the playbook in force.
import { useState } from "preact/hooks";
import { request, get } from "../api.js";
import { html, useLoad, ErrorBox, Loading, announce, CopyButton, download } from "../ui.js";
import { ConfirmButton } from "./forms.js";

// One criterion that sizes each tier by itself (GET /tier-suggestion).
const SIZING = { 1: "major", 2: "significant", 3: "enhancement", 4: "bugfix" };

const yamlOf = (p) => (p && p.yaml) || "";
/** GET /playbook's source is "default" for tminus's own, else where the workspace's came from. */
const isDefault = (p) => !!p && p.source === "default";

/** The tiers of the playbook in force: name, GTM, PM involvement and how many tasks each brings. */
function loadTiers() {
  return Promise.all(Object.entries(SIZING).map(([tier, c]) =>
    get("/tier-suggestion", { [c]: true }).then((s) => ({ ...s, tier: s.tier || Number(tier) }), () => null)));
}

/** The problems of a refused playbook: [{line, column, message}] however the answer spells them. */
function problemsOf(err) {
  const p = (err && err.problem) || {};
  return p.errors || p.problems || [];
}

export default function Playbook() {
  const [pb, error, reload] = useLoad(() => get("/playbook"), "playbook");
  const [tiers, , reloadTiers] = useLoad(loadTiers, "tiers");
  const [upload, setUpload] = useState(null); // { file, error } of the last upload refused
  const [busy, setBusy] = useState(false);
  const yaml = yamlOf(pb);

  const put = async (e) => {
    const f = e.target.files && e.target.files[0];
    e.target.value = "";
    if (!f) return;
    setBusy(true);
    setUpload(null);
    try {
      const text = await f.text();
      await request("PUT", "/playbook", { body: text, type: "application/yaml; charset=utf-8" });
      announce(`The playbook from ${f.name} is now in force: new launches follow it`);
      reload();
      reloadTiers();
    } catch (err) {
      setUpload({ file: f.name, error: err });
      announce(`${f.name} was not used: it has problems`, "error");
    } finally {
      setBusy(false);
    }
  };
  const restore = async () => {
    await request("DELETE", "/playbook");
    announce("The default playbook is in force again");
    reload();
    reloadTiers();
  };
  const problems = upload ? problemsOf(upload.error) : [];

  return html`<div class="playbook">
    <div class="card">
      <div class="card-head">
        <h2>The playbook in force</h2>
        ${pb ? html`<span class=${`badge ${isDefault(pb) ? "badge-default" : "badge-custom"}`}>
          ${isDefault(pb) ? "tminus default" : "this workspace's own"}</span>` : null}
      </div>
      <${ErrorBox} error=${error} onRetry=${reload} />
      ${!pb && !error ? html`<${Loading} what="the playbook" />` : null}
      ${tiers && tiers.some(Boolean) ? html`<div class="table-wrap"><table class="tiers">
        <caption>What each tier brings to a new launch</caption>
        <thead><tr><th scope="col">Tier</th><th scope="col">Name</th><th scope="col">Go-to-market</th>
          <th scope="col">PM involvement</th><th scope="col" class="num">Tasks</th></tr></thead>
        <tbody>${tiers.filter(Boolean).map((t) => html`<tr key=${t.tier}>
          <td><span class=${`tier tier-${t.tier}`}>T${t.tier}</span></td>
          <th scope="row">${t.name || `Tier ${t.tier}`}</th>
          <td>${t.gtm || "—"}</td>
          <td>${t.pm_involvement || "—"}</td>
          <td class="num">${t.tasks ?? "—"}</td>
        </tr>`)}</tbody>
      </table></div>` : null}
      <div class="actions">
        <input type="file" id="playbook-file" class="visually-hidden" accept=".yaml,.yml,application/yaml,text/yaml"
          onChange=${put} disabled=${busy} />
        <label for="playbook-file" class="button">${busy ? "Checking…" : "Upload a playbook (.yaml)…"}</label>
        ${yaml ? html`<button type="button" class="secondary" onClick=${() => download("playbook.yaml", yaml, "application/yaml")}>Download</button>
          <${CopyButton} text=${yaml} label="Copy YAML" />` : null}
        ${pb && !isDefault(pb) ? html`<${ConfirmButton} label="Restore" what="the default playbook" confirmLabel="Yes, restore the default"
          onConfirm=${restore} />` : null}
      </div>
      <p class="hint">Start from the playbook in force: download it, change it, upload it. It is checked before it is used; new launches follow it, launches already planned keep their tasks.</p>
      ${upload ? html`<div class="error playbook-errors" role="alert">
        <strong>${upload.file} was not used${problems.length ? `: ${problems.length} ${problems.length === 1 ? "problem" : "problems"}` : ""}</strong>
        ${problems.length ? html`<ol>${problems.map((p) => html`<li><code>${p.line}:${p.column}</code>: ${p.message}</li>`)}</ol>`
          : html`<p>${upload.error.message}</p>`}
      </div>` : null}
    </div>
    ${yaml ? html`<div class="card">
      <h2 id="playbook-yaml">The YAML</h2>
      <pre class="yaml" tabindex="0" aria-labelledby="playbook-yaml">${yaml}</pre>
    </div>` : null}
  </div>`;
}
