import { Link } from "@remix-run/react";
import { PrintButton } from "~/components/print-button";
import { formatJapanDateTime } from "~/domain/time";

export type Slip = { employeeNo: string; name: string; departmentName: string; code: string; expiresAt: number };

/**
 * Issued activation codes: one A4 slip per person for printing (print CSS puts each on its own
 * page) with where to go, the 職員番号, the code and its expiry. Codes are shown only here.
 */
export function ActivationSlips({ issued, activateUrl, days, note, backTo }: { issued: Slip[]; activateUrl: string; days: number; note?: string; backTo: { to: string; label: string } }) {
  return (
    <>
      <h1 className="no-print">有効化コード（{issued.length}人）</h1>
      <p className="notice notice--warn no-print">
        コードはこの画面でしか表示されません。印刷して本人に渡してください（{days}日で失効、1回限り）。印刷すると1人1枚（A4）の案内になります。{note ?? ""}
      </p>
      <p className="actions no-print"><PrintButton label="案内を印刷する" /><Link className="button button--secondary" to={backTo.to}>{backTo.label}</Link></p>
      <ol className="activation-slips" aria-label="有効化コードの案内">
        {issued.map((item) => (
          <li key={item.employeeNo} className="activation-slip">
            <h2>まもり（情報セキュリティ研修）アカウント有効化のご案内</h2>
            <p className="activation-slip__to">{item.departmentName}　{item.name} 様</p>
            <dl>
              <dt>職員番号</dt><dd>{item.employeeNo}</dd>
              <dt>有効化コード</dt><dd><code className="activation-slip__code">{item.code}</code></dd>
              <dt>有効期限</dt><dd>{formatJapanDateTime(item.expiresAt)}</dd>
              <dt>手続きの場所</dt><dd><code>{activateUrl}</code></dd>
            </dl>
            <ol className="activation-slip__steps">
              <li>庁内のパソコンで上記のアドレスを開きます（ログイン画面の「初めての方（有効化コードをお持ちの方）」からも開けます）。</li>
              <li>職員番号と有効化コードを入力し、自分のパスワード（12文字以上）を決めます。</li>
              <li>以後は職員番号とそのパスワードでログインし、割り当てられた研修を受講してください。</li>
            </ol>
            <p className="muted">コードは1回限り・期限付きです。他の人に見せないでください。期限が切れたときや紛失したときは、人事担当に再発行を依頼してください。</p>
          </li>
        ))}
      </ol>
    </>
  );
}
