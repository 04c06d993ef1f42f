// signin.mjs - sign-in in a real browser (Debian's Chromium, driven by
// playwright-core) against a real `tminus serve`: the form, the session
// cookie the browser keeps and scripts cannot read, a change made with the
// session's CSRF token (and refused without it), a wrong password shown on
// the page, and logout. Ends with the line CI reads: "N passed, M failed".
//
// Run as meson does: TMINUS=path/to/tminus node tests/e2e/signin.mjs
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { browse, serve } from "./serve.mjs";

const TMINUS = process.env.TMINUS || "build/tminus";
const SHOTS = process.env.SCREENSHOTS || tmpdir();
const dir = mkdtempSync(join(tmpdir(), "tminus-e2e-"));
const db = join(dir, "t.db");
const tm = (args, input) => {
  const p = spawnSync(TMINUS, ["--db", db, "--today", "2026-11-22", ...args], { input, encoding: "utf8" });
  if (p.status !== 0) throw new Error(`tminus ${args.join(" ")}: ${p.stderr}`);
  return p.stdout;
};

let passed = 0, failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok: ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL: ${name}\n  ${e.stack || e}`);
  }
}
function assert(cond, what) {
  if (!cond) throw new Error(what);
}

tm(["demo"]);
tm(["user", "add", "ana", "--role", "editor", "--person", "Ana Silva"], "correct horse battery\n");
const { server, base, log } = await serve(TMINUS, db, "2026-11-22");
process.on("exit", () => { if (process.env.E2E_LOG) console.log(log()); });
const browser = await browse(chromium);
const page = await browser.newPage();
const violations = [];
page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });

await check("the start page sends a stranger to the sign-in form", async () => {
  await page.goto(base + "/");
  assert(page.url() === base + "/login", `landed on ${page.url()}`);
  assert(await page.locator("form[action='/login'] button").textContent() === "Sign in", "no sign-in button");
});

await check("a wrong password comes back to the form, saying so", async () => {
  await page.fill("#user", "ana");
  await page.fill("#password", "not the password");
  await Promise.all([page.waitForURL(/\/login\?error=signin$/), page.click("button")]);
  assert((await page.locator("[role=alert]").textContent()).includes("Unknown user or wrong password"), "no alert");
  await page.screenshot({ path: join(SHOTS, "tminus-signin-error.png") });
});

await check("signing in lands on the portfolio with a session the page's scripts cannot read", async () => {
  await page.fill("#user", "ana");
  await page.fill("#password", "correct horse battery");
  await Promise.all([page.waitForURL(base + "/"), page.click("button")]);
  await page.waitForSelector("header .who");
  const who = await page.textContent("header .who");
  assert(who.includes("Ana Silva") && who.includes("editor"), who);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "tminus_session");
  assert(session && session.httpOnly && session.sameSite === "Lax" && session.path === "/", JSON.stringify(cookies));
  assert(!(await page.evaluate(() => document.cookie)).includes("tminus_session"), "scripts can read the cookie");
  await page.screenshot({ path: join(SHOTS, "tminus-start.png") });
});

await check("a change with the session needs its CSRF token", async () => {
  const out = await page.evaluate(async () => {
    const me = await (await fetch("/api/v1/me")).json();
    const body = JSON.stringify({ what: "Ship dark mode first", why: "beta feedback" });
    const without = await fetch("/api/v1/decisions", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const wrong = await fetch("/api/v1/decisions", { method: "POST", body,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": "forged" } });
    const right = await fetch("/api/v1/decisions", { method: "POST", body,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrf } });
    return { user: me.user, without: without.status, wrong: wrong.status, right: right.status, made: await right.json() };
  });
  assert(out.user === "ana", JSON.stringify(out));
  assert(out.without === 403 && out.wrong === 403 && out.right === 201, JSON.stringify(out));
  assert(out.made.who === "ana" && out.made.what === "Ship dark mode first", JSON.stringify(out.made));
  const ledger = JSON.parse(tm(["--json", "decision", "list"]));
  assert(ledger.filter((d) => d.what === "Ship dark mode first").length === 1, "the ledger has it once");
});

await check("the pages keep to their Content-Security-Policy", async () => {
  assert(violations.length === 0, violations.join("\n"));
});

await check("the header's Sign out button ends the session", async () => {
  await page.goto(base + "/");
  await Promise.all([page.waitForURL(base + "/login"), page.click("text=Sign out")]);
  await page.goto(base + "/");
  assert(page.url() === base + "/login", `still signed in: ${page.url()}`);
  const me = await page.evaluate(async () => (await fetch("/api/v1/me")).status);
  assert(me === 401, `the API still knew the session: ${me}`);
});

await browser.close();
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
