// The manager's refresher form (/team/assign): who is targeted, resolved strictly inside the
// manager's subtree, then handed to createRefresherAssignments.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { describeModuleState, type CycleRow, type ModuleState } from "../assignments/cycles";
import { createRefresherAssignments, type RefresherField, type SkippedAssignment } from "../assignments/refresher.server";
import { getTeamMember, inDepartments, listTeamDepartments, managedSubtree } from "./scope.server";

export type AssignFormValues = {
  employeeNos: string[];
  departmentId: string;
  categoryId: string;
  moduleIds: string[];
  dueDate: string;
  reason: string;
};

export type AssignOutcome =
  | {
      ok: true;
      created: { employeeNo: string; name: string; moduleId: string; cycle: number }[];
      skipped: (SkippedAssignment & { employeeNo: string; name: string })[];
    }
  | { ok: false; errors: Partial<Record<RefresherField, string>>; values: AssignFormValues };

const FormSchema = z.object({
  employee: z.array(z.string().trim().min(1).max(32)).max(5000),
  department: z.union([z.literal(""), z.coerce.number().int().positive()]),
  category: z.union([z.literal(""), z.coerce.number().int().positive()]),
  module: z.array(z.string().trim().min(1).max(100)).max(50),
  // Checked with field messages by createRefresherAssignments.
  dueDate: z.string(),
  reason: z.string(),
});

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function texts(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}

function notFound(message: string): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** Members of the subtree matching a department (with its sub-departments) and/or a category. */
function listGroupMembers(db: Executor, managerEmployeeId: number, departmentId: number | null, categoryId: number | null): { id: number; employeeNo: string; name: string }[] {
  const departmentIds = db
    .all<{ id: number }>(sql`
      SELECT d.id FROM departments d
      WHERE ${managedSubtree(managerEmployeeId)}
        AND (${departmentId} IS NULL OR d.path LIKE (SELECT f.path FROM departments f WHERE f.id = ${departmentId}) || '%')
    `)
    .map((row) => row.id);
  return db.all<{ id: number; employeeNo: string; name: string }>(sql`
    SELECT e.id, e.employee_no AS employeeNo, e.name
    FROM employees e
    WHERE e.active = 1 AND ${inDepartments(departmentIds)} AND (${categoryId} IS NULL OR e.category_id = ${categoryId})
  `);
}

/**
 * Assign refresher training from the posted form. Targets are the union of the checked people and
 * of the group (a department of the subtree, a category, or both). Any 職員番号 or department
 * outside the subtree — a tampered form — throws a 404 before anything is written.
 */
export function assignTeamRefresher(
  db: Db,
  manager: { employeeId: number; accountId: number },
  form: FormData,
  context: { fiscalYear: number; ip: string | null },
  now = Date.now(),
): AssignOutcome {
  const raw = {
    employee: texts(form, "employee"),
    department: text(form, "department"),
    category: text(form, "category"),
    module: texts(form, "module"),
    dueDate: text(form, "dueDate"),
    reason: text(form, "reason"),
  };
  const values: AssignFormValues = {
    employeeNos: raw.employee, departmentId: raw.department, categoryId: raw.category, moduleIds: raw.module, dueDate: raw.dueDate, reason: raw.reason.slice(0, 1000),
  };
  const parsed = FormSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: { employees: "送信内容が正しくありません。ページを読み込み直してください。" }, values };
  const input = parsed.data;

  const targets = new Map<number, { employeeNo: string; name: string }>();
  for (const employeeNo of new Set(input.employee)) {
    const member = getTeamMember(db, manager.employeeId, employeeNo);
    if (!member) throw notFound("指定された職員は、あなたの所属（下位の係を含む）にいません。");
    targets.set(member.id, { employeeNo: member.employeeNo, name: member.name });
  }
  const departmentId = input.department === "" ? null : input.department;
  const categoryId = input.category === "" ? null : input.category;
  if (departmentId !== null && !listTeamDepartments(db, manager.employeeId).some((department) => department.id === departmentId)) {
    throw notFound("指定された所属は、あなたの所属（下位の係を含む）ではありません。");
  }
  if (categoryId !== null && !db.get(sql`SELECT 1 FROM categories WHERE id = ${categoryId}`)) {
    return { ok: false, errors: { employees: "指定された区分がありません。" }, values };
  }
  if (departmentId !== null || categoryId !== null) {
    const group = listGroupMembers(db, manager.employeeId, departmentId, categoryId);
    if (group.length === 0) return { ok: false, errors: { employees: "選んだ所属・区分に当てはまる在職者がいません。" }, values };
    for (const member of group) targets.set(member.id, { employeeNo: member.employeeNo, name: member.name });
  }

  const result = createRefresherAssignments(
    db,
    {
      employeeIds: [...targets.keys()],
      moduleIds: input.module,
      dueDate: input.dueDate,
      reason: input.reason,
      actorAccountId: manager.accountId,
      fiscalYear: context.fiscalYear,
      ip: context.ip,
    },
    now,
  );
  if (!result.ok) return { ok: false, errors: result.errors, values };
  return {
    ok: true,
    created: result.created.map((item) => ({ ...targets.get(item.employeeId)!, moduleId: item.moduleId, cycle: item.cycle })),
    skipped: result.skipped.map((item) => ({ ...item, ...targets.get(item.employeeId)! })),
  };
}

/**
 * Each member's current state of each module in the 年度 (完了 9/3, 未完了（期限 …）, 再受講中 …),
 * so the manager chooses knowingly. One query over the subtree's assignments of the 年度.
 */
function listModuleStates(db: Executor, departmentIds: number[], moduleIds: string[], fiscalYear: number, today: string): Map<string, Record<string, ModuleState>> {
  const rows = db.all<CycleRow & { employeeNo: string; moduleId: string }>(sql`
    SELECT e.employee_no AS employeeNo, a.module_id AS moduleId, a.cycle, a.source, a.due_date AS dueDate, a.started_at AS startedAt,
      a.read_at AS readAt, a.completed_at AS completedAt, a.exempted_at AS exemptedAt, a.closed_at AS closedAt
    FROM employees e
    JOIN assignments a ON a.employee_id = e.id AND a.fiscal_year = ${fiscalYear}
    WHERE e.active = 1 AND ${inDepartments(departmentIds)}
  `);
  const cycles = new Map<string, CycleRow[]>();
  for (const row of rows) {
    const key = `${row.employeeNo}:${row.moduleId}`;
    cycles.set(key, [...(cycles.get(key) ?? []), row]);
  }
  const byEmployee = new Map<string, Record<string, ModuleState>>();
  for (const employeeNo of new Set(rows.map((row) => row.employeeNo))) {
    const states: Record<string, ModuleState> = {};
    for (const moduleId of moduleIds) states[moduleId] = describeModuleState(cycles.get(`${employeeNo}:${moduleId}`) ?? [], today);
    byEmployee.set(employeeNo, states);
  }
  return byEmployee;
}

/** What the form offers: the subtree's departments and members (with where each stands), in tree order. */
export function getAssignFormOptions(db: Executor, managerEmployeeId: number, context: { fiscalYear: number; today: string; moduleIds: string[] }) {
  const departments = listTeamDepartments(db, managerEmployeeId);
  const members = db.all<{ employeeNo: string; name: string; departmentId: number; categoryName: string }>(sql`
    SELECT e.employee_no AS employeeNo, e.name, e.department_id AS departmentId, c.name AS categoryName
    FROM employees e
    JOIN departments d ON d.id = e.department_id
    JOIN categories c ON c.id = e.category_id
    WHERE e.active = 1 AND ${inDepartments(departments.map((department) => department.id))}
    ORDER BY d.path, e.employee_no
  `);
  const states = listModuleStates(db, departments.map((department) => department.id), context.moduleIds, context.fiscalYear, context.today);
  const none = Object.fromEntries(context.moduleIds.map((moduleId) => [moduleId, describeModuleState([], context.today)]));
  return { departments, members: members.map((member) => ({ ...member, states: states.get(member.employeeNo) ?? none })) };
}
