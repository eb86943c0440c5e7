import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadContentFolder } from "~/domain/content/load.server";
import { correctOptionIndexes } from "~/domain/quiz/quiz";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const modules = new Map(loadContentFolder(path.resolve("content")).map((module) => [module.id, module]));

const running = useAppAndBrowser();

/** Answer every shown question, correctly or with a wrong option, using the bank in content/. */
async function answerQuiz(page: Page, moduleId: string, correctly: boolean): Promise<void> {
  const bank = modules.get(moduleId)!.quiz!.questions;
  // The URL can change a moment before the new questions are rendered (client-side navigation).
  await page.locator("fieldset input").first().waitFor();
  const names = await page.locator("fieldset input").evaluateAll((inputs) => [...new Set(inputs.map((input) => (input as HTMLInputElement).name))]);
  expect(names).toHaveLength(5);
  for (const name of names) {
    const question = bank.find((candidate) => `answer.${candidate.id}` === name)!;
    const right = correctOptionIndexes(question);
    const choose = correctly ? right : [question.options.findIndex((option) => !option.correct)];
    for (const index of choose) await page.locator(`input[name="${name}"][value="${index}"]`).check();
  }
  await page.getByRole("button", { name: "回答を送信して採点する" }).click();
}

async function journey(page: Page, moduleId: string) {
  const title = modules.get(moduleId)!.title;
  await signIn(page, running.app.baseUrl, "S0001");
  await page.getByRole("heading", { level: 1, name: "マイ研修" }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: title }).click();
  // Links name the assignment (?a=), so a line of an earlier 年度 opens that one.
  await page.waitForURL(new RegExp(`/learn/${moduleId}\\?a=\\d+$`));
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "読了" }).click();
  await page.waitForURL(new RegExp(`/learn/${moduleId}/quiz\\?a=\\d+$`));
  await expectNoAxeViolations(page);

  await answerQuiz(page, moduleId, false);
  await page.waitForURL(/\/quiz\?a=\d+&attempt=\d+$/);
  await page.getByRole("heading", { name: "不合格です" }).waitFor();
  expect(await page.locator(".graded__explanation").first().textContent()).toMatch(/基本方針 \d/);
  await expectNoAxeViolations(page);

  // The next attempt opens after the delay (10 minutes by default): move the failure back in time.
  expect(await page.locator(".attempt-lock").textContent()).toMatch(/次の受験は \d{1,2}月\d{1,2}日 \d{1,2}:\d{2} から受けられます。/);
  const attemptId = Number(new URL(page.url()).searchParams.get("attempt"));
  const sqlite = new Database(running.app.databasePath);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.prepare("UPDATE quiz_attempts SET submitted_at = submitted_at - 11 * 60000 WHERE id = ?").run(attemptId);
  sqlite.close();
  await page.reload();
  await page.getByRole("link", { name: "もう一度受ける" }).click();
  await page.waitForURL(new RegExp(`/learn/${moduleId}/quiz\\?a=\\d+$`));
  await answerQuiz(page, moduleId, true);
  await page.waitForURL(/\/quiz\?a=\d+&attempt=\d+$/);
  await page.getByRole("heading", { name: "合格です" }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "マイ研修へ戻る" }).click();
  await page.waitForURL(`${running.app.baseUrl}/learn`);
  const card = page.locator("li.assignment", { has: page.getByRole("link", { name: title }) });
  expect(await card.locator(".status").textContent()).toBe("完了");
}

describe("S0001's learner journey", () => {
  it("signs in, reads, fails, passes and sees 完了 — with JavaScript", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await journey(page, "threats");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("does the same with JavaScript disabled", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await journey(page, "scope-and-duties");
    await context.close();
  });

  it("gets a Japanese 403 page on /hr and a 404 page on an unknown module", { timeout: 60_000 }, async () => {
    const context = await newContext(running.browser);
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "S0001");
    const response = await page.goto(`${running.app.baseUrl}/hr`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("このページを表示する権限がありません");
    await expectNoAxeViolations(page);
    const missing = await page.goto(`${running.app.baseUrl}/learn/no-such-module`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("ページが見つかりません");
    await context.close();
  });

  it("shows a clear message for a wrong password, on an accessible login page", { timeout: 60_000 }, async () => {
    const context = await newContext(running.browser);
    const page = await context.newPage();
    await page.goto(`${running.app.baseUrl}/login`);
    await expectNoAxeViolations(page);
    await page.getByLabel("職員番号").fill("S0001");
    await page.getByLabel("パスワード").fill("not-the-password");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toBe("職員番号またはパスワードが正しくありません。");
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe("HTTP guards of the running server", () => {
  it("refuses a POST without a matching Origin and sends the security headers", async () => {
    const forged = await fetch(`${running.app.baseUrl}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "S0001", password: "mamori-demo" }),
      headers: { Origin: "https://evil.example" },
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/送信元を確認できない/);
    const missing = await fetch(`${running.app.baseUrl}/logout`, { method: "POST", redirect: "manual" });
    expect(missing.status).toBe(403);

    const page = await fetch(`${running.app.baseUrl}/login`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await page.text();
    // Every inline script carries this response's nonce.
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes] of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers /healthz with 200", async () => {
    const response = await fetch(`${running.app.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
  });
});
