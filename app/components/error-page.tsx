import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "入力内容を確認してください", body: "送信された内容に誤りがあります。" },
  403: { title: "このページを表示する権限がありません", body: "この操作やページは、権限のある方だけが利用できます。必要な場合は所属長または人事担当にお問い合わせください。" },
  404: { title: "ページが見つかりません", body: "URL が正しいか確認してください。研修が割り当てられていない場合も表示できません。" },
  409: { title: "処理を続けられません", body: "状態が変わったため、この操作を完了できませんでした。ページを読み込み直してください。" },
};

/** The one boundary every route uses: expected errors get a Japanese explanation, never a stack trace. */
export function ErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const known = MESSAGES[error.status] ?? { title: "エラーが発生しました", body: "時間をおいて再度お試しください。" };
    const detail = typeof error.data === "string" && error.data.length > 0 && error.data.length < 200 ? error.data : null;
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
