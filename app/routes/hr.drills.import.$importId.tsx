import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireHrWriter } from "~/domain/auth/hr-access.server";
import { now } from "~/domain/clock.server";
import { parseGophishCsv } from "~/domain/drills/gophish";
import { applyGophishUpload, getGophishUpload, previewRows } from "~/domain/drills/gophish.server";

export const meta: MetaFunction = () => [{ title: "取り込みの確認｜標的型攻撃メール訓練｜まもり" }];

function uploadOr404(id: string | undefined) {
  const upload = getGophishUpload(getDb(), id ?? "");
  if (!upload) throw new Response("取り込みが見つかりません。", { status: 404, statusText: "Not Found" });
  return upload;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireHrWriter(request);
  const upload = uploadOr404(params.importId);
  const parsed = parseGophishCsv(upload.content);
  return {
    upload: { id: upload.id, campaignName: upload.campaignName, fileName: upload.fileName, appliedAt: upload.appliedAt, campaignId: upload.campaignId },
    preview: parsed.ok ? previewRows(getDb(), parsed.rows) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireHrWriter(request);
  const upload = uploadOr404(params.importId);
  const result = applyGophishUpload(getDb(), upload.id, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
  if (!result.ok) return data({ error: result.error }, { status: 409 });
  throw redirect(`/hr/drills/${result.campaignId}?imported=${result.recipients}`);
}

export default function GophishPreviewPage() {
  const { upload, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr/drills">標的型攻撃メール訓練</Link> ＞ <Link to="/hr/drills/import">GoPhish の結果を取り込む</Link> ＞ 確認</p>
      <h1>取り込みの確認（{upload.campaignName}）</h1>
      <p>ファイル: {upload.fileName}</p>
      {actionData?.error ? <p className="form-error" role="alert">{actionData.error}</p> : null}
      {upload.appliedAt !== null ? (
        <p className="notice notice--ok">この取り込みは反映済みです。<Link to={`/hr/drills/${upload.campaignId}`}>結果を見る</Link></p>
      ) : null}
      {preview ? (
        <>
          <ul className="summary-tiles" aria-label="取り込む内容">
            <li><span>CSV の行</span><strong>{preview.rows}</strong></li>
            <li><span>職員と一致</span><strong>{preview.matched}</strong></li>
            <li><span>送信済み</span><strong>{preview.sent}</strong></li>
            <li><span>リンクを開いた（研修を割り当て）</span><strong>{preview.clicked}</strong></li>
            <li><span>入力した</span><strong>{preview.entered}</strong></li>
            <li><span>報告した</span><strong>{preview.reported}</strong></li>
          </ul>
          {preview.unmatched.length > 0 ? (
            <section aria-labelledby="unmatched-title" className="card">
              <h2 id="unmatched-title">在職者と一致しないメールアドレス（{preview.unmatched.length} 件、取り込みません）</h2>
              <ul>{preview.unmatched.slice(0, 200).map((row) => <li key={row.line}>{row.line}行目: {row.email}</li>)}</ul>
            </section>
          ) : null}
          {upload.appliedAt === null ? (
            <Form method="post" className="actions">
              <button type="submit" name="intent" value="apply" className="button">反映する</button>
            </Form>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
