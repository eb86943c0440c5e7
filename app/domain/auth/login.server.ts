import { and, count, eq, gte, lt } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { accounts, employees, loginFailures } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { getAuthConfig, type AuthConfig } from "./config.server";
import { getDecoyHash, verifyPassword } from "./password.server";

export type LoginResult =
  | { ok: true; accountId: number; employeeId: number }
  | { ok: false; reason: "invalid" | "throttled" };

function recentFailures(db: Db, key: string, since: number): number {
  const row = db
    .select({ count: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gte(loginFailures.at, since)))
    .get();
  return row?.count ?? 0;
}

/**
 * Check 職員番号 + password with throttling per account and per IP. Messages never reveal whether
 * the account exists. A throttled attempt does not even verify the password.
 */
export async function authenticate(
  db: Db,
  input: { employeeNo: string; password: string; ip: string | null },
  options: { now?: number; config?: AuthConfig } = {},
): Promise<LoginResult> {
  const now = options.now ?? Date.now();
  const config = options.config ?? getAuthConfig();
  const since = now - config.throttleWindowMs;
  const accountKey = `account:${input.employeeNo}`;
  const ipKey = input.ip ? `ip:${input.ip}` : null;

  if (
    recentFailures(db, accountKey, since) >= config.maxFailuresPerAccount ||
    (ipKey && recentFailures(db, ipKey, since) >= config.maxFailuresPerIp)
  ) {
    recordAudit(db, { actorAccountId: null, action: "auth.login_throttled", targetType: "employee", targetId: input.employeeNo, ip: input.ip }, now);
    return { ok: false, reason: "throttled" };
  }

  const account = db
    .select({ id: accounts.id, employeeId: employees.id, passwordHash: accounts.passwordHash, disabled: accounts.disabled, active: employees.active })
    .from(accounts)
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(eq(employees.employeeNo, input.employeeNo))
    .get();

  const usable = account && account.passwordHash && !account.disabled && account.active;
  const valid = usable
    ? await verifyPassword(account.passwordHash!, input.password)
    : (await verifyPassword(await getDecoyHash(), input.password), false);

  if (!valid || !account) {
    db.transaction((tx) => {
      tx.insert(loginFailures).values({ key: accountKey, at: now }).run();
      if (ipKey) tx.insert(loginFailures).values({ key: ipKey, at: now }).run();
      // Old rows are useless for throttling; prune them as we go.
      tx.delete(loginFailures).where(lt(loginFailures.at, now - 24 * 3_600_000)).run();
    });
    return { ok: false, reason: "invalid" };
  }

  db.delete(loginFailures).where(eq(loginFailures.key, accountKey)).run();
  recordAudit(db, { actorAccountId: account.id, action: "auth.login", targetType: "account", targetId: account.id, ip: input.ip }, now);
  return { ok: true, accountId: account.id, employeeId: account.employeeId };
}
