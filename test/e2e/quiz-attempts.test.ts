// The attempt policy as a learner on a phone sees it, the answer key kept out of the quiz page,
// its data request and the client bundle, and HR's pages for the policy and the statistics.
// Modules and questions come from content/ at run time: the banks change independently.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadContentFolder } from "~/domain/content/load.server";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const modules = new Map(loadContentFolder(path.resolve("content")).map((module) => [module.id, module]));
const explanations = [...modules.values()].flatMap((module) => module.quiz?.questions.flatMap((question) => question.options.map((option) => option.explanation)) ?? []);

const running = useAppAndBrowser();

/** Module ids with a quiz among the learner's open (not completed or exempt) assignments on /learn. */
async function quizModulesOnLearn(page: Page): Promise<string[]> {
  const cards = await page.locator("li.assignment").evaluateAll((items) =>
    items.map((item) => ({ href: item.querySelector("h3 a")?.getAttribute("href") ?? "", status: item.querySelector(".status")?.textContent ?? "" })),
  );
  return cards
    .filter((card) => card.status !== "完了" && card.status !== "免除")
    // Links name the assignment too (/learn/threats?a=12): the module id is the path.
    .map((card) => new URL(card.href, "http://mamori.test").pathname.replace("/learn/", ""))
    .filter((id) => modules.get(id)?.quiz);
}

/** Answer every shown question with a non-correct option taken from the bank, and submit. */
async function answerWrongly(page: Page, moduleId: string): Promise<void> {
  const bank = modules.get(moduleId)!.quiz!.questions;
  await page.locator("fieldset input").first().waitFor();
  const names = await page.locator("fieldset input").evaluateAll((inputs) => [...new Set(inputs.map((input) => (input as HTMLInputElement).name))]);
  for (const name of names) {
    const question = bank.find((candidate) => `answer.${candidate.id}` === name)!;
    await page.locator(`input[name="${name}"][value="${question.options.findIndex((option) => !option.correct)}"]`).check();
  }
  await page.getByRole("button", { name: "回答を送信して採点する" }).click();
}

/** "次の受験は 12月2日 14:35 から" → the instant (Japan time, this year or next). */
function parseOpensAt(text: string): number {
  const match = /次の受験は (\d{1,2})月(\d{1,2})日 (\d{1,2}):(\d{2}) から/.exec(text);
  if (!match) throw new Error(`no time in: ${text}`);
  const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear();
  const [, month, day, hour, minute] = match.map(Number);
  let instant = Date.UTC(year, month - 1, day, hour - 9, minute);
  if (instant < Date.now() - 86_400_000) instant = Date.UTC(year + 1, month - 1, day, hour - 9, minute);
  return instant;
}

describe("the attempt policy on a phone", () => {
  it("S0002 fails an attempt and sees when the next one opens, on every learner page", { timeout: 180_000 }, async () => {
    const context = await newContext(running.browser, { viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signIn(page, running.app.baseUrl, "S0002");
    const [moduleId] = await quizModulesOnLearn(page);
    expect(moduleId).toBeTruthy();
    const title = modules.get(moduleId)!.title;

    await page.goto(`${running.app.baseUrl}/learn/${moduleId}`);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    if (await page.getByRole("button", { name: "読了" }).count()) await page.getByRole("button", { name: "読了" }).click();
    else await page.getByRole("link", { name: "確認テストへ進む" }).click();
    // The quiz URL names the assignment: /learn/<module>/quiz?a=<id>.
    await page.waitForURL(new RegExp(`/learn/${moduleId}/quiz\\?a=\\d+$`));
    await expectNoAxeViolations(page);

    const submittedAt = Date.now();
    await answerWrongly(page, moduleId);
    await page.waitForURL(/\/quiz\?a=\d+&attempt=\d+$/);
    await page.getByRole("heading", { name: "不合格です" }).waitFor();
    // The result teaches with the chosen options' explanations and offers no immediate retake.
    expect(await page.locator(".graded__explanation").count()).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "もう一度受ける" }).count()).toBe(0);
    const resultNotice = (await page.locator(".attempt-lock").textContent()) ?? "";
    const opensAt = parseOpensAt(resultNotice);
    // Ten minutes (the default) after the submission, shown to the minute, rounded up.
    expect(opensAt).toBeGreaterThanOrEqual(Math.floor((submittedAt + 10 * 60_000) / 60_000) * 60_000);
    expect(opensAt).toBeLessThanOrEqual(Date.now() + 11 * 60_000);
    await expectNoAxeViolations(page);

    // The quiz page draws nothing and says the same.
    await page.goto(`${running.app.baseUrl}/learn/${moduleId}/quiz`);
    expect(await page.locator("fieldset input").count()).toBe(0);
    expect(parseOpensAt((await page.locator(".attempt-lock").textContent()) ?? "")).toBe(opensAt);
    await expectNoAxeViolations(page);

    // So do the module page and /learn.
    await page.goto(`${running.app.baseUrl}/learn/${moduleId}`);
    expect(parseOpensAt((await page.locator(".attempt-lock").textContent()) ?? "")).toBe(opensAt);
    await expectNoAxeViolations(page);
    await page.goto(`${running.app.baseUrl}/learn`);
    const card = page.locator("li.assignment", { has: page.getByRole("link", { name: title, exact: true }) });
    expect(parseOpensAt((await card.locator(".attempt-lock").textContent()) ?? "")).toBe(opensAt);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the answer key stays on the server", () => {
  it("is in neither the quiz page's HTML nor its data request", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser);
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "S0001");
    const moduleIds = await quizModulesOnLearn(page);
    // A module S0001 has not started in this test run: its quiz page draws a fresh attempt.
    const moduleId = moduleIds.at(-1)!;
    const cookie = (await context.cookies()).map((item) => `${item.name}=${item.value}`).join("; ");
    const html = await (await fetch(`${running.app.baseUrl}/learn/${moduleId}/quiz`, { headers: { Cookie: cookie } })).text();
    const data = await (await fetch(`${running.app.baseUrl}/learn/${moduleId}/quiz.data`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain("回答を送信して採点する");
    // The same attempt in both: its first question's prompt is in the data too.
    const prompt = /<p class="quiz-question__prompt">([^<]+)<\/p>/.exec(html)?.[1];
    expect(prompt).toBeTruthy();
    expect(data).toContain(prompt!.replace(/&quot;/g, '"').replace(/&amp;/g, "&").slice(0, 10));
    for (const body of [html, data]) {
      expect(body).not.toMatch(/correct/i);
      for (const explanation of explanations) expect(body).not.toContain(explanation);
    }
    await context.close();
  });

  it("is not in the client bundle", () => {
    const folder = path.resolve("build/client/assets");
    // esbuild may write non-ASCII as \uXXXX escapes: decode them before searching.
    const source = readdirSync(folder)
      .filter((file) => file.endsWith(".js"))
      .map((file) => readFileSync(path.join(folder, file), "utf8").replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))))
      .join("\n");
    // The search can find Japanese text: the quiz page's own button label is there.
    expect(source).toContain("回答を送信して採点する");
    expect(explanations.length).toBeGreaterThan(0);
    for (const explanation of explanations) expect(source).not.toContain(explanation);
  });
});

describe("HR's pages", () => {
  it("H0001 sets the policy and reads the question statistics", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser);
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "H0001");
    await page.goto(`${running.app.baseUrl}/hr/quiz-settings`);
    await page.getByRole("heading", { level: 1, name: "確認テストの受験ルール" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel("不合格のあとの待ち時間（分）").fill("2000");
    await page.getByRole("button", { name: "保存する" }).click();
    await page.getByText("待ち時間は1440分（24時間）以下にしてください。").waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel("不合格のあとの待ち時間（分）").fill("15");
    await page.getByLabel("本文の読み直しを求めるまでの連続不合格の回数").selectOption("5");
    await page.getByRole("button", { name: "保存する" }).click();
    await page.getByText("受験ルールを保存しました。").waitFor();
    expect(await page.getByLabel("不合格のあとの待ち時間（分）").inputValue()).toBe("15");

    await page.goto(`${running.app.baseUrl}/hr/report`);
    await page.getByRole("link", { name: "問題の統計（識別力）" }).click();
    await page.waitForURL(/\/hr\/report\/questions\?fy=\d{4}$/);
    await page.getByRole("heading", { level: 1, name: /確認テストの問題の統計/ }).waitFor();
    expect(await page.getByText("点双列相関係数").count()).toBe(1);
    expect(await page.locator("table").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
