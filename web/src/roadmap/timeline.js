// roadmap/timeline.js - the roadmap drawn as a timeline by quarter: a table
// whose rows are the items in tree order (strategic, then its initiatives,
// then their releases, indented by depth) and whose columns are quarters.
// An item's bar sits in its target quarter and says its colour in words
// with a shape (never colour alone); each of its launches sits in the
// quarter of its launch day, placed across the column by the day, with its
// tier and whether it slipped or cannot be met. A red item says why under
// its title. A real table, so a screen reader hears the item and the
// quarter of every cell; it scrolls sideways in its own box, the item
// column staying in view.
import { html, fmtDate, parseDate, TierBadge, Status } from "../ui.js";
import { EditItem } from "./edit.js";

const QUARTER = /^(\d{4})\s*-?\s*Q([1-4])$/i;

/** "2027Q1" from any of the forms the server accepts that this page meets ("2027Q1", "2027-Q1"); else null. */
export function normQuarter(q) {
  const m = QUARTER.exec(String(q || "").trim());
  return m ? `${m[1]}Q${m[2]}` : null;
}
/** The quarter of a YYYY-MM-DD date. */
export const quarterOf = (d) => `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
/** The quarter n quarters after q ("2026Q4", 1 -> "2027Q1"). */
export function stepQuarter(q, n) {
  const [, y, k] = QUARTER.exec(q);
  const i = Number(y) * 4 + Number(k) - 1 + n;
  return `${Math.floor(i / 4)}Q${(i % 4) + 1}`;
}
/** "Q1 2027" */
export const quarterLabel = (q) => String(q).replace(QUARTER, "Q$2 $1");
/** The first day of a quarter and the first day of the next, as times (ms). */
function quarterSpan(q) {
  const [, y, k] = QUARTER.exec(q);
  const start = Date.UTC(Number(y), (Number(k) - 1) * 3, 1, 12);
  const end = Date.UTC(Number(y), Number(k) * 3, 1, 12);
  return [start, end];
}
/** How far into its quarter a day is, 0 to 1. */
export function placeInQuarter(date) {
  const [start, end] = quarterSpan(quarterOf(date));
  return Math.min(1, Math.max(0, (parseDate(date).getTime() - start) / (end - start)));
}

/** The colours of seed 003's roadmap, each with a shape and a word so colour is never the only sign. */
export const COLOURS = {
  green: { label: "Green", mark: "●", hint: "on track" },
  yellow: { label: "Yellow", mark: "▲", hint: "at risk" },
  red: { label: "Red", mark: "■", hint: "off track" },
};
export const LEVELS = { strategic: "Strategic", initiative: "Initiative", release: "Release" };

/** An item's colour as a badge: shape, colour word, its meaning. */
export function Colour({ colour }) {
  const c = COLOURS[colour] || { label: String(colour || "none"), mark: "○", hint: "" };
  return html`<span class=${`rm-colour rm-colour-${colour}`}><span aria-hidden="true" class="mark">${c.mark}</span>${` ${c.label}`}${c.hint
    ? html`<span class="rm-colour-hint">${`, ${c.hint}`}</span>` : null}</span>`;
}

/**
 * The quarters the timeline shows: every quarter from the earliest to the
 * latest of the server's list, the items' quarters and their launches' days
 * (the gaps filled so the axis is even), or the filter's quarter alone and
 * the quarters its launches fall in.
 */
export function columns(data, now) {
  const set = new Set();
  for (const q of data.quarters || []) if (normQuarter(q)) set.add(normQuarter(q));
  for (const it of data.items) {
    if (normQuarter(it.quarter)) set.add(normQuarter(it.quarter));
    for (const l of it.launches || []) if (l.date) set.add(quarterOf(l.date));
  }
  if (!set.size) set.add(now);
  const all = [...set].sort();
  const out = [];
  for (let q = all[0]; q <= all[all.length - 1] && out.length < 40; q = stepQuarter(q, 1)) out.push(q);
  return out;
}

/** Why a launch counts against its item, in words ("slipped", "cannot be met"), or "". */
function launchTrouble(l) {
  const slipped = l.slipped ? (l.first_date && l.first_date !== l.date ? `slipped from ${fmtDate(l.first_date, false)}` : "slipped") : null;
  return [l.feasible === false ? "cannot be met" : null, slipped].filter(Boolean).join(", ");
}

/**
 * The timeline. edit (editors only): { editing: the id of the item being changed, setEditing, people,
 * launches, onDone(message) } puts an Edit button on every item and its form in a row under it.
 */
export function Timeline({ data, now, target, edit, children }) {
  const cols = columns(data, now);
  return html`<div class="rm-scroll" role="region" aria-labelledby="rm-caption" tabindex="0">
    <table class="rm-timeline">
      <caption id="rm-caption">The roadmap by quarter: each item in its target quarter, its launches on their days</caption>
      <thead><tr>
        <th scope="col" class="rm-item-h">Item</th>
        ${cols.map((q) => html`<th scope="col" class=${`rm-q${q === now ? " rm-now" : ""}`} data-quarter=${q}>
          ${quarterLabel(q)}${q === now ? html`<span class="rm-now-word"> (now)</span>` : null}</th>`)}
      </tr></thead>
      <tbody>${data.items.map((it) => html`<${Row} key=${it.id} item=${it} cols=${cols} now=${now}
        target=${String(it.id) === String(target)} edit=${edit} />`)}</tbody>
    </table>
    ${children}
  </div>`;
}

function Row({ item: it, cols, now, target, edit }) {
  const q = normQuarter(it.quarter);
  const colour = it.colour || it.status;
  const byQuarter = {};
  for (const l of [...(it.launches || [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)))
    if (l.date) (byQuarter[quarterOf(l.date)] = byQuarter[quarterOf(l.date)] || []).push(l);
  const editing = edit && edit.editing === it.id;
  const row = html`<tr id=${`roadmap-${it.id}`} class=${`rm-row rm-${it.level} rm-depth-${Math.min(it.depth || 0, 2)}${target ? " rm-target" : ""}`}
    data-item=${it.id} data-colour=${colour}>
    <th scope="row" class="rm-item">
      <span class="rm-top">
        <span class=${`rm-level rm-level-${it.level}`}>${LEVELS[it.level] || it.level}</span>
        ${edit && !editing ? html`<button type="button" class="secondary rm-edit-b" aria-label=${`Edit ${it.title}`}
          onClick=${() => edit.setEditing(it.id)}>Edit</button>` : null}
      </span>
      <span class="rm-title">${it.title}</span>
      <span class="rm-meta">
        <${Colour} colour=${colour} />
        ${colour !== it.status && it.status ? html`<span class="muted"> (set ${it.status})</span>` : null}
        <span> · ${it.owner ? html`Owner ${it.owner}` : html`<span class="muted">no owner</span>`}</span>
        <span> · ${q ? quarterLabel(q) : html`<span class="muted">no quarter</span>`}</span>
      </span>
      ${colour === "red" && it.why_red ? html`<span class="rm-why"><strong>Why red:</strong> ${it.why_red}</span>` : null}
      ${it.ideas && it.ideas.length ? html`<span class="rm-ideas">Ideas: ${it.ideas.map((i, n) => html`${n ? ", " : ""}<a
        href=${`/backlog?idea=${i.id}`}>${i.title}</a> <span class="muted">(${i.status})</span>`)}</span>` : null}
    </th>
    ${cols.map((c) => html`<td class=${`rm-cell${c === now ? " rm-now" : ""}`} data-quarter=${c}>
      ${c === q ? html`<div class=${`rm-bar rm-bar-${colour}`}><span class="visually-hidden">Target quarter, </span><${Colour} colour=${colour} /></div>` : null}
      ${byQuarter[c] ? html`<ul class="rm-launches">${byQuarter[c].map((l) => html`<${Launch} launch=${l} />`)}</ul>` : null}
    </td>`)}
  </tr>`;
  if (!editing) return row;
  const close = () => {
    edit.setEditing(null);
    requestAnimationFrame(() => document.querySelector(`#roadmap-${it.id} .rm-edit-b`)?.focus());
  };
  return html`${row}<tr class="rm-edit-row"><td colspan=${cols.length + 1}>
    <${EditItem} item=${it} people=${edit.people} launches=${edit.launches} onCancel=${close}
      onDone=${async (msg) => { edit.setEditing(null); await edit.onDone(msg); }} />
  </td></tr>`;
}

/** One launch at its day: across the quarter by the day; its label runs right, or left past the middle. */
function Launch({ launch: l }) {
  const at = placeInQuarter(l.date);
  const trouble = launchTrouble(l);
  const style = at <= 0.5 ? { marginLeft: `${(at * 100).toFixed(1)}%` } : { marginRight: `${((1 - at) * 100).toFixed(1)}%` };
  return html`<li class=${`rm-launch ${at <= 0.5 ? "rm-right" : "rm-left"}${trouble ? " rm-trouble" : ""}`} data-launch=${l.slug}
    data-date=${l.date} style=${style}>
    <a href=${`/launches/${encodeURIComponent(l.slug)}`}>
      <span class="rm-diamond" aria-hidden="true">◆</span>
      <span class="rm-launch-name">${l.name || l.slug}</span>
    </a>
    <span class="rm-launch-meta"><${TierBadge} tier=${l.tier} /><span class="visually-hidden">tier ${l.tier},</span>
      ${fmtDate(l.date, false)}
      ${trouble ? html` <span class="rm-flag">⚠ ${trouble}</span>` : null}
      ${l.status && l.status !== "planned" ? html` <${Status} status=${l.status} />` : null}</span>
  </li>`;
}
