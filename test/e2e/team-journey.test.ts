// M0001 (総務課長) in the browser: the team page, a refresher for S0001 without JavaScript, S0001
// seeing it, an extension with JavaScript, and an outsider's record refused. axe on every page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, formatWareki, japanDate } from "~/domain/time";
import { expectNoAxeViolations, launchBrowser, newContext, signIn, startApp, type RunningApp } from "./support";

let app: RunningApp;
let browser: Browser;
const today = japanDate(Date.now());
const dueDate = addDays(today, 20);
const REASON = "標的型メール訓練でリンクを開いたため、管理職向けの内容も含めて再受講してください。";

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function signInAs(page: Page, employeeNo: string) {
  await signIn(page, app.baseUrl, employeeNo);
  await page.getByRole("heading", { level: 1, name: "マイ研修" }).waitFor();
}

describe("the manager's workspace", () => {
  it("M0001 assigns a refresher to S0001 with JavaScript disabled; S0001 sees it with the reason and due date", { timeout: 120_000 }, async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, "M0001");
    await page.getByRole("link", { name: "所属の状況" }).click();
    await page.getByRole("heading", { level: 1, name: "所属の状況" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("七尾 太郎");
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "再受講を割り当てる" }).click();
    await page.waitForURL(`${app.baseUrl}/team/assign`);
    await expectNoAxeViolations(page);
    await page.locator('input[name="employee"][value="S0001"]').check();
    await page.locator('input[name="module"][value="manager-duties"]').check();
    await page.getByLabel("期限（必須）").fill(dueDate);

    // Without a reason: a 400 with the message beside the field, the choices kept.
    await page.getByRole("button", { name: "再受講を割り当てる" }).click();
    await page.getByText("理由を入力してください。").waitFor();
    expect(await page.locator('input[name="employee"][value="S0001"]').isChecked()).toBe(true);
    expect(await page.getByLabel("理由（必須）").getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page);

    await page.getByLabel("理由（必須）").fill(REASON);
    await page.getByRole("button", { name: "再受講を割り当てる" }).click();
    await page.getByRole("heading", { name: "1件の再受講を割り当てました。" }).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("七尾 太郎（S0001）：管理職の役割");
    await expectNoAxeViolations(page);

    // Again: nothing is duplicated, and the page says why.
    await page.locator('input[name="employee"][value="S0001"]').check();
    await page.locator('input[name="module"][value="manager-duties"]').check();
    await page.getByLabel("理由（必須）").fill(REASON);
    await page.getByRole("button", { name: "再受講を割り当てる" }).click();
    await page.getByRole("heading", { name: "新しく割り当てた研修はありません。" }).waitFor();
    expect(await page.getByRole("status").textContent()).toMatch(/同じ研修をまだ受講中のため追加していません[\s\S]*七尾 太郎（S0001）：管理職の役割[\s\S]*再受講（所属長の指示）/);
    await context.close();

    const learnerContext = await newContext(browser);
    const learner = await learnerContext.newPage();
    await signInAs(learner, "S0001");
    const notice = learner.locator("section", { has: learner.getByRole("heading", { name: "新しく割り当てられた研修" }) });
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain("管理職の役割：組織体制・監査・自己点検・見直し");
    expect(text).toContain(REASON);
    expect(text).toContain(formatWareki(dueDate));
    const card = learner.locator("li.assignment", { has: learner.getByRole("heading", { name: "管理職の役割：組織体制・監査・自己点検・見直し" }) });
    expect(await card.textContent()).toMatch(new RegExp(`${formatWareki(dueDate)}[\\s\\S]*所属長からの再受講[\\s\\S]*理由：${REASON}`));
    await expectNoAxeViolations(learner);
    await learnerContext.close();
  });

  it("M0001 extends a member's due date with a reason and filters the list (JavaScript on)", { timeout: 120_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signInAs(page, "M0001");
    await page.goto(`${app.baseUrl}/team`);
    await page.getByLabel("状況", { exact: true }).selectOption("overdue");
    await page.getByRole("button", { name: "絞り込む" }).click();
    await page.waitForURL(/status=overdue/);
    await page.getByRole("heading", { name: /職員ごとの受講状況/ }).waitFor();
    const badges = await page.locator(".team-assignments .status").allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(["期限超過"]));
    await expectNoAxeViolations(page);

    const csv = await page.request.get(`${app.baseUrl}/team/export.csv?status=overdue`);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString("utf8")).toContain("期限超過");

    await page.getByRole("link", { name: "七尾 太郎" }).click();
    await page.waitForURL(`${app.baseUrl}/team/S0001`);
    await page.getByRole("heading", { level: 2, name: "リマインダー" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: /^延長・免除\s*（対象とする脅威）$/ }).click();
    await page.getByRole("heading", { level: 1, name: "期限延長・免除" }).waitFor();
    await expectNoAxeViolations(page);
    const newDue = addDays(today, 30);
    await page.getByLabel("新しい期限（必須）").fill(newDue);
    await page.getByLabel("延長の理由（必須）").fill("長期出張のため");
    await page.getByRole("button", { name: "期限を延長する" }).click();
    await page.waitForURL(/\/team\/S0001\?changed=extension/);
    await page.getByText("期限を延長しました。").waitFor();
    const history = page.locator("table", { has: page.getByRole("columnheader", { name: "操作者" }) });
    expect(await history.textContent()).toMatch(/期限延長[\s\S]*長期出張のため[\s\S]*和倉 誠/);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();

    // HR sees the change, with the reason and who made it.
    const hrContext = await newContext(browser);
    const hr = await hrContext.newPage();
    await signInAs(hr, "H0001");
    await hr.goto(`${app.baseUrl}/hr/assignment-changes`);
    expect(await hr.locator("tbody").textContent()).toMatch(/七尾 太郎（S0001）[\s\S]*期限延長[\s\S]*長期出張のため[\s\S]*和倉 誠/);
    await expectNoAxeViolations(hr);
    await hrContext.close();
  });

  it("M0001 opening an outsider's record gets a Japanese 404 page", { timeout: 60_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAs(page, "M0001");
    for (const employeeNo of ["H0001", "A0001"]) {
      const response = await page.goto(`${app.baseUrl}/team/${employeeNo}`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("ページが見つかりません");
      expect(await page.locator("main").textContent()).not.toContain("研修記録");
    }
    await expectNoAxeViolations(page);
    const assign = await page.goto(`${app.baseUrl}/team/assign?employee=H0001`);
    expect(assign?.status()).toBe(404);
    await context.close();
  });
});
