import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { getOutboxMessage } from "~/domain/reminders/outbox.server";
import { OUTBOX_STATUS_LABELS } from "~/domain/reminders/outbox-status";
import { formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "送信キューのメール｜まもり" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const id = z.coerce.number().int().positive().safeParse(params.messageId);
  const message = id.success ? getOutboxMessage(getDb(), id.data) : null;
  if (!message) throw new Response("指定されたメールは見つかりません。", { status: 404 });
  return { message };
}

export default function OutboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumbs"><Link to="/admin">システム管理</Link> ＞ <Link to="/admin/outbox">送信キュー</Link> ＞ #{message.id}</p>
      <h1>{message.subject}</h1>
      <dl className="mail-headers card">
        <div><dt>宛先</dt><dd>{message.recipientName}（{message.employeeNo}）&lt;{message.toAddress}&gt;</dd></div>
        <div><dt>対象日</dt><dd>{formatWareki(message.runDate)}</dd></div>
        <div><dt>状態</dt><dd>{OUTBOX_STATUS_LABELS[message.status]}（試行 {message.attempts} 回）</dd></div>
        {message.sentAt ? <div><dt>送信日時</dt><dd>{formatJapanDateTime(message.sentAt)}</dd></div> : null}
        {message.smtpResponse ? <div><dt>SMTP 応答</dt><dd className="break">{message.smtpResponse}</dd></div> : null}
        {message.lastError ? <div><dt>エラー</dt><dd className="break">{message.lastError}</dd></div> : null}
        <div><dt>Message-ID</dt><dd className="break"><code>{message.messageId}</code></dd></div>
        <div><dt>作成日時</dt><dd>{formatJapanDateTime(message.createdAt)}</dd></div>
      </dl>
      {message.status === "failed" ? (
        <Form method="post" action="/admin/outbox" className="actions">
          <input type="hidden" name="id" value={message.id} />
          <button type="submit" name="intent" value="retry" className="button">このメールを再送する</button>
        </Form>
      ) : null}
      <h2>本文</h2>
      <pre className="mail-body" tabIndex={0} aria-label="メール本文">{message.bodyText}</pre>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
