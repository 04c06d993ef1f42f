// launch/workdays.js - the working-day calendar of src/core/date.c, for the
// few things the pages count themselves: the countdown to launch day, the
// Gantt's columns, and (when the server does not say) where a task counted
// from T lands after a delay. Weekends and the workspace holidays are off.
import { addDays, parseDate } from "../ui.js";

/** A calendar over a list of holidays ({date} objects or YYYY-MM-DD strings). */
export function calendar(holidays = []) {
  const off = new Set(holidays.map((h) => (typeof h === "string" ? h : h.date)));
  const isWorkday = (d) => {
    const wd = parseDate(d).getUTCDay();
    return wd !== 0 && wd !== 6 && !off.has(d);
  };
  /** n working days from d (negative: backwards). */
  const addWorkdays = (d, n) => {
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0;) {
      d = addDays(d, step);
      if (isWorkday(d)) left--;
    }
    return d;
  };
  /** Working days in (a, b]: how many steps from a reach b; negative if b < a. */
  const between = (a, b) => {
    if (a === b) return 0;
    const sign = b < a ? -1 : 1;
    let [lo, hi] = sign > 0 ? [a, b] : [b, a];
    let n = 0;
    for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (isWorkday(d)) n++;
    return sign * n;
  };
  const onOrBefore = (d) => { while (!isWorkday(d)) d = addDays(d, -1); return d; };
  const onOrAfter = (d) => { while (!isWorkday(d)) d = addDays(d, 1); return d; };
  return { isWorkday, addWorkdays, between, onOrBefore, onOrAfter, holidays: off };
}

function addMonths(d, n) {
  const x = parseDate(d);
  const y = x.getUTCFullYear(), m = x.getUTCMonth() + n, day = x.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0, 12)).getUTCDate(); // clamped to month end
  return new Date(Date.UTC(y, m, Math.min(day, last), 12)).toISOString().slice(0, 10);
}

/**
 * The due date of an offset such as "T-3w", "T+10d", "T-5bd", "T+1m", "T+1q"
 * from launch day t (tm_offset_resolve): a day off moves to the previous
 * working day before T and to the next one after T. null if it is no offset.
 */
export function resolveOffset(offset, t, cal) {
  const m = /^[Tt](?:([+-])(\d+)(bd|d|w|m|q))?$/.exec(offset || "");
  if (!m) return null;
  if (!m[1]) return t;
  const n = (m[1] === "-" ? -1 : 1) * Number(m[2]);
  if (n === 0) return t;
  let d = { d: () => addDays(t, n), w: () => addDays(t, 7 * n), m: () => addMonths(t, n),
            q: () => addMonths(t, 3 * n), bd: () => cal.addWorkdays(t, n) }[m[3]]();
  if (cal.isWorkday(d)) return d;
  return n < 0 ? cal.onOrBefore(d) : cal.onOrAfter(d);
}

/** "T-23 working days", "Launch day", "T+4 working days" from today to launch day. */
export function countdown(today, date, cal) {
  const n = cal.between(today, date);
  if (today === date) return { text: "Launch day", n: 0 };
  const unit = Math.abs(n) === 1 ? "working day" : "working days";
  return { text: n >= 0 ? `T-${n} ${unit}` : `T+${-n} ${unit}`, n };
}
