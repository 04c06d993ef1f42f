// pages/portfolio.js - the home page: every launch of a month or a quarter
// on a calendar (or in a sortable list), coloured by tier with its readiness,
// the conflicts a release manager must hear about marked on their days, and
// filters kept in the URL so a view can be shared. Only the visible range is
// read from the API, so a workspace of 10,000 launches opens as quickly as
// one of ten.
import { useEffect, useMemo, useRef } from "preact/hooks";
import { get } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, today, ErrorBox, CopyButton, TIER_NAMES, usePageTitle } from "../ui.js";
import { addMonths, monthEnd, monthStart, quarterStart, quarterName, monthTitle } from "../portfolio/dates.js";
import { getAll } from "../portfolio/fetch.js";
import { useMedia } from "../portfolio/hooks.js";
import { launchesByDay, indexCalendar, conflictsByRule, ruleLabel, readinessOf } from "../portfolio/model.js";
import { MonthGrid, Agenda, DayPanel } from "../portfolio/calendar.js";
import { ListView } from "../portfolio/list.js";

const STATUSES = ["planned", "launched", "cancelled"];

/** The visible range the query asks for: its months, first and last day, title. */
function rangeOf(q) {
  const quarter = q.get("span") === "quarter";
  const at = /^\d{4}-\d{2}$/.test(q.get("at") || "") ? `${q.get("at")}-01` : monthStart(today());
  const first = quarter ? quarterStart(at) : at;
  const months = quarter ? [first, addMonths(first, 1), addMonths(first, 2)] : [first];
  return { quarter, first, months, from: first, to: monthEnd(months[months.length - 1]),
           title: quarter ? quarterName(first) : monthTitle(first) };
}

/** The launches of the range: one request per month, in parallel, each following its next links. */
async function loadLaunches(range, f) {
  const parts = await Promise.all(range.months.map((m) => getAll("/launches", {
    from: m, to: monthEnd(m), tier: f.tier, status: f.status, owner: f.owner, with: "readiness", limit: 1000,
  })));
  return parts.flat();
}

export default function Portfolio({ query }) {
  const range = rangeOf(query);
  const f = { tier: query.get("tier") || "", owner: query.get("owner") || "", status: query.get("status") || "" };
  const show = query.get("show") === "list" ? "list" : "calendar";
  const sort = query.get("sort") || "date", dir = query.get("dir") || "asc";
  const day = query.get("day");
  const phone = useMedia("(max-width: 700px)");
  usePageTitle(`Portfolio, ${range.title}`);

  const lkey = `${range.from}|${range.to}|${f.tier}|${f.owner}|${f.status}`;
  const [loaded, lerr, reload] = useLoad(() => loadLaunches(range, f).then((launches) => ({ key: lkey, launches })), lkey);
  const fresh = !!loaded && loaded.key === lkey;
  /* The conflicts are asked for once the launches are in: the launches draw first, the server's
     threads are not shared between both, and the conflicts (large in a crowded quarter) overlay them. */
  const ckey = `${range.from}|${range.to}|${f.tier}`;
  const [cal, cerr] = useLoad(() => (fresh ? get("/calendar", { from: range.from, to: range.to, tier: f.tier })
    .then((c) => ({ key: ckey, c })) : null), fresh ? ckey : "");
  /* The owner filter's people and the feeds wait for the first launches too (they are not urgent). */
  const started = useRef(false);
  if (fresh) started.current = true;
  const [people] = useLoad(() => (started.current ? getAll("/people", { limit: 1000 }).catch(() => []) : null),
    started.current ? "people" : "");

  const launches = (loaded && loaded.launches) || [];
  const byDay = useMemo(() => launchesByDay(launches), [loaded]);
  const idx = useMemo(() => indexCalendar(cal && cal.key === ckey ? cal.c : null), [cal, ckey]);

  const step = (n) => setQuery({ at: addMonths(range.first, n).slice(0, 7), day: undefined });
  const goToday = () => setQuery({ at: undefined, day: undefined });
  const filtered = f.tier || f.owner || f.status;

  return html`<div class="portfolio">
    <div class="page-head">
      <div>
        <h1>Launch calendar</h1>
        <p class="sub">Every launch by day, coloured by tier, with its readiness out of 100 and the conflicts to resolve.</p>
      </div>
      <div class="view-switch">
        <div class="seg" role="group" aria-label="Range">
          <button type="button" aria-pressed=${!range.quarter} onClick=${() => setQuery({ span: undefined, day: undefined })}>Month</button>
          <button type="button" aria-pressed=${range.quarter} onClick=${() => setQuery({ span: "quarter", day: undefined })}>Quarter</button>
        </div>
        <div class="seg" role="group" aria-label="Layout">
          <button type="button" aria-pressed=${show === "calendar"} onClick=${() => setQuery({ show: undefined })}>Calendar</button>
          <button type="button" aria-pressed=${show === "list"} onClick=${() => setQuery({ show: "list" })}>List</button>
        </div>
      </div>
    </div>

    <div class="toolbar">
      <div class="nav-range" role="group" aria-label="Move in time">
        <button type="button" class="secondary" onClick=${goToday}>Today</button>
        <button type="button" class="secondary icon" onClick=${() => step(range.quarter ? -3 : -1)}
          aria-label=${range.quarter ? "Previous quarter" : "Previous month"}><span aria-hidden="true">‹</span></button>
        <button type="button" class="secondary icon" onClick=${() => step(range.quarter ? 3 : 1)}
          aria-label=${range.quarter ? "Next quarter" : "Next month"}><span aria-hidden="true">›</span></button>
        <h2 class="range-title" aria-live="polite">${range.title}</h2>
      </div>
      <${Filters} f=${f} people=${people || []} filtered=${filtered} />
    </div>
    <${Summary} launches=${launches} idx=${idx} fresh=${fresh} />

    <${ErrorBox} error=${lerr} onRetry=${reload} />
    ${cerr ? html`<p class="warn">The conflicts, holidays and freezes could not be loaded: ${cerr.message}</p>` : null}

    ${day && fresh ? html`<${DayFocus} day=${day}>
      <${DayPanel} day=${day} launches=${byDay.get(day) || []} idx=${idx} onClose=${() => setQuery({ day: undefined })} /><//>` : null}

    <div class="cal-body" aria-busy=${!fresh}>
      ${!fresh ? html`<p class="loading" role="status">Loading the launches of ${range.title}…</p>` : null}
      ${show === "list"
        ? html`<${ListView} launches=${launches} sort=${sort} dir=${dir} flagged=${idx.flagged} />`
        : phone
          ? html`<${Agenda} months=${range.months} byDay=${byDay} idx=${idx} todayIs=${today()} />`
          : html`<div class=${`months${range.quarter ? " quarter" : ""}`}>
              ${range.months.map((m) => html`<${MonthGrid} first=${m} byDay=${byDay} idx=${idx} todayIs=${today()} compact=${range.quarter} />`)}
            </div>`}
      ${fresh && launches.length === 0 ? html`<p class="empty">No launch ${filtered ? "matches these filters" : "is planned"} in ${range.title}.</p>` : null}
    </div>

    <${Legend} />
    <${Conflicts} idx=${idx} />
    ${started.current ? html`<${Feeds} />` : null}
  </div>`;
}

/** Moves focus to the day panel when it opens (keyboard and screen-reader users land on it). */
function DayFocus({ day, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const h = ref.current && ref.current.querySelector("#day-panel-title");
    if (h) h.focus();
  }, [day]);
  return html`<div ref=${ref}>${children}</div>`;
}

function Filters({ f, people, filtered }) {
  return html`<form class="filters" role="search" aria-label="Filter launches" onSubmit=${(e) => e.preventDefault()}>
    <div class="field">
      <label for="f-tier">Tier</label>
      <select id="f-tier" value=${f.tier} onChange=${(e) => setQuery({ tier: e.target.value, day: undefined })}>
        <option value="">All tiers</option>
        ${[1, 2, 3, 4].map((t) => html`<option value=${String(t)}>${TIER_NAMES[t]}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-owner">Owner</label>
      <select id="f-owner" value=${f.owner} onChange=${(e) => setQuery({ owner: e.target.value, day: undefined })}>
        <option value="">Anyone</option>
        ${f.owner && !people.some((p) => p.name === f.owner) ? html`<option value=${f.owner}>${f.owner}</option>` : null}
        ${people.map((p) => html`<option value=${p.name}>${p.name}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-status">Status</label>
      <select id="f-status" value=${f.status} onChange=${(e) => setQuery({ status: e.target.value, day: undefined })}>
        <option value="">Any status</option>
        ${STATUSES.map((s) => html`<option value=${s}>${s.charAt(0).toUpperCase() + s.slice(1)}</option>`)}
      </select>
    </div>
    ${filtered ? html`<button type="button" class="link clear" onClick=${() => setQuery({ tier: undefined, owner: undefined, status: undefined })}>Clear filters</button>` : null}
  </form>`;
}

/** The range at a glance: launches, Tier 1s, those at risk, conflicts. */
function Summary({ launches, idx, fresh }) {
  const t1 = launches.filter((l) => l.tier === 1).length;
  const scored = launches.filter((l) => readinessOf(l) !== null);
  const risk = scored.filter((l) => readinessOf(l) < 50 && l.status === "planned").length;
  const n = (x) => (fresh ? x.toLocaleString("en") : "…");
  return html`<dl class="stats">
    <div><dt>Launches</dt><dd>${n(launches.length)}</dd></div>
    <div><dt>Tier 1</dt><dd>${n(t1)}</dd></div>
    <div><dt>Readiness under 50</dt><dd class=${risk ? "bad" : ""}>${scored.length || !fresh ? n(risk) : "—"}</dd></div>
    <div><dt>Conflicts</dt><dd class=${idx.all.length ? "bad" : ""}>${idx.all.length.toLocaleString("en")}</dd></div>
  </dl>`;
}

function Legend() {
  return html`<div class="legend" aria-label="Legend">
    ${[1, 2, 3, 4].map((t) => html`<span class="legend-item"><span class=${`swatch tier-${t}`} aria-hidden="true">T${t}</span>${TIER_NAMES[t]}</span>`)}
    <span class="legend-item"><span class="chip-score score-good" aria-hidden="true">85</span>Readiness out of 100</span>
    <span class="legend-item"><span aria-hidden="true" class="legend-flag">⚠</span>Conflict</span>
    <span class="legend-item"><span class="swatch swatch-freeze" aria-hidden="true"></span>Freeze</span>
    <span class="legend-item"><span class="swatch swatch-holiday" aria-hidden="true"></span>Holiday</span>
    <span class="legend-item"><span class="swatch swatch-weekend" aria-hidden="true"></span>Weekend</span>
  </div>`;
}

/** The conflicts of the range, by rule; each one's day opens on a click. */
function Conflicts({ idx }) {
  if (!idx.all.length) return null;
  const groups = conflictsByRule(idx.all);
  return html`<section class="card conflicts" aria-labelledby="conflicts-title">
    <h2 id="conflicts-title">Conflicts in this range</h2>
    ${groups.map(([rule, list]) => html`<details open=${list.length <= 5}>
      <summary><strong>${ruleLabel(rule)}</strong> <span class="count">${list.length.toLocaleString("en")}</span></summary>
      <ul class="conflict-list">
        ${list.slice(0, 100).map((c) => html`<li>
          <button type="button" class="link" onClick=${() => setQuery({ day: c.date })}>${c.date}</button> ${c.message}</li>`)}
      </ul>
      ${list.length > 100 ? html`<p class="muted">…and ${(list.length - 100).toLocaleString("en")} more: open a day to see its own.</p>` : null}
    </details>`)}
  </section>`;
}

/** The signed-in user's calendar feeds (GET /me/feeds), to subscribe to from another calendar. */
function Feeds() {
  const [feeds, err] = useLoad(() => get("/me/feeds"), "feeds");
  if (err && (err.status === 404 || err.status === 405)) return null; /* a server without feeds */
  const abs = (u) => (u && u.startsWith("/") ? location.origin + u : u);
  const rows = feeds ? [["All launches", abs(feeds.launches)], ["My tasks", abs(feeds.tasks)]].filter((r) => r[1]) : [];
  return html`<section class="card feeds" aria-labelledby="feeds-title">
    <h2 id="feeds-title">Calendar feed</h2>
    <p class="sub">Subscribe in Google Calendar (Other calendars → From URL) or Outlook (Add calendar → Subscribe from web) with this address; launch days then appear and move there by themselves. Keep it private: it opens your calendar to whoever has it.</p>
    <${ErrorBox} error=${err} />
    ${rows.map(([label, url], i) => html`<div class="feed-row">
      <label for=${`feed-${i}`}>${label}</label>
      <input id=${`feed-${i}`} type="text" readonly value=${url} onFocus=${(e) => e.target.select()} />
      <${CopyButton} text=${url} label="Copy address" />
    </div>`)}
  </section>`;
}
