import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/reports/certificate";
import { formatCount, formatPercent } from "~/components/reports/format";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { getAnnualReport } from "~/domain/reports/annual-report-cache.server";
import type { PeopleCounts } from "~/domain/reports/annual-report.server";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { listFiscalYears } from "~/domain/reports/organisation.server";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? formatFiscalYear(data.report.fiscalYear) : ""} 研修実施状況報告｜まもり` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const db = getDb();
  const url = new URL(request.url);
  const { fiscalYear } = parseReportFilters(url.searchParams, fiscalYearOf(date));
  const report = await getAnnualReport(db, { fiscalYear, today: date, modules: getCatalog().modules, refresh: url.searchParams.get("refresh") === "1" });
  return { report, years: listFiscalYears(db, fiscalYearOf(date)) };
}

export const action = refuseHrPost;

function rate(counts: PeopleCounts | undefined): number | null {
  return !counts || counts.people === 0 ? null : counts.completed / counts.people;
}

function PeopleCell({ counts, header }: { counts: PeopleCounts | undefined; header?: boolean }) {
  const Cell = header ? "th" : "td";
  if (!counts || (counts.people === 0 && counts.exempt === 0)) return <Cell className="report-cell report-cell--empty" {...(header ? { scope: "row" } : {})}>—</Cell>;
  return (
    <Cell className="report-cell">
      <span className="report-cell__rate">{formatPercent(rate(counts))}</span>
      <span className="report-cell__line">修了 {formatCount(counts.completed)} / 対象 {formatCount(counts.people)}人</span>
      <span className="report-cell__line">期限超過 {formatCount(counts.overdue)}人・免除 {formatCount(counts.exempt)}人</span>
      <span className="report-cell__line">
        件数ベース {formatPercent(counts.assignments === 0 ? null : counts.completedAssignments / counts.assignments)}（{formatCount(counts.completedAssignments)}/{formatCount(counts.assignments)}件）
      </span>
    </Cell>
  );
}

export default function AnnualReport() {
  const { report, years } = useLoaderData<typeof loader>();
  const year = formatFiscalYear(report.fiscalYear);
  const categories = report.categories.filter((category) => report.byCategory[category.id]);
  return (
    <div className="annual-report">
      <nav aria-label="パンくずリスト" className="breadcrumbs no-print">
        <Link to={`/hr?fy=${report.fiscalYear}`}>人事ダッシュボード</Link> ／ 研修実施状況報告
      </nav>
      <Form method="get" className="filter-bar no-print" aria-label="年度の選択">
        <div className="field">
          <label htmlFor="report-fy">年度</label>
          <select id="report-fy" name="fy" defaultValue={String(report.fiscalYear)}>
            {years.map((value) => <option key={value} value={value}>{formatFiscalYear(value)}（{value}）</option>)}
          </select>
        </div>
        <div className="filter-bar__submit"><button type="submit" className="button">表示</button></div>
        <div className="filter-bar__submit">
          <a className="button button--secondary" href={`/hr/report/export.csv?fy=${report.fiscalYear}&table=organisations`} download>CSV（組織・区分別）</a>
        </div>
        <div className="filter-bar__submit">
          <a className="button button--secondary" href={`/hr/report/export.csv?fy=${report.fiscalYear}&table=questions`} download>CSV（問題別の正答率）</a>
        </div>
        <div className="filter-bar__submit">
          <Link className="button button--secondary" to={`/hr/report/questions?fy=${report.fiscalYear}`}>問題の統計（識別力）</Link>
        </div>
      </Form>

      <header className="report-header">
        <p className="report-header__to">最高情報セキュリティ責任者（CISO）殿</p>
        <h1>{year} 情報セキュリティ研修 実施状況報告</h1>
        <p className="report-header__meta">
          {formatWareki(report.asOf)}現在（集計 {formatJapanDateTime(report.computedAt)}）・在職者のみ・人数で集計
          <a className="no-print report-header__refresh" href={`/hr/report?fy=${report.fiscalYear}&refresh=1`}>最新の状態で集計し直す</a>
        </p>
      </header>

      <section aria-labelledby="org-heading" className="report-section">
        <h2 id="org-heading">1. 組織（基本方針 4(1)）・区分別の受講状況</h2>
        <div className="table-wrap">
          <table className="report-table">
            <caption className="visually-hidden">組織・区分別の修了率と人数</caption>
            <thead>
              <tr>
                <th scope="col">組織</th>
                {categories.map((category) => <th scope="col" key={category.id}>{category.name}</th>)}
                <th scope="col">計</th>
              </tr>
            </thead>
            <tbody>
              {report.organisations.map((organisation) => (
                <tr key={organisation.id}>
                  <th scope="row">{organisation.name}</th>
                  {categories.map((category) => <PeopleCell key={category.id} counts={organisation.byCategory[category.id]} />)}
                  <PeopleCell counts={organisation.total} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">合計</th>
                {categories.map((category) => <PeopleCell key={category.id} counts={report.byCategory[category.id]} />)}
                <PeopleCell counts={report.total} />
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="report-note">
          対象者：その年度に免除でない研修が1つ以上ある在職者。修了者：対象者のうち、その年度の研修（免除を除く）をすべて修了した人。
          修了率＝修了者÷対象者。期限超過：期限を過ぎて未修了の研修がある人。免除：免除された研修がある人。件数ベース：免除を除く研修の件数に対する完了件数の割合（ダッシュボードと同じ数え方）。所属は現在の所属で数えます。
        </p>
      </section>

      <section aria-labelledby="question-heading" className="report-section">
        <h2 id="question-heading">2. 確認テストの問題別正答率</h2>
        <p className="report-note">
          その年度に提出された確認テストの回答（在職者・免除を除く）を、現在の問題で採点した割合です。正答率が 70% 未満の問題を強調しています。
        </p>
        <div className="question-modules">
          {report.modules.map((module) => (
            <section key={module.moduleId} className="question-module" aria-labelledby={`module-${module.moduleId}`}>
              <h3 id={`module-${module.moduleId}`}>
                {module.title}
                <span className="muted">　回答 {formatCount(module.attempts)}件{module.otherVersionAttempts > 0 ? `（旧版 ${formatCount(module.otherVersionAttempts)}件は対象外）` : ""}</span>
              </h3>
              {module.attempts === 0 ? (
                <p className="muted">回答はまだありません。</p>
              ) : (
                <table className="question-table">
                  <caption className="visually-hidden">{module.title}の問題別正答率</caption>
                  <thead><tr><th scope="col">問題</th><th scope="col">正答率</th><th scope="col">回答数</th></tr></thead>
                  <tbody>
                    {[...module.questions]
                      .sort((a, b) => (a.answered === 0 ? 1 : b.answered === 0 ? -1 : a.correct / a.answered - b.correct / b.answered))
                      .map((question) => {
                        const share = question.answered === 0 ? null : question.correct / question.answered;
                        return (
                          <tr key={question.id} className={share !== null && share < 0.7 ? "is-weak" : undefined}>
                            <th scope="row" className="question-table__prompt">{question.prompt.length > 70 ? `${question.prompt.slice(0, 68)}…` : question.prompt}</th>
                            <td className="numeric">
                              <span className="meter" aria-hidden="true"><span style={{ width: `${Math.round((share ?? 0) * 100)}%` }} /></span>
                              {formatPercent(share)}
                            </td>
                            <td className="numeric">{formatCount(question.answered)}</td>
                          </tr>
                        );
                      })}
                  </tbody>
                </table>
              )}
            </section>
          ))}
        </div>
      </section>
      <PrintButton label="この報告を印刷する" />
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
