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
});
