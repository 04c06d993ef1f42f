// pages/delay.js - moving launch day in three steps: pick the new date (the
// preview follows by itself: POST …/delay?dry_run=true saves nothing and
// answers which tasks move, which keep their fixed dates, and which rules
// would fire), give the reasons, confirm (the real POST, If-Match the
// launch's ETag). Then the internal and the customer messages are ready to
// copy. The fields and their hints are the API's DelayInput schema.
import { useEffect, useRef, useState } from "preact/hooks";
import { request, schema, canEdit } from "../api.js";
import { hasParam } from "../launch/features.js";
import { html, useLoad, usePageTitle, announce, fmtDate, Field, TierBadge, ErrorBox, Loading } from "../ui.js";
import { loadLaunch, loadCalendar } from "./launch.js";
import { resolveOffset } from "../launch/workdays.js";
import { Doc } from "../launch/docs.js";

/** Does the served API know ?dry_run on a delay? (Without it a "preview" would really move the launch.) */
const canPreview = () => hasParam("POST", "/launches/{launch}/delay", "dry_run");

export default function DelayPage({ params }) {
  const id = params.launch;
  const [launch, error, reload] = useLoad(() => loadLaunch(id), id);
  const [input] = useLoad(() => schema("DelayInput"), "DelayInput");
  const [cal] = useLoad(loadCalendar, "holidays");
  const [previewable] = useLoad(() => canPreview().catch(() => false), "dry_run");
  const [form, setForm] = useState({ to: "", reason: "", public_reason: "" });
  const [preview, setPreview] = useState(null); // { result } | { error } | { loading }
  const [done, setDone] = useState(null); // the DelayResult of the real move
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState(null);
  usePageTitle(launch ? `Delay ${launch.name}` : "Delay");

  // The preview follows the date, 400 ms after its last change (a reason is sent when given: the server wants one).
  const seq = useRef(0);
  useEffect(() => {
    if (!launch || !form.to || form.to === launch.date || done || previewable !== true) {
      setPreview(null);
      return;
    }
    const n = ++seq.current;
    setPreview((p) => ({ ...(p || {}), loading: true }));
    const timer = setTimeout(async () => {
      try {
        const r = await request("POST", `/launches/${encodeURIComponent(launch.slug)}/delay`, {
          query: { dry_run: "true" },
          body: { to: form.to, reason: form.reason.trim() || "preview" },
        });
        if (n === seq.current) setPreview({ result: r.data });
      } catch (e) {
        if (n === seq.current) setPreview({ error: e });
      }
    }, 400);
    return () => clearTimeout(timer);
  }, [launch && launch.version, form.to, previewable, done]);

  if (error && !launch) return html`<${ErrorBox} error=${error} />`;
  if (!launch || !input) return html`<${Loading} what="the launch" />`;
  const props = input.properties || {};
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
          <a href="#preview-h">${summary(preview.result)}</a></p>` : null}
        <div class="actions">
          <button type="submit" disabled=${!ready || saving}>${saving ? "Moving…" : form.to && form.to !== launch.date
            ? `Confirm: move to ${fmtDate(form.to)}` : "Confirm the move"}</button>
          <a class="button secondary" href=${`/launches/${launch.slug}`}>Cancel</a>
        </div>
        ${!ready ? html`<p class="hint">${!form.to || form.to === launch.date ? "Pick a new date to see what moves." : "Give the internal reason to confirm."}</p>` : null}
      </form>
      <section class="card delay-preview" aria-labelledby="preview-h" aria-live="polite" aria-busy=${preview && preview.loading ? "true" : "false"}>
        <h2 id="preview-h">What would change</h2>
        ${previewable === false ? html`<p class="note">This server cannot preview a move (POST …/delay?dry_run): the tasks counted from launch day will move with it.</p>` : null}
        ${!preview ? html`<p class="empty">Pick a new launch day: the tasks that move, the fixed dates that stay and the rules that would fire show here before anything is saved.</p>`
          : preview.error ? html`<${ErrorBox} error=${preview.error} />`
          : preview.result ? html`<${Preview} launch=${launch} result=${preview.result} cal=${cal} direction=${moved} stale=${preview.loading} />`
          : html`<${Loading} what="the preview" />`}
      </section>
    </div>
  </div>`;
}

/** One line of what the preview found, beside the Confirm button (the preview may be below it on a phone). */
function summary(r) {
  const n = (r.findings || r.warnings || []).length, m = r.moved.length, f = (r.fixed || []).length;
  return `${m} ${m === 1 ? "task moves" : "tasks move"}, ${f} fixed ${f === 1 ? "date stays" : "dates stay"}, ` +
    `${n ? `${n} ${n === 1 ? "rule fires" : "rules fire"}` : "no rule fires"}`;
}

/** The dry run: launch day's move, the tasks that move (old -> new due), those that stay, the findings. */
function Preview({ launch, result, cal, direction, stale }) {
  const tasks = new Map((launch.tasks || []).map((t) => [t.id, t]));
  // The server may name the new dates; if not, they follow from each task's offset (src/core/date.c).
  const newDue = (ref) => {
    if (ref && typeof ref === "object") return ref.to || ref.due || ref.new_due;
    const t = tasks.get(ref);
    return t && cal ? resolveOffset(t.offset, result.to, cal) : null;
  };
  const idOf = (ref) => (ref && typeof ref === "object" ? ref.id : ref);
  const oldDue = (ref) => (ref && typeof ref === "object" && (ref.from || ref.old_due)) || (tasks.get(idOf(ref)) || {}).due;
  const inconsistent = new Set((result.inconsistent || []).map(idOf));
  const findings = result.findings || result.warnings || [];
  const days = cal ? cal.between(result.from, result.to) : null;
  return html`<div class=${stale ? "stale" : ""}>
    <p class="move-line"><span class="from">${fmtDate(result.from)}</span> <span aria-hidden="true">→</span><span class="visually-hidden">to</span>
      <strong class="to">${fmtDate(result.to)}</strong>
      ${days !== null ? html`<span class=${`shift ${direction}`}>${days > 0 ? "+" : ""}${days} working ${Math.abs(days) === 1 ? "day" : "days"}</span>` : null}</p>
    <h3>Findings after the move</h3>
    ${findings.length === 0 ? html`<p class="ok-text">No rule fires: no freeze, holiday, collision or infeasible plan.</p>` : html`
      <ul class="findings">${findings.map((f) => html`<li class=${`finding sev-${f.severity}-box`}>
        <p><span class=${`sev sev-${f.severity}`}>${f.severity}</span> <span class="rule">${f.rule}</span></p>
        <p class="msg">${f.message}</p>${f.hint ? html`<p class="hint">${f.hint}</p>` : null}</li>`)}</ul>`}
    <h3>${result.moved.length} ${result.moved.length === 1 ? "task moves" : "tasks move"} with launch day</h3>
    ${result.moved.length ? html`<div class="table-wrap"><table class="moves">
      <thead><tr><th scope="col">Task</th><th scope="col">Counted from T</th><th scope="col">Due now</th><th scope="col">Due after</th></tr></thead>
      <tbody>${result.moved.map((m) => {
        const t = tasks.get(idOf(m)) || { title: `#${idOf(m)}` };
        return html`<tr><th scope="row">${t.title}</th><td>${t.offset || "—"}</td><td>${fmtDate(oldDue(m))}</td>
          <td><strong>${fmtDate(newDue(m))}</strong></td></tr>`;
      })}</tbody></table></div>` : null}
    <h3>${(result.fixed || []).length} fixed ${(result.fixed || []).length === 1 ? "date stays" : "dates stay"}</h3>
    ${(result.fixed || []).length ? html`<div class="table-wrap"><table class="moves">
      <thead><tr><th scope="col">Task</th><th scope="col">Due</th><th scope="col">Note</th></tr></thead>
      <tbody>${result.fixed.map((m) => {
        const t = tasks.get(idOf(m)) || { title: `#${idOf(m)}` };
        return html`<tr><th scope="row">${t.title}</th><td>${fmtDate(oldDue(m))}</td>
          <td>${inconsistent.has(idOf(m)) ? html`<span class="sev-warning">now on the other side of launch day</span>` : "stays"}</td></tr>`;
      })}</tbody></table></div>` : html`<p class="muted">No task has a fixed date.</p>`}
    ${result.done_kept ? html`<p class="muted">${result.done_kept} done or skipped ${result.done_kept === 1 ? "task keeps its" : "tasks keep their"} date.</p>` : null}
  </div>`;
}
