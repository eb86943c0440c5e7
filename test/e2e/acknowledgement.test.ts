import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadContentFolder } from "~/domain/content/load.server";
import { receives } from "~/domain/content/tracks";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const running = useAppAndBrowser();

describe("S0002 (非常勤職員)", () => {
  it("sees the short core track and acknowledges the policy with JavaScript disabled", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "S0002");
    const titles = await page.locator("li.assignment h3").allTextContents();
    // The part-time track as the shipped content's audiences define it (content.test.ts pins the list).
    const track = loadContentFolder(path.resolve("content")).filter((module) => receives(module, "非常勤職員", "一般"));
    expect(track.map((module) => module.id)).toContain("policy-acknowledgement");
    expect(titles.sort()).toEqual(track.map((module) => module.title).sort());
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "情報セキュリティ基本方針の誓約" }).click();
    await page.waitForURL(/\/learn\/policy-acknowledgement\?a=\d+$/);
    expect(await page.locator("article").textContent()).toContain("職員、非常勤職員及び臨時職員等");
    // The required reading time follows the length of the text and is shown in Japanese.
    expect(await page.locator("form").filter({ hasText: "誓約できます" }).textContent()).toMatch(/本文を開いてから\d+分(\d+秒)?以上たつと誓約できます/);
    expect(await page.getByRole("note").filter({ hasText: "編集注" }).count()).toBe(1);
    await expectNoAxeViolations(page);

    // Too soon: the server refuses, whatever the browser does.
    await page.getByLabel("基本方針を理解し、遵守します").check();
    await page.getByRole("button", { name: "誓約する" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/あと\d+分(\d+秒)?お待ちください/);
    await expectNoAxeViolations(page);

    // Without the checkbox: refused too. (Time is simulated by moving the first opening back.)
    const db = new Database(running.app.databasePath);
    db.prepare(`UPDATE assignments SET started_at = started_at - 3600000 WHERE module_id = 'policy-acknowledgement'
      AND employee_id = (SELECT id FROM employees WHERE employee_no = 'S0002')`).run();
    db.close();
    await page.getByRole("button", { name: "誓約する" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toBe("「基本方針を理解し、遵守します」にチェックを入れてください。");

    await page.getByLabel("基本方針を理解し、遵守します").check();
    await page.getByRole("button", { name: "誓約する" }).click();
    await page.waitForURL(`${running.app.baseUrl}/learn?completed=policy-acknowledgement`);
    expect(await page.getByRole("status").textContent()).toContain("「情報セキュリティ基本方針の誓約」を修了しました");
    const card = page.locator("li.assignment", { has: page.getByRole("link", { name: "情報セキュリティ基本方針の誓約" }) });
    expect(await card.locator(".status").textContent()).toBe("完了");

    const check = new Database(running.app.databasePath, { readonly: true });
    const record = check.prepare(`SELECT text_hash AS hash FROM acknowledgements a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'S0002' ORDER BY a.id DESC`).get() as { hash: string };
    check.close();
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    await context.close();
  });
});
