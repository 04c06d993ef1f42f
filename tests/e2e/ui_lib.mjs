// ui_lib.mjs - what the web UI's browser tests share: a real `tminus serve`
// on loopback over a demo workspace with an admin, an editor and a viewer;
// Debian's Chromium driven by playwright-core; sign-in through the real
// form; a watch on every page for console errors, uncaught exceptions and
// Content-Security-Policy violations; axe-core's accessibility check;
// screenshots at 1440x900 and 390x844 (with a check that the phone-sized
// window never scrolls sideways); and the "N passed, M failed" line CI reads.
//
// A test script: const t = await start(); const page = await t.page("editor");
// await t.check("…", async () => { … }); await t.done();
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { browse, serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const TMINUS = process.env.TMINUS || "build/tminus";
export const SHOTS = process.env.SCREENSHOTS || join(tmpdir(), "tminus-screenshots");
export const TODAY = "2026-11-22";
export const PASSWORDS = { admin: "admin password 1", editor: "correct horse battery", viewer: "viewer password 1" };
/** The users of every test workspace: name, role, the person they are. */
export const USERS = {
  admin: { name: "root", role: "admin", person: null },
  editor: { name: "ana", role: "editor", person: "Ana Silva" },
  viewer: { name: "vic", role: "viewer", person: "Ben Okafor" },
};
const axeSource = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

export function assert(cond, what) {
  if (!cond) throw new Error(typeof what === "function" ? what() : what);
}

/**
 * Asserts that focus reaches the element the CSS selector sel matches. The
 * pages move focus in a requestAnimationFrame after they render, so this
 * waits for it (up to 5 s) instead of reading it once; on failure it says
 * where focus is instead.
 */
export async function focused(page, sel, what) {
  try {
    await page.waitForFunction((s) => document.activeElement?.matches(s), sel, { timeout: 5000 });
  } catch {
    const at = await page.evaluate(() => {
      const e = document.activeElement;
      return e ? `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.name ? `[name=${e.name}]` : ""}` : "nothing";
    });
    throw new Error(`${what} (focus is on ${at})`);
  }
}

/**
 * Starts a workspace and its server. opts.demo: the demo's arguments (default: the demo
 * workspace); opts.setup(tm): more set-up before serving.
 */
export async function start(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tminus-ui-"));
  const db = join(dir, "t.db");
  mkdirSync(SHOTS, { recursive: true });
  const tm = (args, input) => {
    const p = spawnSync(TMINUS, ["--db", db, "--today", TODAY, ...args], { input, encoding: "utf8" });
    if (p.status !== 0) throw new Error(`tminus ${args.join(" ")}: ${p.stderr}`);
    return p.stdout;
  };
  const json = (args) => JSON.parse(tm(["--json", ...args]));
  tm(["demo", ...(opts.demo || [])]);
  for (const [key, u] of Object.entries(USERS))
    tm(["user", "add", u.name, "--role", u.role, ...(u.person ? ["--person", u.person] : [])], PASSWORDS[key] + "\n");
  if (opts.setup) opts.setup(tm);
  const { server, base, log } = await serve(TMINUS, db, TODAY, { threads: 4 });
  const browser = await browse(chromium);
  let passed = 0, failed = 0;
  const problems = [];   /* console errors, exceptions and CSP violations of every page */
  let allowed = null;    /* the failed loads a check expects (a 412 it provokes), or null */
  const pages = [];

  const t = {
    base, db, dir, tm, json, browser,

    /** A signed-in page for a role (admin, editor, viewer), at 1440x900 unless viewport says. */
    async page(role, viewport = { width: 1440, height: 900 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      watch(page, role);
      await page.goto(base + "/login");
      await page.fill("#user", USERS[role].name);
      await page.fill("#password", PASSWORDS[role]);
      await Promise.all([page.waitForURL(base + "/"), page.click("button[type=submit]")]);
      await page.waitForSelector("main#main");
      pages.push(page);
      return page;
    },

    /** The API with a role's bearer token: { status, etag, body }. */
    async api(role, method, path, body, headers = {}) {
      t.tokens = t.tokens || {};
      if (!t.tokens[role])
        t.tokens[role] = json(["token", "create", "--user", USERS[role].name, "--name", "test", "--scope",
                               role === "viewer" ? "read" : "write"]).token;
      const r = await fetch(base + "/api/v1" + path, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { Authorization: `Bearer ${t.tokens[role]}`, "Content-Type": "application/json", ...headers },
      });
      const text = await r.text();
      let parsed = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: r.status, etag: r.headers.get("ETag"), body: parsed };
    },

    /** Navigates within the UI and waits until nothing is loading. */
    async go(page, path) {
      await page.goto(base + path);
      await t.settled(page);
    },

    /** Waits until the page shows no "Loading…" line. */
    async settled(page) {
      await page.waitForSelector("main");
      await page.waitForFunction(() => !document.querySelector(".loading, .boot"), null, { timeout: 15000 });
    },

    /**
     * The page's accessibility (axe-core: no serious or critical violation), then its
     * screenshots as NAME-1440.png and NAME-390.png; at 390x844 the page must not scroll
     * sideways. The page is left at 1440x900.
     */
    async audit(page, name) {
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert(bad.length === 0, () => `${name}: axe finds ` + bad.map((v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`).join("; "));
      await page.screenshot({ path: join(SHOTS, `${name}-1440.png`) });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(150);
      const wide = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      await page.screenshot({ path: join(SHOTS, `${name}-390.png`) });
      await page.setViewportSize({ width: 1440, height: 900 });
      assert(wide[0] <= wide[1], `${name}: at 390x844 the page is ${wide[0]}px wide and scrolls sideways`);
    },

    /**
     * Runs fn while the browser's "Failed to load resource … status of NNN" lines matching
     * pattern are expected (Chromium logs every 4xx answer to fetch as a console error).
     */
    async allowing(pattern, fn) {
      allowed = pattern;
      try {
        return await fn();
      } finally {
        allowed = null;
      }
    },

    /** One named check; a failure is counted and printed, and the script goes on. */
    async check(name, fn) {
      const before = problems.length;
      try {
        await fn();
        assert(problems.length === before, () => "the browser reported: " + problems.slice(before).join("\n  "));
        passed++;
        console.log(`ok: ${name}`);
      } catch (e) {
        failed++;
        console.log(`FAIL: ${name}\n  ${e.stack || e}`);
      }
    },

    /** Stops everything and prints the summary; the exit status says whether all passed. */
    async done() {
      await browser.close();
      server.kill("SIGTERM");
      await new Promise((r) => server.on("exit", r));
      if (process.env.E2E_LOG) console.log(log());
      rmSync(dir, { recursive: true, force: true });
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };

  function watch(page, role) {
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      if (allowed && /^Failed to load resource/.test(m.text()) && allowed.test(m.text())) return;
      problems.push(`[${role}] console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`[${role}] uncaught: ${e.message}`));
    // A CSP violation is reported as a console error as well; the event is the surer sign.
    page.on("domcontentloaded", () => page.evaluate(() => {
      if (window.__cspWatch) return;
      window.__cspWatch = true;
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`));
    }).catch(() => {}));
  }
  return t;
}
