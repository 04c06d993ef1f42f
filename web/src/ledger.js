// ledger.js - what the decision ledger and the glossary share: the two
// links between them (the navigation names one entry, Decisions, for both).
import { html } from "./ui.js";

export function LedgerNav({ here }) {
  return html`<nav class="ledger-nav" aria-label="Decisions and glossary">
    <ul>
      <li><a href="/decisions" aria-current=${here === "decisions" ? "page" : undefined}>Decision ledger</a></li>
      <li><a href="/glossary" aria-current=${here === "glossary" ? "page" : undefined}>Glossary and personas</a></li>
    </ul>
  </nav>`;
}
