import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "入力内容を確認してください", body: "送信された内容に誤りがあります。" },
  403: { title: "このページを表示する権限がありません", body: "この操作やページは、権限のある方だけが利用できます。必要な場合は所属長または人事担当にお問い合わせください。" },
  404: { title: "ページが見つかりません", body: "URL が正しいか確認してください。研修が割り当てられていない場合も表示できません。" },
  405: { title: "この操作はできません", body: "このページではその操作を受け付けていません。画面のボタンやリンクから操作してください。" },
  409: { title: "処理を続けられません", body: "状態が変わったため、この操作を完了できませんでした。ページを読み込み直してください。" },
  413: { title: "送信された内容が大きすぎます", body: "ファイルや入力内容を小さくして、もう一度お試しください。" },
  429: { title: "しばらくお待ちください", body: "短い時間に操作が集中しました。少し時間をおいてから、もう一度お試しください。" },
  500: { title: "システムエラーが発生しました", body: "申し訳ありません。時間をおいて再度お試しください。解決しない場合はシステム管理者にご連絡ください。" },
  503: { title: "ただいま利用できません", body: "メンテナンス中か、処理が混み合っています。時間をおいて再度お試しください。" },
};

// Our own Responses carry a Japanese sentence for the user; Remix's (an unknown URL: "Error: No
// route matches URL …", a wrong method) carry English for developers, which users must not see.
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** The one boundary every route uses: expected errors get a Japanese explanation, never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const known = MESSAGES[error.status] ?? { title: "エラーが発生しました", body: "時間をおいて再度お試しください。" };
    const detail = typeof error.data === "string" && error.data.length > 0 && error.data.length < 200 && JAPANESE.test(error.data) ? error.data : null;
    return (
      <section className="error-page" aria-labelledby="error-title">
        <p className="error-page__code">エラー {error.status}</p>
        <h1 id="error-title">{known.title}</h1>
        <p>{detail ?? known.body}</p>
        {detail ? <p>{known.body}</p> : null}
        <p><Link to="/learn">マイ研修へ戻る</Link></p>
      </section>
    );
  }
  // NOTE: unexpected errors are logged on the server; the user sees only this.
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__code">エラー 500</p>
      <h1 id="error-title">システムエラーが発生しました</h1>
      <p>申し訳ありません。時間をおいて再度お試しください。解決しない場合はシステム管理者にご連絡ください。</p>
      <p><Link to="/learn">マイ研修へ戻る</Link></p>
    </section>
  );
}
