// The yearly report to the 情報セキュリティ委員会, as one A4 document. Presentational: the page and
// the evidence pack (report.html) render the same component.
import type { CommitteeReport, YearFigures } from "~/domain/self-inspection/committee-report.server";
import { formatShare } from "~/components/reports/format";
import { formatFiscalYear, formatWareki } from "~/domain/time";

type Props = { report: CommitteeReport; addressee: string; sender: string; cityName: string };

const percent = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${value.toFixed(1)}%`);

function YearHeads({ report }: { report: CommitteeReport }) {
  return (
    <>
      <th scope="col" className="numeric">{formatFiscalYear(report.current.fiscalYear)}</th>
      <th scope="col" className="numeric">{formatFiscalYear(report.previous.fiscalYear)}（前年度）</th>
    </>
  );
}

function trainingRow(year: YearFigures, organisationId: number | null) {
  const counts = organisationId === null ? year.training.total : year.training.organisations.find((organisation) => organisation.id === organisationId)?.total;
  return counts ? `${counts.completed}/${counts.people}人（${formatShare(counts.completed, counts.people)}）` : "—";
}

function categoryRow(year: YearFigures, categoryName: string) {
  const category = year.training.categories.find((candidate) => candidate.name === categoryName);
  const counts = category ? year.training.byCategory[category.id] : undefined;
  return counts && counts.people > 0 ? `${counts.completed}/${counts.people}人（${formatShare(counts.completed, counts.people)}）` : "—";
}

/** The report's opening paragraph, as one string (JSX would put spaces between its parts). */
function summarySentence(report: CommitteeReport, cityName: string): string {
  const { current } = report;
  const total = current.training.total;
  const rollup = current.inspection?.rollup;
  const open = rollup?.actions.filter((action) => action.closedAt === null).length ?? 0;
  return [
    `${cityName ? `${cityName}情報セキュリティ基本方針` : "情報セキュリティ基本方針"}の 6(5)（人的セキュリティ）及び 7（情報セキュリティ監査及び自己点検の実施）に基づき、`,
    `${formatFiscalYear(current.fiscalYear)}の実施状況を次のとおり報告します（${formatWareki(report.asOf)}現在）。`,
    `研修の対象者${total.people}人のうち${total.completed}人（${formatShare(total.completed, total.people)}）が全研修を修了しました。`,
    rollup
      ? `自己点検は${rollup.departments}所属のうち${rollup.submitted}所属（${percent(rollup.submittedPercent)}）が提出し、未完了の改善予定は${open}件です。`
      : "自己点検はまだ実施していません。",
  ].join("");
}

export function CommitteeReportDocument({ report, addressee, sender, cityName }: Props) {
  const { current, previous } = report;
  const organisations = current.training.organisations.map((organisation) => ({ id: organisation.id, name: organisation.name }));
  const categoryNames = [...new Set([...current.training.categories, ...previous.training.categories].map((category) => category.name))];
  const sections = [...new Set([...(current.inspection?.rollup.sections ?? []), ...(previous.inspection?.rollup.sections ?? [])].map((section) => section.section))];
  const openActions = current.inspection?.rollup.actions.filter((action) => action.closedAt === null) ?? [];
  const previousOpen = previous.inspection?.rollup.actions.filter((action) => action.closedAt === null) ?? [];
  return (
    <article className="committee-report">
      <p className="report-meta">{formatWareki(report.asOf)}</p>
      <p className="report-meta report-meta--to">{addressee} 様</p>
      <p className="report-meta report-meta--from">{sender}</p>
      <h1>{formatFiscalYear(current.fiscalYear)} 情報セキュリティ研修及び自己点検の実施状況について（報告）</h1>
      <p>{summarySentence(report, cityName)}</p>

      <section aria-labelledby="committee-training">
        <h2 id="committee-training">1 研修の修了状況（組織別・人）</h2>
        <p className="small">修了者数/対象者数。対象者は年度内に免除でない研修の割り当てがある在職者、修了者はそのすべてを修了した人です。</p>
        <table>
          <thead><tr><th scope="col">組織</th><YearHeads report={report} /></tr></thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr key={organisation.id}><th scope="row">{organisation.name}</th><td className="numeric">{trainingRow(current, organisation.id)}</td><td className="numeric">{trainingRow(previous, organisation.id)}</td></tr>
            ))}
            <tr><th scope="row">合計</th><td className="numeric">{trainingRow(current, null)}</td><td className="numeric">{trainingRow(previous, null)}</td></tr>
          </tbody>
        </table>
        <h3>職員区分別</h3>
        <table>
          <thead><tr><th scope="col">区分</th><YearHeads report={report} /></tr></thead>
          <tbody>
            {categoryNames.map((name) => (
              <tr key={name}><th scope="row">{name}</th><td className="numeric">{categoryRow(current, name)}</td><td className="numeric">{categoryRow(previous, name)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="committee-pledge">
        <h2 id="committee-pledge">2 情報セキュリティ基本方針の誓約</h2>
        <table>
          <thead><tr><th scope="col">組織</th><YearHeads report={report} /></tr></thead>
          <tbody>
            {current.acknowledgements.organisations.map((organisation) => {
              const before = previous.acknowledgements.organisations.find((candidate) => candidate.id === organisation.id)?.counts;
              return (
                <tr key={organisation.id}>
                  <th scope="row">{organisation.name}</th>
                  <td className="numeric">{organisation.counts.acknowledged}/{organisation.counts.assigned}人（{percent(organisation.counts.percent)}）</td>
                  <td className="numeric">{before ? `${before.acknowledged}/${before.assigned}人（${percent(before.percent)}）` : "—"}</td>
                </tr>
              );
            })}
            <tr>
              <th scope="row">合計</th>
              <td className="numeric">{current.acknowledgements.total.acknowledged}/{current.acknowledgements.total.assigned}人（{percent(current.acknowledgements.total.percent)}）</td>
              <td className="numeric">{previous.acknowledgements.total.acknowledged}/{previous.acknowledgements.total.assigned}人（{percent(previous.acknowledgements.total.percent)}）</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="committee-inspection">
        <h2 id="committee-inspection">3 自己点検の結果</h2>
        <table>
          <thead><tr><th scope="col">項目</th><YearHeads report={report} /></tr></thead>
          <tbody>
            <tr>
              <th scope="row">提出した所属</th>
              {[current, previous].map((year) => (
                <td key={year.fiscalYear} className="numeric">{year.inspection ? `${year.inspection.rollup.submitted}/${year.inspection.rollup.departments}所属（${percent(year.inspection.rollup.submittedPercent)}）` : "実施なし"}</td>
              ))}
            </tr>
            {sections.map((section) => (
              <tr key={section}>
                <th scope="row">基本方針 {section}「いいえ」の割合</th>
                {[current, previous].map((year) => {
                  const counts = year.inspection?.rollup.sections.find((candidate) => candidate.section === section);
                  return <td key={year.fiscalYear} className="numeric">{counts ? `${percent(counts.noPercent)}（${counts.no}/${counts.yes + counts.no}）` : "—"}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small">「いいえ」の割合は、提出済みの回答のうち「いいえ」÷（「はい」＋「いいえ」）です。該当なしは除きます。</p>
      </section>

      <section aria-labelledby="committee-actions">
        <h2 id="committee-actions">4 未完了の改善予定</h2>
        {openActions.length + previousOpen.length === 0 ? (
          <p>未完了の改善予定はありません。</p>
        ) : (
          <table>
            <thead><tr><th scope="col">年度</th><th scope="col">所属</th><th scope="col">項目</th><th scope="col">改善予定</th><th scope="col">予定日</th></tr></thead>
            <tbody>
              {[...openActions.map((action) => ({ action, year: current.fiscalYear })), ...previousOpen.map((action) => ({ action, year: previous.fiscalYear }))].map(({ action, year }) => (
                <tr key={`${year}-${action.responseId}-${action.itemId}`}>
                  <td className="nowrap">{formatFiscalYear(year)}</td>
                  <td>{action.departmentName}</td>
                  <td>{action.text}（基本方針 {action.section}）</td>
                  <td className="prewrap">{action.plan}</td>
                  <td className="nowrap">{formatWareki(action.due)}{action.late ? "（期日超過）" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
