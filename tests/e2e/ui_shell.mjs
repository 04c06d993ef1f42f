// ui_shell.mjs - the frame around every page of the web UI: the navigation
// each role gets, the skip link and focus for keyboard users, a page that
// does not exist, and sign-out.
import { start, assert } from "./ui_lib.mjs";

const t = await start();

await t.check("each role's navigation offers what it may do", async () => {
  for (const [role, settings, create] of [["admin", true, true], ["editor", false, true], ["viewer", false, false]]) {
    const page = await t.page(role);
    const hrefs = await page.$$eval("header a", (as) => as.map((a) => a.getAttribute("href")));
    assert(hrefs.includes("/settings") === settings, `${role}: ${hrefs}`);
    assert(hrefs.includes("/launches/new") === create, `${role}: ${hrefs}`);
    assert(hrefs.includes("/my") && hrefs.includes("/people"), `${role}: ${hrefs}`);
    await page.context().close();
  }
});

await t.check("the keyboard reaches the skip link first, and it leads to the page", async () => {
  const page = await t.page("editor");
  await t.settled(page);
  await page.keyboard.press("Tab");
  assert(await page.evaluate(() => document.activeElement.textContent) === "Skip to content", "the first Tab stop");
  await page.keyboard.press("Enter");
  assert(await page.evaluate(() => location.hash) === "#main", "the skip link goes nowhere");
  await page.context().close();
});

await t.check("a page that does not exist says so and links home", async () => {
  const page = await t.page("editor");
  const r = await t.allowing(/status of 404/, () => page.goto(t.base + "/launches/nope/delay/more"));
  assert(r.status() === 404, `status ${r.status()}`);
  assert((await page.textContent("main")).includes("No page of tminus is at /launches/nope/delay/more"), "no message");
  await page.click("text=The portfolio");
  await page.waitForURL(t.base + "/");
  await page.context().close();
});

await t.check("the navigation works on a phone-sized window through the menu button", async () => {
  const page = await t.page("editor", { width: 390, height: 844 });
  assert(!(await page.isVisible("header nav")), "the navigation should fold away on a phone");
  await page.click("button.menu-toggle");
  assert(await page.isVisible("header nav a[href='/my']"), "the menu does not open");
  await page.click("header nav a[href='/my']");
  await page.waitForURL(t.base + "/my");
  assert(!(await page.isVisible("header nav")), "the menu stays open after choosing");
  await page.context().close();
});

await t.done();
