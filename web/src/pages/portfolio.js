// pages/portfolio.js - placeholder until the page is written.
import { html } from "../ui.js";
export default function Page() {
  return html`<h1>portfolio</h1>`;
}
