// ui_admin.mjs - the new-launch form and the admin's settings in a real
// browser against a real server: a Tier 1 launch made from criteria (the
// suggested tier and the playbook's tasks shown before anything is saved),
// a server refusal shown by its field, a holiday that moves a plan, a
// playbook upload refused with LINE:COLUMN and one accepted, a token whose
// secret is shown once and works, a user's one-time password, and what a
// viewer is kept from. Every page is checked by axe and photographed.
import { start, assert, focused, TODAY } from "./ui_lib.mjs";

const t = await start();
const admin = await t.page("admin");
const text = (sel) => admin.textContent(sel);
/** Waits until fn(document) is true in the admin's page. */
const until = (fn, arg) => admin.waitForFunction(fn, arg, { timeout: 15000 });
let preview = null; // the task titles the preview listed

await t.check("a refused launch shows the server's message by the field it names, with focus there", async () => {
  await t.go(admin, "/launches/new");
  await admin.fill("input[name=name]", "Orion");
  await admin.check("input[name='criteria/major']");
  await t.allowing(/status of 400/, async () => {
    await admin.click(".nl-form button[type=submit]");
    await admin.waitForSelector("input[name=date][aria-invalid=true]");
  });
  await focused(admin, "[name=date]", "focus is not on the date");
  const described = await admin.$eval("input[name=date]", (el) =>
    el.getAttribute("aria-describedby").split(" ").map((id) => document.getElementById(id).textContent).join(" "));
  assert(/date/i.test(described) && /missing|YYYY/i.test(described), `the date's message: ${described}`);
});

await t.check("criteria suggest Tier 1 with its rationale, and the playbook's tasks are listed before creating", async () => {
  await admin.check("input[name='criteria/revenue_impact']");
  await until(() => /Tier 1.*revenue impact/is.test(document.querySelector(".suggested")?.textContent || ""));
  const s = await text(".suggested");
  assert(/revenue impact/i.test(s) && /major/i.test(s), `the rationale: ${s}`);
  await admin.fill("input[name=date]", "2027-03-10");
  await until(() => document.querySelectorAll(".pv-section li").length > 20 && !document.querySelector(".pv-body.stale"));
  preview = await admin.$$eval(".pv-section li", (els) => els.map((e) => e.dataset.title));
  assert(preview.some((x) => x.includes("Value proposition defined")), preview.join("; "));
  assert(/T1/.test(await text(".pv-summary")), await text(".pv-summary"));
  const dues = await admin.$$eval(".pv-section li .pv-due time", (els) => els.map((e) => e.getAttribute("datetime")));
  assert(dues.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), `due dates: ${dues}`);
  // The product track's milestones have no date until engineering gives one: said so, not a blank.
  const unknown = await admin.$$eval(".pv-section li .pv-due .unknown", (els) => els.map((e) => e.textContent));
  assert(unknown.length === 4 && unknown.every((x) => x === "date unknown"), `undated: ${unknown}`);
  assert(dues.length + unknown.length === preview.length, "a task with neither a date nor date unknown");
  const none = await t.api("admin", "GET", "/launches/orion");
  assert(none.status === 404, `the preview saved the launch: ${none.status}`);
  await admin.selectOption("select[name=pm]", "Ana Silva");
  await admin.click("summary");
  await admin.selectOption("select[name='owners/sales']", "Dev Patel");
  await until(() => !document.querySelector(".pv-body.stale"));
  // The preview fades back in (opacity .6 → 1 over .2s): axe measures contrast on what it sees, so
  // it looks once the fade is over, not halfway through it.
  await until(() => getComputedStyle(document.querySelector(".pv-body")).opacity === "1");
  await t.audit(admin, "new-launch");
});

await t.check("Create makes the Tier 1 launch the preview showed and opens it", async () => {
  await Promise.all([admin.waitForURL(t.base + "/launches/orion"), admin.click(".nl-form button[type=submit]")]);
  const r = await t.api("admin", "GET", "/launches/orion");
  assert(r.status === 200 && r.body.tier === 1, `status ${r.status}, tier ${r.body.tier}`);
  assert(r.body.pm === "Ana Silva" && r.body.owners.sales === "Dev Patel", JSON.stringify([r.body.pm, r.body.owners]));
  const made = r.body.tasks.map((x) => x.title).sort();
  assert(JSON.stringify(made) === JSON.stringify([...preview].sort()), `made ${made.length} tasks, previewed ${preview.length}`);
});

await t.check("the settings' sections follow the tabs, and each passes axe", async () => {
  for (const [tab, heading] of [["people", "Add a person"], ["users", "Add a user"], ["tokens", "Create a token"],
                                ["calendar", "Add a holiday"], ["playbook", "The playbook in force"]]) {
    await t.go(admin, tab === "people" ? "/settings" : `/settings?tab=${tab}`);
    assert((await text("[role=tabpanel]")).includes(heading), `${tab}: no "${heading}"`);
    await t.audit(admin, `settings-${tab}`);
  }
  // The arrow keys move between tabs.
  await t.go(admin, "/settings");
  await admin.focus("[role=tab][aria-selected=true]");
  await admin.keyboard.press("ArrowRight");
  await until(() => document.activeElement.id === "tab-users" && location.search === "?tab=users");
});

await t.check("an admin adds a person, and the list shows them", async () => {
  await t.go(admin, "/settings");
  await admin.fill("#add-person input[name=name]", "Gita Rao");
  await admin.selectOption("#add-person select[name=role]", "support");
  await admin.fill("#add-person input[name=capacity]", "3");
  await admin.click("#add-person button[type=submit]");
  await until(() => [...document.querySelectorAll("tbody th")].some((th) => th.textContent === "Gita Rao"));
  const p = (await t.api("admin", "GET", "/people")).body.find((x) => x.name === "Gita Rao");
  assert(p && p.role === "support" && p.capacity === 3, JSON.stringify(p));
});

await t.check("an admin changes a person in place, and the API has the change", async () => {
  await t.go(admin, "/settings");
  await admin.click("button[aria-label='Edit Gita Rao']");
  await admin.waitForSelector("#edit-person input[name=capacity]");
  assert(await admin.inputValue("#edit-person input[name=name]") === "Gita Rao", "the form does not start from the person");
  await admin.fill("#edit-person input[name=capacity]", "4");
  await admin.fill("#edit-person input[name=email]", "gita@example.com");
  await admin.click("#edit-person button[type=submit]");
  await until(() => !document.querySelector("#edit-person"));
  const p = (await t.api("admin", "GET", "/people")).body.find((x) => x.name === "Gita Rao");
  assert(p.capacity === 4 && p.email === "gita@example.com", JSON.stringify(p));
  assert((await text(".settings table")).includes("gita@example.com") || (await admin.textContent("main")).includes("gita@example.com"),
         "the list does not show the change");
  await t.audit(admin, "settings-people-edit");
});

await t.check("an admin adds a holiday and the plan moves off it", async () => {
  const before = (await t.api("admin", "GET", "/launches/orion")).body.tasks;
  const task = before.find((x) => x.offset && x.offset.startsWith("T-") && x.due > TODAY && x.status === "todo" && !x.milestone);
  assert(task, "no task counted from T");
  await t.go(admin, "/settings?tab=calendar");
  await admin.fill("#add-holiday input[name=date]", task.due);
  await admin.fill("#add-holiday input[name=name]", "Founders' day");
  await admin.click("#add-holiday button[type=submit]");
  await until(() => /Added 1 holiday/.test(document.querySelector(".result")?.textContent || ""));
  assert(/moved/.test(await text(".result")) && !/no task/.test(await text(".result")), await text(".result"));
  assert((await text(".holidays table")).includes("Founders' day"), "the holiday is not listed");
  const after = (await t.api("admin", "GET", "/launches/orion")).body.tasks.find((x) => x.id === task.id);
  assert(after.due !== task.due, `"${task.title}" is still due on the holiday ${task.due}`);
});

await t.check("an iCalendar file imports holidays", async () => {
  const ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:a@test", "DTSTAMP:20260101T000000Z",
               "DTSTART;VALUE=DATE:20270105", "SUMMARY:Company offsite", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
  await admin.setInputFiles("#holiday-ics", { name: "days.ics", mimeType: "text/calendar", buffer: Buffer.from(ics) });
  await until(() => (document.querySelector(".holidays table")?.textContent || "").includes("Company offsite"));
  const days = (await t.api("admin", "GET", "/holidays")).body;
  assert(days.some((d) => d.date === "2027-01-05"), JSON.stringify(days));
});

await t.check("a freeze is added and removed, asking first", async () => {
  await admin.fill("#add-freeze input[name=name]", "Year-end freeze");
  await admin.fill("#add-freeze input[name=from]", "2026-12-21");
  await admin.fill("#add-freeze input[name=to]", "2027-01-01");
  await admin.click("#add-freeze button[type=submit]");
  await until(() => (document.querySelector(".freezes table")?.textContent || "").includes("Year-end freeze"));
  await admin.click("button[aria-label='Remove the freeze Year-end freeze']");
  await admin.click(".freezes .confirm button.danger");
  await until(() => !(document.querySelector(".freezes")?.textContent || "").includes("Remove the freeze Year-end"));
  assert((await t.api("admin", "GET", "/freezes")).body.length === 0, "the freeze is still there");
});

await t.check("a playbook with a mistake is refused with LINE:COLUMN, a good one is used", async () => {
  await t.go(admin, "/settings?tab=playbook");
  await t.allowing(/status of 4\d\d/, async () => {
    await admin.setInputFiles("#playbook-file", { name: "bad.yaml", mimeType: "application/yaml",
                                                  buffer: Buffer.from("playbook: mine\ntiers: [\n") });
    await admin.waitForSelector(".playbook-errors");
  });
  const where = await admin.$$eval(".playbook-errors li code", (els) => els.map((e) => e.textContent));
  assert(where.length && where.every((w) => /^\d+:\d+$/.test(w)), `positions: ${where} in ${await text(".playbook-errors")}`);
  const yaml = await text("pre.yaml");
  assert(yaml.includes("tiers:"), "the YAML in force is not shown");
  await admin.setInputFiles("#playbook-file", { name: "ours.yaml", mimeType: "application/yaml",
                                                buffer: Buffer.from(yaml.replace("name: Major launch", "name: Flagship launch")) });
  await until(() => (document.querySelector("table.tiers")?.textContent || "").includes("Flagship launch"));
  assert(!(await admin.isVisible(".playbook-errors")), "the old refusal is still shown");
  await admin.click("button[aria-label='Restore the default playbook']");
  await admin.click(".confirm button.danger");
  await until(() => (document.querySelector("table.tiers")?.textContent || "").includes("Major launch"));
});

await t.check("a token's secret is shown once, works as a bearer token, and stops when revoked", async () => {
  await t.go(admin, "/settings?tab=tokens");
  await admin.fill("input[name=name]", "CI export");
  await admin.selectOption("select[name=scope]", "read");
  await admin.click("main form button[type=submit]");
  const secret = (await (await admin.waitForSelector("[data-secret]")).textContent()).trim();
  const me = await fetch(t.base + "/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  assert(me.status === 200 && (await me.text()).includes("root"), `GET /me with the token: ${me.status}`);
  await admin.click("text=I have saved it");
  assert(!(await admin.content()).includes(secret), "the secret is still on the page");
  await t.go(admin, "/settings?tab=tokens");
  assert(!(await admin.content()).includes(secret), "the secret came back");
  await admin.click("button[aria-label='Revoke token CI export']");
  await admin.click(".confirm button.danger");
  await until(() => [...document.querySelectorAll("tr.revoked th")].some((th) => th.textContent === "CI export"));
  const gone = await fetch(t.base + "/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  assert(gone.status === 401, `the revoked token still works: ${gone.status}`);
});

await t.check("a new user gets a one-time password, shown once, that leads to choosing their own", async () => {
  await t.go(admin, "/settings?tab=users");
  await admin.fill("input[name=name]", "uma");
  await admin.selectOption("select[name=role]", "editor");
  await admin.selectOption("select[name=person]", "Emma Berg");
  await admin.click("main form button[type=submit]");
  const pw = (await (await admin.waitForSelector("[data-secret]")).textContent()).trim();
  assert((await text(".secret")).includes("choose their own"), await text(".secret"));
  const u = (await t.api("admin", "GET", "/users")).body.find((x) => x.name === "uma");
  assert(u && u.role === "editor" && u.person === "Emma Berg", JSON.stringify(u));
  const ctx = await t.browser.newContext();
  const p = await ctx.newPage();
  await p.goto(t.base + "/login");
  await p.fill("#user", "uma");
  await p.fill("#password", pw);
  await Promise.all([p.waitForURL(/\/password/), p.click("button[type=submit]")]);
  await ctx.close();
  await admin.click("text=I have saved it");
  // Changing the role saves at once; removing asks first.
  await admin.selectOption(`#role-${u.id}`, "viewer");
  const role = async () => (await t.api("admin", "GET", "/users")).body.find((x) => x.name === "uma").role;
  for (let i = 0; i < 50 && (await role()) !== "viewer"; i++) await admin.waitForTimeout(100);
  assert((await role()) === "viewer", "the role did not change");
  await admin.click("button[aria-label='Remove uma']");
  await admin.click(".confirm button.danger");
  await until(() => ![...document.querySelectorAll("tbody th")].some((th) => th.textContent.startsWith("uma")));
  assert(!(await t.api("admin", "GET", "/users")).body.some((x) => x.name === "uma"), "uma is still a user");
});

await t.check("a viewer sees no admin settings and cannot create a launch", async () => {
  const viewer = await t.page("viewer");
  await t.go(viewer, "/settings");
  assert((await viewer.textContent("main")).includes("Settings are for admins only"), await viewer.textContent("main"));
  assert(await viewer.$("[role=tablist]") === null && await viewer.$("main form") === null, "the viewer got the settings");
  await t.audit(viewer, "settings-viewer");
  await t.go(viewer, "/launches/new");
  assert((await viewer.textContent("main")).includes("Only editors and admins create launches"), await viewer.textContent("main"));
  assert(await viewer.$("form.nl-form") === null, "the viewer got the form");
  const r = await t.api("viewer", "POST", "/launches", { name: "Sneaky", date: "2027-03-10", tier: 4 });
  assert(r.status === 403, `a viewer's POST /launches: ${r.status}`);
  await viewer.context().close();
});

await t.done();
