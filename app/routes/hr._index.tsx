import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompletionBars, ProgressChart } from "~/components/reports/charts";
import { FilterForm } from "~/components/reports/filter-form";
import { formatCount, formatRatio, RATE_LABELS } from "~/components/reports/format";
import { RateExplanation, RateTiles } from "~/components/reports/rates";
import { getDb } from "~/db/client.server";
import { STATUS_LABELS, STATUSES } from "~/domain/assignments/status";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { filtersToQuery, type ListStatus, type ReportFilters } from "~/domain/reports/filters";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { ancestry, departmentOptions, listFiscalYears, loadReportContext } from "~/domain/reports/organisation.server";
import { assignedOf, ratesOf, type PeopleTally, type StatusCounts } from "~/domain/reports/counts";
import { categoriesInUse, getDashboard } from "~/domain/reports/summary.server";
import { fiscalYearOf, formatFiscalYear, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "人事ダッシュボード｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const db = getDb();
  const filters = parseReportFilters(new URL(request.url).searchParams, fiscalYearOf(date));
  const context = loadReportContext(db, filters);
  const dashboard = getDashboard(db, context, filters, date);
  return {
    today: date,
    filters,
    breadcrumbs: filters.departmentId === null ? [] : ancestry(context.tree, filters.departmentId).map(({ id, name }) => ({ id, name })),
    dashboard,
    categories: categoriesInUse(context.categories, dashboard.byCategory),
    options: {
      years: listFiscalYears(db, fiscalYearOf(date)).map((year) => ({ value: year, label: `${formatFiscalYear(year)}（${year}）` })),
      departments: departmentOptions(context.tree, filters.departmentId),
      categories: context.categories,
      modules: context.modules,
    },
  };
}

export const action = refuseHrPost;

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** A link to the people behind a number: the same filters plus the cell's own. */
function listHref(filters: ReportFilters, overrides: Partial<ReportFilters>, status: ListStatus | null): string {
  // 期限超過 opens the people view (one row per person, most days overdue first).
  if (status === "overdue") return `/hr/overdue?${filtersToQuery(filters, { direct: false, ...overrides, status: null, sort: "due", descending: false, page: 1 })}`;
  return `/hr/employees?${filtersToQuery(filters, { direct: false, ...overrides, status, page: 1 })}`;
}

// Plain anchors in the big tables: hundreds of router <Link>s cost more to render than they give.
function CountLink({ href, value, label }: { href: string; value: number; label: string }) {
  if (value === 0) return <span>0</span>;
  return <a href={href} aria-label={`${formatCount(value)}件 ${label}`}>{formatCount(value)}</a>;
}

function MatrixCell({ counts, people, filters, overrides, label }: { counts: StatusCounts | undefined; people: PeopleTally | undefined; filters: ReportFilters; overrides: Partial<ReportFilters>; label: string }) {
  if (!counts || counts.total === 0) return <td className="matrix__cell matrix__cell--empty">—</td>;
  const rates = ratesOf(counts, people ?? { targets: 0, finished: 0 });
  return (
    <td className="matrix__cell">
      <span className="matrix__people">
        人 {formatRatio(rates.people)}
        <span className="visually-hidden">（{label}の{RATE_LABELS.people}、修了 {rates.people.part} / 対象 {rates.people.whole}人）</span>
      </span>
      <a className="matrix__rate" href={listHref(filters, overrides, "assigned")} aria-label={`件 ${formatRatio(rates.assignments)} ${label}の${RATE_LABELS.assignments}`}>
        件 {formatRatio(rates.assignments)}
      </a>
      <span className="matrix__counts">
        <CountLink href={listHref(filters, overrides, "completed")} value={counts.completed} label={`${label} 完了`} />
        {" / "}
        <CountLink href={listHref(filters, overrides, "assigned")} value={assignedOf(counts)} label={`${label} 対象`} />
      </span>
      {counts.overdue > 0 ? (
        <span className="matrix__overdue">
          超過 <CountLink href={listHref(filters, overrides, "overdue")} value={counts.overdue} label={`${label} 期限超過`} />
        </span>
      ) : null}
    </td>
  );
}

function Matrix({ data }: { data: Data }) {
  const { dashboard, filters, categories } = data;
  return (
    <div className="table-wrap">
      <table className="matrix">
        <caption className="visually-hidden">所属×区分の対象者の修了率（人）と研修ごとの完了率（件）（完了／対象、期限超過）</caption>
        <thead>
          <tr>
            <th scope="col">所属</th>
            {categories.map((category) => (
              <th scope="col" key={category.id}>{category.name}</th>
            ))}
            <th scope="col">計</th>
          </tr>
        </thead>
        <tbody>
          {dashboard.rows.map((row) => {
            const name = row.direct ? `${row.department.name}（直属）` : row.department.name;
            const overrides = { departmentId: row.department.id, direct: row.direct };
            return (
              <tr key={`${row.department.id}-${row.direct}`}>
                <th scope="row">
                  {row.hasChildren ? <a href={`/hr?${filtersToQuery(filters, { departmentId: row.department.id, direct: false, page: 1 })}`}>{name}</a> : name}
                </th>
                {categories.map((category) => (
                  <MatrixCell
                    key={category.id}
                    counts={row.byCategory[category.id]}
                    people={row.peopleByCategory[category.id]}
                    filters={filters}
                    overrides={{ ...overrides, categoryId: category.id }}
                    label={`${name}・${category.name}`}
                  />
                ))}
                <MatrixCell counts={row.total} people={row.people} filters={filters} overrides={overrides} label={`${name}・計`} />
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合計</th>
            {categories.map((category) => (
              <MatrixCell key={category.id} counts={dashboard.byCategory[category.id]} people={dashboard.peopleByCategory[category.id]} filters={filters} overrides={{ categoryId: category.id }} label={`合計・${category.name}`} />
            ))}
            <MatrixCell counts={dashboard.totals} people={dashboard.people} filters={filters} overrides={{}} label="合計" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export default function HrDashboard() {
  const data = useLoaderData<typeof loader>();
  const { dashboard, filters, breadcrumbs, options } = data;
  const totals = dashboard.totals;
  const scopeName = breadcrumbs.length > 0 ? breadcrumbs[breadcrumbs.length - 1].name : "全体";
  const query = filtersToQuery(filters, { page: 1 });
  return (
    <>
      <h1>人事ダッシュボード</h1>
      <p className="lead">
        {formatFiscalYear(filters.fiscalYear)}の受講状況（{formatWareki(data.today)}現在）。在職者のみを数え、免除は修了率の分母から除きます。
        職員は現在の所属で数えます。
      </p>
      <FilterForm action="/hr" options={options} values={filters} />
      <nav aria-label="組織の階層" className="breadcrumbs">
        <span className="breadcrumbs__label">表示範囲：</span>
        <ol className="breadcrumbs__list">
          <li>{breadcrumbs.length === 0 ? <span aria-current="page">全体</span> : <Link to={`/hr?${filtersToQuery(filters, { departmentId: null, direct: false, page: 1 })}`}>全体</Link>}</li>
          {breadcrumbs.map((item, index) => (
            <li key={item.id}>
              {index === breadcrumbs.length - 1 ? (
                <span aria-current="page">{item.name}</span>
              ) : (
                <Link to={`/hr?${filtersToQuery(filters, { departmentId: item.id, direct: false, page: 1 })}`}>{item.name}</Link>
              )}
            </li>
          ))}
        </ol>
      </nav>

      <h2 id="totals-heading">{scopeName}の状況</h2>
      <ul className="summary-tiles summary-tiles--report" aria-labelledby="totals-heading">
        <RateTiles rates={ratesOf(totals, dashboard.people)} assignmentsHref={listHref(filters, {}, "assigned")} />
        {STATUSES.map((status) => (
          <li key={status} className={`summary-tiles__${status}`}>
            <span>{STATUS_LABELS[status]}</span>
            <strong>
              {totals[status] === 0 ? "0" : <Link to={listHref(filters, {}, status)} aria-label={`${formatCount(totals[status])}件 ${STATUS_LABELS[status]}の一覧`}>{formatCount(totals[status])}</Link>}
            </strong>
          </li>
        ))}
      </ul>
      <RateExplanation />
      {totals.total === 0 ? <p className="card">この条件に当てはまる割り当てはありません。</p> : null}

      <div className="report-grid">
        <section aria-labelledby="bars-heading" className="card">
          <h2 id="bars-heading">{breadcrumbs.length === 0 ? "組織別の研修ごとの完了率（件）" : "所属別の研修ごとの完了率（件）"}</h2>
          <CompletionBars
            id="bars"
            title={`${scopeName}：${breadcrumbs.length === 0 ? "組織" : "所属"}別の研修ごとの完了率（件）`}
            data={dashboard.rows.map((row) => ({
              label: row.direct ? `${row.department.name}（直属）` : row.department.name,
              completed: row.total.completed,
              overdue: row.total.overdue,
              open: row.total.in_progress + row.total.not_started,
            }))}
          />
        </section>
        <section aria-labelledby="progress-heading" className="card">
          <h2 id="progress-heading">年度内の進み具合</h2>
          <ProgressChart id="progress" title={`${scopeName}：月末ごとの累計の研修ごとの完了率（件）`} points={dashboard.progress} />
          <p className="muted chart-note">研修ごとの完了率（件）の推移：各月末までに完了した件数 ÷ 現在の対象件数。</p>
        </section>
      </div>

      <section aria-labelledby="matrix-heading">
        <div className="section-head">
          <h2 id="matrix-heading">所属×区分</h2>
          <a className="button button--secondary button--quiet" href={`/hr/export.csv?${query}&table=matrix`} download>CSV（所属×区分）</a>
        </div>
        <p className="muted">各欄：「人」＝対象者の修了率（人）、「件」＝研修ごとの完了率（件）、完了／対象の件数、期限超過の件数。数字を選ぶと該当する職員の一覧を、期限超過の件数を選ぶと期限超過の職員（1人1行）を開きます。</p>
        <Matrix data={data} />
      </section>

      <section aria-labelledby="modules-heading">
        <div className="section-head">
          <h2 id="modules-heading">モジュール別</h2>
          <a className="button button--secondary button--quiet" href={`/hr/export.csv?${query}&table=modules`} download>CSV（モジュール別）</a>
        </div>
        <div className="table-wrap">
          <table className="numbers">
            <caption className="visually-hidden">モジュール別の件数</caption>
            <thead>
              <tr>
                <th scope="col">モジュール</th><th scope="col">研修ごとの完了率（件）</th><th scope="col">対象</th><th scope="col">完了</th>
                <th scope="col">受講中</th><th scope="col">未着手</th><th scope="col">期限超過</th><th scope="col">免除</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.modules.map((module) => {
                const overrides = { moduleId: module.id };
                return (
                  <tr key={module.id}>
                    <th scope="row">{module.title}</th>
                    <td>{formatRatio(ratesOf(module.counts, { targets: 0, finished: 0 }).assignments)}</td>
                    <td><CountLink href={listHref(filters, overrides, "assigned")} value={assignedOf(module.counts)} label={`${module.title} 対象`} /></td>
                    <td><CountLink href={listHref(filters, overrides, "completed")} value={module.counts.completed} label={`${module.title} 完了`} /></td>
                    <td><CountLink href={listHref(filters, overrides, "in_progress")} value={module.counts.in_progress} label={`${module.title} 受講中`} /></td>
                    <td><CountLink href={listHref(filters, overrides, "not_started")} value={module.counts.not_started} label={`${module.title} 未着手`} /></td>
                    <td><CountLink href={listHref(filters, overrides, "overdue")} value={module.counts.overdue} label={`${module.title} 期限超過`} /></td>
                    <td><CountLink href={listHref(filters, overrides, "exempt")} value={module.counts.exempt} label={`${module.title} 免除`} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="more-heading">
        <h2 id="more-heading">関連</h2>
        <ul className="link-list">
          <li><Link to={listHref(filters, {}, "overdue")}>期限超過の職員（1人1行、超過日数の多い順）</Link></li>
          <li><Link to={`/hr/employees?${filtersToQuery(filters, { status: "overdue", sort: "due", page: 1 })}`}>期限超過の研修（研修ごと）</Link></li>
          <li><Link to={`/hr/employees?${filtersToQuery(filters, { page: 1 })}`}>受講状況（研修ごと）：この条件のすべて</Link></li>
          <li><Link to={`/hr/people?${filtersToQuery(filters, { status: null, page: 1 })}`}>職員一覧（1人1行）</Link></li>
          <li><Link to={`/hr/report?fy=${filters.fiscalYear}`}>{formatFiscalYear(filters.fiscalYear)} 研修実施状況報告（印刷用）</Link></li>
          <li><a href={`/hr/export.csv?${query}&table=progress`} download>CSV（月末ごとの累計の完了率）</a></li>
        </ul>
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
