import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatCount, formatShare } from "~/components/reports/format";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { parseQuestionReportQuery } from "~/domain/reports/question-report-query.server";
import { getQuestionStatistics } from "~/domain/reports/question-stats-cache.server";
import { DISCRIMINATION_TOO_LOW, FACILITY_TOO_HIGH, FLAG_LABELS, MIN_ATTEMPTS_FOR_FLAGS, type QuestionStatistics } from "~/domain/reports/question-stats";
import { listFiscalYears } from "~/domain/reports/organisation.server";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? formatFiscalYear(data.fiscalYear) : ""} 問題の統計｜まもり` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const db = getDb();
  const url = new URL(request.url);
  const modules = getCatalog().modules;
  const { fiscalYear, moduleId } = parseQuestionReportQuery(url.searchParams, fiscalYearOf(date), modules);
  const report = await getQuestionStatistics(db, { fiscalYear, modules, refresh: url.searchParams.get("refresh") === "1" });
  return {
    fiscalYear,
    moduleId,
    computedAt: report.computedAt,
    modules: report.modules.filter((module) => moduleId === null || module.moduleId === moduleId),
    choices: report.modules.map((module) => ({ id: module.moduleId, title: module.title })),
    years: listFiscalYears(db, fiscalYearOf(date)),
  };
}

export const action = refuseHrPost;

const TYPE_LABELS: Record<QuestionStatistics["type"], string> = { single: "単一選択", multiple: "複数選択", truefalse: "正誤" };

function formatDiscrimination(value: number | null): string {
  return value === null ? "—" : value.toFixed(2);
}

function QuestionRow({ question }: { question: QuestionStatistics }) {
  const flagged = question.flags.length > 0;
  return (
    <tr className={flagged ? "is-flagged" : undefined}>
      <th scope="row" className="question-stats__prompt">
        <span className="muted">{question.id}（{TYPE_LABELS[question.type]}）</span>
        <span className="question-stats__text">{question.prompt}</span>
        <details className="disclosure">
          <summary>選択肢ごとの回答数</summary>
          <ul className="question-stats__options">
            {question.options.map((option, index) => (
              <li key={index}>
                {option.correct ? <strong>【正答】</strong> : null}
                {option.text}：{formatCount(option.chosen)}回（{formatShare(option.chosen, question.attempts)}）
              </li>
            ))}
          </ul>
        </details>
      </th>
      <td className="numeric">{formatCount(question.attempts)}</td>
      <td className="numeric">{formatShare(question.correct, question.attempts)}</td>
      <td className="numeric">{formatDiscrimination(question.discrimination)}</td>
      <td>{flagged ? question.flags.map((flag) => <span key={flag} className="question-stats__flag">{FLAG_LABELS[flag]}</span>) : question.attempts < MIN_ATTEMPTS_FOR_FLAGS ? <span className="muted">判定には受験が少ない</span> : "—"}</td>
    </tr>
  );
}

export default function QuestionStatisticsPage() {
  const { fiscalYear, moduleId, computedAt, modules, choices, years } = useLoaderData<typeof loader>();
  const flagged = modules.reduce((sum, module) => sum + module.questions.filter((question) => question.flags.length > 0).length, 0);
  const query = `fy=${fiscalYear}${moduleId ? `&module=${encodeURIComponent(moduleId)}` : ""}`;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={`/hr?fy=${fiscalYear}`}>人事ダッシュボード</Link> ／ <Link to={`/hr/report?fy=${fiscalYear}`}>研修実施状況報告</Link> ／ 問題の統計
      </nav>
      <h1>{formatFiscalYear(fiscalYear)} 確認テストの問題の統計</h1>
      <p className="lead">
        問題ごとの正答率と識別力です。見直しが必要そうな問題（易しすぎる、成績のよい受験者とそうでない受験者を区別できていない）に印を付けます。
        集計 {formatJapanDateTime(computedAt)}（10分ごとに更新）<a className="report-header__refresh" href={`/hr/report/questions?${query}&refresh=1`}>最新の状態で集計し直す</a>
      </p>
      <Form method="get" className="filter-bar" aria-label="年度とモジュールの選択">
        <div className="field">
          <label htmlFor="questions-fy">年度</label>
          <select id="questions-fy" name="fy" defaultValue={String(fiscalYear)}>
            {years.map((value) => <option key={value} value={value}>{formatFiscalYear(value)}（{value}）</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="questions-module">モジュール</label>
          <select id="questions-module" name="module" defaultValue={moduleId ?? ""}>
            <option value="">すべて</option>
            {choices.map((choice) => <option key={choice.id} value={choice.id}>{choice.title}</option>)}
          </select>
        </div>
        <div className="filter-bar__submit"><button type="submit" className="button">表示</button></div>
        <div className="filter-bar__submit">
          <a className="button button--secondary" href={`/hr/report/questions/export.csv?${query}`} download>CSV</a>
        </div>
      </Form>

      <section className="card" aria-labelledby="definitions-title">
        <h2 id="definitions-title">指標の定義</h2>
        <dl className="definitions">
          <dt>対象の受験</dt>
          <dd>この年度の割り当て（免除を除く、在職者のみ）で採点済みの受験のうち、現行版のモジュールのもの。改訂前の版の受験は問題が異なることがあるため別に数えます。</dd>
          <dt>出題数</dt>
          <dd>その問題が出題された受験の数（受験ごとに問題バンクから無作為に選ばれます）。</dd>
          <dt>正答率</dt>
          <dd>その問題が出題された受験のうち、正しく答えた割合（容易度）。</dd>
          <dt>識別力</dt>
          <dd>
            その問題の得点（正解 1・不正解 0）と、同じ受験の「残りの問題」の正答率との相関係数（点双列相関係数、−1〜1）。全受験について正確に計算します。
            値が大きいほど、全体の成績がよい受験ほどこの問題に正解していることを示します。0 に近いか負の値は、問題文があいまい、正答の設定誤り、または手がかりで答えが分かる可能性を示します。
            全員が正解した場合など、ばらつきがないときは算出できません（—）。
          </dd>
          <dt>要確認の印</dt>
          <dd>
            出題数が{MIN_ATTEMPTS_FOR_FLAGS}以上の問題で、正答率が{Math.round(FACILITY_TOO_HIGH * 100)}%を超えるもの（易しすぎる）、または識別力が{DISCRIMINATION_TOO_LOW}未満のもの（負の値を含む）。
            出題数が少ない問題は偶然の影響が大きいため印を付けません。
          </dd>
        </dl>
      </section>

      <p className={flagged > 0 ? "notice notice--warn" : "notice"} role="status">
        {flagged > 0 ? `要確認の問題が${flagged}問あります。` : "要確認の問題はありません。"}
      </p>

      {modules.map((module) => (
        <section key={module.moduleId} aria-labelledby={`module-${module.moduleId}`} className="question-stats">
          <h2 id={`module-${module.moduleId}`}>{module.title}</h2>
          <p className="muted">
            第{module.version}版・受験 {formatCount(module.attempts)}回・合格率 {formatShare(module.passed, module.attempts)}・平均点 {module.meanScore === null ? "—" : `${module.meanScore.toFixed(1)}点`}
            {module.otherVersionAttempts > 0 ? `（ほかに改訂前の版の受験 ${formatCount(module.otherVersionAttempts)}回）` : ""}
          </p>
          <div className="table-wrap">
            <table className="table--wide">
              <caption className="visually-hidden">{module.title}の問題ごとの統計</caption>
              <thead>
                <tr>
                  <th scope="col">問題</th>
                  <th scope="col">出題数</th>
                  <th scope="col">正答率</th>
                  <th scope="col">識別力</th>
                  <th scope="col">要確認</th>
                </tr>
              </thead>
              <tbody>
                {module.questions.map((question) => <QuestionRow key={question.id} question={question} />)}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
