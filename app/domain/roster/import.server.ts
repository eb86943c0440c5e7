import { sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { employeeSearchKey } from "../org/search-key";
import { lastAdminLockout } from "../admin/roles.server";
import { recordAudit } from "../audit.server";
import { BULK_PEOPLE, withBulkAssignmentWrites } from "../rules/bulk.server";
import { evaluateRules } from "../rules/evaluate.server";
import { addDays, japanDate } from "../time";
import { getCategoryAliasMap } from "../org/categories.server";
import type { Normalisation } from "./columns";
import { parseRoster, type RosterProblem, type RosterRow } from "./parse.server";

export type FieldChange = { field: string; from: string; to: string };
export type ChangedEmployee = { employeeNo: string; name: string; changes: FieldChange[]; rejoined: boolean; leaving: boolean };
export type PlannedLeaver = { employeeNo: string; name: string; reason: "end_date" | "missing" };

export type ImportPlan = {
  rows: number;
  created: RosterRow[];
  changed: ChangedEmployee[];
  leavers: PlannedLeaver[];
  /** Administrators missing from a full batch: never disabled by an import (no lock-out). */
  protectedAdmins: string[];
  unchanged: number;
  /** Cells rewritten to the canonical form (dates, widths, kana, aliases), for the dry run. */
  normalisations: Normalisation[];
};

type ExistingEmployee = {
  id: number; employeeNo: string; name: string; nameKana: string; email: string | null; categoryName: string;
  departmentCode: string; departmentId: number; roleTier: string; hireDate: string | null; endDate: string | null; active: number; isAdmin: number;
};

function loadLookups(db: Db) {
  const categories = db.all<{ id: number; name: string }>(sql`SELECT id, name FROM categories`);
  const departments = db.all<{ id: number; code: string }>(sql`SELECT id, code FROM departments`);
  return {
    categoryIds: new Map(categories.map((row) => [row.name, row.id])),
    departmentIds: new Map(departments.map((row) => [row.code, row.id])),
    categoryAliases: getCategoryAliasMap(db),
  };
}

function loadExisting(db: Db): Map<string, ExistingEmployee> {
  const rows = db.all<ExistingEmployee>(sql`
    SELECT e.id, e.employee_no AS employeeNo, e.name, e.name_kana AS nameKana, e.email, c.name AS categoryName,
      d.code AS departmentCode, d.id AS departmentId, e.role_tier AS roleTier, e.hire_date AS hireDate, e.end_date AS endDate, e.active,
      EXISTS (SELECT 1 FROM accounts a JOIN account_roles r ON r.account_id = a.id WHERE a.employee_id = e.id AND r.role = 'admin') AS isAdmin
    FROM employees e JOIN categories c ON c.id = e.category_id JOIN departments d ON d.id = e.department_id
  `);
  return new Map(rows.map((row) => [row.employeeNo, row]));
}

const FIELD_LABELS = { departmentCode: "所属", categoryName: "職員区分", roleTier: "役職区分", email: "メールアドレス", name: "氏名", nameKana: "氏名カナ", hireDate: "採用日", endDate: "退職日" } as const;

export type ParsedImport = { ok: true; plan: ImportPlan; rows: RosterRow[] } | { ok: false; problems: RosterProblem[]; rows: number };

/**
 * The dry run: parse, check and compare a roster with the database. Writes nothing.
 * A row with 退職日 on or before today makes the person a leaver; in full-batch mode so does
 * being absent from the file.
 */
export function planImport(db: Db, text: string, options: { fullBatch: boolean; now: number }): ParsedImport {
  const { categoryIds, departmentIds, categoryAliases } = loadLookups(db);
  const { rows, problems, normalisations } = parseRoster(text, { categories: new Set(categoryIds.keys()), departmentCodes: new Set(departmentIds.keys()), categoryAliases });
  if (problems.length > 0) return { ok: false, problems, rows: rows.length + new Set(problems.map((problem) => problem.line)).size };
  const today = japanDate(options.now);
  const existing = loadExisting(db);
  const plan: ImportPlan = { rows: rows.length, created: [], changed: [], leavers: [], protectedAdmins: [], unchanged: 0, normalisations };
  const inFile = new Set<string>();
  for (const row of rows) {
    inFile.add(row.employeeNo);
    const before = existing.get(row.employeeNo);
    if (!before) {
      plan.created.push(row);
      continue;
    }
    const changes: FieldChange[] = [];
    for (const field of Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]) {
      const from = before[field] ?? "";
      const to = row[field] ?? "";
      if (from !== to) changes.push({ field: FIELD_LABELS[field], from, to });
    }
    const leaving = row.endDate !== null && row.endDate <= today && before.active === 1;
    const rejoined = before.active === 0 && (row.endDate === null || row.endDate > today);
    if (leaving) plan.leavers.push({ employeeNo: row.employeeNo, name: row.name, reason: "end_date" });
    if (changes.length > 0 || rejoined) plan.changed.push({ employeeNo: row.employeeNo, name: row.name, changes, rejoined, leaving });
    else plan.unchanged += 1;
  }
  if (options.fullBatch) {
    for (const employee of existing.values()) {
      if (employee.active !== 1 || inFile.has(employee.employeeNo)) continue;
      if (employee.isAdmin) plan.protectedAdmins.push(employee.employeeNo);
      else plan.leavers.push({ employeeNo: employee.employeeNo, name: employee.name, reason: "missing" });
    }
  }
  // 退職日 of the last active administrators: nobody could sign in to administer any more.
  const lockout = lastAdminLockout(db, plan.leavers.map((leaver) => leaver.employeeNo));
  if (lockout) {
    const problems = rows
      .filter((row) => lockout.includes(row.employeeNo))
      .map((row) => ({ line: row.line, column: "退職日" as const, message: `${row.employeeNo} は最後の有効なシステム管理者です。先に別の職員をシステム管理者にしてください（/admin/roles）。` }));
    return { ok: false, problems, rows: rows.length };
  }
  return { ok: true, plan, rows };
}

export type ApplyResult = { ok: true; plan: ImportPlan; assignmentsCreated: number } | { ok: false; problems: RosterProblem[] };

/**
 * Apply a roster in ONE transaction: new people get an employee, an account without a usable
 * password and a department history row; changes are written (a department change closes the old
 * history row); leavers become inactive, their accounts disabled and sessions revoked. Then the
 * assignment rules are re-evaluated. Any problem in the file → nothing is written.
 */
export function applyImport(
  db: Db,
  text: string,
  options: { fullBatch: boolean; now: number; actorAccountId: number | null; ip?: string | null; fileName: string },
): ApplyResult {
  const planned = planImport(db, text, options);
  if (!planned.ok) return { ok: false, problems: planned.problems };
  const { plan, rows } = planned;
  const { categoryIds, departmentIds } = loadLookups(db);
  const existing = loadExisting(db);
  const today = japanDate(options.now);
  const now = options.now;
  const client = db.$client;

  const insertEmployee = client.prepare(
    `INSERT INTO employees (employee_no, name, name_kana, email, category_id, department_id, role_tier, hire_date, end_date, active, created_at, updated_at, search_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAccount = client.prepare(`INSERT INTO accounts (employee_id, password_hash, disabled, demo, created_at) VALUES (?, NULL, ?, 0, ?)`);
  const insertRole = client.prepare(`INSERT INTO account_roles (account_id, role) VALUES (?, 'learner')`);
  const insertHistory = client.prepare(`INSERT INTO department_history (employee_id, department_id, from_date, to_date, recorded_at) VALUES (?, ?, ?, ?, ?)`);
  const closeHistory = client.prepare(`UPDATE department_history SET to_date = ? WHERE employee_id = ? AND to_date IS NULL`);
  const updateEmployee = client.prepare(
    `UPDATE employees SET name = ?, name_kana = ?, email = ?, category_id = ?, department_id = ?, role_tier = ?, hire_date = ?, end_date = ?, active = ?, updated_at = ?, search_key = ? WHERE id = ?`,
  );
  const setAccountDisabled = client.prepare(`UPDATE accounts SET disabled = ? WHERE employee_id = ?`);
  const revokeSessions = client.prepare(
    `UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND account_id IN (SELECT id FROM accounts WHERE employee_id = ?)`,
  );
  const markLeft = client.prepare(`UPDATE employees SET active = 0, end_date = coalesce(end_date, ?), updated_at = ? WHERE id = ?`);

  const bulk = plan.created.length + plan.changed.length >= BULK_PEOPLE;
  const created = db.transaction(() => withBulkAssignmentWrites(db, bulk, () => {
    const leaverNos = new Set(plan.leavers.map((leaver) => leaver.employeeNo));
    for (const row of rows) {
      const categoryId = categoryIds.get(row.categoryName)!;
      const departmentId = departmentIds.get(row.departmentCode)!;
      const active = row.endDate === null || row.endDate > today;
      const before = existing.get(row.employeeNo);
      if (!before) {
        const employeeId = Number(
          insertEmployee.run(row.employeeNo, row.name, row.nameKana, row.email, categoryId, departmentId, row.roleTier, row.hireDate, row.endDate, active ? 1 : 0, now, now, employeeSearchKey(row)).lastInsertRowid,
        );
        const accountId = Number(insertAccount.run(employeeId, active ? 0 : 1, now).lastInsertRowid);
        insertRole.run(accountId);
        insertHistory.run(employeeId, departmentId, row.hireDate ?? today, active ? null : row.endDate, now);
        continue;
      }
      updateEmployee.run(row.name, row.nameKana, row.email, categoryId, departmentId, row.roleTier, row.hireDate, row.endDate, active ? 1 : 0, now, employeeSearchKey(row), before.id);
      if (before.departmentId !== departmentId) {
        // 人事異動: the old row ends the day before; assignments stay with the person.
        closeHistory.run(addDays(today, -1), before.id);
        insertHistory.run(before.id, departmentId, today, null, now);
      }
      if (!active && leaverNos.has(row.employeeNo)) {
        setAccountDisabled.run(1, before.id);
        revokeSessions.run(now, before.id);
        closeHistory.run(row.endDate, before.id);
      } else if (active && before.active === 0) {
        setAccountDisabled.run(0, before.id);
      }
    }
    for (const leaver of plan.leavers.filter((candidate) => candidate.reason === "missing")) {
      const before = existing.get(leaver.employeeNo)!;
      markLeft.run(today, now, before.id);
      setAccountDisabled.run(1, before.id);
      revokeSessions.run(now, before.id);
      closeHistory.run(today, before.id);
    }
    const assignmentsCreated = evaluateRules(db, { now });
    recordAudit(db, {
      actorAccountId: options.actorAccountId,
      action: "roster.imported",
      details: {
        fileName: options.fileName, fullBatch: options.fullBatch, rows: plan.rows, created: plan.created.length,
        changed: plan.changed.length, leavers: plan.leavers.length, unchanged: plan.unchanged, normalised: plan.normalisations.length, assignmentsCreated,
      },
      ip: options.ip ?? null,
    }, now);
    return assignmentsCreated;
  }));
  return { ok: true, plan, assignmentsCreated: created };
}
