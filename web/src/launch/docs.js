// launch/docs.js - every document tminus writes for a launch (the kinds are
// the OpenAPI document's DocKind enum, so a new kind appears here by itself),
// previewed as formatted text, with Copy (the Markdown) and Download (.md);
// then the post-launch reviews, one per stage (launch/reviews.js).
import { request, schema } from "../api.js";
import { setQuery } from "../router.js";
import { html, useLoad, ErrorBox, Loading, CopyButton, download } from "../ui.js";
import { Rendered } from "./brief.js";
import { Reviews } from "./reviews.js";

/** What each kind is for, in a product marketer's words. */
export const DOC_NAMES = {
  checklist: ["Checklist", "every task by section, with owners and dates"],
  bom: ["Bill of materials", "each deliverable, its owner, reviewers and what it waits for"],
  kickoff: ["Kickoff agenda", "the launch kickoff: scope, owners, milestones"],
  enablement: ["Sales enablement", "the enablement session's agenda and material"],
  "comms-plan": ["Communication plan", "who hears about the launch, how and when"],
  "delay-internal": ["Delay: internal", "the message to stakeholders after a delay"],
  "delay-external": ["Delay: customers", "the message to customers after a delay"],
  "post-launch": ["Post-launch", "monitoring, feedback and metrics after launch day"],
  "go-no-go": ["Go / no-go", "the readiness review before launch day"],
  digest: ["Digest", "a short status for the team"],
  review: ["Post-launch reviews", "day 1 to quarter: metrics, open work, decisions, questions"],
};
export const docName = (k) => (DOC_NAMES[k] ? DOC_NAMES[k][0] : k);

/** GET …/docs/{kind}?format=html -> {kind, markdown, html}; a server without it answers the Markdown alone. */
export async function loadDoc(slug, kind) {
  const r = await request("GET", `/launches/${encodeURIComponent(slug)}/docs/${encodeURIComponent(kind)}`,
    { query: { format: "html" } });
  return typeof r.data === "string" ? { kind, markdown: r.data } : r.data;
}

export function Documents({ launch, query }) {
  const [kinds, kindsError] = useLoad(() => schema("DocKind").then((s) => s.enum), "DocKind");
  if (kindsError && !kinds) return html`<${ErrorBox} error=${kindsError} />`;
  if (!kinds) return html`<${Loading} what="the documents" />`;
  const kind = kinds.includes(query.get("doc")) || query.get("doc") === "review" ? query.get("doc") : kinds[0];
  const link = (k) => html`<li><a href=${`?tab=docs&doc=${k}`} aria-current=${k === kind ? "page" : undefined}
      onClick=${(e) => { e.preventDefault(); setQuery({ doc: k, stage: null }); }}>
      <span class="doc-name">${docName(k)}</span>
      ${DOC_NAMES[k] ? html`<span class="doc-what">${DOC_NAMES[k][1]}</span>` : null}</a></li>`;
  return html`<div class="docs">
    <div class="doc-navs">
      <nav class="doc-list" aria-label="Documents"><ul>${kinds.filter((k) => k !== "review").map(link)}</ul></nav>
      <nav class="doc-reviews" aria-label="After launch day"><ul>${link("review")}</ul></nav>
    </div>
    ${kind === "review" ? html`<${Reviews} launch=${launch} query=${query} />` : html`<${Doc} key=${kind} launch=${launch} kind=${kind} />`}
  </div>`;
}

/** One document, formatted, with Copy and Download. */
export function Doc({ launch, kind, heading = true }) {
  const [doc, error] = useLoad(() => loadDoc(launch.slug, kind), `${launch.slug}/${kind}/${launch.version}`);
  return html`<article class="card doc" aria-labelledby=${`doc-${kind}`}>
    <div class="doc-bar">
      ${heading ? html`<h3 id=${`doc-${kind}`}>${docName(kind)}</h3>` : html`<h3 id=${`doc-${kind}`} class="visually-hidden">${docName(kind)}</h3>`}
      ${doc ? html`<div class="actions">
        <${CopyButton} text=${doc.markdown} label=${`Copy${heading ? "" : ` ${docName(kind).toLowerCase()}`}`} />
        <button type="button" class="secondary" onClick=${() => download(`${launch.slug}-${kind}.md`, doc.markdown)}>Download .md</button>
      </div>` : null}
    </div>
    ${error ? html`<${ErrorBox} error=${error} />` : !doc ? html`<${Loading} what=${docName(kind)} />`
      : html`<${Rendered} html=${doc.html} markdown=${doc.markdown} />`}
  </article>`;
}
