// Granting and revoking roles (hr, auditor, admin, manager), from /admin/roles and `npm run roles`.
// Every change is audited in its transaction (the handle is the connection itself: better-sqlite3
// transactions are synchronous, so reads through it inside the callback see the transaction). Two guards:
//   - the last active administrator (account enabled, employee in service) keeps the role: without
//     one nobody could grant anything again;
//   - 所属長 (manager) follows the department tree: setting a department's head grants it
//     (org/departments.server.ts). It may also be granted here ahead of time (the /team page then
//     says that no department is assigned yet), but it cannot be revoked while the person heads a
//     department: change the head at /hr/departments first, or /team would silently vanish.
import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { normaliseForSearch } from "../org/search-key";
import { ROLE_LABELS, type Role } from "../auth/roles";

import { MANAGEABLE_ROLES, type ManageableRole } from "../auth/roles";

export { isManageableRole, MANAGEABLE_ROLES, type ManageableRole } from "../auth/roles";

export type RoleHolder = {
  accountId: number;
  employeeNo: string;
  name: string;
  departmentName: string;
  active: boolean;
  disabled: boolean;
  roles: Role[];
  /** Departments this person heads (所属長). */
  heads: { id: number; name: string }[];
};

type Actor = { accountId: number | null; ip: string | null };
export type RoleChangeResult = { ok: true; changed: boolean; holder: RoleHolder } | { ok: false; status: 404 | 409; message: string };

function holders(db: Db, where: string, params: unknown[], limit: number): RoleHolder[] {
  const rows = db.$client
    .prepare(
      `SELECT a.id AS accountId, e.employee_no AS employeeNo, e.name, d.name AS departmentName, e.active, a.disabled,
         (SELECT group_concat(r.role) FROM account_roles r WHERE r.account_id = a.id) AS roles,
         (SELECT json_group_array(json_object('id', h.id, 'name', h.name)) FROM departments h WHERE h.head_employee_id = e.id) AS heads
       FROM accounts a JOIN employees e ON e.id = a.employee_id JOIN departments d ON d.id = e.department_id
       WHERE ${where}
       ORDER BY e.name_kana, e.employee_no
       LIMIT ${limit}`,
    )
    .all(...params) as { accountId: number; employeeNo: string; name: string; departmentName: string; active: number; disabled: number; roles: string | null; heads: string }[];
  return rows.map((row) => ({
    accountId: row.accountId,
    employeeNo: row.employeeNo,
    name: row.name,
    departmentName: row.departmentName,
    active: row.active === 1,
    disabled: row.disabled === 1,
    roles: (row.roles ?? "").split(",").filter(Boolean).sort() as Role[],
    heads: JSON.parse(row.heads) as { id: number; name: string }[],
  }));
}

/** Everyone holding hr, auditor, admin or manager. */
export function listRoleHolders(db: Db): RoleHolder[] {
  return holders(db, "EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = a.id AND r.role IN ('hr', 'auditor', 'admin', 'manager'))", [], 1000);
}

/** Search by 職員番号・氏名・カナ (the same normalisation as /hr/people). */
export function searchAccounts(db: Db, text: string, limit = 50): RoleHolder[] {
  const key = normaliseForSearch(text);
  if (key === "") return [];
  return holders(db, "e.search_key LIKE ? ESCAPE '\\'", [`%${key.replace(/[\\%_]/g, (char) => `\\${char}`)}%`], limit);
}

export function getRoleHolder(db: Db, employeeNo: string): RoleHolder | null {
  return holders(db, "e.employee_no = ?", [employeeNo], 1)[0] ?? null;
}

/** Administrators who can sign in: account enabled, employee in service. */
export function activeAdminAccountIds(db: Db): number[] {
  return db.$client
    .prepare(
      `SELECT a.id FROM account_roles r JOIN accounts a ON a.id = r.account_id JOIN employees e ON e.id = a.employee_id
       WHERE r.role = 'admin' AND a.disabled = 0 AND e.active = 1`,
    )
    .pluck()
    .all() as number[];
}

/**
 * Whether disabling these employees (e.g. as leavers of a roster import) would leave no active
 * administrator. Returns the 職員番号 of the last administrators concerned, or null when it is safe.
 */
export function lastAdminLockout(db: Db, leavingEmployeeNos: string[]): string[] | null {
  if (leavingEmployeeNos.length === 0) return null;
  const rows = db.$client
    .prepare(
      `SELECT e.employee_no AS employeeNo FROM account_roles r JOIN accounts a ON a.id = r.account_id JOIN employees e ON e.id = a.employee_id
       WHERE r.role = 'admin' AND a.disabled = 0 AND e.active = 1`,
    )
    .all() as { employeeNo: string }[];
  const leaving = new Set(leavingEmployeeNos);
  const staying = rows.filter((row) => !leaving.has(row.employeeNo));
  return rows.length > 0 && staying.length === 0 ? rows.map((row) => row.employeeNo) : null;
}

export function grantRole(db: Db, employeeNo: string, role: ManageableRole, actor: Actor, now = Date.now()): RoleChangeResult {
  return db.transaction((tx) => {
    const holder = getRoleHolder(db, employeeNo);
    if (!holder) return { ok: false as const, status: 404 as const, message: `職員番号「${employeeNo}」のアカウントはありません。` };
    if (holder.roles.includes(role)) return { ok: true as const, changed: false, holder };
    if (!holder.active || holder.disabled) {
      return { ok: false as const, status: 409 as const, message: `${holder.name}（${holder.employeeNo}）は退職済みまたはアカウントが無効のため、権限を付与できません。` };
    }
    db.$client.prepare("INSERT INTO account_roles (account_id, role) VALUES (?, ?)").run(holder.accountId, role);
    recordAudit(tx, { actorAccountId: actor.accountId, action: "role.granted", targetType: "account", targetId: holder.accountId, details: { employeeNo: holder.employeeNo, role }, ip: actor.ip }, now);
    return { ok: true as const, changed: true, holder: getRoleHolder(db, employeeNo)! };
  });
}

export function revokeRole(db: Db, employeeNo: string, role: ManageableRole, actor: Actor, now = Date.now()): RoleChangeResult {
  return db.transaction((tx) => {
    const holder = getRoleHolder(db, employeeNo);
    if (!holder) return { ok: false as const, status: 404 as const, message: `職員番号「${employeeNo}」のアカウントはありません。` };
    if (!holder.roles.includes(role)) return { ok: true as const, changed: false, holder };
    if (role === "admin") {
      const others = activeAdminAccountIds(db).filter((id) => id !== holder.accountId);
      if (others.length === 0) {
        return {
          ok: false as const,
          status: 409 as const,
          message: `${holder.name}（${holder.employeeNo}）は最後の有効なシステム管理者です。先に別の職員にシステム管理者の権限を付与してください。`,
        };
      }
    }
    if (role === "manager" && holder.heads.length > 0) {
      return {
        ok: false as const,
        status: 409 as const,
        message: `${holder.name}（${holder.employeeNo}）は${holder.heads.map((head) => head.name).join("・")}の所属長です。所属の管理で所属長を変更してから、${ROLE_LABELS.manager}の権限を取り消してください。`,
      };
    }
    db.$client.prepare("DELETE FROM account_roles WHERE account_id = ? AND role = ?").run(holder.accountId, role);
    recordAudit(tx, { actorAccountId: actor.accountId, action: "role.revoked", targetType: "account", targetId: holder.accountId, details: { employeeNo: holder.employeeNo, role }, ip: actor.ip }, now);
    return { ok: true as const, changed: true, holder: getRoleHolder(db, employeeNo)! };
  });
}
