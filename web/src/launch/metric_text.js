// launch/metric_text.js - how a metric reads in words, shared by the launch
// room's metrics panel and the leadership dashboard: a value with its unit,
// the status said in words (with a shape beside it, never colour alone), and
// the one-sentence summary a screen reader hears instead of the chart.
import { html, fmtDate } from "../ui.js";

const NUM = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** A value in the metric's unit: "45.2%", "12 points", "1,200", "3.5 days", "1,200 EUR"; "—" when null. */
export function fmtValue(v, unit) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return "—";
  const n = NUM.format(Number(v));
  if (unit === "%") return `${n}%`;
  if (unit === "points") return `${n} ${Math.abs(Number(v)) === 1 ? "point" : "points"}`;
  if (unit === "days") return `${n} ${Math.abs(Number(v)) === 1 ? "day" : "days"}`;
  if (unit === "count" || !unit) return n;
  return `${n} ${unit}`;
}

/** A value for an axis tick: short, the unit only where it is a sign. */
export function fmtTick(v, unit) {
  const n = NUM.format(v);
  return unit === "%" ? `${n}%` : n;
}

/** The statuses in the words a reader expects, with a shape that tells them apart without colour. */
export const STATUS = {
  "no-data": { label: "No data", mark: "○", hint: "no value recorded yet" },
  "on-track": { label: "On track", mark: "●", hint: "at or better than the target path" },
  behind: { label: "Behind", mark: "▼", hint: "worse than the target path" },
  met: { label: "Met", mark: "✓", hint: "the target was reached within its window" },
  missed: { label: "Missed", mark: "✗", hint: "the window ended and the target was never reached" },
};
export const statusLabel = (s) => (STATUS[s] ? STATUS[s].label : String(s));

/** A metric's status as a badge: its shape and its word. */
export function MetricStatus({ status }) {
  const s = STATUS[status] || { label: status, mark: "?", hint: "" };
  return html`<span class=${`mstatus mstatus-${status}`} title=${s.hint}><span aria-hidden="true" class="mark">${s.mark}</span> ${s.label}</span>`;
}

/** "up is good" / "down is good" */
export const directionText = (m) => (m.direction === "down" ? "lower is better" : "higher is better");

/**
 * One sentence for the chart's text alternative: where the metric stands against its path and its
 * target ("Activation rate: 43% on Fri 20 Nov 2026; the path expects 41.6% that day; target 48% by
 * Sun 31 Jan 2027. On track.").
 */
export function summary(m) {
  const target = `target ${fmtValue(m.target_value, m.unit)} by ${fmtDate(m.window_end)}`;
  const from = `from a baseline of ${fmtValue(m.baseline, m.unit)}`;
  if (m.observed === null || m.observed === undefined)
    return `${m.name}: no value recorded yet; ${target}, ${from}. ${statusLabel(m.status)}.`;
  const expected = m.expected !== null && m.expected !== undefined
    ? `; the target path expects ${fmtValue(m.expected, m.unit)} that day` : "";
  return `${m.name}: ${fmtValue(m.observed, m.unit)} on ${fmtDate(m.observed_on)}${expected}; ${target}, ${from}. ` +
    `${statusLabel(m.status)}.`;
}

/** The target path's value on day d (YYYY-MM-DD): baseline at T and before, target at T + window and after. */
export function expectedOn(m, T, d) {
  const days = (Date.parse(d) - Date.parse(T)) / 86400000;
  const f = Math.min(1, Math.max(0, days / m.window));
  return m.baseline + (m.target_value - m.baseline) * f;
}
