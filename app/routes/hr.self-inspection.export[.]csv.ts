import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { csvResponse } from "~/domain/csv.server";
import { getCampaign } from "~/domain/self-inspection/campaigns.server";
import { INSPECTION_TABLES, inspectionTables } from "~/domain/self-inspection/export.server";
import { parseFiscalYearQuery } from "~/domain/self-inspection/fiscal-year";
import { fiscalYearOf } from "~/domain/time";

/** The self-inspection tables as CSV: ?fy=2026&table=departments|answers|items|actions. Audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const url = new URL(request.url);
  const fiscalYear = parseFiscalYearQuery(url.searchParams.get("fy"), fiscalYearOf(date));
  const table = INSPECTION_TABLES.find((name) => name === (url.searchParams.get("table") ?? "departments"));
  if (fiscalYear === null || !table) throw new Response("年度または表の指定が正しくありません。", { status: 400 });
  const db = getDb();
  const campaign = getCampaign(db, fiscalYear);
  if (!campaign) throw new Response("この年度の自己点検はありません。", { status: 404 });
  const csv = inspectionTables(db, campaign, date)[table];
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.self_inspection", details: { fiscalYear, table, rows: csv.rows.length } }, now());
  return csvResponse(csv.filename, csv.header, csv.rows);
}

export const action = refuseHrPost;
