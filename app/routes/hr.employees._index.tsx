import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterForm } from "~/components/reports/filter-form";
import { formatCount } from "~/components/reports/format";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { listAssignments } from "~/domain/reports/assignment-list.server";
import { filtersToQuery, LIST_STATUS_LABELS, MAX_PAGES, PAGE_SIZE, type ListSort, type ReportFilters } from "~/domain/reports/filters";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { departmentLabel, departmentOptions, listFiscalYears, loadReportContext } from "~/domain/reports/organisation.server";
import { getListEstimate, getScopeTotals, ratesOf } from "~/domain/reports/summary.server";
import { RateExplanation, RateLine } from "~/components/reports/rates";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "受講状況（研修ごと）｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const db = getDb();
  const filters = parseReportFilters(new URL(request.url).searchParams, fiscalYearOf(date));
  const context = loadReportContext(db, filters);
  const estimate = getListEstimate(db, context, filters, date);
  const rows = listAssignments(db, context, filters, date, estimate);
  // The rates of the list's scope (every status): the same figures as the dashboard cell.
  const scope = getScopeTotals(db, context, { ...filters, status: null }, date);
  return {
    rates: ratesOf(scope.counts, scope.people),
    today: date,
    filters,
    total: estimate.matching,
    rows,
    pages: Math.min(MAX_PAGES, Math.max(1, Math.ceil(estimate.matching / PAGE_SIZE))),
    truncated: estimate.matching > MAX_PAGES * PAGE_SIZE,
    description: {
      scope: filters.departmentId === null ? "全体" : `${departmentLabel(context.tree, filters.departmentId)}${filters.direct ? "（直属のみ）" : ""}`,
      category: context.categories.find((category) => category.id === filters.categoryId)?.name ?? null,
      module: context.modules.find((module) => module.id === filters.moduleId)?.title ?? null,
    },
    options: {
      years: listFiscalYears(db, fiscalYearOf(date)).map((year) => ({ value: year, label: `${formatFiscalYear(year)}（${year}）` })),
      departments: departmentOptions(context.tree, filters.departmentId),
      categories: context.categories,
      modules: context.modules,
    },
  };
}

export const action = refuseHrPost;

function SortHeader({ filters, sort, label }: { filters: ReportFilters; sort: ListSort; label: string }) {
  const active = filters.sort === sort;
  const nextDescending = active ? !filters.descending : false;
  return (
    <th scope="col" aria-sort={active ? (filters.descending ? "descending" : "ascending") : undefined}>
      <Link to={`/hr/employees?${filtersToQuery(filters, { sort, descending: nextDescending, page: 1 })}`}>
        {label}
        <span aria-hidden="true">{active ? (filters.descending ? " ▼" : " ▲") : ""}</span>
        {active ? <span className="visually-hidden">（{filters.descending ? "降順" : "昇順"}で並べ替え中）</span> : null}
      </Link>
    </th>
  );
}

function Pagination({ filters, pages }: { filters: ReportFilters; pages: number }) {
  if (pages <= 1) return null;
  const current = Math.min(filters.page, pages);
  const numbers = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])].filter((page) => page >= 1 && page <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label="ページ" className="pagination">
      <ul>
        {current > 1 ? <li><Link to={`/hr/employees?${filtersToQuery(filters, { page: current - 1 })}`} rel="prev">前へ</Link></li> : null}
        {numbers.map((page) => (
          <li key={page}>
            {page === current ? (
              <span aria-current="page">{page}</span>
            ) : (
              <Link to={`/hr/employees?${filtersToQuery(filters, { page })}`} aria-label={`${page}ページ`}>{page}</Link>
            )}
          </li>
        ))}
        {current < pages ? <li><Link to={`/hr/employees?${filtersToQuery(filters, { page: current + 1 })}`} rel="next">次へ</Link></li> : null}
      </ul>
    </nav>
  );
}

export default function HrEmployeeList() {
  const { filters, total, rows, pages, truncated, description, options, rates } = useLoaderData<typeof loader>();
  const statusLabel = filters.status ? LIST_STATUS_LABELS[filters.status] : "すべての状況";
  const parts = [description.scope, description.category, description.module, statusLabel].filter(Boolean);
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={`/hr?${filtersToQuery(filters, { status: null, page: 1, sort: "due", descending: false })}`}>人事ダッシュボード</Link> ／ 受講状況（研修ごと）
      </nav>
      <h1>受講状況（研修ごと）</h1>
      <p className="lead">
        {formatFiscalYear(filters.fiscalYear)}・{parts.join("・")}：<strong>{formatCount(total)}件</strong>（1件 = 職員1人 × モジュール1つ。在職者のみ）
      </p>
      <p className="rate-summary">{description.scope}{description.category ? `・${description.category}` : ""}{description.module ? `・${description.module}` : ""}：<RateLine rates={rates} /></p>
      <RateExplanation />
      <p className="muted">
        1人1行で見るには <Link to={`/hr/people?${filtersToQuery(filters, { status: null, page: 1 })}`}>職員一覧</Link>、
        期限超過の職員は <Link to={`/hr/overdue?${filtersToQuery(filters, { status: null, sort: "due", descending: false, page: 1 })}`}>期限超過の職員</Link>。
      </p>
      <FilterForm action="/hr/employees" options={options} values={filters} withStatus />
      <div className="section-head">
        <p className="muted">
          {total === 0 ? "該当する割り当てはありません。" : `${formatCount((Math.min(filters.page, pages) - 1) * PAGE_SIZE + 1)}〜${formatCount(Math.min(total, Math.min(filters.page, pages) * PAGE_SIZE))}件目を表示`}
        </p>
        <a className="button button--secondary button--quiet" href={`/hr/employees/export.csv?${filtersToQuery(filters, { page: 1 })}`} download>
          CSV をダウンロード（{formatCount(total)}件）
        </a>
      </div>
      {truncated ? (
        <p className="notice notice--warn">画面では先頭の {formatCount(MAX_PAGES * PAGE_SIZE)} 件までを表示します。条件を絞り込むか、CSV をご利用ください。</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="list-table">
            <caption className="visually-hidden">受講状況（研修ごと）（{parts.join("・")}）</caption>
            <thead>
              <tr>
                <SortHeader filters={filters} sort="employeeNo" label="職員番号" />
                <SortHeader filters={filters} sort="name" label="氏名" />
                <SortHeader filters={filters} sort="department" label="所属" />
                <th scope="col">区分</th>
                <th scope="col">モジュール</th>
                <th scope="col">状況</th>
                <SortHeader filters={filters} sort="due" label="期限" />
                <th scope="col">超過日数</th>
                <th scope="col">修了日時</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.assignmentId} className={row.status === "overdue" ? "is-overdue" : undefined}>
                  <td><a href={`/hr/employees/${encodeURIComponent(row.employeeNo)}`}>{row.employeeNo}</a></td>
                  <td>{row.name}<span className="list-table__kana">{row.nameKana}</span></td>
                  <td>{row.departmentName}</td>
                  <td>{row.categoryName}</td>
                  <td>{row.moduleTitle}</td>
                  <td><StatusBadge status={row.status} closed={row.closed} />{row.cycle > 1 ? <span className="list-table__note">再受講</span> : null}{row.exemptionReason ? <span className="list-table__note">{row.exemptionReason}</span> : null}</td>
                  <td className="nowrap">{formatWareki(row.dueDate)}</td>
                  <td className="numeric">{row.daysOverdue === null ? "" : `${row.daysOverdue}日`}</td>
                  <td className="nowrap">{row.completedAt === null ? "" : formatJapanDateTime(row.completedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination filters={filters} pages={pages} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
