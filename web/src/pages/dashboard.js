// pages/dashboard.js - the leadership dashboard (GET /dashboard?quarter=):
// one screen per quarter, the quarter in the address (?quarter=2027Q1) so a
// view can be shared. The quarter's launches by tier with their day (and how
// far it slipped), readiness before launch day or the metrics' statuses
// after it; then the metrics behind or missed, each with its owner.
import { get } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, usePageTitle, today, fmtDate, TierBadge, Score, Status, ErrorBox, Loading } from "../ui.js";
import { MetricStatus, fmtValue, STATUS } from "../launch/metric_text.js";

const QUARTER = /^(\d{4})Q([1-4])$/;
const quarterOf = (d) => `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
/** The quarter n quarters after q ("2026Q4", 1 -> "2027Q1"). */
function step(q, n) {
  const [, y, k] = QUARTER.exec(q);
  const i = Number(y) * 4 + Number(k) - 1 + n;
  return `${Math.floor(i / 4)}Q${(i % 4) + 1}`;
}
const quarterLabel = (q) => q.replace(QUARTER, "Q$2 $1");

export default function Dashboard({ query }) {
  const now = quarterOf(today());
  const q = QUARTER.test(query.get("quarter") || "") ? query.get("quarter") : now;
  const [d, error, reload] = useLoad(() => get("/dashboard", { quarter: q }), q);
  usePageTitle(`Dashboard, ${quarterLabel(q)}`);
  const choices = [];
  for (let i = -4; i <= 4; i++) choices.push(step(now, i));
  if (!choices.includes(q)) choices.push(q), choices.sort();
  const go = (x) => setQuery({ quarter: x === now ? null : x });
  const shown = d && d.quarter === q ? d : null;
  return html`<div class="dashboard">
    <div class="page-head">
      <div>
        <h1>Leadership dashboard</h1>
        <p class="sub">The quarter's launches: readiness before launch day, the metrics against their targets after it,
          the dates that slipped and the metrics that are behind.</p>
      </div>
      <div class="quarter-pick" role="group" aria-label="Quarter">
        <button type="button" class="secondary icon" aria-label=${`Previous quarter, ${quarterLabel(step(q, -1))}`}
          onClick=${() => go(step(q, -1))}><span aria-hidden="true">‹</span></button>
        <label for="quarter" class="visually-hidden">Quarter</label>
        <select id="quarter" value=${q} onChange=${(e) => go(e.target.value)}>
          ${choices.map((x) => html`<option value=${x}>${quarterLabel(x)}${x === now ? " (this quarter)" : ""}</option>`)}
        </select>
        <button type="button" class="secondary icon" aria-label=${`Next quarter, ${quarterLabel(step(q, 1))}`}
          onClick=${() => go(step(q, 1))}><span aria-hidden="true">›</span></button>
      </div>
    </div>
    ${error ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : null}
    ${!shown ? (error ? null : html`<${Loading} what="the dashboard" />`) : html`
      <p class="dash-range">${fmtDate(shown.from)} – ${fmtDate(shown.to)}</p>
      <${Tiers} d=${shown} />
      <${Launches} d=${shown} />
      <${Behind} d=${shown} />`}
  </div>`;
}

function Tiers({ d }) {
  const total = d.launches.length;
  return html`<ul class="tier-tiles" aria-label="Launches by tier">
    <li><strong>${total}</strong> ${total === 1 ? "launch" : "launches"}</li>
    ${[1, 2, 3, 4].map((t) => html`<li><${TierBadge} tier=${t} /> <strong>${d.by_tier[t] || 0}</strong>
      <span class="visually-hidden">at tier ${t}</span></li>`)}
  </ul>`;
}

/** After launch day: how many metrics in each state, in words ("2 on track, 1 behind"); before: the readiness. */
function Health({ row }) {
  if (!row.launched) {
    return html`<span class="dash-ready"><${Score} score=${row.score} label=${true} />
      ${row.errors ? html` <span class="sev-error">${row.errors} ${row.errors === 1 ? "error" : "errors"}</span>` : null}
      ${row.warnings ? html` <span class="sev-warning">${row.warnings} ${row.warnings === 1 ? "warning" : "warnings"}</span>` : null}</span>`;
  }
  const states = Object.keys(STATUS).filter((s) => row.metrics && row.metrics[s]);
  if (!states.length) return html`<span class="muted">no metrics</span>`;
  return html`<ul class="dash-states">${states.map((s) => html`<li>${row.metrics[s]} <${MetricStatus} status=${s} /></li>`)}</ul>`;
}

function Launches({ d }) {
  return html`<section aria-labelledby="dash-launches" class="card">
    <h2 id="dash-launches">Launches</h2>
    ${d.launches.length === 0 ? html`<p class="empty">No launch in ${quarterLabel(d.quarter)}.</p>` : html`<div class="table-wrap"><table class="dash-table">
      <thead><tr><th scope="col">Launch</th><th scope="col">Tier</th><th scope="col">Launch day</th><th scope="col">Slipped</th>
        <th scope="col">Status</th><th scope="col">Readiness or metrics</th></tr></thead>
      <tbody>${d.launches.map((r) => html`<tr data-launch=${r.launch}>
        <th scope="row"><a href=${`/launches/${r.launch}${r.launched ? "?tab=metrics" : ""}`}>${r.name}</a></th>
        <td><${TierBadge} tier=${r.tier} /><span class="visually-hidden">Tier ${r.tier}</span></td>
        <td>${fmtDate(r.date)}</td>
        <td>${r.slip_days ? html`<span class="slipped">${r.slip_days > 0 ? "+" : ""}${r.slip_days} days</span>
          <span class="muted"> from ${fmtDate(r.first_date, false)}, moved ${r.moves}×</span>` : html`<span class="muted">on time</span>`}</td>
        <td><${Status} status=${r.status} /></td>
        <td><${Health} row=${r} /></td>
      </tr>`)}</tbody>
    </table></div>`}
  </section>`;
}

function Behind({ d }) {
  return html`<section aria-labelledby="dash-behind" class="card">
    <h2 id="dash-behind">Metrics behind</h2>
    ${d.behind.length === 0 ? html`<p class="empty">No metric of these launches is behind or missed.</p>` : html`<div class="table-wrap"><table class="dash-table">
      <thead><tr><th scope="col">Metric</th><th scope="col">Launch</th><th scope="col">Status</th><th scope="col" class="num">Observed</th>
        <th scope="col" class="num">Path expects</th><th scope="col">Target</th><th scope="col">Owner</th></tr></thead>
      <tbody>${d.behind.map((m) => html`<tr data-metric=${m.id}>
        <th scope="row">${m.name}</th>
        <td><a href=${`/launches/${m.launch}?tab=metrics`}>${m.launch_name}</a></td>
        <td><${MetricStatus} status=${m.status} /></td>
        <td class="num">${fmtValue(m.observed, m.unit)}${m.observed_on ? html`<br /><span class="muted">${fmtDate(m.observed_on, false)}</span>` : null}</td>
        <td class="num">${fmtValue(m.expected, m.unit)}</td>
        <td>${fmtValue(m.target_value, m.unit)} <span class="muted">by ${fmtDate(m.window_end, false)}</span></td>
        <td>${m.owner || html`<span class="muted">nobody</span>`}</td>
      </tr>`)}</tbody>
    </table></div>`}
  </section>`;
}
