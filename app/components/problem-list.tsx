import type { RosterProblem } from "~/domain/roster/columns";

/** Row errors of a roster file, as an HR clerk needs them: line, column, reason. */
export function ProblemList({ problems, total }: { problems: RosterProblem[]; total: number }) {
  return (
    <section className="form-error" role="alert" aria-labelledby="problems-heading">
      <h2 id="problems-heading">ファイルに{total}件の誤りがあります。何も反映していません。</h2>
      <p>誤りを直してから、もう一度アップロードしてください。</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">誤りの一覧</caption>
          <thead>
            <tr><th scope="col">行</th><th scope="col">列</th><th scope="col">内容</th></tr>
          </thead>
          <tbody>
            {problems.map((problem, index) => (
              <tr key={`${problem.line}-${problem.column}-${index}`}>
                <td>{problem.line}行目</td><td>{problem.column ?? "—"}</td><td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > problems.length ? <p>ほか{total - problems.length}件（最初の{problems.length}件を表示しています）。</p> : null}
    </section>
  );
}
