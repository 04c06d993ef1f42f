// launch/workdays.js - the working-day calendar of src/core/date.c, for the
// two things a page lays out itself: the countdown to launch day and the
// Gantt's columns (one per working day). Where a task lands after a move is
// the server's to say (a delay's dry run answers `moved_tasks`), never
// recomputed here. Weekends and the workspace holidays are off.
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

/** "T-23 working days", "Launch day", "T+4 working days" from today to launch day. */
export function countdown(today, date, cal) {
  const n = cal.between(today, date);
  if (today === date) return { text: "Launch day", n: 0 };
  const unit = Math.abs(n) === 1 ? "working day" : "working days";
  return { text: n >= 0 ? `T-${n} ${unit}` : `T+${-n} ${unit}`, n };
}
