// ui_streams.mjs - issue 12 in the launch room: the head names the launch's
// executive sponsor (the CPO by default) and the DRI of each marketing stream
// (or says there is none yet); the checklist says each task's stream, that an
// external task awaits approval and whose is missing, and gives the signed-in
// person who is one of them an Approve button (POST /tasks/{id}/approve),
// usable from the keyboard; a product milestone engineering has not dated
// says "date unknown"; a viewer approves nothing. axe-core on each view; no
// console error or CSP violation (ui_lib watches).
import { start, assert } from "./ui_lib.mjs";

const LAUNCH = "usage-based-billing";
let blog = null; // the external task the editor (Ana Silva) reviews, set done before the server starts
const t = await start({
  setup(tm) {
    const json = (args) => JSON.parse(tm(["--json", ...args]));
    tm(["person", "set", "Emma Berg", "--title", "CPO"]);
    tm(["launch", "set", LAUNCH, "--dri", "pr=Dev Patel", "--dri", "content=Chloé Martin"]);
    blog = json(["task", "list", LAUNCH]).find((x) => x.title === "Launch blog post");
    tm(["task", "set", String(blog.id), "--reviewer", "Ana Silva"]);
    tm(["task", "set", String(blog.id), "--status", "done"]);
  },
});
const page = await t.page("editor");
const api = (method, path, body, headers) => t.api("editor", method, path, body, headers);
const row = (id) => `#task-${id}`;

await t.check("the launch head shows the sponsor (the CPO by default) and each stream's DRI or none yet", async () => {
  await t.go(page, `/launches/${LAUNCH}`);
  const launch = (await api("GET", `/launches/${LAUNCH}`)).body;
  assert(launch.sponsor && launch.sponsor.name === "Emma Berg" && launch.sponsor.default === true, "the API's sponsor (test data)");
  const sponsor = await page.textContent(".room-head .sponsor");
  assert(sponsor.includes("Executive sponsor") && sponsor.includes("Emma Berg") && sponsor.includes("default: CPO"), `sponsor: ${sponsor}`);
  const pr = await page.textContent(".dri-list [data-stream=pr]");
  assert(pr.includes("PR sync") && pr.includes("Dev Patel"), `the PR stream says ${pr}`);
  assert((await page.textContent(".dri-list [data-stream=content]")).includes("Chloé Martin"), "the content stream's DRI");
  const ar = await page.textContent(".dri-list [data-stream=ar]");
  assert(ar.includes("AR sync") && ar.includes("no DRI yet"), `the AR stream says ${ar}`);
  // Every DRI the API names is on the page, under the stream's name.
  for (const d of launch.dris)
    assert((await page.textContent(`.dri-list [data-stream=${d.stream}]`)).includes(d.person), `no DRI for ${d.stream}`);
  assert(await page.locator("#dris-h").count() === 1, "the DRIs have no heading");
  await t.audit(page, "launch-dris");
});

await t.check("the checklist shows each task's stream and who external copy still awaits", async () => {
  const tasks = (await api("GET", `/launches/${LAUNCH}`)).body.tasks;
  const press = tasks.find((x) => x.title === "Press strategy and timing agreed");
  assert((await page.textContent(row(press.id))).includes("PR sync"), "a task's stream is not shown");
  const b = tasks.find((x) => x.id === blog.id);
  assert(b.status === "awaiting_approval", `the blog post is ${b.status} (test data)`);
  const text = await page.textContent(row(b.id));
  assert(text.includes("Content sync") && text.includes("awaiting approval"), `the blog post's row: ${text}`);
  const line = await page.textContent(`${row(b.id)} .cl-approval`);
  assert(line.includes("Ben Okafor (PMM)") && line.includes("Ana Silva"), `whose approval is missing: ${line}`);
  // The approval line describes the tick box, so a screen reader hears it with the task.
  assert(await page.getAttribute(`#done-${b.id}`, "aria-describedby") === `appr-${b.id}`, "the tick box is not described by its approval");
  // Only the tasks the signed-in person still has to approve offer the button.
  const buttons = await page.$$eval(".cl-approval button.approve", (l) => l.map((x) => x.closest("li").id));
  assert(buttons.length === 1 && buttons[0] === `task-${b.id}`, `Approve buttons on ${buttons}`);
});

await t.check("Approve, from the keyboard, records the signed-in person's approval and says who is still missing", async () => {
  const button = `${row(blog.id)} button.approve`;
  assert((await page.getAttribute(button, "aria-label")).includes("as Ana Silva"), "the button does not say who approves");
  const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${blog.id}/approve`) && r.request().method() === "POST");
  await page.focus(button);
  await page.keyboard.press("Enter");
  const r = await answer;
  assert(r.status() === 200, `the approval was answered ${r.status()}`);
  assert(JSON.parse(r.request().postData() || "{}").as === undefined, "the page approved for someone named, not as the signed-in user");
  await page.waitForSelector(`${row(blog.id)} .cl-note.ok`);
  assert((await page.textContent(`${row(blog.id)} .cl-note`)).includes("still waiting for Ben Okafor"), "the note does not say who is missing");
  const line = await page.textContent(`${row(blog.id)} .cl-approval`);
  assert(line.includes("Awaiting approval by Ben Okafor (PMM)") && line.includes("approved by Ana Silva"), `after approving: ${line}`);
  assert(await page.locator(button).count() === 0, "the button stays after approving");
  const now = (await api("GET", `/tasks/${blog.id}`)).body;
  assert(now.status === "awaiting_approval" && JSON.stringify(now.approved_by) === JSON.stringify(["Ana Silva"]), `the server has ${now.status} ${now.approved_by}`);
  // The PMM's approval (on the command line) completes it: done, approved by both.
  t.tm(["task", "approve", String(blog.id), "--as", "Ben Okafor"]);
  await t.go(page, `/launches/${LAUNCH}`);
  assert(await page.isChecked(`#done-${blog.id}`), "the approved task is not ticked");
  assert((await page.textContent(`${row(blog.id)} .cl-approval`)).includes("Approved by Ana Silva, Ben Okafor"), "the approvers are not listed");
  await t.audit(page, "launch-approval");
});

await t.check("a product milestone engineering has not dated says date unknown", async () => {
  const tasks = (await api("GET", `/launches/${LAUNCH}`)).body.tasks;
  const product = tasks.filter((x) => x.product && !x.due);
  assert(product.length > 0, "the demo launch has no undated product milestone");
  for (const x of product) {
    const text = await page.textContent(row(x.id));
    assert(text.includes("date unknown") && text.includes("product milestone"), `${x.title}: ${text}`);
    assert(await page.getAttribute(`${row(x.id)} .cl-due input`, "aria-describedby") === `off-${x.id}`, "the empty date field is not described");
  }
});

await t.check("a viewer sees approvals and DRIs but approves nothing", async () => {
  const viewer = await t.page("viewer");
  await t.go(viewer, `/launches/${LAUNCH}`);
  assert(await viewer.locator("button.approve").count() === 0, "a viewer is offered Approve");
  assert((await viewer.textContent(".dri-list")).includes("Dev Patel"), "the viewer does not see the DRIs");
  assert(await viewer.locator(".cl-approval").count() > 0, "the viewer does not see the approval state");
  await viewer.context().close();
});

await t.done();
