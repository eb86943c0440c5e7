import { sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";

export type TeamMember = {
  employeeNo: string;
  name: string;
  departmentName: string;
  categoryName: string;
  assigned: number;
  completed: number;
  overdue: number;
};

/**
 * The departments a manager heads, and every active member of their subtrees with this 年度's
 * counts. Scoped by the manager's employee id: nothing outside the subtrees can appear.
 */
export function listTeamMembers(db: Db, managerEmployeeId: number, fiscalYear: number, today: string) {
  const departments = db.all<{ id: number; name: string; path: string }>(sql`
    SELECT id, name, path FROM departments WHERE head_employee_id = ${managerEmployeeId} ORDER BY path
  `);
  if (departments.length === 0) return { departments, members: [] as TeamMember[] };
  const subtree = sql.join(departments.map((department) => sql`d.path LIKE ${`${department.path}%`}`), sql` OR `);
  const members = db.all<TeamMember>(sql`
    SELECT e.employee_no AS employeeNo, e.name AS name, d.name AS departmentName, c.name AS categoryName,
      count(a.id) - coalesce(sum(a.exempted_at IS NOT NULL), 0) AS assigned,
      coalesce(sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL), 0) AS completed,
      coalesce(sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date < ${today}), 0) AS overdue
    FROM employees e
    JOIN departments d ON d.id = e.department_id
    JOIN categories c ON c.id = e.category_id
    LEFT JOIN assignments a ON a.employee_id = e.id AND a.fiscal_year = ${fiscalYear}
    WHERE e.active = 1 AND (${subtree})
    GROUP BY e.id
    ORDER BY overdue DESC, d.path, e.employee_no
  `);
  return { departments: departments.map(({ id, name }) => ({ id, name })), members };
}
