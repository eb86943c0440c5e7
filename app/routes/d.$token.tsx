// The landing page of a drill link (public, no sign-in). A malformed or unknown token is a 404
// and records nothing. The fake sign-in form's inputs have no `name`: the browser sends nothing
// typed; the POST carries only the flag `entered` (the token is in the URL).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { now } from "~/domain/clock.server";
import { findRecipientByToken, recordClick, recordEntered } from "~/domain/drills/events.server";
import { landingView } from "~/domain/drills/landing.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.step === "form" ? "ログイン" : "これは訓練です｜標的型攻撃メール訓練" },
  { name: "robots", content: "noindex, nofollow" },
];

function notFound(): Response {
  return new Response("ページが見つかりません。", { status: 404, statusText: "Not Found" });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const recipient = findRecipientByToken(db, params.token ?? "");
  if (!recipient) throw notFound();
  // Mail gateways that check links often send HEAD first: only a page actually fetched counts.
  if (request.method !== "HEAD") recordClick(db, recipient.id, now());
  return landingView(recipient);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb();
  const token = params.token ?? "";
  const recipient = findRecipientByToken(db, token);
  if (!recipient) throw notFound();
  const form = await request.formData();
  // Only the flag is read; any other field a tampered client sends is dropped unread.
  if (form.get("entered") === "1") recordEntered(db, recipient.id, now());
  throw redirect(`/d/${token}`);
}

export default function DrillLanding() {
  const view = useLoaderData<typeof loader>();
  if (view.step === "form") {
    return (
      <div className="page--narrow">
        <h1>ログイン</h1>
        <p>続けるには、職員IDとパスワードを入力してください。</p>
        <Form method="post" className="card" autoComplete="off">
          <div className="field">
            <label htmlFor="drill-user">職員ID</label>
            <input id="drill-user" type="text" autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="drill-password">パスワード</label>
            <input id="drill-password" type="password" autoComplete="off" />
          </div>
          <div className="actions">
            <button type="submit" name="entered" value="1" className="button">ログイン</button>
          </div>
        </Form>
      </div>
    );
  }
  return (
    <div className="page--narrow">
      <h1>これは訓練です</h1>
      <p className="notice notice--warn" role="status">
        このページは、情報セキュリティの「標的型攻撃メール訓練」のために用意したものです。
        {view.entered ? "入力された内容は送信も保存もされていません。" : ""}
        実際の被害はありません。
      </p>
      <section aria-labelledby="mail-title" className="card">
        <h2 id="mail-title">あなたが開いたメール</h2>
        <dl className="mail-headers">
          <div><dt>件名</dt><dd>{view.subject}</dd></div>
          <div><dt>差出人</dt><dd>{view.senderName}（{view.senderAddress}）</dd></div>
        </dl>
        <h3>このメールで気付けたポイント</h3>
        <ul>
          {view.signs.map((sign) => <li key={sign}>{sign}</li>)}
        </ul>
      </section>
      <section aria-labelledby="lesson-title" className="card">
        <h2 id="lesson-title">2分でわかる標的型攻撃メール</h2>
        {view.lesson.map((paragraph) => <p key={paragraph}>{paragraph}</p>)}
        <h3>次に同じようなメールが届いたら</h3>
        <ol>
          <li>リンクや添付ファイルを開かない。</li>
          <li>マイ研修の「不審メールを報告」から報告するか、所属の情報セキュリティ管理者に連絡する。</li>
          <li>開いてしまったときや入力してしまったときも、すぐに報告する。</li>
        </ol>
      </section>
      <p>
        くわしくは研修「<Link to="/learn/threats">対象とする脅威</Link>」で学べます（サインインが必要です）。
        この訓練のフォローアップとして、研修が割り当てられることがあります。
      </p>
    </div>
  );
}
