import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuditTable } from "~/components/audit-table";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { AUDIT_ACTION_LABELS, auditActionLabel } from "~/domain/admin/audit-labels";
import { auditFiltersToQuery } from "~/domain/admin/audit-filters";
import { AUDIT_PAGE_SIZE, countAudit, listAudit, parseAuditFilters } from "~/domain/admin/audit-log.server";
import { requireRole } from "~/domain/auth/session.server";

export const meta: MetaFunction = () => [{ title: "監査ログ｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = getDb();
  const filters = parseAuditFilters(new URL(request.url).searchParams);
  const total = countAudit(db, filters);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const actions = Object.keys(AUDIT_ACTION_LABELS);
  if (filters.action && !actions.includes(filters.action)) actions.push(filters.action);
  return { filters: { ...filters, page }, total, pages, rows: listAudit(db, filters, page), actions };
}

export default function AuditLog() {
  const { filters, total, pages, rows, actions } = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs"><Link to="/admin">システム管理</Link> ／ 監査ログ</nav>
      <h1>監査ログ</h1>
      <p className="lead">ログイン、権限や設定の変更、名簿の取り込み、個人情報の出力（CSV・Excel）などの記録です。新しい順に表示します。</p>
      <Form method="get" className="filter-bar" aria-label="監査ログの絞り込み">
        <div className="field">
          <label htmlFor="audit-from">期間（から）</label>
          <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">期間（まで）</label>
          <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">操作者（職員番号）</label>
          <input id="audit-actor" name="actor" type="text" defaultValue={filters.actor ?? ""} maxLength={32} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="audit-action">操作</label>
          <select id="audit-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">すべて</option>
            {actions.map((action) => <option key={action} value={action}>{auditActionLabel(action)}</option>)}
          </select>
        </div>
        <div className="filter-bar__submit"><button type="submit" className="button">絞り込む</button></div>
      </Form>
      <div className="section-head">
        <p className="muted" role="status">{total.toLocaleString("ja-JP")}件</p>
        <a className="button button--secondary button--quiet" href={`/admin/audit/export.csv?${auditFiltersToQuery(filters, 1)}`} download>CSV をダウンロード</a>
      </div>
      {rows.length === 0 ? <p className="card">該当する記録はありません。</p> : <AuditTable rows={rows} caption="監査ログ" />}
      <Pagination page={filters.page} pages={pages} hrefFor={(page) => `/admin/audit?${auditFiltersToQuery(filters, page)}`} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
