// The manager's overdue list: the same person rows as HR's (/hr/overdue), limited to the subtree.
import type { Db } from "~/db/client.server";
import type { OverdueQuery } from "../reports/overdue-people.server";
import type { TeamDepartment } from "./scope.server";
import type { TeamFilters } from "./team.server";

/** The departments of the list: the whole subtree, or the chosen department and what is below it. */
export function teamOverdueQuery(_db: Db, subtree: TeamDepartment[], filters: TeamFilters, fiscalYear: number, today: string): OverdueQuery {
  let departmentIds = subtree.map((department) => department.id);
  if (filters.departmentId !== null) {
    // `subtree` is in tree order: a department's descendants follow it, deeper than it.
    const start = subtree.findIndex((department) => department.id === filters.departmentId);
    const ids = [subtree[start].id];
    for (let index = start + 1; index < subtree.length && subtree[index].depth > subtree[start].depth; index += 1) ids.push(subtree[index].id);
    departmentIds = ids;
  }
  return { fiscalYear, departmentIds, categoryId: filters.categoryId, moduleId: null, today };
}
