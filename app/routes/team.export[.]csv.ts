import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { recordAudit } from "~/domain/audit.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { csvResponse } from "~/domain/csv.server";
import { listTeamDepartments } from "~/domain/team/scope.server";
import { listTeamMembers, parseTeamFilters, TEAM_CSV_HEADER, teamCsvRows } from "~/domain/team/team.server";
import { fiscalYearOf } from "~/domain/time";

/** /team/export.csv: the manager's list with the same filters as /team, one row per assignment. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const db = getDb();
  const date = today();
  const fiscalYear = fiscalYearOf(date);
  const filters = parseTeamFilters(new URL(request.url).searchParams, listTeamDepartments(db, user.employeeId));
  const members = listTeamMembers(db, user.employeeId, { fiscalYear, today: date, filters });
  const rows = teamCsvRows(members, fiscalYear);
  // Personal data leaving the system: who took which list, and when.
  recordAudit(db, { actorAccountId: user.accountId, action: "team.exported", targetType: "team", details: { fiscalYear, filters, rows: rows.length }, ip: context?.clientIp ?? null }, now());
  return csvResponse(`所属の受講状況_${fiscalYear}年度_${date}.csv`, TEAM_CSV_HEADER, rows, `team-${fiscalYear}-${date}.csv`);
}
