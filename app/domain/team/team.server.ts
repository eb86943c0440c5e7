// The manager's workspace (/team): the members of the departments they head and of every
// department below, with this 年度's assignments. Every query is scoped by `managedSubtree`.
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { calculateStatus, STATUS_LABELS, STATUSES, type AssignmentStatus } from "../assignments/status";
import { SOURCE_LABELS } from "../assignments/source";
import { csvDateTime, type CsvCell } from "../csv.server";
import { completionRates, percentValue, type CompletionRates } from "../reports/rates";
import { inDepartments, listTeamDepartments, managedSubtree, type TeamDepartment } from "./scope.server";

export type TeamFilters = { categoryId: number | null; departmentId: number | null; status: AssignmentStatus | null };

export type TeamAssignment = {
  id: number;
  moduleId: string;
  title: string;
  dueDate: string;
  source: string;
  reason: string | null;
  status: AssignmentStatus;
  completedAt: number | null;
  exemptionReason: string | null;
};

export type TeamMember = {
  employeeNo: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  categoryName: string;
  counts: Record<AssignmentStatus, number> & { total: number };
  /** Earliest due date among open (not completed, not exempt) assignments. */
  nextDueDate: string | null;
  /** The assignments that match the status filter (all of this 年度's when there is none). */
  assignments: TeamAssignment[];
};

/** Assignments (completed / denominator) and people (finished / targets), with both rates from the one function. */
export type CompletionRate = { completed: number; denominator: number; percent: number | null; finished: number; targets: number; rates: CompletionRates };

type Row = {
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  departmentPath: string;
  categoryName: string;
  assignmentId: number | null;
  moduleId: string | null;
  title: string | null;
  dueDate: string | null;
  source: string | null;
  reason: string | null;
  startedAt: number | null;
  readAt: number | null;
  completedAt: number | null;
  exemptedAt: number | null;
  exemptionReason: string | null;
};

const STATUS_ORDER: Record<AssignmentStatus, number> = { overdue: 0, in_progress: 1, not_started: 2, exempt: 3, completed: 4 };

/** The subtree's department ids, narrowed to one department (and its children) by the filter. */
function filteredDepartmentIds(db: Executor, managerEmployeeId: number, departmentId: number | null): number[] {
  if (departmentId === null) return listTeamDepartments(db, managerEmployeeId).map((department) => department.id);
  const root = db.get<{ path: string }>(sql`SELECT path FROM departments WHERE id = ${departmentId}`);
  if (!root) return [];
  return db
    .all<{ id: number }>(sql`SELECT d.id FROM departments d WHERE d.path LIKE ${`${root.path}%`} AND ${managedSubtree(managerEmployeeId)}`)
    .map((row) => row.id);
}

/**
 * Members of the subtree (active only) with their assignments of the 年度, grouped and sorted:
 * people with overdue work first, then by the next due date, then by department and 職員番号.
 */
export function listTeamMembers(db: Executor, managerEmployeeId: number, options: { fiscalYear: number; today: string; filters: TeamFilters }): TeamMember[] {
  const { fiscalYear, today, filters } = options;
  const departmentIds = filteredDepartmentIds(db, managerEmployeeId, filters.departmentId);
  const category = filters.categoryId === null ? sql`1 = 1` : sql`e.category_id = ${filters.categoryId}`;
  const rows = db.all<Row>(sql`
    SELECT e.id AS employeeId, e.employee_no AS employeeNo, e.name, d.code AS departmentCode, d.name AS departmentName,
      d.path AS departmentPath, c.name AS categoryName,
      a.id AS assignmentId, a.module_id AS moduleId, m.title, a.due_date AS dueDate, a.source, a.reason,
      a.started_at AS startedAt, a.read_at AS readAt, a.completed_at AS completedAt, a.exempted_at AS exemptedAt,
      a.exemption_reason AS exemptionReason
    FROM employees e
    JOIN departments d ON d.id = e.department_id
    JOIN categories c ON c.id = e.category_id
    LEFT JOIN assignments a ON a.employee_id = e.id AND a.fiscal_year = ${fiscalYear}
    LEFT JOIN training_modules m ON m.id = a.module_id
    WHERE e.active = 1 AND ${inDepartments(departmentIds)} AND ${category}
    ORDER BY d.path, e.employee_no, m.sort_order, a.module_id
  `);
  const byEmployee = new Map<number, TeamMember & { path: string }>();
  for (const row of rows) {
    let member = byEmployee.get(row.employeeId);
    if (!member) {
      member = {
        employeeNo: row.employeeNo,
        name: row.name,
        departmentCode: row.departmentCode,
        departmentName: row.departmentName,
        categoryName: row.categoryName,
        counts: { total: 0, not_started: 0, in_progress: 0, completed: 0, overdue: 0, exempt: 0 },
        nextDueDate: null,
        assignments: [],
        path: row.departmentPath,
      };
      byEmployee.set(row.employeeId, member);
    }
    if (row.assignmentId === null || row.moduleId === null || row.dueDate === null || row.source === null) continue;
    const status = calculateStatus(
      { dueDate: row.dueDate, startedAt: row.startedAt, readAt: row.readAt, completedAt: row.completedAt, exemptedAt: row.exemptedAt },
      today,
    );
    member.counts.total += 1;
    member.counts[status] += 1;
    if (status !== "completed" && status !== "exempt" && (member.nextDueDate === null || row.dueDate < member.nextDueDate)) {
      member.nextDueDate = row.dueDate;
    }
    if (filters.status === null || filters.status === status) {
      member.assignments.push({
        id: row.assignmentId,
        moduleId: row.moduleId,
        title: row.title ?? row.moduleId,
        dueDate: row.dueDate,
        source: row.source,
        reason: row.reason,
        status,
        completedAt: row.completedAt,
        exemptionReason: row.exemptionReason,
      });
    }
  }
  const members = [...byEmployee.values()].filter((member) => filters.status === null || member.assignments.length > 0);
  for (const member of members) {
    member.assignments.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.dueDate.localeCompare(b.dueDate));
  }
  members.sort(
    (a, b) =>
      b.counts.overdue - a.counts.overdue ||
      (a.nextDueDate ?? "9999").localeCompare(b.nextDueDate ?? "9999") ||
      a.path.localeCompare(b.path) ||
      a.employeeNo.localeCompare(b.employeeNo),
  );
  return members.map(({ path: _path, ...member }) => member);
}

function toRate(row: { completed: number | null; denominator: number | null; finished: number | null; targets: number | null } | undefined): CompletionRate {
  const completed = row?.completed ?? 0;
  const denominator = row?.denominator ?? 0;
  const finished = row?.finished ?? 0;
  const targets = row?.targets ?? 0;
  const rates = completionRates({ finishedPeople: finished, targetPeople: targets, completed, assigned: denominator });
  return { completed, denominator, percent: percentValue(rates.assignments), finished, targets, rates };
}

/**
 * Completion rate of the manager's subtree for the 年度: completed / (assigned − exempt), active
 * employees only (leavers excluded), counted in SQL.
 */
export function getTeamCompletionRate(db: Executor, managerEmployeeId: number, fiscalYear: number): CompletionRate {
  return countCompletion(db, listTeamDepartments(db, managerEmployeeId).map((department) => department.id), fiscalYear);
}

function countCompletion(db: Executor, departmentIds: number[], fiscalYear: number): CompletionRate {
  // NOTE: CROSS JOIN keeps employees as the outer loop (department index, then each person's
  // assignments by the (employee, module, 年度) index). Left to itself, SQLite without ANALYZE
  // statistics walks the whole 年度 of assignments instead: 1.4 s instead of 1 ms at 50,000 staff.
  // Per person first (a person counts once, as finished when every non-exempt assignment is done).
  return toRate(
    db.get<{ completed: number; denominator: number; finished: number; targets: number }>(sql`
      SELECT coalesce(sum(completed), 0) AS completed, coalesce(sum(assigned), 0) AS denominator,
        coalesce(sum(assigned > 0 AND completed = assigned), 0) AS finished, coalesce(sum(assigned > 0), 0) AS targets
      FROM (
        SELECT sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed, sum(a.exempted_at IS NULL) AS assigned
        FROM employees e
        CROSS JOIN assignments a ON a.employee_id = e.id AND a.fiscal_year = ${fiscalYear}
        WHERE e.active = 1 AND ${inDepartments(departmentIds)}
        GROUP BY e.id
      )
    `),
  );
}

export type OrganisationRate = { id: number; name: string; rate: CompletionRate };

/**
 * Completion rate of each organisation (the top-level department, policy 4(1)) that contains a
 * department the manager heads. Same rules as the team rate.
 */
export function getOrganisationRates(db: Executor, managerEmployeeId: number, fiscalYear: number): OrganisationRate[] {
  const roots = db.all<{ id: number; name: string; path: string }>(sql`
    SELECT o.id, o.name, o.path
    FROM departments h
    JOIN departments o ON o.parent_id IS NULL AND h.path LIKE o.path || '%'
    WHERE h.head_employee_id = ${managerEmployeeId}
    GROUP BY o.id
    ORDER BY o.sort_order, o.id
  `);
  return roots.map((root) => {
    // An organisation is the top of the report summaries (kept exact by triggers): a few
    // primary-key reads, the same rules as the team rate, always current.
    const rate = toRate(
      db.get<{ completed: number; denominator: number; finished: number; targets: number }>(sql`
        SELECT
          (SELECT coalesce(sum(assignments), 0) FROM report_summary WHERE fiscal_year = ${fiscalYear} AND department_id = ${root.id} AND state = 'completed') AS completed,
          (SELECT coalesce(sum(assignments), 0) FROM report_summary WHERE fiscal_year = ${fiscalYear} AND department_id = ${root.id} AND state <> 'exempt') AS denominator,
          (SELECT coalesce(sum(people), 0) FROM report_person_summary WHERE fiscal_year = ${fiscalYear} AND department_id = ${root.id} AND finished = 1) AS finished,
          (SELECT coalesce(sum(people), 0) FROM report_person_summary WHERE fiscal_year = ${fiscalYear} AND department_id = ${root.id}) AS targets
      `),
    );
    return { id: root.id, name: root.name, rate };
  });
}

export type TeamOverview = {
  /** The departments the manager heads (the roots of the subtree). */
  departments: { id: number; name: string }[];
  subtree: TeamDepartment[];
  members: TeamMember[];
  rate: CompletionRate;
  organisations: OrganisationRate[];
};

export function getTeamOverview(db: Db, managerEmployeeId: number, options: { fiscalYear: number; today: string; filters: TeamFilters }): TeamOverview {
  const subtree = listTeamDepartments(db, managerEmployeeId);
  return {
    departments: subtree.filter((department) => department.headed).map(({ id, name }) => ({ id, name })),
    subtree,
    members: subtree.length === 0 ? [] : listTeamMembers(db, managerEmployeeId, options),
    rate: getTeamCompletionRate(db, managerEmployeeId, options.fiscalYear),
    organisations: getOrganisationRates(db, managerEmployeeId, options.fiscalYear),
  };
}

const FilterSchema = z.object({
  category: z.union([z.literal(""), z.coerce.number().int().positive()]).optional(),
  department: z.union([z.literal(""), z.coerce.number().int().positive()]).optional(),
  status: z.union([z.literal(""), z.enum(STATUSES)]).optional(),
});

/**
 * The /team filters from the query string. A malformed value is a 400; a department outside the
 * subtree is a 404, like any other id that does not belong to the manager.
 */
export function parseTeamFilters(searchParams: URLSearchParams, subtree: TeamDepartment[]): TeamFilters {
  const parsed = FilterSchema.safeParse({
    category: searchParams.get("category") ?? undefined,
    department: searchParams.get("department") ?? undefined,
    status: searchParams.get("status") ?? undefined,
  });
  if (!parsed.success) throw new Response("絞り込みの条件が正しくありません。", { status: 400, statusText: "Bad Request" });
  const departmentId = parsed.data.department ? parsed.data.department : null;
  if (departmentId !== null && !subtree.some((department) => department.id === departmentId)) {
    throw new Response("指定された所属は、あなたの所属（下位の係を含む）ではありません。", { status: 404, statusText: "Not Found" });
  }
  return {
    categoryId: parsed.data.category ? parsed.data.category : null,
    departmentId,
    status: parsed.data.status ? parsed.data.status : null,
  };
}

/** The same filters as a query string (for the CSV link and the filter form). */
export function teamFilterQuery(filters: TeamFilters): string {
  const params = new URLSearchParams();
  if (filters.departmentId !== null) params.set("department", String(filters.departmentId));
  if (filters.categoryId !== null) params.set("category", String(filters.categoryId));
  if (filters.status !== null) params.set("status", filters.status);
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function listCategories(db: Executor): { id: number; name: string }[] {
  return db.all<{ id: number; name: string }>(sql`SELECT id, name FROM categories ORDER BY sort_order, id`);
}

export const TEAM_CSV_HEADER = [
  "年度", "職員番号", "氏名", "所属コード", "所属", "区分", "研修ID", "研修名", "種別", "期限", "状況", "修了日時", "免除理由", "割り当ての理由",
];


/** One row per assignment (a member without any gets one row with the assignment columns empty). */
export function teamCsvRows(members: TeamMember[], fiscalYear: number): CsvCell[][] {
  const rows: CsvCell[][] = [];
  for (const member of members) {
    const person = [fiscalYear, member.employeeNo, member.name, member.departmentCode, member.departmentName, member.categoryName];
    if (member.assignments.length === 0) rows.push([...person, "", "", "", "", "", "", "", ""]);
    for (const assignment of member.assignments) {
      rows.push([
        ...person,
        assignment.moduleId,
        assignment.title,
        SOURCE_LABELS[assignment.source] ?? assignment.source,
        assignment.dueDate,
        STATUS_LABELS[assignment.status],
        csvDateTime(assignment.completedAt),
        assignment.exemptionReason ?? "",
        assignment.reason ?? "",
      ]);
    }
  }
  return rows;
}
