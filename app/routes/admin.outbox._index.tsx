import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { describeSmtp, getMailConfig } from "~/domain/reminders/config.server";
import { countOutboxByStatus, listOutbox, retryOutboxMessage } from "~/domain/reminders/outbox.server";
import { isOutboxStatus, OUTBOX_STATUS_LABELS, OUTBOX_STATUSES } from "~/domain/reminders/outbox-status";
import { requestDelivery } from "~/domain/reminders/scheduler.server";
import { formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "送信キュー｜まもり" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status");
  const status = isOutboxStatus(statusParam) ? statusParam : null;
  const pageParsed = z.coerce.number().int().min(1).max(100_000).safeParse(url.searchParams.get("page") ?? "1");
  const page = pageParsed.success ? pageParsed.data : 1;
  const db = getDb();
  const mail = getMailConfig();
  const { rows, total } = listOutbox(db, { status, page, pageSize: PAGE_SIZE });
  return { status, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), total, rows, counts: countOutboxByStatus(db), relay: describeSmtp(mail.smtpUrl), from: mail.from };
}

const RetrySchema = z.object({
  intent: z.literal("retry", { error: "操作が正しくありません。" }),
  id: z.coerce.number({ error: "メッセージを指定してください。" }).int().positive("メッセージを指定してください。"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const parsed = RetrySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "入力が正しくありません。" }, { status: 400 });
  const done = retryOutboxMessage(getDb(), parsed.data.id, { accountId: user.accountId, ip: context?.clientIp ?? null });
  if (!done) return data({ error: "このメッセージは再送できません（送信済み、送信中、または存在しません）。" }, { status: 409 });
  requestDelivery();
  const back = new URL(request.url).searchParams;
  back.set("retried", String(parsed.data.id));
  throw redirect(`/admin/outbox?${back.toString()}`);
}

export default function Outbox() {
  const { status, page, pageCount, total, rows, counts, relay, from } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const retried = searchParams.get("retried");
  const linkFor = (next: { status?: string | null; page?: number }) => {
    const params = new URLSearchParams();
    const nextStatus = next.status === undefined ? status : next.status;
    if (nextStatus) params.set("status", nextStatus);
    if ((next.page ?? 1) > 1) params.set("page", String(next.page));
    const query = params.toString();
    return `/admin/outbox${query ? `?${query}` : ""}`;
  };
  return (
    <>
      <p className="breadcrumbs"><Link to="/admin">システム管理</Link> ＞ 送信キュー</p>
      <h1>送信キュー（メール）</h1>
      {relay ? (
        <p className="lead">送信先 SMTP サーバー: <code>{relay}</code>、差出人: {from}。送信に失敗したメールは自動で再送され、5xx の恒久的なエラーは「送信失敗」になります。</p>
      ) : (
        <p className="notice notice--warn">SMTP（環境変数 SMTP_URL）が設定されていないため、メールは送信されずここに保持されています。内容は件名から確認できます。</p>
      )}
      {retried ? <p className="notice notice--ok" role="status">メッセージ #{retried} を再送キューに入れました。</p> : null}
      {actionData?.error ? <p className="form-error" role="alert">{actionData.error}</p> : null}
      <ul className="summary-tiles" aria-label="状態別の件数">
        <li><span>合計</span><strong>{counts.total}</strong></li>
        {OUTBOX_STATUSES.map((key) => <li key={key}><span>{OUTBOX_STATUS_LABELS[key]}</span><strong>{counts[key]}</strong></li>)}
      </ul>
      <nav aria-label="状態で絞り込む" className="filter-tabs">
        <ul>
          <li><Link to={linkFor({ status: null })} aria-current={status === null ? "page" : undefined}>すべて</Link></li>
          {OUTBOX_STATUSES.map((key) => (
            <li key={key}><Link to={linkFor({ status: key })} aria-current={status === key ? "page" : undefined}>{OUTBOX_STATUS_LABELS[key]}</Link></li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p className="card">該当するメールはありません。</p>
      ) : (
        <div className="table-wrap">
          <table className="table--wide">
            <caption className="visually-hidden">送信キューのメール（新しい順、{total}件中）</caption>
            <thead>
              <tr><th scope="col" className="nowrap">番号</th><th scope="col" className="nowrap">対象日</th><th scope="col">宛先</th><th scope="col">件名</th><th scope="col" className="nowrap">状態</th><th scope="col">送信日時・エラー</th><th scope="col" className="nowrap">操作</th></tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.id}</td>
                  <td className="nowrap">{formatWareki(row.runDate)}</td>
                  <td>{row.recipientName}（{row.employeeNo}）<br /><span className="muted nowrap">{row.toAddress}</span></td>
                  <td><Link to={`/admin/outbox/${row.id}`}>{row.subject}</Link></td>
                  <td className="nowrap"><span className={`status status--outbox-${row.status}`}>{OUTBOX_STATUS_LABELS[row.status]}</span>{row.attempts > 0 ? <><br /><span className="muted">試行 {row.attempts} 回</span></> : null}</td>
                  <td>
                    {row.sentAt ? formatJapanDateTime(row.sentAt) : null}
                    {row.status === "queued" && row.attempts > 0 ? <>次回 {formatJapanDateTime(row.nextAttemptAt)}<br /></> : null}
                    {row.lastError && row.status !== "sent" ? <span className="field__error break">{row.lastError}</span> : null}
                    {!row.sentAt && !row.lastError ? "—" : null}
                  </td>
                  <td>
                    {row.status === "failed" ? (
                      <Form method="post">
                        <input type="hidden" name="id" value={row.id} />
                        <button type="submit" name="intent" value="retry" className="button button--quiet button--secondary" aria-label={`メッセージ ${row.id} を再送する`}>再送</button>
                      </Form>
                    ) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav aria-label="ページ" className="pager">
          {page > 1 ? <Link to={linkFor({ page: page - 1 })}>前のページ</Link> : null}
          <span>{page} / {pageCount} ページ</span>
          {page < pageCount ? <Link to={linkFor({ page: page + 1 })}>次のページ</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
