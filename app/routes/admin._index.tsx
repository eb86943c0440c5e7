import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { listRecentAudit } from "~/domain/admin/audit-log.server";
import { requireRole } from "~/domain/auth/session.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "システム管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { entries: listRecentAudit(getDb(), 100) };
}

export default function Admin() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>システム管理</h1>
      <p><Link to="/admin/outbox">送信キュー（メール）を見る</Link></p>
      <p><Link to="/admin/settings">表示と修了証の設定（自治体名・修了証の発行者）</Link></p>
      <h2>監査ログ（新しい順、最大100件）</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">日時</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">対象</th><th scope="col">IP</th></tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatJapanDateTime(entry.at)}</td><td>{entry.actor ?? "—"}</td><td>{entry.action}</td>
                <td>{entry.targetType ? `${entry.targetType}:${entry.targetId}` : "—"}</td><td>{entry.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
