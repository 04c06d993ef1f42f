// pages/settings.js - the workspace's settings, for admins: people, users
// and roles, API tokens, holidays and freezes, the playbook in force. One
// tab per section, the tab in the address (?tab=tokens) so a link or a
// reload lands on it. Each section is its own module in ../settings/.
import { useRef } from "preact/hooks";
import { isAdmin, me } from "../api.js";
import { setQuery } from "../router.js";
import { html, usePageTitle } from "../ui.js";
import People from "../settings/people.js";
import Users from "../settings/users.js";
import Tokens from "../settings/tokens.js";
import Calendar from "../settings/calendar.js";
import Playbook from "../settings/playbook.js";
import { myName } from "../settings/forms.js";

const TABS = [
  { id: "people", label: "People", view: People, blurb: "Who owns launch work, their role and how many days a week they give to launches." },
  { id: "users", label: "Users and roles", view: Users, blurb: "Who can sign in, and what they may do." },
  { id: "tokens", label: "API tokens", view: Tokens, blurb: "Bearer tokens for scripts and integrations." },
  { id: "calendar", label: "Holidays and freezes", view: Calendar, blurb: "Days off move due dates; freezes are windows no launch should land in." },
  { id: "playbook", label: "Playbook", view: Playbook, blurb: "The tiers and the tasks each brings to a new launch." },
];

export default function Settings({ query }) {
  usePageTitle("Settings");
  const list = useRef(null);
  if (!isAdmin()) {
    return html`<div class="page-head"><h1>Settings</h1></div>
      <div class="note admins-only" role="note">
        <strong>Settings are for admins only.</strong>
        <p>You are signed in as ${myName()} (${me.value.role}). People, users, tokens, holidays, freezes and the
          playbook are changed by an admin of this workspace: ask one if something here needs to change.</p>
        <p><a href="/">Back to the portfolio</a></p>
      </div>`;
  }
  const current = TABS.find((t) => t.id === query.get("tab")) || TABS[0];
  const choose = (t) => setQuery({ tab: t.id === TABS[0].id ? null : t.id });
  // Arrow keys, Home and End move between tabs (the WAI-ARIA tabs pattern).
  const onKey = (e) => {
    const i = TABS.indexOf(current);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const t = TABS[(to + TABS.length) % TABS.length];
    choose(t);
    requestAnimationFrame(() => list.current && list.current.querySelector(`#tab-${t.id}`).focus());
  };
  const View = current.view;
  return html`<div class="settings">
    <div class="page-head"><div><h1>Settings</h1><p class="sub">The workspace: its people, who signs in, and how launches are planned.</p></div></div>
    <div role="tablist" aria-label="Settings sections" ref=${list} onKeyDown=${onKey}>
      ${TABS.map((t) => html`<button type="button" role="tab" id=${`tab-${t.id}`} aria-controls="settings-panel"
        aria-selected=${t === current ? "true" : "false"} tabindex=${t === current ? 0 : -1}
        onClick=${() => choose(t)}>${t.label}</button>`)}
    </div>
    <section id="settings-panel" role="tabpanel" aria-labelledby=${`tab-${current.id}`} class="settings-panel">
      <p class="sub panel-blurb">${current.blurb}</p>
      <${View} key=${current.id} />
    </section>
  </div>`;
}
