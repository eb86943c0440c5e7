import type { ReactNode } from "react";
import { AssignmentChangeForms, type ChangeFeedback } from "~/components/assignment-change-forms";
import { StatusBadge } from "~/components/status-badge";
import { EVENT_KIND_LABELS, REASON_MAX_LENGTH, type AssignmentEventKind } from "~/domain/assignments/changes";
import { SOURCE_LABELS } from "~/domain/assignments/source";
import type { AssignmentStatus } from "~/domain/assignments/status";
import { formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

type Props = {
  member: { employeeNo: string; name: string };
  assignment: { id: number; title: string; fiscalYear: number; status: AssignmentStatus; dueDate: string; source: string; exemptionReason: string | null; completedAt: number | null; exemptedAt: number | null; closedAt: number | null };
  events: { id: number; at: number; kind: AssignmentEventKind; previousDueDate: string | null; newDueDate: string | null; reason: string; actorName: string | null }[];
  minDate: string;
  suggestedDueDate: string;
  feedback: ChangeFeedback | undefined;
  /** Shown instead of the forms when the signed-in person may not change this assignment. */
  blocked: ReactNode | null;
};

/** The extension / exemption page body, shared by a manager (/team/assignments/:id) and HR (/hr/assignments/:id). */
export function AssignmentChangePage({ member, assignment, events, minDate, suggestedDueDate, feedback, blocked }: Props) {
  return (
    <>
      <h1>期限延長・免除</h1>
      <dl className="facts card">
        <div><dt>職員</dt><dd>{member.name}（{member.employeeNo}）</dd></div>
        <div><dt>研修</dt><dd>{assignment.title}</dd></div>
        <div><dt>年度</dt><dd>{formatFiscalYear(assignment.fiscalYear)}</dd></div>
        <div><dt>状況</dt><dd><StatusBadge status={assignment.status} closed={assignment.closedAt !== null} /></dd></div>
        <div><dt>現在の期限</dt><dd>{formatWareki(assignment.dueDate)}</dd></div>
        <div><dt>種別</dt><dd>{SOURCE_LABELS[assignment.source] ?? assignment.source}</dd></div>
        {assignment.exemptionReason ? <div><dt>免除の理由</dt><dd className="prewrap">{assignment.exemptionReason}</dd></div> : null}
      </dl>
      {blocked ? (
        blocked
      ) : (
        <AssignmentChangeForms assignment={assignment} minDate={minDate} suggestedDueDate={suggestedDueDate} feedback={feedback} reasonMaxLength={REASON_MAX_LENGTH} />
      )}
      <h2 id="history-heading">この研修の変更履歴</h2>
      {events.length === 0 ? (
        <p className="muted">変更履歴はありません。</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="history-heading">
            <thead><tr><th scope="col">日時</th><th scope="col">変更</th><th scope="col">期限</th><th scope="col">理由</th><th scope="col">操作者</th></tr></thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{formatJapanDateTime(event.at)}</td>
                  <td>{EVENT_KIND_LABELS[event.kind]}</td>
                  <td>{event.previousDueDate ? formatWareki(event.previousDueDate) : "—"}{event.newDueDate && event.newDueDate !== event.previousDueDate ? ` → ${formatWareki(event.newDueDate)}` : ""}</td>
                  <td className="prewrap">{event.reason}</td>
                  <td>{event.actorName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
