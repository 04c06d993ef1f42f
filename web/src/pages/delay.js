// pages/delay.js - moving launch day in three steps: pick the new date (the
// preview follows by itself: POST …/delay?dry_run=true saves nothing and
// answers which tasks move, which keep their fixed dates, and which rules
// would fire), give the reasons, confirm (the real POST, If-Match the
// launch's ETag). Then the internal and the customer messages are ready to
// copy. The new dates are the server's (the dry run's `moved_tasks`), never
// recomputed here. The fields' hints are the API's DelayInput schema; the
// form does not wait for them, nor for the holidays or the launch's current
// check (which tells the findings the move would add from those already there).
import { useEffect, useRef, useState } from "preact/hooks";
import { get, request, schema, canEdit } from "../api.js";
import { html, useLoad, usePageTitle, announce, fmtDate, Field, TierBadge, Score, ErrorBox, Loading } from "../ui.js";
import { loadLaunch, loadCalendar } from "../launch/data.js";
import { Doc } from "../launch/docs.js";

export default function DelayPage({ params }) {
  const id = params.launch;
  const [launch, error, reload] = useLoad(() => loadLaunch(id), id);
  const [input] = useLoad(() => schema("DelayInput"), "DelayInput");
  const [cal] = useLoad(loadCalendar, "holidays");
  const [check] = useLoad(() => get(`/launches/${encodeURIComponent(id)}/check`), id);
  const [form, setForm] = useState({ to: "", reason: "", public_reason: "" });
  const [preview, setPreview] = useState(null); // { result } | { error } | { loading }
  const [done, setDone] = useState(null); // the DelayResult of the real move
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState(null);
  usePageTitle(launch ? `Delay ${launch.name}` : "Delay");

  // The preview follows the form, 400 ms after its last change.
  const seq = useRef(0);
  useEffect(() => {
    if (!launch || !form.to || form.to === launch.date || done) {
      setPreview(null);
      return;
    }
    const n = ++seq.current;
    setPreview((p) => ({ ...(p || {}), loading: true }));
    const timer = setTimeout(async () => {
      try {
        // The reasons as typed so far (the server wants one; the customer one changes the findings).
        const body = { to: form.to, reason: form.reason.trim() || "preview" };
        if (form.public_reason.trim()) body.public_reason = form.public_reason.trim();
        const r = await request("POST", `/launches/${encodeURIComponent(launch.slug)}/delay`, { query: { dry_run: "true" }, body });
        if (n === seq.current) setPreview({ result: r.data });
      } catch (e) {
        if (n === seq.current) setPreview({ error: e });
      }
    }, 400);
    return () => clearTimeout(timer);
  }, [launch && launch.version, form.to, form.reason.trim(), form.public_reason.trim(), done]);

  if (error && !launch) return html`<${ErrorBox} error=${error} />`;
  if (!launch) return html`<${Loading} what="the launch" />`;
  const props = (input && input.properties) || {};
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v || "" }));

  async function confirm(e) {
    e.preventDefault();
    setSaving(true);
    setProblem(null);
    const body = { to: form.to, reason: form.reason.trim() };
    if (form.public_reason.trim()) body.public_reason = form.public_reason.trim();
    try {
      const r = await request("POST", `/launches/${encodeURIComponent(launch.slug)}/delay`, { body, etag: launch.etag });
      setDone(r.data);
      announce(`${launch.name} now launches on ${fmtDate(r.data.to)}`);
      await reload();
    } catch (err) {
      if (err.status === 412) {
        setProblem({ conflict: true, error: err });
        await reload();
      } else setProblem({ error: err });
      announce(`Not moved: ${err.message}`, "error");
    } finally {
      setSaving(false);
    }
  }

  const head = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Portfolio</a> <span aria-hidden="true">/</span>${" "}<a
      href=${`/launches/${launch.slug}`}>${launch.name}</a> <span aria-hidden="true">/</span> Delay</nav>`;

  if (done) {
    return html`<div class="delay-page">
      ${head}
      <div class="page-head"><div>
        <h1>${launch.name} moved to ${fmtDate(done.to)}</h1>
        <p class="sub">From ${fmtDate(done.from)}. ${done.moved.length} ${done.moved.length === 1 ? "task" : "tasks"} moved with it;
          the plan before the move is saved as the baseline “${done.baseline}”.</p>
      </div>
      <a class="button" href=${`/launches/${launch.slug}?tab=timeline&against=${encodeURIComponent(done.baseline)}`}>See the new timeline</a></div>
      <div class="delay-done-grid">
        <section aria-labelledby="msg-int"><h2 id="msg-int">Message to the team</h2>
          <${Doc} launch=${launch} kind="delay-internal" heading=${false} /></section>
        <section aria-labelledby="msg-ext"><h2 id="msg-ext">Message to customers</h2>
          <${Doc} launch=${launch} kind="delay-external" heading=${false} /></section>
      </div>
    </div>`;
  }

  if (!canEdit()) {
    return html`<div class="delay-page">${head}<h1>Delay ${launch.name}</h1>
      <p class="note">Only an editor or an admin can move a launch. It is on ${fmtDate(launch.date)}.</p></div>`;
  }

  const ready = form.to && form.to !== launch.date && form.reason.trim();
  const moved = form.to ? form.to > launch.date ? "later" : "earlier" : null;
  return html`<div class="delay-page">
    ${head}
    <div class="page-head"><div>
      <h1>Delay or pull in ${launch.name}</h1>
      <p class="sub"><${TierBadge} tier=${launch.tier} /> Launch day is <strong>${fmtDate(launch.date)}</strong>${" "}(${launch.confidence} confidence${launch.slips ? `, slipped ${launch.slips}× before` : ""}).</p>
    </div></div>
    <div class="delay-grid">
      <form class="card delay-form" onSubmit=${confirm} aria-labelledby="delay-form-h">
        <h2 id="delay-form-h">The move</h2>
        <${Field} name="to" label="New launch day" prop=${props.to} value=${form.to} onInput=${set("to")} required autofocus />
        ${form.to && cal && !cal.isWorkday(form.to) ? html`<p class="warn">${fmtDate(form.to)} is not a working day.</p>` : null}
        <${Field} name="reason" label="Internal reason" prop=${props.reason} value=${form.reason} onInput=${set("reason")} required
          error=${problem && problem.error && problem.error.field === "reason" ? problem.error.message : null} />
        <${Field} name="public_reason" label="What customers are told" prop=${props.public_reason} value=${form.public_reason}
          onInput=${set("public_reason")} />
        ${problem ? problem.conflict ? html`<p class="warn" role="alert">Someone else changed this launch meanwhile: it is reloaded
            (launch day ${fmtDate(launch.date)}). Check the preview and confirm again.</p>` : html`<${ErrorBox} error=${problem.error} />` : null}
        ${preview && preview.result ? html`<p class="preview-sum" aria-live="polite">
          <a href="#preview-h">${summary(preview.result, check)}</a></p>` : null}
        <div class="actions">
          <button type="submit" disabled=${!ready || saving}>${saving ? "Moving…" : form.to && form.to !== launch.date
            ? `Confirm: move to ${fmtDate(form.to)}` : "Confirm the move"}</button>
          <a class="button secondary" href=${`/launches/${launch.slug}`}>Cancel</a>
        </div>
        ${!ready ? html`<p class="hint">${!form.to || form.to === launch.date ? "Pick a new date to see what moves." : "Give the internal reason to confirm."}</p>` : null}
      </form>
      <section class="card delay-preview" aria-labelledby="preview-h" aria-live="polite" aria-busy=${preview && preview.loading ? "true" : "false"}>
        <h2 id="preview-h">What would change</h2>
        ${!preview ? html`<p class="empty">Pick a new launch day: the tasks that move, the fixed dates that stay and the rules that would fire show here before anything is saved.</p>`
          : preview.error ? html`<${ErrorBox} error=${preview.error} />`
          : preview.result ? html`<${Preview} launch=${launch} result=${preview.result} check=${check} cal=${cal} direction=${moved} stale=${preview.loading} />`
          : html`<${Loading} what="the preview" />`}
      </section>
    </div>
  </div>`;
}

/** A finding's identity, to tell the ones a move adds from those the launch has now. */
const findingKey = (f) => `${f.rule}\u0000${f.task || ""}\u0000${f.message}`;

/** The findings after the move: those that fire because of it, and those already there (all of them while the check is unknown). */
function splitFindings(result, check) {
  const after = result.findings || [];
  if (!check) return { added: after, kept: [] };
  const now = new Set((check.findings || []).map(findingKey));
  return { added: after.filter((f) => !now.has(findingKey(f))), kept: after.filter((f) => now.has(findingKey(f))) };
}

/** One line of what the preview found, beside the Confirm button (the preview may be below it on a phone). */
function summary(r, check) {
  const n = splitFindings(r, check).added.length, m = r.moved.length, f = (r.fixed || []).length;
  return `${m} ${m === 1 ? "task moves" : "tasks move"}, ${f} fixed ${f === 1 ? "date stays" : "dates stay"}, ` +
    `${n ? `${n} ${n === 1 ? "rule fires" : "rules fire"}` : "no new rule fires"}`;
}

function Findings({ list }) {
  return html`<ul class="findings">${list.map((f) => html`<li class=${`finding sev-${f.severity}-box`}>
    <p><span class=${`sev sev-${f.severity}`}>${f.severity}</span> <span class="rule">${f.rule}</span></p>
    <p class="msg">${f.message}</p>${f.hint ? html`<p class="hint">${f.hint}</p>` : null}</li>`)}</ul>`;
}

/**
 * The dry run (DelayPreview): launch day's move, the readiness after it, the rules
 * the move makes fire, the tasks that move (due now -> due after, as the server
 * answers them in `moved_tasks`), and the fixed dates that stay.
 */
function Preview({ launch, result, check, cal, direction, stale }) {
  const before = new Map((launch.tasks || []).map((t) => [t.id, t]));
  const moved = result.moved_tasks || [];
  const fixed = (result.fixed || []).map((id) => before.get(id) || { id, title: `#${id}` });
  const inconsistent = new Set(result.inconsistent || []);
  const { added, kept } = splitFindings(result, check);
  const r = result.readiness;
  const days = cal ? cal.between(result.from, result.to) : null;
  return html`<div class=${stale ? "stale" : ""}>
    <p class="move-line"><span class="from">${fmtDate(result.from)}</span> <span aria-hidden="true">→</span><span class="visually-hidden">to</span>
      <strong class="to">${fmtDate(result.to)}</strong>
      ${days !== null ? html`<span class=${`shift ${direction}`}>${days > 0 ? "+" : ""}${days} working ${Math.abs(days) === 1 ? "day" : "days"}</span>` : null}</p>
    ${r ? html`<p class="readiness-after">Readiness after the move: <${Score} score=${r.score} /> / 100${check
        ? html` <span class="muted">(now ${check.score})</span>` : null}${" · "}<span class="sev-error">${r.errors} ${r.errors === 1 ? "error" : "errors"}</span>${" · "}<span
        class="sev-warning">${r.warnings} ${r.warnings === 1 ? "warning" : "warnings"}</span></p>` : null}
    <h3>${check ? "Findings new with this date" : "Findings after the move"}</h3>
    <div class="findings-added">${added.length === 0
      ? html`<p class="ok-text">No new rule fires: no freeze, holiday, collision or infeasible plan.</p>`
      : html`<${Findings} list=${added} />`}</div>
    ${kept.length ? html`<details class="findings-kept"><summary>${kept.length} ${kept.length === 1 ? "finding" : "findings"} the launch has already</summary>
      <${Findings} list=${kept} /></details>` : null}
    <h3>${moved.length} ${moved.length === 1 ? "task moves" : "tasks move"} with launch day</h3>
    ${moved.length ? html`<div class="table-wrap"><table class="moves moved-tasks">
      <thead><tr><th scope="col">Task</th><th scope="col">Counted from T</th><th scope="col">Due now</th><th scope="col">Due after</th></tr></thead>
      <tbody>${moved.map((t) => html`<tr data-task=${t.id}><th scope="row">${t.title}</th><td>${t.offset || "—"}</td>
        <td class="due-before">${fmtDate((before.get(t.id) || {}).due)}</td><td class="due-after"><strong>${fmtDate(t.due)}</strong></td></tr>`)}
      </tbody></table></div>` : null}
    <h3>${fixed.length} fixed ${fixed.length === 1 ? "date stays" : "dates stay"}</h3>
    ${fixed.length ? html`<div class="table-wrap"><table class="moves fixed-tasks">
      <thead><tr><th scope="col">Task</th><th scope="col">Due</th><th scope="col">Note</th></tr></thead>
      <tbody>${fixed.map((t) => html`<tr data-task=${t.id}><th scope="row">${t.title}</th><td>${fmtDate(t.due)}</td>
        <td>${inconsistent.has(t.id) ? html`<span class="sev-warning">now on the other side of launch day</span>` : "stays"}</td></tr>`)}
      </tbody></table></div>` : html`<p class="muted">No task has a fixed date.</p>`}
    ${result.done_kept ? html`<p class="muted">${result.done_kept} done or skipped ${result.done_kept === 1 ? "task keeps its" : "tasks keep their"} date.</p>` : null}
  </div>`;
}
