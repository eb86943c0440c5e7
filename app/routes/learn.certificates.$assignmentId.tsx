import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Certificate, PrintButton } from "~/components/reports/certificate";
import { getDb } from "~/db/client.server";
import { requireUser } from "~/domain/auth/session.server";
import { getModuleCertificate, verifyUrl } from "~/domain/reports/certificates.server";

export const meta: MetaFunction = () => [{ title: "修了証｜まもり" }];

/** My certificate for one completed assignment. Scoped to the signed-in learner: anyone else's is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const assignmentId = /^\d{1,12}$/.test(params.assignmentId ?? "") ? Number(params.assignmentId) : null;
  const certificate = assignmentId === null ? null : getModuleCertificate(getDb(), { assignmentId, employeeId: user.employeeId });
  if (!certificate) throw new Response("修了証が見つかりません。修了した研修の修了証だけを表示できます。", { status: 404 });
  return { certificate, verifyUrl: verifyUrl(request, certificate.verificationCode) };
}

export default function MyCertificate() {
  const { certificate, verifyUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs no-print"><Link to="/learn">マイ研修</Link> ／ 修了証</nav>
      <Certificate certificate={certificate} verifyUrl={verifyUrl} />
      <PrintButton />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
