import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { formatCount } from "~/components/reports/format";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { filtersToQuery } from "~/domain/reports/filters";
import { departmentOptions, listFiscalYears } from "~/domain/reports/organisation.server";
import { findPeople, PEOPLE_PAGE_SIZE } from "~/domain/reports/people-list.server";
import { parsePeopleQuery } from "~/domain/reports/people-scope.server";
import { fiscalYearOf, formatFiscalYear } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "職員一覧｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const db = getDb();
  const { filters, context, query } = parsePeopleQuery(db, new URL(request.url).searchParams, fiscalYearOf(date), date);
  let found = findPeople(db, query, filters.page);
  const pages = Math.max(1, Math.ceil(found.total / PEOPLE_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  // A page past the end (a stale link) shows the last one.
  if (page !== filters.page) found = findPeople(db, query, page);
  return {
    filters: { ...filters, page },
    search: query.search,
    total: found.total,
    pages,
    people: found.people,
    options: {
      years: listFiscalYears(db, fiscalYearOf(date)).map((year) => ({ value: year, label: `${formatFiscalYear(year)}（${year}）` })),
      departments: departmentOptions(context.tree, filters.departmentId),
      categories: context.categories,
    },
  };
}

export const action = refuseHrPost;

export default function HrPeople() {
  const { filters, search, total, pages, people, options } = useLoaderData<typeof loader>();
  const query = (page: number) => `${filtersToQuery(filters, { status: null, page })}${search ? `&q=${encodeURIComponent(search)}` : ""}`;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs"><Link to={`/hr?fy=${filters.fiscalYear}`}>人事ダッシュボード</Link> ／ 職員一覧</nav>
      <h1>職員一覧</h1>
      <p className="lead">1人1行の一覧です。職員番号・氏名・カナで探せます（ひらがな・カタカナ・半角カナのどれでも、空白は無視）。研修ごとの状況は「<Link to={`/hr/employees?fy=${filters.fiscalYear}`}>受講状況（研修ごと）</Link>」へ。</p>
      <Form method="get" action="/hr/people" className="filter-bar" role="search" aria-label="職員の検索">
        <div className="field field--wide">
          <label htmlFor="people-q">職員番号・氏名・カナ</label>
          <input id="people-q" name="q" type="search" defaultValue={search} maxLength={100} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="people-fy">年度</label>
          <select id="people-fy" name="fy" defaultValue={String(filters.fiscalYear)}>
            {options.years.map((year) => <option key={year.value} value={year.value}>{year.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="people-dept">組織・所属</label>
          <select id="people-dept" name="dept" defaultValue={filters.departmentId ?? ""}>
            <option value="">すべて</option>
            {options.departments.map((department) => <option key={department.id} value={department.id}>{department.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="people-category">区分</label>
          <select id="people-category" name="category" defaultValue={filters.categoryId ?? ""}>
            <option value="">すべて</option>
            {options.categories.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
          </select>
        </div>
        <div className="filter-bar__submit"><button type="submit" className="button">検索</button></div>
      </Form>
      <div className="section-head">
        <p className="muted" role="status">
          {search ? `「${search}」に一致する職員（退職者を含む）：` : "在職者："}{formatCount(total)}人
        </p>
        <a className="button button--secondary button--quiet" href={`/hr/people/export.csv?${query(1)}`} download>CSV をダウンロード（{formatCount(total)}人）</a>
      </div>
      {people.length === 0 ? <p className="card">該当する職員はいません。</p> : (
        <div className="table-wrap">
          <table className="list-table">
            <caption className="visually-hidden">職員一覧（{formatFiscalYear(filters.fiscalYear)}の進み具合）</caption>
            <thead>
              <tr>
                <th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">所属</th><th scope="col">区分</th>
                <th scope="col">{formatFiscalYear(filters.fiscalYear)}の進み具合</th><th scope="col">期限超過</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.employeeNo} className={person.overdue > 0 ? "is-overdue" : undefined}>
                  <td><a href={`/hr/employees/${encodeURIComponent(person.employeeNo)}`}>{person.employeeNo}</a></td>
                  <td>{person.name}{person.active ? null : <span className="list-table__note">退職</span>}<span className="list-table__kana">{person.nameKana}</span></td>
                  <td>{person.departmentName}</td>
                  <td>{person.categoryName}</td>
                  <td className="numeric">{person.assigned === 0 ? "—" : `${person.completed}/${person.assigned} 完了`}</td>
                  <td className="numeric">{person.overdue === 0 ? "0" : `${person.overdue}件`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={filters.page} pages={pages} hrefFor={(page) => `/hr/people?${query(page)}`} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
