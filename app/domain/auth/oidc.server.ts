import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { sql } from "drizzle-orm";
import * as client from "openid-client";
import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { getAuthConfig, type AuthConfig } from "./config.server";
import type { OidcConfig } from "./directory-config.server";

// A sign-in started at /login/oidc waits here for its callback: state, nonce and the PKCE
// verifier never leave the server. The browser holds only a random key in a short-lived
// HttpOnly cookie, so a callback is accepted once, from the browser that started it, within
// ten minutes. There is one web process; a restart only asks people to click again.
const PENDING_TTL_MS = 10 * 60_000;
const PENDING_MAX = 10_000;
type Pending = { state: string; nonce: string; verifier: string; redirectTo: string; expiresAt: number };
const pending = new Map<string, Pending>();

const COOKIE_NAME = "mamori_oidc";
function oidcCookie(request: Request, config: AuthConfig) {
  const secure = config.cookieSecure === "true" || (config.cookieSecure === "auto" && new URL(request.url).protocol === "https:");
  // Lax: the callback is a top-level GET navigation from the identity provider.
  return createCookie(COOKIE_NAME, { httpOnly: true, sameSite: "lax", path: "/login/oidc", secure, maxAge: PENDING_TTL_MS / 1000 });
}

const hash = (value: string) => createHash("sha256").update(value).digest("hex");

let discovered: { key: string; at: number; config: Promise<client.Configuration> } | null = null;
const DISCOVERY_TTL_MS = 60 * 60_000;

/** The provider's metadata (issuer discovery), cached for an hour; a failure is not cached. */
function configuration(oidc: OidcConfig, now = Date.now()): Promise<client.Configuration> {
  const key = `${oidc.issuer}\n${oidc.clientId}\n${oidc.clientSecret ?? ""}`;
  if (discovered && discovered.key === key && now - discovered.at < DISCOVERY_TTL_MS) return discovered.config;
  const config = client.discovery(
    new URL(oidc.issuer), oidc.clientId, undefined,
    oidc.clientSecret ? client.ClientSecretPost(oidc.clientSecret) : client.None(),
    { execute: oidc.allowInsecure ? [client.allowInsecureRequests] : [], timeout: 10 },
  );
  discovered = { key, at: now, config };
  config.catch(() => {
    if (discovered?.config === config) discovered = null;
  });
  return config;
}

function prune(now: number): void {
  for (const [key, value] of pending) if (value.expiresAt <= now) pending.delete(key);
  // Bounded: a flood of unfinished starts drops the oldest, never grows memory without limit.
  while (pending.size >= PENDING_MAX) pending.delete(pending.keys().next().value!);
}

export type OidcStart = { ok: true; location: string; cookie: string } | { ok: false; message: string };

export const OIDC_UNREACHABLE = "組織のアカウントのサーバーに接続できません。しばらくしてから再度お試しいただくか、職員番号とパスワードでログインしてください。";

/** Authorization code flow with PKCE (S256), state and nonce. */
export async function startOidcLogin(request: Request, oidc: OidcConfig, redirectTo: string, options: { now?: number; config?: AuthConfig } = {}): Promise<OidcStart> {
  const now = options.now ?? Date.now();
  let config: client.Configuration;
  try {
    config = await configuration(oidc, now);
  } catch {
    return { ok: false, message: OIDC_UNREACHABLE };
  }
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const token = randomBytes(32).toString("base64url");
  prune(now);
  pending.set(hash(token), { state, nonce, verifier, redirectTo, expiresAt: now + PENDING_TTL_MS });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUri,
    scope: oidc.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const cookie = await oidcCookie(request, options.config ?? getAuthConfig()).serialize(token);
  return { ok: true, location: url.href, cookie };
}

export type OidcFinish =
  | { ok: true; accountId: number; redirectTo: string; clearCookie: string }
  | { ok: false; message: string; clearCookie: string };

const MESSAGES = {
  expired: "ログインの手続きが無効か、有効期限（10分）が切れています。もう一度「組織のアカウントでログイン」からやり直してください。",
  cancelled: "組織のアカウントでのログインが取り消されたか、認証されませんでした。",
  failed: "組織のアカウントからの応答を確認できませんでした。もう一度「組織のアカウントでログイン」からやり直してください。",
  unmapped: "組織のアカウントは確認できましたが、まもりに登録された職員と対応付けられません。人事担当にお問い合わせください。",
  invalid: "このアカウントではログインできません。人事担当にお問い合わせください。",
} as const;

function findAccountByClaim(db: Db, oidc: OidcConfig, value: string) {
  const match = oidc.matchBy === "email" ? sql`lower(e.email) = lower(${value})` : sql`e.employee_no = ${value}`;
  const rows = db.all<{ id: number; disabled: number; active: number }>(sql`
    SELECT a.id, a.disabled, e.active FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE ${match} LIMIT 2`);
  // Two people sharing an e-mail address: refuse rather than guess.
  return rows.length === 1 ? rows[0] : undefined;
}

/** For the audit log: the library's message and, where it says, which claim or check failed. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const inner = (error as { cause?: { claim?: unknown; cause?: { claim?: unknown } } }).cause;
  const claim = inner?.claim ?? inner?.cause?.claim;
  return `${error.name}: ${error.message}${typeof claim === "string" ? ` (${claim})` : ""}`.slice(0, 300);
}

function claimText(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : typeof value === "number" ? String(value) : null;
}

/**
 * The callback: the pending sign-in of this browser (single use), then openid-client checks the
 * state, exchanges the code with the PKCE verifier and validates the ID token (signature, issuer,
 * audience, expiry, nonce). The configured claim (from the ID token, else UserInfo) picks the
 * employee. Every refusal is audited and writes nothing else.
 */
export async function finishOidcLogin(
  db: Db, request: Request, oidc: OidcConfig, ip: string | null, options: { now?: number; config?: AuthConfig } = {},
): Promise<OidcFinish> {
  const now = options.now ?? Date.now();
  const cookie = oidcCookie(request, options.config ?? getAuthConfig());
  const clearCookie = await cookie.serialize("", { maxAge: 0 });
  const fail = (reason: keyof typeof MESSAGES, details: Record<string, unknown> = {}): OidcFinish => {
    recordAudit(db, { actorAccountId: null, action: "auth.oidc_failed", details: { reason, ...details }, ip }, now);
    return { ok: false, message: MESSAGES[reason], clearCookie };
  };
  const token: unknown = await cookie.parse(request.headers.get("Cookie"));
  const key = typeof token === "string" ? hash(token) : null;
  const started = key ? pending.get(key) : undefined;
  if (key) pending.delete(key);
  if (!started || started.expiresAt <= now) return fail("expired");
  const incoming = new URL(request.url);
  if (incoming.searchParams.has("error")) return fail("cancelled", { error: incoming.searchParams.get("error")?.slice(0, 100) });

  let claims: Record<string, unknown>;
  try {
    const config = await configuration(oidc, now);
    // The redirect_uri sent with the code must be the registered one, whatever Host the proxy passed.
    const currentUrl = new URL(oidc.redirectUri);
    currentUrl.search = incoming.search;
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce, idTokenExpected: true,
    });
    claims = { ...tokens.claims() };
    if (claimText(claims[oidc.employeeClaim]) === null && tokens.access_token) {
      // Keycloak and oidc-provider put scope claims in UserInfo unless mapped into the ID token.
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    }
  } catch (error) {
    return fail("failed", { error: describeError(error) });
  }
  const value = claimText(claims[oidc.employeeClaim]);
  const account = value ? findAccountByClaim(db, oidc, value) : undefined;
  if (!value || !account) return fail("unmapped", { sub: claims.sub, claim: oidc.employeeClaim, value });
  if (account.disabled || !account.active) return fail("invalid", { sub: claims.sub, accountId: account.id });
  recordAudit(db, { actorAccountId: account.id, action: "auth.login", targetType: "account", targetId: account.id, details: { method: "oidc" }, ip }, now);
  return { ok: true, accountId: account.id, redirectTo: started.redirectTo, clearCookie };
}

export type OidcTestResult = { ok: boolean; detail: string };

/** The admin's 接続テスト: fresh issuer discovery (not the cache). */
export async function testOidcDiscovery(oidc: OidcConfig): Promise<OidcTestResult> {
  try {
    const config = await client.discovery(new URL(oidc.issuer), oidc.clientId, undefined, client.None(), {
      execute: oidc.allowInsecure ? [client.allowInsecureRequests] : [], timeout: 10,
    });
    const metadata = config.serverMetadata();
    const s256 = metadata.code_challenge_methods_supported?.includes("S256") ?? false;
    return {
      ok: true,
      detail: `${metadata.issuer} の設定を取得しました（認可エンドポイント ${metadata.authorization_endpoint ?? "不明"}${s256 ? "、PKCE S256 対応" : "、PKCE S256 の表明なし"}）。`,
    };
  } catch (error) {
    return { ok: false, detail: `${oidc.issuer} の設定（.well-known/openid-configuration）を取得できません（${error instanceof Error ? error.message : String(error)}）。` };
  }
}
