// A drill in the demo, in a real browser: H0001 creates and launches a small drill (文書法制係),
// the app delivers it to a real SMTP server on 127.0.0.1, a recipient opens their link (fake
// sign-in form, then 「これは訓練です」), S0001 reports theirs on /learn, and H0001 sees the results.
// The clock is pinned to Wednesday 25 November 2026, 17:30 JST, so every slot of the day is due.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtpServer, type ReceivedMail, type TestSmtp } from "../helpers/smtp";
import { expectNoAxeViolations, launchBrowser, newContext, signIn, startApp, type RunningApp } from "./support";

let app: RunningApp;
let browser: Browser;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  [app, browser] = await Promise.all([
    startApp({ MAMORI_NOW: "2026-11-25T08:30:00Z", SMTP_URL: smtp.url, DRILL_BASE_URL: "http://drill.city.example.lg.jp" }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.close();
});

const SUBJECT = "【重要】パスワードの有効期限が本日で切れます";

async function drillMails(expected: number): Promise<ReceivedMail[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const mails = smtp.received.filter((mail) => mail.parsed.subject === SUBJECT);
    if (mails.length >= expected || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function mailTo(mails: ReceivedMail[], employeeNo: string): ReceivedMail {
  const mail = mails.find((item) => item.to.includes(`${employeeNo.toLowerCase()}@example.lg.jp`));
  if (!mail) throw new Error(`no drill mail to ${employeeNo}`);
  return mail;
}

describe("a targeted-mail drill in the browser", () => {
  let launched = 0;

  it("H0001 creates and launches a drill from the template library", { timeout: 120_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "H0001");
    await page.getByRole("link", { name: "人事ダッシュボード" }).click();
    await page.getByRole("navigation", { name: "人事メニュー" }).getByRole("link", { name: "標的型攻撃メール訓練" }).click();
    await page.getByRole("heading", { level: 1, name: "標的型攻撃メール訓練" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "新しい訓練を作る" }).click();
    await page.getByRole("heading", { level: 2, name: "テンプレートを選ぶ" }).waitFor();
    expect(await page.locator(".assignment-list > li").count()).toBeGreaterThanOrEqual(8);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "パスワード期限切れ" }).click();
    await page.getByLabel("訓練名（職員には表示されません）").fill("文書法制係 パスワード訓練");
    await page.getByLabel(/^所属/).selectOption({ label: "　　　文書法制係" });
    await page.getByLabel("送信期間（営業日）").fill("1");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "下書きとして保存" }).click();
    await page.waitForURL(/\/hr\/drills\/\d+\?created=1$/);
    const summary = await page.getByRole("heading", { level: 2, name: "開始" }).locator("xpath=..").textContent();
    launched = Number(/(\d+) 名\s*に送信します/.exec(summary ?? "")?.[1] ?? /(\d+) 名に送信/.exec(summary ?? "")?.[1]);
    expect(launched).toBeGreaterThanOrEqual(3);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "訓練を開始する" }).click();
    await page.waitForURL(/\/hr\/drills\/\d+\?launched=\d+$/);
    // The URL changes before the new page is rendered (client-side navigation): wait for its notice.
    await page.getByText(`${launched} 通のメールを送信キューに入れました`).waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("the mails arrive with a Japanese subject and one personal link each", { timeout: 60_000 }, async () => {
    const mails = await drillMails(launched);
    expect(mails).toHaveLength(launched);
    const links = mails.map((mail) => /http:\/\/drill\.city\.example\.lg\.jp\/d\/[A-Za-z0-9_-]{43}/.exec(String(mail.parsed.text))?.[0]);
    expect(new Set(links).size).toBe(launched);
    expect(mails[0].parsed.from?.text).toContain("admin@mail-support.example.jp");
  });

  it("S0002 opens the link: the fake sign-in form, then 「これは訓練です」 (no sign-in)", { timeout: 60_000 }, async () => {
    const mail = mailTo(await drillMails(launched), "S0002");
    const link = /http:\/\/drill\.city\.example\.lg\.jp(\/d\/[A-Za-z0-9_-]{43})/.exec(String(mail.parsed.text))!;
    const context = await newContext(browser);
    const page = await context.newPage();
    const posted: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posted.push(request.postData() ?? "");
    });
    await page.goto(`${app.baseUrl}${link[1]}`);
    await page.getByRole("heading", { level: 1, name: "ログイン" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel("職員ID").fill("S0002");
    await page.getByLabel("パスワード").fill("typed-secret-42");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByRole("heading", { level: 1, name: "これは訓練です" }).waitFor();
    expect(posted.join("\n")).not.toContain("typed-secret-42");
    expect(await page.getByRole("status").textContent()).toContain("入力された内容は送信も保存もされていません");
    expect(await page.getByRole("heading", { level: 3, name: "このメールで気付けたポイント" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "対象とする脅威" }).getAttribute("href")).toBe("/learn/threats");
    await expectNoAxeViolations(page);
    // A forged link is a 404.
    const forged = await page.goto(`${app.baseUrl}/d/${"A".repeat(43)}`);
    expect(forged?.status()).toBe(404);
    await context.close();
  });

  it("S0001 reports the mail from /learn", { timeout: 60_000 }, async () => {
    const mail = mailTo(await drillMails(launched), "S0001");
    const reference = /受付番号：(\S+)/.exec(String(mail.parsed.text))![1];
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "S0001");
    await page.getByRole("link", { name: "不審メールを報告" }).click();
    await page.getByRole("heading", { level: 1, name: "不審メールを報告" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel("不審なメールの本文、またはメール末尾の番号").fill(`受付番号：${reference}`);
    await page.getByRole("button", { name: "報告する" }).click();
    await page.getByText("このメールは訓練メールでした").first().waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("H0001 sees the results: one click, one entry, one report", { timeout: 60_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "H0001");
    await page.goto(`${app.baseUrl}/hr/drills`);
    await page.getByRole("link", { name: "文書法制係 パスワード訓練" }).click();
    await page.getByRole("heading", { level: 2, name: "結果" }).waitFor();
    const row = page.getByRole("table", { name: "所属ごと" }).locator("tbody tr").first();
    const cells = await row.locator("td").allTextContents();
    expect(cells[0]).toBe(String(launched));
    expect(cells[1]).toMatch(/^1（/);
    expect(cells[2]).toMatch(/^1（/);
    expect(cells[3]).toMatch(/^1（/);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "職員ごとの結果を見る" }).click();
    await page.getByRole("heading", { level: 1, name: "職員ごとの結果" }).waitFor();
    const s0002 = await page.getByRole("row", { name: /S0002/ }).locator("td").allTextContents();
    expect(s0002[3]).not.toBe("—");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("M0001 sees the subtree's totals without names; H0001 imports GoPhish results; A0001 restricts HR to totals", { timeout: 120_000 }, async () => {
    const managerContext = await newContext(browser);
    const manager = await managerContext.newPage();
    await signIn(manager, app.baseUrl, "M0001");
    await manager.getByRole("link", { name: "所属の状況" }).click();
    await manager.getByRole("link", { name: "標的型攻撃メール訓練の結果" }).click();
    await manager.getByRole("heading", { level: 1, name: "標的型攻撃メール訓練の結果" }).waitFor();
    const row = await manager.getByRole("table", { name: "所属ごと" }).getByRole("row", { name: /文書法制係/ }).locator("td").allTextContents();
    expect(row[0]).toBe(String(launched));
    expect(await manager.locator("main").textContent()).not.toContain("能登 花子");
    await expectNoAxeViolations(manager);
    await managerContext.close();

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, "H0001");
    await page.goto(`${app.baseUrl}/hr/drills`);
    await page.getByRole("link", { name: "GoPhish の結果を取り込む" }).click();
    await page.getByRole("heading", { level: 1, name: "GoPhish の結果を取り込む" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel("結果 CSV ファイル").setInputFiles("test/fixtures/gophish-results.csv");
    await page.getByLabel("訓練名").fill("GoPhish 11月訓練");
    await page.getByRole("button", { name: "確認する（まだ反映しません）" }).click();
    await page.getByRole("heading", { level: 1, name: "取り込みの確認（GoPhish 11月訓練）" }).waitFor();
    expect(await page.getByRole("list", { name: "取り込む内容" }).locator("li", { hasText: "職員と一致" }).locator("strong").textContent()).toBe("5");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "反映する" }).click();
    await page.waitForURL(/\/hr\/drills\/\d+\?imported=5$/);
    await page.getByRole("heading", { level: 2, name: "結果" }).waitFor();
    await expectNoAxeViolations(page);
    await context.close();

    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await signIn(admin, app.baseUrl, "A0001");
    await admin.goto(`${app.baseUrl}/admin`);
    await admin.getByRole("button", { name: "所属ごとの集計だけにする" }).click();
    await admin.getByRole("button", { name: "職員ごとの結果の閲覧を許可する" }).waitFor();
    await expectNoAxeViolations(admin);
    await adminContext.close();
  });
});
