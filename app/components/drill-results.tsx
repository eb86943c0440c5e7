import { formatMinutes, formatRate, type ResultRow } from "~/domain/drills/results";

type Results = { total: ResultRow; organisations: ResultRow[]; departments: ResultRow[] };

function Table({ caption, rows, firstColumn }: { caption: string; rows: ResultRow[]; firstColumn: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th><th scope="col">送信</th><th scope="col">リンクを開いた</th><th scope="col">入力した</th>
            <th scope="col">報告した</th><th scope="col">報告までの時間（中央値）</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              <td>{row.sent}</td>
              <td>{row.clicked}（{formatRate(row.clickedRate)}）</td>
              <td>{row.entered}（{formatRate(row.enteredRate)}）</td>
              <td>{row.reported}（{formatRate(row.reportedRate)}）</td>
              <td>{formatMinutes(row.medianReportMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Totals, per organisation and per department (the department at sending). Never names people. */
export function DrillResultTables({ results, showOrganisations }: { results: Results; showOrganisations: boolean }) {
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">結果</h2>
      <ul className="summary-tiles" aria-label="訓練の結果（合計）">
        <li><span>送信済み</span><strong>{results.total.sent}</strong></li>
        <li><span>リンクを開いた</span><strong>{formatRate(results.total.clickedRate)}</strong></li>
        <li><span>情報を入力した</span><strong>{formatRate(results.total.enteredRate)}</strong></li>
        <li><span>報告した</span><strong>{formatRate(results.total.reportedRate)}</strong></li>
        <li><span>報告までの時間（中央値）</span><strong>{formatMinutes(results.total.medianReportMinutes)}</strong></li>
      </ul>
      <p className="muted small">割合は送信済みのメールに対する割合です。所属は送信時点の所属です。</p>
      {showOrganisations ? <Table caption="組織ごと" rows={results.organisations} firstColumn="組織" /> : null}
      <Table caption="所属ごと" rows={results.departments} firstColumn="所属" />
    </section>
  );
}
