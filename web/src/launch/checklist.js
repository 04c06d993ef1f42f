// launch/checklist.js - the launch's bill of materials by section. Ticking a
// task, choosing its owner or its due date is one click or one field and is
// saved at once: the row changes first (optimistic), then PATCH /tasks/{id}
// with If-Match. A 412 means someone changed the task meanwhile: the row is
// reloaded and says so (their change is not overwritten). Any other failure
// puts the row back as it was and shows the problem. Each task says its
// marketing stream (seed 001); external copy says whose approval it still
// needs, and the signed-in person who is one of them approves it with one
// button (POST /tasks/{id}/approve). A product milestone engineering has not
// dated yet says "date unknown".
import { Component } from "preact";
import { useCallback, useRef, useState } from "preact/hooks";
import { request, canEdit, taskEtag, me } from "../api.js";
import { html, announce, fmtDate, today } from "../ui.js";

const STATUS_TEXT = { todo: "to do", in_progress: "in progress", done: "done", skipped: "skipped", awaiting_approval: "awaiting approval" };

/** Seed 001's streams by id, for a stream the launch names no DRI for (the DRIs carry the playbook's names). */
const STREAM_NAMES = { pmm: "PMM sync", keynote: "Keynote sync", pr: "PR sync", ar: "AR sync", content: "Content sync",
  campaign: "Campaign sync", web: "Web sync" };

/** A stream's name: the playbook's (from the launch's DRIs), else seed 001's, else its id. */
export const streamName = (launch, id) => {
  const d = (launch.dris || []).find((x) => x.stream === id);
  return (d && d.name) || STREAM_NAMES[id] || id;
};

/** The launch's PMM, who approves external copy: its owner of role pmm, else its marketing owner. */
export const launchPmm = (launch) => (launch.owners && launch.owners.pmm) || launch.marketing || null;

/**
 * Whose approval an external task still needs, as src/core/model.c's tm_task_missing_approvals says:
 * the PMM, then each reviewer, less those who approved (names compared without case).
 */
export function approvalMissing(t, pmm) {
  if (!t.external) return [];
  const who = [], seen = new Set();
  for (const n of [pmm, ...(t.reviewed_by || [])])
    if (n && !seen.has(n.toLowerCase())) {
      seen.add(n.toLowerCase());
      who.push(n);
    }
  const got = new Set((t.approved_by || []).map((n) => n.toLowerCase()));
  return who.filter((n) => !got.has(n.toLowerCase()));
}

const isOpenTask = (t) => t.status !== "done" && t.status !== "skipped";

/** The If-Match of a task: the ETag the server last gave, else the form tm_call_etag writes. */
const taskTag = (t, tags) => tags[t.id] || taskEtag(t);

/** The tasks grouped by section, in checklist order. */
export function bySection(tasks) {
  const groups = new Map();
  for (const t of tasks) {
    if (!groups.has(t.section)) groups.set(t.section, []);
    groups.get(t.section).push(t);
  }
  return [...groups.entries()];
}

/**
 * A component drawn again only when one of its props changes (preact/compat's
 * memo without compat): a 60-row checklist is not diffed again each time
 * something else on the page answers, nor every row when one task changes.
 */
function pure(render) {
  return class extends Component {
    shouldComponentUpdate(next) {
      for (const k in next) if (next[k] !== this.props[k]) return true;
      for (const k in this.props) if (!(k in next)) return true;
      return false;
    }
    render(props) {
      return render(props);
    }
  };
}

export const Checklist = pure(function Checklist({ launch, people, setLaunch, onChanged }) {
  const tags = useRef({}); // task id -> ETag from the last answer about it
  const [notes, setNotes] = useState({}); // task id -> { kind, text } shown under the row
  const [busy, setBusy] = useState({}); // task id -> a save is under way
  const [filter, setFilter] = useState("all");
  const editable = canEdit();
  const tasks = launch.tasks || [];
  const pmm = launchPmm(launch);
  const myself = (me.value && me.value.person) || null;

  // Replaces one task in the launch (and its progress count) without reloading the rest.
  const putTask = (task) => setLaunch((l) => {
    const list = l.tasks.map((x) => (x.id === task.id ? { ...x, ...task } : x));
    return { ...l, tasks: list, progress: { done: list.filter((x) => x.status === "done").length, total: list.length } };
  });
  const note = (id, n) => setNotes((s) => ({ ...s, [id]: n }));

  // The rows get one save function for their life (the latest one is called).
  const latest = useRef(null);
  latest.current = save;
  const onSave = useCallback((...args) => latest.current(...args), []);

  async function save(task, patch, what) {
    const before = task;
    putTask({ ...task, ...patch });
    note(task.id, null);
    setBusy((b) => ({ ...b, [task.id]: true }));
    try {
      const r = await request("PATCH", `/tasks/${task.id}`, { body: patch, etag: taskTag(task, tags.current) });
      if (r.etag) tags.current[task.id] = r.etag;
      putTask(r.data);
      announce(`Saved: ${what}`);
    } catch (e) {
      if (e.status === 412) {
        // Someone else's change wins; show it rather than overwrite it.
        const fresh = await request("GET", `/tasks/${task.id}`).catch(() => null);
        if (fresh) {
          if (fresh.etag) tags.current[task.id] = fresh.etag;
          putTask(fresh.data);
        } else putTask(before);
        note(task.id, { kind: "warn", text: "someone else changed this task: reloaded. Check it and make your change again." });
        announce(`Someone else changed “${task.title}”: reloaded`, "error");
      } else {
        putTask(before);
        note(task.id, { kind: "error", text: `Not saved: ${e.message}` });
        announce(`Not saved: ${e.message}`, "error");
      }
    } finally {
      setBusy((b) => ({ ...b, [task.id]: false }));
      onChanged();
    }
  }

  // Approving external copy as the signed-in user's person (the server records who; nobody approves for another).
  const latestApprove = useRef(null);
  latestApprove.current = approve;
  const onApprove = useCallback((...args) => latestApprove.current(...args), []);

  async function approve(task) {
    note(task.id, null);
    setBusy((b) => ({ ...b, [task.id]: true }));
    try {
      const r = await request("POST", `/tasks/${task.id}/approve`, { body: {} });
      if (r.etag) tags.current[task.id] = r.etag;
      putTask(r.data);
      const left = r.data.approval_missing || approvalMissing(r.data, pmm);
      const text = left.length ? `Approved “${task.title}”: still waiting for ${left.join(", ")}`
        : r.data.status === "done" ? `Approved “${task.title}”: it is done` : `Approved “${task.title}”`;
      note(task.id, { kind: "ok", text });
      announce(text);
    } catch (e) {
      note(task.id, { kind: "error", text: `Not approved: ${e.message}` });
      announce(`Not approved: ${e.message}`, "error");
    } finally {
      setBusy((b) => ({ ...b, [task.id]: false }));
      onChanged();
    }
  }

  const now = today();
  const isOpen = (t) => t.status !== "done" && t.status !== "skipped";
  const isLate = (t) => isOpen(t) && t.due && t.due < now;
  const shown = tasks.filter((t) => filter === "all" || (filter === "open" ? isOpen(t) : isLate(t)));
  const overdue = tasks.filter(isLate).length;

  return html`<div class="checklist">
    <div class="checklist-bar">
      <fieldset class="seg">
        <legend class="visually-hidden">Show</legend>
        ${[["all", `All ${tasks.length}`], ["open", "Open"], ["late", `Overdue ${overdue}`]].map(([v, label]) => html`
          <label class=${filter === v ? "on" : ""}><input type="radio" name="cl-filter" value=${v} checked=${filter === v}
            onChange=${() => setFilter(v)} />${label}</label>`)}
      </fieldset>
      ${editable ? null : html`<p class="note readonly-note">You can read this launch; an editor or admin can change it.</p>`}
    </div>
    ${bySection(shown).map(([section, list]) => {
      const done = list.filter((t) => t.status === "done").length;
      return html`<section class="cl-section" aria-labelledby=${`sec-${slug(section)}`}>
        <h3 id=${`sec-${slug(section)}`}>${section} <span class="count">${done}/${list.length}</span></h3>
        <ul class="cl-list">
          ${list.map((t) => html`<${Row} key=${t.id} task=${t} people=${people} editable=${editable} busy=${busy[t.id]}
              note=${notes[t.id]} now=${now} onSave=${onSave} onApprove=${onApprove} pmm=${pmm} myself=${myself}
              stream=${t.stream ? streamName(launch, t.stream) : null} />`)}
        </ul>
      </section>`;
    })}
    ${shown.length === 0 ? html`<p class="empty">No task matches.</p>` : null}
  </div>`;
});

const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** Whose approval external copy has and needs, in words; with the Approve button when the signed-in person is one. */
function Approval({ t, pmm, missing, editable, myself, busy, onApprove }) {
  const approved = t.approved_by || [];
  const mine = editable && myself && isOpenTask(t) && missing.some((n) => n.toLowerCase() === myself.toLowerCase());
  const named = (n) => (pmm && n.toLowerCase() === pmm.toLowerCase() ? `${n} (PMM)` : n);
  let text;
  if (missing.length && isOpenTask(t)) text = `${t.status === "awaiting_approval" ? "Awaiting approval by" : "Needs approval by"} ${missing.map(named).join(", ")}`;
  else if (approved.length) text = `Approved by ${approved.join(", ")}`;
  else if (isOpenTask(t)) text = "External copy: no approver yet (the launch names no PMM)";
  else return null;
  return html`<p class=${`cl-approval${missing.length && isOpenTask(t) ? " waiting" : ""}`} id=${`appr-${t.id}`}>
    <span>${text}${missing.length && isOpenTask(t) && approved.length ? ` · approved by ${approved.join(", ")}` : ""}</span>
    ${mine ? html` <button type="button" class="secondary approve" disabled=${busy}
        aria-label=${`Approve “${t.title}” as ${myself}`} onClick=${() => onApprove(t)}>Approve</button>` : null}
  </p>`;
}

const Row = pure(function Row({ task: t, people, editable, busy, note, now, onSave, onApprove, pmm, myself, stream }) {
  const done = t.status === "done";
  const awaiting = t.status === "awaiting_approval";
  const missing = approvalMissing(t, pmm);
  const late = t.due && t.due < now && !done && !awaiting && t.status !== "skipped";
  const unknown = t.product && !t.due;
  const names = people.map((p) => p.name);
  if (t.owner && !names.includes(t.owner)) names.unshift(t.owner);
  const label = `“${t.title}”`;
  return html`<li id=${`task-${t.id}`} class=${`cl-row status-row-${t.status}${late ? " late" : ""}${busy ? " busy" : ""}`}>
    <div class="cl-check">
      <input type="checkbox" id=${`done-${t.id}`} checked=${done || awaiting} disabled=${!editable}
        aria-describedby=${t.external ? `appr-${t.id}` : undefined}
        onChange=${(e) => onSave(t, { status: e.target.checked ? "done" : "todo" }, `${t.title} ${e.target.checked ? "done" : "not done"}`)} />
      <label for=${`done-${t.id}`} class="cl-title">${t.title}
        ${t.milestone ? html` <span class="tag milestone">${t.product ? "product milestone" : "milestone"}</span>` : null}
        ${t.required ? null : html` <span class="tag">optional</span>`}
        ${t.external ? html` <span class="tag external">external copy</span>` : null}
      </label>
      ${stream || t.co_role ? html`<p class="cl-sub">
        ${stream ? html`<span class="stream"><span class="visually-hidden">Stream: </span>${stream}</span>` : null}
        ${t.co_role ? html`<span class="co-owner">with ${t.co_role}</span>` : null}
      </p>` : null}
    </div>
    <div class="cl-meta">
      ${t.status !== "todo" && !done ? html`<span class=${`status status-${t.status === "in_progress" ? "doing" : t.status === "awaiting_approval" ? "awaiting" : t.status}`}>${STATUS_TEXT[t.status] || t.status}</span>` : null}
      ${late ? html`<span class="status status-blocked">overdue</span>` : null}
      ${t.effort_days ? html`<span class="effort">${t.effort_days} d</span>` : null}
    </div>
    <div class="cl-owner">
      ${editable ? html`<select aria-label=${`Owner of ${label}`} value=${t.owner || ""}
          onChange=${(e) => e.target.value && onSave(t, { owner: e.target.value }, `${t.title} now owned by ${e.target.value}`)}>
          ${t.owner ? null : html`<option value="">No owner</option>`}
          ${names.map((n) => html`<option value=${n}>${n}</option>`)}
        </select>`
        : html`<span class="ro"><span class="visually-hidden">Owner: </span>${t.owner || "no owner"}</span>`}
    </div>
    <div class="cl-due">
      ${editable ? html`<input type="date" aria-label=${`Due date of ${label}`} value=${t.due || ""}
          aria-describedby=${t.offset || unknown ? `off-${t.id}` : undefined}
          onChange=${(e) => e.target.value && e.target.value !== t.due && onSave(t, { due: e.target.value }, `${t.title} due ${fmtDate(e.target.value)}`)} />`
        : html`<span class="ro"><span class="visually-hidden">Due: </span>${unknown ? "date unknown" : fmtDate(t.due)}</span>`}
      ${unknown ? html`<span class="offset unknown" id=${`off-${t.id}`} title="engineering gives this date">${editable ? "date unknown: engineering gives it" : "engineering gives it"}</span>`
        : t.offset ? html`<span class="offset" id=${`off-${t.id}`} title="counted from launch day: moves with it">${t.offset}</span>`
        : t.due ? html`<span class="offset fixed" title="a fixed date: stays when launch day moves">fixed</span>` : null}
    </div>
    ${t.external ? html`<${Approval} t=${t} pmm=${pmm} missing=${missing} editable=${editable} myself=${myself} busy=${busy}
        onApprove=${onApprove} />` : null}
    ${note ? html`<p class=${`cl-note ${note.kind}`} role=${note.kind === "ok" ? "status" : "alert"}>${note.text}</p>` : null}
  </li>`;
});
