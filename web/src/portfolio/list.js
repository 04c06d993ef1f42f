// portfolio/list.js - the launches of the visible range as a table that
// sorts by date, tier or readiness (the sort is in the URL, like filters).
import { html, fmtDate, TierBadge, Status, Score } from "../ui.js";
import { setQuery } from "../router.js";
import { readinessOf, ruleLabel } from "./model.js";

const SORTS = {
  date: (a, b) => a.date.localeCompare(b.date) || a.tier - b.tier,
  tier: (a, b) => a.tier - b.tier || a.date.localeCompare(b.date),
  /* Unknown readiness sorts last either way. */
  readiness: (a, b) => (readinessOf(a) ?? 101) - (readinessOf(b) ?? 101) || a.date.localeCompare(b.date),
  name: (a, b) => a.name.localeCompare(b.name),
};

/** The launches in the order asked for (sort: date|tier|readiness|name, dir: asc|desc). */
export function sortLaunches(launches, sort, dir) {
  const cmp = SORTS[sort] || SORTS.date;
  const out = [...launches].sort(cmp);
  return dir === "desc" ? out.reverse() : out;
}

function SortHeader({ label, key_, sort, dir, className }) {
  const on = sort === key_;
  const next = on && dir !== "desc" ? "desc" : "asc";
  return html`<th scope="col" class=${className} aria-sort=${on ? (dir === "desc" ? "descending" : "ascending") : "none"}>
    <button type="button" class="sort" onClick=${() => setQuery({ sort: key_ === "date" ? undefined : key_, dir: next === "asc" ? undefined : next })}>
      ${label}<span aria-hidden="true" class="sort-mark">${on ? (dir === "desc" ? " ▼" : " ▲") : " ↕"}</span>
    </button>
  </th>`;
}

export function ListView({ launches, sort, dir, flagged, scoring }) {
  const rows = sortLaunches(launches, sort, dir);
  const shown = rows.slice(0, 2000); /* a quarter of a big workspace stays quick to draw */
  const h = (label, key_, className) => html`<${SortHeader} label=${label} key_=${key_} sort=${sort} dir=${dir} className=${className} />`;
  return html`<div class="table-wrap launch-table">
    <table>
      <caption class="visually-hidden">Launches, sorted by ${sort} (${dir === "desc" ? "descending" : "ascending"})</caption>
      <thead><tr>
        ${h("Date", "date")}${h("Launch", "name")}${h("Tier", "tier")}<th scope="col">Status</th>
        ${h("Readiness", "readiness", "num")}<th scope="col">Owners</th><th scope="col" class="num">Tasks done</th><th scope="col">Conflicts</th>
      </tr></thead>
      <tbody>
        ${shown.map((l) => {
          const rules = flagged.get(l.id);
          return html`<tr>
            <td class="nowrap">${fmtDate(l.date)}</td>
            <td><a href=${`/launches/${encodeURIComponent(l.slug)}`}>${l.name}</a></td>
            <td><${TierBadge} tier=${l.tier} /></td>
            <td><${Status} status=${l.status} /></td>
            <td class="num">${readinessOf(l) !== null ? html`<${Score} score=${readinessOf(l)} />` : scoring
              ? html`<span class="muted" title="Scoring…">…<span class="visually-hidden">scoring</span></span>` : html`<span class="muted">—</span>`}</td>
            <td>${l.pm || html`<span class="muted">no PM</span>`}${l.marketing ? html`<span class="muted"> · ${l.marketing}</span>` : null}</td>
            <td class="num">${l.progress ? `${l.progress.done}/${l.progress.total}` : "—"}</td>
            <td>${rules ? html`<span class="conflict-tag"><span aria-hidden="true">⚠ </span>${[...rules].map(ruleLabel).join(", ")}</span>` : null}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${rows.length > shown.length ? html`<p class="note">The first ${shown.length} of ${rows.length} launches; narrow the filters or the range to see the rest.</p>` : null}
  </div>`;
}
