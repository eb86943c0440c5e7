import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ID, CLIENT_SECRET, startOidcProvider, type TestProvider } from "../helpers/oidc-provider";
import { BASE_DN, directoryLdif, freePort, SERVICE_DN, SERVICE_PASSWORD, startSlapd, type Slapd } from "../helpers/slapd";
import { expectNoAxeViolations, launchBrowser, newContext, signIn, startApp, type RunningApp } from "./support";
import type { Browser } from "playwright-core";

// The built app with LDAP and OpenID Connect both configured, against a real slapd and an
// in-process oidc-provider, driven by Chromium.
let slapd: Slapd;
let provider: TestProvider;
let app: RunningApp;
let browser: Browser;
// startApp picks its own port; this test needs the app's address before it starts (the
// provider's registered redirect URI), so it passes PORT and uses this base URL.
let baseUrl: string;

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const redirectUri = `${baseUrl}/login/oidc/callback`;
  [slapd, provider] = await Promise.all([
    startSlapd(directoryLdif([
      { uid: "matsumoto", sAMAccountName: "matsumoto", employeeId: "E00001", displayName: "松本 修", department: "1110", employeeType: "委託事業者", password: "ad-E00001" },
    ], [])),
    startOidcProvider({ "entra-e00002": { employee_id: "E00002", name: "橋本 陽菜" } }, redirectUri),
  ]);
  [app, browser] = await Promise.all([
    startApp({
      PORT: String(port),
      LDAP_URL: slapd.url, LDAP_ALLOW_PLAIN: "true", LDAP_BASE_DN: BASE_DN, LDAP_BIND_DN: SERVICE_DN, LDAP_BIND_PASSWORD: SERVICE_PASSWORD,
      LDAP_USER_FILTER: "(&(objectClass=inetOrgPerson)(sAMAccountName={username}))",
      OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_REDIRECT_URI: redirectUri, OIDC_ALLOW_INSECURE: "true",
    }),
    launchBrowser(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await Promise.all([slapd?.stop(), provider?.stop()]);
});

describe("signing in with the city's directory", () => {
  it("signs in with the Windows user name and directory password; a wrong one is refused in Japanese", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    expect(await page.getByRole("link", { name: "組織のアカウントでログイン" }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByLabel("職員番号またはユーザー名").fill("matsumoto");
    await page.getByLabel("パスワード").fill("wrong");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toBe("職員番号またはパスワードが正しくありません。");
    await expectNoAxeViolations(page);
    await page.getByLabel("パスワード").fill("ad-E00001");
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(`${baseUrl}/learn`);
    // A client-side navigation changes the URL before the new page has rendered.
    await page.getByRole("heading", { level: 1, name: "マイ研修" }).waitFor();
    expect(await page.getByText("（職員番号 E00001）").count()).toBe(1);
    await context.close();
  }, 60_000);

  it("signs in with 組織のアカウントでログイン (OpenID Connect) and comes back signed in", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    provider.signInAs("entra-e00002");
    await page.goto(`${baseUrl}/login`);
    await page.getByRole("link", { name: "組織のアカウントでログイン" }).click();
    await page.waitForURL(`${baseUrl}/learn`);
    expect(await page.getByText("（職員番号 E00002）").count()).toBe(1);
    await context.close();
  }, 60_000);

  it("explains a callback that belongs to no sign-in started in this browser", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/login/oidc/callback?code=forged&state=forged`);
    expect(response?.status()).toBe(400);
    expect(await page.getByRole("alert").textContent()).toContain("有効期限（10分）が切れています");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "ログイン画面に戻る" }).click();
    await page.waitForURL(`${baseUrl}/login`);
    await context.close();
  }, 60_000);

  it("shows the administrator which methods are on, and the 接続テスト succeeds", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, baseUrl, "A0001");
    await page.goto(`${baseUrl}/admin`);
    expect(await page.getByText("ディレクトリ（Active Directory・LDAP）: 有効").count()).toBe(1);
    expect(await page.getByText("組織のアカウント（OpenID Connect）: 有効").count()).toBe(1);
    await page.getByRole("button", { name: "接続テスト" }).click();
    await page.getByRole("status").waitFor();
    const status = await page.getByRole("status").textContent();
    expect(status).toContain("ディレクトリ（LDAP）: 成功");
    expect(status).toContain("組織のアカウント（OpenID Connect）: 成功");
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);
});
