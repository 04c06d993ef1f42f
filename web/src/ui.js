// ui.js - what every page shares: htm bound to Preact, the small components
// (tier badge, status, problem box, copy button, a field described by the
// API's input schema) and the live region a screen reader hears.
import { h } from "preact";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { signal } from "@preact/signals";
import htm from "htm";
import { me } from "./api.js";

export const html = htm.bind(h);

/** The message a screen reader announces and the page shows briefly (role=status). */
export const notice = signal(null);
let noticeTimer = 0;
/** Says something politely (kind: "ok" | "error"). */
export function announce(text, kind = "ok") {
  notice.value = { text, kind, at: Date.now() };
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.value = null), kind === "error" ? 9000 : 4000);
}

/** Loads something when its key changes: [value, error, reload, setValue]. */
export function useLoad(fn, key) {
  const [state, setState] = useState({ value: undefined, error: null });
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    return Promise.resolve()
      .then(fn)
      .then((value) => n === seq.current && setState({ value, error: null }),
            (error) => n === seq.current && setState((s) => ({ value: s.value, error })));
  }, [key]);
  // Asked as soon as the page is in the document, not after the next paint: the answer comes a frame sooner.
  useLayoutEffect(() => {
    run();
  }, [run]);
  const set = useCallback((v) => setState((s) => ({ value: typeof v === "function" ? v(s.value) : v, error: null })), []);
  return [state.value, state.error, run, set];
}

/** Sets the document title and moves focus to the page's heading on navigation. */
export function usePageTitle(title) {
  useEffect(() => {
    if (title) document.title = `${title} · tminus`;
  }, [title]);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** A YYYY-MM-DD date as a Date at noon UTC (no time zone surprises). */
export const parseDate = (s) => new Date(`${s}T12:00:00Z`);
/** A Date as YYYY-MM-DD. */
export const isoDate = (d) => d.toISOString().slice(0, 10);
/** Adds n calendar days to a YYYY-MM-DD date. */
export const addDays = (s, n) => isoDate(new Date(parseDate(s).getTime() + n * 86400000));
/** "Tue 16 Dec 2026" */
export function fmtDate(s, withYear = true) {
  if (!s) return "—";
  const d = parseDate(s);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${withYear ? ` ${d.getUTCFullYear()}` : ""}`;
}
export const monthName = (m) => MONTHS[m];

/** The day the server counts from (GET /api/v1/me's today, so serve --today is honoured). */
export const today = () => (me.value && me.value.today) || isoDate(new Date());

export const TIER_NAMES = { 1: "Tier 1", 2: "Tier 2", 3: "Tier 3", 4: "Tier 4" };
export function TierBadge({ tier }) {
  return html`<span class="tier tier-${tier}" title=${tierHint(tier)}>T${tier}</span>`;
}
export function tierHint(t) {
  return { 1: "Tier 1: full campaign", 2: "Tier 2: blog, email, enablement", 3: "Tier 3: changelog and in-app",
           4: "Tier 4: release notes" }[t] || "";
}

export function Status({ status }) {
  return html`<span class="status status-${status}">${String(status).replace(/_/g, " ")}</span>`;
}

/** A readiness score out of 100, coloured by band. */
export function Score({ score, label }) {
  if (score === undefined || score === null) return null;
  const band = score >= 80 ? "good" : score >= 50 ? "fair" : "poor";
  return html`<span class="score score-${band}" title="readiness ${score} of 100">${label ? "Readiness " : ""}${score}</span>`;
}

/** The problem an ApiError carries, as an alert. */
export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    <strong>${error.problem && error.problem.title ? error.problem.title : "Something went wrong"}</strong>
    ${error.message && error.message !== (error.problem && error.problem.title) ? html`<span> — ${error.message}</span>` : null}
    ${onRetry ? html` <button type="button" class="link" onClick=${onRetry}>Try again</button>` : null}
  </div>`;
}

export const Loading = ({ what }) => html`<p class="loading" role="status">Loading ${what || ""}…</p>`;

/** A button that copies text and says so. */
export function CopyButton({ text, label = "Copy" }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const t = document.createElement("textarea");
      t.value = text;
      document.body.appendChild(t);
      t.select();
      document.execCommand("copy");
      t.remove();
    }
    setDone(true);
    announce("Copied to the clipboard");
    setTimeout(() => setDone(false), 1500);
  };
  return html`<button type="button" class="secondary" onClick=${copy}>${done ? "Copied" : label}</button>`;
}

/** Offers text as a file to download. */
export function download(name, text, type = "text/markdown") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

let fieldSeq = 0;
/**
 * One form field described by a property of an API input schema: its label
 * is given, its hint is the schema's description, its kind follows the type
 * (enum: select, boolean: checkbox, date: date input, integer: number).
 */
export function Field({ name, label, prop, value, onInput, error, required, list, autofocus }) {
  const id = useRef(`f-${name}-${++fieldSeq}`).current;
  const hint = prop && prop.description;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
  let control;
  const common = { id, name, "aria-describedby": describedBy, "aria-invalid": error ? "true" : undefined, required, autofocus };
  if (prop && prop.type === "boolean") {
    return html`<div class="field check">
      <input type="checkbox" ...${common} checked=${!!value} onChange=${(e) => onInput(e.target.checked)} />
      <label for=${id}>${label}</label>
      ${hint ? html`<span class="hint" id=${`${id}-hint`}>${hint}</span>` : null}
      ${error ? html`<span class="field-error" id=${`${id}-err`}>${error}</span>` : null}
    </div>`;
  }
  if (prop && prop.enum) {
    control = html`<select ...${common} value=${value ?? ""} onChange=${(e) => onInput(e.target.value || undefined)}>
      ${required ? null : html`<option value="">—</option>`}
      ${prop.enum.map((v) => html`<option value=${v}>${String(v).replace(/-/g, " ")}</option>`)}
    </select>`;
  } else if (prop && prop.type === "integer") {
    control = html`<input type="number" ...${common} min=${prop.minimum} max=${prop.maximum} value=${value ?? ""}
      onInput=${(e) => onInput(e.target.value === "" ? undefined : Number(e.target.value))} />`;
  } else {
    const type = prop && prop.format === "date" ? "date" : "text";
    control = html`<input type=${type} ...${common} maxlength=${prop && prop.maxLength} list=${list} value=${value ?? ""}
      onInput=${(e) => onInput(e.target.value === "" ? undefined : e.target.value)} />`;
  }
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${control}
    ${hint ? html`<span class="hint" id=${`${id}-hint`}>${hint}</span>` : null}
    ${error ? html`<span class="field-error" id=${`${id}-err`}>${error}</span>` : null}
  </div>`;
}
