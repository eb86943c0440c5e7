import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { CLOSED_LABEL, STATUS_LABELS } from "~/domain/assignments/status";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { listAssignmentChunks } from "~/domain/reports/assignment-list.server";
import { csvDateTime, csvStreamResponse, type CsvCell } from "~/domain/csv.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { loadReportContext } from "~/domain/reports/organisation.server";
import { getListEstimate } from "~/domain/reports/summary.server";
import { fiscalYearOf } from "~/domain/time";

/** The drill-down list as CSV: the same filters and order, every row (streamed). */
export async function loader({ request, context: load }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const db = getDb();
  const filters = parseReportFilters(new URL(request.url).searchParams, fiscalYearOf(date));
  const context = loadReportContext(db, filters);
  const estimate = getListEstimate(db, context, filters, date);
  auditExport(db, { actorAccountId: user.accountId, ip: load?.clientIp ?? null, format: "csv", name: "hr.assignments", details: { filters, rows: estimate.matching } }, now());
  const chunks = listAssignmentChunks(db, context, filters, date, estimate);
  const rows = (function* (): Generator<CsvCell[][]> {
    for (const chunk of chunks) {
      yield chunk.map((row) => [
        filters.fiscalYear, row.employeeNo, row.name, row.nameKana, row.departmentName, row.categoryName, row.moduleTitle,
        row.closed && row.status !== "completed" && row.status !== "exempt" ? CLOSED_LABEL : STATUS_LABELS[row.status], row.dueDate, row.daysOverdue, csvDateTime(row.completedAt), row.exemptionReason,
      ]);
    }
  })();
  return csvStreamResponse(
    `受講状況一覧_${filters.fiscalYear}年度_${date}.csv`,
    ["年度", "職員番号", "氏名", "氏名カナ", "所属", "区分", "モジュール", "状況", "期限", "超過日数", "修了日時", "免除理由"],
    rows,
  );
}

export const action = refuseHrPost;
