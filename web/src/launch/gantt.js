// launch/gantt.js - the timeline: the plan of the launch's open tasks drawn
// as a Gantt chart in SVG (one column per working day: weekends and holidays
// are left out, as the scheduler leaves them out). Bars run from earliest
// start to earliest finish; a thin line carries on to the latest finish (the
// slack); critical tasks are hatched and labelled "critical"; arrows show
// what waits for what; today and launch day are lines; a saved baseline
// shows as ghost bars. Titles are SVG text, never HTML. A task's row (click,
// Enter or Space) opens why it is critical (GET …/plan?explain=ID). The same
// data is offered as a table.
import { useEffect, useRef, useState } from "preact/hooks";
import { get } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, fmtDate, today, ErrorBox, Loading, monthName, parseDate } from "../ui.js";
import { bySection } from "./checklist.js";

const DAY_W = 22, ROW_H = 30, HEAD_H = 46, LABEL_W = 230, BAR_H = 14;

export function Timeline({ launch, cal, calError, planKey, query }) {
  const id = encodeURIComponent(launch.slug);
  // The plan and the baselines are asked for at once; the comparison with a
  // baseline (?against=, the latest one unless the address names another or
  // "none") joins in when it answers: the chart never waits for it.
  const [plan, error] = useLoad(() => get(`/launches/${id}/plan`), `${launch.slug}:${planKey}`);
  const [baselines] = useLoad(() => get(`/launches/${id}/baselines`), `${launch.slug}:${planKey}`);
  const named = query.get("against");
  const against = named === "none" ? "" : named || (baselines && baselines.length ? baselines[baselines.length - 1].name : "");
  const [cmp, cmpError] = useLoad(() => (against ? get(`/launches/${id}/plan`, { against }) : null),
    `${launch.slug}:${planKey}:${against}`);
  const [asTable, setAsTable] = useState(query.get("view") === "table");
  const [picked, setPicked] = useState(null);

  if ((error && !plan) || calError) return html`<${ErrorBox} error=${error || calError} />`;
  if (!plan || !cal) return html`<${Loading} what="the plan" />`;

  const base = cmp && against && cmp.baseline === against ? cmp : null;
  const model = buildModel(plan, launch, cal, base);
  // Closing the explanation gives the focus back to the task it was about.
  const close = (taskId) => {
    setPicked(null);
    requestAnimationFrame(() => {
      const el = document.querySelector(`[data-task="${taskId}"]`);
      if (el) el.focus();
    });
  };
  const toggle = () => {
    setAsTable(!asTable);
    setQuery({ view: asTable ? null : "table" });
  };
  return html`<div class="timeline">
    <div class="timeline-bar">
      <p class="plan-sum">
        ${model.rows.length} open ${model.rows.length === 1 ? "task" : "tasks"}${" · "}<strong>${plan.critical_path ? plan.critical_path.length : 0} critical</strong>
        ${plan.feasible === false ? html` · <span class="sev-error">not feasible: ${-plan.min_slack_days} working ${plan.min_slack_days === -1 ? "day" : "days"} short</span>`
          : html` · <span class="ok-text">feasible</span>`}
      </p>
      <div class="timeline-tools">
        ${Array.isArray(baselines) && baselines.length ? html`<label class="inline-field">Baseline
          <select value=${against || "none"} onChange=${(e) => setQuery({ against: e.target.value })}>
            <option value="none">none</option>
            ${baselines.map((b) => html`<option value=${b.name}>${b.name}${b.date ? ` (T ${b.date})` : ""}</option>`)}
          </select></label>` : null}
        <button type="button" class="secondary" aria-pressed=${asTable ? "true" : "false"} onClick=${toggle}>
          ${asTable ? "Show as chart" : "Show as table"}</button>
      </div>
    </div>
    ${cmpError && against ? html`<${ErrorBox} error=${cmpError} />` : null}
    ${base ? html`<p class="note baseline-note">Compared with the baseline “${base.baseline}” (launch day then ${fmtDate(base.baseline_date)};${" "}
      ${variance(base.launch_variance_days)}). Ghost bars show where each task was planned.</p>` : null}
    ${model.rows.length === 0 ? html`<p class="empty">No open task: the plan is empty.</p>` : asTable
      ? html`<${PlanTable} model=${model} against=${!!base} onPick=${setPicked} />`
      : html`<${Chart} model=${model} onPick=${setPicked} picked=${picked} />`}
    ${picked ? html`<${Explain} launch=${launch} task=${picked} model=${model} onClose=${() => close(picked.id)} />` : null}
  </div>`;
}

const variance = (n) => (!n ? "no change" : n > 0 ? `${n} working days later now` : `${-n} working days earlier now`);

/**
 * Joins the plan's rows with the tasks (section, owner, dependencies) and, given a
 * PlanComparison, each task's baseline finish (its start is the effort back from it),
 * and lays out the working days.
 */
function buildModel(plan, launch, cal, cmp) {
  const byId = new Map((launch.tasks || []).map((t) => [t.id, t]));
  const then = new Map(((cmp && cmp.tasks) || []).map((t) => [t.id, t]));
  const rows = (plan.tasks || []).map((p) => {
    const t = byId.get(p.id) || {};
    const row = { ...p, section: t.section || "Other", owner: t.owner, status: t.status, deps: t.depends_on || [] };
    const b = then.get(p.id);
    if (b && b.baseline_finish) {
      row.base_finish = b.baseline_finish;
      row.base_start = p.effort_days > 1 ? cal.addWorkdays(b.baseline_finish, -(p.effort_days - 1)) : b.baseline_finish;
    }
    return row;
  });
  const now = today();
  const dates = [now, plan.date || launch.date];
  for (const r of rows) dates.push(r.earliest_start, r.earliest_finish, r.latest_start, r.latest_finish, r.base_start, r.base_finish);
  const valid = dates.filter(Boolean).sort();
  const first = cal.onOrBefore(valid[0]);
  const last = cal.onOrAfter(valid[valid.length - 1]);
  const days = [];
  for (let d = first; d <= last; d = cal.addWorkdays(d, 1)) days.push(d);
  const col = new Map(days.map((d, i) => [d, i]));
  // A day off sits at the next working day's left edge.
  const colOf = (d) => (col.has(d) ? col.get(d) : col.get(cal.onOrAfter(d)) ?? days.length);
  const groups = bySection(rows);
  const ordered = [];
  for (const [section, list] of groups) {
    ordered.push({ header: section });
    for (const r of list) ordered.push(r);
  }
  ordered.forEach((r, i) => (r.y = HEAD_H + i * ROW_H));
  return { rows, ordered, days, colOf, now, launchDate: plan.date || launch.date, plan, cal };
}

const x0 = (i) => i * DAY_W;
const short = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const describe = (r) => `${r.title}: ${r.milestone ? `milestone on ${fmtDate(r.earliest_start)}` : `${fmtDate(r.earliest_start)} to ${fmtDate(r.earliest_finish)}`}, ` +
  `${r.slack_days} working days of slack${r.critical ? ", critical" : ""}. Show why`;

function Chart({ model, onPick, picked }) {
  const { ordered, days, colOf, now, launchDate } = model;
  const W = days.length * DAY_W, H = HEAD_H + ordered.length * ROW_H + 8;
  const keyPick = (e, r) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onPick(r);
    }
  };
  const pos = new Map(model.rows.map((r) => [r.id, r]));
  const todayX = x0(colOf(now)), launchX = x0(colOf(launchDate)) + DAY_W / 2;
  return html`<div class="gantt">
    <p class="legend" aria-hidden="true">
      <span class="lg lg-bar"></span> scheduled (earliest start to finish)
      <span class="lg lg-crit"></span> critical
      <span class="lg lg-slack"></span> slack
      <span class="lg lg-late"></span> late (negative slack)
      <span class="lg lg-ghost"></span> baseline
      <span class="lg lg-ms"></span> milestone
    </p>
    <div class="gantt-frame">
      <div class="gantt-labels">
        <svg width=${LABEL_W} height=${H} viewBox=${`0 0 ${LABEL_W} ${H}`} role="list" aria-label="Open tasks of the plan">
          <defs><clipPath id="g-label-clip"><rect x="0" y="0" width=${LABEL_W - 10} height=${H} /></clipPath></defs>
          <text x="10" y=${HEAD_H - 12} class="g-head" aria-hidden="true">Task</text>
          ${ordered.map((r) => r.header
            ? html`<text x="10" y=${r.y + 20} class="g-section" aria-hidden="true">${short(r.header, 30)}</text>`
            : html`<g role="listitem"><g class=${`g-label${r.critical ? " crit" : ""}${picked && picked.id === r.id ? " picked" : ""}`}
                tabindex="0" data-task=${r.id} role="button" aria-label=${describe(r)} onClick=${() => onPick(r)} onKeyDown=${(e) => keyPick(e, r)}>
                <rect x="2" y=${r.y + 2} width=${LABEL_W - 4} height=${ROW_H - 4} rx="4" class="g-hit" />
                <text x=${r.critical ? 50 : 10} y=${r.y + 19} class="g-title" clip-path="url(#g-label-clip)">${r.title}</text>

              </g>
              ${r.critical ? html`<g aria-hidden="true" class="g-badge"><rect x="8" y=${r.y + 8} width="36" height="14" rx="3" class="g-crit-badge" aria-hidden="true" />
                  <text x="26" y=${r.y + 18.5} text-anchor="middle" class="g-crit-tag" aria-hidden="true">CRIT</text></g>` : null}</g>`)}
        </svg>
      </div>
      <div class="gantt-scroll" tabindex="0" role="region" aria-label="Timeline by working day (scrolls sideways)">
        <svg width=${W} height=${H} viewBox=${`0 0 ${W} ${H}`} aria-hidden="true" class="gantt-svg">
          <defs>
            <pattern id="g-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" class="g-hatch-bg" /><line x1="0" y1="0" x2="0" y2="6" class="g-hatch-line" />
            </pattern>
            <marker id="g-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" class="g-arrowhead" />
            </marker>
          </defs>
          ${days.map((d, i) => {
            const dt = parseDate(d);
            const monday = dt.getUTCDay() === 1, newMonth = i === 0 || d.slice(5, 7) !== days[i - 1].slice(5, 7);
            return html`<g>
              ${monday ? html`<rect x=${x0(i)} y=${HEAD_H} width=${DAY_W * 5} height=${H - HEAD_H} class=${`g-week ${(Math.floor(i / 5) % 2) ? "odd" : ""}`} />` : null}
              <line x1=${x0(i)} y1=${HEAD_H - 16} x2=${x0(i)} y2=${H} class=${monday ? "g-grid week" : "g-grid"} />
              ${newMonth ? html`<text x=${x0(i) + 3} y="14" class="g-month">${monthName(dt.getUTCMonth())} ${dt.getUTCFullYear()}</text>` : null}
              <text x=${x0(i) + DAY_W / 2} y=${HEAD_H - 4} text-anchor="middle" class=${`g-day${monday ? " mon" : ""}`}>${dt.getUTCDate()}</text>
            </g>`;
          })}
          <line x1="0" y1=${HEAD_H} x2=${W} y2=${HEAD_H} class="g-axis" />
          ${ordered.map((r) => r.header ? html`<rect x="0" y=${r.y + 4} width=${W} height=${ROW_H - 8} class="g-section-band" />` : null)}
          ${model.rows.flatMap((r) => r.deps.filter((d) => pos.has(d)).map((d) => html`<path class=${`g-dep${r.critical && pos.get(d).critical ? " crit" : ""}${picked && (picked.id === r.id || picked.id === d) ? " near" : ""}`}
              d=${arrow(pos.get(d), r, colOf)} marker-end="url(#g-arrow)" />`))}
          ${model.rows.map((r) => html`<${Bar} r=${r} colOf=${colOf} picked=${picked && picked.id === r.id} onPick=${onPick} />`)}
          <line x1=${todayX} y1=${HEAD_H - 18} x2=${todayX} y2=${H} class="g-today" />
          <text x=${todayX + 3} y=${HEAD_H - 20} class="g-today-label">Today</text>
          <line x1=${launchX} y1=${HEAD_H - 18} x2=${launchX} y2=${H} class="g-launch" />
          <text x=${launchX - 3} y=${HEAD_H - 20} text-anchor="end" class="g-launch-label">Launch day</text>
        </svg>
      </div>
    </div>
  </div>`;
}

/** One task: the ghost of its baseline, the bar (or a diamond), and its slack or overrun. */
function Bar({ r, colOf, picked, onPick }) {
  const s = colOf(r.earliest_start), f = colOf(r.earliest_finish), lf = colOf(r.latest_finish);
  const y = r.y + (ROW_H - BAR_H) / 2;
  const cls = `g-bar${r.critical ? " crit" : ""}${r.slack_days < 0 ? " late" : ""}${picked ? " picked" : ""}`;
  const parts = [];
  if (r.base_finish) {
    const bs = colOf(r.base_start), bf = colOf(r.base_finish);
    parts.push(html`<rect x=${x0(bs) + 1} y=${y + BAR_H - 2} width=${Math.max(4, (bf - bs + 1) * DAY_W - 2)} height="6" rx="2" class="g-ghost" />`);
  }
  if (r.milestone) {
    const cx = x0(s) + DAY_W / 2, cy = r.y + ROW_H / 2, k = 7;
    parts.push(html`<path d=${`M${cx},${cy - k} L${cx + k},${cy} L${cx},${cy + k} L${cx - k},${cy} z`} class=${`g-ms ${cls}`} />`);
  } else {
    parts.push(html`<rect x=${x0(s) + 1} y=${y} width=${(f - s + 1) * DAY_W - 2} height=${BAR_H} rx="3" class=${cls} />`);
  }
  const end = x0(f) + (r.milestone ? DAY_W / 2 : DAY_W - 1), lend = x0(lf) + (r.milestone ? DAY_W / 2 : DAY_W - 1);
  const cy = r.y + ROW_H / 2;
  if (r.slack_days > 0 && lend > end) {
    parts.push(html`<line x1=${end + 1} y1=${cy} x2=${lend} y2=${cy} class="g-slack" />`,
      html`<line x1=${lend} y1=${cy - 4} x2=${lend} y2=${cy + 4} class="g-slack" />`);
  } else if (r.slack_days < 0) {
    // Negative slack: the part of the bar after the latest finish is late.
    parts.push(html`<line x1=${lend} y1=${y - 3} x2=${lend} y2=${y + BAR_H + 3} class="g-deadline" />`);
  }
  return html`<g class="g-task" onClick=${() => onPick(r)}><title>${r.title}</title>${parts}</g>`;
}

/** An elbow arrow from the end of what is waited for to the start of the task that waits. */
function arrow(from, to, colOf) {
  const fx = x0(colOf(from.earliest_finish)) + (from.milestone ? DAY_W / 2 + 7 : DAY_W - 1);
  const tx = x0(colOf(to.earliest_start)) + (to.milestone ? DAY_W / 2 - 8 : 1);
  const fy = from.y + ROW_H / 2, ty = to.y + ROW_H / 2;
  if (tx - fx >= 10) return `M${fx},${fy} H${fx + 5} V${ty} H${tx}`;
  const mid = ty + (ty > fy ? -ROW_H / 2 : ROW_H / 2);
  return `M${fx},${fy} H${fx + 5} V${mid} H${tx - 8} V${ty} H${tx}`;
}

/** The same plan as a table, for screen readers and for reading exact dates. */
function PlanTable({ model, against, onPick }) {
  return html`<div class="table-wrap">
    <table class="plan-table">
      <caption class="visually-hidden">The plan of the open tasks: earliest and latest dates, slack, critical path</caption>
      <thead><tr>
        <th scope="col">Task</th><th scope="col">Section</th><th scope="col">Owner</th>
        <th scope="col">Earliest start</th><th scope="col">Earliest finish</th><th scope="col">Latest finish</th>
        <th scope="col" class="num">Slack (working days)</th><th scope="col">Critical</th>
        ${against ? html`<th scope="col">Baseline finish</th>` : null}
      </tr></thead>
      <tbody>
        ${model.rows.map((r) => html`<tr class=${r.critical ? "crit" : ""}>
          <th scope="row"><button type="button" class="link" data-task=${r.id} onClick=${() => onPick(r)}>${r.title}</button>
            ${r.milestone ? html` <span class="tag milestone">milestone</span>` : null}</th>
          <td>${r.section}</td><td>${r.owner || "—"}</td>
          <td>${fmtDate(r.earliest_start)}</td><td>${fmtDate(r.earliest_finish)}</td><td>${fmtDate(r.latest_finish)}</td>
          <td class=${`num${r.slack_days < 0 ? " sev-error" : ""}`}>${r.slack_days}</td>
          <td>${r.critical ? html`<strong class="crit-text">critical</strong>` : "no"}</td>
          ${against ? html`<td>${fmtDate(r.base_finish)}</td>` : null}
        </tr>`)}
      </tbody>
    </table>
  </div>`;
}

/** Why a task is (or is not) critical: the chain that fixes its latest finish, from plan --explain. */
function Explain({ launch, task, model, onClose }) {
  const [ex, error] = useLoad(() => get(`/launches/${encodeURIComponent(launch.slug)}/plan`, { explain: task.id }), task.id);
  const waits = (task.deps || []).map((d) => (launch.tasks || []).find((t) => t.id === d)).filter(Boolean);
  // The panel takes the focus when it opens; Escape closes it.
  const head = useRef(null);
  useEffect(() => head.current && head.current.focus(), [task.id]);
  const onKey = (e) => e.key === "Escape" && onClose();
  return html`<aside class="card explain" aria-labelledby="explain-h" onKeyDown=${onKey}>
    <div class="explain-head">
      <h3 id="explain-h" tabindex="-1" ref=${head}><span class="visually-hidden">Why this task is scheduled so: </span>${task.title}</h3>
      <button type="button" class="secondary" onClick=${onClose}>Close<span class="visually-hidden"> the explanation</span></button>
    </div>
    <p>${task.critical ? html`<strong class="crit-text">Critical</strong>: any slip moves launch day.`
      : html`Not critical: ${task.slack_days} working ${task.slack_days === 1 ? "day" : "days"} of slack.`}
      ${task.owner ? html` Owner: ${task.owner}.` : null}</p>
    <dl class="explain-dates">
      <div><dt>Earliest</dt><dd>${fmtDate(task.earliest_start)} → ${fmtDate(task.earliest_finish)}</dd></div>
      <div><dt>Latest</dt><dd>${fmtDate(task.latest_start)} → ${fmtDate(task.latest_finish)}</dd></div>
    </dl>
    ${waits.length ? html`<p>Waits for: ${waits.map((w, i) => html`${i ? ", " : ""}<span>#${w.id} ${w.title}</span>`)}</p>` : null}
    ${error ? html`<${ErrorBox} error=${error} />` : !ex ? html`<${Loading} what="the explanation" />` : html`
      <p class="explanation">${ex.explanation.trim()}</p>
      ${ex.chain && ex.chain.length ? html`<h4>The chain that sets its latest finish</h4>
      <ol class="chain">${ex.chain.map((c) => html`<li><strong>#${c.id} ${c.title}</strong>
        <span class="muted"> by ${fmtDate(c.latest_finish)}, ${c.fixed_by === "due" ? "its own due date" : c.fixed_by === "successor" ? "because the next task waits for it" : c.fixed_by}</span></li>`)}
      </ol>` : null}`}
  </aside>`;
}
