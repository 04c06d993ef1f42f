// password.mjs - the first admin's one-time password in a real browser
// (Debian's Chromium, driven by playwright-core) against a real `tminus
// serve` on a new workspace: signing in with it leads to the page where one
// chooses a password, and nowhere else (the start page and the API send it
// back), mistakes are shown on the page, and once a password is chosen the
// browser is on the start page, signed in, under the same strict
// Content-Security-Policy. Ends with the line CI reads: "N passed, M failed".
//
// Run as meson does: TMINUS=path/to/tminus node tests/e2e/password.mjs
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
const { server, base, also } = await serve(TMINUS, db, "2026-11-22", { also: /one-time password: (\S+)/ });
const once = also[1];
const chosen = "violet kettle harbour";

const browser = await browse(chromium);
const page = await browser.newPage();
const violations = [];
page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });

async function signIn(user, password) {
  await page.goto(base + "/login");
  await page.fill("#user", user);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button")]);
}

await check("signing in with the one-time password leads to the page to choose one", async () => {
  await signIn("admin", once);
  assert(page.url() === base + "/password", `landed on ${page.url()}`);
  const text = await page.textContent("main");
  assert(text.includes("one-time password") && text.includes("admin"), text);
  assert(await page.locator("form[action='/api/v1/me/password'] button").textContent() === "Set password",
         "no Set password button");
  await page.screenshot({ path: join(SHOTS, "tminus-password.png") });
});

await check("nothing else opens before a password is chosen", async () => {
  await page.goto(base + "/");
  assert(page.url() === base + "/password", `the start page let it through: ${page.url()}`);
  const out = await page.evaluate(async () => {
    const r = await fetch("/api/v1/launches");
    return { status: r.status, type: r.headers.get("Content-Type"), body: await r.json() };
  });
  assert(out.status === 403 && out.type.startsWith("application/problem+json"), JSON.stringify(out));
  assert(out.body.detail.includes("/api/v1/me/password"), out.body.detail);
});

await check("a wrong current password and a mistyped repetition are shown on the page", async () => {
  await page.fill("#current", "not the password");
  await page.fill("#new", chosen);
  await page.fill("#repeat", chosen);
  await Promise.all([page.waitForURL(/\/password\?error=current$/), page.click("form[action='/api/v1/me/password'] button")]);
  assert((await page.locator("[role=alert]").textContent()).includes("current password is wrong"), "no alert");
  await page.fill("#current", once);
  await page.fill("#new", chosen);
  await page.fill("#repeat", chosen + "!");
  await Promise.all([page.waitForURL(/\/password\?error=repeat$/), page.click("form[action='/api/v1/me/password'] button")]);
  assert((await page.locator("[role=alert]").textContent()).includes("repetition differ"), "no alert");
  await page.screenshot({ path: join(SHOTS, "tminus-password-error.png") });
});

await check("choosing a password lands on the start page, signed in", async () => {
  await page.fill("#current", once);
  await page.fill("#new", chosen);
  await page.fill("#repeat", chosen);
  await Promise.all([page.waitForURL(base + "/"), page.click("form[action='/api/v1/me/password'] button")]);
  await page.waitForSelector("header .who");
  const who = await page.textContent("header .who");
  assert(who.includes("admin"), who);
  const me = await page.evaluate(async () => { const r = await fetch("/api/v1/me"); return [r.status, await r.json()]; });
  assert(me[0] === 200 && me[1].must_change_password === false, JSON.stringify(me));
  await page.screenshot({ path: join(SHOTS, "tminus-start-admin.png") });
});

await check("the one-time password is spent; the chosen one signs in to the start page", async () => {
  await page.click("text=Sign out");
  await signIn("admin", once);
  assert(page.url() === base + "/login?error=signin", `the one-time password still works: ${page.url()}`);
  await signIn("admin", chosen);
  assert(page.url() === base + "/", `landed on ${page.url()}`);
});

await check("every page in an admin's navigation opens", async () => {
  const hrefs = await page.$$eval("header nav a", (as) => as.map((a) => a.getAttribute("href")));
  assert(hrefs.includes("/settings"), `an admin's navigation has no Settings: ${hrefs}`);
  for (const href of hrefs) {
    await page.click(`header nav a[href='${href}']`);
    await page.waitForURL(base + href);
    await page.waitForFunction(() => !document.querySelector("main .loading"));
    assert(!(await page.textContent("main")).includes("could not be loaded"), `${href}: ${await page.textContent("main")}`);
  }
});

await check("the pages keep to their Content-Security-Policy", async () => {
  assert(violations.length === 0, violations.join("\n"));
});

await browser.close();
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
