import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Certificate, PrintButton } from "~/components/reports/certificate";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { findEmployeeId, getModuleCertificate, verifyUrl } from "~/domain/reports/certificates.server";

export const meta: MetaFunction = () => [{ title: "修了証｜まもり" }];

/** HR's copy of an employee's certificate for one completed assignment. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const db = getDb();
  const employeeNo = params.employeeNo ?? "";
  const employeeId = /^[A-Za-z0-9_-]{1,32}$/.test(employeeNo) ? findEmployeeId(db, employeeNo) : null;
  const assignmentId = /^\d{1,12}$/.test(params.assignmentId ?? "") ? Number(params.assignmentId) : null;
  const certificate = employeeId === null || assignmentId === null ? null : getModuleCertificate(db, { assignmentId, employeeId });
  if (!certificate) throw new Response("修了証が見つかりません。", { status: 404 });
  return { employeeNo, certificate, verifyUrl: verifyUrl(request, certificate.verificationCode) };
}

export const action = refuseHrPost;

export default function EmployeeCertificate() {
  const { employeeNo, certificate, verifyUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs no-print">
        <Link to="/hr">人事ダッシュボード</Link> ／ <Link to={`/hr/employees/${encodeURIComponent(employeeNo)}`}>受講記録</Link> ／ 修了証
      </nav>
      <Certificate certificate={certificate} verifyUrl={verifyUrl} />
      <PrintButton />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
