import { createHash, randomInt } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { accounts, activationCodes, departments, employees, loginFailures } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { getAuthConfig } from "./config.server";
import { hashPassword } from "./password.server";
import { ACTIVATION_DAYS, MIN_PASSWORD_LENGTH } from "./policy";
import { revokeAccountSessions } from "./session.server";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** 12 random characters without look-alikes, shown as XXXX-XXXX-XXXX. */
export function createActivationCode(): string {
  const raw = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

export function normaliseCode(code: string): string {
  const raw = code.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return raw.length === 12 ? `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}` : raw;
}

function hashCode(code: string): string {
  return createHash("sha256").update(normaliseCode(code)).digest("hex");
}

export type IssuedCode = { employeeNo: string; name: string; departmentName: string; email: string | null; code: string; expiresAt: number };

/**
 * Issue one-time activation codes (first sign-in or password reset). Earlier unused codes of the
 * same accounts stop working. With `reset`, the current password is removed and sessions revoked.
 * Only the hash of each code is stored: the list returned here is the one chance to print it.
 */
export function issueActivationCodes(
  db: Db,
  input: { employeeNos: string[]; reset: boolean },
  actor: { accountId: number; ip: string | null },
  now: number,
): IssuedCode[] {
  if (input.employeeNos.length === 0) return [];
  const targets = db
    .select({ accountId: accounts.id, employeeNo: employees.employeeNo, name: employees.name, email: employees.email, departmentName: departments.name })
    .from(accounts)
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .innerJoin(departments, eq(departments.id, employees.departmentId))
    .where(and(inArray(employees.employeeNo, input.employeeNos), eq(employees.active, true), eq(accounts.disabled, false)))
    .all();
  const expiresAt = now + ACTIVATION_DAYS * 86_400_000;
  return db.transaction((tx) => {
    const issued: IssuedCode[] = [];
    for (const target of targets) {
      tx.update(activationCodes).set({ expiresAt: now }).where(and(eq(activationCodes.accountId, target.accountId), isNull(activationCodes.usedAt), sql`${activationCodes.expiresAt} > ${now}`)).run();
      if (input.reset) {
        tx.update(accounts).set({ passwordHash: null }).where(eq(accounts.id, target.accountId)).run();
        revokeAccountSessions(db, target.accountId, now);
      }
      const code = createActivationCode();
      tx.insert(activationCodes).values({ accountId: target.accountId, codeHash: hashCode(code), expiresAt, createdByAccountId: actor.accountId, createdAt: now }).run();
      recordAudit(tx, { actorAccountId: actor.accountId, action: input.reset ? "account.password_reset" : "account.activation_issued", targetType: "account", targetId: target.accountId, details: { employeeNo: target.employeeNo }, ip: actor.ip }, now);
      issued.push({ employeeNo: target.employeeNo, name: target.name, departmentName: target.departmentName, email: target.email, code, expiresAt });
    }
    return issued;
  });
}

export type ActivationResult = { ok: true } | { ok: false; field: "code" | "password" | "confirm" | null; message: string };

/** The person sets their own password with a valid code. Failed attempts count towards IP throttling. */
export async function activateAccount(
  db: Db,
  input: { employeeNo: string; code: string; password: string; confirm: string; ip: string | null },
  now: number,
): Promise<ActivationResult> {
  const config = getAuthConfig();
  const ipKey = input.ip ? `ip:${input.ip}` : null;
  if (ipKey) {
    const failures = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM login_failures WHERE key = ${ipKey} AND at >= ${now - config.throttleWindowMs}`).n;
    if (failures >= config.maxFailuresPerIp) return { ok: false, field: null, message: "試行が多すぎます。しばらくしてから再度お試しください。" };
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) return { ok: false, field: "password", message: `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。` };
  if (input.password.toUpperCase().includes(input.employeeNo.toUpperCase())) return { ok: false, field: "password", message: "パスワードに職員番号を含めないでください。" };
  if (input.password !== input.confirm) return { ok: false, field: "confirm", message: "確認用のパスワードが一致しません。" };
  const row = db
    .select({ id: activationCodes.id, accountId: activationCodes.accountId, expiresAt: activationCodes.expiresAt, usedAt: activationCodes.usedAt, employeeNo: employees.employeeNo, disabled: accounts.disabled, active: employees.active })
    .from(activationCodes)
    .innerJoin(accounts, eq(accounts.id, activationCodes.accountId))
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(eq(activationCodes.codeHash, hashCode(input.code)))
    .get();
  if (!row || row.employeeNo !== input.employeeNo || row.usedAt !== null || row.expiresAt <= now || row.disabled || !row.active) {
    if (ipKey) db.insert(loginFailures).values({ key: ipKey, at: now }).run();
    return { ok: false, field: "code", message: "職員番号または有効化コードが正しくないか、期限切れです。人事担当に新しいコードを依頼してください。" };
  }
  const passwordHash = await hashPassword(input.password);
  const used = db.transaction((tx) => {
    const marked = tx.update(activationCodes).set({ usedAt: now }).where(and(eq(activationCodes.id, row.id), isNull(activationCodes.usedAt))).run().changes;
    if (marked === 0) return false;
    tx.update(accounts).set({ passwordHash, passwordChangedAt: now }).where(eq(accounts.id, row.accountId)).run();
    revokeAccountSessions(db, row.accountId, now);
    recordAudit(tx, { actorAccountId: row.accountId, action: "account.activated", targetType: "account", targetId: row.accountId, ip: input.ip }, now);
    return true;
  });
  return used ? { ok: true } : { ok: false, field: "code", message: "この有効化コードはすでに使われています。" };
}

/** Accounts of active staff for the HR list: who still has no password. */
export function listAccountsForActivation(db: Db, options: { pendingOnly: boolean; query: string; limit: number; now: number }) {
  const like = `%${options.query}%`;
  return db.all<{ employeeNo: string; name: string; departmentName: string; email: string | null; hasPassword: number; pendingCode: number }>(sql`
    SELECT e.employee_no AS employeeNo, e.name, d.name AS departmentName, e.email, a.password_hash IS NOT NULL AS hasPassword,
      EXISTS (SELECT 1 FROM activation_codes c WHERE c.account_id = a.id AND c.used_at IS NULL AND c.expires_at > ${options.now}) AS pendingCode
    FROM accounts a JOIN employees e ON e.id = a.employee_id JOIN departments d ON d.id = e.department_id
    WHERE e.active = 1 AND a.disabled = 0
      AND (${options.pendingOnly ? 1 : 0} = 0 OR a.password_hash IS NULL)
      AND (${options.query} = '' OR e.employee_no LIKE ${like} OR e.name LIKE ${like} OR d.name LIKE ${like})
    ORDER BY d.path, e.employee_no
    LIMIT ${options.limit}`);
}

/** Where people activate: APP_BASE_URL when set (behind a proxy), else this request's origin. */
export function activationUrl(request: Request): string {
  const base = process.env.APP_BASE_URL?.replace(/\/+$/, "") || new URL(request.url).origin;
  return `${base}/activate`;
}

/** Issued per click at most: the printed slips of one page stay printable. */
export const MAX_CODES_PER_ISSUE = 1000;

/**
 * The people a roster upload created who still cannot sign in: no password and no unused code
 * yet. Created means inserted by that upload's apply (same instant) and listed in its file.
 */
export function listNewPeopleAwaitingActivation(db: Db, input: { appliedAt: number; employeeNos: Set<string>; now: number }): string[] {
  return db
    .all<{ employeeNo: string }>(sql`
      SELECT e.employee_no AS employeeNo
      FROM employees e JOIN accounts a ON a.employee_id = e.id
      WHERE e.created_at = ${input.appliedAt} AND e.active = 1 AND a.disabled = 0 AND a.password_hash IS NULL
        AND NOT EXISTS (SELECT 1 FROM activation_codes c WHERE c.account_id = a.id AND c.used_at IS NULL AND c.expires_at > ${input.now})
      ORDER BY e.employee_no`)
    .map((row) => row.employeeNo)
    .filter((employeeNo) => input.employeeNos.has(employeeNo));
}
