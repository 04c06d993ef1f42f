// launch/metrics.js - the launch room's Metrics tab: each success metric of
// the launch with its status in words, its owner, the numbers that decided
// the status, its chart against the target path (launch/metric_chart.js), a
// table of its values and, for editors, a form to record a new value
// (launch/metric_record.js). Reads GET /launches/{id}/metrics, then each
// metric's observations at the same time.
import { request, canEdit } from "../api.js";
import { html, useLoad, fmtDate, addDays, ErrorBox, Loading } from "../ui.js";
import { nextLink } from "../lists.js";
import { MetricChart } from "./metric_chart.js";
import { RecordValue } from "./metric_record.js";
import { MetricStatus, fmtValue, directionText, expectedOn, STATUS } from "./metric_text.js";

/** Every item of a list the API answers (an array, or an object holding one), following its next links. */
export async function items(path, member) {
  const out = [];
  for (let next = path, n = 0; next && n < 50; n++) {
    const r = await request("GET", next);
    const d = r.data;
    out.push(...(Array.isArray(d) ? d : (d && d[member]) || []));
    next = nextLink(r.headers);
  }
  return out;
}

/** The launch's metrics, each with its observations: [{ metric, observations }]. */
export async function loadMetrics(slug) {
  const metrics = await items(`/launches/${encodeURIComponent(slug)}/metrics`, "metrics");
  const obs = await Promise.all(metrics.map((m) => items(`/metrics/${m.id}/observations`, "observations")));
  return metrics.map((metric, i) => ({ metric, observations: obs[i] }));
}

export function Metrics({ launch, onChanged }) {
  const [list, error, reload, setList] = useLoad(() => loadMetrics(launch.slug), `${launch.slug}/${launch.version}`);
  if (error && !list) return html`<${ErrorBox} error=${error} onRetry=${reload} />`;
  if (!list) return html`<${Loading} what="the metrics" />`;
  const recorded = (id, metric, added) => {
    setList((l) => l.map((x) => (x.metric.id === id
      ? { metric: metric || x.metric, observations: [...x.observations, ...added] } : x)));
    if (!metric) reload();
    if (onChanged) onChanged();
  };
  const counts = {};
  for (const { metric } of list) counts[metric.status] = (counts[metric.status] || 0) + 1;
  return html`<div class="metrics">
    <div class="metrics-top">
      <p class="muted">Each success metric against its target path: a straight line from the baseline at launch day
        (${fmtDate(launch.date)}) to the target at the end of its window.</p>
      ${list.length ? html`<p class="metrics-counts">${Object.keys(STATUS).filter((s) => counts[s]).map((s, i) =>
        html`${i ? " · " : ""}<span>${counts[s]} <${MetricStatus} status=${s} /></span>`)}</p>` : null}
    </div>
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${list.length === 0 ? html`<div class="empty-box">
      <p class="empty">No success metrics yet.</p>
      <p class="hint">A metric has a baseline, a target and a window of days after launch day: add one with
        <code>tminus metric add ${launch.slug} NAME --kind K --unit U --direction up --baseline V --target T --window DAYS</code>
        or through the API (POST /api/v1/launches/${launch.slug}/metrics).</p>
    </div>` : list.map(({ metric, observations }) => html`<${MetricCard} key=${metric.id} metric=${metric}
        observations=${observations} onRecorded=${(m, added) => recorded(metric.id, m, added)} />`)}
  </div>`;
}

function MetricCard({ metric: m, observations, onRecorded }) {
  const h = `metric-${m.id}-h`;
  return html`<article class="card metric" id=${`metric-${m.id}`} aria-labelledby=${h} data-status=${m.status}>
    <header class="metric-head">
      <h3 id=${h}>${m.name}</h3>
      <${MetricStatus} status=${m.status} />
      <p class="metric-meta">
        <span>Owner: <strong>${m.owner || "nobody yet"}</strong></span>
        <span>${m.kind.replace(/-/g, " ")}, ${directionText(m)}</span>
        ${m.source ? html`<span>Source: ${m.source}</span>` : null}
      </p>
    </header>
    <div class="metric-body">
      <div class="metric-main">
        <${MetricChart} metric=${m} observations=${observations} />
        <${Values} metric=${m} observations=${observations} />
      </div>
      <div class="metric-side">
        <dl class="metric-numbers">
          <div><dt>Latest</dt><dd>${fmtValue(m.observed, m.unit)}${m.observed_on
            ? html` <span class="muted">on ${fmtDate(m.observed_on)}</span>` : null}</dd></div>
          <div><dt>Path expects</dt><dd>${m.expected === null ? "—" : fmtValue(m.expected, m.unit)}</dd></div>
          <div><dt>Target</dt><dd>${fmtValue(m.target_value, m.unit)} <span class="muted">${targetWhen(m)}</span></dd></div>
          <div><dt>Baseline</dt><dd>${fmtValue(m.baseline, m.unit)}${m.baseline_on
            ? html` <span class="muted">on ${fmtDate(m.baseline_on)}</span>` : null}</dd></div>
        </dl>
        ${m.stale ? html`<p class="warn stale">No value recorded in the last 14 days: track it weekly.</p>` : null}
        ${canEdit() ? html`<${RecordValue} metric=${m} onRecorded=${onRecorded} />` : null}
      </div>
    </div>
  </article>`;
}

/** "(+10pt) by Fri 1 Jan 2027, 40 days left": the target's form when it is a change, its day, the days left. */
function targetWhen(m) {
  const change = /^[+-].*(%|pt)$/.test(m.target) ? `(${m.target}) ` : "";
  const left = m.days_left >= 0 ? `, ${m.days_left} ${m.days_left === 1 ? "day" : "days"} left` : "";
  return `${change}by ${fmtDate(m.window_end)}${left}`;
}

/** The values as a table (what the chart draws, for anyone who cannot see it). */
function Values({ metric: m, observations }) {
  const T = addDays(m.window_end, -m.window);
  const rows = [...observations].sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : b.id - a.id));
  return html`<details class="metric-values">
    <summary>Values (${rows.length})</summary>
    ${rows.length === 0 ? html`<p class="empty">No value recorded yet.</p>` : html`<div class="table-wrap"><table>
      <caption class="visually-hidden">Values of ${m.name}, newest first</caption>
      <thead><tr><th scope="col">Date</th><th scope="col" class="num">Value</th><th scope="col" class="num">Path expects</th>
        <th scope="col">Note</th><th scope="col">Recorded by</th></tr></thead>
      <tbody>${rows.map((o) => html`<tr data-id=${o.id}>
        <td>${fmtDate(o.on)}</td><td class="num">${fmtValue(o.value, m.unit)}</td>
        <td class="num">${fmtValue(expectedOn(m, T, o.on), m.unit)}</td>
        <td>${o.note || ""}</td><td>${o.by || ""}</td></tr>`)}</tbody>
    </table></div>`}
  </details>`;
}
