import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { csvResponse } from "~/domain/csv.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { badFilter, parseReportFilters } from "~/domain/reports/filters.server";
import { departmentLabel, loadReportContext } from "~/domain/reports/organisation.server";
import { assignedOf, ratesOf, type PeopleTally, type StatusCounts } from "~/domain/reports/counts";
import { percentValue, ratio } from "~/domain/reports/rates";
import { getDashboard } from "~/domain/reports/summary.server";
import { fiscalYearOf } from "~/domain/time";

const TABLES = ["matrix", "modules", "progress"] as const;
const countColumns = ["対象件数", "完了件数", "受講中", "未着手", "期限超過", "免除", "研修ごとの完了率（件）(%)", "対象者数", "修了者数", "対象者の修了率（人）(%)"];
const countCells = (counts: StatusCounts, people: PeopleTally | undefined) => {
  const tally = people ?? { targets: 0, finished: 0 };
  const rates = ratesOf(counts, tally);
  return [
    assignedOf(counts), counts.completed, counts.in_progress, counts.not_started, counts.overdue, counts.exempt, percentValue(rates.assignments),
    tally.targets, tally.finished, percentValue(rates.people),
  ];
};

/** The dashboard's tables as CSV, with the dashboard's filters: ?table=matrix | modules | progress. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const db = getDb();
  const url = new URL(request.url);
  const filters = parseReportFilters(url.searchParams, fiscalYearOf(date));
  const table = url.searchParams.get("table") ?? "matrix";
  if (!(TABLES as readonly string[]).includes(table)) throw badFilter("table", "matrix・modules・progress のいずれかを指定してください");
  const reportContext = loadReportContext(db, filters);
  const dashboard = getDashboard(db, reportContext, filters, date);
  const scope = filters.departmentId === null ? "全体" : departmentLabel(reportContext.tree, filters.departmentId);
  // Aggregates only, but of named departments: audited like every export.
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.dashboard", details: { table, filters } }, now());
  const suffix = `${filters.fiscalYear}年度_${date}.csv`;
  if (table === "modules") {
    return csvResponse(`モジュール別_${suffix}`, ["年度", "範囲", "モジュール", ...countColumns], dashboard.modules.map((module) => [filters.fiscalYear, scope, module.title, ...countCells(module.counts, { targets: assignedOf(module.counts), finished: module.counts.completed })]));
  }
  if (table === "progress") {
    return csvResponse(`累計修了率_${suffix}`, ["年度", "範囲", "月", "累計完了件数", "累計の研修ごとの完了率（件）(%)"], dashboard.progress.map((point) => [filters.fiscalYear, scope, point.month === "late" ? "年度後" : point.month, point.completed, percentValue(ratio(point.completed, point.assigned))]));
  }
  const rows = dashboard.rows.flatMap((row) => {
    const name = row.direct ? `${row.department.name}（直属）` : row.department.name;
    return [
      ...reportContext.categories.filter((category) => row.byCategory[category.id]?.total).map((category) => [filters.fiscalYear, name, category.name, ...countCells(row.byCategory[category.id], row.peopleByCategory[category.id])]),
      [filters.fiscalYear, name, "計", ...countCells(row.total, row.people)],
    ];
  });
  rows.push(...reportContext.categories.filter((category) => dashboard.byCategory[category.id]?.total).map((category) => [filters.fiscalYear, `${scope}（合計）`, category.name, ...countCells(dashboard.byCategory[category.id], dashboard.peopleByCategory[category.id])]));
  rows.push([filters.fiscalYear, `${scope}（合計）`, "計", ...countCells(dashboard.totals, dashboard.people)]);
  return csvResponse(`所属区分別_${suffix}`, ["年度", "所属", "区分", ...countColumns], rows);
}

export const action = refuseHrPost;
