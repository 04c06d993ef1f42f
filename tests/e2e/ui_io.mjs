// ui_io.mjs - a launch's plan in and out in a real browser: the launch room
// offers its plan as CSV, JSON, iCalendar and Markdown downloads (a viewer
// too; the file is the API's, named by Content-Disposition) and, to editors
// only, "Import tasks…"; the import page takes the tool and its CSV file with
// the keyboard alone, previews the dry run (what would be created and
// skipped and why, the owners not in tminus, the cycle whose closing edge is
// skipped) with nothing saved, and "Import" (enabled only once a preview of
// this very file is shown) saves it; a file with a bad row shows its
// file:line:column and saves nothing. No console error or CSP violation
// (ui_lib watches), axe-core on the page before and after the preview,
// screenshots at both sizes.
import { readFileSync } from "node:fs";
import { start, assert, focused } from "./ui_lib.mjs";

const SLUG = "imported-plan";
const t = await start({
  setup: (tm) => tm(["launch", "add", "Imported plan", "--date", "2027-03-16", "--tier", "4", "--pm", "Ana Silva",
    "--marketing", "Ben Okafor"]),
});
const PLAN = [
  "id,title,section,owner,due,effort,depends_on,parent",
  "p1,Pricing page copy,Content,Ana Silva,2027-02-15,3,,",
  "p2,\"Launch blog post, long form\",Content,Ben Okafor,2027-02-22,2,p1,",
  "p3,Sales deck,Sales Enablement,Zed Newcomer,2027-02-18,4,,",
  "p4,Deck screenshots,Sales Enablement,,2027-02-10,1,,p3",
  "p5,Loop one,Launch,,2027-02-20,1,p6,",
  "p6,Loop two,Launch,,2027-02-21,1,p5,",
].join("\r\n") + "\r\n";
const BAD = PLAN + "p7,Bad date,Content,,the day after,1,,\r\n";
const tasks = async () => (await t.api("viewer", "GET", `/launches/${SLUG}/tasks?limit=1000`)).body;
const before = (await tasks()).length;

/** The answer to the page's next POST …/import. */
const importAnswer = () => editor.waitForResponse((r) => r.url().includes(`/launches/${SLUG}/import?`) &&
  r.request().method() === "POST");

const viewer = await t.page("viewer");
const editor = await t.page("editor");

await t.check("the launch room offers its plan in four formats, to a viewer too, and import to editors only", async () => {
  await t.go(viewer, `/launches/${SLUG}`);
  const links = await viewer.$$eval(".launch-io .downloads a", (as) => as.map((a) => [a.textContent.split(":")[0], a.getAttribute("href"),
    a.hasAttribute("download")]));
  assert(JSON.stringify(links.map((l) => l[0])) === JSON.stringify(["CSV", "JSON", "iCalendar", "Markdown"]), `links ${JSON.stringify(links)}`);
  assert(links.every((l) => l[2]), "a link is no download");
  assert(links[0][1] === `/api/v1/launches/${SLUG}/export?format=csv`, `the CSV link is ${links[0][1]}`);
  assert(!(await viewer.$(".import-link")), "a viewer is offered the import");
  await t.audit(viewer, "launch-downloads");
  const [download] = await Promise.all([viewer.waitForEvent("download"), viewer.click(".launch-io a[data-format=csv]")]);
  assert(download.suggestedFilename() === `${SLUG}.csv`, `saved as ${download.suggestedFilename()}`);
  const text = readFileSync(await download.path(), "utf8");
  assert(/^\uFEFF?id,title,section/.test(text) && text.includes("\r\n"), `the file begins ${JSON.stringify(text.slice(0, 60))}`);
  await t.go(editor, `/launches/${SLUG}`);
  assert(await editor.$(".import-link"), "an editor is not offered the import");
});

await t.check("the tool and the file are chosen with the keyboard, and the preview saves nothing", async () => {
  await t.go(editor, `/launches/${SLUG}`);
  await editor.click(".import-link");
  await editor.waitForSelector("h1");
  assert((await editor.textContent("h1")).includes("Import tasks into Imported plan"), "not the import page");
  assert(await editor.isDisabled("#import-confirm"), "Import is offered before a preview");
  await t.audit(editor, "import");
  // The tool: arrows move within the radio group.
  await editor.focus("#source-asana");
  for (let i = 0; i < 3; i++) await editor.keyboard.press("ArrowDown");
  assert(await editor.isChecked("#source-csv"), "the arrows did not reach the spreadsheet");
  await editor.setInputFiles("#import-file", { name: "q1 plan.csv", mimeType: "text/csv", buffer: Buffer.from(PLAN) });
  await editor.focus("#import-preview");
  const [r] = await Promise.all([importAnswer(), editor.keyboard.press("Enter")]);
  assert(r.status() === 200 && r.url().includes("dry_run=true") && r.url().includes("source=csv"), `the preview asked ${r.url()}`);
  await editor.waitForSelector("table.import-rows");
  // Focus moves to the preview's heading, so a screen reader reads on from there.
  await focused(editor, "#import-preview-h", "focus did not move to the preview");
  const rows = await editor.$$eval("table.import-rows tbody tr", (trs) => trs.map((tr) => [tr.dataset.line, tr.dataset.action,
    tr.querySelector("th").textContent.trim()]));
  assert(rows.length === 6 && rows.every((x) => x[1] === "created"), `rows ${JSON.stringify(rows)}`);
  assert(rows[1][2].startsWith("Launch blog post, long form"), `row 2 ${rows[1][2]}`);
  assert((await editor.textContent(".import-people")).includes("Zed Newcomer"), "the unknown owner is not listed");
  assert((await editor.textContent(".import-cycles")).includes("Loop one"), "the cycle is not named");
  assert((await tasks()).length === before, "the preview saved tasks");
  assert(!(await editor.isDisabled("#import-confirm")), "Import stays disabled after the preview");
  await t.audit(editor, "import-preview");
});

await t.check("a change of the options makes the preview stale until it is made again", async () => {
  await editor.check("#import-create-people");
  assert(await editor.isDisabled("#import-confirm"), "Import is offered for a preview of other options");
  assert(await editor.$(".import-preview .stale"), "the old preview is not marked stale");
  await editor.click("#import-preview");
  await editor.waitForFunction(() => !document.querySelector(".import-preview .stale") && document.querySelector("table.import-rows"));
  assert((await editor.textContent(".import-people")).includes("would be added"), "create_people is not previewed");
});

await t.check("Import saves what the preview showed, and says so", async () => {
  const [r] = await Promise.all([importAnswer(), editor.click("#import-confirm")]);
  assert(r.status() === 201 && !r.url().includes("dry_run"), `the import answered ${r.status()} for ${r.url()}`);
  await editor.waitForSelector("h1:has-text('Imported into')");
  await focused(editor, "h1", "focus is not on the outcome");
  const after = await tasks();
  assert(after.length === before + 6, `${after.length - before} tasks made`);
  const deck = after.find((x) => x.title === "Sales deck");
  assert(deck && deck.owner === "Zed Newcomer" && deck.depends_on.length === 1, `the deck is ${JSON.stringify(deck)}`);
  await t.audit(editor, "import-done");
});

await t.check("a file with a bad row shows its file, line and column, and saves nothing", async () => {
  await t.go(editor, `/launches/${SLUG}/import`);
  await editor.check("#source-csv");
  await editor.setInputFiles("#import-file", { name: "bad plan.csv", mimeType: "text/csv", buffer: Buffer.from(BAD) });
  const count = (await tasks()).length;
  await t.allowing(/status of 400/, async () => {
    await editor.click("#import-preview");
    await editor.waitForSelector(".import-error[role=alert]");
  });
  const where = await editor.textContent(".import-error .where");
  assert(where.includes("bad plan.csv") && where.includes("line 8") && /column \d+/.test(where), `the error says ${where}`);
  assert(await editor.isDisabled("#import-confirm"), "Import is offered for a refused file");
  assert((await tasks()).length === count, "the refused file saved tasks");
});

await t.done();
