import { useEffect, useState } from "react";
import { formatFiscalYear, formatWareki } from "~/domain/time";

export type CertificateData = {
  kind: "module" | "track";
  name: string;
  title: string;
  modules: string[];
  moduleVersion: number | null;
  fiscalYear: number;
  completedOn: string;
  verificationCode: string;
  department: string;
  issuer: { title: string; name: string };
};

/** The 修了証 itself: what is printed, and exactly what /verify confirms. */
export function Certificate({ certificate, verifyUrl }: { certificate: CertificateData; verifyUrl: string }) {
  const year = formatFiscalYear(certificate.fiscalYear);
  return (
    <article className="certificate" aria-labelledby="certificate-title">
      <p className="certificate__issuer">情報セキュリティ研修</p>
      <h1 id="certificate-title" className="certificate__title">修了証</h1>
      {certificate.department ? <p className="certificate__department">{certificate.department}</p> : null}
      <p className="certificate__name"><span>{certificate.name}</span> 殿</p>
      {certificate.kind === "module" ? (
        <p className="certificate__body">
          あなたは{year}の情報セキュリティ研修「{certificate.title}」{certificate.moduleVersion !== null ? `（第${certificate.moduleVersion}版）` : ""}を修了したことを証します。
        </p>
      ) : (
        <>
          <p className="certificate__body">あなたは{year}の情報セキュリティ研修の全課程を修了したことを証します。</p>
          <ul className="certificate__modules" aria-label="修了した研修">
            {certificate.modules.map((module) => (
              <li key={module}>{module}</li>
            ))}
          </ul>
        </>
      )}
      <dl className="certificate__facts">
        <div><dt>年度</dt><dd>{year}</dd></div>
        <div><dt>修了日</dt><dd>{formatWareki(certificate.completedOn)}</dd></div>
        <div><dt>検証コード</dt><dd className="certificate__code">{certificate.verificationCode}</dd></div>
      </dl>
      {certificate.issuer.title || certificate.issuer.name ? (
        <p className="certificate__signature">
          {certificate.issuer.title}
          {certificate.issuer.title && certificate.issuer.name ? "　" : ""}
          {certificate.issuer.name}
        </p>
      ) : null}
      <p className="certificate__verify">この修了証の真正性は {verifyUrl} で確認できます。</p>
    </article>
  );
}

/** A print button once JavaScript runs; without it the hint to use the browser's print stays. */
export function PrintButton({ label = "印刷する" }: { label?: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <div className="actions no-print">
      {ready ? (
        <button type="button" className="button" onClick={() => window.print()}>{label}</button>
      ) : null}
      <p className="muted">ブラウザの印刷機能（Ctrl+P）でも印刷できます。</p>
    </div>
  );
}
