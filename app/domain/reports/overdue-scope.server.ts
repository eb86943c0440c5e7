// The HR overdue list's query from the dashboard's filters (the manager's comes from /team's).
import type { Db } from "~/db/client.server";
import type { ReportFilters } from "./filters";
import { departmentLabel, loadReportContext, subtreeIds } from "./organisation.server";
import type { OverdueQuery } from "./overdue-people.server";

export function overdueQueryFor(db: Db, filters: ReportFilters, today: string) {
  const context = loadReportContext(db, filters);
  const departmentIds = filters.departmentId === null ? null : filters.direct ? [filters.departmentId] : subtreeIds(context.tree, filters.departmentId);
  const query: OverdueQuery = { fiscalYear: filters.fiscalYear, departmentIds, categoryId: filters.categoryId, moduleId: filters.moduleId, today };
  const description = [
    filters.departmentId === null ? "全体" : `${departmentLabel(context.tree, filters.departmentId)}${filters.direct ? "（直属のみ）" : ""}`,
    context.categories.find((category) => category.id === filters.categoryId)?.name,
    context.modules.find((module) => module.id === filters.moduleId)?.title,
  ].filter(Boolean).join("・");
  return { context, query, description };
}
