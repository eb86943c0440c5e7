import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { csvResponse } from "~/domain/csv.server";
import { badFilter, parseReportFilters } from "~/domain/reports/filters.server";
import { departmentLabel, loadReportContext } from "~/domain/reports/organisation.server";
import { assignedOf, completionRate, ratePercent, type StatusCounts } from "~/domain/reports/counts";
import { getDashboard } from "~/domain/reports/summary.server";
import { fiscalYearOf } from "~/domain/time";

const TABLES = ["matrix", "modules", "progress"] as const;
const percent = (rate: number | null) => ratePercent(rate) ?? "";
const countColumns = ["対象", "完了", "受講中", "未着手", "期限超過", "免除", "修了率(%)"];
const countCells = (counts: StatusCounts) => [
  assignedOf(counts), counts.completed, counts.in_progress, counts.not_started, counts.overdue, counts.exempt, percent(completionRate(counts)),
];

/** The dashboard's tables as CSV, with the dashboard's filters: ?table=matrix | modules | progress. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const db = getDb();
  const url = new URL(request.url);
  const filters = parseReportFilters(url.searchParams, fiscalYearOf(date));
  const table = url.searchParams.get("table") ?? "matrix";
  if (!(TABLES as readonly string[]).includes(table)) throw badFilter("table", "matrix・modules・progress のいずれかを指定してください");
  const context = loadReportContext(db, filters);
  const dashboard = getDashboard(db, context, filters, date);
  const scope = filters.departmentId === null ? "全体" : departmentLabel(context.tree, filters.departmentId);
  const suffix = `${filters.fiscalYear}年度_${date}.csv`;
  if (table === "modules") {
    return csvResponse(`モジュール別_${suffix}`, ["年度", "範囲", "モジュール", ...countColumns], dashboard.modules.map((module) => [filters.fiscalYear, scope, module.title, ...countCells(module.counts)]));
  }
  if (table === "progress") {
    return csvResponse(`累計修了率_${suffix}`, ["年度", "範囲", "月", "累計完了", "累計修了率(%)"], dashboard.progress.map((point) => [filters.fiscalYear, scope, point.month === "late" ? "年度後" : point.month, point.completed, percent(point.rate)]));
  }
  const rows = dashboard.rows.flatMap((row) => {
    const name = row.direct ? `${row.department.name}（直属）` : row.department.name;
    return [
      ...context.categories.filter((category) => row.byCategory[category.id]?.total).map((category) => [filters.fiscalYear, name, category.name, ...countCells(row.byCategory[category.id])]),
      [filters.fiscalYear, name, "計", ...countCells(row.total)],
    ];
  });
  rows.push(...context.categories.filter((category) => dashboard.byCategory[category.id]?.total).map((category) => [filters.fiscalYear, `${scope}（合計）`, category.name, ...countCells(dashboard.byCategory[category.id])]));
  rows.push([filters.fiscalYear, `${scope}（合計）`, "計", ...countCells(dashboard.totals)]);
  return csvResponse(`所属区分別_${suffix}`, ["年度", "所属", "区分", ...countColumns], rows);
}

export const action = refuseHrPost;
