// ui_roadmap.mjs - the roadmap, the decision ledger and the glossary in a
// real browser. The roadmap is a timeline by quarter: every item in the API's
// tree order under its target quarter, at its level, its launches in the
// quarter of their day with their names; a red item says so in words and
// says why (the demo's usage-based billing cannot meet its day); the owner
// and quarter filters live in the address and give the API's own items; an
// editor adds an item and records a review with the keyboard, and the
// "review due" line goes; a viewer gets no form. The ledger shows each
// decision's options with the chosen one, who decided, and links to what it
// is about; its search box is bound to ?search= and finds what the API
// finds; a decision recorded with its options shows. A term and a persona
// added to the glossary show (a persona with its role, goals and pains); a
// term twice is refused by its field. No console error or CSP violation
// (ui_lib watches), axe-core on each page, screenshots of the three pages.
import { start, assert, focused, TODAY } from "./ui_lib.mjs";

const t = await start();
const api = (method, path, body, headers) => t.api("editor", method, path, body, headers);
const squash = (s) => String(s).replace(/\s+/g, " ").trim();
let seq = 0;
async function post(path, body) {
  const r = await api("POST", path, body, { "Idempotency-Key": `ui-roadmap-${++seq}` });
  assert(r.status === 201, () => `POST ${path} ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const roadmap = async (q = "") => (await api("GET", `/roadmap${q}`)).body;
const quarterOf = (d) => `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;

// The roadmap: two strategic bets, an initiative, three releases delivered by demo launches.
const S = await post("/roadmap", { title: "Win the mid-market", level: "strategic", owner: "Ana Silva", quarter: "2027Q1" });
const S2 = await post("/roadmap", { title: "Self-serve growth", level: "strategic", owner: "Ana Silva", quarter: "2027Q2" });
const I = await post("/roadmap", { title: "Usage pricing", level: "initiative", parent: S.id, owner: "Ben Okafor", quarter: "2027Q1" });
const R1 = await post("/roadmap", { title: "Billing v1", level: "release", parent: I.id, owner: "Ben Okafor", quarter: "2026Q4",
  status: "green", launches: ["usage-based-billing"] });
const R2 = await post("/roadmap", { title: "Polish", level: "release", parent: I.id, owner: "Chloé Martin", quarter: "2026Q4",
  status: "yellow", launches: ["dark-mode"] });
const R3 = await post("/roadmap", { title: "Search that finds", level: "release", parent: I.id, quarter: "2027Q1",
  launches: ["faster-search"] });

const editor = await t.page("editor");
/** The items the timeline shows, in order, with what each row says. */
const rows = (page) => page.$$eval(".rm-timeline tbody tr", (trs) => trs.map((tr) => ({
  id: Number(tr.dataset.item), colour: tr.dataset.colour,
  bar: [...tr.querySelectorAll("td")].filter((td) => td.querySelector(".rm-bar")).map((td) => td.dataset.quarter),
  launches: [...tr.querySelectorAll("td")].flatMap((td) => [...td.querySelectorAll(".rm-launch")].map((li) =>
    ({ quarter: td.dataset.quarter, slug: li.dataset.launch, date: li.dataset.date, text: li.textContent }))),
  head: tr.querySelector("th").textContent,
})));

await t.check("the timeline shows every item under its quarter, at its level, with its launches on their days", async () => {
  await t.go(editor, "/");
  await editor.click("header nav a[href='/roadmap']");
  await editor.waitForURL(`${t.base}/roadmap`);
  await t.settled(editor);
  await editor.waitForSelector(".rm-timeline");
  assert(await editor.getAttribute("header nav a[href='/roadmap']", "aria-current") === "page", "the nav does not say where we are");
  const d = await roadmap();
  const shown = await rows(editor);
  assert(JSON.stringify(shown.map((r) => r.id)) === JSON.stringify(d.items.map((i) => i.id)),
    () => `rows ${shown.map((r) => r.id)} vs the API's ${d.items.map((i) => i.id)}`);
  // The API's tree order: the initiative under its strategic item, the releases under it.
  const order = shown.map((r) => r.id);
  assert(order.indexOf(S.id) < order.indexOf(I.id) && order.indexOf(I.id) < order.indexOf(R1.id) &&
    order.indexOf(R1.id) < order.indexOf(S2.id), `tree order ${order}`);
  const heads = await editor.$$eval(".rm-timeline thead th[data-quarter]", (ths) => ths.map((th) => th.dataset.quarter));
  for (const q of ["2026Q4", "2027Q1", "2027Q2"]) assert(heads.includes(q), `no column for ${q}: ${heads}`);
  assert(JSON.stringify(heads) === JSON.stringify([...heads].sort()), `columns out of order ${heads}`);
  for (const it of d.items) {
    const r = shown.find((x) => x.id === it.id);
    assert(JSON.stringify(r.bar) === JSON.stringify(it.quarter ? [it.quarter] : []), `${it.title}: bar under ${r.bar}, quarter ${it.quarter}`);
    assert(squash(r.head).includes(it.title), `${it.title}: the row says ${r.head}`);
    const level = { strategic: "Strategic", initiative: "Initiative", release: "Release" }[it.level];
    assert(squash(r.head).startsWith(level), `${it.title}: no level ${level} in ${r.head}`);
    // Every launch of the item in the column of its day's quarter, named, with its day.
    assert(r.launches.length === it.launches.length, `${it.title}: ${r.launches.length} launches shown of ${it.launches.length}`);
    for (const l of it.launches) {
      const s = r.launches.find((x) => x.slug === l.slug);
      assert(s && s.quarter === quarterOf(l.date) && s.date === l.date, () => `${it.title}: ${l.slug} shown ${JSON.stringify(s)}`);
      assert(s.text.includes(l.name), `${l.slug}: the name is not said (${s.text})`);
    }
  }
  // Polish (2026Q4) and its launch Dark mode (30 Nov) are under Q4 2026.
  const polish = shown.find((x) => x.id === R2.id);
  assert(polish.bar[0] === "2026Q4" && polish.launches[0].quarter === "2026Q4" && squash(polish.launches[0].text).includes("Mon 30 Nov"),
    `Polish: ${JSON.stringify(polish)}`);
  const search = shown.find((x) => x.id === R3.id);
  assert(search.bar[0] === "2027Q1" && search.launches[0].quarter === "2027Q1", `Search: ${JSON.stringify(search)}`);
  // Launches are placed across the quarter by their day: 30 Nov sits right of 2 Nov-ish, 8 Jan at the left.
  const x = await editor.$eval(`tr[data-item="${R3.id}"] .rm-launch a`, (a) => {
    const td = a.closest("td").getBoundingClientRect(), r = a.getBoundingClientRect();
    return (r.left - td.left) / td.width;
  });
  assert(x < 0.35, `8 Jan is drawn ${x} across Q1`);
  // Colours are said in words, not colour alone.
  assert(squash(await editor.textContent(`tr[data-item="${R2.id}"] .rm-bar`)).includes("Yellow"), "Polish's bar does not say Yellow");
  assert(squash(await editor.textContent(`tr[data-item="${S.id}"] .rm-bar`)).includes("Green"), "the bet's bar does not say Green");
});

await t.check("a red item says it is red, and why, in words", async () => {
  const it = (await roadmap()).items.find((i) => i.id === R1.id);
  assert(it.colour === "red" && it.status === "green" && it.why_red, () => `the API's Billing v1: ${JSON.stringify(it)}`);
  const row = `tr[data-item="${R1.id}"]`;
  assert(await editor.getAttribute(row, "data-colour") === "red", "the row is not red");
  assert(squash(await editor.textContent(`${row} .rm-bar`)).includes("Red"), "the bar does not say Red");
  const why = squash(await editor.textContent(`${row} .rm-why`));
  assert(why === squash(`Why red: ${it.why_red}`), `the page says ${why}; the API ${it.why_red}`);
  const l = squash(await editor.textContent(`${row} .rm-launch[data-launch="usage-based-billing"]`));
  assert(l.includes("cannot be met"), `the infeasible launch is not said so: ${l}`);
  assert(await editor.locator(`tr[data-item="${R2.id}"] .rm-why`).count() === 0, "a yellow item says why red");
});

await t.check("the owner and quarter filters are in the address and give the API's items", async () => {
  await editor.selectOption("#rm-owner", "Ben Okafor");
  await editor.waitForURL(/owner=Ben/);
  const ben = await roadmap("?owner=Ben%20Okafor");
  await editor.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll(".rm-timeline tbody tr")]
    .map((tr) => Number(tr.dataset.item))) === JSON.stringify(ids), ben.items.map((i) => i.id));
  assert(ben.items.some((i) => i.id === R1.id) && !ben.items.some((i) => i.id === R2.id && i.owner !== "Ben Okafor"),
    `the API's filter ${ben.items.map((i) => i.title)}`);
  await editor.selectOption("#rm-quarter", "2026Q4");
  await editor.waitForURL(/quarter=2026Q4/);
  const both = await roadmap("?owner=Ben%20Okafor&quarter=2026Q4");
  await editor.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll(".rm-timeline tbody tr")]
    .map((tr) => Number(tr.dataset.item))) === JSON.stringify(ids), both.items.map((i) => i.id));
  // The address alone brings the view back.
  await t.go(editor, "/roadmap?quarter=2026Q4&owner=Ben%20Okafor");
  assert(await editor.inputValue("#rm-owner") === "Ben Okafor" && await editor.inputValue("#rm-quarter") === "2026Q4", "filters lost");
  assert(JSON.stringify((await rows(editor)).map((r) => r.id)) === JSON.stringify(both.items.map((i) => i.id)), "rows differ");
  await editor.click("a.rm-clear");
  await editor.waitForURL(`${t.base}/roadmap`);
  await editor.waitForSelector(`tr[data-item="${S2.id}"]`);
});

await t.check("an editor adds an item with the keyboard and records a review; review due goes", async () => {
  const before = await roadmap();
  assert(squash(await editor.textContent(".rm-review")).includes("Review due") === before.review_due,
    `the page and the API disagree on whether a review is due (${before.review_due})`);
  if (before.last_review === null)
    assert(squash(await editor.textContent(".rm-review")).includes("never been reviewed"), "no word that it was never reviewed");
  await editor.focus("#rm-add-title");
  await editor.keyboard.type("Usage alerts");
  await editor.selectOption("#rm-add-level", "release");
  await editor.selectOption("#rm-add-parent", String(I.id));
  await editor.selectOption("#rm-add-owner", "Ben Okafor");
  await editor.fill("#rm-add-quarter", "2027Q1");
  await editor.selectOption("#rm-add-launches", ["ai-meeting-notes"]);
  const answer = editor.waitForResponse((r) => r.url().endsWith("/api/v1/roadmap") && r.request().method() === "POST");
  await editor.focus("#rm-add-quarter");
  await editor.keyboard.press("Enter");
  const res = await answer;
  assert(res.status() === 201, `not added: ${res.status()} ${await res.text()}`);
  const added = (await roadmap()).items.find((i) => i.title === "Usage alerts");
  assert(added && added.parent === I.id && added.quarter === "2027Q1" && added.launches.map((l) => l.slug).join() === "ai-meeting-notes",
    () => `the API has ${JSON.stringify(added)}`);
  const row = `tr[data-item="${added.id}"]`;
  await editor.waitForSelector(`${row} td[data-quarter="2027Q1"] .rm-bar`);
  await editor.waitForSelector(`${row} td[data-quarter="2027Q1"] .rm-launch[data-launch="ai-meeting-notes"]`);
  assert(await editor.inputValue("#rm-add-title") === "", "the form was not emptied");

  await editor.fill("#rm-review-notes", "Billing v1 is red: moved usage alerts to Q1.");
  const rev = editor.waitForResponse((r) => r.url().endsWith("/api/v1/roadmap/reviews") && r.request().method() === "POST");
  await editor.click("text=Record review");
  assert((await rev).status() === 201, "the review was not recorded");
  await editor.waitForFunction(() => !document.querySelector(".rm-review").textContent.includes("Review due"));
  const after = await roadmap();
  assert(after.review_due === false && after.last_review && after.last_review.on === TODAY, `after: ${JSON.stringify(after.last_review)}`);
  assert(squash(await editor.textContent(".rm-review")).includes("Last reviewed on Sun 22 Nov 2026"), "the last review is not shown");
  await editor.evaluate(() => window.scrollTo(0, 0));
  await editor.waitForSelector(".toast:not(.show)", { state: "attached", timeout: 10000 });
  await t.audit(editor, "roadmap");
});

await t.check("an editor changes an item's colour in the row under it (If-Match), and Escape closes it", async () => {
  const row = `tr[data-item="${R2.id}"]`;
  await editor.click(`${row} .rm-edit-b`);
  await editor.waitForSelector(".rm-edit");
  await focused(editor, "[name=title]", "focus is not in the form");
  await editor.keyboard.press("Escape");
  await editor.waitForSelector(".rm-edit", { state: "detached" });
  await focused(editor, "[aria-label='Edit Polish']", "focus did not go back");
  await editor.keyboard.press("Enter");
  await editor.selectOption(`#rm-edit-${R2.id}-status`, "green");
  const answer = editor.waitForResponse((r) => r.url().endsWith(`/api/v1/roadmap/${R2.id}`) && r.request().method() === "PATCH");
  await editor.click(".rm-edit button[type=submit]");
  const res = await answer;
  assert(res.status() === 200, `not saved: ${res.status()}`);
  assert(res.request().headers()["if-match"] === `"roadmap-${R2.id}-v${R2.version}"`, `If-Match ${res.request().headers()["if-match"]}`);
  await editor.waitForFunction((sel) => document.querySelector(sel)?.dataset.colour === "green", row);
  assert(squash(await editor.textContent(`${row} .rm-bar`)).includes("Green"), "the bar does not say Green");
  assert((await api("GET", `/roadmap/${R2.id}`)).body.status === "green", "the server's item is not green");
});

await t.check("a viewer sees the timeline but no form", async () => {
  const viewer = await t.page("viewer");
  await t.go(viewer, "/roadmap");
  await viewer.waitForSelector(`tr[data-item="${R1.id}"] .rm-why`);
  assert(await viewer.locator("#rm-add-title, #rm-review-notes").count() === 0, "a viewer has a form");
  await t.go(viewer, "/decisions");
  assert(await viewer.locator("#dec-what").count() === 0, "a viewer may record a decision");
  await t.go(viewer, "/glossary");
  assert(await viewer.locator("#gl-add-term").count() === 0, "a viewer may add a term");
  await viewer.context().close();
});

// The ledger: two decisions with options, the chosen one, who decided, and links.
const D1 = await post("/decisions", { what: "Price usage billing per seat", why: "Pricing experiments favour seats over metering",
  options: ["per seat", "per API call", "flat fee"], chosen: "per seat", decided_by: "Ana Silva", launch: "usage-based-billing",
  roadmap: [R1.id] });
const D2 = await post("/decisions", { what: "Ship Slack integration after the holidays", why: "Support is thin in late December",
  options: ["2 Dec", "12 Jan"], chosen: "12 Jan", decided_by: "Ben Okafor", launch: "slack-integration" });
const listed = async (page) => page.$$eval(".dec-list [data-decision]", (xs) => xs.map((x) => Number(x.dataset.decision)));

await t.check("each decision shows its options with the chosen one, who decided, and links to what it is about", async () => {
  await t.go(editor, "/decisions");
  await editor.waitForSelector(`[data-decision="${D1.id}"]`);
  const all = (await api("GET", "/decisions")).body;
  const shown = await listed(editor);
  assert(shown.length === all.length && all.every((d) => shown.includes(d.id)), `shown ${shown}, the API ${all.map((d) => d.id)}`);
  const card = `[data-decision="${D1.id}"]`;
  const opts = await editor.$$eval(`${card} .dec-options li`, (lis) => lis.map((li) => [li.className, li.textContent.replace(/\s+/g, " ").trim()]));
  assert(JSON.stringify(opts) === JSON.stringify([["chosen", "✓ Chosen: per seat"], ["", "per API call"], ["", "flat fee"]]),
    `options ${JSON.stringify(opts)}`);
  const text = squash(await editor.textContent(card));
  assert(text.includes("Decided by Ana Silva") && text.includes("Pricing experiments favour seats"), `card: ${text}`);
  assert(await editor.getAttribute(`${card} .dec-link-roadmap a`, "href") === `/roadmap?item=${R1.id}`, "no link to the roadmap item");
  assert(await editor.getAttribute(`${card} .dec-link-launch a`, "href") === "/launches/usage-based-billing", "no link to the launch");
  assert(await editor.textContent(`${card} .dec-link-launch a`) === "Usage-based billing", "the launch's link does not say its name");
  // The roadmap item's link marks the item on the timeline.
  await editor.click(`${card} .dec-link-roadmap a`);
  await editor.waitForURL(new RegExp(`/roadmap\\?item=${R1.id}$`));
  await editor.waitForSelector(`tr.rm-target[data-item="${R1.id}"]`);
  await editor.goBack();
  await editor.waitForSelector(`[data-decision="${D1.id}"]`);
});

await t.check("the search box is bound to ?search= and finds what the API finds", async () => {
  await editor.focus("#dec-search");
  await editor.keyboard.type("pric");
  await editor.keyboard.press("Enter");
  await editor.waitForURL(/search=pric/);
  const found = (await api("GET", "/decisions?search=pric")).body;
  assert(found.length >= 1 && found.some((d) => d.id === D1.id) && !found.some((d) => d.id === D2.id),
    `the API finds ${found.map((d) => d.what)}`);
  await editor.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll(".dec-list [data-decision]")]
    .map((x) => Number(x.dataset.decision)).sort()) === JSON.stringify(ids), found.map((d) => d.id).sort());
  assert(squash(await editor.textContent(".dec-count")).includes("matching “pric”"), "the count does not say the search");
  // The address alone gives the search: a word of the why.
  await t.go(editor, "/decisions?search=holidays");
  assert(await editor.inputValue("#dec-search") === "holidays", "the box does not show the address's words");
  assert(JSON.stringify(await listed(editor)) === JSON.stringify([D2.id]), `holidays finds ${await listed(editor)}`);
  // Words that are query syntax are words.
  await t.go(editor, "/decisions?search=" + encodeURIComponent('"per OR*'));
  await editor.waitForSelector(".dec-count");
  await editor.click(".dec-search button:has-text('Clear')");
  await editor.waitForURL(`${t.base}/decisions`);
});

await t.check("a decision recorded with its options and the chosen one shows", async () => {
  await t.go(editor, "/decisions");
  await editor.fill("#dec-what", "Announce dark mode in the changelog only");
  await editor.fill("#dec-why", "Tier 3: no campaign");
  await editor.fill("#dec-option-0", "blog post");
  await editor.fill("#dec-option-1", "changelog only");
  await editor.click("text=Add option");
  await focused(editor, "#dec-option-2", "Add option does not move to the new field");
  await editor.keyboard.type("email");
  await editor.selectOption("#dec-chosen", "changelog only");
  await editor.selectOption("#dec-decided-by", "Ben Okafor");
  await editor.selectOption("#dec-launch", "dark-mode");
  const answer = editor.waitForResponse((r) => r.url().endsWith("/api/v1/decisions") && r.request().method() === "POST");
  await editor.click("text=Record decision");
  const res = await answer;
  assert(res.status() === 201, `not recorded: ${res.status()} ${await res.text()}`);
  const d = (await api("GET", "/decisions?launch=dark-mode")).body.find((x) => x.what === "Announce dark mode in the changelog only");
  assert(d && JSON.stringify(d.options) === JSON.stringify(["blog post", "changelog only", "email"]) && d.chosen === "changelog only" &&
    d.decided_by === "Ben Okafor", () => `the API has ${JSON.stringify(d)}`);
  await editor.waitForSelector(`[data-decision="${d.id}"] li.chosen`);
  assert(squash(await editor.textContent(`[data-decision="${d.id}"] li.chosen`)) === "✓ Chosen: changelog only", "the chosen option");
  await editor.evaluate(() => window.scrollTo(0, 0));
  await editor.waitForSelector(".toast:not(.show)", { state: "attached", timeout: 10000 });
  await t.audit(editor, "decisions");
});

await t.check("a term and a persona added to the glossary show; a term twice is refused by its field", async () => {
  await editor.click(".ledger-nav a[href='/glossary']");
  await editor.waitForURL(`${t.base}/glossary`);
  await t.settled(editor);
  await editor.fill("#gl-add-term", "Design partner");
  assert(!(await api("GET", "/glossary")).body.some((x) => x.term.toLowerCase() === "design partner"), "the demo has the term already");
  await editor.fill("#gl-add-definition", "A customer who gets the release early and tells us what to change.");
  let answer = editor.waitForResponse((r) => r.url().endsWith("/api/v1/glossary") && r.request().method() === "POST");
  await editor.click(".gl-add button[type=submit]");
  assert((await answer).status() === 201, "the term was not added");
  await editor.waitForSelector(".gl-terms [data-term='Design partner']");
  assert(squash(await editor.textContent(".gl-terms [data-term='Design partner']")).includes("tells us what to change"), "no definition");

  await editor.selectOption("#gl-add-kind", "persona");
  await editor.fill("#gl-add-term", "Rita the RevOps lead");
  await editor.fill("#gl-add-definition", "Runs revenue operations at a 200-person SaaS company.");
  await editor.fill("#gl-add-role", "Head of RevOps");
  await editor.fill("#gl-add-goals", "One pipeline number everyone trusts");
  await editor.fill("#gl-add-pains", "Spreadsheets that disagree");
  answer = editor.waitForResponse((r) => r.url().endsWith("/api/v1/glossary") && r.request().method() === "POST");
  await editor.click(".gl-add button[type=submit]");
  assert((await answer).status() === 201, "the persona was not added");
  const card = ".gl-personas [data-term='Rita the RevOps lead']";
  await editor.waitForSelector(card);
  const text = squash(await editor.innerText(card)).toLowerCase();
  for (const s of ["Head of RevOps", "Runs revenue operations", "Goals One pipeline number everyone trusts", "Pains Spreadsheets that disagree"])
    assert(text.includes(s.toLowerCase()), `the persona card lacks ${s}: ${text}`);
  const terms = (await api("GET", "/glossary")).body;
  const rita = terms.find((x) => x.term === "Rita the RevOps lead");
  assert(rita && rita.kind === "persona" && rita.role === "Head of RevOps" && rita.pains === "Spreadsheets that disagree",
    () => `the API has ${JSON.stringify(rita)}`);

  // An entry changed in place (PATCH with If-Match) shows its new words.
  await editor.click(".gl-terms [data-term='Design partner'] button[aria-label='Edit Design partner']");
  await editor.fill(`.gl-terms #term-${terms.find((x) => x.term === "Design partner").id} textarea[name=definition]`,
    "A customer who gets a release early and shapes it.");
  answer = editor.waitForResponse((r) => /\/api\/v1\/glossary\/\d+$/.test(r.url()) && r.request().method() === "PATCH");
  await editor.click(".gl-terms button:has-text('Save')");
  assert((await answer).status() === 200, "the term was not saved");
  await editor.waitForFunction(() => document.querySelector(".gl-terms [data-term='Design partner']")?.textContent.includes("shapes it"));
  await editor.evaluate(() => window.scrollTo(0, 0));
  await editor.waitForSelector(".toast:not(.show)", { state: "attached", timeout: 10000 });
  await t.audit(editor, "glossary");

  // The same term again (another case): a conflict, said by the term's field, nothing added.
  await editor.selectOption("#gl-add-kind", "term");
  await editor.fill("#gl-add-term", "design PARTNER");
  await editor.fill("#gl-add-definition", "The same word again.");
  await t.allowing(/status of 409/, async () => {
    answer = editor.waitForResponse((r) => r.url().endsWith("/api/v1/glossary") && r.request().method() === "POST");
    await editor.click(".gl-add button[type=submit]");
    const res = await answer;
    assert(res.status() === 409, () => `a term twice: ${res.status()}`);
    await editor.waitForSelector("#gl-add-term-err");
  });
  assert(await editor.getAttribute("#gl-add-term", "aria-invalid") === "true", "the field is not marked");
  await focused(editor, "#gl-add-term", "focus is not on the term");
  assert((await api("GET", "/glossary")).body.length === terms.length, "something was added");
});

await t.done();
