// ui_backlog.mjs - the backlog and the experiments in a real browser, over
// the real API: the backlog page shows the items in the API's RICE order
// with each score's arithmetic, ties by id, and what the unscored ones lack;
// the track filter is in the address; an item added with the keyboard lands
// at its rank, and one the API refuses shows the message by its field and
// adds nothing; an edit of the RICE inputs scores an unscored item; promote
// makes a launch whose room links back to the idea; a viewer has no form.
// The experiments list links each experiment; an experiment's page says the
// API's verdict and every warning by its rule, draws each arm's interval with
// a text alternative, records counts (a refusal named by its field) and
// closes the experiment into the decision ledger. No console error or CSP
// violation (ui_lib watches), axe-core on each page, screenshots at both
// sizes. The data is made through the API here.
import { start, assert, focused } from "./ui_lib.mjs";

const t = await start();
const api = (method, path, body, headers) => t.api("editor", method, path, body, headers);
const squash = (s) => String(s).replace(/\s+/g, " ").trim();
let key = 0;
async function made(path, body) {
  const r = await api("POST", path, body, { "Idempotency-Key": `setup-${++key}` });
  assert(r.status === 201 || r.status === 200, () => `POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

// RICE: 500×3×100%÷1 = 1500; 2000×2×80%÷4 = 800; 800×0.5×100%÷1 = 400; 1000×1×50%÷2 = 250 twice (ties by id).
const IDEAS = {
  sso: { title: "Single sign-on for teams", kind: "idea", track: "product", owner: "Ana Silva", reach: 500, impact: "massive", confidence: "high", effort: 1 },
  pricing: { title: "Usage-based pricing page", kind: "idea", track: "market", reach: 2000, impact: "high", confidence: "medium", effort: 4 },
  annual: { title: "Annual plan discount", kind: "idea", track: "market", reach: 800, impact: "low", confidence: "high", effort: 1 },
  alerts: { title: "Slack alerts", kind: "idea", track: "product", reach: 1000, impact: "medium", confidence: "low", effort: 2 },
  audit: { title: "Audit log export", kind: "idea", track: "product", reach: 1000, impact: "medium", confidence: "low", effort: 2 },
  who: { title: "Who buys the team plan?", kind: "question", track: "market", impact: "low" },
};
const idea = {};
for (const [k, body] of Object.entries(IDEAS)) idea[k] = await made("/backlog", body);
const rank = async (track) => (await api("GET", `/backlog/rank${track ? `?track=${track}` : ""}`)).body;

const editor = await t.page("editor");
const rows = (page, sel) => page.$$eval(`${sel} tbody tr[data-idea]`, (trs) => trs.map((tr) => Number(tr.dataset.idea)));

await t.check("the backlog shows the API's RICE ranking with each score's arithmetic, and what the unscored lack", async () => {
  await t.go(editor, "/backlog");
  await editor.click("header nav a[href='/backlog']");
  await editor.waitForSelector(".rank-table");
  assert(await editor.getAttribute("header nav a[href='/backlog']", "aria-current") === "page", "the nav does not say where we are");
  const r = await rank();
  const shown = await rows(editor, ".rank-table");
  assert(JSON.stringify(shown) === JSON.stringify(r.ranked.map((i) => i.id)), `rows ${shown}, the API ranks ${r.ranked.map((i) => i.id)}`);
  // Ours in the order RICE gives them, the tie by id.
  const ours = shown.filter((id) => [idea.sso, idea.pricing, idea.annual, idea.alerts, idea.audit].some((i) => i.id === id));
  assert(JSON.stringify(ours) === JSON.stringify([idea.sso.id, idea.pricing.id, idea.annual.id, idea.alerts.id, idea.audit.id]),
    `our ideas in the order ${ours}`);
  for (const i of r.ranked) {
    const cells = await editor.$eval(`.rank-table tr[data-idea="${i.id}"]`, (tr) => [...tr.cells].map((c) => c.textContent.trim()));
    assert(cells[0] === String(i.rank), `${i.title}: rank ${cells[0]}, the API says ${i.rank}`);
    assert(cells[6] === i.rice_arithmetic, `${i.title}: arithmetic ${cells[6]}, the API says ${i.rice_arithmetic}`);
    assert(cells[5] === new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(i.rice), `${i.title}: RICE ${cells[5]}`);
  }
  const pricing = squash(await editor.textContent(`tr[data-idea="${idea.pricing.id}"]`));
  assert(pricing.includes("2000 × 2 × 80% ÷ 4 = 800") && pricing.includes("Market (PMM)"), `the pricing row: ${pricing}`);
  const who = squash(await editor.textContent(`.unscored-table tr[data-idea="${idea.who.id}"]`));
  assert(who.includes("lacks reach, confidence and effort") && who.includes("question"), `the unscored row: ${who}`);
  assert(await editor.locator(`.rank-table tr[data-idea="${idea.who.id}"]`).count() === 0, "an unscored item is ranked");
  await t.audit(editor, "backlog");
});

await t.check("the track filter is in the address and shows that track's ranking", async () => {
  await editor.click("button[data-track=market]");
  await editor.waitForURL(/track=market/);
  const r = await rank("market");
  await editor.waitForFunction((n) => document.querySelectorAll(".rank-table tbody tr[data-idea]").length === n, r.ranked.length);
  assert(JSON.stringify(await rows(editor, ".rank-table")) === JSON.stringify(r.ranked.map((i) => i.id)), "the market rows");
  assert(await editor.getAttribute("button[data-track=market]", "aria-pressed") === "true", "the button does not say it is on");
  assert(await editor.locator(`tr[data-idea="${idea.sso.id}"]`).count() === 0, "a product idea is shown on the market track");
  // The rank restarts within the track, as the API counts it.
  const ranks = await editor.$$eval(".rank-table td.rank", (tds) => tds.map((td) => Number(td.textContent)));
  assert(JSON.stringify(ranks) === JSON.stringify(r.ranked.map((_, i) => i + 1)), `the market's ranks ${ranks}`);
  assert(Number(await editor.textContent(`tr[data-idea="${idea.pricing.id}"] td.rank`)) ===
    r.ranked.find((i) => i.id === idea.pricing.id).rank, "the pricing page's rank on its track");
  await editor.click("button[data-track=all]");
  await editor.waitForURL((u) => !u.search.includes("track="));
  await editor.waitForSelector(`tr[data-idea="${idea.sso.id}"]`);
});

await t.check("an item added with the keyboard lands at its rank; a refusal is shown by its field and adds nothing", async () => {
  const before = (await api("GET", "/backlog?limit=1000")).body.length;
  await t.allowing(/status of 400/, async () => {
    await editor.fill("#add-title", "Onboarding checklist");
    await editor.fill("#add-effort", "0");
    const answer = editor.waitForResponse((r) => r.url().endsWith("/api/v1/backlog") && r.request().method() === "POST");
    await editor.press("#add-effort", "Enter");
    assert((await answer).status() === 400, "not refused");
    await editor.waitForSelector(".f-effort .field-error");
  });
  assert(/effort/.test(await editor.textContent(".f-effort .field-error")), "the message does not name the effort");
  assert(await editor.getAttribute("#add-effort", "aria-invalid") === "true", "the field is not marked");
  await focused(editor, "#add-effort", "focus is not on the effort");
  assert((await api("GET", "/backlog?limit=1000")).body.length === before, "something was added");
  // Now a good one, typed: 1200 × 2 × 80% ÷ 2 = 960, between the SSO (1500) and the pricing page (800).
  await editor.fill("#add-effort", "");
  await editor.focus("#add-title");
  await editor.keyboard.press("Tab");
  assert(await editor.evaluate(() => document.activeElement.id) === "add-kind", "Tab does not go from the title to the kind");
  await editor.selectOption("#add-track", "product");
  await editor.fill("#add-reach", "1200");
  await editor.selectOption("#add-impact", "high");
  await editor.selectOption("#add-confidence", "medium");
  await editor.fill("#add-effort", "2");
  await editor.fill("#add-owner", "Ana Silva");
  const answer = editor.waitForResponse((r) => r.url().endsWith("/api/v1/backlog") && r.request().method() === "POST");
  await editor.press("#add-effort", "Enter");
  const res = await answer;
  assert(res.status() === 201, `not added: ${res.status()}`);
  const added = await res.json();
  assert(added.rice === 960 && added.title === "Onboarding checklist", `the API made ${JSON.stringify(added)}`);
  await editor.waitForSelector(`.rank-table tr[data-idea="${added.id}"]`);
  // At its place: below the SSO (1500), above the pricing page (800), where the API ranks it.
  const shown = await rows(editor, ".rank-table");
  const r = await rank();
  assert(JSON.stringify(shown) === JSON.stringify(r.ranked.map((i) => i.id)), `rows ${shown}, the API ranks ${r.ranked.map((i) => i.id)}`);
  assert(shown.indexOf(idea.sso.id) < shown.indexOf(added.id) && shown.indexOf(added.id) < shown.indexOf(idea.pricing.id),
    `the new item is not between the SSO and the pricing page: ${shown}`);
  assert(await editor.textContent(`tr[data-idea="${added.id}"] td.rank`) === String(r.ranked.find((i) => i.id === added.id).rank), "its rank");
  assert(await editor.textContent(`tr[data-idea="${added.id}"] td.arith`) === "1200 × 2 × 80% ÷ 2 = 960", "its arithmetic");
  assert(await editor.inputValue("#add-title") === "", "the form was not emptied");
  await focused(editor, "#add-title", "focus did not return to the title");
  idea.onboarding = added;
});

await t.check("editing the RICE inputs of an unscored item ranks it", async () => {
  await editor.click(`tr[data-idea="${idea.who.id}"] [data-act=edit]`);
  const p = `#edit-${idea.who.id}`;
  await editor.waitForSelector(`${p}-reach`);
  assert(await editor.getAttribute(`tr[data-idea="${idea.who.id}"] [data-act=edit]`, "aria-expanded") === "true", "the button does not say it is open");
  assert(await editor.inputValue(`${p}-impact`) === "low", "the form does not start from the item's impact");
  // 300 × 0.5 × 80% ÷ 0.5 = 240
  await editor.fill(`${p}-reach`, "300");
  await editor.selectOption(`${p}-confidence`, "medium");
  await editor.fill(`${p}-effort`, "0.5");
  const answer = editor.waitForResponse((r) => r.url().endsWith(`/api/v1/backlog/${idea.who.id}`) && r.request().method() === "PATCH");
  await editor.click("text=Save");
  const res = await answer;
  assert(res.status() === 200, `not saved: ${res.status()}`);
  assert(res.request().headers()["if-match"] === `"idea-${idea.who.id}-v1"`, `If-Match ${res.request().headers()["if-match"]}`);
  await editor.waitForSelector(`.rank-table tr[data-idea="${idea.who.id}"]`);
  assert(await editor.textContent(`tr[data-idea="${idea.who.id}"] td.arith`) === "300 × 0.5 × 80% ÷ 0.5 = 240", "the new arithmetic");
  assert(await editor.locator(`.unscored-table tr[data-idea="${idea.who.id}"]`).count() === 0, "it is still unscored");
  const r = await rank();
  const at = r.ranked.find((i) => i.id === idea.who.id);
  assert(at && at.rice === 240, `the API scores it ${JSON.stringify(at)}`);
  assert(await editor.textContent(`tr[data-idea="${idea.who.id}"] td.rank`) === String(at.rank), "its rank");
  await focused(editor, `tr[data-idea="${idea.who.id}"] *`, "focus did not return to the row");
});

await t.check("promote makes a launch from an idea, and the launch room links back to it", async () => {
  const row = `tr[data-idea="${idea.sso.id}"]`;
  await editor.click(`${row} [data-act=promote]`);
  const p = `#promote-${idea.sso.id}`;
  await editor.fill(`${p}-date`, "2027-02-15");
  await editor.selectOption(`${p}-tier`, "2");
  await t.audit(editor, "backlog-promote");
  const answer = editor.waitForResponse((r) => r.url().endsWith(`/backlog/${idea.sso.id}/promote`));
  await editor.click("text=Create the launch");
  const res = await answer;
  assert(res.status() === 201, `not promoted: ${res.status()}`);
  const launch = await res.json();
  await editor.waitForSelector(".promoted a");
  const after = (await api("GET", `/backlog/${idea.sso.id}`)).body;
  assert(after.status === "planned" && after.launch === launch.slug, `the idea after: ${JSON.stringify(after)}`);
  await editor.click(".promoted button");
  await editor.waitForSelector(`${row} a[href="/launches/${launch.slug}"]`);
  assert(await editor.locator(`${row} [data-act=promote]`).count() === 0, "a promoted idea can be promoted again");
  await editor.click(`${row} a[href="/launches/${launch.slug}"]`);
  await editor.waitForURL(`${t.base}/launches/${launch.slug}`);
  await t.settled(editor);
  assert(launch.tier === 2 && launch.date === "2027-02-15", `the launch ${launch.tier} ${launch.date}`);
  await editor.waitForSelector(".from-idea a");
  assert(await editor.textContent(".from-idea a") === IDEAS.sso.title, "the launch room does not name its idea");
  await editor.click(".from-idea a");
  await editor.waitForURL(/\/backlog\?idea=/);
  await editor.waitForSelector(`${row}.target`);
});

// ---- experiments ----
const exp = await made("/experiments", { name: "pricing-q1", kind: "pricing", hypothesis: "A price 12% higher does not lower conversion",
  current_price: 49, planned_sample: 2000, monthly_traffic: 5000, owner: "Ana Silva", idea: idea.pricing.id });
await made(`/experiments/${exp.id}/arms`, { name: "control", control: true });
await made(`/experiments/${exp.id}/arms`, { name: "plus-12", price: 54.88 });
await made(`/experiments/${exp.id}/arms`, { name: "plus-20", price: 58.8 });
for (const [arm, visitors, conversions, revenue] of [["control", 1000, 100, 49], ["plus-12", 1000, 140, 54.88], ["plus-20", 120, 10, 58.8]])
  await made(`/experiments/${exp.id}/arms/${arm}/record`, { visitors, conversions, revenue_per_conversion: revenue });
const msg = await made("/experiments", { name: "messaging-hero", kind: "messaging", hypothesis: "Outcomes beat features in the hero" });
await made(`/experiments/${msg.id}/arms`, { name: "features", control: true });
await made(`/experiments/${msg.id}/arms`, { name: "outcomes", message: "Ship launches on time, every time" });
for (const [arm, visitors, conversions] of [["features", 400, 40], ["outcomes", 400, 44]])
  await made(`/experiments/${msg.id}/arms/${arm}/record`, { visitors, conversions });
const analysis = async (ref) => (await api("GET", `/experiments/${ref}/analysis`)).body;

await t.check("the experiments list links each experiment with its arms, signups and what it informs", async () => {
  await editor.click("header nav a[href='/experiments']");
  await editor.waitForURL(`${t.base}/experiments`);
  await t.settled(editor);
  await editor.waitForSelector(".exp-table");
  const names = await editor.$$eval(".exp-table tbody tr", (trs) => trs.map((tr) => tr.dataset.experiment));
  const list = (await api("GET", "/experiments")).body;
  assert(JSON.stringify(names) === JSON.stringify(list.map((x) => x.name)), `rows ${names}`);
  // A running experiment shows its reading so far: the API's verdict.
  const row = squash(await editor.textContent(`tr[data-experiment="pricing-q1"]`));
  assert(row.includes("2,120") && row.includes(`idea: ${IDEAS.pricing.title}`) && row.includes("Variant wins: plus-12 so far") &&
    row.includes("plus-12"), `the pricing row: ${row}`);
  assert(squash(await editor.textContent(`tr[data-experiment="messaging-hero"] td:last-child`)) === "≈ No difference yet so far",
    "the messaging row's reading");
  await t.audit(editor, "experiments");
});

await t.check("an experiment's page says the API's verdict and every warning by its rule, and draws each arm's interval", async () => {
  await editor.click(`tr[data-experiment="pricing-q1"] a`);
  await editor.waitForURL(`${t.base}/experiments/pricing-q1`);
  await t.settled(editor);
  await editor.waitForSelector(".forest-svg");
  const a = await analysis("pricing-q1");
  assert(a.verdict === "variant-wins" && a.winner === "plus-12", `the API's verdict ${a.verdict} ${a.winner}`);
  assert(squash(await editor.textContent(".verdict-line")) === "▲ Variant wins: plus-12", `verdict ${await editor.textContent(".verdict-line")}`);
  const why = squash(await editor.textContent(".verdict-why"));
  assert(why.startsWith("plus-12 converts at 14.0% against the control's 10.0% (+4.0 pt, +40.0%; p = 0.00"), `why: ${why}`);
  const rules = await editor.$$eval(".warnings li", (lis) => lis.map((li) => li.dataset.rule));
  assert(JSON.stringify(rules) === JSON.stringify(a.warnings.map((w) => w.rule)), `warnings ${rules}, the API's ${a.warnings.map((w) => w.rule)}`);
  for (const rule of ["small-sample", "price-step", "peeking"]) assert(rules.includes(rule), `no ${rule} warning`);
  for (const w of a.warnings) {
    const li = squash(await editor.textContent(`.warnings li[data-rule="${w.rule}"]`));
    assert(li.includes(w.rule) && li.includes(squash(w.message)), `the ${w.rule} warning reads ${li}`);
  }
  // Every arm: the table's numbers are the API's; the figure has a bar and a text alternative.
  const label = await editor.getAttribute(".forest-svg", "aria-label");
  for (const r of a.arms) {
    const cells = await editor.$eval(`.arm-table tr[data-arm="${r.name}"]`, (tr) => [...tr.cells].map((c) => c.textContent.trim()));
    const pct = (x) => `${(100 * x).toFixed(1)}%`;
    assert(cells[3] === pct(r.rate) && cells[4] === `${pct(r.ci_low)} – ${pct(r.ci_high)}`, `${r.name}: ${cells}`);
    assert(r.control ? cells[6] === "—" : cells[6] === r.p_value.toFixed(4), `${r.name}: p ${cells[6]} vs ${r.p_value}`);
    assert(cells[7] === (r.control ? "control" : r.significant ? "yes" : "no"), `${r.name}: significant ${cells[7]}`);
    assert(label.includes(`${r.name}`) && label.includes(`${pct(r.rate)}, from ${pct(r.ci_low)} to ${pct(r.ci_high)}`), `label ${label}`);
    const bar = await editor.$eval(`.forest-svg g[data-arm="${r.name}"] rect.ci`, (e) => Number(e.getAttribute("width")));
    assert(bar > 2, `${r.name}: no interval bar`);
  }
  assert(await editor.getAttribute(".forest-svg", "role") === "img", "the figure is no image");
  await t.audit(editor, "experiment");
});

await t.check("counts recorded in the form change the reading; a refusal is named by its field and changes nothing", async () => {
  await t.allowing(/status of 400/, async () => {
    await editor.selectOption("#rec-arm", "plus-20");
    assert(await editor.inputValue("#rec-visitors") === "120", "the form does not start from the arm's totals");
    await editor.fill("#rec-visitors", "200");
    await editor.fill("#rec-conversions", "250");
    const answer = editor.waitForResponse((r) => r.url().endsWith("/arms/plus-20/record"));
    await editor.press("#rec-conversions", "Enter");
    assert((await answer).status() === 400, "more conversions than visitors accepted");
    await editor.waitForSelector("#rec-conversions-err");
  });
  await focused(editor, "#rec-conversions", "focus is not on the conversions");
  let x = (await api("GET", "/experiments/pricing-q1")).body;
  assert(x.arms.find((r) => r.name === "plus-20").visitors === 120, "the refusal changed the counts");
  await editor.fill("#rec-conversions", "18");
  const answer = editor.waitForResponse((r) => r.url().endsWith("/arms/plus-20/record"));
  await editor.press("#rec-conversions", "Enter");
  assert((await answer).status() === 200, "not recorded");
  await editor.waitForFunction(() => document.querySelector('.arm-table tr[data-arm="plus-20"]').cells[1].textContent === "200")
    .catch(async (e) => { throw new Error(`${e.message}: the row reads ${await editor.textContent('.arm-table tr[data-arm="plus-20"]')}`); });
  x = (await api("GET", "/experiments/pricing-q1")).body;
  const arm = x.arms.find((r) => r.name === "plus-20");
  assert(arm.visitors === 200 && arm.conversions === 18, `the server's arm ${JSON.stringify(arm)}`);
  // 200 signups: no longer a small sample.
  const a = await analysis("pricing-q1");
  assert(!a.warnings.some((w) => w.rule === "small-sample"), "the API still warns of a small sample");
  await editor.waitForFunction(() => !document.querySelector('.warnings li[data-rule="small-sample"]'));
});

await t.check("closing the experiment records the result and a decision, and the page says so", async () => {
  await editor.fill("#close-result", "12% more converts better: the price goes up 12%");
  await editor.selectOption("#close-idea_status", "planned");
  const answer = editor.waitForResponse((r) => r.url().endsWith("/experiments/pricing-q1/close"));
  await editor.click("text=Close experiment");
  const res = await answer;
  assert(res.status() === 200, `not closed: ${res.status()}`);
  await editor.waitForSelector(".closed-box");
  const x = (await api("GET", "/experiments/pricing-q1")).body;
  assert(x.status === "closed" && x.verdict === "variant-wins" && x.decision, `the server's experiment ${JSON.stringify(x)}`);
  const box = squash(await editor.textContent(".closed-box"));
  assert(box.includes("Variant wins") && box.includes(x.result) && box.includes(`Decision #${x.decision}`), `the closed box: ${box}`);
  // The decision is in the ledger, found by the experiment's name (where the page's link goes).
  const found = (await api("GET", "/decisions?search=pricing-q1")).body;
  assert(found.some((d) => d.id === x.decision), `the ledger's search finds ${JSON.stringify(found.map((d) => d.id))}`);
  assert(await editor.getAttribute(".closed-box a", "href") === "/decisions?search=pricing-q1", "the decision's link");
  assert(await editor.locator("#close-result").count() === 0 && await editor.locator("#rec-visitors").count() === 0,
    "a closed experiment still has its forms");
  const i = (await api("GET", `/backlog/${idea.pricing.id}`)).body;
  assert(i.status === "planned", `the idea is ${i.status}`);
});

await t.check("an editor starts an experiment and adds its arms from the page; a second control is refused by name", async () => {
  await t.go(editor, "/experiments");
  await editor.fill("#new-exp-name", "onboarding-copy");
  await editor.selectOption("#new-exp-kind", "messaging");
  await editor.fill("#new-exp-hypothesis", "Naming the first launch in the welcome email gets more teams to plan one");
  await editor.fill("#new-exp-planned_sample", "300");
  await editor.fill("#new-exp-idea", String(idea.onboarding.id));
  await editor.press("#new-exp-idea", "Enter");
  await editor.waitForURL(`${t.base}/experiments/onboarding-copy`);
  await t.settled(editor);
  let x = (await api("GET", "/experiments/onboarding-copy")).body;
  assert(x.kind === "messaging" && x.planned_sample === 300 && x.idea && x.idea.id === idea.onboarding.id, `the server's ${JSON.stringify(x)}`);
  // No control yet: the form starts at the control.
  assert(await editor.isChecked("#arm-role-control"), "the first arm is not offered as the control");
  await editor.fill("#arm-name", "plain");
  await editor.press("#arm-name", "Enter");
  await editor.waitForSelector('.arm-list li[data-arm="plain"]');
  await editor.fill("#arm-name", "named-launch");
  assert(await editor.isChecked("#arm-role-message"), "a messaging experiment's variant is not a message");
  await editor.fill("#arm-message", "Plan your first launch in ten minutes");
  await editor.press("#arm-message", "Enter");
  await editor.waitForSelector(".forest-svg");
  x = (await api("GET", "/experiments/onboarding-copy")).body;
  assert(JSON.stringify(x.arms.map((r) => [r.name, r.control, r.message])) ===
    JSON.stringify([["plain", true, null], ["named-launch", false, "Plan your first launch in ten minutes"]]), `arms ${JSON.stringify(x.arms)}`);
  await t.allowing(/status of (400|409)/, async () => {
    await editor.fill("#arm-name", "another");
    await editor.check("#arm-role-control");
    const answer = editor.waitForResponse((r) => r.url().endsWith("/experiments/onboarding-copy/arms"));
    await editor.press("#arm-name", "Enter");
    assert((await answer).status() >= 400, "a second control accepted");
    await editor.waitForSelector("#arm-control-err");
  });
  assert(/control already/.test(await editor.textContent("#arm-control-err")), "the refusal does not say there is a control");
  assert((await api("GET", "/experiments/onboarding-copy")).body.arms.length === 2, "the refusal added an arm");
});

await t.check("a long backlog is drawn 200 rows at a time, the rest behind a button", async () => {
  for (let b = 0; b < 210; b += 10) // ten at a time: the server's connection limit is part of the test's world
    await Promise.all(Array.from({ length: 10 }, (_, k) => api("POST", "/backlog", { title: `Small bet ${b + k + 1}`, kind: "idea",
      track: "product", reach: 10 + b + k, impact: "minimal", confidence: "low", effort: 10 }, { "Idempotency-Key": `bulk-${b + k}` })));
  const r = await rank();
  assert(r.ranked.length > 200, `the API ranks ${r.ranked.length}`);
  await t.go(editor, "/backlog");
  await editor.waitForSelector(".rank-table");
  assert((await rows(editor, ".rank-table")).length === 200, "not 200 rows at first");
  const left = r.ranked.length - 200;
  assert(squash(await editor.textContent(".backlog .more")) === `Show ${Math.min(200, left)} more ${left} not shown yet`,
    `the button says ${await editor.textContent(".backlog .more")}`);
  await editor.click(".backlog .more button");
  await editor.waitForFunction((n) => document.querySelectorAll(".rank-table tbody tr[data-idea]").length === n, Math.min(400, r.ranked.length));
  const shown = await rows(editor, ".rank-table");
  assert(JSON.stringify(shown) === JSON.stringify(r.ranked.slice(0, shown.length).map((i) => i.id)), "the rows after the button");
});

await t.check("a viewer sees the ranking and the reading but no form", async () => {
  const viewer = await t.page("viewer");
  await t.go(viewer, "/backlog");
  await viewer.waitForSelector(".rank-table");
  assert(await viewer.locator("#add-title, [data-act=edit], [data-act=promote]").count() === 0, "a viewer may change the backlog");
  await t.go(viewer, "/experiments/messaging-hero");
  await viewer.waitForSelector(".forest-svg");
  const a = await analysis("messaging-hero");
  assert(a.verdict === "no-difference-yet", `the API's verdict ${a.verdict}`);
  assert(squash(await viewer.textContent(".verdict-line")) === "≈ No difference yet", "the viewer's verdict");
  assert(/not significant yet/.test(await viewer.textContent(".verdict-why")), "no reason given");
  assert(await viewer.locator("#rec-visitors, #close-result, #arm-name").count() === 0, "a viewer may record, close or add an arm");
  await t.go(viewer, "/experiments");
  assert(await viewer.locator("#new-exp-name").count() === 0, "a viewer may start an experiment");
  await viewer.context().close();
});

await t.done();
