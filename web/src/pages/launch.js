// pages/launch.js - the launch room: one launch's countdown, owners and
// readiness, and five tabs (checklist, timeline, metrics, brief, documents). The
// checklist is drawn as soon as GET /launches/{id} answers; the check, the
// holidays (for the countdown) and the people are asked for at the same time
// and fill in when they come, so nothing waits for anything else. Each tab
// loads what only it needs. The tab is in the address (?tab=timeline) so a
// link can name it.
import { useCallback, useRef, useState } from "preact/hooks";
import { get, canEdit } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, usePageTitle, fmtDate, today, TierBadge, Status, Score, ErrorBox, Loading } from "../ui.js";
import { countdown } from "../launch/workdays.js";
import { loadLaunch, loadCalendar } from "../launch/data.js";
import { Checklist, streamName } from "../launch/checklist.js";
import { Timeline } from "../launch/gantt.js";
import { Brief } from "../launch/brief.js";
import { Documents } from "../launch/docs.js";
import { LaunchIO } from "../launch/io.js";

const TABS = [
  { id: "checklist", label: "Checklist" },
  { id: "timeline", label: "Timeline" },
  { id: "metrics", label: "Metrics" },
  { id: "brief", label: "Brief" },
  { id: "docs", label: "Documents" },
];

/** The role names a product marketer reads (Person role enum). */
export const ROLE_NAMES = {
  pm: "Product", pmm: "Product marketing", marketing: "Marketing", sales: "Sales", cs: "Customer success",
  support: "Support", eng: "Engineering", design: "Design", exec: "Executive", legal: "Legal",
};

/** Seed 001's streams in the playbook's order (a stream it does not know goes last). */
const STREAM_ORDER = ["pmm", "keynote", "pr", "ar", "content", "campaign", "web"];

/** The launch's streams (those its tasks belong to and those it names a DRI for), each with its DRI or null. */
function streamDris(launch) {
  const ids = new Set([...(launch.dris || []).map((d) => d.stream), ...(launch.tasks || []).map((t) => t.stream).filter(Boolean)]);
  const rank = (id) => (STREAM_ORDER.indexOf(id) < 0 ? STREAM_ORDER.length : STREAM_ORDER.indexOf(id));
  return [...ids].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)).map((id) => {
    const d = (launch.dris || []).find((x) => x.stream === id);
    return { id, name: streamName(launch, id), person: d ? d.person : null };
  });
}


const NOBODY = [];

export default function LaunchPage({ params, query }) {
  const id = params.launch;
  const [launch, error, reload, setLaunch] = useLoad(() => loadLaunch(id), id);
  const [check, checkError, reloadCheck] = useLoad(() => get(`/launches/${encodeURIComponent(id)}/check`), id);
  const [cal, calError] = useLoad(loadCalendar, "holidays");
  const [people] = useLoad(() => get("/people"), "people");
  // Bumped after each change of a task so the timeline re-reads the plan.
  const [planKey, setPlanKey] = useState(0);
  // One function for the page's life, so the checklist is not drawn again when the check or the holidays answer.
  const changed = useCallback(() => {
    reloadCheck();
    setPlanKey((k) => k + 1);
  }, [reloadCheck]);
  usePageTitle(launch && launch.name);

  if (error && !launch) return html`<${ErrorBox} error=${error} />`;
  if (!launch) return html`<${Loading} what="the launch" />`;

  const tab = TABS.some((t) => t.id === query.get("tab")) ? query.get("tab") : "checklist";
  return html`<div class="launch-room">
    <${Head} launch=${launch} cal=${cal} />
    <div class="room-grid">
      <div class="room-main">
        <${Tabs} tab=${tab} />
        <div role="tabpanel" id=${`panel-${tab}`} aria-labelledby=${`tab-${tab}`} tabindex="0" class="tab-panel">
          ${tab === "checklist" ? html`<${Checklist} launch=${launch} people=${people || NOBODY}
              setLaunch=${setLaunch} onChanged=${changed} />` : null}
          ${tab === "timeline" ? html`<${Timeline} launch=${launch} cal=${cal} calError=${calError} planKey=${planKey} query=${query} />` : null}
          ${tab === "metrics" ? html`<${MetricsTab} launch=${launch} onChanged=${reloadCheck} />` : null}
          ${tab === "brief" ? html`<${Brief} launch=${launch} onLaunchChanged=${() => { reload(); changed(); }} />` : null}
          ${tab === "docs" ? html`<${Documents} launch=${launch} query=${query} />` : null}
        </div>
      </div>
      <aside class="room-side" aria-label="Readiness">
        <${Readiness} check=${check} error=${checkError} onTask=${(t) => focusTask(t)} />
      </aside>
    </div>
  </div>`;
}

/** The metrics tab, loaded on first visit: its chart library stays out of the checklist's way. */
const metricsModule = () => import("../launch/metrics.js");
function MetricsTab(props) {
  const [mod, error, retry] = useLoad(metricsModule, "metrics-module");
  if (error && !mod) return html`<${ErrorBox} error=${error} onRetry=${retry} />`;
  if (!mod) return html`<${Loading} what="the metrics" />`;
  return html`<${mod.Metrics} ...${props} />`;
}

/** Moves to the checklist row of a task a finding is about. */
function focusTask(taskId) {
  setQuery({ tab: "checklist" });
  requestAnimationFrame(() => {
    const row = document.getElementById(`task-${taskId}`);
    if (row) {
      row.scrollIntoView({ block: "center" });
      const first = row.querySelector("input, select, button");
      if (first) first.focus({ preventScroll: true });
    }
  });
}

function Head({ launch, cal }) {
  const cd = cal ? countdown(today(), launch.date, cal) : null;
  const owners = [
    ["Product manager", launch.pm],
    ["Marketing owner", launch.marketing],
    ...Object.entries(launch.owners || {}).filter(([role]) => role !== "exec").map(([role, who]) => [ROLE_NAMES[role] || role, who]),
  ].filter(([, who]) => who);
  const sponsor = launch.sponsor;
  const streams = streamDris(launch);
  const p = launch.progress || { done: 0, total: 0 };
  const pct = p.total ? Math.round((100 * p.done) / p.total) : 0;
  return html`<div class="room-head">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Portfolio</a> <span aria-hidden="true">/</span> ${launch.name}</nav>
    <div class="room-title">
      <div>
        <h1>${launch.name}</h1>
        <p class="room-meta">
          <${TierBadge} tier=${launch.tier} /> <span class="visually-hidden">Tier ${launch.tier}</span>
          <${Status} status=${launch.status} />
          <span>Launch day <strong>${fmtDate(launch.date)}</strong></span>
          <span class=${`conf conf-${launch.confidence}`}>${launch.confidence} confidence</span>
          ${launch.slips ? html`<span class="slips">slipped ${launch.slips}×</span>` : null}
        </p>
        ${launch.idea ? html`<p class="from-idea">From the backlog:
          <a href=${`/backlog?idea=${launch.idea.id}`}>${launch.idea.title}</a></p>` : null}
      </div>
      <div class="room-count">
        ${cd ? html`<p class=${`countdown ${cd.n < 0 ? "past" : cd.n <= 10 ? "soon" : ""}`}>
          <strong>${cd.text}</strong></p>` : html`<p class="countdown pending" aria-hidden="true"> </p>`}
        <p class="progress-line">
          <span class="bar" aria-hidden="true"><span class=${`fill w${Math.round(pct / 5) * 5}`}></span></span>
          ${p.done} of ${p.total} tasks done
        </p>
        ${canEdit() ? html`<a class="button secondary" href=${`/launches/${launch.slug}/delay`}>Delay or pull in…</a>` : null}
        <${LaunchIO} launch=${launch} />
      </div>
    </div>
    <dl class="owners">
      <div class="sponsor"><dt>Executive sponsor</dt><dd>${sponsor ? html`${sponsor.name}${sponsor.default
        ? html` <span class="muted">(default: CPO)</span>` : null}` : html`<span class="muted">none yet</span>`}</dd></div>
      ${owners.map(([role, who]) => html`<div><dt>${role}</dt><dd>${who}</dd></div>`)}
    </dl>
    ${streams.length ? html`<section class="dris" aria-labelledby="dris-h">
      <h2 id="dris-h">Stream DRIs</h2>
      <dl class="dri-list">
        ${streams.map((s) => html`<div class=${s.person ? "" : "none"} data-stream=${s.id}><dt>${s.name}</dt>
          <dd>${s.person || html`<span class="muted" title=${`tminus launch set ${launch.slug} --dri ${s.id}=PERSON`}>no DRI yet</span>`}</dd></div>`)}
      </dl>
    </section>` : null}
  </div>`;
}

/** The tab list: arrows, Home and End move between tabs (WAI-ARIA tabs pattern, automatic activation). */
function Tabs({ tab }) {
  const list = useRef(null);
  const go = (id) => {
    setQuery({ tab: id === "checklist" ? null : id });
    requestAnimationFrame(() => list.current && list.current.querySelector(`#tab-${id}`).focus());
  };
  const onKey = (e) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    go(TABS[(next + TABS.length) % TABS.length].id);
  };
  return html`<div role="tablist" aria-label="Launch views" ref=${list} onKeyDown=${onKey}>
    ${TABS.map((t) => html`<button type="button" role="tab" id=${`tab-${t.id}`} aria-controls=${`panel-${t.id}`}
        aria-selected=${t.id === tab ? "true" : "false"} tabindex=${t.id === tab ? 0 : -1}
        onClick=${() => go(t.id)}>${t.label}</button>`)}
  </div>`;
}

const FUNCTION_NAMES = { positioning: "Positioning", marketing: "Marketing", sales: "Sales", cs: "Customer success",
  product: "Product", support: "Support", launch: "Launch", "post-launch": "Post-launch" };

/** The readiness score, the findings with their hints, and each function's progress. */
function Readiness({ check, error, onTask }) {
  const [open, setOpen] = useState(false);
  // On a narrow window the findings start folded so the tabs stay in reach.
  const [wide] = useState(() => !window.matchMedia || window.matchMedia("(min-width: 1100px)").matches);
  // Until the check answers, the card keeps its place (the checklist beside it is already usable).
  if (!check) return error ? html`<${ErrorBox} error=${error} />` : html`<section class="card readiness" aria-labelledby="readiness-h" aria-busy="true">
    <div class="readiness-top"><h2 id="readiness-h">Readiness</h2></div>
    <p class="muted pending-text">Checking the launch…</p>
  </section>`;
  const findings = check.findings || [];
  const shown = open ? findings : findings.slice(0, 4);
  return html`<section class="card readiness" aria-labelledby="readiness-h">
    <div class="readiness-top">
      <h2 id="readiness-h">Readiness</h2>
      <span class="readiness-score" data-score=${check.score}><${Score} score=${check.score} /><span class="of">/ 100</span></span>
    </div>
    <p class="readiness-counts">
      <span class="sev-error">${check.errors} ${check.errors === 1 ? "error" : "errors"}</span>${" · "}<span class="sev-warning">${check.warnings} ${check.warnings === 1 ? "warning" : "warnings"}</span>
    </p>
    ${findings.length === 0 ? html`<p class="empty">Nothing to fix: every rule passes.</p>` : html`
    <details class="findings-box" open=${wide}>
      <summary>Findings and what to do</summary>
      <ul class="findings">
        ${shown.map((f) => html`<li class=${`finding sev-${f.severity}-box`}>
          <p><span class=${`sev sev-${f.severity}`}>${f.severity}</span> <span class="rule">${f.rule}</span></p>
          <p class="msg">${f.message}</p>
          ${f.hint ? html`<p class="hint">${f.hint}</p>` : null}
          ${f.task ? html`<button type="button" class="link" onClick=${() => onTask(f.task)}>Go to task #${f.task}</button>` : null}
        </li>`)}
      </ul>
      ${findings.length > 4 ? html`<button type="button" class="link" aria-expanded=${open} onClick=${() => setOpen(!open)}>
        ${open ? "Show fewer" : `Show all ${findings.length} findings`}</button>` : null}
    </details>`}
    ${check.readiness && check.readiness.length ? html`<h3>By function</h3>
    <ul class="functions">
      ${check.readiness.map((r) => {
        const total = r.done + r.open;
        const pct = total ? Math.round((100 * r.done) / total / 5) * 5 : 0;
        return html`<li>
          <span class="fn-name">${FUNCTION_NAMES[r.function] || r.function}</span>
          <span class="bar" aria-hidden="true"><span class=${`fill w${pct} ${r.worst ? `worst-${r.worst}` : ""}`}></span></span>
          <span class="fn-count">${r.done}/${total}${r.late ? html` · <span class="sev-error">${r.late} late</span>` : null}
            ${r.worst ? html` · <span class=${`sev-${r.worst}`}>${r.worst}</span>` : null}</span>
        </li>`;
      })}
    </ul>` : null}
  </section>`;
}
