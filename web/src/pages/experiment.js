// pages/experiment.js - placeholder: filled in by issue 14.
import { html } from "../ui.js";

export default function Page() {
  return html`<h1>Not built yet</h1>`;
}
