// portfolio/load.js - GET /load (plan --all as JSON) indexed for the heat
// map: the ISO weeks in order (with their Mondays) and per person their
// capacity and, per week, the booked days, whether it is over capacity and
// the tasks behind it (id, title, launch, launch_name, days: the API names
// them, so no task is fetched on its own).

/** { weeks: [{week, monday}], people: [{ id, name, role, capacity, cells: Map(week -> cell) }] } */
export function readLoad(data) {
  return {
    weeks: data.weeks.map((w) => ({ week: w.week, monday: w.start })),
    people: data.people.map((p) => ({
      id: p.id, name: p.name, role: p.role, capacity: p.capacity,
      cells: new Map(p.weeks.map((c) => [c.week, c])),
    })),
    overloaded: data.overloaded_weeks,
  };
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
