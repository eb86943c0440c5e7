import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, newContext, signIn, startApp, type RunningApp } from "./support";

let app: RunningApp;
let browser: Browser;
const databasePath = path.join(mkdtempSync(path.join(tmpdir(), "mamori-admin-e2e-")), "admin.db");

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ DATABASE_PATH: databasePath }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the administrator's journey", () => {
  it("A0001: finds a person, grants 監査, is refused the last admin, reads it in the audit log and exports it", { timeout: 180_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signIn(page, app.baseUrl, "A0001");

    await page.goto(`${app.baseUrl}/admin`);
    await page.getByRole("link", { name: /権限の管理/ }).click();
    await page.getByRole("heading", { level: 1, name: "権限の管理" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel("職員番号・氏名・カナ").fill("ななお たろう");
    await page.getByRole("button", { name: "検索" }).click();
    await page.getByRole("heading", { level: 2, name: /の検索結果（1人）/ }).waitFor();
    await page.getByRole("button", { name: "七尾 太郎（S0001）の「監査」を付与する" }).first().click();
    await page.getByText("七尾 太郎（S0001）の「監査」の権限を付与しました。").waitFor();
    await expectNoAxeViolations(page);

    // The last administrator keeps the role.
    await page.getByRole("button", { name: /（A0001）の「システム管理者」を取り消す/ }).first().click();
    await page.getByRole("alert").getByText(/最後の有効なシステム管理者です/).waitFor();

    // The audit log, in Japanese, filtered by action, then exported.
    await page.goto(`${app.baseUrl}/admin/audit`);
    await page.getByRole("heading", { level: 1, name: "監査ログ" }).waitFor();
    await page.getByLabel("操作", { exact: true }).selectOption({ label: "権限の付与" });
    await page.getByRole("button", { name: "絞り込む" }).click();
    await page.waitForURL(/action=role\.granted/);
    const row = page.locator("tbody tr").first();
    expect(await row.textContent()).toContain("田鶴浜 健（A0001）");
    expect(await row.textContent()).toContain("七尾 太郎（S0001）");
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV をダウンロード" }).click()]);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text.split("\r\n")[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00,A0001,田鶴浜 健（A0001）,role\.granted,権限の付与,/);
    // The export itself is in the log.
    await page.goto(`${app.baseUrl}/admin/audit?action=export.csv`);
    expect(await page.locator("tbody tr").first().textContent()).toContain("監査ログ");

    // The report letterhead is also the administrator's to set.
    await page.goto(`${app.baseUrl}/report-settings`);
    await page.getByLabel("宛先", { exact: true }).fill("");
    await page.getByRole("button", { name: "保存する", exact: true }).click();
    await page.getByText("宛先を入力してください。").waitFor();
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("HR is refused /admin/roles", { timeout: 60_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "H0001");
    const response = await page.goto(`${app.baseUrl}/admin/roles`);
    expect(response?.status()).toBe(403);
    await context.close();
  });
});
