// ui_metrics.mjs - after launch day in a real browser: the launch room's
// Metrics tab draws each metric against its target path with uPlot (the
// canvas has the series' pixels, the figure a text alternative, the values a
// table), says its status in words and names its owner; a value recorded
// with the keyboard alone changes the status and the table; a value the API
// refuses shows the API's own message under the field, and nothing is
// recorded; a viewer sees the charts but no form; the leadership dashboard
// (its own page, in the navigation) lists the quarter's launches and the
// metric that is behind with its owner, and its quarter picker moves to
// another quarter; a post-launch review is previewed like the other
// documents, with the stage's questions, and recorded by an editor. No
// console error or CSP violation (ui_lib watches), axe-core on each view,
// screenshots at both sizes. The metrics are made through the API here.
import { join } from "node:path";
import { start, assert, focused, TODAY, SHOTS } from "./ui_lib.mjs";

const t = await start();
const LAUNCH = "team-workspaces"; // the demo's launched launch (T 2026-11-02, before TODAY)
const api = (method, path, body, headers) => t.api("editor", method, path, body, headers);

/** The metrics this test makes: on track, behind (down is good) and without data. */
const INVITES = { name: "Invite acceptance", kind: "activation", unit: "%", direction: "up", baseline: 30, target: "+10pt",
  window: 60, owner: "Ana Silva", source: "Amplitude: invite funnel" };
const SETUP = { name: "Setup time", kind: "time-to-value", unit: "days", direction: "down", baseline: 5, target: "3",
  window: 90, owner: "Ben Okafor", source: "Onboarding survey" };
const TEAMS = { name: "Weekly active teams", kind: "adoption", unit: "count", direction: "up", baseline: 100, target: "125",
  window: 90 };
const made = {};
for (const [key, m, values] of [["invites", INVITES, [["2026-11-05", 31], ["2026-11-12", 33], ["2026-11-19", 33.5]]],
  ["setup", SETUP, [["2026-11-10", 4.9], ["2026-11-20", 4.8]]], ["teams", TEAMS, []]]) {
  const r = await api("POST", `/launches/${LAUNCH}/metrics`, m, { "Idempotency-Key": `setup-${key}` });
  assert(r.status === 201, () => `metric ${m.name} not made: ${r.status} ${JSON.stringify(r.body)}`);
  made[key] = r.body;
  if (values.length) {
    const o = await api("POST", `/metrics/${r.body.id}/observations`, values.map(([on, value]) => ({ on, value })),
      { "Idempotency-Key": `setup-obs-${key}` });
    assert(o.status === 201, () => `observations of ${m.name} not recorded: ${o.status} ${JSON.stringify(o.body)}`);
    made[key] = o.body.metric;
  }
}
const metric = async (id) => (await api("GET", `/metrics/${id}`)).body;
const observations = async (id) => (await api("GET", `/metrics/${id}/observations`)).body;
assert(made.invites.status === "on-track" && made.setup.status === "behind" && made.teams.status === "no-data",
  () => `the test's metrics are ${made.invites.status}, ${made.setup.status}, ${made.teams.status}`);

const card = (m) => `#metric-${m.id}`;
/** How many of a canvas's pixels are the colour given (within a tolerance): the series uPlot drew. */
const pixels = (page, sel, rgb) => page.$eval(`${sel} canvas`, (c, [r, g, b]) => {
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0, inked = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0) inked++;
    if (d[i + 3] > 200 && Math.abs(d[i] - r) < 30 && Math.abs(d[i + 1] - g) < 30 && Math.abs(d[i + 2] - b) < 30) n++;
  }
  return { n, inked, w: c.width, h: c.height };
}, rgb);
const BLUE = [0x3b, 0x5b, 0xdb]; // the observed series
const GREY = [0x4a, 0x53, 0x65]; // the target path
const squash = (s) => String(s).replace(/\s+/g, " ").trim();

const editor = await t.page("editor");

await t.check("each metric is drawn against its target path, with its status in words, its owner and a text alternative", async () => {
  await t.go(editor, `/launches/${LAUNCH}?tab=metrics`);
  await editor.waitForSelector(`${card(made.invites)} .mchart-plot canvas`);
  for (const [m, word] of [[made.invites, "On track"], [made.setup, "Behind"], [made.teams, "No data"]]) {
    const c = card(m);
    const said = squash(await editor.textContent(`${c} .metric-head .mstatus`));
    assert(said === `${{ "On track": "●", Behind: "▼", "No data": "○" }[word]} ${word}`, `${m.name}: status ${said}`);
    assert(await editor.getAttribute(c, "data-status") === m.status, `${m.name}: data-status`);
    const meta = await editor.textContent(`${c} .metric-meta`);
    assert(meta.includes(m.owner ? `Owner: ${m.owner}` : "Owner: nobody yet"), `${m.name}: owner in ${meta}`);
    // The canvas is drawn: the path always, the observed series where there are values.
    const path = await pixels(editor, c, GREY), seen = await pixels(editor, c, BLUE);
    assert(path.w > 200 && path.h > 100 && path.inked > 1000, () => `${m.name}: a blank canvas ${JSON.stringify(path)}`);
    assert(path.n > 50, () => `${m.name}: no target path drawn ${JSON.stringify(path)}`);
    assert(m.observations ? seen.n > 50 : seen.n < 20, () => `${m.name}: observed series ${JSON.stringify(seen)}`);
    // A screen reader hears the summary instead of the canvas.
    const label = await editor.getAttribute(`${c} .mchart-plot`, "aria-label");
    assert(await editor.getAttribute(`${c} .mchart-plot`, "role") === "img", `${m.name}: the figure is no image`);
    assert(label.startsWith(m.name) && label.includes(`${word}.`), `${m.name}: label ${label}`);
  }
  const label = await editor.getAttribute(`${card(made.invites)} .mchart-plot`, "aria-label");
  assert(label.includes("33.5% on Thu 19 Nov 2026") && label.includes("target 40% by Fri 1 Jan 2027"), `label ${label}`);
  // The values behind the chart, newest first.
  const rows = await editor.$$eval(`${card(made.invites)} .metric-values tbody tr`, (trs) => trs.map((tr) => tr.cells[1].textContent));
  assert(JSON.stringify(rows) === JSON.stringify(["33.5%", "33%", "31%"]), `values ${rows}`);
  assert((await editor.textContent(`${card(made.setup)} .metric-numbers`)).includes("4.8 days"), "the latest value of Setup time");
  await editor.click(`${card(made.invites)} .metric-values summary`);
  await editor.$eval("[role=tablist]", (e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 60));
  await t.audit(editor, "launch-metrics");
  // On a phone the panel comes after the readiness card: its own picture, scrolled to the first metric.
  await editor.setViewportSize({ width: 390, height: 844 });
  await editor.$eval(card(made.invites), (e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 60));
  await editor.waitForTimeout(150);
  await editor.screenshot({ path: join(SHOTS, "launch-metrics-390.png") });
  await editor.setViewportSize({ width: 1440, height: 900 });
});

await t.check("a value recorded with the keyboard alone changes the status and the table", async () => {
  const c = card(made.invites);
  await editor.focus(`${c} input[name=value]`);
  await editor.keyboard.type("32");
  await editor.keyboard.press("Tab");
  assert(await editor.evaluate(() => document.activeElement.name) === "on", "Tab does not reach the date");
  assert(await editor.inputValue(`${c} input[name=on]`) === TODAY, "the date is not today");
  // Tab on through the date's own parts (month, day, year) to the note.
  for (let i = 0; i < 4 && await editor.evaluate(() => document.activeElement.name) !== "note"; i++)
    await editor.keyboard.press("Tab");
  assert(await editor.evaluate(() => document.activeElement.name) === "note", "Tab does not reach the note");
  await editor.keyboard.type("after the invite email change");
  const answer = editor.waitForResponse((r) => r.url().endsWith(`/api/v1/metrics/${made.invites.id}/observations`) &&
    r.request().method() === "POST");
  await editor.keyboard.press("Enter");
  assert((await answer).status() === 201, "not recorded");
  // 32% on TODAY is below the path's 33.3%: behind.
  await editor.waitForFunction((sel) => document.querySelector(sel).dataset.status === "behind", c);
  assert(squash(await editor.textContent(`${c} .metric-head .mstatus`)) === "▼ Behind", "the status did not change");
  const first = await editor.$eval(`${c} .metric-values tbody tr`, (tr) => [...tr.cells].map((x) => x.textContent));
  assert(first[0] === "Sun 22 Nov 2026" && first[1] === "32%" && first[3] === "after the invite email change",
    `first row ${first}`);
  assert((await editor.getAttribute(`${c} .mchart-plot`, "aria-label")).includes("32% on Sun 22 Nov 2026"), "the label stayed");
  const server = await metric(made.invites.id);
  assert(server.status === "behind" && server.observed === 32 && server.observations === 4, `server ${JSON.stringify(server)}`);
  assert(await editor.inputValue(`${c} input[name=value]`) === "", "the form was not emptied");
});

await t.check("a value the API refuses shows its message by the field, and nothing is recorded", async () => {
  const c = card(made.invites);
  const before = (await observations(made.invites.id)).length;
  const refusal = await api("POST", `/metrics/${made.invites.id}/observations`, { value: "12abc", on: TODAY });
  assert(refusal.status === 400 && refusal.body.parameter === "/value", `the API says ${JSON.stringify(refusal.body)}`);
  await t.allowing(/status of 400/, async () => {
    await editor.fill(`${c} input[name=value]`, "12abc");
    await editor.focus(`${c} input[name=value]`);
    const answer = editor.waitForResponse((r) => r.url().endsWith(`/observations`) && r.request().method() === "POST");
    await editor.keyboard.press("Enter");
    assert((await answer).status() === 400, "not refused");
    await editor.waitForSelector(`${c} .rec-value .field-error`);
  });
  assert(await editor.textContent(`${c} .rec-value .field-error`) === refusal.body.detail,
    () => `the page says something else than ${refusal.body.detail}`);
  assert(await editor.getAttribute(`${c} input[name=value]`, "aria-invalid") === "true", "the field is not marked");
  const described = await editor.getAttribute(`${c} input[name=value]`, "aria-describedby");
  assert(described.split(" ").includes(await editor.getAttribute(`${c} .rec-value .field-error`, "id")), "the error is not the field's description");
  await focused(editor, "[name=value]", "focus is not on the field");
  assert((await observations(made.invites.id)).length === before, "something was recorded");
  // A date in the future is the date's error.
  await t.allowing(/status of 400/, async () => {
    await editor.fill(`${c} input[name=value]`, "34");
    await editor.fill(`${c} input[name=on]`, "2026-12-01");
    await editor.press(`${c} input[name=value]`, "Enter");
    await editor.waitForSelector(`${c} .rec-on .field-error`);
  });
  assert(/future/.test(await editor.textContent(`${c} .rec-on .field-error`)), "no message about the future");
  assert(await editor.locator(`${c} .rec-value .field-error`).count() === 0, "the value's old error stayed");
  assert((await observations(made.invites.id)).length === before, "something was recorded");
  await editor.fill(`${c} input[name=on]`, TODAY);
});

await t.check("a viewer sees the charts and statuses but no form", async () => {
  const viewer = await t.page("viewer");
  await t.go(viewer, `/launches/${LAUNCH}?tab=metrics`);
  await viewer.waitForSelector(`${card(made.setup)} .mchart-plot canvas`);
  assert(await viewer.locator("form.record").count() === 0, "a viewer has a form");
  assert(await viewer.locator("text=Record value").count() === 0, "a viewer has a Record button");
  assert(squash(await viewer.textContent(`${card(made.setup)} .mstatus`)) === "▼ Behind", "the viewer sees no status");
  assert((await pixels(viewer, card(made.setup), BLUE)).n > 50, "the viewer's chart is blank");
  await viewer.goto(`${t.base}/launches/${LAUNCH}?tab=docs&doc=review&stage=week-1`);
  await t.settled(viewer);
  await viewer.waitForSelector(".review .prose");
  assert(await viewer.locator("form.record-review").count() === 0, "a viewer may record a review");
  await viewer.context().close();
});

await t.check("the leadership dashboard lists the quarter's launches and the metrics behind with their owners", async () => {
  await t.go(editor, `/launches/${LAUNCH}`);
  await editor.click("header nav a[href='/dashboard']");
  await editor.waitForURL(`${t.base}/dashboard`);
  await t.settled(editor);
  const d = (await api("GET", "/dashboard?quarter=2026Q4")).body;
  assert(await editor.textContent("h1") === "Leadership dashboard", "no heading");
  assert(await editor.getAttribute("header nav a[href='/dashboard']", "aria-current") === "page", "the nav does not say where we are");
  assert(await editor.inputValue("#quarter") === "2026Q4", "the picker is not on this quarter");
  const rows = await editor.$$eval(".dash-table tbody tr[data-launch]", (trs) => trs.map((tr) => tr.dataset.launch));
  assert(JSON.stringify(rows) === JSON.stringify(d.launches.map((l) => l.launch)), `launches ${rows}`);
  // The launched launch's row counts its metrics by status, in words.
  const ours = squash(await editor.textContent(`tr[data-launch=${LAUNCH}]`));
  const counts = d.launches.find((l) => l.launch === LAUNCH).metrics;
  assert(counts.behind >= 2 && counts["no-data"] >= 1, `the API counts ${JSON.stringify(counts)}`);
  const MARKS = { "no-data": "○ No data", "on-track": "● On track", behind: "▼ Behind", met: "✓ Met", missed: "✗ Missed" };
  for (const [state, n] of Object.entries(counts))
    assert(n === 0 ? !ours.includes(MARKS[state]) : ours.includes(`${n} ${MARKS[state]}`), `the launch's row: ${ours} (${state} ${n})`);
  assert(ours.includes("Team workspaces"), `the launch's row: ${ours}`);
  for (const m of [made.invites, made.setup]) {
    const row = squash(await editor.textContent(`tr[data-metric="${m.id}"]`));
    assert(row.includes(m.name) && row.includes("Behind") && row.includes(m.owner), `behind row: ${row}`);
  }
  assert(await editor.locator(`tr[data-metric="${made.teams.id}"]`).count() === 0, "a metric without data is listed as behind");
  await t.audit(editor, "dashboard");
  // Another quarter, from the picker: the address says it, the list follows.
  await editor.selectOption("#quarter", "2027Q1");
  await editor.waitForURL(/quarter=2027Q1/);
  const q1 = (await api("GET", "/dashboard?quarter=2027Q1")).body;
  await editor.waitForFunction((n) => !document.querySelector(`tr[data-launch="team-workspaces"]`) &&
    document.querySelectorAll(".dash-table tbody tr[data-launch]").length === n, q1.launches.length);
  assert(q1.launches.length > 0, "the demo has no launch in 2027Q1");
  await editor.click("button[aria-label^='Previous quarter']");
  await editor.waitForURL(`${t.base}/dashboard`);
  await editor.waitForSelector(`tr[data-launch="${LAUNCH}"]`);
});

await t.check("a post-launch review is previewed with its questions, and an editor records it", async () => {
  await t.go(editor, `/launches/${LAUNCH}?tab=docs`);
  await editor.click(".doc-reviews a[href*='doc=review']");
  await editor.click(".stages a[href*='stage=week-2']");
  await editor.waitForURL(/stage=week-2/);
  const review = (await api("GET", `/launches/${LAUNCH}/reviews/week-2`)).body;
  assert(review.questions.length > 0, "week 2 has no questions");
  await editor.waitForSelector(".review .prose");
  const text = squash(await editor.textContent(".review .prose"));
  for (const q of review.questions) assert(text.includes(squash(q)), `the preview lacks the question: ${q}`);
  assert(text.includes(INVITES.name) && text.includes(SETUP.name), "the preview lacks the metrics");
  assert(await editor.getAttribute(".stages a[href*='stage=week-2']", "aria-current") === "page", "the stage picker");
  await t.audit(editor, "launch-review");
  await editor.fill("#review-notes", "Sales says **invites** confuse admins.");
  const answer = editor.waitForResponse((r) => r.url().endsWith(`/reviews/week-2`) && r.request().method() === "POST");
  await editor.click("text=Record review");
  assert((await answer).status() < 300, "not recorded");
  await editor.waitForSelector(".held.yes");
  assert(squash(await editor.textContent(".held")).startsWith(`Held on ${"Sun 22 Nov 2026"}`), "not said as held");
  const after = (await api("GET", `/launches/${LAUNCH}/reviews/week-2`)).body;
  assert(after.held && after.notes === "Sales says **invites** confuse admins.", `the server's review ${JSON.stringify(after)}`);
  // The stage picker shows the server's day of each stage, and the stage now held says so.
  const stages = (await api("GET", `/launches/${LAUNCH}/reviews`)).body.stages;
  const week2 = editor.locator(".stages a[href*='stage=week-2']");
  await week2.locator("text=(held)").waitFor({ state: "attached" });
  const day = stages.find((s) => s.stage === "week-2").on;
  const shown = squash(await week2.locator(".stage-day").textContent());
  assert(shown.includes(String(Number(day.slice(8, 10)))), `week 2's day ${day} is shown as ${shown}`);
});

await t.done();
