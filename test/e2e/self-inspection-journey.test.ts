// 自己点検 in the browser: H0001 opens the 年度's campaign; M0001 (総務課長) answers, is stopped at
// an いいえ without an improvement plan, and submits; H0001 sees it in the roll-up and downloads the
// evidence pack, whose manifest is recomputed here. axe on every page visited.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addDays, fiscalYearEnd, fiscalYearOf, japanDate } from "~/domain/time";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const state = useAppAndBrowser();
const today = japanDate(Date.now());
const fiscalYear = fiscalYearOf(today);
const dueDate = [addDays(today, 20), fiscalYearEnd(fiscalYear)].sort()[0];
const improvementDue = addDays(today, 30);

async function signInAs(page: Page, employeeNo: string) {
  await signIn(page, state.app.baseUrl, employeeNo);
  await page.getByRole("heading", { level: 1, name: "マイ研修" }).waitFor();
}

describe("self-inspection journey", () => {
  it("HR opens, M0001 answers and submits, HR reads the roll-up and downloads a verifiable pack", { timeout: 180_000 }, async () => {
    const { browser } = state;
    const hrContext = await newContext(browser);
    const hr = await hrContext.newPage();
    await signInAs(hr, "H0001");
    await hr.getByRole("link", { name: "人事ダッシュボード" }).click();
    await hr.getByRole("navigation", { name: "人事メニュー" }).getByRole("link", { name: "自己点検" }).click();
    await hr.getByRole("heading", { level: 2, name: "自己点検を開始する" }).waitFor();
    await expectNoAxeViolations(hr);
    await hr.getByLabel("提出期限").fill(dueDate);
    await hr.getByRole("button", { name: "開始する" }).click();
    await hr.getByRole("heading", { level: 2, name: "所属別の状況" }).waitFor();
    expect(await hr.locator("main").textContent()).toContain("総務課");

    // M0001 answers, without JavaScript (the form must work as plain HTML).
    const managerContext = await newContext(browser, { javaScriptEnabled: false });
    const manager = await managerContext.newPage();
    await signInAs(manager, "M0001");
    await manager.getByRole("link", { name: "所属の状況" }).click();
    await manager.getByRole("link", { name: "自己点検" }).click();
    await manager.getByRole("link", { name: "総務課" }).click();
    await manager.getByRole("heading", { level: 1, name: "総務課の自己点検" }).waitFor();
    await expectNoAxeViolations(manager);
    const items = manager.locator("fieldset.inspection-item");
    const count = await items.count();
    expect(count).toBeGreaterThan(10);
    for (let index = 0; index < count; index += 1) await items.nth(index).getByLabel("はい", { exact: true }).check();
    const cloud = manager.locator("fieldset.inspection-item", { hasText: "外部サービス（クラウドサービス）" });
    await cloud.getByLabel("いいえ", { exact: true }).check();
    await manager.getByRole("button", { name: "提出する" }).click();
    await manager.getByText("「いいえ」の項目には改善予定を入力してください。").waitFor();
    expect(await manager.locator("body").textContent()).toContain("何も保存していません");
    await expectNoAxeViolations(manager);
    // The answers typed are kept on the page.
    expect(await manager.locator("fieldset.inspection-item", { hasText: "外部サービス（クラウドサービス）" }).getByLabel("いいえ", { exact: true }).isChecked()).toBe(true);
    const cloudAgain = manager.locator("fieldset.inspection-item", { hasText: "外部サービス（クラウドサービス）" });
    await cloudAgain.getByLabel("改善予定（「いいえ」の場合は必須）").fill("利用中のサービスを規定と照合する");
    await cloudAgain.getByLabel("改善予定日（「いいえ」の場合は必須）").fill(improvementDue);
    await manager.getByRole("button", { name: "提出する" }).click();
    await manager.getByText("提出しました。").waitFor();
    expect(await manager.locator("main").textContent()).toContain("利用中のサービスを規定と照合する");
    await expectNoAxeViolations(manager);
    await managerContext.close();

    // HR sees it in the roll-up and downloads the evidence pack.
    await hr.reload();
    const byDepartment = hr.locator("section", { has: hr.getByRole("heading", { name: "所属別の状況" }) });
    const row = byDepartment.locator("tr", { has: hr.getByRole("link", { name: "総務課", exact: true }) });
    expect(await row.textContent()).toContain("提出済み");
    expect(await hr.locator("main").textContent()).toContain("利用中のサービスを規定と照合する");
    await expectNoAxeViolations(hr);
    await hr.getByRole("navigation", { name: "人事メニュー" }).getByRole("link", { name: "委員会への報告" }).click();
    await hr.getByRole("heading", { level: 1, name: /情報セキュリティ研修及び自己点検の実施状況について（報告）/ }).waitFor();
    await expectNoAxeViolations(hr);
    const [download] = await Promise.all([hr.waitForEvent("download"), hr.getByRole("link", { name: "証跡パッケージ（ZIP）をダウンロード" }).click()]);
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const manifest = strFromU8(files["MANIFEST.sha256"]).trim().split("\n");
    expect(manifest.length).toBeGreaterThan(4);
    for (const line of manifest) {
      const [hash, name] = line.split("  ");
      expect(createHash("sha256").update(files[name]).digest("hex"), name).toBe(hash);
    }
    expect(strFromU8(files[`self-inspection-actions-${fiscalYear}.csv`])).toContain("利用中のサービスを規定と照合する");
    await hrContext.close();
  });
});
