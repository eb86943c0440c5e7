import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const running = useAppAndBrowser();

describe("H0001 imports the roster", () => {
  it("downloads the template, sees a row error, fixes it, reviews the dry run, applies, and finds the newcomer", { timeout: 180_000 }, async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "mamori-roster-"));
    const context = await newContext(running.browser);
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "H0001");
    await page.goto(`${running.app.baseUrl}/hr/import`);
    await expectNoAxeViolations(page);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "ひな形（CSV）をダウンロード" }).click()]);
    const templatePath = path.join(folder, "template.csv");
    await download.saveAs(templatePath);
    const template = readFileSync(templatePath, "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(template[0]).toBe("職員番号,氏名,氏名カナ,メールアドレス,職員区分,所属コード,役職区分,採用日,退職日");
    const code = template[1].split(",")[5];

    const good = `N7001,志賀 ひかり,シカ ヒカリ,hikari@example.lg.jp,職員,${code},一般,2026-11-01,`;
    const bad = `N7002,中島 翼,ナカジマ ツバサ,not-an-email,職員,${code},一般,2026-11-01,`;
    const badFile = path.join(folder, "bad.csv");
    writeFileSync(badFile, [template[0], good, bad].join("\n"));
    await page.getByLabel(/CSVファイル/).setInputFiles(badFile);
    await page.getByRole("button", { name: "アップロードして内容を確認" }).click();
    await page.getByRole("heading", { name: /ファイルに1件の誤りがあります/ }).waitFor();
    const errorRow = await page.locator("tbody tr").first().textContent();
    expect(errorRow).toContain("3行目");
    expect(errorRow).toContain("メールアドレス");
    expect(errorRow).toContain("形式が正しくありません");
    await expectNoAxeViolations(page);

    const fixedFile = path.join(folder, "fixed.csv");
    writeFileSync(fixedFile, [template[0], good, bad.replace("not-an-email", "tsubasa@example.lg.jp")].join("\n"));
    await page.getByLabel(/CSVファイル/).setInputFiles(fixedFile);
    await page.getByRole("button", { name: "アップロードして内容を確認" }).click();
    await page.waitForURL(/\/hr\/import\/[0-9a-f]{32}$/);
    const tiles = await page.getByRole("list", { name: "取り込みの概要" }).textContent();
    expect(tiles).toContain("新規2");
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "反映する" }).click();
    await page.getByText(/反映しました。研修の割り当てを\d+件作成しました。/).waitFor();
    await expectNoAxeViolations(page);

    await page.goto(`${running.app.baseUrl}/hr/employees/N7001`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("志賀 ひかり");
    expect(await page.getByText("対象とする脅威").first().isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("imports a Shift_JIS file with 和暦, 半角カナ and aliases, sees what was normalised, applies, and prints one slip per new person", { timeout: 180_000 }, async () => {
    const context = await newContext(running.browser);
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "H0001");

    await page.goto(`${running.app.baseUrl}/hr/categories`);
    for (const [alias, category] of [["会計年度", "会計年度任用職員"], ["非常勤", "非常勤職員"]]) {
      await page.getByLabel("別名（名簿に書かれている名前）").fill(alias);
      await page.getByLabel("対応する職員区分").selectOption(category);
      await page.getByRole("button", { name: "別名を登録する" }).click();
      await page.getByText("別名を保存しました。").waitFor();
    }
    expect(await page.getByRole("row", { name: /会計年度任用職員/ }).textContent()).toContain("会計年度");
    await expectNoAxeViolations(page);

    await page.goto(`${running.app.baseUrl}/hr/import`);
    // Hold the upload for a moment so that the progress state can be seen (it needs the page's JavaScript).
    await page.route("**/hr/import*", async (route) => {
      if (route.request().method() === "POST") await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByLabel(/CSVファイル/).setInputFiles("test/fixtures/roster-sjis-wareki.csv");
    await page.getByRole("button", { name: "アップロードして内容を確認" }).click();
    await page.getByRole("status").filter({ hasText: "ファイルを確認しています" }).waitFor();
    await page.waitForURL(/\/hr\/import\/[0-9a-f]{32}$/);
    const report = page.getByRole("region", { name: /書式を整えた項目/ });
    expect(await report.textContent()).toContain("2026/4/1 → 2026-04-01");
    expect(await report.textContent()).toContain("令和8年4月1日 → 2026-04-01");
    expect(await report.getByRole("list", { name: "種類ごとの件数" }).textContent()).toContain("和暦を西暦に：4件");
    expect(await page.getByText(/K0001 珠洲　美咲（会計年度任用職員・所属 1210 \S+）/).count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "反映する" }).click();
    await page.getByRole("button", { name: "新しく登録した4人に有効化コードを発行" }).click();
    const slips = page.locator(".activation-slip");
    await slips.first().waitFor();
    expect(await slips.count()).toBe(4);
    expect(await slips.first().textContent()).toContain(`${running.app.baseUrl}/activate`);
    expect(await slips.first().textContent()).toMatch(/K0001.*[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/s);
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: "print" });
    const breaks = await slips.evaluateAll((items) => items.map((item) => getComputedStyle(item).breakAfter));
    expect(breaks).toEqual(["page", "page", "page", "auto"]);
    await context.close();
  });

  it("without JavaScript: the login page leads to /activate, and /hr/accounts selects everyone shown", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${running.app.baseUrl}/login`);
    await page.getByRole("link", { name: "初めての方（有効化コードをお持ちの方）" }).click();
    await page.waitForURL(`${running.app.baseUrl}/activate`);
    await signIn(page, running.app.baseUrl, "H0001");
    await page.goto(`${running.app.baseUrl}/hr/accounts?q=${encodeURIComponent("総務")}`);
    const boxes = page.locator('input[name="employeeNos"]');
    const shown = await boxes.count();
    expect(shown).toBeGreaterThan(1);
    await page.getByRole("link", { name: `表示中の全員（${shown}人）を選択` }).click();
    expect(await boxes.evaluateAll((items) => items.filter((item) => (item as HTMLInputElement).checked).length)).toBe(shown);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "選んだ人に有効化コードを発行" }).click();
    expect(await page.locator(".activation-slip").count()).toBe(shown);
    await context.close();
  });
});
