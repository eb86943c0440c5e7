import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, isNull } from "drizzle-orm";
import { getDb, writeIfFree, type Db } from "~/db/client.server";
import { accountRoles, accounts, categories, employees, sessions } from "~/db/schema";
import { getAuthConfig, type AuthConfig } from "./config.server";
import { parseRoles, type Role } from "./roles";

export type SessionUser = {
  accountId: number;
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentId: number;
  categoryName: string;
  roles: Role[];
  tokenHash: string;
};

const COOKIE_NAME = "mamori_session";
// Refresh last_seen_at at most once a minute: a write per page view would cost an fsync each.
const TOUCH_INTERVAL_MS = 60_000;

function cookieFor(request: Request, config: AuthConfig) {
  const secure =
    config.cookieSecure === "true" || (config.cookieSecure === "auto" && new URL(request.url).protocol === "https:");
  return createCookie(COOKIE_NAME, { httpOnly: true, sameSite: "lax", path: "/", secure });
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function readToken(request: Request, config: AuthConfig): Promise<string | null> {
  const value: unknown = await cookieFor(request, config).parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/**
 * Start a new session for an account. The id is always fresh (no fixation) and the caller's old
 * session, if any, is revoked. Returns the Set-Cookie header.
 */
export async function createSession(
  request: Request,
  accountId: number,
  ip: string | null,
  options: { db?: Db; now?: number; config?: AuthConfig } = {},
): Promise<string> {
  const db = options.db ?? getDb();
  const config = options.config ?? getAuthConfig();
  const now = options.now ?? Date.now();
  const previous = await readToken(request, config);
  const token = randomBytes(32).toString("base64url");
  db.transaction((tx) => {
    if (previous) {
      tx.update(sessions).set({ revokedAt: now }).where(eq(sessions.tokenHash, hashToken(previous))).run();
    }
    tx.insert(sessions)
      .values({ tokenHash: hashToken(token), accountId, createdAt: now, lastSeenAt: now, expiresAt: now + config.absoluteMs, ip })
      .run();
  });
  return cookieFor(request, config).serialize(token, { maxAge: Math.floor(config.absoluteMs / 1000) });
}

/** Why there is no signed-in user, when the browser still held a session cookie. */
export type SessionEndReason = "idle" | "expired" | "revoked";

export type SessionState =
  | { user: SessionUser; reason: null; idleDeadline: number; absoluteDeadline: number }
  | { user: null; reason: SessionEndReason | null };

/**
 * The session behind the request's cookie: the user, with when it will end for inactivity and for
 * good; or why it ended (idle, absolute expiry, revoked: signed out elsewhere, password reset).
 * A missing cookie, an unknown token or a disabled account gives no reason.
 */
export async function getSessionState(
  request: Request,
  options: { db?: Db; now?: number; config?: AuthConfig } = {},
): Promise<SessionState> {
  const db = options.db ?? getDb();
  const config = options.config ?? getAuthConfig();
  const now = options.now ?? Date.now();
  const token = await readToken(request, config);
  if (!token) return { user: null, reason: null };
  const tokenHash = hashToken(token);
  const row = db
    .select({
      accountId: accounts.id,
      disabled: accounts.disabled,
      employeeId: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      departmentId: employees.departmentId,
      active: employees.active,
      categoryName: categories.name,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .innerJoin(categories, eq(categories.id, employees.categoryId))
    .where(eq(sessions.tokenHash, tokenHash))
    .get();
  if (!row || row.disabled || !row.active) return { user: null, reason: null };
  if (row.revokedAt !== null) return { user: null, reason: "revoked" };
  if (now >= row.expiresAt) return { user: null, reason: "expired" };
  if (now - row.lastSeenAt > config.idleMs) return { user: null, reason: "idle" };
  let lastSeenAt = row.lastSeenAt;
  if (now - row.lastSeenAt > TOUCH_INTERVAL_MS) {
    // Skipped while the background worker writes (an import, the reminder run): the next page
    // view touches it; the idle timeout is 30 minutes, the touch once a minute.
    const touched = writeIfFree(db, () => {
      db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash)).run();
    });
    if (touched) lastSeenAt = now;
  }
  const roles = db
    .select({ role: accountRoles.role })
    .from(accountRoles)
    .where(eq(accountRoles.accountId, row.accountId))
    .all();
  return {
    user: {
      accountId: row.accountId,
      employeeId: row.employeeId,
      employeeNo: row.employeeNo,
      name: row.name,
      departmentId: row.departmentId,
      categoryName: row.categoryName,
      roles: parseRoles(roles.map((item) => item.role)),
      tokenHash,
    },
    reason: null,
    idleDeadline: lastSeenAt + config.idleMs,
    absoluteDeadline: row.expiresAt,
  };
}

/** The signed-in user, or null when there is no valid session (missing, revoked, idle, expired, disabled). */
export async function getSessionUser(
  request: Request,
  options: { db?: Db; now?: number; config?: AuthConfig } = {},
): Promise<SessionUser | null> {
  return (await getSessionState(request, options)).user;
}

/** 「延長する」: the person is here; restart the idle clock now (the absolute limit stays). */
export function touchSession(db: Db, tokenHash: string, now = Date.now()): void {
  db.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt))).run();
}

/** Revoke the caller's session and return the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request, options: { db?: Db; now?: number } = {}): Promise<string> {
  const db = options.db ?? getDb();
  const config = getAuthConfig();
  const token = await readToken(request, config);
  if (token) {
    db.update(sessions)
      .set({ revokedAt: options.now ?? Date.now() })
      .where(eq(sessions.tokenHash, hashToken(token)))
      .run();
  }
  return cookieFor(request, config).serialize("", { maxAge: 0 });
}

/** Revoke every session of an account (password reset, account disabled, leaver). */
export function revokeAccountSessions(db: Db, accountId: number, now = Date.now()): number {
  return db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)))
    .run().changes;
}

/** Only same-site relative paths may be redirect targets after sign-in. */
export function safeRedirectPath(target: unknown, fallback = "/learn"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.includes("\\")) {
    return fallback;
  }
  return target;
}

/**
 * The sign-in page for someone whose session is missing or over. The reason is one of a fixed
 * set of words (the login page maps it to its own text), never free text from anywhere.
 */
export function loginRedirectPath(request: Request, reason: SessionEndReason | "signedout" | null, extra: Record<string, string> = {}): string {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (reason) params.set("reason", reason);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `/login?${params.toString()}`;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const state = await getSessionState(request);
  if (!state.user) throw redirect(loginRedirectPath(request, state.reason));
  return state.user;
}

/** 403 unless the user holds one of the roles. The check is here, on the server, for every request. */
export async function requireRole(request: Request, ...allowed: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!allowed.some((role) => user.roles.includes(role))) {
    throw new Response("この操作を行う権限がありません。", { status: 403, statusText: "Forbidden" });
  }
  return user;
}
