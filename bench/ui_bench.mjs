// ui_bench.mjs - the web UI's figures, in Debian's headless Chromium against
// a release build of `tminus serve` on loopback (warm: each page is opened
// once before it is measured):
//   * the JavaScript the first page (the portfolio) loads, gzip as sent;
//   * the launch room of a 60-task launch: from navigation to the checklist
//     rendered and its boxes enabled (median and slowest of RUNS);
//   * the portfolio over the 10,000-launch workspace: from navigation to a
//     quarter's calendar showing its launches, and what the page asked the API
//     (only the visible range);
//   * each page's own bundle loading on its first visit.
// Prints a table against the goals; a missed goal is reported, not a
// failure. Usage: node bench/ui_bench.mjs PATH/TO/tminus [--launches N]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = await import(pathToFileURL(join(root, "tests/e2e/node_modules/playwright-core/index.mjs")));
const { browse, serve } = await import(pathToFileURL(join(root, "tests/e2e/serve.mjs")));
const TMINUS = process.argv[2] || "build-bench/tminus";
const LAUNCHES = Number((process.argv.indexOf("--launches") > 0 && process.argv[process.argv.indexOf("--launches") + 1]) || 10000);
const RUNS = 15;
const TODAY = "2026-11-22";
const PASSWORD = "bench password not secret";

const dir = mkdtempSync(join(tmpdir(), "tminus-uibench-"));
const db = join(dir, "b.db");
const tm = (args, input) => {
  const p = spawnSync(TMINUS, ["--db", db, "--today", TODAY, ...args], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (p.status !== 0) throw new Error(`tminus ${args.join(" ")}: ${p.stderr}`);
  return p.stdout;
};

process.stderr.write(`ui bench: a workspace of ${LAUNCHES} launches…\n`);
tm(["demo", "--launches", String(LAUNCHES)]);
tm(["user", "add", "ana", "--role", "editor", "--person", "Ana Silva"], PASSWORD + "\n");
// A 60-task launch: a Tier 1 launch's playbook tasks, and added tasks up to 60.
const big = JSON.parse(tm(["--json", "launch", "add", "Sixty tasks", "--date", "2027-02-17", "--tier", "1",
                           "--pm", "Ana Silva"]));
let n = big.tasks.length;
for (let i = 1; n < 60; i++, n++)
  tm(["task", "add", big.slug, `Extra work ${i}`, "--due", "T-2w", "--owner", "Ana Silva", "--days", "2"]);
const tasks = JSON.parse(tm(["--json", "task", "list", big.slug])).length;

const { server, base } = await serve(TMINUS, db, TODAY);
process.on("exit", () => server.kill("SIGTERM"));  /* also when a step fails */
const browser = await browse(chromium);
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
await page.goto(base + "/login");
await page.fill("#user", "ana");
await page.fill("#password", PASSWORD);

// The first page's JavaScript, as sent (gzip), counted at sign-in's landing on the portfolio.
const scripts = new Map();
page.on("response", async (r) => {
  const url = new URL(r.url());
  if (url.pathname.startsWith("/assets/") && url.pathname.endsWith(".js"))
    scripts.set(url.pathname, Number((await r.allHeaders())["content-length"] || 0));
});
await Promise.all([page.waitForURL(base + "/"), page.click("button[type=submit]")]);
await page.waitForFunction(() => document.querySelector("main h1") && !document.querySelector("main .loading"));
const firstJs = [...scripts.values()].reduce((a, b) => a + b, 0);
const firstFiles = [...scripts.keys()].map((p) => p.replace("/assets/", "")).join(", ");

/** Waits until the page has nothing more coming (readiness scores, conflicts): each measured navigation
 * starts on a server with no work left over from the one before (a warm server, not a busy one). */
async function idle() {
  await page.waitForFunction(() => !document.querySelector("main .loading, main .pending"), null,
                             { timeout: 120000, polling: 100 }).catch(() => {});
  await page.waitForLoadState("networkidle").catch(() => {});
}

/** Milliseconds from navigation start until ready() holds in the page, which answers the page's
 * performance.now() when it does (the time is taken there, in the first frame where it holds, not after
 * a round trip back to this script); median and max of RUNS. */
async function timed(path, ready, arg) {
  const times = [];
  await page.goto(base + path);  /* warm: the server's cache, the browser's */
  await page.waitForFunction(ready, arg, { timeout: 30000 });
  for (let i = 0; i < RUNS; i++) {
    await idle();
    await page.goto(base + path);
    // The time is taken in the page, in the first frame where ready() holds (not after a round trip
    // back to this script).
    const t = await page.waitForFunction(ready, arg, { timeout: 30000, polling: "raf" }).then((h) => h.jsonValue());
    times.push(t);
  }
  await idle();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

// The launch room: the checklist's boxes, one per task, enabled.
const room = await timed(`/launches/${big.slug}`, (want) =>
  document.querySelectorAll("main input[type=checkbox]:not([disabled])").length >= want &&
  !document.querySelector("main .loading") && performance.now(), tasks);

// The portfolio's quarter: its month grids with launches in them; the API calls it made.
const asked = [];
page.on("request", (r) => { if (r.url().includes("/api/v1/")) asked.push(new URL(r.url())); });
const quarter = await timed("/?span=quarter&at=2027-01", () =>
  !document.querySelector("main .loading") && document.querySelectorAll("main a[href^='/launches/']").length > 0 &&
  performance.now());
const ranges = asked.filter((u) => u.pathname === "/api/v1/launches" || u.pathname === "/api/v1/calendar")
  .map((u) => `${u.pathname.replace("/api/v1", "")}?from=${u.searchParams.get("from")}&to=${u.searchParams.get("to")}`);
const unbounded = asked.filter((u) => u.pathname === "/api/v1/launches" && !(u.searchParams.get("from") && u.searchParams.get("to")));

// Each page's own bundle, loaded on its first visit only.
const pageBundles = [];
for (const path of ["/my", "/people", "/launches/new", `/launches/${big.slug}/delay`]) {
  const before = new Set(scripts.keys());
  await idle();
  await page.goto(base + "/");
  await page.waitForFunction(() => document.querySelector("main h1"));
  await page.click(`a[href='${path}']`).catch(() => page.evaluate((p) => { history.pushState(null, "", p); dispatchEvent(new PopStateEvent("popstate")); }, path));
  await page.waitForFunction(() => document.querySelector("main h1") && !document.querySelector("main .loading"),
                            null, { timeout: 60000 });
  await page.waitForLoadState("networkidle").catch(() => {});  /* the response handlers have run */
  pageBundles.push(`${path}: ${[...scripts.keys()].filter((k) => !before.has(k)).map((k) => k.replace("/assets/", "")).join(", ") || "(loaded before)"}`);
}

await browser.close();
server.kill("SIGTERM");
rmSync(dir, { recursive: true, force: true });

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (t) => `${Math.round(t)} ms`;
const row = (a, b, c, ok) => console.log(`| ${a} | ${b} | ${c} | ${ok ? "met" : "MISSED"} |`);
console.log(`| figure | measured | goal | |`);
console.log(`| --- | ---: | --- | --- |`);
row("JavaScript of the first page (gzip as sent)", kb(firstJs), "under 60 KB", firstJs < 60 * 1024);
row(`launch room of a ${tasks}-task launch, navigation to checklist ready`, `${ms(room.median)} (slowest ${ms(room.max)})`, "under 300 ms", room.median < 300);
row(`portfolio quarter over ${LAUNCHES} launches`, `${ms(quarter.median)} (slowest ${ms(quarter.max)})`, "under 500 ms", quarter.median < 500);
row("portfolio asks only the visible range", unbounded.length ? `${unbounded.length} unbounded requests` : [...new Set(ranges)].join("; "), "from and to on every list", unbounded.length === 0);
console.log(`\nfirst page's scripts: ${firstFiles}`);
console.log("bundles loaded on first visit:\n  " + pageBundles.join("\n  "));
