import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { csvStreamResponse } from "~/domain/csv.server";
import { PEOPLE_CSV_HEADER, peopleChunks, peopleCsvRow } from "~/domain/reports/people-list.server";
import { parsePeopleQuery } from "~/domain/reports/people-scope.server";
import { fiscalYearOf } from "~/domain/time";

/** /hr/people as CSV: the same search and filters, every row. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const db = getDb();
  const { filters, query } = parsePeopleQuery(db, new URL(request.url).searchParams, fiscalYearOf(date), date);
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.people", details: { filters, search: query.search } }, now());
  const rows = (function* () {
    for (const chunk of peopleChunks(db, query)) yield chunk.map((person) => peopleCsvRow(filters.fiscalYear, person));
  })();
  return csvStreamResponse(`職員一覧_${filters.fiscalYear}年度_${date}.csv`, PEOPLE_CSV_HEADER, rows);
}

export const action = refuseHrPost;
