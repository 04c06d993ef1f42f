// router.js - the address bar is the state: pages are found by path, links
// are plain <a href> (middle-click and copy work), and a click on one is
// handled here without a page load.
import { signal } from "@preact/signals";

/** The current location: { path, query: URLSearchParams }. */
export const here = signal(read());

function read() {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Goes to a path of the UI (pushes history unless replace). */
export function navigate(to, replace = false) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  here.value = read();
  window.scrollTo(0, 0);
}

/** Replaces the query string without a new history entry (filters, tabs). */
export function setQuery(params) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "" || v === false) q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  history.replaceState(null, "", location.pathname + (s ? `?${s}` : ""));
  here.value = read();
}

addEventListener("popstate", () => (here.value = read()));

document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest("a[href]");
  if (!a || a.target || a.hasAttribute("download") || a.getAttribute("href").startsWith("#")) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !isPage(url.pathname)) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

const routes = [];
/** Registers a page: pattern like "/launches/:launch", load returning the module (a dynamic import). */
export function route(pattern, load, title) {
  const names = [];
  const re = new RegExp(
    "^" + pattern.replace(/:([a-z]+)/g, (_, n) => (names.push(n), "([^/]+)")) + "/?$",
  );
  routes.push({ re, names, load, title });
}

/** The route a path matches, with its parameters, or null. */
export function match(path) {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      const params = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { ...r, params };
    }
  }
  return null;
}

function isPage(path) {
  return !path.startsWith("/api/") && !path.startsWith("/feeds/") && path !== "/login" && path !== "/password" &&
    match(path) !== null;
}
