import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ProblemList } from "~/components/problem-list";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { runTask } from "~/domain/jobs/worker-pool.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "取り込み内容の確認｜まもり" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  // The dry run is recomputed on the background worker (the database may have changed since the upload).
  const upload = await runTask(getDb(), "roster.preview", { uploadId: params.uploadId ?? "", now: now() });
  if (!upload) throw new Response("この取り込みは見つかりません。", { status: 404 });
  return upload;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const form = await request.formData();
  if (form.get("intent") !== "apply") return data({ message: "不正な操作です。" }, { status: 400 });
  const result = await runTask(getDb(), "roster.apply", { uploadId: params.uploadId ?? "", actor: { accountId: user.accountId, ip: context?.clientIp ?? null }, now: now() });
  if (result === null) throw new Response("この取り込みは見つかりません。", { status: 404 });
  if (!result.ok) {
    const message = result.reason === "already-applied" ? "この取り込みはすでに反映済みです。" : "名簿の内容が確認時から変わったため反映できませんでした。もう一度アップロードしてください。";
    return data({ message }, { status: 409 });
  }
  throw redirect(`/hr/import/${params.uploadId}?applied=${result.assignmentsCreated}`);
}

function Listing<T>({ title, items, total, render }: { title: string; items: T[]; total: number; render: (item: T) => React.ReactNode }) {
  if (total === 0) return null;
  return (
    <section className="card">
      <h2>{title}（{total}人）</h2>
      <ul>{items.map(render)}</ul>
      {total > items.length ? <p className="muted">ほか{total - items.length}人（最初の{items.length}人を表示）</p> : null}
    </section>
  );
}

export default function ImportPreview() {
  const upload = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const applied = searchParams.get("applied");
  const busy = navigation.state === "submitting";
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ <Link to="/hr/import">名簿の取り込み</Link> ／ 内容の確認</p>
      <h1>取り込み内容の確認</h1>
      <p>ファイル：{upload.fileName}（{upload.encoding}、{upload.fullBatch ? "全件モード" : "差分モード"}）</p>
      {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
      {upload.appliedAt !== null ? (
        <div className="notice notice--ok" role="status">
          <p>{formatJapanDateTime(upload.appliedAt)}に反映しました。{applied !== null ? `研修の割り当てを${applied}件作成しました。` : ""}</p>
          <p><Link to="/hr/import">別のファイルを取り込む</Link></p>
        </div>
      ) : upload.problems ? (
        <ProblemList problems={upload.problems.shown} total={upload.problems.total} />
      ) : upload.plan ? (
        <>
          <p className="notice">まだ反映していません（ドライラン）。内容を確認し、よければ「反映する」を押してください。</p>
          <ul className="summary-tiles" aria-label="取り込みの概要">
            <li><span>行数</span><strong>{upload.plan.rows}</strong></li>
            <li><span>新規</span><strong>{upload.plan.counts.created}</strong></li>
            <li><span>変更</span><strong>{upload.plan.counts.changed}</strong></li>
            <li><span>退職</span><strong>{upload.plan.counts.leavers}</strong></li>
            <li><span>変更なし</span><strong>{upload.plan.counts.unchanged}</strong></li>
          </ul>
          {upload.plan.protectedAdmins.length > 0 ? (
            <p className="notice notice--warn">ファイルにいないシステム管理者（{upload.plan.protectedAdmins.join("、")}）は、締め出しを防ぐため退職扱いにしません。</p>
          ) : null}
          <Form method="post" className="actions">
            <button type="submit" name="intent" value="apply" className="button" disabled={busy}>{busy ? "反映しています…" : "反映する"}</button>
            <Link to="/hr/import" className="button button--secondary">やめる</Link>
            {busy ? <span role="status"><progress aria-label="反映中" /> 反映と研修の割り当てを行っています…</span> : null}
          </Form>
          <Listing title="新規" items={upload.plan.created} total={upload.plan.counts.created} render={(row) => (
            <li key={row.employeeNo}>{row.employeeNo} {row.name}（{row.categoryName}・所属コード {row.departmentCode}）</li>
          )} />
          <Listing title="変更" items={upload.plan.changed} total={upload.plan.counts.changed} render={(row) => (
            <li key={row.employeeNo}>
              {row.employeeNo} {row.name}：{row.rejoined ? "再雇用。" : ""}
              {row.changes.map((change) => `${change.field} ${change.from || "（空）"} → ${change.to || "（空）"}`).join("、")}
            </li>
          )} />
          <Listing title="退職" items={upload.plan.leavers} total={upload.plan.counts.leavers} render={(row) => (
            <li key={row.employeeNo}>{row.employeeNo} {row.name}（{row.reason === "missing" ? "ファイルに記載なし" : "退職日による"}）</li>
          )} />
        </>
      ) : null}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
