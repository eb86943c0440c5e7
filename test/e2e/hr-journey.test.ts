import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, newContext, signIn, startApp, type RunningApp } from "./support";

let app: RunningApp;
let browser: Browser;
const databasePath = path.join(mkdtempSync(path.join(tmpdir(), "mamori-hr-e2e-")), "hr.db");

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ DATABASE_PATH: databasePath }), launchBrowser()]);
  // An auditor for the read-only checks: S0002 gets the role (the app is running; WAL allows it).
  const sqlite = new Database(databasePath);
  sqlite.pragma("busy_timeout = 5000");
  sqlite
    .prepare("INSERT INTO account_roles (account_id, role) SELECT a.id, 'auditor' FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'S0002'")
    .run();
  sqlite.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("HR's journey", () => {
  it("H0001: dashboard → overdue cell → transcript → CSV → certificate → annual report, printed", { timeout: 180_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signIn(page, app.baseUrl, "H0001");

    await page.getByRole("link", { name: "人事ダッシュボード" }).click();
    await page.waitForURL(`${app.baseUrl}/hr`);
    await page.getByRole("heading", { level: 1, name: "人事ダッシュボード" }).waitFor();
    expect(await page.locator("svg.chart title").first().textContent()).toContain("組織別の研修ごとの完了率（件）");
    // Both rates, labelled, with their explanation.
    await page.getByText("対象者の修了率（人）").first().waitFor();
    await page.getByText("研修ごとの完了率（件）").first().waitFor();
    await expectNoAxeViolations(page);

    // The overdue number of 内部部局 × 職員.
    const cell = page.getByRole("link", { name: /件 内部部局・職員 期限超過$/ });
    const shown = Number((await cell.textContent())!.replace(/,/g, ""));
    expect(shown).toBeGreaterThan(0);
    await cell.click();
    // The people behind it: one row per person, most days overdue first.
    await page.waitForURL(/\/hr\/overdue\?/);
    await page.getByRole("heading", { level: 1, name: "期限超過の職員" }).waitFor();
    const people = Number((await page.locator(".lead strong").textContent())!.replace(/[,人]/g, ""));
    expect(people).toBeGreaterThan(0);
    expect(people).toBeLessThanOrEqual(shown);
    const personRows = page.locator("tbody tr");
    expect(await personRows.count()).toBe(Math.min(people, 100));
    const longest = (await page.locator("tbody tr td:nth-child(6)").allTextContents()).map((text) => Number(text.replace(/[,日]/g, "")));
    expect(longest).toEqual([...longest].sort((a, b) => b - a));
    const overdueItems = (await page.locator("tbody tr td:nth-child(5)").allTextContents()).reduce((sum, text) => sum + Number(text.replace(/[,件]/g, "")), 0);
    if (people <= 100) expect(overdueItems).toBe(shown);
    await expectNoAxeViolations(page);
    const [peopleDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /CSV をダウンロード/ }).click()]);
    expect(readFileSync((await peopleDownload.path())!).toString("utf8").split("\r\n").filter(Boolean)).toHaveLength(people + 1);

    // The same cell by training.
    await page.getByRole("link", { name: "研修ごとの一覧で見る" }).click();
    await page.waitForURL(/\/hr\/employees\?.*status=overdue/);
    await page.getByRole("heading", { level: 1, name: "受講状況（研修ごと）" }).waitFor();
    expect(await page.locator(".lead strong").first().textContent()).toBe(`${shown.toLocaleString("ja-JP")}件`);
    const statuses = await page.locator("tbody .status").allTextContents();
    expect(statuses.length).toBe(Math.min(shown, 100));
    expect(new Set(statuses)).toEqual(new Set(["期限超過"]));
    const days = (await page.locator("tbody td.numeric").allTextContents()).map((text) => Number(text.replace("日", "")));
    expect(days).toEqual([...days].sort((a, b) => b - a));
    await expectNoAxeViolations(page);

    // The list as CSV.
    const [listDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /CSV をダウンロード/ }).click()]);
    const listBytes = readFileSync((await listDownload.path())!);
    expect([...listBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(listBytes.toString("utf8").split("\r\n").filter(Boolean)).toHaveLength(shown + 1);

    // A transcript.
    const employeeNo = (await page.locator("tbody tr td a").first().textContent())!;
    await page.locator("tbody tr td a").first().click();
    await page.waitForURL(`${app.baseUrl}/hr/employees/${employeeNo}`);
    await page.getByRole("heading", { level: 1, name: /さんの受講記録$/ }).waitFor();
    await page.getByRole("heading", { level: 2, name: "送信したリマインダー" }).waitFor();
    expect(await page.getByRole("link", { name: "延長・免除" }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    const [transcriptDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV をダウンロード" }).click()]);
    const transcriptText = readFileSync((await transcriptDownload.path())!, "utf8");
    expect(transcriptText.startsWith("\uFEFF職員番号,氏名,年度")).toBe(true);
    expect(transcriptText).toContain(employeeNo);

    // A certificate from last 年度, then its public verification in a signed-out browser.
    const certificateLink = page.getByRole("link", { name: "修了証", exact: true }).first();
    expect(await certificateLink.count()).toBe(1);
    {
      await certificateLink.click();
      await page.getByRole("heading", { level: 1, name: "修了証" }).waitFor();
      await expectNoAxeViolations(page);
      const code = (await page.locator(".certificate__code").textContent())!;
      const visitor = await newContext(browser);
      const publicPage = await visitor.newPage();
      await publicPage.goto(`${app.baseUrl}/verify/${code}`);
      await publicPage.getByText("この修了証は有効です").waitFor();
      expect(await publicPage.locator("body").textContent()).not.toContain(employeeNo);
      await expectNoAxeViolations(publicPage);
      await visitor.close();
    }

    // Find a person by half-width kana, spaces ignored.
    await page.goto(`${app.baseUrl}/hr/people`);
    await page.getByLabel("職員番号・氏名・カナ").fill("ﾅﾅｵ ﾀﾛｳ");
    await page.getByRole("button", { name: "検索" }).click();
    await page.waitForURL(/\/hr\/people\?/);
    await page.getByRole("cell", { name: "S0001" }).waitFor();
    expect(await page.locator("tbody tr").first().textContent()).toMatch(/\d+\/\d+ 完了/);
    await expectNoAxeViolations(page);

    // The annual report, printed.
    await page.goto(`${app.baseUrl}/hr`);
    await page.getByRole("link", { name: /研修実施状況報告/ }).click();
    await page.waitForURL(/\/hr\/report\?fy=\d{4}$/);
    await page.getByRole("heading", { level: 1, name: /情報セキュリティ研修の実施状況について（報告）$/ }).waitFor();
    await page.getByText(/の対象者[\d,]+人のうち[\d,]+人（[\d.]+%）が全研修を修了しました。/).waitFor();
    expect(await page.locator("svg.chart--small").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.getByRole("button", { name: "この報告を印刷する" }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.locator(".filter-bar").isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    if (process.env.REPORT_PDF) writeFileSync(process.env.REPORT_PDF, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the auditor reads the same pages but never sees a button that changes anything", { timeout: 120_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "S0002");
    await page.goto(`${app.baseUrl}/hr/employees/S0001`);
    await page.getByRole("heading", { level: 1, name: "七尾 太郎 さんの受講記録" }).waitFor();
    expect(await page.getByRole("link", { name: "延長・免除" }).count()).toBe(0);
    expect(await page.locator("main form[method='post'], main form:not([method])").count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("a learner prints their own 年度 certificate from /learn, and is refused the HR pages", { timeout: 120_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "S0001");
    await page.getByRole("link", { name: /研修をすべて修了しました（修了証）/ }).first().click();
    await page.waitForURL(/\/learn\/certificates\/track\/\d{4}$/);
    await page.getByRole("heading", { level: 1, name: "修了証" }).waitFor();
    expect(await page.locator(".certificate__name").textContent()).toContain("七尾 太郎");
    await expectNoAxeViolations(page);
    const refused = await page.goto(`${app.baseUrl}/hr`);
    expect(refused?.status()).toBe(403);
    await context.close();
  });

  it("filters the dashboard without JavaScript", { timeout: 120_000 }, async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "H0001");
    await page.goto(`${app.baseUrl}/hr`);
    await page.getByLabel("組織・所属（配下を含む）").selectOption({ label: "消防本部" });
    await page.getByLabel("区分", { exact: true }).selectOption({ label: "職員" });
    await page.getByRole("button", { name: "表示" }).click();
    await page.waitForURL(/\/hr\?.*dept=\d+.*category=\d+/);
    await page.getByRole("heading", { level: 2, name: "消防本部の状況" }).waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  });
});
