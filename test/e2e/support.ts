// Shared set-up for browser tests: the built app on a free loopback port with a fresh demo
// database, and the system Chromium driven by playwright-core, with axe-core for accessibility.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

export type RunningApp = { baseUrl: string; databasePath: string; stop: () => Promise<void>; output: () => string };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Start `server.ts` in production mode on the demo data. Requires `npm run build` first. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync("build/server/index.js")) throw new Error("build/server/index.js がありません。先に npm run build を実行してください。");
  const port = await freePort();
  const folder = mkdtempSync(path.join(tmpdir(), "mamori-e2e-"));
  const databasePath = path.join(folder, "e2e.db");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    // The reminder scheduler stays off unless a test turns it on: no test sends mail by accident.
    env: { ...process.env, NODE_ENV: "production", MAMORI_DEMO: "1", PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: databasePath, REMINDERS_SCHEDULER: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.includes("Mamori is running")) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databasePath,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A fresh browser context. bypassCSP only so that axe-core can be injected; the app's CSP is tested separately. */
const noScriptContexts = new WeakSet<BrowserContext>();

export async function newContext(browser: Browser, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number }; isMobile?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true, bypassCSP: true, locale: "ja-JP", timezoneId: "Asia/Tokyo",
    ...(options.viewport ? { viewport: options.viewport, isMobile: options.isMobile ?? false, hasTouch: options.isMobile ?? false } : {}),
  });
  if (options.javaScriptEnabled === false) noScriptContexts.add(context);
  return context;
}

const axeSource = readFileSync(path.resolve("node_modules/axe-core/axe.min.js"), "utf8");

/**
 * Run axe-core on the current page and fail with a readable list of violations. axe needs
 * timers, which a page without JavaScript does not run: such a page's HTML (scripts removed) is
 * replayed at the same URL in a scripted context and checked there.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  if (noScriptContexts.has(page.context())) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
    const url = page.url();
    const browser = page.context().browser()!;
    const replay = await newContext(browser);
    const replayPage = await replay.newPage();
    await replayPage.route(url, (route) => route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }));
    await replayPage.goto(url);
    try {
      await expectNoAxeViolations(replayPage);
    } finally {
      await replay.close();
    }
    return;
  }
  const violations = await page.evaluate(async (source) => {
    // eslint-disable-next-line no-new-func
    new Function(source)();
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => `${violation.id}: ${violation.help} → ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  }, axeSource);
  expect(violations, `axe-core violations on ${page.url()}`).toEqual([]);
}

export async function signIn(page: Page, baseUrl: string, username: string, password = "mamori-demo"): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("職員番号").fill(username);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(`${baseUrl}/learn`);
}

/**
 * One app (fresh demo database) and one browser for a test file, started before its tests and
 * stopped after them. Read `.app` and `.browser` inside the tests.
 */
export function useAppAndBrowser(env: Record<string, string> = {}): { app: RunningApp; browser: Browser } {
  const state = {} as { app: RunningApp; browser: Browser };
  beforeAll(async () => {
    [state.app, state.browser] = await Promise.all([startApp(env), launchBrowser()]);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.app?.stop();
  });
  return state;
}
