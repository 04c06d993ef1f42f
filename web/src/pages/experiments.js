// pages/experiments.js - the pricing, packaging and messaging experiments
// (GET /experiments?status=): each with its kind, its arms, the qualified
// signups so far, what it informs (an idea of the backlog or a launch) and,
// once closed, the verdict it recorded. The status is in the address
// (?status=closed). Each name opens the experiment's own page
// (pages/experiment.js), which this module also lends its words to.
import { useRef, useState } from "preact/hooks";
import { get, request, canEdit } from "../api.js";
import { navigate, setQuery } from "../router.js";
import { getAll } from "../lists.js";
import { useSchema, problemField, focusControl, cap } from "../settings/forms.js";
import { html, useLoad, usePageTitle, announce, fmtDate, Status, ErrorBox, Loading } from "../ui.js";

/** The verdicts in words, each with a shape so colour is never the only sign. */
export const VERDICTS = {
  "variant-wins": { label: "Variant wins", mark: "▲", hint: "a variant converts significantly better than the control (p < 0.05)" },
  "control-wins": { label: "Control wins", mark: "▼", hint: "every variant converts significantly worse than the control (p < 0.05)" },
  "no-difference-yet": { label: "No difference yet", mark: "≈", hint: "no variant differs significantly from the control (p < 0.05) yet" },
};

export function Verdict({ verdict, winner }) {
  const v = VERDICTS[verdict] || { label: String(verdict), mark: "?", hint: "" };
  return html`<span class=${`verdict verdict-${verdict}`} title=${v.hint}><span class="mark" aria-hidden="true">${v.mark}</span>${" "}${v.label}${
    verdict === "variant-wins" && winner ? html`: <strong>${winner}</strong>` : null}</span>`;
}

/** Can the server analyse it (a control and at least one variant)? Asking otherwise is refused. */
export const analysable = (x) => (x.arms || []).some((a) => a.control) && (x.arms || []).length >= 2;

const NUM = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
export const fmtCount = (n) => (n === null || n === undefined ? "—" : NUM.format(n));
const STATUSES = ["running", "closed"];

export default function Experiments({ query }) {
  const status = STATUSES.includes(query.get("status")) ? query.get("status") : "";
  const [list, error, reload] = useLoad(() => getAll("/experiments", { status: status || undefined, limit: 500 }), status);
  // The reading so far of each running experiment that can be analysed (a control and a variant).
  const running = (list || []).filter((x) => x.status === "running" && analysable(x));
  const [readings] = useLoad(() => Promise.all(running.map((x) => get(`/experiments/${x.id}/analysis`)
    .then((a) => [x.id, a], () => [x.id, null]))).then((pairs) => Object.fromEntries(pairs)),
  running.map((x) => `${x.id}:${x.version}:${x.visitors}:${x.conversions}`).join(","));
  usePageTitle("Experiments");
  const choices = [["", "All"], ["running", "Running"], ["closed", "Closed"]];
  return html`<div class="experiments">
    <div class="page-head">
      <div>
        <h1>Experiments</h1>
        <p class="sub">Lightweight tests of pricing, packaging and messaging: each variant against a control, with at least
          150–200 qualified signups per arm and price steps of 12–15 % around the current price.</p>
      </div>
      <div class="seg" role="group" aria-label="Status">
        ${choices.map(([id, label]) => html`<button type="button" class=${`secondary${status === id ? " on" : ""}`}
          aria-pressed=${status === id ? "true" : "false"} onClick=${() => setQuery({ status: id || null })}>${label}</button>`)}
      </div>
    </div>
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${!list ? (error ? null : html`<${Loading} what="the experiments" />`) : list.length === 0 ? html`<div class="card">
      <p class="empty">No ${status || ""} experiment yet.</p>
      ${canEdit() ? html`<p class="hint">Start one from the command line: <code>tminus experiment add NAME --kind pricing
        --hypothesis TEXT --current-price P</code>, then its arms with <code>tminus experiment arm add NAME control --control</code>
        and <code>… arm add NAME plus-12 --price P</code>, or through the API (POST /api/v1/experiments).</p>` : null}
    </div>` : html`<div class="card"><div class="table-wrap"><table class="exp-table">
      <caption class="visually-hidden">Experiments${status ? `, ${status}` : ""}</caption>
      <thead><tr><th scope="col">Experiment</th><th scope="col">Kind</th><th scope="col">Status</th>
        <th scope="col">Arms</th><th scope="col" class="num">Signups</th><th scope="col">Informs</th>
        <th scope="col">Owner</th><th scope="col">Verdict</th></tr></thead>
      <tbody>${list.map((x) => html`<tr data-experiment=${x.name}>
        <th scope="row"><a href=${`/experiments/${encodeURIComponent(x.name)}`}>${x.name}</a>
          ${x.hypothesis ? html`<span class="exp-hyp">${x.hypothesis}</span>` : null}</th>
        <td>${x.kind}</td>
        <td><${Status} status=${x.status} /></td>
        <td>${(x.arms || []).length ? (x.arms || []).map((a, i) => html`${i ? ", " : ""}<span class="arm-n">${a.name}${a.control && a.name !== "control"
          ? html` <span class="muted">(control)</span>` : null}</span>`) : html`<span class="muted">none yet</span>`}</td>
        <td class="num">${fmtCount((x.arms || []).reduce((s, a) => s + (a.visitors || 0), 0))}</td>
        <td><${Informs} x=${x} /></td>
        <td class="owner">${x.owner || html`<span class="muted">nobody</span>`}</td>
        <td>${x.status === "closed" && x.verdict ? html`<${Verdict} verdict=${x.verdict} />
          ${x.closed_on ? html`<span class="muted"> on ${fmtDate(x.closed_on, false)}</span>` : null}`
          : readings && readings[x.id] ? html`<${Verdict} verdict=${readings[x.id].verdict} winner=${readings[x.id].winner} />
            <span class="muted"> so far</span>` : html`<span class="muted">still running</span>`}</td>
      </tr>`)}</tbody>
    </table></div></div>`}
    ${canEdit() ? html`<${NewExperiment} />` : null}
  </div>`;
}

/** A number as typed ("5,000" -> 5000), undefined when empty, the text itself when not a number (the server names it). */
export function numberOf(s) {
  const t = String(s ?? "").trim().replace(/,/g, "");
  if (t === "") return undefined;
  return Number.isFinite(Number(t)) ? Number(t) : t;
}

/**
 * Starts an experiment (POST /experiments), then opens its page to add the arms. The hints are
 * the server's ExperimentInput schema; a refusal is shown by the field it names.
 */
function NewExperiment() {
  const s = useSchema("ExperimentInput");
  const props = (s && s.properties) || {};
  const blank = { name: "", kind: "pricing", hypothesis: "", current_price: "", planned_sample: "", monthly_traffic: "", owner: "", idea: "" };
  const [values, setValues] = useState(blank);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const NUMBERS = ["current_price", "planned_sample", "monthly_traffic", "idea"];
  const field = problemField(error);
  async function send(e) {
    e.preventDefault();
    const body = {};
    for (const [n, v] of Object.entries(values)) {
      const x = NUMBERS.includes(n) ? numberOf(v) : String(v).trim();
      if (x !== undefined && x !== "") body[n] = x;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await request("POST", "/experiments", { body });
      announce(`Started ${r.data.name}: add its control and variants`);
      navigate(`/experiments/${encodeURIComponent(r.data.name)}`);
    } catch (err) {
      setError(err);
      announce(`Not started: ${err.message}`, "error");
      const f = problemField(err);
      focusControl(form.current, f && blank[f] !== undefined ? f : "name");
    } finally {
      setBusy(false);
    }
  }
  const id = (n) => `new-exp-${n}`;
  const hint = (n) => (props[n] && props[n].description ? html`<span class="hint" id=${`${id(n)}-hint`}>${cap(props[n].description)}</span>` : null);
  const err = (n) => (field === n ? html`<span class="field-error" id=${`${id(n)}-err`}>${error.message}</span>` : null);
  const attrs = (n) => ({ id: id(n), name: n, value: values[n], autocomplete: "off", "aria-invalid": field === n ? "true" : undefined,
    "aria-describedby": [props[n] && props[n].description ? `${id(n)}-hint` : null, field === n ? `${id(n)}-err` : null].filter(Boolean).join(" ") || undefined,
    onInput: (e) => setValues((v) => ({ ...v, [n]: e.target.value })) });
  const input = (n, label, extra = {}) => html`<div class=${`field f-${n}`}><label for=${id(n)}>${label}</label>
    <input ...${attrs(n)} ...${extra} />${hint(n)}${err(n)}</div>`;
  const kinds = (props.kind && props.kind.enum) || ["pricing", "packaging", "messaging"];
  return html`<section class="card new-experiment" aria-labelledby="new-exp-h">
    <h2 id="new-exp-h">Start an experiment</h2>
    <form ref=${form} onSubmit=${send} noValidate class="exp-new-form">
      ${input("name", "Name", { required: true })}
      <div class="field f-kind"><label for=${id("kind")}>Kind</label>
        <select ...${attrs("kind")} onChange=${(e) => setValues((v) => ({ ...v, kind: e.target.value }))}>
          ${kinds.map((k) => html`<option value=${k}>${k}</option>`)}</select>${hint("kind")}${err("kind")}</div>
      ${input("hypothesis", "Hypothesis", { required: true })}
      ${input("current_price", html`Current price <span class="muted">(pricing)</span>`, { inputmode: "decimal" })}
      ${input("planned_sample", html`Planned signups per arm <span class="muted">(optional)</span>`, { inputmode: "numeric" })}
      ${input("monthly_traffic", html`Visitors a month <span class="muted">(optional)</span>`, { inputmode: "numeric" })}
      ${input("owner", html`Owner <span class="muted">(optional)</span>`)}
      ${input("idea", html`Backlog idea <span class="muted">(its id, optional)</span>`, { inputmode: "numeric" })}
      ${error && (!field || blank[field] === undefined) ? html`<${ErrorBox} error=${error} />` : null}
      <div class="actions"><button type="submit" disabled=${busy}>${busy ? "Starting…" : "Start experiment"}</button></div>
    </form>
  </section>`;
}

/** The idea or launch an experiment informs, as links. */
export function Informs({ x }) {
  const parts = [];
  if (x.idea) parts.push(html`<a href=${`/backlog?idea=${x.idea.id}`}>idea: ${x.idea.title}</a>`);
  if (x.launch) parts.push(html`<a href=${`/launches/${encodeURIComponent(x.launch)}`}>launch: ${x.launch}</a>`);
  if (!parts.length) return html`<span class="muted">nothing yet</span>`;
  return parts.map((p, i) => html`${i ? html`<br />` : null}${p}`);
}
