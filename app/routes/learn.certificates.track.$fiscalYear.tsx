import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Certificate, PrintButton } from "~/components/reports/certificate";
import { getDb } from "~/db/client.server";
import { requireUser } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { getOrIssueTrackCertificate, verifyUrl } from "~/domain/reports/certificates.server";

export const meta: MetaFunction = () => [{ title: "年度の修了証｜まもり" }];

/** My certificate for a whole 年度 (every non-exempt assignment completed); issued on first view. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const fiscalYear = /^\d{4}$/.test(params.fiscalYear ?? "") ? Number(params.fiscalYear) : null;
  const certificate = fiscalYear === null ? null : getOrIssueTrackCertificate(getDb(), { employeeId: user.employeeId, fiscalYear }, now());
  if (!certificate) throw new Response("この年度の研修をすべて修了すると、修了証を表示できます。", { status: 404 });
  return { certificate, verifyUrl: verifyUrl(request, certificate.verificationCode) };
}

export default function MyTrackCertificate() {
  const { certificate, verifyUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs no-print"><Link to="/learn">マイ研修</Link> ／ 年度の修了証</nav>
      <Certificate certificate={certificate} verifyUrl={verifyUrl} />
      <PrintButton />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
