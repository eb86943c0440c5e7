// In the browser: last 年度's unfinished item under its own heading with its own link, and a
// refresher for a module S0001 already completed, chosen by M0001 seeing S0001's state. axe on
// every page.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { addDays, japanDate } from "~/domain/time";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const running = useAppAndBrowser();
const REASON = "不審メールの添付ファイルを開いたため、再受講してください。";

/** Change the demo data behind the running app (its own connection; WAL lets both work). */
function withDatabase<T>(work: (db: Database.Database) => T): T {
  const db = new Database(running.app.databasePath);
  db.pragma("busy_timeout = 10000");
  try {
    return work(db);
  } finally {
    db.close();
  }
}

function assignmentId(db: Database.Database, moduleId: string, fiscalYear: number): number {
  return (db.prepare("SELECT a.id FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'S0001' AND a.module_id = ? AND a.fiscal_year = ? AND a.cycle = 1").get(moduleId, fiscalYear) as { id: number }).id;
}

describe("cycles and 年度 on /learn", () => {
  it("lists last 年度's unfinished item apart, and a refresher after completion as its own line", { timeout: 120_000 }, async () => {
    const fiscalYear = Number(japanDate(Date.now()).slice(0, 4)) - (japanDate(Date.now()).slice(5) < "04-01" ? 1 : 0);
    const { lastYear, thisYear } = withDatabase((db) => {
      const lastYear = assignmentId(db, "threats", fiscalYear - 1);
      db.prepare("UPDATE assignments SET completed_at = NULL, completed_version = NULL, read_at = NULL WHERE id = ?").run(lastYear);
      const thisYear = assignmentId(db, "purpose-and-terms", fiscalYear);
      db.prepare("UPDATE assignments SET started_at = ?, read_at = ?, completed_at = ?, completed_version = 1 WHERE id = ?").run(Date.now(), Date.now(), Date.now(), thisYear);
      return { lastYear, thisYear };
    });

    const learnerContext = await newContext(running.browser);
    const learner = await learnerContext.newPage();
    await signIn(learner, running.app.baseUrl, "S0001");
    const earlier = learner.locator("section", { has: learner.getByRole("heading", { level: 2, name: /^前年度（令和\d+年度）の未修了$/ }) });
    await earlier.waitFor();
    const oldLink = earlier.getByRole("link", { name: /対象とする脅威/ });
    expect(await oldLink.getAttribute("href")).toBe(`/learn/threats?a=${lastYear}`);
    await expectNoAxeViolations(learner);
    await oldLink.click();
    await learner.waitForURL(new RegExp(`/learn/threats\\?a=${lastYear}$`));
    await learner.getByRole("heading", { level: 1, name: "対象とする脅威" }).waitFor();
    expect(await learner.locator("main").textContent()).toMatch(/令和\d+年度・期限/);
    // The current year's line opens this year's assignment.
    await learner.goto(`${running.app.baseUrl}/learn`);
    const current = learner.locator("ul.assignment-list").first().getByRole("link", { name: "対象とする脅威" });
    expect(await current.getAttribute("href")).not.toBe(`/learn/threats?a=${lastYear}`);

    // M0001 sees S0001 completed 目的と基本用語 this 年度 and assigns a refresher (JavaScript on).
    const managerContext = await newContext(running.browser);
    const manager = await managerContext.newPage();
    await signIn(manager, running.app.baseUrl, "M0001");
    await manager.goto(`${running.app.baseUrl}/team/assign?employee=S0001`);
    const details = manager.locator("details", { has: manager.getByText("七尾 太郎さんの研修の状況") });
    await details.locator("summary").click();
    expect(await details.textContent()).toMatch(/目的と基本用語：完了 \d+\/\d+/);
    await expectNoAxeViolations(manager);
    await manager.locator('input[name="module"][value="purpose-and-terms"]').check();
    await manager.getByLabel("期限（必須）").fill(addDays(japanDate(Date.now()), 14));
    await manager.getByLabel("理由（必須）").fill(REASON);
    await manager.getByRole("button", { name: "再受講を割り当てる" }).click();
    await manager.getByRole("heading", { name: "1件の再受講を割り当てました。" }).waitFor();
    expect(await manager.getByRole("status").textContent()).toContain("目的と基本用語（再受講・");
    await managerContext.close();

    await learner.reload();
    const lines = learner.locator("ul.assignment-list").first().locator("li.assignment", { has: learner.getByRole("heading", { name: /^目的と基本用語/ }) });
    expect(await lines.count()).toBe(2);
    const refresher = learner.locator("li.assignment", { has: learner.getByRole("heading", { name: "目的と基本用語（再受講）" }) });
    expect(await refresher.textContent()).toContain(`理由：${REASON}`);
    const href = await refresher.getByRole("link", { name: "目的と基本用語（再受講）" }).getAttribute("href");
    expect(href).toMatch(/^\/learn\/purpose-and-terms\?a=\d+$/);
    expect(href).not.toBe(`/learn/purpose-and-terms?a=${thisYear}`);
    await expectNoAxeViolations(learner);
    await learnerContext.close();
  });

  it("HR closes last 年度 without JavaScript (a reason is required); the admin sets the city name and the certificate issuer", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "H0001");
    await page.getByRole("link", { name: "人事ダッシュボード" }).click();
    await page.getByRole("navigation", { name: "人事メニュー" }).getByRole("link", { name: "年度の締め" }).click();
    await page.getByRole("heading", { level: 1, name: "年度の締め" }).waitFor();
    await expectNoAxeViolations(page);
    const button = page.getByRole("button", { name: /^令和\d+年度の未修了を締める$/ }).first();
    await button.click();
    await page.getByText("理由を入力してください。").waitFor();
    await expectNoAxeViolations(page);
    const section = page.locator("section.card").first();
    await section.getByLabel("理由（必須）").fill("年度末の締め");
    await section.getByRole("button", { name: /の未修了を締める$/ }).click();
    await page.waitForURL(/\/hr\/years\?closed=\d{4}&count=\d+$/);
    expect(await page.getByRole("status").textContent()).toMatch(/令和\d+年度の未修了\d+件を締めました。/);
    await context.close();

    const adminContext = await newContext(running.browser, { javaScriptEnabled: false });
    const admin = await adminContext.newPage();
    await signIn(admin, running.app.baseUrl, "A0001");
    expect(await admin.locator(".brand").textContent()).toContain("七尾市");
    await admin.goto(`${running.app.baseUrl}/admin/settings`);
    await expectNoAxeViolations(admin);
    await admin.getByLabel("自治体名").fill("");
    await admin.getByLabel("修了証の発行者（役職）").fill("最高情報セキュリティ責任者（CISO）");
    await admin.getByRole("button", { name: "保存する" }).click();
    await admin.waitForURL(/\/admin\/settings\?saved=1$/);
    expect(await admin.locator(".brand__city").count()).toBe(0);
    expect(await admin.locator(".brand").textContent()).not.toContain("七尾市");
    await adminContext.close();
  });
});
