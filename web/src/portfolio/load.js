// portfolio/load.js - GET /load (plan --all as JSON) read into one shape the
// heat map draws: the ISO weeks in order, and per person their capacity and,
// per week, the booked days, whether it is over capacity and the tasks
// behind it. The answer is read leniently: flat rows like plan --all's
// `load` ({person, week, days, capacity, over, tasks}) or people with
// their weeks nested; tasks as ids or as {id, launch, ...}.
import { weekMonday } from "./dates.js";

const num = (x) => (typeof x === "number" ? x : Number(x) || 0);
const taskOf = (t) => (typeof t === "object" && t !== null ? { ...t, id: t.id ?? t.task } : { id: t });

/** { weeks: ["2026-W48", …], people: [{ name, capacity, cells: Map(week -> {days, capacity, over, tasks}) }] } */
export function readLoad(data) {
  const people = new Map(), weeks = new Set();
  const person = (name, capacity) => {
    if (!people.has(name)) people.set(name, { name, capacity: capacity ?? null, cells: new Map() });
    const p = people.get(name);
    if (p.capacity === null && capacity !== undefined) p.capacity = capacity;
    return p;
  };
  const cell = (p, row) => {
    const week = row.week;
    if (!week) return;
    weeks.add(week);
    const capacity = row.capacity ?? p.capacity ?? 5;
    const days = num(row.days ?? row.booked ?? row.effort ?? row.load);
    p.cells.set(week, { week, days, capacity, over: row.over ?? days > capacity, tasks: (row.tasks || row.task_ids || []).map(taskOf) });
  };
  const rows = Array.isArray(data) ? data : (data && (data.load || data.cells || data.rows)) || null;
  if (rows) for (const r of rows) cell(person(r.person || r.name, r.capacity), r);
  const nested = data && !Array.isArray(data) && Array.isArray(data.people) ? data.people : [];
  for (const np of nested) {
    const p = person(np.person || np.name, np.capacity);
    for (const r of np.weeks || np.load || []) cell(p, r);
  }
  for (const w of (data && Array.isArray(data.weeks) ? data.weeks : [])) weeks.add(typeof w === "string" ? w : w.week);
  const list = [...weeks].filter(Boolean).sort();
  return { weeks: list.map((w) => ({ week: w, monday: weekMonday(w) })), people: [...people.values()] };
}

/** How full a week is, as a shade step 0..5 (a class), from booked days and capacity. */
export function shade(days, capacity) {
  if (!days) return 0;
  const pct = capacity ? (days / capacity) * 100 : 999;
  if (pct > 100) return 5;
  if (pct > 80) return 4;
  if (pct > 55) return 3;
  if (pct > 30) return 2;
  return 1;
}
