// pages/new_launch.js - placeholder until the page is written.
import { html } from "../ui.js";
export default function Page() {
  return html`<h1>new_launch</h1>`;
}
