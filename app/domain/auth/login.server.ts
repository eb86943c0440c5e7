import { and, count, eq, gte, inArray, lt, ne } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { accountRoles, accounts, employees, loginFailures } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { getAuthConfig, type AuthConfig } from "./config.server";
import { getDirectoryConfig, type DirectoryRole, type LdapConfig } from "./directory-config.server";
import { verifyLdapUser } from "./ldap.server";
import { getDecoyHash, verifyPassword } from "./password.server";

export type LoginResult =
  | { ok: true; accountId: number; employeeId: number; method: "local" | "ldap" }
  | { ok: false; reason: "invalid" | "throttled" | "directory_unavailable" | "unmapped" };

function recentFailures(db: Db, key: string, since: number): number {
  const row = db
    .select({ count: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gte(loginFailures.at, since)))
    .get();
  return row?.count ?? 0;
}

/** Throttling keys of an attempt: the typed name and the client IP. */
export function throttleKeys(username: string, ip: string | null) {
  return { accountKey: `account:${username}`, ipKey: ip ? `ip:${ip}` : null };
}

/** True (and audited) when the name or the IP has failed too often in the window. */
export function isThrottled(db: Db, username: string, ip: string | null, now: number, config: AuthConfig): boolean {
  const { accountKey, ipKey } = throttleKeys(username, ip);
  const since = now - config.throttleWindowMs;
  if (
    recentFailures(db, accountKey, since) >= config.maxFailuresPerAccount ||
    (ipKey && recentFailures(db, ipKey, since) >= config.maxFailuresPerIp)
  ) {
    recordAudit(db, { actorAccountId: null, action: "auth.login_throttled", targetType: "employee", targetId: username, ip }, now);
    return true;
  }
  return false;
}

function recordFailure(db: Db, username: string, ip: string | null, now: number): void {
  const { accountKey, ipKey } = throttleKeys(username, ip);
  db.transaction((tx) => {
    tx.insert(loginFailures).values({ key: accountKey, at: now }).run();
    if (ipKey) tx.insert(loginFailures).values({ key: ipKey, at: now }).run();
    // Old rows are useless for throttling; prune them as we go.
    tx.delete(loginFailures).where(lt(loginFailures.at, now - 24 * 3_600_000)).run();
  });
}

type AccountRow = { id: number; employeeId: number; passwordHash: string | null; disabled: boolean; active: boolean };

function findAccount(db: Db, employeeNo: string): AccountRow | undefined {
  return db
    .select({ id: accounts.id, employeeId: employees.id, passwordHash: accounts.passwordHash, disabled: accounts.disabled, active: employees.active })
    .from(accounts)
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(eq(employees.employeeNo, employeeNo))
    .get();
}

function otherActiveAdmins(tx: Executor, accountId: number): number {
  return tx.select({ count: count() }).from(accountRoles)
    .innerJoin(accounts, eq(accounts.id, accountRoles.accountId))
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(and(eq(accountRoles.role, "admin"), ne(accountRoles.accountId, accountId), eq(accounts.disabled, false), eq(employees.active, true)))
    .get()?.count ?? 0;
}

/**
 * The directory decides the roles it is configured for (LDAP_ROLE_GROUPS): a mapped role is
 * added when the person is in its group and removed when they are not. Other roles are left alone.
 */
function syncDirectoryRoles(tx: Executor, accountId: number, managed: DirectoryRole[], granted: DirectoryRole[], ip: string | null, now: number): void {
  if (managed.length === 0) return;
  const current = tx.select({ role: accountRoles.role }).from(accountRoles).where(eq(accountRoles.accountId, accountId)).all().map((row) => row.role);
  const added = managed.filter((role) => granted.includes(role) && !current.includes(role));
  let removed = managed.filter((role) => !granted.includes(role) && current.includes(role));
  if (removed.includes("admin") && otherActiveAdmins(tx, accountId) === 0) {
    // Never lock the city out of /admin: the last administrator keeps the role (HR/IT fix the group).
    removed = removed.filter((role) => role !== "admin");
  }
  if (added.length === 0 && removed.length === 0) return;
  for (const role of added) tx.insert(accountRoles).values({ accountId, role }).run();
  if (removed.length > 0) {
    tx.delete(accountRoles).where(and(eq(accountRoles.accountId, accountId), inArray(accountRoles.role, removed))).run();
  }
  recordAudit(tx, { actorAccountId: accountId, action: "auth.directory_roles", targetType: "account", targetId: accountId, details: { added, removed }, ip }, now);
}

function succeed(
  db: Db, username: string, account: AccountRow, method: "local" | "ldap", ip: string | null, now: number,
  roles?: { managed: DirectoryRole[]; granted: DirectoryRole[] },
): LoginResult {
  db.transaction((tx) => {
    tx.delete(loginFailures).where(eq(loginFailures.key, throttleKeys(username, ip).accountKey)).run();
    if (roles) syncDirectoryRoles(tx, account.id, roles.managed, roles.granted, ip, now);
    recordAudit(tx, { actorAccountId: account.id, action: "auth.login", targetType: "account", targetId: account.id, details: method === "ldap" ? { method } : undefined, ip }, now);
  });
  return { ok: true, accountId: account.id, employeeId: account.employeeId, method };
}

/**
 * Sign-in with throttling per typed name and per IP. Order: an account that has a local password
 * is checked against it first (the first administrator, and anyone who activated one); when that
 * fails or there is none, and LDAP is configured, the directory decides. Messages never reveal
 * whether the account exists. A throttled attempt does not even verify the password.
 */
export async function authenticate(
  db: Db,
  input: { employeeNo: string; password: string; ip: string | null },
  options: { now?: number; config?: AuthConfig; ldap?: LdapConfig | null } = {},
): Promise<LoginResult> {
  const now = options.now ?? Date.now();
  const config = options.config ?? getAuthConfig();
  const ldap = options.ldap === undefined ? getDirectoryConfig().ldap : options.ldap;
  const username = input.employeeNo;
  const ip = input.ip;

  if (isThrottled(db, username, ip, now, config)) return { ok: false, reason: "throttled" };

  const account = findAccount(db, username);
  const usable = (row: AccountRow | undefined): row is AccountRow => Boolean(row && !row.disabled && row.active);
  const hasLocalPassword = Boolean(account?.passwordHash);
  if (hasLocalPassword || !ldap) {
    const valid = hasLocalPassword && usable(account)
      ? await verifyPassword(account.passwordHash!, input.password)
      : (await verifyPassword(await getDecoyHash(), input.password), false);
    if (valid && account) return succeed(db, username, account, "local", ip, now);
    if (!ldap) {
      recordFailure(db, username, ip, now);
      return { ok: false, reason: "invalid" };
    }
  }

  const result = await verifyLdapUser(ldap, username, input.password);
  if (result.kind === "unreachable") {
    recordAudit(db, { actorAccountId: null, action: "auth.directory_unreachable", targetType: "employee", targetId: username, details: { error: result.error }, ip }, now);
    // Someone with a local password mistyped it: that is what they are told, not the outage.
    if (hasLocalPassword) recordFailure(db, username, ip, now);
    return { ok: false, reason: hasLocalPassword ? "invalid" : "directory_unavailable" };
  }
  if (result.kind === "invalid") {
    recordFailure(db, username, ip, now);
    return { ok: false, reason: "invalid" };
  }
  const mapped = result.employeeNo ? findAccount(db, result.employeeNo) : undefined;
  if (!mapped) {
    recordFailure(db, username, ip, now);
    recordAudit(db, { actorAccountId: null, action: "auth.directory_unmapped", targetType: "employee", targetId: username, details: { dn: result.dn, employeeNo: result.employeeNo }, ip }, now);
    return { ok: false, reason: "unmapped" };
  }
  if (!usable(mapped)) {
    recordFailure(db, username, ip, now);
    return { ok: false, reason: "invalid" };
  }
  return succeed(db, username, mapped, "ldap", ip, now, { managed: [...new Set(ldap.roleGroups.map((group) => group.role))], granted: result.roles });
}

/** What the sign-in form shows for each refusal. */
export const LOGIN_MESSAGES: Record<"invalid" | "throttled" | "directory_unavailable" | "unmapped", string> = {
  invalid: "職員番号またはパスワードが正しくありません。",
  throttled: "ログインの失敗が続いたため、一時的にログインを制限しています。15分ほど待ってから再度お試しください。",
  directory_unavailable: "ディレクトリ（Active Directory）に接続できません。しばらくしてから再度お試しください。",
  unmapped: "ディレクトリのアカウントは確認できましたが、まもりに登録された職員と対応付けられません。人事担当にお問い合わせください。",
};
