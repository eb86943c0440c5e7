import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { csvResponse } from "~/domain/csv.server";
import { getAnnualReport } from "~/domain/reports/annual-report-cache.server";
import { COMPARISON_HEADER, comparisonRows, ORGANISATION_HEADER, organisationRows, QUESTION_HEADER, questionRows } from "~/domain/reports/annual-report-tables";
import { badFilter, parseReportFilters } from "~/domain/reports/filters.server";
import { fiscalYearOf } from "~/domain/time";

const TABLES = ["organisations", "comparison", "questions"] as const;

/** The annual report's tables as CSV: ?table=organisations (default), comparison or questions. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const url = new URL(request.url);
  const { fiscalYear } = parseReportFilters(url.searchParams, fiscalYearOf(date));
  const table = url.searchParams.get("table") ?? "organisations";
  if (!(TABLES as readonly string[]).includes(table)) throw badFilter("table", "organisations・comparison・questions のいずれかを指定してください");
  const db = getDb();
  const report = await getAnnualReport(db, { fiscalYear, today: date, modules: getCatalog().modules });
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.report", details: { fiscalYear, table } }, now());
  if (table === "questions") return csvResponse(`研修実施状況報告_問題別正答率_${fiscalYear}年度.csv`, QUESTION_HEADER, questionRows(report));
  if (table === "comparison") return csvResponse(`研修実施状況報告_前年度比較_${fiscalYear}年度.csv`, COMPARISON_HEADER, comparisonRows(report));
  return csvResponse(`研修実施状況報告_組織区分別_${fiscalYear}年度.csv`, ORGANISATION_HEADER, organisationRows(report));
}

export const action = refuseHrPost;
