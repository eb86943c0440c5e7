import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { formatCount } from "~/components/reports/format";
import { OverdueTable } from "~/components/reports/overdue-table";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { today } from "~/domain/clock.server";
import { countOverduePeople, listOverduePeople, OVERDUE_PAGE_SIZE } from "~/domain/reports/overdue-people.server";
import { teamOverdueQuery } from "~/domain/team/overdue.server";
import { listTeamDepartments } from "~/domain/team/scope.server";
import { parseTeamFilters, teamFilterQuery } from "~/domain/team/team.server";
import { fiscalYearOf, formatFiscalYear, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "期限超過の職員（所属）｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const db = getDb();
  const date = today();
  const fiscalYear = fiscalYearOf(date);
  const url = new URL(request.url);
  const subtree = listTeamDepartments(db, user.employeeId);
  const filters = parseTeamFilters(url.searchParams, subtree);
  const page = Math.max(1, Number(/^\d{1,6}$/.test(url.searchParams.get("page") ?? "") ? url.searchParams.get("page") : 1));
  if (subtree.length === 0) return { fiscalYear, today: date, query: "", total: 0, pages: 1, page: 1, people: [] };
  const query = teamOverdueQuery(db, subtree, { ...filters, status: null }, fiscalYear, date);
  const total = countOverduePeople(db, query);
  const pages = Math.max(1, Math.ceil(total / OVERDUE_PAGE_SIZE));
  const current = Math.min(page, pages);
  return { fiscalYear, today: date, query: teamFilterQuery({ ...filters, status: null }), total, pages, page: current, people: listOverduePeople(db, query, current) };
}

export default function TeamOverdue() {
  const { fiscalYear, today: date, query, total, pages, page, people } = useLoaderData<typeof loader>();
  const withPage = (value: number) => `/team/overdue${query ? `${query}&` : "?"}page=${value}`;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs"><Link to="/team">所属の状況</Link> ／ 期限超過の職員</nav>
      <h1>期限超過の職員</h1>
      <p className="lead">
        {formatFiscalYear(fiscalYear)}に期限を過ぎて未修了の研修がある職員 <strong>{formatCount(total)}人</strong>（{formatWareki(date)}現在）。超過日数の長い順です。
      </p>
      <p><a className="button button--secondary" href={`/team/overdue/export.csv${query}`} download>CSVでダウンロード</a></p>
      {people.length === 0 ? <p className="card">期限超過の職員はいません。</p> : (
        <OverdueTable people={people} caption="期限超過の職員" personHref={(employeeNo) => `/team/${encodeURIComponent(employeeNo)}`} />
      )}
      <Pagination page={page} pages={pages} hrefFor={withPage} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
