import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { csvStreamResponse } from "~/domain/csv.server";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { overdueQueryFor } from "~/domain/reports/overdue-scope.server";
import { OVERDUE_CSV_HEADER, overdueCsvRow, overduePeopleChunks } from "~/domain/reports/overdue-people.server";
import { fiscalYearOf } from "~/domain/time";

/** /hr/overdue as CSV: one row per person, most days overdue first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const db = getDb();
  const filters = parseReportFilters(new URL(request.url).searchParams, fiscalYearOf(date));
  const { query } = overdueQueryFor(db, filters, date);
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.overdue", details: { filters } }, now());
  const rows = (function* () {
    for (const chunk of overduePeopleChunks(db, query)) yield chunk.map((person) => overdueCsvRow(filters.fiscalYear, person));
  })();
  return csvStreamResponse(`期限超過の職員_${filters.fiscalYear}年度_${date}.csv`, OVERDUE_CSV_HEADER, rows);
}

export const action = refuseHrPost;
