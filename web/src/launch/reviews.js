// launch/reviews.js - the post-launch reviews among the launch's documents:
// a stage picker (Day 1 … Quarter, in the address as ?stage=; the stages, their
// days and the current one from GET /launches/{id}/reviews), the review
// document of that stage (GET /launches/{id}/reviews/{stage} gives its
// Markdown; the server's Markdown preview, POST /markdown, formats it as the
// other documents are formatted), Copy and Download, whether and when it was
// held, and for editors a form recording that it was held, with its notes
// (POST the same path {"notes"}; refused before launch day, said by the field).
import { useRef, useState } from "preact/hooks";
import { request, canEdit } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, fmtDate, announce, ErrorBox, Loading, CopyButton, download } from "../ui.js";
import { Rendered } from "./brief.js";

/** The review of a stage with its formatted HTML: { …review, html }. */
async function loadReview(slug, stage) {
  const r = await request("GET", `/launches/${encodeURIComponent(slug)}/reviews/${stage}`);
  const review = r.data;
  try {
    const p = await request("POST", "/markdown", { body: review.markdown || "", type: "text/markdown; charset=utf-8" });
    return { ...review, html: p.data.html };
  } catch {
    return review; /* shown as its Markdown */
  }
}

export function Reviews({ launch, query }) {
  // The stages, the day each falls on and the current one come from the server (GET
  // /launches/{l}/reviews), which counts the days as the command line does.
  const [stages, stagesError, reloadStages] = useLoad(
    () => request("GET", `/launches/${encodeURIComponent(launch.slug)}/reviews`).then((r) => r.data),
    `${launch.slug}/${launch.date}/${launch.version}`);
  if (!stages) {
    return html`<article class="card doc review" aria-label="Post-launch review">${stagesError
      ? html`<${ErrorBox} error=${stagesError} onRetry=${reloadStages} />` : html`<${Loading} what="the review stages" />`}</article>`;
  }
  return html`<${Review} launch=${launch} query=${query} stages=${stages} onHeld=${reloadStages} />`;
}

function Review({ launch, query, stages, onHeld }) {
  const list = stages.stages;
  const stage = list.some((s) => s.stage === query.get("stage")) ? query.get("stage") : stages.current;
  const [review, error, reload] = useLoad(() => loadReview(launch.slug, stage), `${launch.slug}/${stage}/${launch.version}`);
  const label = list.find((s) => s.stage === stage).label;
  const shown = review && review.stage === stage ? review : null;
  return html`<article class="card doc review" aria-labelledby="review-h">
    <div class="doc-bar">
      <h3 id="review-h">Post-launch review: ${label}</h3>
      ${shown ? html`<div class="actions">
        <${CopyButton} text=${shown.markdown} />
        <button type="button" class="secondary" onClick=${() => download(`${launch.slug}-review-${stage}.md`, shown.markdown)}>Download .md</button>
      </div>` : null}
    </div>
    <nav class="stages" aria-label="Review stages">
      <ul>${list.map((s) => html`<li><a href=${`?tab=docs&doc=review&stage=${s.stage}`} aria-current=${s.stage === stage ? "page" : undefined}
        onClick=${(e) => { e.preventDefault(); setQuery({ stage: s.stage }); }}>${s.label}
        <span class="stage-day">${fmtDate(s.on, false)}</span>${s.held ? html`<span class="visually-hidden"> (held)</span>` : null}</a></li>`)}</ul>
    </nav>
    ${error && !shown ? html`<${ErrorBox} error=${error} onRetry=${reload} />` : !shown ? html`<${Loading} what="the review" />` : html`
      <p class=${`held ${shown.held ? "yes" : "no"}`}>${shown.held
        ? html`<strong>Held</strong> on ${fmtDate(shown.held_on)}${shown.by ? ` by ${shown.by}` : ""}.`
        : html`Not held yet (due ${fmtDate(shown.on)}).`}</p>
      <${Rendered} html=${shown.html} markdown=${shown.markdown} />
      ${canEdit() ? html`<${RecordReview} key=${stage} launch=${launch} review=${shown} onDone=${() => { reload(); onHeld(); }} />` : null}`}
  </article>`;
}

/** "Record review": the notes (Markdown) and a button; held again, the record is replaced. */
function RecordReview({ launch, review, onDone }) {
  const [notes, setNotes] = useState(review.notes || "");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const area = useRef(null);
  const onField = error && error.field === "notes";
  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request("POST", `/launches/${encodeURIComponent(launch.slug)}/reviews/${review.stage}`, { body: { notes } });
      announce(`${review.label} review recorded`);
      onDone();
    } catch (err) {
      setError(err);
      announce(`Not recorded: ${err.message}`, "error");
      requestAnimationFrame(() => area.current && area.current.focus());
    } finally {
      setBusy(false);
    }
  }
  return html`<form class="record-review" onSubmit=${send}>
    <h4>${review.held ? "Record it again" : "Record the review"}</h4>
    <div class="field">
      <label for="review-notes">Notes of the ${review.label.toLowerCase()} review (Markdown)</label>
      <textarea id="review-notes" ref=${area} name="notes" value=${notes} onInput=${(e) => setNotes(e.target.value)}
        aria-invalid=${onField ? "true" : undefined} aria-describedby=${onField ? "review-notes-err" : "review-notes-hint"}></textarea>
      <span class="hint" id="review-notes-hint">What was found and decided. Recording it ticks the stage's post-launch task.</span>
      ${onField ? html`<span class="field-error" id="review-notes-err">${error.message}</span>` : null}
    </div>
    ${error && !onField ? html`<${ErrorBox} error=${error} />` : null}
    <button type="submit" disabled=${busy}>${busy ? "Recording…" : "Record review"}</button>
  </form>`;
}
