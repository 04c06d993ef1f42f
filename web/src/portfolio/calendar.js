// portfolio/calendar.js - the launch calendar drawn by hand: one <table> per
// month (weeks as rows, Monday first), each day labelled with its full date,
// each launch a link coloured by tier with its readiness score; conflicts,
// holidays, freezes and weekends marked in words as well as colour. On a
// phone the same data is an agenda: one short list per day.
import { html, fmtDate, TIER_NAMES } from "../ui.js";
import { setQuery } from "../router.js";
import { DAY_LONG, DAY_SHORT, longDate, monthTitle, monthWeeks, isWeekend, monthStart, weekday } from "./dates.js";
import { ruleLabel, RULES, readinessOf } from "./model.js";

const scoreBand = (s) => (s >= 80 ? "good" : s >= 50 ? "fair" : "poor");

/** One launch as a link: tier colour and label, name, readiness; a ⚠ when it is in a conflict. */
export function Chip({ launch, rules }) {
  const score = readinessOf(launch);
  const said = [TIER_NAMES[launch.tier], launch.status !== "planned" ? launch.status : null,
    score !== null ? `readiness ${score} of 100` : null,
    rules && rules.size ? `conflict: ${[...rules].map(ruleLabel).join(", ")}` : null].filter(Boolean).join(", ");
  return html`<a class=${`chip tier-${launch.tier}${launch.status === "launched" ? " chip-done" : ""}`}
      href=${`/launches/${encodeURIComponent(launch.slug)}`} title=${`${launch.name} — ${said}`}>
    <span class="chip-tier" aria-hidden="true">T${launch.tier}</span>
    ${rules && rules.size ? html`<span class="chip-flag" aria-hidden="true">⚠</span>` : null}
    <span class="chip-name">${launch.name}</span>
    ${score !== null ? html`<span class=${`chip-score score-${scoreBand(score)}`} aria-hidden="true">${score}</span>` : null}
    <span class="visually-hidden">, ${said}</span>
  </a>`;
}

/** The marks of a day other than launches: holiday, freeze, conflicts. */
function dayMarks(day, idx) {
  return {
    holiday: idx.holidays.get(day),
    freezes: idx.freezes.get(day) || [],
    conflicts: idx.conflicts.get(day) || [],
  };
}

/** A short summary of a day's conflicts: "2 collisions" (the full rule names are in the hidden text and the title). */
function conflictText(list) {
  const rules = new Set(list.map((c) => c.rule));
  const short = rules.size === 1 && RULES[list[0].rule] && RULES[list[0].rule].short;
  if (short) return list.length === 1 ? short[0] : `${list.length} ${short[1]}`;
  return `${list.length} conflict${list.length === 1 ? "" : "s"}`;
}
const conflictSaid = (list) => [...new Set(list.map((c) => ruleLabel(c.rule)))].join(", ");

function DayCell({ day, launches, idx, max, todayIs, compact }) {
  if (!day) return html`<td class="day out" aria-hidden="true"></td>`;
  const m = dayMarks(day, idx);
  const shown = launches.slice(0, max);
  const more = launches.length - shown.length;
  const cls = ["day", isWeekend(day) ? "weekend" : "", day === todayIs ? "today" : "", m.holiday ? "holiday" : "",
    m.freezes.length ? "freeze" : "", m.conflicts.length ? "conflict" : "", compact ? "compact" : ""].filter(Boolean).join(" ");
  const open = () => setQuery({ day });
  const freezeLabel = m.freezes.length && (m.freezes[0].start === day || weekday(day) === 0 || day.endsWith("-01"));
  return html`<td class=${cls}>
    <div class="day-head">
      <button type="button" class="day-num" onClick=${open}
        aria-label=${`${longDate(day)}${day === todayIs ? " (today)" : ""}: ${launches.length} launch${launches.length === 1 ? "" : "es"}, show the day`}>
        ${Number(day.slice(8))}
      </button>
      ${m.conflicts.length ? html`<button type="button" class="flag" onClick=${open} title=${m.conflicts.slice(0, 8).map((c) => c.message).join("\n") + (m.conflicts.length > 8 ? "\n…" : "")}>
        <span aria-hidden="true">⚠ </span>${conflictText(m.conflicts)}<span class="visually-hidden"> (${conflictSaid(m.conflicts)}) on ${longDate(day)}</span></button>` : null}
    </div>
    ${m.holiday ? html`<div class="mark mark-holiday">Holiday: ${m.holiday}</div>` : null}
    ${m.freezes.length ? html`<div class=${`mark mark-freeze${freezeLabel ? "" : " quiet"}`}>
      ${freezeLabel ? `Freeze: ${m.freezes[0].name}` : html`<span class="visually-hidden">Freeze: ${m.freezes[0].name}</span>`}</div>` : null}
    ${shown.length ? html`<ul class="chips">${shown.map((l) => html`<li><${Chip} launch=${l} rules=${idx.flagged.get(l.id)} /></li>`)}</ul>` : null}
    ${more > 0 ? html`<button type="button" class="more link" onClick=${open}>+${more} more<span class="visually-hidden"> on ${longDate(day)}</span></button>` : null}
  </td>`;
}

/** One month as a table: a caption with its name, a column per weekday, a row per week. */
export function MonthGrid({ first, byDay, idx, todayIs, compact }) {
  const max = compact ? 2 : 4;
  const count = [...byDay.entries()].reduce((n, [d, v]) => (monthStart(d) === first ? n + v.length : n), 0);
  return html`<div class="month">
    <table class="month-grid">
      <caption><span class="month-name">${monthTitle(first)}</span>
        <span class="month-count">${count} launch${count === 1 ? "" : "es"}</span></caption>
      <thead><tr>${DAY_SHORT.map((d, i) => html`<th scope="col" abbr=${DAY_LONG[i]} class=${i >= 5 ? "weekend" : ""}>${d}</th>`)}</tr></thead>
      <tbody>
        ${monthWeeks(first).map((week) => html`<tr>
          ${week.map((day) => html`<${DayCell} day=${day} launches=${(day && byDay.get(day)) || []} idx=${idx} max=${max}
            todayIs=${todayIs} compact=${compact} />`)}
        </tr>`)}
      </tbody>
    </table>
  </div>`;
}

/** The phone's layout: each day that has something, as a heading and a list. */
export function Agenda({ months, byDay, idx, todayIs }) {
  const sections = [];
  for (const first of months) {
    const days = [];
    for (const week of monthWeeks(first)) for (const d of week) {
      if (!d) continue;
      const m = dayMarks(d, idx);
      const ls = byDay.get(d) || [];
      if (ls.length || m.holiday || m.conflicts.length || (m.freezes.length && m.freezes[0].start === d)) days.push([d, ls, m]);
    }
    sections.push(html`<section class="agenda-month" aria-label=${monthTitle(first)}>
      <h2 class="agenda-title">${monthTitle(first)}</h2>
      ${days.length ? null : html`<p class="empty">No launches this month.</p>`}
      ${days.map(([d, ls, m]) => html`<div class=${`agenda-day${d === todayIs ? " today" : ""}${isWeekend(d) ? " weekend" : ""}`}>
        <h3><button type="button" class="link" onClick=${() => setQuery({ day: d })}>${fmtDate(d, false)}</button>
          ${d === todayIs ? html` <span class="today-tag">Today</span>` : null}</h3>
        ${m.holiday ? html`<div class="mark mark-holiday">Holiday: ${m.holiday}</div>` : null}
        ${m.freezes.length && m.freezes[0].start === d ? html`<div class="mark mark-freeze">Freeze: ${m.freezes[0].name} until ${fmtDate(m.freezes[0].end, false)}</div>` : null}
        ${m.conflicts.length ? html`<div class="mark mark-conflict"><span aria-hidden="true">⚠ </span>${conflictText(m.conflicts)}</div>` : null}
        ${ls.length ? html`<ul class="chips">${ls.slice(0, 6).map((l) => html`<li><${Chip} launch=${l} rules=${idx.flagged.get(l.id)} /></li>`)}</ul>` : null}
        ${ls.length > 6 ? html`<button type="button" class="more link" onClick=${() => setQuery({ day: d })}>+${ls.length - 6} more</button>` : null}
      </div>`)}
    </section>`);
  }
  return html`<div class="agenda">${sections}</div>`;
}

/** Everything on one day: the launches, its conflicts in full, holiday and freeze. */
export function DayPanel({ day, launches, idx, onClose }) {
  const m = dayMarks(day, idx);
  return html`<section class="card day-panel" aria-labelledby="day-panel-title">
    <div class="day-panel-head">
      <h2 id="day-panel-title" tabindex="-1">${longDate(day)}</h2>
      <button type="button" class="secondary" onClick=${onClose}>Close<span class="visually-hidden"> the day</span></button>
    </div>
    ${isWeekend(day) ? html`<p class="mark mark-weekend">A weekend day: launches here reach fewer people and leave support short.</p>` : null}
    ${m.holiday ? html`<p class="mark mark-holiday">Holiday: ${m.holiday}</p>` : null}
    ${m.freezes.map((f) => html`<p class="mark mark-freeze">Freeze: ${f.name} (${fmtDate(f.start, false)} – ${fmtDate(f.end, false)})</p>`)}
    ${m.conflicts.length ? html`<div class="warn"><strong>${m.conflicts.length} conflict${m.conflicts.length === 1 ? "" : "s"}</strong>
      <ul class="conflict-list">${m.conflicts.slice(0, 50).map((c) => html`<li><strong>${ruleLabel(c.rule)}:</strong> ${c.message}</li>`)}</ul>
      ${m.conflicts.length > 50 ? html`<p>…and ${m.conflicts.length - 50} more.</p>` : null}</div>` : null}
    ${launches.length
      ? html`<ul class="chips day-list">${launches.map((l) => html`<li><${Chip} launch=${l} rules=${idx.flagged.get(l.id)} />
          <span class="day-list-owner">${l.pm || "no PM"}${l.marketing ? ` · ${l.marketing}` : ""}</span></li>`)}</ul>`
      : html`<p class="empty">No launch on this day${launches.length === 0 ? " (with these filters)" : ""}.</p>`}
  </section>`;
}
