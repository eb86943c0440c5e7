import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ProblemList } from "~/components/problem-list";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";
import { runTask } from "~/domain/jobs/worker-pool.server";
import { MAX_ROSTER_BYTES } from "~/domain/roster/uploads.server";

export const meta: MetaFunction = () => [{ title: "名簿の取り込み｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_ROSTER_BYTES) {
    return data({ formError: "ファイルが大きすぎます（30MBまで）。", problems: null }, { status: 413 });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data({ formError: "ファイルを受け取れませんでした。もう一度お試しください。", problems: null }, { status: 400 });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data({ formError: "CSVファイルを選んでください。", problems: null }, { status: 400 });
  }
  if (file.size > MAX_ROSTER_BYTES) return data({ formError: "ファイルが大きすぎます（30MBまで）。", problems: null }, { status: 413 });
  // Checked on the background worker: 50,000 rows take seconds, and other people's pages must not wait.
  const result = await runTask(getDb(), "roster.check", {
    fileName: file.name.slice(0, 200),
    bytes: new Uint8Array(await file.arrayBuffer()),
    fullBatch: form.get("fullBatch") === "on",
    actorAccountId: user.accountId,
    now: now(),
  });
  if (!result.ok) {
    const { fileName, encoding, total, shown } = result;
    return data({ formError: null, problems: { fileName, encoding, total, shown } }, { status: 400 });
  }
  throw redirect(`/hr/import/${result.id}`);
}

export default function ImportPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ 名簿の取り込み</p>
      <h1>名簿の取り込み</h1>
      <p className="lead">職員名簿（CSV）を取り込みます。まず内容を確認（ドライラン）し、問題がなければ反映します。</p>
      {actionData?.problems ? (
        <>
          <p>ファイル：{actionData.problems.fileName}（文字コード：{actionData.problems.encoding}）</p>
          <ProblemList problems={actionData.problems.shown} total={actionData.problems.total} />
        </>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card" aria-describedby={actionData?.formError ? "upload-error" : undefined}>
        {actionData?.formError ? <p id="upload-error" className="form-error" role="alert">{actionData.formError}</p> : null}
        <div className="field">
          <label htmlFor="file">CSVファイル（UTF-8 または Shift_JIS、30MBまで）</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div className="field">
          <label className="quiz-option">
            <input type="checkbox" name="fullBatch" />
            <span>全件モード（ファイルにいない在職者を退職扱いにする）</span>
          </label>
          <p className="field__hint">全件モードでは、ファイルに載っていない在職者のアカウントを無効にします。履歴は削除しません。システム管理者は対象外です。</p>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>{busy ? "確認しています…" : "アップロードして内容を確認"}</button>
          <Link to="/hr/import/template.csv" reloadDocument className="button button--secondary">ひな形（CSV）をダウンロード</Link>
        </div>
        {busy ? (
          <p role="status" className="notice">
            <progress aria-label="取り込みファイルを確認中" /> ファイルを確認しています。5万行で数秒かかります。このままお待ちください。
          </p>
        ) : null}
      </Form>
      <section className="card" aria-labelledby="format-heading">
        <h2 id="format-heading">ファイルの形式</h2>
        <p>1行目は見出しで、次の列が必要です（順不同）：</p>
        <p><code>{ROSTER_COLUMNS.join(",")}</code></p>
        <ul>
          <li>職員番号：英数字（取り込みのキー。全角で書かれていても半角として読みます）。氏名：必須。氏名カナ：カタカナ（任意。半角カナは全角にします）。</li>
          <li>職員区分：職員・会計年度任用職員・臨時的任用職員・非常勤職員・臨時職員・委託事業者 など登録済みの区分、または<Link to="/hr/categories">職員区分</Link>の画面で登録した別名（例：会計年度）。所属コード：登録済みの所属（全角数字も可）。</li>
          <li>役職区分：一般・管理職・システム担当（空欄は一般）。</li>
          <li>採用日・退職日（任意）：2026-04-01、2026/4/1、2026年4月1日、20260401、和暦（令和8年4月1日、R8.4.1、H31.4.30 など）。</li>
          <li>各項目の前後の空白（全角の空白を含む）は取り除きます。書式をそろえた項目は、確認画面で一覧にします。</li>
          <li>退職日が今日以前の人は退職扱いになり、アカウントが無効になります。</li>
        </ul>
        <p>1行でも誤りがあれば、何も反映しません。誤りは行・列・理由を表示します。</p>
      </section>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
