// A manager (所属長) acts on the departments they head and everything below them, nothing else.
// Every team query and guard goes through `managedSubtree`, so the scoping lives in one place.
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~/db/client.server";

/**
 * SQL condition: the department aliased `d` lies in a subtree headed by the manager. A manager can
 * head several departments; paths are materialised ("/1/4/12/"), so a subtree is a path prefix.
 * Only digits and slashes occur in paths: LIKE has no wildcard to escape.
 */
export function managedSubtree(managerEmployeeId: number): SQL {
  return sql`EXISTS (SELECT 1 FROM departments h WHERE h.head_employee_id = ${managerEmployeeId} AND d.path LIKE h.path || '%')`;
}

/**
 * SQL condition: the employee aliased `e` belongs to one of these departments. Lists over a
 * subtree resolve its (few) department ids first and use this, so that SQLite walks the
 * employees-by-department index instead of testing `managedSubtree` on every employee.
 */
export function inDepartments(departmentIds: number[]): SQL {
  if (departmentIds.length === 0) return sql`0 = 1`;
  return sql`e.department_id IN (${sql.join(departmentIds.map((id) => sql`${id}`), sql`, `)})`;
}

export type TeamMemberRef = {
  id: number;
  employeeNo: string;
  name: string;
  departmentId: number;
  departmentName: string;
  categoryName: string;
};

function notFound(message: string): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/**
 * A current (active) member of the manager's subtree by 職員番号. Anyone else, existing or not,
 * is a 404: the answer must not tell a manager whether an outsider exists.
 */
export function getTeamMember(db: Executor, managerEmployeeId: number, employeeNo: string): TeamMemberRef | null {
  return (
    db.get<TeamMemberRef>(sql`
      SELECT e.id, e.employee_no AS employeeNo, e.name, e.department_id AS departmentId, d.name AS departmentName, c.name AS categoryName
      FROM employees e
      JOIN departments d ON d.id = e.department_id
      JOIN categories c ON c.id = e.category_id
      WHERE e.employee_no = ${employeeNo} AND e.active = 1 AND ${managedSubtree(managerEmployeeId)}
    `) ?? null
  );
}

export function requireTeamMember(db: Executor, managerEmployeeId: number, employeeNo: string): TeamMemberRef {
  const member = getTeamMember(db, managerEmployeeId, employeeNo);
  if (!member) throw notFound("指定された職員は、あなたの所属（下位の係を含む）にいません。");
  return member;
}

export type TeamAssignmentRef = {
  id: number;
  employeeId: number;
  employeeNo: string;
  employeeName: string;
  moduleId: string;
  fiscalYear: number;
};

/** An assignment of a current member of the manager's subtree; null for anything else. */
export function getTeamAssignment(db: Executor, managerEmployeeId: number, assignmentId: number): TeamAssignmentRef | null {
  return (
    db.get<TeamAssignmentRef>(sql`
      SELECT a.id, a.employee_id AS employeeId, e.employee_no AS employeeNo, e.name AS employeeName, a.module_id AS moduleId, a.fiscal_year AS fiscalYear
      FROM assignments a
      JOIN employees e ON e.id = a.employee_id
      JOIN departments d ON d.id = e.department_id
      WHERE a.id = ${assignmentId} AND e.active = 1 AND ${managedSubtree(managerEmployeeId)}
    `) ?? null
  );
}

export function requireTeamAssignment(db: Executor, managerEmployeeId: number, assignmentId: number): TeamAssignmentRef {
  const assignment = getTeamAssignment(db, managerEmployeeId, assignmentId);
  if (!assignment) throw notFound("指定された研修の割り当ては、あなたの所属（下位の係を含む）の職員のものではありません。");
  return assignment;
}

/**
 * A manager may not extend or exempt their own training (it would be approving oneself); HR can.
 * Throws 403.
 */
export function requireNotSelf(managerEmployeeId: number, target: { employeeId: number }): void {
  if (target.employeeId === managerEmployeeId) {
    throw new Response("ご自身の研修の期限延長・免除はできません。人事担当に依頼してください。", { status: 403, statusText: "Forbidden" });
  }
}

export type TeamDepartment = { id: number; code: string; name: string; level: string; depth: number; headed: boolean; hasChildren: boolean };

/** Every department of the manager's subtrees, in tree order; `headed` marks the roots. */
export function listTeamDepartments(db: Executor, managerEmployeeId: number): TeamDepartment[] {
  const rows = db.all<{ id: number; code: string; name: string; level: string; path: string; headEmployeeId: number | null }>(sql`
    SELECT d.id, d.code, d.name, d.level, d.path, d.head_employee_id AS headEmployeeId
    FROM departments d
    WHERE ${managedSubtree(managerEmployeeId)}
    ORDER BY d.path
  `);
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level,
    depth: row.path.split("/").length - 2,
    headed: row.headEmployeeId === managerEmployeeId,
    hasChildren: rows.some((other) => other.path !== row.path && other.path.startsWith(row.path)),
  }));
}
