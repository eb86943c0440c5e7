import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { CLOSED_LABEL, STATUS_LABELS } from "~/domain/assignments/status";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { csvDateTime, csvResponse } from "~/domain/csv.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { getTranscript } from "~/domain/reports/transcript.server";

const EVENT_LABELS: Record<string, string> = { extension: "期限延長", exemption: "免除", reinstatement: "免除の取消", closure: "年度の締め" };

/** One employee's transcript as CSV: a row per assignment, every 年度. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const employeeNo = params.employeeNo ?? "";
  const transcript = /^[A-Za-z0-9_-]{1,32}$/.test(employeeNo) ? getTranscript(getDb(), employeeNo, today()) : null;
  if (!transcript) throw new Response("この職員番号の職員はいません。", { status: 404 });
  auditExport(getDb(), { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.transcript", details: { employeeNo: transcript.employee.employeeNo } }, now());
  const time = csvDateTime;
  const rows = transcript.years.flatMap((year) =>
    year.assignments.map((assignment) => {
      const submitted = assignment.attempts.filter((attempt) => attempt.submittedAt !== null);
      const latest = assignment.completions[assignment.completions.length - 1];
      return [
        transcript.employee.employeeNo, transcript.employee.name, year.fiscalYear, assignment.moduleTitle,
        assignment.closedAt !== null && assignment.status !== "completed" && assignment.status !== "exempt" ? CLOSED_LABEL : STATUS_LABELS[assignment.status],
        assignment.dueDate, time(assignment.startedAt), time(assignment.readAt), time(assignment.completedAt), assignment.completedVersion,
        latest?.verificationCode ?? "", submitted.length, submitted.length === 0 ? "" : Math.max(...submitted.map((attempt) => attempt.scorePercent ?? 0)),
        assignment.acknowledgements.map((item) => time(item.acknowledgedAt)).join(" / "),
        assignment.events.map((event) => `${EVENT_LABELS[event.kind] ?? event.kind}${event.newDueDate ? `(${event.previousDueDate ?? ""}→${event.newDueDate})` : ""}：${event.reason}`).join(" / "),
      ];
    }),
  );
  return csvResponse(
    `受講記録_${transcript.employee.employeeNo}.csv`,
    ["職員番号", "氏名", "年度", "モジュール", "状況", "期限", "着手日時", "読了日時", "修了日時", "修了した版", "修了証の検証コード", "受験回数", "最高点", "誓約日時", "延長・免除"],
    rows,
  );
}

export const action = refuseHrPost;
