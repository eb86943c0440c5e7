import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Certificate, PrintButton } from "~/components/reports/certificate";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now } from "~/domain/clock.server";
import { findEmployeeId, getOrIssueTrackCertificate, verifyUrl } from "~/domain/reports/certificates.server";

export const meta: MetaFunction = () => [{ title: "年度の修了証｜まもり" }];

/** HR's copy of an employee's 年度 certificate (issued on first view, by whoever views it first). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const db = getDb();
  const employeeNo = params.employeeNo ?? "";
  const employeeId = /^[A-Za-z0-9_-]{1,32}$/.test(employeeNo) ? findEmployeeId(db, employeeNo) : null;
  const fiscalYear = /^\d{4}$/.test(params.fiscalYear ?? "") ? Number(params.fiscalYear) : null;
  const certificate = employeeId === null || fiscalYear === null ? null : getOrIssueTrackCertificate(db, { employeeId, fiscalYear }, now());
  if (!certificate) throw new Response("この年度の研修をすべて修了していないため、修了証はありません。", { status: 404 });
  return { employeeNo, certificate, verifyUrl: verifyUrl(request, certificate.verificationCode) };
}

export const action = refuseHrPost;

export default function EmployeeTrackCertificate() {
  const { employeeNo, certificate, verifyUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs no-print">
        <Link to="/hr">人事ダッシュボード</Link> ／ <Link to={`/hr/employees/${encodeURIComponent(employeeNo)}`}>受講記録</Link> ／ 年度の修了証
      </nav>
      <Certificate certificate={certificate} verifyUrl={verifyUrl} />
      <PrintButton />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
