// portfolio/model.js - what the portfolio shows, indexed for drawing: the
// launches of the visible range by day, and the calendar's conflicts,
// holidays and freezes (GET /calendar) by day.
import { addDays } from "../ui.js";

export const RULES = {
  "launch-collision": { label: "Tier 1 collision", short: ["T1 collision", "T1 collisions"] },
  "freeze-conflict": { label: "Launch in a freeze", short: ["In a freeze", "in a freeze"] },
  "holiday-launch": { label: "Launch on a holiday", short: ["On a holiday", "on a holiday"] },
  "weekend-launch": { label: "Launch on a weekend", short: ["On a weekend", "on a weekend"] },
};
export const ruleLabel = (r) => (RULES[r] ? RULES[r].label : r.replace(/-/g, " "));

/** Launches that draw first in a crowded day: Tier 1 first, then by name. */
export const byTierThenName = (a, b) => a.tier - b.tier || a.name.localeCompare(b.name);

/** The launches by date ("YYYY-MM-DD" -> [launch], Tier 1 first). */
export function launchesByDay(launches) {
  const m = new Map();
  for (const l of launches) {
    if (!m.has(l.date)) m.set(l.date, []);
    m.get(l.date).push(l);
  }
  for (const v of m.values()) v.sort(byTierThenName);
  return m;
}

/**
 * The calendar answer indexed: conflicts by day, the launch ids in a
 * conflict (with their rules), holidays by day, freezes by day.
 */
export function indexCalendar(cal) {
  const conflicts = new Map(), flagged = new Map(), holidays = new Map(), freezes = new Map();
  if (!cal) return { conflicts, flagged, holidays, freezes, all: [] };
  for (const c of cal.conflicts || []) {
    if (!conflicts.has(c.date)) conflicts.set(c.date, []);
    conflicts.get(c.date).push(c);
    for (const id of [c.launch, c.other]) {
      if (id === null || id === undefined) continue;
      if (!flagged.has(id)) flagged.set(id, new Set());
      flagged.get(id).add(c.rule);
    }
  }
  for (const e of cal.events || []) {
    if (e.kind === "holiday") holidays.set(e.date, e.title || "Holiday");
    if (e.kind === "freeze") {
      for (let d = e.date, n = 0; d <= (e.end || e.date) && n < 400; d = addDays(d, 1), n++) {
        if (!freezes.has(d)) freezes.set(d, []);
        freezes.get(d).push({ name: e.title || "Freeze", start: e.date, end: e.end || e.date });
      }
    }
  }
  return { conflicts, flagged, holidays, freezes, all: cal.conflicts || [] };
}

/** Conflicts grouped by rule, in the order of RULES. */
export function conflictsByRule(all) {
  const g = new Map();
  for (const c of all) {
    if (!g.has(c.rule)) g.set(c.rule, []);
    g.get(c.rule).push(c);
  }
  const order = Object.keys(RULES);
  return [...g.entries()].sort((a, b) => (order.indexOf(a[0]) + 99) % 99 - (order.indexOf(b[0]) + 99) % 99);
}

/** A readiness score of a launch (GET /launches?with=readiness), or null. */
export const readinessOf = (l) => (l.readiness && typeof l.readiness.score === "number" ? l.readiness.score : null);
