// pages/my_work.js - the signed-in person's open tasks across launches
// (GET /me/tasks), grouped by when they are due relative to the server's
// today: overdue, this week, next week, later. A task is ticked done right
// here; the change carries the task's version as If-Match, so a task
// someone else changed meanwhile is reloaded and said so, never overwritten.
import { useMemo, useState } from "preact/hooks";
import { me, canEdit, request, get, taskEtag } from "../api.js";
import { html, useLoad, today, fmtDate, addDays, Status, TierBadge, ErrorBox, Loading, announce } from "../ui.js";
import { mondayOf } from "../portfolio/dates.js";
import { nextLink, slugWords } from "../lists.js";

/** Which group a due date falls in, counted from the server's today. */
function groupOf(due, now) {
  const mon = mondayOf(now);
  if (!due) return "later";
  if (due < now) return "overdue";
  if (due <= addDays(mon, 6)) return "week";
  if (due <= addDays(mon, 13)) return "next";
  return "later";
}
const GROUPS = [
  { key: "overdue", title: "Overdue", empty: "Nothing overdue." },
  { key: "week", title: "This week", empty: "Nothing else due this week." },
  { key: "next", title: "Next week", empty: "Nothing due next week." },
  { key: "later", title: "Later", empty: "Nothing further out." },
];

/** How far a due date is from today, in words: "3 days late", "due tomorrow". */
function dueWords(due, now) {
  if (!due) return "no due date";
  const days = Math.round((Date.parse(due) - Date.parse(now)) / 86400000);
  if (days < -1) return `${-days} days late`;
  if (days === -1) return "1 day late";
  if (days === 0) return "due today";
  if (days === 1) return "due tomorrow";
  return `in ${days} days`;
}

/** The names and tiers of the launches the tasks belong to (one small request each, at most 40). */
async function loadLaunches(tasks) {
  const slugs = [...new Set(tasks.map((t) => t.launch))].slice(0, 40);
  const out = {};
  await Promise.all(slugs.map((s) => get(`/launches/${encodeURIComponent(s)}`).then(
    (l) => (out[s] = { name: l.name, tier: l.tier, date: l.date }), () => {})));
  return out;
}

export default function MyWork() {
  const user = me.value;
  if (!user.person) return html`<${NoPerson} user=${user} />`;
  return html`<${Tasks} user=${user} />`;
}

function NoPerson({ user }) {
  return html`<div class="my-work">
    <h1>My work</h1>
    <div class="note my-none">
      <p><strong>Your sign-in, ${user.user}, is not linked to a person, so no task can be yours.</strong></p>
      <p>Tasks are owned by people (the ones on the <a href="/people">People</a> page). An admin links a sign-in to a
        person in Settings, or on the command line with <code>tminus user add ${user.user} --person "Full Name"</code>.
        Until then, the <a href="/">portfolio</a> shows every launch and each launch shows its checklist.</p>
    </div>
  </div>`;
}

function Tasks({ user }) {
  const now = today();
  // One page of the API's list, the most there is (1000, by due date): someone with more open tasks
  // than that is told so rather than kept waiting for all of them.
  const [more, setMore] = useState(false);
  const [tasks, err, reload, setTasks] = useLoad(() => request("GET", "/me/tasks", { query: { limit: 1000 } }).then((r) => {
    setMore(!!nextLink(r.headers));
    return r.data;
  }), "me-tasks");
  const [launches] = useLoad(() => (tasks ? loadLaunches(tasks) : {}), tasks ? tasks.length : -1);
  const [busy, setBusy] = useState({});
  const [stale, setStale] = useState(null);
  const edit = canEdit();

  const groups = useMemo(() => {
    const g = { overdue: [], week: [], next: [], later: [] };
    for (const t of tasks || []) g[groupOf(t.due, now)].push(t);
    return g;
  }, [tasks, now]);

  /* Sets a task's status (done, or back to what it was), optimistic, with If-Match. */
  async function setStatus(task, status) {
    const before = task;
    setBusy((b) => ({ ...b, [task.id]: true }));
    setTasks((list) => list.map((t) => (t.id === task.id ? { ...t, status, was: status === "done" ? t.status : undefined } : t)));
    try {
      const r = await request("PATCH", `/tasks/${task.id}`, { body: { status }, etag: taskEtag(task) });
      setTasks((list) => list.map((t) => (t.id === task.id ? { ...r.data, was: status === "done" ? before.status : undefined } : t)));
      announce(status === "done" ? `Done: ${task.title}` : `Reopened: ${task.title}`);
      setStale(null);
    } catch (e) {
      setTasks((list) => list.map((t) => (t.id === task.id ? before : t)));
      if (e.status === 412) {
        setStale(task.title);
        announce(`Someone else changed “${task.title}”: reloaded`, "error");
        reload();
      } else {
        announce(`“${task.title}” was not changed: ${e.message}`, "error");
      }
    } finally {
      setBusy((b) => ({ ...b, [task.id]: false }));
    }
  }

  const open = (tasks || []).filter((t) => t.status !== "done").length;
  return html`<div class="my-work">
    <div class="page-head">
      <div>
        <h1>My work</h1>
        <p class="sub">${user.person}'s tasks across launches, counted from ${fmtDate(now)}.</p>
      </div>
      ${tasks ? html`<p class="my-count"><strong>${open}</strong> open · <strong class=${groups.overdue.length ? "bad" : ""}>${groups.overdue.length}</strong> overdue</p>` : null}
    </div>
    ${stale ? html`<div class="warn" role="alert">Someone else changed “${stale}” since this page read it, so it was not changed here.
      The list now shows their version: check it and tick again if it still applies.</div>` : null}
    ${more ? html`<p class="note">These are your first 1,000 open tasks by due date; the rest are due later. Each launch's
      checklist has them all.</p>` : null}
    ${!edit ? html`<p class="note">You can read these tasks; ticking them off needs an editor's sign-in.</p>` : null}
    <${ErrorBox} error=${err} onRetry=${reload} />
    ${!tasks && !err ? html`<${Loading} what="your tasks" />` : null}
    ${tasks && tasks.length === 0 ? html`<p class="empty">No open task is yours. Well done.</p>` : null}
    ${tasks && tasks.length ? GROUPS.map((g) => html`<${Group} g=${g} list=${groups[g.key]} now=${now} launches=${launches || {}}
      edit=${edit} busy=${busy} onStatus=${setStatus} />`) : null}
  </div>`;
}

function Group({ g, list, now, launches, edit, busy, onStatus }) {
  const id = `grp-${g.key}`;
  return html`<section class=${`task-group group-${g.key}`} aria-labelledby=${id}>
    <h2 id=${id}>${g.title} <span class="count">${list.length}</span></h2>
    ${list.length === 0 ? html`<p class="empty">${g.empty}</p>` : html`<ul class="task-rows">
      ${list.map((t) => html`<${TaskRow} t=${t} now=${now} launch=${launches[t.launch]} edit=${edit} busy=${busy[t.id]} onStatus=${onStatus} />`)}
    </ul>`}
  </section>`;
}

function TaskRow({ t, now, launch, edit, busy, onStatus }) {
  const done = t.status === "done";
  const cid = `task-${t.id}`;
  const late = !done && t.due && t.due < now;
  return html`<li class=${`task-row${done ? " is-done" : ""}`} data-task=${t.id}>
    ${edit ? html`<input type="checkbox" id=${cid} checked=${done} disabled=${busy}
        onChange=${(e) => onStatus(t, e.target.checked ? "done" : t.was || "todo")} />` : null}
    <div class="task-main">
      ${edit ? html`<label for=${cid} class="task-title">${t.title}</label>` : html`<span class="task-title">${t.title}</span>`}
      <div class="task-meta">
        <a href=${`/launches/${encodeURIComponent(t.launch)}`} class="task-launch">
          ${launch ? html`<${TierBadge} tier=${launch.tier} /> ${launch.name}` : slugWords(t.launch)}</a>
        ${t.section ? html`<span class="muted">${t.section}</span>` : null}
        ${t.milestone ? html`<span class="milestone">Milestone</span>` : null}
        ${t.effort_days ? html`<span class="muted">${t.effort_days} day${t.effort_days === 1 ? "" : "s"} of work</span>` : null}
      </div>
    </div>
    <div class="task-due">
      <span class="due-date">${t.due ? fmtDate(t.due, false) : "—"}</span>
      <span class=${`due-words${late ? " late" : ""}`}>${done ? "done" : dueWords(t.due, now)}</span>
    </div>
    <div class="task-status"><${Status} status=${t.status} /></div>
  </li>`;
}
