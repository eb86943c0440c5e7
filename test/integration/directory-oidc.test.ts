import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db/client.server";
import { auditLog, sessions } from "~/db/schema";
import { getDirectoryConfig } from "~/domain/auth/directory-config.server";
import { getSessionUser } from "~/domain/auth/session.server";
import { action as adminAction } from "~/routes/admin._index";
import { loader as loginLoader } from "~/routes/login";
import { loader as startLoader } from "~/routes/login_.oidc";
import { loader as callbackLoader } from "~/routes/login_.oidc_.callback";
import { createDemoDb, markLeft } from "../helpers/db";
import { BASE, context, cookieFor, get, payload, post, settle } from "../helpers/requests";
import { CLIENT_ID, CLIENT_SECRET, followToCallback, startOidcProvider, type TestProvider } from "../helpers/oidc-provider";
import { freePort } from "../helpers/slapd";

const REDIRECT_URI = `${BASE}/login/oidc/callback`;
// At the provider: E00001 and S0001 carry employee_id; ikeda left the city in the demo data
// (E00079); stranger is unknown to Mamori; emailonly has only an e-mail address.
const ACCOUNTS = {
  "entra-e00001": { employee_id: "E00001", name: "松本 修", email: "matsumoto@nanao.test" },
  "entra-s0001": { employee_id: "S0001", name: "七尾 太郎", email: "s0001@example.lg.jp" },
  "entra-ikeda": { employee_id: "E00079", name: "池田 陽菜" },
  "entra-stranger": { employee_id: "X9001", name: "外部 一郎" },
  "entra-emailonly": { email: "E00003@Example.lg.jp", name: "坂本 健一" },
};

let provider: TestProvider;
let db: Db;

beforeAll(async () => {
  provider = await startOidcProvider(ACCOUNTS, REDIRECT_URI);
});
afterAll(async () => {
  await provider?.stop();
  // The stubbed LDAP_*/OIDC_* must not leak into the next file run by this worker.
  vi.unstubAllEnvs();
});
beforeEach(() => {
  vi.unstubAllEnvs();
  db = createDemoDb();
  markLeft(db, "E00079");
  for (const [key, value] of Object.entries({
    OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_REDIRECT_URI: REDIRECT_URI,
    OIDC_EMPLOYEE_CLAIM: "employee_id", OIDC_ALLOW_INSECURE: "true",
  })) vi.stubEnv(key, value);
});

function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
}

/** /login/oidc → provider (signed in as `account`) → the callback URL and the browser's cookie. */
async function startAndSignIn(account: string, redirectTo?: string) {
  const start = (await settle(() => startLoader({ request: get(`/login/oidc${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`), params: {}, context }))) as Response;
  expect(start.status).toBe(302);
  const authorization = new URL(start.headers.get("Location")!);
  provider.signInAs(account);
  return { authorization, cookie: cookiesOf(start) };
}

async function callback(url: URL, cookie: string) {
  return settle(() => callbackLoader({ request: new Request(url, { headers: { Cookie: cookie } }), params: {}, context }));
}

function failures(): unknown[] {
  return db.select().from(auditLog).where(eq(auditLog.action, "auth.oidc_failed")).all().map((row) => JSON.parse(row.details!).reason);
}

describe("OpenID Connect sign-in", () => {
  it("shows 組織のアカウントでログイン on /login only when configured", async () => {
    expect(await loginLoader({ request: get("/login"), params: {}, context })).toMatchObject({ ldap: false, oidc: true });
    vi.stubEnv("OIDC_ISSUER", "");
    expect(await loginLoader({ request: get("/login"), params: {}, context })).toMatchObject({ ldap: false, oidc: false });
    const off = await settle(() => startLoader({ request: get("/login/oidc"), params: {}, context }));
    expect((off as Response).status).toBe(404);
  });

  it("signs in with the code flow (PKCE S256, state, nonce) and maps the employee_id claim", async () => {
    const { authorization, cookie } = await startAndSignIn("entra-e00001", "/learn/threats");
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(authorization.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(cookie).toMatch(/^mamori_oidc=/);
    const back = await followToCallback(authorization.href, BASE);
    const response = (await callback(back, cookie)) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/learn/threats");
    const session = response.headers.getSetCookie().find((header) => header.startsWith("mamori_session="))!;
    const user = await getSessionUser(get("/learn", session.split(";")[0]), { db });
    expect(user?.employeeNo).toBe("E00001");
    const login = db.select().from(auditLog).where(eq(auditLog.action, "auth.login")).all();
    expect(login.map((row) => row.details)).toEqual([JSON.stringify({ method: "oidc" })]);
    // The pending sign-in is single use: replaying the same callback is refused.
    const replay = payload<{ message: string }>(await callback(back, cookie));
    expect(replay.status).toBe(400);
    expect(db.select().from(sessions).all()).toHaveLength(1);
  });

  it("maps by e-mail (case-insensitive) when OIDC_MATCH=email", async () => {
    vi.stubEnv("OIDC_EMPLOYEE_CLAIM", "email");
    vi.stubEnv("OIDC_MATCH", "email");
    const { authorization, cookie } = await startAndSignIn("entra-emailonly");
    const response = (await callback(await followToCallback(authorization.href, BASE), cookie)) as Response;
    expect(response.status).toBe(302);
    const session = response.headers.getSetCookie().find((header) => header.startsWith("mamori_session="))!;
    expect((await getSessionUser(get("/learn", session.split(";")[0]), { db }))?.employeeNo).toBe("E00003");
  });

  it("refuses a forged state with a Japanese message, no session, audited", async () => {
    const { authorization, cookie } = await startAndSignIn("entra-e00001");
    const back = await followToCallback(authorization.href, BASE);
    back.searchParams.set("state", "forged-state");
    const result = payload<{ message: string }>(await callback(back, cookie));
    expect(result.status).toBe(400);
    expect(result.body.message).toContain("組織のアカウントからの応答を確認できませんでした");
    expect(db.select().from(sessions).all()).toHaveLength(0);
    expect(failures()).toEqual(["failed"]);
  });

  it("refuses an ID token whose nonce is not the one this browser was given", async () => {
    const { authorization, cookie } = await startAndSignIn("entra-e00001");
    authorization.searchParams.set("nonce", "forged-nonce");
    const result = payload<{ message: string }>(await callback(await followToCallback(authorization.href, BASE), cookie));
    expect(result.status).toBe(400);
    expect(db.select().from(sessions).all()).toHaveLength(0);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "auth.oidc_failed")).get()!;
    expect(audit.details).toMatch(/nonce/);
  });

  it("refuses a callback without the browser's pending sign-in (another browser, or expired)", async () => {
    const { authorization } = await startAndSignIn("entra-e00001");
    const result = payload<{ message: string }>(await callback(await followToCallback(authorization.href, BASE), ""));
    expect(result.status).toBe(400);
    expect(result.body.message).toContain("有効期限");
    expect(db.select().from(sessions).all()).toHaveLength(0);
    expect(failures()).toEqual(["expired"]);
  });

  it("refuses a person who has left, and one unknown to Mamori, with Japanese messages", async () => {
    const left = await startAndSignIn("entra-ikeda");
    const leftResult = payload<{ message: string }>(await callback(await followToCallback(left.authorization.href, BASE), left.cookie));
    expect(leftResult.status).toBe(400);
    expect(leftResult.body.message).toBe("このアカウントではログインできません。人事担当にお問い合わせください。");
    const unknown = await startAndSignIn("entra-stranger");
    const unknownResult = payload<{ message: string }>(await callback(await followToCallback(unknown.authorization.href, BASE), unknown.cookie));
    expect(unknownResult.body.message).toContain("まもりに登録された職員と対応付けられません");
    expect(db.select().from(sessions).all()).toHaveLength(0);
    expect(failures()).toEqual(["invalid", "unmapped"]);
  });

  it("refuses an error answer from the provider (cancelled sign-in)", async () => {
    const { authorization, cookie } = await startAndSignIn("entra-e00001");
    const back = new URL(REDIRECT_URI);
    back.searchParams.set("error", "access_denied");
    back.searchParams.set("state", authorization.searchParams.get("state")!);
    const result = payload<{ message: string }>(await callback(back, cookie));
    expect(result.body.message).toContain("取り消された");
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it("says the provider is unreachable when discovery fails", async () => {
    vi.stubEnv("OIDC_ISSUER", `http://127.0.0.1:${await freePort()}`);
    const result = payload<{ message: string }>(await settle(() => startLoader({ request: get("/login/oidc"), params: {}, context })));
    expect(result.status).toBe(503);
    expect(result.body.message).toContain("組織のアカウントのサーバーに接続できません");
  });

  it("validates the OIDC settings, naming the variable", () => {
    const env = { OIDC_ISSUER: "https://login.microsoftonline.com/tenant/v2.0", OIDC_CLIENT_ID: "id", OIDC_REDIRECT_URI: "https://mamori.city.lg.jp/login/oidc/callback" };
    expect(getDirectoryConfig(env).oidc?.matchBy).toBe("employee_no");
    expect(() => getDirectoryConfig({ ...env, OIDC_ISSUER: "http://idp.local/realms/city" })).toThrow(/OIDC_ISSUER/);
    expect(() => getDirectoryConfig({ ...env, OIDC_CLIENT_ID: "" })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => getDirectoryConfig({ ...env, OIDC_REDIRECT_URI: "https://mamori.city.lg.jp/other" })).toThrow(/OIDC_REDIRECT_URI/);
    expect(() => getDirectoryConfig({ ...env, OIDC_MATCH: "name" })).toThrow(/OIDC_MATCH/);
  });
});

describe("/admin 接続テスト for OpenID Connect", () => {
  it("fetches the provider's discovery document and reports a provider that is down, audited", async () => {
    const admin = await cookieFor(db, "A0001");
    const run = () => settle(() => adminAction({ request: post("/admin", { intent: "test-directory" }, admin), params: {}, context }));
    const ok = payload<{ results: { method: string; ok: boolean; detail: string }[] }>(await run());
    expect(ok.body.results).toEqual([{ method: "oidc", label: "組織のアカウント（OpenID Connect）", ok: true, detail: `${provider.issuer} の設定を取得しました（認可エンドポイント ${provider.issuer}/auth、PKCE S256 対応）。` }]);
    vi.stubEnv("OIDC_ISSUER", `http://127.0.0.1:${await freePort()}`);
    const down = payload<{ results: { ok: boolean; detail: string }[] }>(await run());
    expect(down.body.results[0].ok).toBe(false);
    expect(down.body.results[0].detail).toContain("を取得できません");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "admin.directory_test")).all()).toHaveLength(2);
  });
});
