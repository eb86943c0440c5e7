import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ProblemList } from "~/components/problem-list";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { runTask } from "~/domain/jobs/worker-pool.server";
import { ActivationSlips } from "~/components/activation-slips";
import { activationUrl } from "~/domain/auth/activation.server";
import { ACTIVATION_DAYS } from "~/domain/auth/policy";
import { type countNormalisations, describeNormalisation, type Normalisation, NORMALISATION_KINDS, NORMALISATION_LABELS } from "~/domain/roster/columns";
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
  const intent = form.get("intent");
  if (intent === "issue-codes") {
    const result = await runTask(getDb(), "roster.issue-codes", { uploadId: params.uploadId ?? "", actor: { accountId: user.accountId, ip: context?.clientIp ?? null }, now: now() });
    if (result === null) throw new Response("この取り込みは見つからないか、まだ反映されていません。", { status: 404 });
    if (result.issued.length === 0) return data({ message: "有効化コードを発行する対象の人はいません（全員に発行済みか、すでにパスワードを設定済みです）。" }, { status: 400 });
    return { message: null, issued: result.issued, remaining: result.remaining, activateUrl: activationUrl(request) };
  }
  if (intent !== "apply") return data({ message: "不正な操作です。" }, { status: 400 });
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

type NormalisationReport = { total: number; counts: ReturnType<typeof countNormalisations>; shown: Normalisation[] };

/** What the import rewrote to the canonical form, so HR can check nothing was misread. */
function Normalisations({ report }: { report: NormalisationReport }) {
  if (report.total === 0) return null;
  return (
    <section className="card" aria-labelledby="normalised-heading">
      <h2 id="normalised-heading">書式を整えた項目（{report.total}件）</h2>
      <p>次の項目は、名簿の書き方を取り込みの形式にそろえて読み取ります。意図どおりか確認してください。</p>
      <ul aria-label="種類ごとの件数">
        {NORMALISATION_KINDS.filter((kind) => report.counts[kind] > 0).map((kind) => <li key={kind}>{NORMALISATION_LABELS[kind]}：{report.counts[kind]}件</li>)}
      </ul>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">書式を整えた項目の一覧</caption>
          <thead><tr><th scope="col">行</th><th scope="col">列</th><th scope="col">読み取り</th></tr></thead>
          <tbody>
            {report.shown.map((entry) => (
              <tr key={`${entry.line}-${entry.column}`}><td>{entry.line}行目</td><td>{entry.column}</td><td>{describeNormalisation(entry)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.counts.trim > 0 ? <p className="field__hint">□ は全角の空白、␣ は半角の空白です。</p> : null}
      {report.total > report.shown.length ? <p className="muted">ほか{report.total - report.shown.length}件（最初の{report.shown.length}件を表示）</p> : null}
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
  if (actionData && "issued" in actionData && actionData.issued) {
    return (
      <>
        <p className="breadcrumbs no-print"><Link to="/hr">人事ダッシュボード</Link> ／ <Link to="/hr/import">名簿の取り込み</Link> ／ 有効化コード</p>
        <ActivationSlips
          issued={actionData.issued} activateUrl={actionData.activateUrl} days={ACTIVATION_DAYS}
          note={actionData.remaining > 0 ? `まだ${actionData.remaining}人残っています。取り込み結果の画面に戻り、もう一度発行してください。` : undefined}
          backTo={{ to: `/hr/import/${upload.id}`, label: "取り込み結果へ戻る" }}
        />
      </>
    );
  }
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ <Link to="/hr/import">名簿の取り込み</Link> ／ 内容の確認</p>
      <h1>取り込み内容の確認</h1>
      <p>ファイル：{upload.fileName}（{upload.encoding}、{upload.fullBatch ? "全件モード" : "差分モード"}）</p>
      {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
      {upload.appliedAt !== null ? (
        <div className="notice notice--ok" role="status">
          <p>{formatJapanDateTime(upload.appliedAt)}に反映しました。{applied !== null ? `研修の割り当てを${applied}件作成しました。` : ""}</p>
          {upload.awaitingActivation > 0 ? (
            <Form method="post" className="actions">
              <p>今回新しく登録した人のうち{upload.awaitingActivation}人は、まだパスワードがなくログインできません。</p>
              <button type="submit" name="intent" value="issue-codes" className="button" disabled={busy}>
                新しく登録した{upload.awaitingActivation}人に有効化コードを発行
              </button>
            </Form>
          ) : null}
          <p><Link to="/hr/import">別のファイルを取り込む</Link>　<Link to="/hr/accounts">アカウントの有効化</Link></p>
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
          <Normalisations report={upload.plan.normalisations} />
          <Listing title="新規" items={upload.plan.created} total={upload.plan.counts.created} render={(row) => (
            <li key={row.employeeNo}>{row.employeeNo} {row.name}（{row.categoryName}・所属 {row.departmentCode} {row.departmentName}）</li>
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
