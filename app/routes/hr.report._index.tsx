import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/reports/certificate";
import { OrganisationRateChart } from "~/components/reports/charts";
import { formatCount, formatRatio, formatShare, RATE_LABELS } from "~/components/reports/format";
import { RateExplanation } from "~/components/reports/rates";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { getAnnualReport } from "~/domain/reports/annual-report-cache.server";
import type { PeopleCounts } from "~/domain/reports/annual-report.server";
import { pointDifference, reportRates, reportSubject, summarySentences } from "~/domain/reports/annual-report-view";
import { getReportHeader } from "~/domain/reports/report-settings.server";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { listFiscalYears } from "~/domain/reports/organisation.server";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? formatFiscalYear(data.report.fiscalYear) : ""} 研修実施状況報告｜まもり` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const date = today();
  const db = getDb();
  const url = new URL(request.url);
  const { fiscalYear } = parseReportFilters(url.searchParams, fiscalYearOf(date));
  const report = await getAnnualReport(db, { fiscalYear, today: date, modules: getCatalog().modules, refresh: url.searchParams.get("refresh") === "1" });
  return { report, years: listFiscalYears(db, fiscalYearOf(date)), header: getReportHeader(db), canEdit: user.roles.includes("hr") };
}

export const action = refuseHrPost;

function PeopleCell({ counts, header }: { counts: PeopleCounts | undefined; header?: boolean }) {
  const Cell = header ? "th" : "td";
  if (!counts || (counts.people === 0 && counts.exempt === 0)) return <Cell className="report-cell report-cell--empty" {...(header ? { scope: "row" } : {})}>—</Cell>;
  const rates = reportRates(counts);
  return (
    <Cell className="report-cell">
      <span className="report-cell__rate"><span className="report-cell__tag">人</span> {formatRatio(rates.people)}</span>
      <span className="report-cell__line">修了 {formatCount(counts.completed)} / 対象 {formatCount(counts.people)}人</span>
      <span className="report-cell__rate report-cell__rate--second"><span className="report-cell__tag">件</span> {formatRatio(rates.assignments)}</span>
      <span className="report-cell__line">完了 {formatCount(counts.completedAssignments)} / 対象 {formatCount(counts.assignments)}件</span>
      <span className="report-cell__line">期限超過 {formatCount(counts.overdue)}人・免除 {formatCount(counts.exempt)}人</span>
    </Cell>
  );
}

export default function AnnualReport() {
  const { report, years, header, canEdit } = useLoaderData<typeof loader>();
  const year = formatFiscalYear(report.fiscalYear);
  const categories = report.categories.filter((category) => report.byCategory[category.id]);
  const previousById = new Map(report.previous?.organisations.map((organisation) => [organisation.id, organisation.total]) ?? []);
  const previousYear = report.previous ? formatFiscalYear(report.previous.fiscalYear) : "前年度";
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
          <a className="button button--secondary" href={`/hr/report/export.csv?fy=${report.fiscalYear}&table=comparison`} download>CSV（前年度比較）</a>
        </div>
        <div className="filter-bar__submit">
          <a className="button button--secondary" href={`/hr/report/export.csv?fy=${report.fiscalYear}&table=questions`} download>CSV（問題別の正答率）</a>
        </div>
        <div className="filter-bar__submit">
          <Link className="button button--secondary" to={`/hr/report/questions?fy=${report.fiscalYear}`}>問題の統計（識別力）</Link>
          <a className="button button--secondary" href={`/hr/report/export.xlsx?fy=${report.fiscalYear}`} download>Excel（全表）</a>
        </div>
      </Form>
      {canEdit ? <p className="no-print"><Link to="/report-settings">宛先・発信者を変更する</Link></p> : null}

      <header className="report-header">
        <p className="report-header__date">{formatWareki(report.asOf)}</p>
        <p className="report-header__to">{header.addressee}</p>
        <p className="report-header__from">{header.issuer}</p>
        <h1>{reportSubject(report.fiscalYear)}</h1>
        <p className="report-header__meta">
          {formatWareki(report.asOf)}現在（集計 {formatJapanDateTime(report.computedAt)}）・在職者のみ・所属は現在の所属
          <a className="no-print report-header__refresh" href={`/hr/report?fy=${report.fiscalYear}&refresh=1`}>最新の状態で集計し直す</a>
        </p>
      </header>

      <section aria-labelledby="summary-heading" className="report-section report-summary">
        <h2 id="summary-heading">概要</h2>
        {summarySentences(report).map((sentence) => <p key={sentence}>{sentence}</p>)}
        <RateExplanation />
      </section>

      <section aria-labelledby="compare-heading" className="report-section">
        <h2 id="compare-heading">組織別の修了率（{previousYear}との比較）</h2>
        <p className="report-note">グラフの「人」は{RATE_LABELS.people}、「件」は{RATE_LABELS.assignments}。濃い棒が{year}、薄い棒が{previousYear}です。</p>
        <div className="organisation-charts">
          {report.organisations.map((organisation) => {
            const now = reportRates(organisation.total);
            const before = reportRates(previousById.get(organisation.id));
            return (
              <figure key={organisation.id} className="organisation-chart">
                <figcaption>{organisation.name}</figcaption>
                <OrganisationRateChart
                  id={`org-chart-${organisation.id}`}
                  title={`${organisation.name}の修了率（${year}と${previousYear}）`}
                  bars={[
                    { label: `人 ${year}`, name: `${RATE_LABELS.people} ${year}`, tenths: now.people.tenths },
                    { label: `人 ${previousYear}`, name: `${RATE_LABELS.people} ${previousYear}`, tenths: report.previous ? before.people.tenths : null, previous: true },
                    { label: `件 ${year}`, name: `${RATE_LABELS.assignments} ${year}`, tenths: now.assignments.tenths },
                    { label: `件 ${previousYear}`, name: `${RATE_LABELS.assignments} ${previousYear}`, tenths: report.previous ? before.assignments.tenths : null, previous: true },
                  ]}
                />
              </figure>
            );
          })}
        </div>
        <div className="table-wrap">
          <table className="report-table report-table--compare">
            <caption>組織別の修了率：{year}と{previousYear}（グラフと同じ数値）</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>組織</th>
                <th scope="colgroup" colSpan={3}>{RATE_LABELS.people}</th>
                <th scope="colgroup" colSpan={3}>{RATE_LABELS.assignments}</th>
              </tr>
              <tr>
                <th scope="col">{year}</th><th scope="col">{previousYear}</th><th scope="col">差（ポイント）</th>
                <th scope="col">{year}</th><th scope="col">{previousYear}</th><th scope="col">差（ポイント）</th>
              </tr>
            </thead>
            <tbody>
              {[...report.organisations.map((organisation) => ({ key: String(organisation.id), name: organisation.name, now: organisation.total, before: previousById.get(organisation.id) })),
                { key: "total", name: "合計", now: report.total, before: report.previous?.total }].map((row) => {
                const now = reportRates(row.now);
                const before = row.before ? reportRates(row.before) : null;
                return (
                  <tr key={row.key}>
                    <th scope="row">{row.name}</th>
                    <td className="numeric">{formatRatio(now.people)}</td>
                    <td className="numeric">{formatRatio(before?.people)}</td>
                    <td className="numeric">{pointDifference(now.people.tenths, before?.people.tenths ?? null) ?? "—"}</td>
                    <td className="numeric">{formatRatio(now.assignments)}</td>
                    <td className="numeric">{formatRatio(before?.assignments)}</td>
                    <td className="numeric">{pointDifference(now.assignments.tenths, before?.assignments.tenths ?? null) ?? "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="org-heading" className="report-section report-section--new-page">
        <h2 id="org-heading">組織（基本方針 4(1)）・区分別の受講状況</h2>
        <div className="table-wrap">
          <table className="report-table">
            <caption className="visually-hidden">組織・区分別の対象者の修了率（人）と研修ごとの完了率（件）</caption>
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
          各欄の「人」は対象者の修了率（人）＝修了者÷対象者、「件」は研修ごとの完了率（件）＝完了件数÷対象件数（ダッシュボードと同じ）。
          対象者：その年度に免除でない研修が1つ以上ある在職者。修了者：対象者のうち、その年度の研修（免除を除く）をすべて修了した人。
          期限超過：期限を過ぎて未修了の研修がある人。免除：免除された研修がある人。所属は現在の所属で数えます。
        </p>
      </section>

      <section aria-labelledby="question-heading" className="report-section report-section--new-page">
        <h2 id="question-heading">確認テストの問題別正答率</h2>
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
                        const shown = formatShare(question.correct, question.answered);
                        return (
                          <tr key={question.id} className={share !== null && share < 0.7 ? "is-weak" : undefined}>
                            <th scope="row" className="question-table__prompt">{question.prompt.length > 70 ? `${question.prompt.slice(0, 68)}…` : question.prompt}</th>
                            <td className="numeric">
                              <span className="meter" aria-hidden="true"><span style={{ width: `${Math.round((share ?? 0) * 100)}%` }} /></span>
                              {shown}
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
