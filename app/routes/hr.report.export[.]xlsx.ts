import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { getAnnualReport } from "~/domain/reports/annual-report-cache.server";
import { annualReportWorkbook, workbookFileName } from "~/domain/reports/annual-report-xlsx.server";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { getReportHeader } from "~/domain/reports/report-settings.server";
import { fiscalYearOf } from "~/domain/time";

/** The annual report as an Excel workbook (報告, 組織・区分別, 前年度比較, 問題別正答率). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const { fiscalYear } = parseReportFilters(new URL(request.url).searchParams, fiscalYearOf(date));
  const db = getDb();
  const report = await getAnnualReport(db, { fiscalYear, today: date, modules: getCatalog().modules });
  const body = await annualReportWorkbook(report, getReportHeader(db));
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "xlsx", name: "hr.report", details: { fiscalYear } }, now());
  const name = workbookFileName(fiscalYear);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="annual-report-${fiscalYear}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const action = refuseHrPost;
