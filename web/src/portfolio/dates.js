// portfolio/dates.js - the calendar arithmetic the portfolio, My work and
// the load pages share: months, quarters, ISO weeks. Dates are civil
// YYYY-MM-DD strings, as the API sends them; weeks start on Monday (ISO 8601).
import { addDays, parseDate, isoDate } from "../ui.js";

export const MONTH_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
export const DAY_LONG = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const DAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** 0 = Monday … 6 = Sunday. */
export const weekday = (d) => (parseDate(d).getUTCDay() + 6) % 7;
export const isWeekend = (d) => weekday(d) >= 5;

/** "Wednesday 16 December 2026": the full date a screen reader hears. */
export function longDate(d) {
  const x = parseDate(d);
  return `${DAY_LONG[weekday(d)]} ${x.getUTCDate()} ${MONTH_LONG[x.getUTCMonth()]} ${x.getUTCFullYear()}`;
}

/** The first day of the month holding d. */
export const monthStart = (d) => `${d.slice(0, 7)}-01`;
/** The month n months after the one holding d (its first day). */
export function addMonths(d, n) {
  const x = parseDate(monthStart(d));
  x.setUTCMonth(x.getUTCMonth() + n);
  return isoDate(x);
}
/** The last day of the month holding d. */
export const monthEnd = (d) => addDays(addMonths(d, 1), -1);
/** The first day of the calendar quarter holding d (Jan, Apr, Jul, Oct). */
export function quarterStart(d) {
  const m = Number(d.slice(5, 7));
  return `${d.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, "0")}-01`;
}
export const quarterName = (d) => `Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1} ${d.slice(0, 4)}`;
export const monthTitle = (d) => `${MONTH_LONG[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

/** The Monday of the week holding d. */
export const mondayOf = (d) => addDays(d, -weekday(d));

/** A month as weeks of seven dates, Monday first; days of other months are null. */
export function monthWeeks(first) {
  const last = monthEnd(first);
  const weeks = [];
  for (let d = mondayOf(first); d <= last; d = addDays(d, 7)) {
    const week = [];
    for (let i = 0; i < 7; i++) {
      const day = addDays(d, i);
      week.push(day >= first && day <= last ? day : null);
    }
    weeks.push(week);
  }
  return weeks;
}

/** The ISO week of d: "2026-W48". */
export function isoWeek(d) {
  const thursday = addDays(d, 3 - weekday(d)); /* the week belongs to the year of its Thursday */
  const year = thursday.slice(0, 4);
  const n = Math.floor((parseDate(thursday) - parseDate(`${year}-01-01`)) / 86400000 / 7) + 1;
  return `${year}-W${String(n).padStart(2, "0")}`;
}

/** The Monday of an ISO week "2026-W48". */
export function weekMonday(w) {
  const m = /^(\d{4})-W(\d{2})$/.exec(w);
  if (!m) return null;
  const jan4 = `${m[1]}-01-04`; /* always in week 1 */
  return addDays(mondayOf(jan4), (Number(m[2]) - 1) * 7);
}

/** "23–29 Nov" for the week starting on a Monday. */
export function weekSpan(monday) {
  const end = addDays(monday, 6);
  const a = parseDate(monday), b = parseDate(end);
  const mon = (x) => MONTH_LONG[x.getUTCMonth()].slice(0, 3);
  return a.getUTCMonth() === b.getUTCMonth()
    ? `${a.getUTCDate()}–${b.getUTCDate()} ${mon(b)}`
    : `${a.getUTCDate()} ${mon(a)} – ${b.getUTCDate()} ${mon(b)}`;
}

/** "30 Nov" */
export function dayMonth(d) {
  const x = parseDate(d);
  return `${x.getUTCDate()} ${MONTH_LONG[x.getUTCMonth()].slice(0, 3)}`;
}
