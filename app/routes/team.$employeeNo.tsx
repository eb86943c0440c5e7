import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { SOURCE_LABELS } from "~/domain/assignments/source";
import { ReminderHistory } from "~/components/reminder-history";
import { getDb } from "~/db/client.server";
import { listRemindersForEmployee } from "~/domain/reminders/history.server";
import { EVENT_KIND_LABELS } from "~/domain/assignments/changes";
import { requireRole } from "~/domain/auth/session.server";
import { today } from "~/domain/clock.server";
import { getMemberTrainingRecord } from "~/domain/team/member.server";
import { requireTeamMember } from "~/domain/team/scope.server";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.member.name ?? "職員"}の研修記録｜まもり` }];

const ParamsSchema = z.object({ employeeNo: z.string().trim().min(1).max(32) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("指定された職員は見つかりません。", { status: 404 });
  const db = getDb();
  const member = requireTeamMember(db, user.employeeId, parsed.data.employeeNo);
  const date = today();
  const record = getMemberTrainingRecord(db, member.id, date);
  const reminders = listRemindersForEmployee(db, member.id);
  return {
    member: { employeeNo: member.employeeNo, name: member.name, departmentName: member.departmentName, categoryName: member.categoryName },
    isSelf: member.id === user.employeeId,
    fiscalYear: fiscalYearOf(date),
    record,
    reminders,
  };
}

const CHANGED_MESSAGES: Record<string, string> = {
  extension: "期限を延長しました。",
  exemption: "免除しました。",
  reinstatement: "免除を取り消しました。",
};

export default function TeamMember() {
  const { member, isSelf, fiscalYear, record, reminders } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const changed = CHANGED_MESSAGES[searchParams.get("changed") ?? ""];
  const current = record.assignments.filter((assignment) => assignment.fiscalYear === fiscalYear);
  const earlier = record.assignments.filter((assignment) => assignment.fiscalYear !== fiscalYear);
  return (
    <>
      <p className="breadcrumbs"><Link to="/team">所属の状況</Link> ＞ 研修記録</p>
      <h1>{member.name} さんの研修記録</h1>
      {changed ? <p className="notice notice--ok" role="status">{changed}</p> : null}
      <dl className="facts card">
        <div><dt>職員番号</dt><dd>{member.employeeNo}</dd></div>
        <div><dt>所属</dt><dd>{member.departmentName}</dd></div>
        <div><dt>区分</dt><dd>{member.categoryName}</dd></div>
      </dl>
      <div className="actions actions--top">
        <Link className="button" to={`/team/assign?employee=${encodeURIComponent(member.employeeNo)}`}>この職員に再受講を割り当てる</Link>
      </div>
      {isSelf ? <p className="notice">ご自身の研修の期限延長・免除は、人事担当に依頼してください。</p> : null}

      <h2 id="current-heading">{formatFiscalYear(fiscalYear)}の研修</h2>
      <AssignmentTable labelledBy="current-heading" assignments={current} canChange={!isSelf} />

      <h2 id="earlier-heading">過去の年度</h2>
      {earlier.length === 0 ? <p className="muted">過去の年度の記録はありません。</p> : <AssignmentTable labelledBy="earlier-heading" assignments={earlier} canChange={false} showYear />}

      <h2 id="attempts-heading">確認テストの受験記録</h2>
      {record.attempts.length === 0 ? (
        <p className="muted">受験記録はありません。</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="attempts-heading">
            <thead><tr><th scope="col">日時</th><th scope="col">研修</th><th scope="col">年度</th><th scope="col">得点</th><th scope="col">結果</th></tr></thead>
            <tbody>
              {record.attempts.map((attempt) => (
                <tr key={attempt.id}>
                  <td>{formatJapanDateTime(attempt.submittedAt)}</td>
                  <td>{attempt.title}（第{attempt.moduleVersion}版）</td>
                  <td>{formatFiscalYear(attempt.fiscalYear)}</td>
                  <td>{attempt.correctCount ?? "—"} / {attempt.questionCount}問（{attempt.scorePercent ?? 0}%）</td>
                  <td>{attempt.passed ? "合格" : "不合格"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="acks-heading">誓約の記録</h2>
      {record.acknowledgements.length === 0 ? (
        <p className="muted">誓約の記録はありません。</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="acks-heading">
            <thead><tr><th scope="col">日時</th><th scope="col">内容</th><th scope="col">本文の版</th><th scope="col">本文のハッシュ値（先頭）</th></tr></thead>
            <tbody>
              {record.acknowledgements.map((ack) => (
                <tr key={ack.id}>
                  <td>{formatJapanDateTime(ack.acknowledgedAt)}</td>
                  <td>{ack.title}</td>
                  <td>第{ack.moduleVersion}版</td>
                  <td><code>{ack.textHash.slice(0, 12)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="events-heading">期限延長・免除の履歴</h2>
      {record.events.length === 0 ? (
        <p className="muted">期限延長・免除の履歴はありません。</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="events-heading">
            <thead><tr><th scope="col">日時</th><th scope="col">研修</th><th scope="col">変更</th><th scope="col">理由</th><th scope="col">操作者</th></tr></thead>
            <tbody>
              {record.events.map((event) => (
                <tr key={event.id}>
                  <td>{formatJapanDateTime(event.at)}</td>
                  <td>{event.title}（{formatFiscalYear(event.fiscalYear)}）</td>
                  <td>
                    {EVENT_KIND_LABELS[event.kind]}
                    {event.kind === "extension" && event.previousDueDate && event.newDueDate ? (
                      <span className="team-table__sub">{formatWareki(event.previousDueDate)} → {formatWareki(event.newDueDate)}</span>
                    ) : null}
                    {event.kind === "reinstatement" && event.newDueDate && event.newDueDate !== event.previousDueDate ? (
                      <span className="team-table__sub">期限 {formatWareki(event.newDueDate)}</span>
                    ) : null}
                  </td>
                  <td className="prewrap">{event.reason}</td>
                  <td>{event.actorName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="reminders-heading" data-section="reminders">
        <h2 id="reminders-heading">リマインダー</h2>
        <ReminderHistory entries={reminders} headingId="reminders-heading" />
      </section>
    </>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["record"]["assignments"][number];

function AssignmentTable({ assignments, labelledBy, canChange, showYear = false }: { assignments: Row[]; labelledBy: string; canChange: boolean; showYear?: boolean }) {
  if (assignments.length === 0) return <p className="muted">割り当てられている研修はありません。</p>;
  return (
    <div className="table-wrap">
      <table className="record-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">研修</th>
            {showYear ? <th scope="col">年度</th> : null}
            <th scope="col">状況</th>
            <th scope="col">期限</th>
            <th scope="col">種別・理由</th>
            <th scope="col">修了・免除</th>
            {canChange ? <th scope="col"><span className="visually-hidden">操作</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {assignments.map((assignment) => (
            <tr key={assignment.id} id={`assignment-${assignment.id}`}>
              <th scope="row">{assignment.title}</th>
              {showYear ? <td className="nowrap">{formatFiscalYear(assignment.fiscalYear)}</td> : null}
              <td><StatusBadge status={assignment.status} closed={assignment.closedAt !== null} /></td>
              <td className="nowrap">{formatWareki(assignment.dueDate)}</td>
              <td>
                {SOURCE_LABELS[assignment.source] ?? assignment.source}
                {assignment.assignedBy ? <span className="team-table__sub">指示：{assignment.assignedBy}</span> : null}
                {assignment.reason ? <span className="team-table__sub prewrap">理由：{assignment.reason}</span> : null}
              </td>
              <td>
                {assignment.completedAt ? <>修了 {formatJapanDateTime(assignment.completedAt)}</> : null}
                {assignment.exemptedAt ? (
                  <>
                    免除 {formatJapanDateTime(assignment.exemptedAt)}
                    {assignment.exemptionReason ? <span className="team-table__sub prewrap">理由：{assignment.exemptionReason}</span> : null}
                  </>
                ) : null}
                {!assignment.completedAt && !assignment.exemptedAt ? <span className="muted">—</span> : null}
              </td>
              {canChange ? (
                <td>
                  {assignment.status === "completed" ? null : (
                    <Link to={`/team/assignments/${assignment.id}`}>
                      {assignment.status === "exempt" ? "免除を取り消す" : "延長・免除"}
                      <span className="visually-hidden">（{assignment.title}）</span>
                    </Link>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
