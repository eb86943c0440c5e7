import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { departments, employees } from "~/db/schema";
import { recordAudit } from "../audit.server";

const CHILD_LEVEL: Record<string, string> = { organisation: "bu", bu: "ka", ka: "kakari", kakari: "kakari" };

export type DepartmentNode = {
  id: number; code: string; name: string; level: string; depth: number; parentId: number | null;
  headEmployeeNo: string | null; headName: string | null; members: number;
};

/** The whole tree in display order, with heads and active member counts. */
export function listDepartmentTree(db: Db): DepartmentNode[] {
  const rows = db.all<Omit<DepartmentNode, "depth"> & { path: string; sortOrder: number }>(sql`
    SELECT d.id, d.code, d.name, d.level, d.parent_id AS parentId, d.path, d.sort_order AS sortOrder,
      h.employee_no AS headEmployeeNo, h.name AS headName,
      (SELECT count(*) FROM employees e WHERE e.department_id = d.id AND e.active = 1) AS members
    FROM departments d LEFT JOIN employees h ON h.id = d.head_employee_id
  `);
  const children = new Map<number | null, typeof rows>();
  for (const row of rows) children.set(row.parentId, [...(children.get(row.parentId) ?? []), row]);
  const ordered: DepartmentNode[] = [];
  const visit = (parentId: number | null, depth: number) => {
    for (const row of (children.get(parentId) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))) {
      ordered.push({ id: row.id, code: row.code, name: row.name, level: row.level, depth, parentId: row.parentId, headEmployeeNo: row.headEmployeeNo, headName: row.headName, members: row.members });
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

export const DepartmentFormSchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, "所属コードは半角英数字・ハイフン20文字以内で入力してください。"),
  name: z.string().trim().min(1, "所属名を入力してください。").max(100, "所属名は100文字以内にしてください。"),
  headEmployeeNo: z.string().trim().max(20).optional().transform((value) => (value ? value : null)),
});

export type DepartmentResult = { ok: true; id: number } | { ok: false; fieldErrors: Record<string, string> };

function checkCodeAndHead(db: Db, input: z.infer<typeof DepartmentFormSchema>, selfId: number | null) {
  const fieldErrors: Record<string, string> = {};
  const clash = db.select({ id: departments.id }).from(departments).where(eq(departments.code, input.code)).get();
  if (clash && clash.id !== selfId) fieldErrors.code = `所属コード「${input.code}」はすでに使われています。`;
  let headId: number | null = null;
  if (input.headEmployeeNo) {
    const head = db.select({ id: employees.id, active: employees.active }).from(employees).where(eq(employees.employeeNo, input.headEmployeeNo)).get();
    if (!head || !head.active) fieldErrors.headEmployeeNo = `職員番号「${input.headEmployeeNo}」の在職者が見つかりません。`;
    else headId = head.id;
  }
  return { fieldErrors, headId };
}

/** Change a department's code, name or head (所属長). Audited; the head gets the manager role. */
export function updateDepartment(db: Db, id: number, input: z.infer<typeof DepartmentFormSchema>, actor: { accountId: number; ip: string | null }, now: number): DepartmentResult {
  const before = db.select().from(departments).where(eq(departments.id, id)).get();
  if (!before) return { ok: false, fieldErrors: { form: "この所属は見つかりません。" } };
  const { fieldErrors, headId } = checkCodeAndHead(db, input, id);
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  db.transaction((tx) => {
    tx.update(departments).set({ code: input.code, name: input.name, headEmployeeId: headId }).where(eq(departments.id, id)).run();
    if (headId !== null) grantManagerRole(db, headId);
    recordAudit(tx, {
      actorAccountId: actor.accountId, action: "department.updated", targetType: "department", targetId: id,
      details: { before: { code: before.code, name: before.name, headEmployeeId: before.headEmployeeId }, after: { code: input.code, name: input.name, headEmployeeId: headId } },
      ip: actor.ip,
    }, now);
  });
  return { ok: true, id };
}

/** Add a department under a parent (or a new top-level organisation). Audited. */
export function createDepartment(db: Db, parentId: number | null, input: z.infer<typeof DepartmentFormSchema>, actor: { accountId: number; ip: string | null }, now: number): DepartmentResult {
  const parent = parentId === null ? null : db.select().from(departments).where(eq(departments.id, parentId)).get();
  if (parentId !== null && !parent) return { ok: false, fieldErrors: { form: "上位の所属が見つかりません。" } };
  const { fieldErrors, headId } = checkCodeAndHead(db, input, null);
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const id = db.transaction((tx) => {
    const created = tx
      .insert(departments)
      .values({ code: input.code, name: input.name, level: parent ? CHILD_LEVEL[parent.level] : "organisation", parentId, path: "/", headEmployeeId: headId, sortOrder: 999 })
      .returning({ id: departments.id })
      .get();
    tx.update(departments).set({ path: `${parent?.path ?? "/"}${created.id}/` }).where(eq(departments.id, created.id)).run();
    if (headId !== null) grantManagerRole(db, headId);
    recordAudit(tx, { actorAccountId: actor.accountId, action: "department.created", targetType: "department", targetId: created.id, details: { ...input, parentId }, ip: actor.ip }, now);
    return created.id;
  });
  return { ok: true, id };
}

function grantManagerRole(db: Db, employeeId: number): void {
  db.$client
    .prepare(`INSERT OR IGNORE INTO account_roles (account_id, role) SELECT id, 'manager' FROM accounts WHERE employee_id = ?`)
    .run(employeeId);
}

export function getDepartment(db: Db, id: number) {
  return db
    .select({ id: departments.id, code: departments.code, name: departments.name, level: departments.level, parentId: departments.parentId, headEmployeeNo: employees.employeeNo })
    .from(departments)
    .leftJoin(employees, eq(employees.id, departments.headEmployeeId))
    .where(eq(departments.id, id))
    .orderBy(asc(departments.id))
    .get() ?? null;
}

/** 所属コード → name, for showing codes with their names (the roster dry run). */
export function listDepartmentNamesByCode(db: Db): Map<string, string> {
  return new Map(db.select({ code: departments.code, name: departments.name }).from(departments).all().map((row) => [row.code, row.name]));
}
