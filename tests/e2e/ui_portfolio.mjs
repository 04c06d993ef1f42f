// ui_portfolio.mjs - the portfolio calendar, My work and People and load in
// a real browser against a real server (ui_lib.mjs): a launch made on the
// command line shows on its day with its tier; conflicts (a Tier 1
// collision, a freeze, a holiday, a weekend) are marked on their days;
// filters live in the URL and hide the other launches; the list sorts;
// ticking a task in My work changes it in the API, and a concurrent change
// is a conflict, not a lost update; a heat-map cell lists the tasks the API
// puts behind it; an admin adds a person. Every page passes axe and is
// photographed at 1440x900 and 390x844.
import { start, assert } from "./ui_lib.mjs";

const t = await start({
  setup(tm) {
    tm(["launch", "add", "Orbit analytics", "--date", "2026-12-09", "--tier", "1", "--pm", "Ana Silva"]);
    tm(["launch", "add", "Weekend teaser", "--date", "2026-12-12", "--tier", "4", "--pm", "Ben Okafor"]);
    tm(["holiday", "add", "2026-12-25", "Christmas Day"]);
    tm(["freeze", "add", "2026-12-21", "2026-12-31", "Year-end freeze"]);
  },
});
const editor = await t.page("editor");

const check = t.check;
/** The server's today (GET /me). */
const serverToday = async () => (await t.api("editor", "GET", "/me")).body.today;

/** The table cell of a day on the month grid. */
const dayCell = (page, long) => page.locator(`td.day:has(button.day-num[aria-label^="${long}"])`);
/** The launches on the page: [{slug, tier}] in document order. */
const chips = (page, scope = "main") => page.$$eval(`${scope} a.chip`, (as) => as.map((a) => ({
  slug: decodeURIComponent(a.getAttribute("href").replace("/launches/", "")),
  tier: Number((/tier-(\d)/.exec(a.className) || [])[1]),
})));

await check("the calendar shows a launch made on the command line on its day, with its tier and readiness", async () => {
  await t.go(editor, "/?at=2026-12");
  assert((await editor.textContent(".range-title")) === "December 2026", "the month's title");
  const cell = dayCell(editor, "Wednesday 9 December 2026");
  const link = cell.locator("a.chip[href='/launches/orbit-analytics']");
  assert(await link.count() === 1, "Orbit analytics is not on 9 December");
  assert((await link.getAttribute("class")).includes("tier-1"), "not coloured as Tier 1");
  assert((await link.textContent()).includes("Tier 1"), "the tier is not said in words");
  const api = await t.api("editor", "GET", "/launches?from=2026-12-01&to=2026-12-31&with=readiness&limit=1000");
  const orbit = api.body.find((l) => l.slug === "orbit-analytics");
  assert(api.status === 200 && orbit && orbit.date === "2026-12-09", "the API has it");
  // The launches are drawn before their scores are in; the score then fills in, the API's own.
  await editor.waitForSelector("a.chip[href='/launches/orbit-analytics'] .chip-score");
  assert(Number(await link.locator(".chip-score").textContent()) === orbit.readiness.score,
         `the chip's score is not the API's ${orbit.readiness.score}`);
  assert((await link.getAttribute("title")).includes(`readiness ${orbit.readiness.score} of 100`), "the score is not said in words");
  await link.click();
  await editor.waitForURL(t.base + "/launches/orbit-analytics");
  await editor.goBack();
  await t.settled(editor);
  await t.audit(editor, "portfolio-month");
});

await check("conflicts are marked on their days in words: Tier 1 collision, holiday, freeze, weekend", async () => {
  await t.go(editor, "/?at=2026-12");
  await editor.waitForSelector("button.flag");
  const flag = async (long) => (await dayCell(editor, long).locator("button.flag").textContent()) || "";
  assert(/collision/.test(await flag("Wednesday 16 December 2026")), "no Tier 1 collision on 16 December");
  assert(/weekend/.test(await flag("Saturday 12 December 2026")), "no weekend mark on 12 December");
  const xmas = dayCell(editor, "Friday 25 December 2026");
  assert((await xmas.textContent()).includes("Holiday: Christmas Day"), "the holiday is not named");
  assert(/conflicts|holiday|freeze/.test(await flag("Friday 25 December 2026")), "no conflict on 25 December");
  assert((await dayCell(editor, "Monday 21 December 2026").textContent()).includes("Freeze: Year-end freeze"), "no freeze");
  // Both launches of the collision carry the mark, and the day panel tells it in full.
  await dayCell(editor, "Wednesday 16 December 2026").locator("button.flag").click();
  await editor.waitForSelector(".day-panel");
  assert(editor.url().includes("day=2026-12-16"), "the open day is not in the URL");
  const panel = await editor.textContent(".day-panel");
  assert(panel.includes("Tier 1 collision") && panel.includes("Orbit analytics") && panel.includes("Usage-based billing"), panel);
  const orbit = await editor.getAttribute("a.chip[href='/launches/orbit-analytics']", "title");
  assert(orbit.includes("Tier 1 collision"), `the chip does not say its conflict: ${orbit}`);
});

await check("filters hide the other launches and stay in the URL", async () => {
  await t.go(editor, "/?at=2026-12");
  await editor.selectOption("#f-tier", "1");
  await editor.waitForFunction(() => location.search.includes("tier=1"));
  await t.settled(editor);
  await editor.waitForFunction(() => !document.querySelector("a.chip[href='/launches/slack-integration']"));
  let seen = await chips(editor, ".months");
  assert(seen.length >= 2 && seen.every((c) => c.tier === 1), `not only Tier 1: ${JSON.stringify(seen)}`);
  assert(seen.some((c) => c.slug === "orbit-analytics"), "Orbit analytics is hidden");
  // The address is the view: opening it again gives the same filter.
  await t.go(editor, "/?at=2026-12&tier=1&status=planned");
  assert(await editor.inputValue("#f-tier") === "1" && await editor.inputValue("#f-status") === "planned", "the filters are not read back");
  seen = await chips(editor, ".months");
  assert(seen.length && seen.every((c) => c.tier === 1), JSON.stringify(seen));
  await editor.click("text=Clear filters");
  await editor.waitForFunction(() => !location.search.includes("tier="));
  await t.settled(editor);
  await editor.waitForSelector("a.chip[href='/launches/slack-integration']");
});

await check("previous, next and today move the month; the quarter shows three month grids", async () => {
  await t.go(editor, "/?at=2026-12");
  await editor.click("button[aria-label='Next month']");
  await editor.waitForFunction(() => document.querySelector(".range-title").textContent === "January 2027");
  assert(editor.url().includes("at=2027-01"), editor.url());
  await t.settled(editor);
  assert((await chips(editor)).some((c) => c.slug === "faster-search"), "Faster search (8 January) is missing");
  await editor.click("button[aria-label='Previous month']");
  await editor.waitForFunction(() => document.querySelector(".range-title").textContent === "December 2026");
  await editor.click("text=Today");
  const day = await serverToday();
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const want = `${months[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
  await editor.waitForFunction((w) => document.querySelector(".range-title").textContent === w, want);
  await editor.click("button[aria-pressed=false]:text('Quarter')");
  await t.settled(editor);
  assert(await editor.locator("table.month-grid").count() === 3, "a quarter is not three month grids");
  await t.audit(editor, "portfolio-quarter");
});

await check("the list sorts by date, tier and readiness", async () => {
  await t.go(editor, "/?show=list&span=quarter&at=2026-10");
  const rows = () => editor.$$eval(".launch-table tbody tr", (trs) => trs.map((tr) => ({
    slug: decodeURIComponent(tr.querySelector("a").getAttribute("href").slice(10)),
    tier: Number(tr.querySelector(".tier").textContent.slice(1)),
    score: tr.querySelector(".score") ? Number(tr.querySelector(".score").textContent) : null,
  })));
  const api = await t.api("editor", "GET", "/launches?from=2026-10-01&to=2026-12-31&limit=1000");
  let r = await rows();
  assert(r.length === api.body.length, `${r.length} rows, the API has ${api.body.length}`);
  assert(r.map((x) => x.slug).join() === api.body.map((l) => l.slug).join(), "not in date order");
  await editor.click("th button.sort:text('Tier')");
  await editor.waitForFunction(() => location.search.includes("sort=tier"));
  r = await rows();
  assert(r.every((x, i) => i === 0 || r[i - 1].tier <= x.tier), `not by tier: ${r.map((x) => x.tier)}`);
  await editor.click("th button.sort:text('Tier')");
  await editor.waitForFunction(() => location.search.includes("dir=desc"));
  r = await rows();
  assert(r.every((x, i) => i === 0 || r[i - 1].tier >= x.tier), `not by tier, descending: ${r.map((x) => x.tier)}`);
  assert(await editor.getAttribute("th[aria-sort=descending]", "aria-sort") === "descending", "aria-sort");
  await editor.click("th button.sort:text('Readiness')");
  await editor.waitForFunction(() => location.search.includes("sort=readiness") && !location.search.includes("dir="));
  await t.settled(editor); /* the readiness sort waits for the scores */
  r = await rows();
  const scores = await t.api("editor", "GET", "/launches?from=2026-10-01&to=2026-12-31&with=readiness&limit=1000");
  const want = new Map(scores.body.map((l) => [l.slug, l.readiness.score]));
  assert(r.length === scores.body.length && r.every((x) => x.score === want.get(x.slug)),
         "the list's scores are not the API's");
  const scored = r.filter((x) => x.score !== null).map((x) => x.score);
  assert(scored.every((s, i) => i === 0 || scored[i - 1] <= s), `not by readiness: ${scored}`);
  assert(r.slice(0, scored.length).every((x) => x.score !== null), "launches without a score should sort last");
  await t.audit(editor, "portfolio-list");
});

await check("the owner filter shows what the API's ?owner= gives; an unknown owner is said, not an empty calendar", async () => {
  await t.go(editor, "/?show=list&span=quarter&at=2026-10");
  const slugs = () => editor.$$eval(".launch-table tbody tr a", (as) => as.map((a) => decodeURIComponent(a.getAttribute("href").slice(10))));
  const all = await slugs();
  await editor.waitForSelector("#f-owner option[value='Ben Okafor']", { state: "attached" });
  await editor.selectOption("#f-owner", "Ben Okafor");
  await editor.waitForFunction(() => new URLSearchParams(location.search).get("owner") === "Ben Okafor");
  await t.settled(editor);
  const api = await t.api("editor", "GET", "/launches?from=2026-10-01&to=2026-12-31&owner=Ben%20Okafor&limit=1000");
  assert(api.status === 200 && api.body.length > 0, `GET /launches?owner=: ${api.status}`);
  const shown = await slugs();
  assert(shown.join() === api.body.map((l) => l.slug).join(), `shown ${shown}, the API says ${api.body.map((l) => l.slug)}`);
  assert(shown.length < all.length, `the filter hid nothing (${shown.length} of ${all.length})`);
  assert(await editor.inputValue("#f-owner") === "Ben Okafor", "the filter is not shown");
  // A name no one has (a typo, an old link) is a 404 naming owner: the page says so.
  await t.allowing(/status of 404\b/, async () => {
    await t.go(editor, "/?at=2026-12&owner=Nobody%20Here");
    const err = await editor.textContent("main .error");
    assert(/Nobody Here|owner/i.test(err), `no word on the unknown owner: ${err}`);
  });
});

await check("the calendar feed's address is shown with a copy button, and it answers iCalendar", async () => {
  const feeds = await t.api("editor", "GET", "/me/feeds");
  assert(feeds.status === 200 && feeds.body.launches && feeds.body.tasks, `GET /me/feeds: ${feeds.status}`);
  await t.go(editor, "/?at=2026-12");
  await editor.waitForSelector(".feeds input");
  const shown = await editor.$$eval(".feeds input", (is) => is.map((i) => i.value));
  assert(shown[0] === feeds.body.launches && shown[1] === feeds.body.tasks, `${shown} are not ${JSON.stringify(feeds.body)}`);
  assert((await editor.textContent(".feeds")).includes("Google Calendar"), "no subscribe hint");
  // What a calendar client does with the address: fetch it, without a session.
  for (const url of shown) {
    const r = await fetch(url);
    const body = await r.text();
    assert(r.status === 200 && /^text\/calendar/.test(r.headers.get("Content-Type")), `${url}: ${r.status} ${r.headers.get("Content-Type")}`);
    assert(body.startsWith("BEGIN:VCALENDAR") && body.includes("BEGIN:VEVENT"), `${url} is not an iCalendar with events`);
    if (url === feeds.body.launches) assert(body.includes("Orbit analytics"), "the launch feed lacks Orbit analytics");
  }
  await editor.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await editor.click(".feeds button:text('Copy address')");
  await editor.waitForSelector(".feeds button:text('Copied')");
  assert(await editor.evaluate(() => navigator.clipboard.readText()) === feeds.body.launches, "the copied text is not the address");
});

await check("My work groups the editor's tasks, and ticking one marks it done in the API", async () => {
  await t.go(editor, "/my");
  const mine = await t.api("editor", "GET", "/me/tasks?limit=1000");
  const ids = await editor.$$eval("li.task-row", (lis) => lis.map((li) => Number(li.dataset.task)));
  assert(ids.length === mine.body.length && mine.body.every((x) => ids.includes(x.id)), `${ids.length} rows, ${mine.body.length} tasks`);
  const overdue = await editor.$$eval(".group-overdue li.task-row", (lis) => lis.map((li) => Number(li.dataset.task)));
  const day = await serverToday();
  assert(overdue.length && overdue.every((id) => mine.body.find((x) => x.id === id).due < day), "the overdue group is wrong");
  const id = overdue[0];
  await editor.check(`#task-${id}`);
  await editor.waitForSelector(`li.task-row.is-done[data-task="${id}"]`);
  await editor.waitForFunction(() => !document.querySelector("input[disabled]"));
  const after = await t.api("editor", "GET", `/tasks/${id}`);
  assert(after.body.status === "done", `task ${id} is ${after.body.status}`);
  await t.audit(editor, "my-work");
});

await check("a task changed by someone else meanwhile is a conflict, reloaded, not overwritten", () => t.allowing(/status of 412\b/, async () => {
  await t.go(editor, "/my");
  const id = Number(await editor.getAttribute("li.task-row:not(.is-done)", "data-task"));
  const now = await t.api("editor", "GET", `/tasks/${id}`);
  const changed = await t.api("admin", "PATCH", `/tasks/${id}`, { title: "Rewritten by someone else" }, { "If-Match": now.etag });
  assert(changed.status === 200, `the other change: ${changed.status}`);
  await editor.click(`#task-${id}`); /* ticked, then unticked again when the server says 412 */
  await editor.waitForSelector(".warn[role=alert]");
  assert((await editor.textContent(".warn[role=alert]")).includes("Someone else changed"), "no conflict message");
  // The list now shows the other change, and the task is still open: nothing was overwritten.
  await editor.waitForSelector(`li.task-row[data-task="${id}"]:not(.is-done) .task-title:text("Rewritten by someone else")`);
  const after = await t.api("editor", "GET", `/tasks/${id}`);
  assert(after.body.status === now.body.status && after.body.title === "Rewritten by someone else",
         `the other change was lost: ${JSON.stringify(after.body)}`);
}));

await check("a viewer sees the tasks without tick boxes; a sign-in with no person is told why", async () => {
  const viewer = await t.page("viewer");
  await t.go(viewer, "/my");
  assert(await viewer.locator("li.task-row").count() > 0, "the viewer's (Ben Okafor's) tasks are missing");
  assert(await viewer.locator("li.task-row input[type=checkbox]").count() === 0, "a viewer has tick boxes");
  await viewer.context().close();
  const admin = await t.page("admin");
  await t.go(admin, "/my");
  assert((await admin.textContent("main")).includes("is not linked to a person"), "no explanation");
  await t.audit(admin, "my-work-no-person");
  await admin.context().close();
});

await check("a heat-map cell lists the tasks the load puts behind it, with links to their launches", async () => {
  // The weeks the page shows (twelve from this week's Monday), asked of the API the way the page asks.
  const day = await serverToday();
  const d = new Date(`${day}T12:00:00Z`);
  const from = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400000).toISOString().slice(0, 10);
  const to = new Date(Date.parse(`${from}T12:00:00Z`) + (12 * 7 - 1) * 86400000).toISOString().slice(0, 10);
  const load = await t.api("editor", "GET", `/load?from=${from}&to=${to}`);
  assert(load.status === 200 && load.body.weeks.length === 12, `GET /load: ${load.status}`);
  await t.go(editor, "/people");
  const buttons = editor.locator(".heat td.load-cell button");
  assert(await buttons.count() > 0, "no cell has load");
  const over = editor.locator(".heat td.load-cell.over button");
  const cell = (await over.count()) ? over.first() : buttons.first();
  await cell.click();
  await editor.waitForSelector(".cell-tasks");
  await t.settled(editor);
  const key = decodeURIComponent(new URL(editor.url()).searchParams.get("cell"));
  const [person, week] = key.split("|");
  const shown = await editor.$$eval(".cell-tasks tbody tr", (trs) => trs.map((tr) => Number(tr.dataset.task)));
  // The tasks of that cell in the API's answer, in its order, with its titles.
  const cellApi = load.body.people.find((p) => p.name === person).weeks.find((w) => w.week === week);
  assert(cellApi && cellApi.tasks.length, `the API has no tasks in the cell ${key}`);
  assert(shown.join() === cellApi.tasks.map((x) => x.id).join(), `shown ${shown}, the API says ${cellApi.tasks.map((x) => x.id)}`);
  const titles = await editor.$$eval(".cell-tasks tbody td:first-child", (tds) => tds.map((td) => td.textContent));
  assert(titles.join("|") === cellApi.tasks.map((x) => x.title).join("|"), "the titles are not the API's");
  const headerWeeks = await editor.$$eval(".heat thead abbr", (as) => as.map((a) => a.getAttribute("title")));
  assert(headerWeeks.join() === load.body.weeks.map((w) => w.week).join(), `the weeks shown: ${headerWeeks}`);
  const links = await editor.$$eval(".cell-tasks tbody a", (as) => as.map((a) => a.getAttribute("href")));
  assert(links.length === shown.length && links.every((h) => h.startsWith("/launches/")), `launch links: ${links}`);
  await t.audit(editor, "people-load");
});

await check("an admin adds a person with the form the PersonInput schema describes", async () => {
  const admin = await t.page("admin");
  await t.go(admin, "/people");
  await admin.click("button:text('Add a person')");
  await admin.waitForSelector("form.add-person input[name=name]");
  const hint = await admin.textContent("form.add-person .hint");
  assert(hint && hint.length > 3, "the fields have no hints");
  await admin.fill("form.add-person input[name=name]", "Grace Ito");
  await admin.selectOption("form.add-person select[name=role]", "support");
  await admin.fill("form.add-person input[name=email]", "grace@example.com");
  await admin.click("form.add-person button[type=submit]");
  await admin.waitForSelector(".people-table th:text('Grace Ito')");
  const people = await t.api("admin", "GET", "/people");
  const g = people.body.find((p) => p.name === "Grace Ito");
  assert(g && g.role === "support" && g.email === "grace@example.com", JSON.stringify(g));
  await t.audit(admin, "people-admin");
  await admin.context().close();
});

await t.done();
