// The people behind a 期限超過 figure: one row per person with at least one overdue assignment
// (open after its due date, Japan time), with how many and the most days overdue, most overdue
// first. Used by HR (/hr/overdue, any scope) and managers (/team/overdue, their subtree only):
// the caller decides the departments, this module does not authorise.
import type { Db } from "~/db/client.server";
import { daysBetween } from "../time";
import { statement } from "./statements.server";

export type OverdueQuery = {
  fiscalYear: number;
  /** null = the whole city; otherwise the departments people must be placed in. */
  departmentIds: number[] | null;
  categoryId: number | null;
  moduleId: string | null;
  today: string;
};

export type OverduePerson = {
  employeeNo: string;
  name: string;
  nameKana: string;
  departmentName: string;
  categoryName: string;
  /** Overdue assignments of the 年度 (matching the module filter). */
  overdue: number;
  oldestDueDate: string;
  /** Days past the oldest due date. */
  daysOverdue: number;
};

export const OVERDUE_PAGE_SIZE = 100;

function filters(query: OverdueQuery): string {
  return `${query.departmentIds === null ? "" : " AND e.department_id IN (SELECT value FROM json_each(@departmentIds))"}${query.categoryId === null ? "" : " AND e.category_id = @categoryId"}${query.moduleId === null ? "" : " AND a.module_id = @moduleId"}`;
}

function params(query: OverdueQuery) {
  return {
    fiscalYear: query.fiscalYear,
    today: query.today,
    ...(query.departmentIds === null ? {} : { departmentIds: JSON.stringify(query.departmentIds) }),
    ...(query.categoryId === null ? {} : { categoryId: query.categoryId }),
    ...(query.moduleId === null ? {} : { moduleId: query.moduleId }),
  };
}

// Whole city: walk the partial index of open work in due-date order (only the overdue range).
// A department scope: its people first, then each person's assignments by the employee index.
function source(query: OverdueQuery): string {
  return query.departmentIds === null
    ? `assignments a INDEXED BY assignments_open_due_idx JOIN employees e ON e.id = a.employee_id`
    : `employees e CROSS JOIN assignments a INDEXED BY assignments_employee_module_year_idx ON a.employee_id = e.id`;
}

const OPEN_OVERDUE = `a.fiscal_year = @fiscalYear AND a.completed_at IS NULL AND a.exempted_at IS NULL AND a.due_date < @today AND e.active = 1`;

/** How many people the list has. */
export function countOverduePeople(db: Db, query: OverdueQuery): number {
  return statement(db, `SELECT count(DISTINCT e.id) FROM ${source(query)} WHERE ${OPEN_OVERDUE}${filters(query)}`)
    .pluck()
    .get(params(query)) as number;
}

type Row = Omit<OverduePerson, "daysOverdue">;

function select(query: OverdueQuery): string {
  return `SELECT e.employee_no AS employeeNo, e.name, e.name_kana AS nameKana, d.name AS departmentName, c.name AS categoryName,
      count(*) AS overdue, min(a.due_date) AS oldestDueDate
    FROM ${source(query)}
    JOIN departments d ON d.id = e.department_id JOIN categories c ON c.id = e.category_id
    WHERE ${OPEN_OVERDUE}${filters(query)}
    GROUP BY e.id
    ORDER BY oldestDueDate, overdue DESC, e.employee_no
    LIMIT @limit OFFSET @offset`;
}

function toPerson(row: Row, today: string): OverduePerson {
  return { ...row, daysOverdue: daysBetween(row.oldestDueDate, today) };
}

/** One page, most days overdue first (then most overdue items, then 職員番号). */
export function listOverduePeople(db: Db, query: OverdueQuery, page: number): OverduePerson[] {
  const rows = statement(db, select(query)).all({ ...params(query), limit: OVERDUE_PAGE_SIZE, offset: (page - 1) * OVERDUE_PAGE_SIZE }) as Row[];
  return rows.map((row) => toPerson(row, query.today));
}

/** Every row, in chunks (CSV). A person list is at most one row per staff member. */
export function* overduePeopleChunks(db: Db, query: OverdueQuery, chunkSize = 1000): Generator<OverduePerson[]> {
  for (let offset = 0; ; offset += chunkSize) {
    const rows = statement(db, select(query)).all({ ...params(query), limit: chunkSize, offset }) as Row[];
    if (rows.length > 0) yield rows.map((row) => toPerson(row, query.today));
    if (rows.length < chunkSize) return;
  }
}

export const OVERDUE_CSV_HEADER = ["年度", "職員番号", "氏名", "氏名カナ", "所属", "区分", "期限超過の件数", "最長の超過日数", "最も古い期限"];

export function overdueCsvRow(fiscalYear: number, person: OverduePerson): (string | number)[] {
  return [fiscalYear, person.employeeNo, person.name, person.nameKana, person.departmentName, person.categoryName, person.overdue, person.daysOverdue, person.oldestDueDate];
}
