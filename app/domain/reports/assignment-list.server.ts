// The drill-down behind every dashboard number: assignments (person × module) of one 年度 with
// the same filters, live from `assignments`. Its total comes from the summary (getListEstimate),
// so list and dashboard always agree; tests check that the rows add up to the same number.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { calculateStatus, type AssignmentStatus } from "../assignments/status";
import { daysBetween } from "../time";
import { MAX_PAGES, PAGE_SIZE, type ListSort, type ReportFilters } from "./filters";
import { subtreeIds, type ReportContext } from "./organisation.server";

export type ListedAssignment = {
  assignmentId: number;
  employeeNo: string;
  name: string;
  nameKana: string;
  departmentId: number;
  departmentName: string;
  categoryName: string;
  moduleId: string;
  moduleTitle: string;
  dueDate: string;
  status: AssignmentStatus;
  /** Days past the due date while open and overdue; null otherwise. */
  daysOverdue: number | null;
  completedAt: number | null;
  exemptionReason: string | null;
  /** HR closed the 年度 with this open: counted as not completed, labelled 締切済（未修了）. */
  closed: boolean;
  cycle: number;
};

type Row = {
  assignmentId: number;
  employeeNo: string;
  name: string;
  nameKana: string;
  departmentId: number;
  departmentName: string;
  departmentCode: string;
  categoryName: string;
  moduleId: string;
  moduleTitle: string;
  dueDate: string;
  startedAt: number | null;
  readAt: number | null;
  completedAt: number | null;
  exemptedAt: number | null;
  exemptionReason: string | null;
  closedAt: number | null;
  cycle: number;
};

/** The SQL form of a list status, mirroring calculateStatus. */
function statusCondition(status: ReportFilters["status"], today: string): SQL {
  const open = sql`a.exempted_at IS NULL AND a.completed_at IS NULL`;
  switch (status) {
    case null:
      return sql`1`;
    case "assigned":
      return sql`a.exempted_at IS NULL`;
    case "incomplete":
      return open;
    case "completed":
      return sql`a.exempted_at IS NULL AND a.completed_at IS NOT NULL`;
    case "exempt":
      return sql`a.exempted_at IS NOT NULL`;
    case "overdue":
      return sql`${open} AND a.due_date < ${today}`;
    case "in_progress":
      return sql`${open} AND a.due_date >= ${today} AND (a.started_at IS NOT NULL OR a.read_at IS NOT NULL)`;
    case "not_started":
      return sql`${open} AND a.due_date >= ${today} AND a.started_at IS NULL AND a.read_at IS NULL`;
  }
}

/**
 * Sort keys, all in one direction, ending in a unique tie-break so that export can page by
 * keyset. "due" breaks ties the way assignments_year_due_idx is ordered (employee id, then row id).
 */
function sortKey(sort: ListSort): SQL[] {
  switch (sort) {
    case "due":
      return [sql`a.due_date`, sql`a.employee_id`, sql`a.id`];
    case "name":
      return [sql`e.name_kana`, sql`e.employee_no`, sql`a.module_id`];
    case "department":
      return [sql`d.code`, sql`e.employee_no`, sql`a.module_id`];
    case "employeeNo":
      return [sql`e.employee_no`, sql`a.module_id`];
  }
}

/**
 * How the rows are found. "ordered": walk an index in the requested order and filter, stopping
 * at the page (cheap when matches are common). "scoped": read the scope's people and sort
 * (cheap when the scope or the match is small). The caller picks by estimated rows touched.
 */
export type ListPlan = "ordered" | "scoped";

export type ListEstimate = {
  /** Rows the list shows (from the summary). */
  matching: number;
  /** Assignments of the scope with the category/module filters, any status. */
  scopeTotal: number;
  /** Rows a walk in the list's order passes over (city-wide, any filter but the status range). */
  orderedPool: number;
};

export function choosePlan(estimate: ListEstimate, rowsWanted: number): ListPlan {
  const ordered = (rowsWanted * Math.max(estimate.orderedPool, 1)) / Math.max(estimate.matching, 1);
  return ordered < estimate.scopeTotal ? "ordered" : "scoped";
}

// NOTE: CROSS JOIN fixes SQLite's join order and INDEXED BY the index: the planner cannot know
// how selective the json_each list of departments is, and without ANALYZE statistics it chose
// assignments_year_module_idx (a whole 年度) for every employee at 50,000 employees.
function fromClause(plan: ListPlan, filters: ReportFilters): SQL {
  const { sort, fiscalYear } = filters;
  const assignmentsOfEmployee = sql`CROSS JOIN assignments a INDEXED BY assignments_employee_module_year_idx ON a.employee_id = e.id AND a.fiscal_year = ${fiscalYear}`;
  const rest = sql`JOIN categories c ON c.id = e.category_id JOIN training_modules m ON m.id = a.module_id`;
  if (plan === "scoped") {
    return sql`FROM employees e ${assignmentsOfEmployee} CROSS JOIN departments d ON d.id = e.department_id ${rest}`;
  }
  switch (sort) {
    case "due": {
      // The open-work index is partial: only usable when the status implies "not completed, not exempt".
      const open = filters.status === "overdue" || filters.status === "incomplete" || filters.status === "in_progress" || filters.status === "not_started";
      return sql`FROM assignments a INDEXED BY ${sql.raw(open ? "assignments_open_due_idx" : "assignments_year_due_idx")}
        CROSS JOIN employees e ON e.id = a.employee_id CROSS JOIN departments d ON d.id = e.department_id ${rest}`;
    }
    case "employeeNo":
      return sql`FROM employees e INDEXED BY employees_employee_no_unique ${assignmentsOfEmployee}
        CROSS JOIN departments d ON d.id = e.department_id ${rest}`;
    case "name":
      return sql`FROM employees e INDEXED BY employees_name_kana_idx ${assignmentsOfEmployee}
        CROSS JOIN departments d ON d.id = e.department_id ${rest}`;
    case "department":
      return sql`FROM departments d INDEXED BY departments_code_unique CROSS JOIN employees e ON e.department_id = d.id
        ${assignmentsOfEmployee} ${rest}`;
  }
}

function whereClause(context: ReportContext, filters: ReportFilters, today: string): SQL {
  const conditions: SQL[] = [sql`a.fiscal_year = ${filters.fiscalYear}`, sql`e.active = 1`, statusCondition(filters.status, today)];
  if (filters.departmentId !== null) {
    conditions.push(
      filters.direct
        ? sql`e.department_id = ${filters.departmentId}`
        : sql`e.department_id IN (SELECT value FROM json_each(${JSON.stringify(subtreeIds(context.tree, filters.departmentId))}))`,
    );
  }
  if (filters.categoryId !== null) conditions.push(sql`e.category_id = ${filters.categoryId}`);
  if (filters.moduleId !== null) conditions.push(sql`a.module_id = ${filters.moduleId}`);
  return sql.join(conditions, sql` AND `);
}

function select(plan: ListPlan, where: SQL, filters: ReportFilters, after: SQL): SQL {
  const direction = filters.descending ? sql` DESC` : sql` ASC`;
  const keys = sortKey(filters.sort);
  return sql`
    SELECT a.id AS assignmentId, e.employee_no AS employeeNo, e.name AS name, e.name_kana AS nameKana,
      d.id AS departmentId, d.name AS departmentName, d.code AS departmentCode, c.name AS categoryName,
      a.module_id AS moduleId, m.title AS moduleTitle, a.due_date AS dueDate,
      a.started_at AS startedAt, a.read_at AS readAt, a.completed_at AS completedAt,
      a.exempted_at AS exemptedAt, a.exemption_reason AS exemptionReason, a.closed_at AS closedAt, a.cycle,
      json_array(${sql.join(keys, sql`, `)}) AS cursor
    ${fromClause(plan, filters)}
    WHERE ${where} ${after}
    ORDER BY ${sql.join(keys.map((key) => sql`${key}${direction}`), sql`, `)}`;
}

function toListed(row: Row, today: string): ListedAssignment {
  const status = calculateStatus(row, today);
  return {
    assignmentId: row.assignmentId,
    employeeNo: row.employeeNo,
    name: row.name,
    nameKana: row.nameKana,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    categoryName: row.categoryName,
    moduleId: row.moduleId,
    moduleTitle: row.moduleTitle,
    dueDate: row.dueDate,
    status,
    daysOverdue: status === "overdue" ? daysBetween(row.dueDate, today) : null,
    completedAt: row.completedAt,
    exemptionReason: row.exemptionReason,
    closed: row.closedAt !== null,
    cycle: row.cycle,
  };
}


/** One page of the list, in the chosen order. */
export function listAssignments(db: Db, context: ReportContext, filters: ReportFilters, today: string, estimate: ListEstimate): ListedAssignment[] {
  const page = Math.min(filters.page, MAX_PAGES);
  const offset = (page - 1) * PAGE_SIZE;
  const plan = choosePlan(estimate, offset + PAGE_SIZE);
  const query = select(plan, whereClause(context, filters, today), filters, sql``);
  const rows = db.all<Row>(sql`${query} LIMIT ${PAGE_SIZE} OFFSET ${offset}`);
  return rows.map((row) => toListed(row, today));
}

/**
 * Every row of the list in chunks, for the CSV export. Pages by keyset (never OFFSET), so each
 * chunk is a short query and the export can yield to other requests between chunks.
 */
export function* listAssignmentChunks(
  db: Db,
  context: ReportContext,
  filters: ReportFilters,
  today: string,
  estimate: ListEstimate,
  chunkSize = 500,
): Generator<ListedAssignment[]> {
  const plan = choosePlan(estimate, estimate.matching);
  const where = whereClause(context, filters, today);
  const keys = sortKey(filters.sort);
  let cursor: unknown[] | null = null;
  for (;;) {
    const after: SQL = cursor === null
      ? sql``
      : sql`AND (${sql.join(keys, sql`, `)}) ${filters.descending ? sql`<` : sql`>`} (${sql.join(cursor.map((value) => sql`${value}`), sql`, `)})`;
    const rows = db.all<Row & { cursor: string }>(sql`${select(plan, where, filters, after)} LIMIT ${chunkSize}`);
    if (rows.length === 0) return;
    cursor = JSON.parse(rows[rows.length - 1].cursor) as unknown[];
    yield rows.map((row) => toListed(row, today));
    if (rows.length < chunkSize) return;
  }
}
