// launch/metric_chart.js - one metric over time against its target path,
// drawn by uPlot (a canvas; its stylesheet is bundled with the shell's, and
// it styles its elements through the CSSOM, which the Content-Security-
// Policy allows). The path runs from the baseline at launch day T to the
// target at T + window; launch day and today are marked. A canvas says
// nothing to a screen reader: the figure is an image labelled with the
// metric's summary, and the values are in a table beside it.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { html, addDays, today } from "../ui.js";
import { fmtTick, fmtValue, summary } from "./metric_text.js";

const DAY = 86400;
const secs = (d) => Date.parse(d) / 1000;   /* YYYY-MM-DD at 00:00 UTC, in seconds */
const COLORS = { observed: "#3b5bdb", path: "#4a5365", marker: "#a15c00", grid: "#e6e8ec", axis: "#4a5365" };

/** The chart's series: every day that has a point, the observed values and the path at its ends. */
export function chartData(m, observations) {
  const T = addDays(m.window_end, -m.window);
  const obs = [...observations].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id));
  /* Several values on one day: the last recorded is the day's (as the judgement takes it). */
  const byDay = new Map();
  for (const o of obs) byDay.set(o.on, o.value);
  const start = [T, m.baseline_on, ...byDay.keys()].filter(Boolean).sort()[0];
  const days = [...new Set([start, T, m.window_end, ...byDay.keys()])].sort();
  const xs = days.map(secs);
  const observed = days.map((d) => (byDay.has(d) ? byDay.get(d) : null));
  const path = days.map((d) => (d <= T ? m.baseline : d >= m.window_end ? m.target_value : null));
  return { T, data: [xs, path, observed] };
}

/** A vertical marker with its label at the top of the plot. */
function marker(u, at, label, row) {
  const x = Math.round(u.valToPos(at, "x", true));
  if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
  const ctx = u.ctx;
  const r = devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = COLORS.marker;
  ctx.fillStyle = COLORS.marker;
  ctx.lineWidth = r;
  ctx.setLineDash([2 * r, 3 * r]);
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.font = `${11 * r}px system-ui, sans-serif`;
  ctx.textAlign = x > u.bbox.left + u.bbox.width - 60 * r ? "right" : "left";
  ctx.fillText(label, x + (ctx.textAlign === "left" ? 4 : -4) * r, u.bbox.top + (12 + 14 * row) * r);
  ctx.restore();
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** The time axis as a reader writes days: "2 Nov", with the year under the first tick and where it changes. */
function dayTicks(u, splits) {
  let year = null;
  return splits.map((ts) => {
    const d = new Date(ts * 1e3);
    const y = d.getUTCFullYear();
    const label = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${y !== year ? `\n${y}` : ""}`;
    year = y;
    return label;
  });
}

function options(m, T, width) {
  const unit = m.unit;
  return {
    width,
    height: width < 480 ? 200 : 240,
    legend: { show: false },
    cursor: { show: false },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
    scales: {
      x: { time: true },
      y: {
        range: (u, lo, hi) => {
          const all = [lo, hi, m.baseline, m.target_value].filter((v) => v !== null && Number.isFinite(v));
          const min = Math.min(...all), max = Math.max(...all);
          const pad = (max - min) * 0.12 || Math.abs(max) * 0.1 || 1;
          return [min - pad, max + pad];
        },
      },
    },
    axes: [
      { stroke: COLORS.axis, grid: { stroke: COLORS.grid }, ticks: { stroke: COLORS.grid }, space: 64, values: dayTicks },
      { stroke: COLORS.axis, grid: { stroke: COLORS.grid }, ticks: { stroke: COLORS.grid },
        values: (u, splits) => splits.map((v) => fmtTick(v, unit)), size: 56 },
    ],
    series: [
      {},
      { label: "Target path", stroke: COLORS.path, width: 2, dash: [6, 5], spanGaps: true, points: { show: false } },
      { label: "Observed", stroke: COLORS.observed, width: 2, spanGaps: true,
        points: { show: true, size: 7, fill: COLORS.observed, stroke: COLORS.observed } },
    ],
    hooks: {
      draw: [(u) => {
        marker(u, secs(T), "Launch day", 0);
        marker(u, secs(today()), "Today", 1);
      }],
    },
  };
}

/** The chart of one metric: a labelled image whose canvas follows its box's width. */
export function MetricChart({ metric, observations }) {
  const box = useRef(null);
  const plot = useRef(null);
  const { T, data } = chartData(metric, observations);
  const key = JSON.stringify([metric.version, metric.target_value, metric.window_end, data]);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const width = Math.max(260, el.clientWidth);
    plot.current = new uPlot(options(metric, T, width), data, el);
    let last = width;
    const ro = new ResizeObserver(() => {
      const w = Math.max(260, el.clientWidth);
      if (plot.current && Math.abs(w - last) > 2) {
        last = w;
        plot.current.setSize({ width: w, height: w < 480 ? 200 : 240 });
      }
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current.destroy();
      plot.current = null;
    };
  }, [key]);
  return html`<figure class="mchart">
    <div class="mchart-plot" ref=${box} role="img" aria-label=${summary(metric)}></div>
    <figcaption class="mchart-key">
      <span class="key-observed">Observed</span>
      <span class="key-path">${`Target path: ${fmtValue(metric.baseline, metric.unit)} at launch day to ${fmtValue(metric.target_value, metric.unit)} after ${metric.window} days`}</span>
    </figcaption>
  </figure>`;
}
