import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { getCommitteeReport } from "~/domain/self-inspection/committee-report.server";
import { createEvidencePack } from "~/domain/self-inspection/evidence-pack.server";
import { parseFiscalYearQuery } from "~/domain/self-inspection/fiscal-year";
import { getLetterhead } from "~/domain/self-inspection/letterhead.server";
import { renderCommitteeReportHtml } from "~/domain/self-inspection/report-html.server";
import { fiscalYearOf } from "~/domain/time";

/** The 年度's evidence pack (ZIP): report, CSVs, SHA-256 manifest. Generating it is audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const current = fiscalYearOf(date);
  const fiscalYear = parseFiscalYearQuery(new URL(request.url).searchParams.get("fy"), current);
  if (fiscalYear === null || fiscalYear > current + 1) throw new Response("年度の指定が正しくありません。", { status: 400 });
  const db = getDb();
  const report = await getCommitteeReport(db, { fiscalYear, today: date, modules: getCatalog().modules });
  const pack = createEvidencePack(db, { report, reportHtml: renderCommitteeReportHtml(report, getLetterhead(db)), today: date, actorAccountId: user.accountId, ip: context?.clientIp ?? null }, now());
  return new Response(Buffer.from(pack.zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${pack.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const action = refuseHrPost;
