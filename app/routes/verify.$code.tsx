import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { getDb } from "~/db/client.server";
import { findCertificateByCode } from "~/domain/reports/certificates.server";
import { formatFiscalYear, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "修了証の確認｜まもり" }, { name: "robots", content: "noindex" }];

/** Public, no sign-in: confirms a certificate and shows only what is printed on it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = (params.code ?? "").toUpperCase();
  const certificate = findCertificateByCode(getDb(), code);
  if (!certificate) {
    throw new Response("この検証コードの修了証は見つかりません。コードを確かめてください。", { status: 404 });
  }
  // Only the certificate's own fields leave the server.
  const { kind, name, title, modules, moduleVersion, fiscalYear, completedOn, verificationCode, department, issuer } = certificate;
  return { certificate: { kind, name, title, modules, moduleVersion, fiscalYear, completedOn, verificationCode, department, issuer } };
}

export default function VerifyCertificate() {
  const { certificate } = useLoaderData<typeof loader>();
  return (
    <div className="page--narrow">
      <h1>修了証の確認</h1>
      <p className="notice notice--ok" role="status">この修了証は有効です。まもりに記録された修了の記録と一致しました。</p>
      <section className="card" aria-labelledby="verified-heading">
        <h2 id="verified-heading">修了証の内容</h2>
        <dl className="facts">
          <div><dt>氏名</dt><dd>{certificate.name}</dd></div>
          {certificate.department ? <div><dt>所属</dt><dd>{certificate.department}</dd></div> : null}
          <div>
            <dt>研修</dt>
            <dd>
              {certificate.kind === "module"
                ? `「${certificate.title}」${certificate.moduleVersion !== null ? `（第${certificate.moduleVersion}版）` : ""}`
                : `${formatFiscalYear(certificate.fiscalYear)}の全課程`}
            </dd>
          </div>
          {certificate.kind === "track" ? (
            <div><dt>修了した研修</dt><dd><ul className="compact-list">{certificate.modules.map((module) => <li key={module}>{module}</li>)}</ul></dd></div>
          ) : null}
          <div><dt>年度</dt><dd>{formatFiscalYear(certificate.fiscalYear)}</dd></div>
          <div><dt>修了日</dt><dd>{formatWareki(certificate.completedOn)}</dd></div>
          <div><dt>検証コード</dt><dd>{certificate.verificationCode}</dd></div>
          {certificate.issuer.title || certificate.issuer.name ? (
            <div><dt>発行者</dt><dd>{[certificate.issuer.title, certificate.issuer.name].filter(Boolean).join("　")}</dd></div>
          ) : null}
        </dl>
      </section>
      <p><Link to="/verify">別の修了証を確認する</Link></p>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) return <ErrorPage />;
  return (
    <div className="page--narrow">
      <h1>修了証の確認</h1>
      <p className="notice notice--warn" role="alert">この検証コードの修了証は見つかりません。修了証に記載されたコードを確かめてください。</p>
      <p><Link to="/verify">検証コードを入力し直す</Link></p>
    </div>
  );
}
