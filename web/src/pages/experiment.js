// pages/experiment.js - one experiment (GET /experiments/{ref}) and its
// honest statistics (GET /experiments/{ref}/analysis): the verdict in words,
// the seed's warnings by name, each arm's conversion rate with its 95 %
// Wilson interval drawn as a bar against the control's rate (an SVG figure
// with a text alternative, and a table of every number), the lift, the
// p-value, revenue per visitor, annualised impact and payback. Editors
// record an arm's running totals and close the experiment with its result,
// which the server writes to the decision ledger and feeds to the idea.
import { useEffect, useRef, useState } from "preact/hooks";
import { request, canEdit } from "../api.js";
import { setQuery } from "../router.js";
import { problemField, focusControl, cap, useSchema } from "../settings/forms.js";
import { html, useLoad, usePageTitle, announce, fmtDate, Status, ErrorBox, Loading } from "../ui.js";
import { Verdict, VERDICTS, Informs, fmtCount, analysable, numberOf } from "./experiments.js";

/** 0.1234 -> "12.3%" */
export const pct = (x, d = 1) => (x === null || x === undefined ? "—" : `${(100 * x).toFixed(d)}%`);
/** A lift: "+4.0 pt" (absolute) or "+40.0%" (relative). */
const signed = (s) => (s.startsWith("-") ? `−${s.slice(1)}` : `+${s}`);
const liftAbs = (x) => (x === null || x === undefined ? "—" : `${signed((100 * x).toFixed(1))} pt`);
const liftRel = (x) => (x === null || x === undefined ? "—" : `${signed((100 * x).toFixed(1))}%`);
export const pValue = (p) => (p === null || p === undefined ? "—" : p < 0.0001 ? "< 0.0001" : p.toFixed(4));
const MONEY = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const money = (x) => (x === null || x === undefined ? "—" : MONEY.format(x));
const WHOLE = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const moneySigned = (x) => (x === null || x === undefined ? "—" : signed(WHOLE.format(x)));

/** "plus-12", "baseline (control)"; an arm named control is not said twice. */
const armName = (r) => (r.control && r.name !== "control" ? `${r.name} (control)` : r.name);

async function loadExperiment(ref) {
  const r = await request("GET", `/experiments/${encodeURIComponent(ref)}`);
  return { ...r.data, etag: r.etag };
}

export default function ExperimentPage({ params, query }) {
  const ref = params.experiment;
  const traffic = /^\d+$/.test(query.get("traffic") || "") ? Number(query.get("traffic")) : null;
  const [x, error, reload, setX] = useLoad(() => loadExperiment(ref), ref);
  // Recording an arm's totals may leave the experiment's version as it was: the counts are part of the key.
  const counts = x ? x.arms.map((r) => `${r.name}:${r.visitors}:${r.conversions}:${r.revenue_per_conversion}`).join(",") : "";
  const key = x ? `${x.id}-v${x.version}-${traffic}-${counts}` : null;
  const [a, aError, reloadA] = useLoad(() => (x && analysable(x)
    ? request("GET", `/experiments/${encodeURIComponent(x.name)}/analysis`, { query: { monthly_traffic: traffic || undefined } })
      .then((r) => r.data) : null), key);
  usePageTitle(x ? `Experiment ${x.name}` : "Experiment");
  if (error && !x) return html`<${ErrorBox} error=${error} onRetry=${reload} />`;
  if (!x) return html`<${Loading} what="the experiment" />`;
  const analysis = a && a.experiment === x.name ? a : null;
  const changed = (after) => setX({ ...after, etag: `"experiment-${after.id}-v${after.version}"` });
  return html`<div class="experiment">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/experiments">Experiments</a> <span aria-hidden="true">/</span> ${x.name}</nav>
    <div class="page-head">
      <div>
        <h1>${x.name}</h1>
        <p class="exp-meta">
          <span class="kind">${x.kind}</span> <${Status} status=${x.status} />
          <span>Owner: <strong>${x.owner || "nobody yet"}</strong></span>
          ${x.current_price !== null && x.current_price !== undefined ? html`<span>Current price <strong>${money(x.current_price)}</strong></span>` : null}
          ${x.planned_sample ? html`<span>Planned sample <strong>${fmtCount(x.planned_sample)}</strong> per arm</span>` : null}
          <span>Informs: <${Informs} x=${x} /></span>
        </p>
      </div>
    </div>
    ${x.hypothesis ? html`<p class="hypothesis"><span class="muted">Hypothesis:</span> ${x.hypothesis}</p>` : null}
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${x.status === "closed" ? html`<${Closed} x=${x} />` : null}
    ${!analysable(x) ? html`<div class="card"><h2>Arms</h2>
        <p class="empty">${x.arms.some((a) => a.control) ? "Only the control so far" : "No control arm yet"}: an analysis needs
          a control and at least one variant.</p>
        ${x.arms.length ? html`<${ArmList} x=${x} />` : null}</div>`
      : aError && !analysis ? html`<${ErrorBox} error=${aError} onRetry=${reloadA} />`
      : !analysis ? html`<${Loading} what="the analysis" />`
      : html`<${Reading} x=${x} a=${analysis} traffic=${traffic} />`}
    ${canEdit() && x.status !== "closed" ? html`<div class="exp-forms">
      ${x.arms.length ? html`<${RecordCounts} x=${x} onDone=${changed} />` : null}
      <${AddArm} x=${x} onDone=${reload} />
      ${analysable(x) ? html`<${CloseForm} x=${x} a=${analysis} onDone=${changed} />` : null}
    </div>` : null}
  </div>`;
}

/** What closing recorded: the verdict, the result, the decision in the ledger. */
function Closed({ x }) {
  return html`<section class="card closed-box" aria-labelledby="closed-h">
    <h2 id="closed-h">Closed${x.closed_on ? ` on ${fmtDate(x.closed_on)}` : ""}</h2>
    ${x.verdict ? html`<p>Verdict recorded: <${Verdict} verdict=${x.verdict} /></p>` : null}
    ${x.result ? html`<p class="result"><span class="muted">Result:</span> ${x.result}</p>` : null}
    ${x.decision ? html`<p><a href=${`/decisions?search=${encodeURIComponent(x.name)}`}>Decision #${typeof x.decision === "object"
      ? x.decision.id : x.decision}</a> in the decision ledger</p>` : null}
  </section>`;
}

/** The current reading: verdict, warnings, the figure and the table. */
function Reading({ x, a, traffic }) {
  const v = VERDICTS[a.verdict];
  return html`<section class=${`card verdict-box verdict-box-${a.verdict}`} aria-labelledby="verdict-h">
      <h2 id="verdict-h">${x.status === "closed" ? "The final reading" : "The reading so far"}</h2>
      <p class="verdict-line"><${Verdict} verdict=${a.verdict} winner=${a.winner} /></p>
      <p class="verdict-why">${why(a)}</p>
      <p class="muted">${v ? cap(v.hint) : ""}; α = ${a.alpha}, and ${Math.round(100 * a.power)}% power for the sample still needed.</p>
    </section>
    <${Warnings} warnings=${a.warnings} />
    <section class="card" aria-labelledby="arms-h">
      <h2 id="arms-h">Conversion by arm</h2>
      <${Forest} a=${a} />
      <${ArmTable} a=${a} x=${x} />
      <${Traffic} x=${x} traffic=${traffic} />
    </section>`;
}

/** The numbers behind the verdict, in a sentence. */
function why(a) {
  const control = a.arms.find((r) => r.control);
  if (!control) return "";
  const w = a.winner && a.arms.find((r) => r.name === a.winner && !r.control);
  const versus = (r) => `${r.name} converts at ${pct(r.rate)} against the control's ${pct(control.rate)} ` +
    `(${liftAbs(r.lift_abs)}, ${liftRel(r.lift_rel)}; p ${r.p_value < 0.0001 ? "< 0.0001" : `= ${pValue(r.p_value)}`})`;
  if (a.verdict === "variant-wins" && w) return `${versus(w)}.`;
  const variants = a.arms.filter((r) => !r.control);
  if (a.verdict === "control-wins") return `Every variant converts below the control's ${pct(control.rate)}: ` +
    `${variants.map((r) => `${r.name} ${pct(r.rate)} (p ${pValue(r.p_value)})`).join(", ")}.`;
  const best = variants.reduce((b, r) => (!b || r.p_value < b.p_value ? r : b), null);
  if (!best) return "";
  const need = best.needed_per_arm ? ` Telling an effect this size apart takes about ${fmtCount(best.needed_per_arm)} signups per arm` +
    (best.still_needed ? `, ${fmtCount(best.still_needed)} more than so far.` : ".") : "";
  return `The closest, ${versus(best)}, is not significant yet.${need}`;
}

function Warnings({ warnings }) {
  if (!warnings || !warnings.length) return html`<p class="no-warnings"><span aria-hidden="true">✓ </span>No warning: the samples,
    price steps and number of price points are within the seed's rules.</p>`;
  return html`<section class="card warnings" aria-labelledby="warn-h">
    <h2 id="warn-h">Warnings <span class="count">(${warnings.length})</span></h2>
    <ul>${warnings.map((w) => html`<li data-rule=${w.rule}>
      <span class="rule"><span aria-hidden="true">⚠ </span>${w.rule}</span>${w.arm ? html` <span class="muted">(${w.arm})</span>` : null}
      <span class="msg">${w.message}</span></li>`)}</ul>
  </section>`;
}

/** Is the window phone-sized? (the figure is drawn narrower there, so its words stay readable) */
function useNarrow() {
  const q = "(max-width: 600px)";
  const [narrow, setNarrow] = useState(() => !!window.matchMedia && window.matchMedia(q).matches);
  useEffect(() => {
    if (!window.matchMedia) return undefined;
    const m = window.matchMedia(q);
    const on = () => setNarrow(m.matches);
    m.addEventListener("change", on);
    return () => m.removeEventListener("change", on);
  }, []);
  return narrow;
}

/** A round top for the axis: 0.1, 0.2, 0.25, 0.5 or 1 of a power of ten above the highest interval end. */
function axisTop(max) {
  if (!(max > 0)) return 0.1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= max * 1.05) return m * p;
  return 10 * p;
}

/**
 * Each arm's rate as a dot on its 95 % interval, the control's rate as a dashed line across: an
 * SVG drawn with attributes only (the CSP allows no inline style), a text alternative for it.
 */
function Forest({ a }) {
  const narrow = useNarrow();
  const [W, left, right] = narrow ? [400, 90, 78] : [720, 150, 150];
  const rowH = 38, top = 28;
  const H = top + rowH * a.arms.length + 8;
  const max = axisTop(Math.max(...a.arms.map((r) => r.ci_high || 0)));
  const xOf = (v) => left + ((W - left - right) * Math.min(Math.max(v, 0), max)) / max;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const control = a.arms.find((r) => r.control);
  const label = "Conversion rate of each arm with its 95% interval: " + a.arms.map((r) =>
    `${r.name}${r.control ? " (control)" : ""} ${pct(r.rate)}, from ${pct(r.ci_low)} to ${pct(r.ci_high)}` +
    (r.control ? "" : `, p ${pValue(r.p_value)}, ${r.significant ? "significant" : "not significant"}`)).join("; ") + ".";
  return html`<figure class="forest">
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${label} class="forest-svg" preserveAspectRatio="xMinYMin meet">
      ${ticks.map((t) => html`<g class="tick">
        <line x1=${xOf(t)} x2=${xOf(t)} y1=${top - 6} y2=${H - 6} class="grid" />
        <text x=${xOf(t)} y=${top - 12} text-anchor="middle" class="axis">${pct(t, max < 0.1 ? 1 : 0)}</text></g>`)}
      ${control ? html`<line x1=${xOf(control.rate)} x2=${xOf(control.rate)} y1=${top - 4} y2=${H - 4} class="control-line" />` : null}
      ${a.arms.map((r, i) => {
        const y = top + rowH * i + rowH / 2;
        const cls = r.control ? "arm control" : r.significant ? (r.lift_abs > 0 ? "arm better" : "arm worse") : "arm";
        return html`<g class=${cls} data-arm=${r.name}>
          <text x=${left - 10} y=${y + 5} text-anchor="end" class="arm-name">${armName(r)}</text>
          <rect x=${xOf(r.ci_low)} y=${y - 7} width=${Math.max(2, xOf(r.ci_high) - xOf(r.ci_low))} height="14" rx="3" class="ci" />
          ${r.control ? html`<rect x=${xOf(r.rate) - 6} y=${y - 6} width="12" height="12" class="dot" />`
            : html`<circle cx=${xOf(r.rate)} cy=${y} r="6.5" class="dot" />`}
          <text x=${W - right + 10} y=${y + 5} class="arm-rate">${pct(r.rate)}${r.control ? "" : r.significant ? " ✱" : ""}</text>
        </g>`;
      })}
    </svg>
    <figcaption class="forest-key">
      <span class="key-ci">bar: 95% Wilson interval</span>
      <span class="key-dot">dot: observed rate (square: control)</span>
      <span class="key-control">dashed line: the control's rate</span>
      <span>${`✱ significant at p < ${a.alpha}`}</span>
    </figcaption>
  </figure>`;
}

function ArmTable({ a, x }) {
  const money_ = a.arms.some((r) => r.revenue_per_visitor !== null && r.revenue_per_visitor !== undefined);
  const byName = Object.fromEntries(x.arms.map((r) => [r.name, r]));
  return html`<div class="table-wrap"><table class="arm-table">
    <caption class="visually-hidden">Every arm's numbers: signups, conversions, rate with its 95% interval, lift over the
      control, p-value and revenue</caption>
    <thead><tr><th scope="col">Arm</th><th scope="col" class="num">Signups</th><th scope="col" class="num">Conversions</th>
      <th scope="col" class="num">Rate</th><th scope="col" class="num">95% interval</th><th scope="col" class="num">Lift</th>
      <th scope="col" class="num">p-value</th><th scope="col">Significant</th>
      ${money_ ? html`<th scope="col" class="num">Revenue per visitor</th><th scope="col" class="num">Annual impact</th>
        <th scope="col" class="num">Payback</th>` : null}
      <th scope="col" class="num">Needed per arm</th></tr></thead>
    <tbody>${a.arms.map((r) => {
      const arm = byName[r.name] || {};
      return html`<tr data-arm=${r.name}>
      <th scope="row">${r.name}${r.control && r.name !== "control" ? html` <span class="muted">(control)</span>` : null}
        ${arm.price !== null && arm.price !== undefined ? html`<span class="arm-what">price ${money(arm.price)}</span>` : null}
        ${arm.message ? html`<span class="arm-what">“${arm.message}”</span>` : null}</th>
      <td class="num">${fmtCount(r.visitors)}</td>
      <td class="num">${fmtCount(r.conversions)}</td>
      <td class="num rate">${pct(r.rate)}</td>
      <td class="num ci">${pct(r.ci_low)} – ${pct(r.ci_high)}</td>
      <td class="num lift">${r.control ? html`<span class="muted">—</span>` : html`${liftAbs(r.lift_abs)}<br /><span class="muted">${liftRel(r.lift_rel)}</span>`}</td>
      <td class="num p">${r.control ? html`<span class="muted">—</span>` : pValue(r.p_value)}</td>
      <td class="sig">${r.control ? html`<span class="muted">control</span>` : r.significant ? html`<strong>yes</strong>` : "no"}</td>
      ${money_ ? html`<td class="num">${money(r.revenue_per_visitor)}</td><td class="num">${r.control ? "—" : moneySigned(r.annual_impact)}</td>
        <td class="num">${r.payback_months === null || r.payback_months === undefined ? "—" : `${r.payback_months.toFixed(1)} months`}</td>` : null}
      <td class="num needed">${r.control || !r.needed_per_arm ? "—" : html`${fmtCount(r.needed_per_arm)}${r.still_needed
        ? html`<br /><span class="muted">${fmtCount(r.still_needed)} more</span>` : html`<br /><span class="muted">reached</span>`}`}</td>
    </tr>`;
    })}</tbody>
  </table></div>`;
}

/** The monthly traffic the annual impact is computed at (?traffic= in the address, else the experiment's). */
function Traffic({ x, traffic }) {
  const [v, setV] = useState(String(traffic || x.monthly_traffic || ""));
  const go = (e) => {
    e.preventDefault();
    const n = v.trim().replace(/,/g, "");
    setQuery({ traffic: /^\d+$/.test(n) && Number(n) !== x.monthly_traffic ? n : null });
  };
  return html`<form class="traffic" onSubmit=${go}>
    <div class="field inline"><label for="exp-traffic">Annualise at visitors a month</label>
      <input id="exp-traffic" name="monthly_traffic" inputmode="numeric" autocomplete="off" value=${v}
        onInput=${(e) => setV(e.target.value)} /></div>
    <button type="submit" class="secondary">Recompute</button>
  </form>`;
}

/** The arms as a list, before there is anything to analyse. */
function ArmList({ x }) {
  return html`<ul class="arm-list">${x.arms.map((r) => html`<li data-arm=${r.name}><strong>${r.name}</strong>
    ${r.control && r.name !== "control" ? " (control)" : ""}: ${fmtCount(r.visitors)} signups, ${fmtCount(r.conversions)} conversions</li>`)}</ul>`;
}

/** The field a refusal names, when it is one of this form's. */
function fieldIn(err, names) {
  const f = problemField(err);
  const last = f && f.split("/").pop();
  return names.includes(last) ? last : null;
}

/** Records an arm's running totals (POST /experiments/{ref}/arms/{arm}/record). */
function RecordCounts({ x, onDone }) {
  const FIELDS = ["visitors", "conversions", "revenue_per_conversion"];
  const of = (arm) => ({ arm: arm.name, visitors: String(arm.visitors ?? ""), conversions: String(arm.conversions ?? ""),
    revenue_per_conversion: arm.revenue_per_conversion === null || arm.revenue_per_conversion === undefined ? "" : String(arm.revenue_per_conversion) });
  const [values, setValues] = useState(() => of(x.arms[0]));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const field = fieldIn(error, FIELDS);
  const num = (s) => {
    const t = String(s).trim().replace(/,/g, "");
    return t === "" ? undefined : Number.isFinite(Number(t)) ? Number(t) : t;
  };
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { visitors: num(values.visitors), conversions: num(values.conversions) };
    if (num(values.revenue_per_conversion) !== undefined) body.revenue_per_conversion = num(values.revenue_per_conversion);
    try {
      const r = await request("POST", `/experiments/${encodeURIComponent(x.name)}/arms/${encodeURIComponent(values.arm)}/record`, { body });
      onDone(r.data);
      announce(`Recorded ${fmtCount(body.visitors)} signups and ${fmtCount(body.conversions)} conversions for ${values.arm}`);
    } catch (err) {
      setError(err);
      announce(`Not recorded: ${err.message}`, "error");
      focusControl(form.current, fieldIn(err, FIELDS) || "visitors");
    } finally {
      setBusy(false);
    }
  }
  const set = (n) => (e) => setValues((v) => ({ ...v, [n]: e.target.value }));
  const pick = (e) => setValues(of(x.arms.find((r) => r.name === e.target.value) || x.arms[0]));
  const err = (n) => (field === n ? html`<span class="field-error" id=${`rec-${n}-err`}>${error.message}</span>` : null);
  const attrs = (n) => ({ id: `rec-${n}`, name: n, inputmode: "decimal", autocomplete: "off", value: values[n], onInput: set(n),
    "aria-invalid": field === n ? "true" : undefined, "aria-describedby": field === n ? `rec-${n}-err` : undefined });
  return html`<section class="card" aria-labelledby="rec-h">
    <h2 id="rec-h">Record counts</h2>
    <p class="hint">The arm's running totals so far, not what was added since last time.</p>
    <form class="exp-form record-counts" ref=${form} onSubmit=${send} noValidate>
      <div class="field"><label for="rec-arm">Arm</label>
        <select id="rec-arm" name="arm" value=${values.arm} onChange=${pick}>
          ${x.arms.map((r) => html`<option value=${r.name}>${armName(r)}</option>`)}
        </select></div>
      <div class="field"><label for="rec-visitors">Qualified signups</label><input ...${attrs("visitors")} required />${err("visitors")}</div>
      <div class="field"><label for="rec-conversions">Conversions</label><input ...${attrs("conversions")} required />${err("conversions")}</div>
      <div class="field"><label for="rec-revenue_per_conversion">Revenue per conversion <span class="muted">(optional)</span></label>
        <input ...${attrs("revenue_per_conversion")} />${err("revenue_per_conversion")}</div>
      ${error && !field ? html`<${ErrorBox} error=${error} />` : null}
      <div class="actions"><button type="submit" disabled=${busy}>${busy ? "Recording…" : "Record counts"}</button></div>
    </form>
  </section>`;
}

/**
 * Closes the experiment (POST /experiments/{ref}/close): the result, what was decided and the arm
 * chosen for the ledger (the server's defaults when left empty: the analysis' winner), and what
 * becomes of the idea it informs. The hints are the server's ExperimentClose schema.
 */
function CloseForm({ x, a, onDone }) {
  const FIELDS = ["result", "decision", "chosen", "idea_status"];
  const s = useSchema("ExperimentClose");
  const props = (s && s.properties) || {};
  const [values, setValues] = useState({ result: "", decision: "", chosen: "", idea_status: "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const field = fieldIn(error, FIELDS);
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {};
    for (const f of FIELDS) if (values[f].trim() || f === "result") body[f] = values[f].trim();
    try {
      const r = await request("POST", `/experiments/${encodeURIComponent(x.name)}/close`, { body });
      onDone(r.data);
      announce(`Closed ${x.name}: the result and the decision are in the decision ledger`);
    } catch (err) {
      setError(err);
      announce(`Not closed: ${err.message}`, "error");
      focusControl(form.current, fieldIn(err, FIELDS) || "result");
    } finally {
      setBusy(false);
    }
  }
  const set = (n) => (e) => setValues((v) => ({ ...v, [n]: e.target.value }));
  const hint = (n, fallback) => html`<span class="hint" id=${`close-${n}-hint`}>${cap((props[n] && props[n].description) || fallback)}</span>`;
  const err = (n) => (field === n ? html`<span class="field-error" id=${`close-${n}-err`}>${error.message}</span>` : null);
  const attrs = (n) => ({ id: `close-${n}`, name: n, value: values[n], "aria-invalid": field === n ? "true" : undefined,
    "aria-describedby": [`close-${n}-hint`, field === n ? `close-${n}-err` : null].filter(Boolean).join(" ") });
  const statuses = (props.idea_status && props.idea_status.enum) || ["validating", "planned", "dropped", "sunset"];
  return html`<section class="card" aria-labelledby="close-h">
    <h2 id="close-h">Close the experiment</h2>
    ${a ? html`<p class="hint">Closing records the verdict as it reads now (<${Verdict} verdict=${a.verdict} winner=${a.winner} />),
      the result, and a decision in the ledger with the arms as its options.</p>` : null}
    <form class="exp-form close" ref=${form} onSubmit=${send} noValidate>
      <div class="field"><label for="close-result">Result</label>
        <input ...${attrs("result")} required autocomplete="off" onInput=${set("result")} />
        ${hint("result", "what was learnt")}${err("result")}</div>
      <div class="field"><label for="close-decision">Decision <span class="muted">(optional)</span></label>
        <input ...${attrs("decision")} autocomplete="off" onInput=${set("decision")} />
        ${hint("decision", "what was decided")}${err("decision")}</div>
      <div class="field"><label for="close-chosen">Arm chosen</label>
        <select ...${attrs("chosen")} onChange=${set("chosen")}>
          <option value="">${a && a.winner ? `the winner, ${a.winner}` : "the default"}</option>
          ${x.arms.map((r) => html`<option value=${r.name}>${armName(r)}</option>`)}
        </select>${hint("chosen", "the arm chosen")}${err("chosen")}</div>
      ${x.idea ? html`<div class="field"><label for="close-idea_status">Then the idea “${x.idea.title}” is</label>
        <select ...${attrs("idea_status")} onChange=${set("idea_status")}>
          <option value="">as the server decides</option>
          ${statuses.filter(Boolean).map((st) => html`<option value=${st}>${st}</option>`)}
        </select>${hint("idea_status", "the idea's status after")}${err("idea_status")}</div>` : null}
      ${error && !field ? html`<${ErrorBox} error=${error} />` : null}
      <div class="actions"><button type="submit" class="danger" disabled=${busy}>${busy ? "Closing…" : "Close experiment"}</button></div>
    </form>
  </section>`;
}

/** Adds an arm (POST /experiments/{ref}/arms): the control (what is shown today), or a variant with a price or a message. */
function AddArm({ x, onDone }) {
  const hasControl = x.arms.some((r) => r.control);
  const blank = { name: "", role: hasControl ? (x.kind === "messaging" ? "message" : "price") : "control", price: "", message: "" };
  const [values, setValues] = useState(blank);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const FIELDS = ["name", "control", "price", "message"];
  const field = fieldIn(error, FIELDS);
  async function send(e) {
    e.preventDefault();
    const body = { name: values.name.trim() };
    if (values.role === "control") body.control = true;
    if (values.role === "price" || (values.role === "control" && values.price.trim())) body.price = numberOf(values.price);
    if (values.role === "message" || (values.role === "control" && values.message.trim())) body.message = values.message.trim();
    setBusy(true);
    setError(null);
    try {
      await request("POST", `/experiments/${encodeURIComponent(x.name)}/arms`, { body });
      setValues({ ...blank, role: values.role === "control" ? (x.kind === "messaging" ? "message" : "price") : values.role });
      await onDone();
      announce(`Added the arm ${body.name}`);
      focusControl(form.current, "name");
    } catch (err) {
      setError(err);
      announce(`Not added: ${err.message}`, "error");
      focusControl(form.current, fieldIn(err, FIELDS) === "control" ? "role" : fieldIn(err, FIELDS) || "name");
    } finally {
      setBusy(false);
    }
  }
  const set = (n) => (e) => setValues((v) => ({ ...v, [n]: e.target.value }));
  const err = (n) => (field === n ? html`<span class="field-error" id=${`arm-${n}-err`}>${error.message}</span>` : null);
  const attrs = (n) => ({ id: `arm-${n}`, name: n, value: values[n], autocomplete: "off", onInput: set(n),
    "aria-invalid": field === n ? "true" : undefined, "aria-describedby": field === n ? `arm-${n}-err` : undefined });
  const roles = [["control", "The control: what is shown today"], ["price", "A variant at a price"], ["message", "A variant with a message"]];
  return html`<section class="card" aria-labelledby="arm-h">
    <h2 id="arm-h">Add an arm</h2>
    <form class="exp-form add-arm" ref=${form} onSubmit=${send} noValidate>
      <div class="field"><label for="arm-name">Arm name</label><input ...${attrs("name")} required />${err("name")}</div>
      <fieldset><legend>It is</legend>
        ${roles.map(([v, label]) => html`<div class="field check"><input type="radio" id=${`arm-role-${v}`} name="role" value=${v}
          checked=${values.role === v} onChange=${() => setValues((x2) => ({ ...x2, role: v }))} />
          <label for=${`arm-role-${v}`}>${label}</label></div>`)}
        ${err("control")}
      </fieldset>
      ${values.role !== "message" ? html`<div class="field"><label for="arm-price">Price${values.role === "control"
        ? html` <span class="muted">(optional)</span>` : ""}${x.current_price ? html` <span class="muted">(today ${money(x.current_price)}: steps of 12–15%)</span>` : ""}</label>
        <input ...${attrs("price")} inputmode="decimal" />${err("price")}</div>` : null}
      ${values.role !== "price" ? html`<div class="field"><label for="arm-message">Message${values.role === "control"
        ? html` <span class="muted">(optional)</span>` : ""}</label><input ...${attrs("message")} />${err("message")}</div>` : null}
      ${error && !field ? html`<${ErrorBox} error=${error} />` : null}
      <div class="actions"><button type="submit" class="secondary" disabled=${busy}>${busy ? "Adding…" : "Add arm"}</button></div>
    </form>
  </section>`;
}
