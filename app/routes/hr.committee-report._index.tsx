import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CommitteeReportDocument } from "~/components/committee-report";
import { FiscalYearSelect } from "~/components/fiscal-year-select";
import { PrintButton } from "~/components/print-button";
import { getDb } from "~/db/client.server";
import { canWriteHr, refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { getCommitteeReport } from "~/domain/self-inspection/committee-report.server";
import { parseFiscalYearQuery } from "~/domain/self-inspection/fiscal-year";
import { getLetterhead } from "~/domain/self-inspection/letterhead.server";
import { fiscalYearOf } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "情報セキュリティ委員会への報告｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const url = new URL(request.url);
  const current = fiscalYearOf(date);
  const fiscalYear = parseFiscalYearQuery(url.searchParams.get("fy"), current);
  if (fiscalYear === null || fiscalYear > current + 1) throw new Response("年度の指定が正しくありません。", { status: 400 });
  const db = getDb();
  const report = await getCommitteeReport(db, { fiscalYear, today: date, modules: getCatalog().modules, refresh: url.searchParams.get("refresh") === "1" });
  return { report, letterhead: getLetterhead(db), years: [current, current - 1, current - 2], fiscalYear, canEdit: canWriteHr(user) };
}

/** The yearly report to the 情報セキュリティ委員会 (A4) and the evidence pack download. */
export default function CommitteeReportPage() {
  const { report, letterhead, years, fiscalYear, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="no-print">
        <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ＞ 情報セキュリティ委員会への報告</p>
        <div className="section-head">
          <p className="lead">年度ごとの研修・誓約・自己点検の結果を、前年度と並べて1つの報告にまとめます。A4で印刷できます。</p>
          <FiscalYearSelect years={years} value={fiscalYear} />
        </div>
        <div className="actions actions--top">
          <PrintButton />
          <a className="button button--secondary" href={`/hr/committee-report/evidence.zip?fy=${fiscalYear}`} download>証跡パッケージ（ZIP）をダウンロード</a>
        </div>
        {canEdit ? <p><Link to="/report-settings">宛先・発信者を変更する</Link></p> : null}
        <p className="small muted">証跡パッケージには、この報告（HTML）、その元になったCSV、各ファイルのSHA-256を記した MANIFEST.sha256 が入ります。作成は監査ログに記録されます。</p>
      </div>
      <div className="card committee-card">
        <CommitteeReportDocument report={report} addressee={letterhead.addressee} sender={letterhead.sender} cityName={letterhead.cityName} />
      </div>
    </>
  );
}

export const action = refuseHrPost;
export { ErrorPage as ErrorBoundary } from "~/components/error-page";
