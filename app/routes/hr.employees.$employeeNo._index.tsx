import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ReminderHistory } from "~/components/reminder-history";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db/client.server";
import { canWriteHr, refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { listRemindersForEmployee } from "~/domain/reminders/history.server";
import { getTranscript } from "~/domain/reports/transcript.server";
import { formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.transcript.employee.name ?? "職員"}の受講記録｜まもり` }];

const EMPLOYEE_NO = /^[A-Za-z0-9_-]{1,32}$/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const employeeNo = params.employeeNo ?? "";
  if (!EMPLOYEE_NO.test(employeeNo)) throw new Response("職員番号が正しくありません。", { status: 404 });
  const transcript = getTranscript(getDb(), employeeNo, today());
  if (!transcript) throw new Response("この職員番号の職員はいません。", { status: 404 });
  return { transcript, canWrite: canWriteHr(user), reminders: listRemindersForEmployee(getDb(), transcript.employee.id) };
}

export const action = refuseHrPost;

const SOURCE_LABELS: Record<string, string> = { rule: "年度研修", refresher: "所属長からの再受講", hr: "人事からの指定", remedial: "補習" };
const EVENT_LABELS: Record<string, string> = { extension: "期限延長", exemption: "免除", reinstatement: "免除の取消", closure: "年度の締め" };

export default function Transcript() {
  const { transcript, canWrite, reminders } = useLoaderData<typeof loader>();
  const { employee } = transcript;
  const base = `/hr/employees/${encodeURIComponent(employee.employeeNo)}`;
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/hr">人事ダッシュボード</Link> ／ <Link to="/hr/people">職員一覧</Link> ／ 受講記録
      </nav>
      <div className="section-head">
        <h1>{employee.name} さんの受講記録</h1>
        <a className="button button--secondary button--quiet" href={`${base}/export.csv`} download>CSV をダウンロード</a>
      </div>

      <section aria-labelledby="person-heading" className="card">
        <h2 id="person-heading" className="visually-hidden">職員情報</h2>
        <dl className="facts">
          <div><dt>職員番号</dt><dd>{employee.employeeNo}</dd></div>
          <div><dt>氏名</dt><dd>{employee.name}（{employee.nameKana}）</dd></div>
          <div><dt>区分</dt><dd>{employee.categoryName}</dd></div>
          <div><dt>役割</dt><dd>{employee.roleTier}</dd></div>
          <div><dt>現在の所属</dt><dd>{employee.departmentLabel}</dd></div>
          <div><dt>採用日</dt><dd>{employee.hireDate ? formatWareki(employee.hireDate) : "—"}</dd></div>
          <div><dt>在職</dt><dd>{employee.active ? "在職" : `退職${employee.endDate ? `（${formatWareki(employee.endDate)}）` : ""}`}</dd></div>
          {employee.email ? <div><dt>メール</dt><dd>{employee.email}</dd></div> : null}
        </dl>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">所属の履歴</h2>
        {transcript.departmentHistory.length === 0 ? (
          <p className="muted">記録はありません。</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">所属の履歴</caption>
              <thead><tr><th scope="col">所属</th><th scope="col">期間</th></tr></thead>
              <tbody>
                {transcript.departmentHistory.map((item, index) => (
                  <tr key={index}>
                    <td>{item.departmentLabel}</td>
                    <td>{formatWareki(item.fromDate)} 〜 {item.toDate ? formatWareki(item.toDate) : "現在"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <h2>年度ごとの研修</h2>
      {transcript.years.length === 0 ? <p className="card">割り当てられた研修はありません。</p> : null}
      {transcript.years.map((year) => (
        <section key={year.fiscalYear} aria-labelledby={`year-${year.fiscalYear}`} className="transcript-year">
          <div className="section-head">
            <h3 id={`year-${year.fiscalYear}`}>
              {formatFiscalYear(year.fiscalYear)}
              <span className="muted">　完了 {year.completed} / 対象 {year.assigned}</span>
            </h3>
            {year.trackComplete ? (
              <Link className="button button--secondary button--quiet" to={`${base}/certificates/track/${year.fiscalYear}`}>
                {formatFiscalYear(year.fiscalYear)}の修了証
              </Link>
            ) : null}
          </div>
          <div className="table-wrap">
            <table className="transcript-table">
              <caption className="visually-hidden">{formatFiscalYear(year.fiscalYear)}の研修</caption>
              <thead>
                <tr>
                  <th scope="col">モジュール</th>
                  <th scope="col">状況</th>
                  <th scope="col">期限</th>
                  <th scope="col">修了</th>
                  <th scope="col">確認テスト・誓約</th>
                  <th scope="col">延長・免除</th>
                </tr>
              </thead>
              <tbody>
                {year.assignments.map((assignment) => (
                  <tr key={assignment.id}>
                    <th scope="row">
                      {assignment.moduleTitle}
                      <span className="list-table__note">{SOURCE_LABELS[assignment.source] ?? assignment.source}{assignment.reason ? `：${assignment.reason}` : ""}</span>
                    </th>
                    <td><StatusBadge status={assignment.status} closed={assignment.closedAt !== null} /></td>
                    <td className="nowrap">{formatWareki(assignment.dueDate)}</td>
                    <td>
                      {assignment.completedAt !== null ? (
                        <>
                          <span className="nowrap">{formatJapanDateTime(assignment.completedAt)}</span>
                          <span className="list-table__note">第{assignment.completedVersion}版</span>
                          {assignment.status === "completed" ? (
                            <Link to={`${base}/certificates/${assignment.id}`} className="list-table__note">修了証</Link>
                          ) : null}
                        </>
                      ) : assignment.completions.length > 0 ? (
                        <span className="list-table__note">過去の修了 {assignment.completions.length}件（新しい版で受け直し中）</span>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      {assignment.attempts.length === 0 && assignment.acknowledgements.length === 0 ? <span className="muted">—</span> : null}
                      {assignment.attempts.length > 0 ? (
                        <ol className="compact-list" aria-label="確認テストの受験">
                          {assignment.attempts.map((attempt) => (
                            <li key={attempt.id}>
                              {attempt.submittedAt === null
                                ? `受験中（${formatJapanDateTime(attempt.startedAt)}開始）`
                                : `${attempt.scorePercent ?? 0}点（${attempt.correctCount}/${attempt.questionCount}問）${attempt.passed ? "合格" : "不合格"}・${formatJapanDateTime(attempt.submittedAt)}`}
                            </li>
                          ))}
                        </ol>
                      ) : null}
                      {assignment.acknowledgements.map((acknowledgement, index) => (
                        <p key={index} className="list-table__note">
                          誓約 {formatJapanDateTime(acknowledgement.acknowledgedAt)}（第{acknowledgement.moduleVersion}版、本文ハッシュ {acknowledgement.textHash.slice(0, 12)}…）
                        </p>
                      ))}
                    </td>
                    <td>
                      {assignment.events.length === 0 ? <span className="muted">—</span> : (
                        <ul className="compact-list">
                          {assignment.events.map((event) => (
                            <li key={event.id}>
                              <strong>{EVENT_LABELS[event.kind] ?? event.kind}</strong>
                              {event.kind === "extension" && event.newDueDate ? `（${event.previousDueDate ? formatWareki(event.previousDueDate) : "—"} → ${formatWareki(event.newDueDate)}）` : ""}
                              ：{event.reason}
                              <span className="list-table__note">{formatJapanDateTime(event.at)}{event.actorName ? `・${event.actorName}` : ""}</span>
                            </li>
                          ))}
                        </ul>
                      )}
                      {canWrite ? <Link to={`/hr/assignments/${assignment.id}`} className="list-table__note">延長・免除</Link> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      <section aria-labelledby="reminders-heading">
        <h2 id="reminders-heading">送信したリマインダー</h2>
        <div data-section="reminders">
          <ReminderHistory entries={reminders} headingId="reminders-heading" />
        </div>
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
