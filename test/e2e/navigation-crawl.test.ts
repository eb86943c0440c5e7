// Every demo role signs in with JavaScript on and clicks every link of its menus (the header's and
// the HR sub-menu's, found on the page at run time), as a person would. Any console error, page
// error, failed same-origin request or axe violation fails the test: a server-only module in a
// route's client bundle (issue 13: `Buffer is not defined` on /hr/import) shows up here.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const running = useAppAndBrowser();

const ROLES = [
  { employeeNo: "S0001", who: "learner" },
  { employeeNo: "S0002", who: "非常勤職員" },
  { employeeNo: "M0001", who: "manager" },
  { employeeNo: "H0001", who: "hr" },
  { employeeNo: "A0001", who: "admin" },
];

const MENUS = { header: "header.site-header a[href]", hr: 'nav[aria-label="人事メニュー"] a[href]' };

/** Same-origin paths of a menu's links as the page shows them now. */
async function menuLinks(page: Page, selector: string): Promise<string[]> {
  const hrefs = await page.locator(selector).evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
  const origin = new URL(page.url()).origin;
  return [...new Set(hrefs.filter((href) => new URL(href).origin === origin).map((href) => new URL(href).pathname))];
}

function watchForProblems(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on("requestfailed", (request) => {
    if (request.url().startsWith(origin)) problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.url().startsWith(origin) && response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/**
 * Click the link to `path` in the menu and wait until its page has arrived and settled. A link
 * that does nothing (its route module failed to load) times out: the error then lists what the
 * page reported, which names the cause.
 */
async function clickMenuLink(page: Page, selector: string, path: string, origin: string, problems: string[]): Promise<void> {
  try {
    await followMenuLink(page, selector, path, origin);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message.split("\n")[0]}\n${problems.join("\n")}`);
  }
}

async function followMenuLink(page: Page, selector: string, path: string, origin: string): Promise<void> {
  await page.locator(selector.replace("a[href]", `a[href="${path}"]`)).first().click();
  // "/" (the brand) redirects to the role's start page; every other link lands on its own path.
  await page.waitForURL((url) => url.origin === origin && (path === "/" || url.pathname === path), { timeout: 15_000 });
  await page.waitForLoadState("networkidle");
  // Remix marks a client-side navigation done by rendering the new route; an <h1> is on every page.
  await page.locator("h1").first().waitFor({ timeout: 15_000 });
}

describe("navigation crawl: every menu link of every demo role", () => {
  for (const role of ROLES) {
    it(`${role.employeeNo} (${role.who}) clicks every menu link without errors`, { timeout: 300_000 }, async () => {
      const origin = running.app.baseUrl;
      const context = await newContext(running.browser);
      const page = await context.newPage();
      const problems = watchForProblems(page, origin);
      await signIn(page, origin, role.employeeNo);
      await page.waitForLoadState("networkidle");
      await expectNoAxeViolations(page);

      const visited: string[] = [];
      const headerLinks = await menuLinks(page, MENUS.header);
      expect(headerLinks, "the header has the role's menu").toContain("/learn");
      for (const path of headerLinks) {
        await clickMenuLink(page, MENUS.header, path, origin, problems);
        visited.push(path);
        await expectNoAxeViolations(page);
      }

      // HR and auditors: the HR sub-menu, clicked from the HR pages themselves.
      if (headerLinks.includes("/hr")) {
        await clickMenuLink(page, MENUS.header, "/hr", origin, problems);
        const hrLinks = await menuLinks(page, MENUS.hr);
        expect(hrLinks.length).toBeGreaterThan(1);
        for (const path of hrLinks) {
          await clickMenuLink(page, MENUS.hr, path, origin, problems);
          visited.push(path);
          await expectNoAxeViolations(page);
        }
      }
      if (role.employeeNo === "H0001") expect(visited).toEqual(expect.arrayContaining(["/hr/import", "/hr/categories", "/hr/accounts", "/hr/rules"]));
      expect(problems, `problems while ${role.employeeNo} clicked ${visited.join(", ")}`).toEqual([]);
      await context.close();
    });
  }
});
