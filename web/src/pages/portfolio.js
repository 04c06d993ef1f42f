// pages/portfolio.js - the home page: every launch of a month or a quarter
// on a calendar (or in a sortable list), coloured by tier with its readiness,
// the conflicts a release manager must hear about marked on their days, and
// filters kept in the URL so a view can be shared. Only the visible range is
// read from the API, so a workspace of 10,000 launches opens as quickly as
// one of ten: its launches first (a quick read), drawn at once; then their
// readiness scores (the server's slowest read), the conflicts, holidays and
// freezes fill in as they answer.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { get, request } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, today, ErrorBox, CopyButton, TIER_NAMES, usePageTitle } from "../ui.js";
import { addMonths, monthEnd, monthStart, quarterStart, quarterName, monthTitle } from "../portfolio/dates.js";
import { getAll, nextLink } from "../lists.js";
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

/** The filters of a query: tier, owner, status ("" when not set). */
const filtersOf = (q) => ({ tier: q.get("tier") || "", owner: q.get("owner") || "", status: q.get("status") || "" });
/** The query of the launches a range and its filters ask for (the same for the launches and their scores). */
const launchQuery = (range, f) => ({ from: range.from, to: range.to, tier: f.tier, status: f.status, owner: f.owner });
const keyOf = (range, f) => `${range.from}|${range.to}|${f.tier}|${f.owner}|${f.status}`;

/*
 * The launches of a range, without their scores. The page asks for them as it renders a new range
 * (askAhead), not after the render has been painted, and the loader then takes that request; a retry
 * asks afresh.
 */
let ahead = null, asked = "";
function askAhead(range, f) {
  const key = keyOf(range, f);
  if (key === asked) return;
  asked = key;
  const promise = getAll("/launches", { ...launchQuery(range, f), limit: 1000 });
  promise.catch(() => { /* the loader that takes it says so */ });
  ahead = { key, promise };
}
function launchesOf(range, f) {
  const key = keyOf(range, f);
  if (ahead && ahead.key === key) {
    const p = ahead.promise;
    ahead = null;
    return p;
  }
  return getAll("/launches", { ...launchQuery(range, f), limit: 1000 });
}

/*
 * The readiness scores of the range's launches (GET /launches?with=readiness), asked for once the
 * launches are drawn and merged in page by page as they answer. Scoring is the server's slowest read
 * (the readiness check of every launch), so its pages are asked one after another: a server with two
 * worker threads keeps one free for the calendar, the next range and the other pages meanwhile.
 * Leaving the range stops asking for its pages. { key, scores: Map(id -> readiness), done, error }
 */
const SCORE_PAGE = 500;
function useScores(key, q) {
  const [state, setState] = useState({ key: "", scores: new Map(), done: false, error: null });
  useEffect(() => {
    if (!key) return undefined;
    let stop = false;
    const scores = new Map();
    setState({ key, scores, done: false, error: null });
    (async () => {
      try {
        for (let r = await request("GET", "/launches", { query: { ...q, with: "readiness", limit: SCORE_PAGE } }); ;) {
          if (stop) return;
          for (const l of r.data || []) scores.set(l.id, l.readiness);
          const next = nextLink(r.headers);
          setState({ key, scores: new Map(scores), done: !next, error: null });
          if (!next) return;
          r = await request("GET", next);
        }
      } catch (error) {
        if (!stop) setState({ key, scores: new Map(scores), done: true, error });
      }
    })();
    return () => { stop = true; };
  }, [key]);
  return state.key === key ? state : { key, scores: new Map(), done: false, error: null };
}

export default function Portfolio({ query }) {
  const range = rangeOf(query);
  const f = filtersOf(query);
  const show = query.get("show") === "list" ? "list" : "calendar";
  const sort = query.get("sort") || "date", dir = query.get("dir") || "asc";
  const day = query.get("day");
  const phone = useMedia("(max-width: 700px)");
  usePageTitle(`Portfolio, ${range.title}`);

  /* The launches first, without their scores (a quick read even in a crowded quarter), so the calendar
     draws at once; the scores, the conflicts, the owner filter's people and the feeds follow. */
  const lkey = keyOf(range, f);
  askAhead(range, f);
  useEffect(() => () => { asked = ""; ahead = null; }, []); /* coming back asks again */
  const [loaded, lerr, reload] = useLoad(() => launchesOf(range, f).then((launches) => ({ key: lkey, launches })), lkey);
  const fresh = !!loaded && loaded.key === lkey;
  const score = useScores(fresh ? lkey : "", launchQuery(range, f));
  const ckey = `${range.from}|${range.to}|${f.tier}`;
  const [cal, cerr] = useLoad(() => (fresh ? get("/calendar", { from: range.from, to: range.to, tier: f.tier })
    .then((c) => ({ key: ckey, c })) : null), fresh ? ckey : "");
  const calIn = !!cal && cal.key === ckey;
  const started = useRef(false);
  if (fresh) started.current = true;
  const [people] = useLoad(() => (started.current ? getAll("/people", { limit: 1000 }).catch(() => []) : null),
    started.current ? "people" : "");

  const launches = useMemo(() => {
    /* A range still loading shows the last one dimmed; one that failed shows nothing but the error. */
    const list = (loaded && (fresh || !lerr) && loaded.launches) || [];
    if (!fresh || !score.scores.size) return list;
    return list.map((l) => (score.scores.has(l.id) ? { ...l, readiness: score.scores.get(l.id) } : l));
  }, [loaded, lerr, score.scores]);
  const byDay = useMemo(() => launchesByDay(launches), [launches]);
  const idx = useMemo(() => indexCalendar(calIn ? cal.c : null), [cal, ckey]);
  const scoring = fresh && !score.done;

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
    <${Summary} launches=${launches} idx=${idx} fresh=${fresh} scored=${fresh && score.done} calIn=${calIn} />

    <${ErrorBox} error=${lerr} onRetry=${reload} />
    ${score.error ? html`<p class="warn">The readiness scores could not be loaded: ${score.error.message}</p>` : null}
    ${cerr ? html`<p class="warn">The conflicts, holidays and freezes could not be loaded: ${cerr.message}</p>` : null}

    ${day && fresh ? html`<${DayFocus} day=${day}>
      <${DayPanel} day=${day} launches=${byDay.get(day) || []} idx=${idx} onClose=${() => setQuery({ day: undefined })} /><//>` : null}

    <div class="cal-body" aria-busy=${!fresh && !lerr}>
      ${!fresh && !lerr ? html`<p class="loading" role="status">Loading the launches of ${range.title}…</p>` : null}
      ${fresh && (scoring || !calIn) ? html`<p class="pending" role="status">${scoring
        ? `Scoring readiness${score.scores.size ? ` (${score.scores.size.toLocaleString("en")} of ${launches.length.toLocaleString("en")})` : ""}…`
        : "Checking conflicts, holidays and freezes…"}</p>` : null}
      ${show === "list" && sort === "readiness" && scoring
        ? html`<p class="loading sort-wait" role="status">Sorting by readiness once the scores are in…</p>`
        : show === "list"
        ? html`<${ListView} launches=${launches} sort=${sort} dir=${dir} flagged=${idx.flagged} scoring=${scoring} />`
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
function Summary({ launches, idx, fresh, scored, calIn }) {
  const t1 = launches.filter((l) => l.tier === 1).length;
  const risk = launches.filter((l) => readinessOf(l) !== null && readinessOf(l) < 50 && l.status === "planned").length;
  const n = (x, ready = true) => (fresh && ready ? x.toLocaleString("en") : "…");
  return html`<dl class="stats">
    <div><dt>Launches</dt><dd>${n(launches.length)}</dd></div>
    <div><dt>Tier 1</dt><dd>${n(t1)}</dd></div>
    <div><dt>Readiness under 50</dt><dd class=${scored && risk ? "bad" : ""}>${n(risk, scored)}</dd></div>
    <div><dt>Conflicts</dt><dd class=${calIn && idx.all.length ? "bad" : ""}>${n(idx.all.length, calIn)}</dd></div>
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
  const rows = feeds ? [["All launches", feeds.launches], ["My tasks", feeds.tasks]].filter((r) => r[1]) : [];
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
