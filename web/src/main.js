// main.js - the shell of the web UI: who is signed in, the navigation, the
// live region, and the router that loads each page's own bundle the first
// time it is visited (esbuild splits them out of this one).
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { computed } from "@preact/signals";
import { loadMe, me, isAdmin, canEdit, ApiError } from "./api.js";
import { here, match, route } from "./router.js";
import { html, notice, ErrorBox, Loading } from "./ui.js";
import "./style.css";

route("/", () => import("./pages/portfolio.js"), "Portfolio");
route("/launches", () => import("./pages/portfolio.js"), "Portfolio");
route("/launches/new", () => import("./pages/new_launch.js"), "New launch");
route("/launches/:launch", () => import("./pages/launch.js"), "Launch");
route("/launches/:launch/delay", () => import("./pages/delay.js"), "Delay");
route("/launches/:launch/import", () => import("./pages/import.js"), "Import tasks");
route("/dashboard", () => import("./pages/dashboard.js"), "Dashboard");
route("/backlog", () => import("./pages/backlog.js"), "Backlog");
route("/experiments", () => import("./pages/experiments.js"), "Experiments");
route("/experiments/:experiment", () => import("./pages/experiment.js"), "Experiment");
route("/roadmap", () => import("./pages/roadmap.js"), "Roadmap");
route("/glossary", () => import("./pages/glossary.js"), "Glossary");
route("/decisions", () => import("./pages/decisions.js"), "Decisions");
route("/my", () => import("./pages/my_work.js"), "My work");
route("/people", () => import("./pages/people.js"), "People and load");
route("/settings", () => import("./pages/settings.js"), "Settings");

const NAV = [
  { href: "/", label: "Portfolio", active: (p) => p === "/" || (p.startsWith("/launches") && p !== "/launches/new") },
  { href: "/dashboard", label: "Dashboard", active: (p) => p === "/dashboard" },
  { href: "/roadmap", label: "Roadmap", active: (p) => p === "/roadmap" },
  { href: "/backlog", label: "Backlog", active: (p) => p === "/backlog" },
  { href: "/experiments", label: "Experiments", active: (p) => p.startsWith("/experiments") },
  { href: "/decisions", label: "Decisions", active: (p) => p === "/decisions" || p === "/glossary" },
  { href: "/my", label: "My work", active: (p) => p === "/my" },
  { href: "/people", label: "People", active: (p) => p === "/people" },
  { href: "/settings", label: "Settings", active: (p) => p === "/settings", admin: true },
];

function Header() {
  const p = here.value.path;
  const [open, setOpen] = useState(false);
  const user = me.value;
  return html`<header class="top">
    <a class="skip" href="#main">Skip to content</a>
    <a class="brand" href="/" aria-label="tminus, the portfolio">t<span>minus</span></a>
    <button type="button" class="menu-toggle" aria-expanded=${open} aria-controls="nav" onClick=${() => setOpen(!open)}>Menu</button>
    <nav id="nav" class=${open ? "open" : ""} aria-label="Main">
      <ul>
        ${NAV.filter((n) => !n.admin || isAdmin()).map((n) => html`<li>
          <a href=${n.href} aria-current=${n.active(p) ? "page" : undefined} onClick=${() => setOpen(false)}>${n.label}</a>
        </li>`)}
      </ul>
      ${canEdit() ? html`<a class="button new" href="/launches/new" onClick=${() => setOpen(false)}>New launch</a>` : null}
      <form method="post" action="/logout" class="who">
        <span>${user.person || user.user} <span class="role">${user.role}</span></span>
        <input type="hidden" name="csrf" value=${user.csrf || ""} />
        <button type="submit" class="link">Sign out</button>
      </form>
    </nav>
  </header>`;
}

const cache = new Map();
function Page() {
  const path = here.value.path;
  const m = match(path);
  // The module loaded for a route; rendered only while that route is the current one, so a page
  // never renders, even once, with another route's parameters.
  const [loaded, setLoaded] = useState(() => (m && cache.has(m.load) ? { load: m.load, mod: cache.get(m.load) } : null));
  const [error, setError] = useState(null);
  const main = useRef(null);
  const first = useRef(true);
  useEffect(() => {
    setError(null);
    if (!m) return;
    if (cache.has(m.load)) {
      setLoaded({ load: m.load, mod: cache.get(m.load) });
      return;
    }
    m.load().then((x) => {
      cache.set(m.load, x);
      setLoaded({ load: m.load, mod: x });
    }, (e) => setError(new ApiError(0, { title: "This page could not be loaded", detail: String(e.message || e) })));
  }, [m && m.load]);
  useEffect(() => {
    if (m) document.title = `${m.title} · tminus`;
    // Moving to another page moves focus to its main region (not on the first load).
    if (!first.current && main.current) main.current.focus({ preventScroll: true });
    first.current = false;
  }, [path]);
  const mod = m && (cache.get(m.load) || (loaded && loaded.load === m.load ? loaded.mod : null));
  let body;
  if (!m) body = html`<h1>Not found</h1><p>No page of tminus is at <code>${path}</code>. <a href="/">The portfolio</a> lists every launch.</p>`;
  else if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!mod) body = html`<${Loading} what=${m.title.toLowerCase()} />`;
  else body = html`<${mod.default} params=${m.params} query=${here.value.query} />`;
  return html`<main id="main" tabindex="-1" ref=${main}>${body}</main>`;
}

const live = computed(() => notice.value);
function Live() {
  const n = live.value;
  return html`<div class=${`toast ${n ? `show ${n.kind}` : ""}`} role="status" aria-live="polite">${n ? n.text : ""}</div>`;
}

function App() {
  return html`<${Header} /><${Page} /><${Live} />`;
}

async function start() {
  const root = document.getElementById("app");
  // The page's own script loads while /me answers, not after.
  const first = match(location.pathname);
  if (first) first.load().then((x) => cache.set(first.load, x), () => {});
  try {
    const user = await loadMe();
    if (user.must_change_password) {
      location.assign("/password");
      return;
    }
  } catch (e) {
    if (e.status === 401) return; /* request() went to /login */
    root.textContent = "";
    render(html`<main id="main"><${ErrorBox} error=${e} /></main>`, root);
    return;
  }
  root.textContent = "";
  render(html`<${App} />`, root);
}

start();
