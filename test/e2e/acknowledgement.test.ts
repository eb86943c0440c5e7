import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

const running = useAppAndBrowser();

describe("S0002 (非常勤職員)", () => {
  it("sees the short core track and acknowledges the policy with JavaScript disabled", { timeout: 120_000 }, async () => {
    const context = await newContext(running.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "S0002");
    const titles = await page.locator("li.assignment h3").allTextContents();
    expect(titles.sort()).toEqual(["物理的・人的・技術的セキュリティ", "対象とする脅威", "情報セキュリティ基本方針の誓約", "適用範囲と職員等の遵守義務"].sort());
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "情報セキュリティ基本方針の誓約" }).click();
    await page.waitForURL(/\/learn\/policy-acknowledgement\?a=\d+$/);
    expect(await page.locator("article").textContent()).toContain("職員、非常勤職員及び臨時職員等");
    await expectNoAxeViolations(page);

    // Too soon: the server refuses, whatever the browser does.
    await page.getByLabel("基本方針を理解し、遵守します").check();
    await page.getByRole("button", { name: "誓約する" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/あと\d+秒お待ちください/);
    await expectNoAxeViolations(page);

    // Without the checkbox: refused too. (Time is simulated by moving the first opening back.)
    const db = new Database(running.app.databasePath);
    db.prepare(`UPDATE assignments SET started_at = started_at - 120000 WHERE module_id = 'policy-acknowledgement'
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
