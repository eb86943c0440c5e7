// The idle warning in a real browser: it appears before the cut-off with focus on 「延長する」,
// and extending keeps the page (a half-answered quiz) as it is.
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, newContext, signIn, useAppAndBrowser } from "./support";

// One idle minute: the warning shows in the last 30 seconds.
const running = useAppAndBrowser({ SESSION_IDLE_MINUTES: "1" });

describe("the idle warning", () => {
  it("warns, moves focus to 延長する, and extending keeps the answers on the page", async () => {
    const context = await newContext(running.browser);
    const page = await context.newPage();
    await signIn(page, running.app.baseUrl, "S0001");
    await page.goto(`${running.app.baseUrl}/learn/threats/quiz`);
    const firstOption = page.locator("fieldset.quiz-question").first().locator("input").first();
    await firstOption.check();

    const dialog = page.getByRole("alertdialog", { name: "まもなく自動的にログアウトします" });
    await dialog.waitFor({ timeout: 45_000 });
    const extend = page.getByRole("button", { name: "延長する" });
    expect(await extend.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page);

    await extend.click();
    await dialog.waitFor({ state: "detached", timeout: 10_000 });
    // Still on the quiz, the answer still chosen, and the session still valid.
    expect(page.url()).toContain("/learn/threats/quiz");
    expect(await firstOption.isChecked()).toBe(true);
    await page.goto(`${running.app.baseUrl}/learn`);
    await page.getByRole("heading", { level: 1, name: "マイ研修" }).waitFor();
    await context.close();
  }, 90_000);
});
