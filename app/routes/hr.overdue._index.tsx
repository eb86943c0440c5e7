import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { formatCount } from "~/components/reports/format";
import { OverdueTable } from "~/components/reports/overdue-table";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { filtersToQuery } from "~/domain/reports/filters";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { overdueQueryFor } from "~/domain/reports/overdue-scope.server";
import { countOverduePeople, listOverduePeople, OVERDUE_PAGE_SIZE } from "~/domain/reports/overdue-people.server";
import { fiscalYearOf, formatFiscalYear, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "期限超過の職員｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const db = getDb();
  const filters = parseReportFilters(new URL(request.url).searchParams, fiscalYearOf(date));
  const { query, description } = overdueQueryFor(db, filters, date);
  const total = countOverduePeople(db, query);
  const pages = Math.max(1, Math.ceil(total / OVERDUE_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  return { today: date, filters: { ...filters, page }, total, pages, description, people: listOverduePeople(db, query, page) };
}

export const action = refuseHrPost;

export default function HrOverduePeople() {
  const { today: date, filters, total, pages, description, people } = useLoaderData<typeof loader>();
  const query = (overrides: Partial<typeof filters>) => filtersToQuery(filters, { status: null, sort: "due", descending: false, ...overrides });
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={`/hr?${query({ page: 1 })}`}>人事ダッシュボード</Link> ／ 期限超過の職員
      </nav>
      <h1>期限超過の職員</h1>
      <p className="lead">
        {formatFiscalYear(filters.fiscalYear)}・{description}：期限を過ぎて未修了の研修がある職員 <strong>{formatCount(total)}人</strong>
        （{formatWareki(date)}現在・在職者のみ）。超過日数の長い順に1人1行で表示します。
      </p>
      <div className="section-head">
        <p className="muted">
          <Link to={`/hr/employees?${filtersToQuery(filters, { status: "overdue", sort: "due", descending: false, page: 1 })}`}>研修ごとの一覧で見る</Link>
        </p>
        <a className="button button--secondary button--quiet" href={`/hr/overdue/export.csv?${query({ page: 1 })}`} download>
          CSV をダウンロード（{formatCount(total)}人）
        </a>
      </div>
      {people.length === 0 ? <p className="card">期限超過の職員はいません。</p> : (
        <OverdueTable people={people} caption={`期限超過の職員（${description}）`} personHref={(employeeNo) => `/hr/employees/${encodeURIComponent(employeeNo)}`} />
      )}
      <Pagination page={filters.page} pages={pages} hrefFor={(page) => `/hr/overdue?${query({ page })}`} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
