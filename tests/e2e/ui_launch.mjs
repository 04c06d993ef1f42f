// ui_launch.mjs - the launch room and the delay page in a real browser: the
// countdown and readiness; a 60-task launch's checklist is usable (one tick
// box per task) as soon as the launch answers, with everything else asked for
// at the same time; ticking tasks changes the score; an owner and a due date
// saved from one field; a change made meanwhile through the API shows as a
// conflict (412) and is not overwritten; the Gantt has a bar for every open
// task with the critical ones marked, and says why a task is critical in the
// API's own words; the brief is previewed by the server, edited and saved,
// and an Overview that differs from the launch is applied only with a reason;
// every document kind is listed and task lists read as done / to do; a delay's
// preview is the API's dry run (the tasks with their new dates, the fixed
// dates kept, the rules it makes fire) and saves nothing; confirming moves the
// launch, gives both messages and a baseline drawn as ghost bars; a viewer can
// change nothing. No console error or CSP violation on the way (ui_lib
// watches), axe-core on each view, screenshots at both sizes. Nothing here is
// skipped: every route it uses is in the API.
import { start, assert, focused, TODAY } from "./ui_lib.mjs";

/**
 * The demo workspace plus what the checks need: a holiday before the launches the checks use
 * (the countdown and a delay's shift count working days without it), a freeze no launch is in
 * yet, two fixed-date tasks, a 60-task launch.
 */
const HOLIDAY = "2026-12-01";
const FREEZE = { from: "2026-12-07", to: "2026-12-11", name: "Payments freeze" };
const SIXTY = "sixty-tasks";
const t = await start({
  setup(tm) {
    tm(["holiday", "add", HOLIDAY, "Founders' day"]);
    tm(["freeze", "add", FREEZE.from, FREEZE.to, FREEZE.name]);
    tm(["task", "add", "dark-mode", "Partner briefing", "--due", "2026-11-26"]);
    tm(["task", "add", "dark-mode", "Press embargo lifts", "--due", "2026-12-03"]);
    tm(["launch", "add", "Sixty tasks", "--date", "2027-02-17", "--tier", "1", "--pm", "Ana Silva"]);
    const n = JSON.parse(tm(["--json", "task", "list", SIXTY])).length;
    for (let i = n + 1; i <= 60; i++) tm(["task", "add", SIXTY, `Extra work ${i}`, "--due", "T-2w", "--owner", "Ana Silva", "--days", "2"]);
  },
});
const LAUNCH = "usage-based-billing";
const page = await t.page("editor");

/** The API as the editor sees it. */
const api = (method, path, body, headers) => t.api("editor", method, path, body, headers);
const task = async (id) => (await api("GET", `/tasks/${id}`)).body;
const openapi = (await api("GET", "/openapi.json")).body;
/** The readiness score once the check has answered (the card fills in after the checklist). */
const scoreOnPage = async () => {
  await page.waitForSelector(".readiness-score .score");
  return Number(await page.textContent(".readiness-score .score"));
};
/** Working days in (a, b], weekends and the given holidays off. */
function workdays(a, b, off = new Set()) {
  let n = 0;
  for (let d = new Date(a + "T12:00:00Z"); d.toISOString().slice(0, 10) < b;) {
    d = new Date(d.getTime() + 86400000);
    if (d.getUTCDay() % 6 !== 0 && !off.has(d.toISOString().slice(0, 10))) n++;
  }
  return n;
}
/** "Mon 28 Dec 2026", as the pages write a date. */
const longDate = (s) => {
  const d = new Date(s + "T12:00:00Z");
  return `${"Sun Mon Tue Wed Thu Fri Sat".split(" ")[d.getUTCDay()]} ${d.getUTCDate()} ${"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ")[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};
/** Waits for the PATCH of a task to be answered. */
const patched = (id) => page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${id}`) && r.request().method() === "PATCH");
/** Text with its runs of white space made one space. */
const squash = (s) => String(s).replace(/\s+/g, " ").trim();
/**
 * The launch's open tasks that are plain work (no milestone, no external copy that would wait for
 * approval), in checklist order: the checks below tick, reassign, re-date and race on these, by
 * title rather than by id, so the playbook may grow.
 */
const plain = (await api("GET", `/launches/${LAUNCH}`)).body.tasks.filter((x) => (x.status === "todo" || x.status === "in_progress") &&
  !x.milestone && !x.external);
// Late work first: ticking it off changes the readiness score.
const onTime = (x) => (x.due && x.due < TODAY ? 0 : 1);
const [TICK1, TICK2] = [...plain].sort((a, b) => onTime(a) - onTime(b)).slice(0, 2).map((x) => x.id);
const rest = plain.filter((x) => x.id !== TICK1 && x.id !== TICK2 && x.status === "todo");
const REOWN = rest.find((x) => x.owner !== "Dev Patel").id;
const RACE = rest.find((x) => x.id !== REOWN && x.owner !== "Emma Berg").id;
const REDATE = rest.find((x) => x.id !== REOWN && x.id !== RACE && x.due > "2026-12-18").id;

await t.check("the launch room shows the countdown, tier, date, owners and readiness", async () => {
  await t.go(page, `/launches/${LAUNCH}`);
  assert((await page.textContent("h1")) === "Usage-based billing", "no heading");
  const me = (await api("GET", "/me")).body;
  assert(me.today === TODAY, `the server counts from ${me.today}`);
  const launch = (await api("GET", `/launches/${LAUNCH}`)).body;
  const off = new Set((await api("GET", "/holidays")).body.map((h) => h.date));
  assert(off.has(HOLIDAY) && HOLIDAY > TODAY && HOLIDAY < launch.date, "the holiday is not before launch day");
  await page.waitForSelector(".countdown strong");
  const countdown = (await page.textContent(".countdown")).trim();
  // Working days after today up to launch day, weekends and the workspace's holidays off.
  assert(countdown === `T-${workdays(TODAY, launch.date, off)} working days`, `countdown ${countdown}`);
  const head = await page.textContent(".room-head");
  for (const s of ["Tier 1", longDate(launch.date), `${launch.confidence} confidence`, launch.pm, launch.owners.sales, launch.owners.eng])
    assert(head.includes(s), `the head lacks ${s}`);
  const check = (await api("GET", `/launches/${LAUNCH}/check`)).body;
  assert(await scoreOnPage() === check.score, "the score is not the check's");
  assert((await page.textContent(".readiness")).includes(check.findings[0].hint), "no hint of the first finding");
  await t.audit(page, "launch-checklist");
});

await t.check("a 60-task launch's checklist is usable once the launch answers, with no request waiting for another", async () => {
  const tasks = (await api("GET", `/launches/${SIXTY}`)).body.tasks;
  assert(tasks.length === 60, `the launch has ${tasks.length} tasks`);
  // The order the API is asked and answers, from the navigation on.
  const events = [];
  const apiPath = (u) => { const p = new URL(u).pathname; return p.startsWith("/api/v1/") ? p.slice(7) : null; };
  const onRequest = (r) => apiPath(r.url()) && events.push(`ask ${apiPath(r.url())}`);
  const onResponse = (r) => apiPath(r.url()) && events.push(`answer ${apiPath(r.url())}`);
  page.on("request", onRequest);
  page.on("response", onResponse);
  await page.goto(`${t.base}/launches/${SIXTY}`);
  // "Interactive" as the benchmark (bench/ui_bench.mjs) measures it.
  await page.waitForFunction((n) => document.querySelectorAll("main input[type=checkbox]:not([disabled])").length >= n &&
    !document.querySelector("main .loading"), tasks.length, { polling: "raf" });
  const at = await page.evaluate(() => Math.round(performance.now()));
  const timing = await page.evaluate(() => performance.getEntriesByType("resource").map((e) =>
    `${new URL(e.name).pathname.replace(/^\/(api\/v1|assets)\//, "")} ${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`).join(", "));
  await t.settled(page);
  await page.waitForSelector(".readiness-score .score");
  await page.waitForSelector(".countdown strong");
  page.off("request", onRequest);
  page.off("response", onResponse);
  console.log(`  note: the 60-task launch room was interactive ${at} ms after navigation (debug build, shared CPU): ${timing}`);
  assert(await page.locator("main input[type=checkbox]").count() === tasks.length, "not one tick box per task");
  for (const x of tasks) assert(await page.locator(`#task-${x.id} input[type=checkbox]`).count() === 1, `no tick box for task ${x.id}`);
  // The launch, its check, the holidays and the people are asked for together: none waits for another's answer.
  const room = [`/launches/${SIXTY}`, `/launches/${SIXTY}/check`, "/holidays", "/people"];
  const firstAnswer = events.findIndex((e) => room.some((p) => e === `answer ${p}`));
  for (const p of room) {
    const asked = events.indexOf(`ask ${p}`);
    assert(asked >= 0 && asked < firstAnswer, () => `${p} was asked after another answer came: ${events.join(", ")}`);
  }
  assert(!events.some((e) => e.startsWith("ask /openapi.json")), "the launch room read the OpenAPI document");
  await t.go(page, `/launches/${LAUNCH}`);
  await scoreOnPage();
});

await t.check("ticking tasks saves them at once and the readiness score changes", async () => {
  const before = await scoreOnPage();
  const was = (await api("GET", `/launches/${LAUNCH}`)).body.progress;
  for (const id of [TICK1, TICK2]) {
    const answer = patched(id);
    await page.check(`#done-${id}`);
    assert((await answer).status() === 200, `task ${id} not saved`);
    assert((await task(id)).status === "done", `task ${id} is not done on the server`);
  }
  const expected = (await api("GET", `/launches/${LAUNCH}/check`)).body.score;
  assert(expected !== before, "the check's score did not change (test data)");
  await page.waitForFunction((s) => Number(document.querySelector(".readiness-score .score").textContent) === s, expected);
  const progress = `${was.done + 2} of ${was.total} tasks done`;
  await page.waitForFunction((p) => document.querySelector(".progress-line").textContent.includes(p), progress);
});

await t.check("an owner and a due date are each one field, saved at once", async () => {
  let answer = patched(REOWN);
  await page.selectOption(`#task-${REOWN} .cl-owner select`, "Dev Patel");
  assert((await answer).status() === 200, "owner not saved");
  assert((await task(REOWN)).owner === "Dev Patel", "the server has another owner");
  answer = patched(REDATE);
  await page.fill(`#task-${REDATE} .cl-due input`, "2026-12-18");
  await page.dispatchEvent(`#task-${REDATE} .cl-due input`, "change");
  assert((await answer).status() === 200, "due date not saved");
  assert((await task(REDATE)).due === "2026-12-18", "the server has another due date");
});

await t.check("a change made meanwhile through the API shows as a conflict, not a lost update", async () => {
  // Someone else gives a task to Emma through the API while the page still shows the old version.
  const r = await api("GET", `/tasks/${RACE}`);
  const theirs = await api("PATCH", `/tasks/${RACE}`, { owner: "Emma Berg" }, { "If-Match": r.etag });
  assert(theirs.status === 200, `the API change failed: ${theirs.status}`);
  await t.allowing(/status of 412/, async () => {
    const answer = patched(RACE);
    await page.click(`#done-${RACE}`); // (not check(): the box is unticked again as soon as the 412 comes)
    assert((await answer).status() === 412, "the stale change was not refused");
    await page.waitForSelector(`#task-${RACE} .cl-note`);
  });
  assert((await page.textContent(`#task-${RACE} .cl-note`)).includes("someone else changed this task: reloaded"), "no conflict message");
  assert(await page.inputValue(`#task-${RACE} .cl-owner select`) === "Emma Berg", "the row was not reloaded");
  assert(!(await page.isChecked(`#done-${RACE}`)), "the row still shows the refused tick");
  const now = await task(RACE);
  assert(now.owner === "Emma Berg" && now.status !== "done", "the other change was lost or the refused one applied");
});

await t.check("the timeline draws a bar for every open task, marks the critical ones and explains one", async () => {
  await page.click("#tab-checklist");
  await page.keyboard.press("ArrowRight"); // the tabs follow the arrow keys
  await page.waitForURL(/tab=timeline/);
  await focused(page, "#tab-timeline", "focus did not follow the tab");
  await page.waitForSelector(".gantt-svg");
  const plan = (await api("GET", `/launches/${LAUNCH}/plan`)).body;
  const open = plan.tasks.length, critical = plan.tasks.filter((x) => x.critical).length;
  assert(critical > 0, "the demo plan has no critical task");
  assert(await page.locator(".g-label").count() === open, "a label per open task");
  assert(await page.locator(".g-task").count() === open, "a bar per open task");
  assert(await page.locator(".g-label.crit").count() === critical, "critical labels");
  assert(await page.locator(".g-bar.crit, .g-ms.crit").count() === critical, "critical bars");
  assert(await page.locator(".g-crit-tag").count() === critical, "critical is said in text too");
  assert(await page.locator(".g-today").count() === 1 && await page.locator(".g-launch").count() === 1, "today and launch day");
  // Titles are SVG text: a title is never parsed as markup.
  assert(await page.locator(".gantt foreignObject").count() === 0, "HTML inside the chart");
  // No baseline saved yet: no ghost bar and no baseline to choose.
  assert((await api("GET", `/launches/${LAUNCH}/baselines`)).body.length === 0, "the demo launch has a baseline");
  assert(await page.locator(".g-ghost").count() === 0 && await page.locator(".timeline-tools select").count() === 0, "a baseline is shown");
  // Why a task is critical: the panel says what GET …/plan?explain= says, word for word.
  for (const pick of [page.locator(".g-label.crit").first(), page.locator(".g-label:not(.crit)").first()]) {
    const id = await pick.getAttribute("data-task");
    await pick.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector(".explain .explanation");
    const ex = (await api("GET", `/launches/${LAUNCH}/plan?explain=${id}`)).body;
    assert((await page.textContent(".explain h3")).includes(ex.title), `the panel is not about task ${id}`);
    const said = await page.textContent(".explain .explanation");
    assert(said === ex.explanation.trim(), () => `the panel says\n${said}\nthe API says\n${ex.explanation}`);
    assert((await page.textContent(".explain")).includes(ex.critical ? "Critical" : `Not critical: ${ex.slack_days} working`),
      "the panel's critical or not differs from the API's");
    for (const c of ex.chain) assert((await page.textContent(".explain .chain")).includes(`#${c.id} ${c.title}`), `the chain lacks #${c.id}`);
    if (ex.critical) await page.keyboard.press("Escape");
  }
  await t.audit(page, "launch-timeline");
  await page.keyboard.press("Escape");
  assert(await page.locator(".explain").count() === 0, "Escape does not close the explanation");
  await page.click("text=Show as table");
  assert(await page.locator(".plan-table tbody tr").count() === open, "the table lists the open tasks");
  assert(await page.locator(".plan-table .crit-text").count() === critical, "the table marks the critical tasks");
  await page.click("text=Show as chart");
});

await t.check("the brief reads formatted, is previewed by the server and an edit is saved with If-Match", async () => {
  await page.click("#tab-brief");
  await t.settled(page);
  assert((await page.textContent(".brief")).includes("Only pay for what you use"), "the brief is not shown");
  await t.audit(page, "launch-brief");
  await page.click("text=Edit brief");
  const md = await page.inputValue("#brief-md");
  const edited = md.replace("Budgets and alerts before the bill", "Budgets and alerts before the bill, by **team**");
  assert(edited !== md, "the demo brief lacks the line to edit");
  await page.fill("#brief-md", edited);
  // Preview: the unsaved text as the server renders it (POST /markdown), nothing saved.
  const rendered = page.waitForResponse((r) => r.url().endsWith("/api/v1/markdown") && r.request().method() === "POST");
  await page.click(".brief button:has-text('Preview')");
  const r = await rendered;
  assert(r.status() === 200 && r.request().postData() === edited, "the preview did not send the draft");
  const { html } = await r.json();
  await page.waitForSelector(".preview-card .prose");
  assert(await page.locator(".preview-card .prose strong:has-text('team')").count() === 1, "the preview is not formatted");
  const shown = await page.textContent(".preview-card .prose");
  const sent = await page.evaluate((h) => new DOMParser().parseFromString(h, "text/html").body.textContent, html);
  assert(shown === sent, "the preview is not the server's HTML");
  assert(!(await api("GET", `/launches/${LAUNCH}/brief`)).body.markdown.includes("by **team**"), "the preview saved the brief");
  await page.click(".brief button:has-text('Write')");
  assert(await page.inputValue("#brief-md") === edited, "the draft was lost going back to Write");
  const answer = page.waitForResponse((r) => r.url().includes(`/launches/${LAUNCH}/brief`) && r.request().method() === "PUT");
  await page.click("text=Save brief");
  const saved = await answer;
  assert(saved.status() === 200, "the brief was not saved");
  assert(/^"launch-\d+-v\d+"$/.test(saved.request().headers()["if-match"] || ""), "saved without If-Match");
  await page.waitForSelector("text=Edit brief");
  const brief = (await api("GET", `/launches/${LAUNCH}/brief`)).body;
  assert(brief.supporting_points.includes("Budgets and alerts before the bill, by **team**"), "the server has the old brief");
});

await t.check("a brief whose Overview differs from the launch changes the launch only when applied with a reason", async () => {
  const L = "bulk-edit-for-tasks", NEW = "2027-01-06";
  const before = (await api("GET", `/launches/${L}`)).body;
  await t.go(page, `/launches/${L}?tab=brief`);
  await page.click("text=Edit brief");
  const md = await page.inputValue("#brief-md");
  const edited = md.replace(`| Launch Date | ${before.date} |`, `| Launch Date | ${NEW} |`);
  assert(edited !== md, "the brief's Overview has no launch date row");
  await page.fill("#brief-md", edited);
  let answer = page.waitForResponse((r) => r.url().includes(`/launches/${L}/brief`) && r.request().method() === "PUT");
  await page.click("text=Save brief");
  assert((await answer).status() === 200, "the brief was not saved");
  await page.waitForSelector(".overview-changes");
  const row = squash((await page.$$eval(".overview-changes tbody tr > *", (l) => l.map((c) => c.textContent))).join(" "));
  assert(row.includes(`Launch date ${NEW} ${before.date}`), `the difference is not listed: ${row}`);
  assert((await api("GET", `/launches/${L}`)).body.date === before.date, "saving the brief moved the launch");
  assert(await page.isDisabled(".overview-changes button"), "applying without a reason is offered");
  await t.audit(page, "launch-brief-overview");
  await page.fill("#ov-reason", "Engineering needs the first week of January for the migration");
  answer = page.waitForResponse((r) => r.url().includes(`/launches/${L}/brief`) && r.request().method() === "PUT");
  await page.click(".overview-changes button:has-text('Apply to the launch')");
  const applied = await answer;
  const q = new URL(applied.url()).searchParams;
  assert(applied.status() === 200 && q.get("apply_overview") === "true" && q.get("reason").startsWith("Engineering needs"), "not applied with the reason");
  await page.waitForSelector("text=Edit brief");
  const after = (await api("GET", `/launches/${L}`)).body;
  assert(after.date === NEW, `the launch is on ${after.date}`);
  await page.waitForSelector(`.room-head :text('${longDate(NEW)}')`);
});

await t.check("every document kind is listed and previewed with copy and download; task lists read as done / to do", async () => {
  await t.go(page, `/launches/${LAUNCH}?tab=docs`);
  const kinds = openapi.components.schemas.DocKind.enum;
  assert(await page.locator(".doc-list a").count() === kinds.length, "not every kind is listed");
  await page.click(".doc-list a:has-text('Go / no-go')");
  await page.waitForURL(/doc=go-no-go/);
  await t.settled(page);
  assert((await page.textContent(".doc")).includes("Usage-based billing"), "the document is not shown");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(".doc >> text=Download .md")]);
  assert(download.suggestedFilename() === `${LAUNCH}-go-no-go.md`, download.suggestedFilename());
  await t.audit(page, "launch-docs");
  // The checklist document's task list: a box said as done or to do, never an unlabelled checkbox.
  await page.click(".doc-list a:has-text('Checklist')");
  await page.waitForURL(/doc=checklist/);
  await t.settled(page);
  const tasks = (await api("GET", `/launches/${LAUNCH}`)).body.tasks;
  const boxes = await page.$$eval(".doc .task-box", (l) => l.map((b) => [b.getAttribute("role"), b.getAttribute("aria-label")]));
  assert(boxes.length > 0 && boxes.every(([role, label]) => role === "img" && (label === "done" || label === "to do")), "task boxes unlabelled");
  assert(boxes.filter(([, label]) => label === "done").length === tasks.filter((x) => x.status === "done").length, "the done boxes are not the done tasks");
  assert(await page.locator(".doc input").count() === 0, "a checkbox in the document");
  await t.audit(page, "launch-docs-checklist");
});

await t.check("a delay's preview is the API's dry run and saves nothing; confirmed, it moves the tasks, gives both messages and a baseline", async () => {
  const before = (await api("GET", "/launches/dark-mode")).body;
  const due = new Map(before.tasks.map((x) => [x.id, x.due]));
  await t.go(page, "/launches/dark-mode");
  await page.click("text=Delay or pull in…");
  await page.waitForURL(/\/launches\/dark-mode\/delay$/);
  await t.settled(page);
  // Into the freeze that no launch was in: the freeze rule fires; the press embargo (fixed, after T now) ends up before the new T.
  const to = "2026-12-09", reason = "QA found contrast bugs in the settings screens";
  const public_reason = "we want every screen to be easy to read in the dark";
  assert(to >= FREEZE.from && to <= FREEZE.to, "the new date is not in the freeze");
  const previewed = page.waitForResponse((r) => r.url().includes("/launches/dark-mode/delay?dry_run=true") &&
    JSON.parse(r.request().postData()).public_reason === public_reason);
  await page.fill("input[name=to]", to);
  await page.fill("input[name=reason]", reason);
  await page.fill("input[name=public_reason]", public_reason);
  await previewed;
  await page.waitForSelector(".delay-preview table.moved-tasks");
  await page.waitForFunction(() => !document.querySelector(".delay-preview .stale, .delay-preview .loading"));
  const dry = (await api("POST", "/launches/dark-mode/delay?dry_run=true", { to, reason, public_reason })).body;
  assert(dry.dry_run === true && dry.to === to, "the API's dry run");
  // The tasks that move: each with its date now and the one the API says it gets.
  const rows = await page.$$eval(".moved-tasks tbody tr", (l) => l.map((r) => [Number(r.dataset.task),
    r.querySelector("th").textContent.trim(), r.querySelector(".due-before").textContent, r.querySelector(".due-after").textContent]));
  const want = dry.moved_tasks.map((x) => [x.id, x.title, longDate(due.get(x.id)), longDate(x.due)]);
  assert(JSON.stringify(rows) === JSON.stringify(want), () => `moved rows\n${JSON.stringify(rows)}\nthe API\n${JSON.stringify(want)}`);
  assert(rows.length === before.tasks.filter((x) => x.offset && x.status !== "done" && x.status !== "skipped").length, "not every task counted from T moves");
  assert(rows.some(([, , a, b]) => a !== b), "no date changes in the preview");
  // The fixed dates that stay, the one now on the other side of launch day said so.
  const fixed = await page.$$eval(".fixed-tasks tbody tr", (l) => l.map((r) => [Number(r.dataset.task), r.textContent]));
  assert(JSON.stringify(fixed.map(([id]) => id)) === JSON.stringify(dry.fixed), `fixed ${fixed.map(([id]) => id)} vs ${dry.fixed}`);
  assert(dry.fixed.length === 2 && dry.inconsistent.length === 1, "the set-up's fixed dates");
  for (const [id, text] of fixed) {
    const x = before.tasks.find((y) => y.id === id);
    assert(text.includes(x.title) && text.includes(longDate(x.due)), `fixed row ${id}`);
    assert(text.includes("other side of launch day") === dry.inconsistent.includes(id), `task ${id}: inconsistent or not`);
  }
  // The rules that would fire: all of the dry run's findings, the freeze among those the move adds.
  const freeze = dry.findings.find((f) => f.rule === "freeze-conflict");
  assert(freeze && freeze.message.includes(FREEZE.name), "the API's dry run finds no freeze (test data)");
  assert((await page.textContent(".findings-added")).includes(freeze.message), "the freeze is not among the findings the move adds");
  assert(!dry.findings.some((f) => f.rule === "delay-message-unset"), "the customers' reason was not previewed");
  const shown = await page.locator(".delay-preview .finding").count();
  assert(shown === dry.findings.length, `${shown} findings shown, the dry run has ${dry.findings.length}`);
  assert((await page.textContent(".readiness-after .score")).trim() === String(dry.readiness.score), "the readiness after the move");
  const off = new Set((await api("GET", "/holidays")).body.map((h) => h.date));
  assert((await page.textContent(".move-line .shift")).trim() === `+${workdays(before.date, to, off)} working days`, "the shift in working days");
  assert((await page.textContent(".preview-sum")).includes(`${rows.length} tasks move, 2 fixed dates stay`), "the line beside Confirm");
  // Nothing saved: launch day, the tasks' dates and the baselines are as they were.
  const still = (await api("GET", "/launches/dark-mode")).body;
  assert(still.date === before.date && still.version === before.version, "the preview moved the launch");
  assert(still.tasks.every((x) => x.due === due.get(x.id)), "the preview moved a task");
  assert((await api("GET", "/launches/dark-mode/baselines")).body.length === 0, "the preview saved a baseline");
  await t.audit(page, "delay-preview");

  await page.click(".delay-form button[type=submit]");
  await page.waitForSelector(`h1:has-text('moved to ${longDate(to)}')`);
  await t.settled(page);
  const after = (await api("GET", "/launches/dark-mode")).body;
  assert(after.date === to, `the launch is on ${after.date}`);
  for (const x of dry.moved_tasks) assert(after.tasks.find((y) => y.id === x.id).due === x.due, `task ${x.id} did not land where the preview said`);
  const text = await page.textContent("main");
  assert(/Message to the team[\s\S]*Dark mode/.test(text) && /Message to customers[\s\S]*Dark mode/.test(text), "no messages");
  assert(text.includes("easy to read in the dark"), "the customer reason is not in the message");
  await t.audit(page, "delay-done");


  // The plan before the move is a baseline now: the timeline draws it as ghost bars.
  const baselines = (await api("GET", "/launches/dark-mode/baselines")).body;
  assert(baselines.length === 1 && baselines[0].date === before.date, "no baseline saved by the delay");
  await page.click("text=See the new timeline");
  await page.waitForURL(/tab=timeline&against=/);
  const cmp = (await api("GET", `/launches/dark-mode/plan?against=${encodeURIComponent(baselines[0].name)}`)).body;
  const ghosts = cmp.tasks.filter((x) => x.baseline_finish && x.current_finish).length;
  assert(ghosts > 0, "the comparison has no task in both plans");
  await page.waitForSelector(".g-ghost");
  assert(await page.locator(".g-ghost").count() === ghosts, `ghost bars: ${await page.locator(".g-ghost").count()}, want ${ghosts}`);
  assert((await page.textContent(".baseline-note")).includes(baselines[0].name), "the baseline is not named");
  // The latest baseline is shown without asking; "none" hides it.
  await t.go(page, "/launches/dark-mode?tab=timeline");
  await page.waitForSelector(".g-ghost");
  assert(await page.locator(".g-ghost").count() === ghosts, "the latest baseline is not drawn by default");
  assert(await page.inputValue(".timeline-tools select") === baselines[0].name, "the baseline chosen");
  await t.audit(page, "launch-timeline-baseline");
  await page.selectOption(".timeline-tools select", "none");
  await page.waitForURL(/against=none/);
  await page.waitForFunction(() => !document.querySelector(".g-ghost"));

  // The portfolio shows the launch on its new day, and on the old one no more.
  await t.go(page, `/?at=${to.slice(0, 7)}`);
  await page.waitForSelector("a.chip[href='/launches/dark-mode']");
  const days = await page.$$eval("a.chip[href='/launches/dark-mode']", (as) =>
    as.map((a) => a.closest("td").querySelector(".day-num").getAttribute("aria-label")));
  const d = new Date(`${to}T12:00:00Z`);
  const long = `${d.getUTCDate()} ${d.toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${d.getUTCFullYear()}`;
  assert(days.length === 1 && days[0].includes(long), `the portfolio shows Dark mode on ${days}, not ${long}`);
});

await t.check("a viewer sees the launch room and can change nothing", async () => {
  const viewer = await t.page("viewer");
  await t.go(viewer, `/launches/${LAUNCH}`);
  const tasks = (await api("GET", `/launches/${LAUNCH}`)).body.tasks;
  assert(await viewer.locator("main input[type=checkbox][disabled]").count() === tasks.length, "not one (disabled) tick box per task");
  assert(await viewer.locator("main input[type=checkbox]:not([disabled])").count() === 0, "a tick box is enabled");
  assert(await viewer.locator(".checklist select, .checklist input[type=date]").count() === 0, "an owner or date field");
  assert(await viewer.locator("text=Delay or pull in…").count() === 0, "a delay link");
  await t.audit(viewer, "launch-viewer");
  await viewer.click("#tab-brief");
  await t.settled(viewer);
  assert(await viewer.locator("text=Edit brief").count() === 0, "an edit button");
  await t.go(viewer, `/launches/${LAUNCH}/delay`);
  assert((await viewer.textContent("main")).includes("Only an editor or an admin can move a launch"), "the delay form is offered");
  await viewer.context().close();
});

await t.done();
