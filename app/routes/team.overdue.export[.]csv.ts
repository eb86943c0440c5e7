import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { csvResponse } from "~/domain/csv.server";
import { OVERDUE_CSV_HEADER, overdueCsvRow, overduePeopleChunks } from "~/domain/reports/overdue-people.server";
import { teamOverdueQuery } from "~/domain/team/overdue.server";
import { listTeamDepartments } from "~/domain/team/scope.server";
import { parseTeamFilters } from "~/domain/team/team.server";
import { fiscalYearOf } from "~/domain/time";

/** /team/overdue as CSV (the manager's subtree only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const db = getDb();
  const date = today();
  const fiscalYear = fiscalYearOf(date);
  const subtree = listTeamDepartments(db, user.employeeId);
  const filters = { ...parseTeamFilters(new URL(request.url).searchParams, subtree), status: null };
  const rows = subtree.length === 0 ? [] : [...overduePeopleChunks(db, teamOverdueQuery(db, subtree, filters, fiscalYear, date))].flat().map((person) => overdueCsvRow(fiscalYear, person));
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "team.overdue", details: { fiscalYear, filters, rows: rows.length } }, now());
  return csvResponse(`期限超過の職員_${fiscalYear}年度_${date}.csv`, OVERDUE_CSV_HEADER, rows, `team-overdue-${fiscalYear}-${date}.csv`);
}
