import { it } from "vitest";
import { launchBrowser, signIn, startApp } from "./e2e/support";
it("shots", { timeout: 180_000 }, async () => {
  const app = await startApp({ MAMORI_NOW: "2026-11-25T01:00:00Z" });
  const browser = await launchBrowser();
  for (const [name, viewport] of [["laptop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
    const ctx = await browser.newContext({ viewport, locale: "ja-JP" });
    const page = await ctx.newPage();
    await signIn(page, app.baseUrl, "S0001");
    await page.screenshot({ path: `/tmp/rem/shot-learn-${name}.png`, fullPage: false });
    await ctx.clearCookies();
    await signIn(page, app.baseUrl, "H0001");
    await page.goto(`${app.baseUrl}/hr/reminders`);
    await page.screenshot({ path: `/tmp/rem/shot-hr-${name}.png`, fullPage: true });
    if (name === "laptop") { await page.getByRole("button", { name: "今すぐ実行する" }).click(); await page.waitForURL(/ran=/); await page.screenshot({ path: `/tmp/rem/shot-hr-ran.png` }); }
    await ctx.clearCookies();
    await signIn(page, app.baseUrl, "A0001");
    await page.goto(`${app.baseUrl}/admin/outbox`);
    await page.screenshot({ path: `/tmp/rem/shot-outbox-${name}.png`, fullPage: false });
    await page.locator("tbody tr").first().getByRole("link").click();
    await page.waitForURL(/outbox\/\d+/);
    await page.screenshot({ path: `/tmp/rem/shot-message-${name}.png`, fullPage: false });
    await ctx.close();
  }
  await browser.close(); await app.stop();
});
