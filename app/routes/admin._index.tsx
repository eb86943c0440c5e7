import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuditTable } from "~/components/audit-table";
import { getDb } from "~/db/client.server";
import { listRecentAudit } from "~/domain/admin/audit-log.server";
import { requireRole } from "~/domain/auth/session.server";

export const meta: MetaFunction = () => [{ title: "システム管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { entries: listRecentAudit(getDb(), 20) };
}

export default function Admin() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>システム管理</h1>
      <ul className="link-list">
        <li><Link to="/admin/roles">権限の管理（人事・監査・システム管理者・所属長）</Link></li>
        <li><Link to="/admin/audit">監査ログ（検索・CSV）</Link></li>
        <li><Link to="/admin/outbox">送信キュー（メール）</Link></li>
        <li><Link to="/report-settings">報告書の宛先・発信者</Link></li>
        <li><Link to="/admin/settings">表示と修了証の設定（自治体名・修了証の発行者）</Link></li>
      </ul>
      <h2>最近の操作（新しい順、20件）</h2>
      <AuditTable rows={entries} caption="最近の監査ログ" withDetails={false} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
