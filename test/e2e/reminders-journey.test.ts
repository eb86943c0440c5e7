// Browser journeys for reminders: H0001 previews and triggers today's run (without JavaScript),
// A0001 sees the outbox and a message (with JavaScript), S0001 sees the notices on /learn.
// The clock is pinned to Wednesday 25 November 2026, 10:00 JST; no SMTP: messages stay queued.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, newContext, signIn, startApp, type RunningApp } from "./support";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ MAMORI_NOW: "2026-11-25T01:00:00Z", APP_BASE_URL: "http://mamori.test" }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("reminders in the browser", () => {
  it("S0001 sees overdue notices above the summary on /learn", { timeout: 60_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "S0001");
    await page.getByRole("heading", { level: 1, name: "マイ研修" }).waitFor();
    const notices = page.locator(".notices li");
    await notices.first().waitFor();
    expect(await notices.count()).toBe(await page.locator("li.assignment--overdue").count());
    expect(await page.locator(".notices .notice__title").first().textContent()).toMatch(/^受講期限を過ぎた研修が\d+件あります。/);
    expect(await notices.first().textContent()).toMatch(/^「.+」 期限 令和8年\d+月\d+日（\d+日超過）$/);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("H0001 previews who would be reminded today and triggers a run — without JavaScript", { timeout: 120_000 }, async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "H0001");
    await page.getByRole("link", { name: "リマインダー" }).click();
    await page.waitForURL(`${app.baseUrl}/hr/reminders`);
    await page.getByRole("heading", { level: 1, name: "リマインダー" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "本日（令和8年11月25日）の通知予定" }).waitFor();
    const tiles = page.getByRole("list", { name: "本日の通知予定の件数" });
    const planned = Number(await tiles.locator("li", { hasText: "送信するメール" }).locator("strong").textContent());
    expect(planned).toBeGreaterThan(100);
    await page.getByText(/^本日メールを受け取る人を見る/).click();
    expect(await page.getByRole("table", { name: "本日メールを受け取る人（先頭100名）" }).locator("tbody tr").count()).toBe(100);
    expect(await page.getByRole("heading", { level: 2, name: /^メールで通知できない職員（\d+名）$/ }).count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "今すぐ実行する" }).click();
    await page.waitForURL(/\/hr\/reminders\?ran=\d+$/);
    expect(await page.getByRole("status").first().textContent()).toContain(`メール ${planned} 通を送信キューに入れ`);
    expect(Number(await tiles.locator("li", { hasText: "送信するメール" }).locator("strong").textContent())).toBe(0);
    expect(await page.getByRole("table", { name: "最近の実行（新しい順）" }).locator("tbody tr").first().textContent()).toContain("人事が実行（H0001）");
    await expectNoAxeViolations(page);

    // A bad schedule is refused with the reason next to the field.
    await page.getByLabel("送信時刻（時）").fill("25");
    await page.getByRole("button", { name: "スケジュールを保存する" }).click();
    await page.getByRole("alert").first().waitFor();
    expect(await page.locator("#setting-sendHour-error").textContent()).toBe("送信時刻は23以下にしてください。");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("A0001 sees the outbox and reads a queued message", { timeout: 120_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signIn(page, app.baseUrl, "A0001");
    await page.getByRole("link", { name: "システム管理" }).click();
    await page.getByRole("heading", { level: 1, name: "システム管理" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "送信キュー（メール）", exact: true }).click();
    await page.waitForURL(`${app.baseUrl}/admin/outbox`);
    await page.getByRole("heading", { level: 1, name: "送信キュー（メール）" }).waitFor();
    expect(await page.locator(".notice--warn").textContent()).toContain("SMTP（環境変数 SMTP_URL）が設定されていない");
    const queued = Number(await page.getByRole("list", { name: "状態別の件数" }).locator("li", { hasText: "送信待ち" }).locator("strong").textContent());
    expect(queued).toBeGreaterThan(100);
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "送信待ち" }).click();
    await page.waitForURL(/status=queued/);
    await page.locator('.filter-tabs a[aria-current="page"]', { hasText: "送信待ち" }).waitFor();
    await expectNoAxeViolations(page);
    const firstSubject = page.locator("tbody tr").first().getByRole("link");
    const subject = (await firstSubject.textContent())!;
    expect(subject).toMatch(/^【まもり】/);
    await firstSubject.click();
    await page.waitForURL(/\/admin\/outbox\/\d+$/);
    await page.getByRole("heading", { level: 1, name: subject }).waitFor();
    const body = await page.getByLabel("メール本文").textContent();
    expect(body).toMatch(/様\n/);
    expect(body).toContain("http://mamori.test/learn");
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
