import type { Db } from "~/db/client.server";
import { KIND_LABELS } from "./compose";
import type { ReminderKind } from "./planner";

export type ReminderHistoryEntry = {
  runDate: string;
  kind: ReminderKind;
  kindLabel: string;
  /** Who was told: the employee or their manager. */
  audience: "self" | "manager";
  recipientName: string | null;
  /** sent | queued | sending | failed | not_sent (no usable address) */
  status: "sent" | "queued" | "sending" | "failed" | "not_sent";
  statusLabel: string;
  sentAt: number | null;
  error: string | null;
  modules: { assignmentId: number; moduleId: string; title: string; fiscalYear: number; dueDate: string; slotDate: string }[];
};

type Row = {
  kind: ReminderKind;
  slotDate: string;
  runDate: string;
  channel: string;
  note: string | null;
  recipientName: string | null;
  assignmentId: number;
  moduleId: string;
  title: string;
  fiscalYear: number;
  dueDate: string;
  outboxId: number | null;
  outboxStatus: string | null;
  sentAt: number | null;
  lastError: string | null;
};

const STATUS_LABELS = { sent: "送信済み", queued: "送信待ち", sending: "送信中", failed: "送信失敗", not_sent: "未送信" } as const;

/**
 * Every reminder about one employee, newest first, for the transcript: their own reminders and
 * the manager digests that listed them, grouped per message (run date × kind), with delivery
 * status. (HR's organisation-wide weekly digest is recorded per HR recipient, not per person.)
 */
export function listRemindersForEmployee(db: Db, employeeId: number): ReminderHistoryEntry[] {
  const rows = db.$client
    .prepare(
      `SELECT r.kind, r.slot_date AS slotDate, r.run_date AS runDate, r.channel, r.note, re.name AS recipientName,
         r.assignment_id AS assignmentId, a.module_id AS moduleId, m.title, a.fiscal_year AS fiscalYear, a.due_date AS dueDate,
         o.id AS outboxId, o.status AS outboxStatus, o.sent_at AS sentAt, o.last_error AS lastError
       FROM reminders r
       JOIN assignments a ON a.id = r.assignment_id
       JOIN training_modules m ON m.id = a.module_id
       LEFT JOIN employees re ON re.id = r.recipient_employee_id
       LEFT JOIN outbox o ON o.id = r.outbox_id
       WHERE r.assignment_id IN (SELECT id FROM assignments WHERE employee_id = ?) AND r.employee_id = ?
       ORDER BY r.run_date DESC, r.id`,
    )
    .all(employeeId, employeeId) as Row[];
  const entries = new Map<string, ReminderHistoryEntry>();
  for (const row of rows) {
    const key = `${row.runDate}|${row.kind}|${row.outboxId ?? "none"}`;
    let entry = entries.get(key);
    if (!entry) {
      const status: ReminderHistoryEntry["status"] =
        row.channel === "none" ? "not_sent" : row.outboxStatus === "sent" || row.outboxStatus === "failed" || row.outboxStatus === "sending" ? row.outboxStatus : "queued";
      const why = row.note === "no_email" ? "メールアドレス未登録" : row.note === "invalid_email" ? "メールアドレスが不正" : null;
      entry = {
        runDate: row.runDate,
        kind: row.kind,
        kindLabel: KIND_LABELS[row.kind] ?? row.kind,
        audience: row.kind === "escalation_manager" ? "manager" : "self",
        recipientName: row.recipientName,
        status,
        statusLabel: why ? `${STATUS_LABELS[status]}（${why}）` : STATUS_LABELS[status],
        sentAt: row.sentAt,
        error: status === "failed" ? row.lastError : null,
        modules: [],
      };
      entries.set(key, entry);
    }
    entry.modules.push({ assignmentId: row.assignmentId, moduleId: row.moduleId, title: row.title, fiscalYear: row.fiscalYear, dueDate: row.dueDate, slotDate: row.slotDate });
  }
  // Newest first; on one date the employee's own reminder before the manager's digest.
  return [...entries.values()].sort((a, b) => b.runDate.localeCompare(a.runDate) || (a.audience === b.audience ? 0 : a.audience === "self" ? -1 : 1));
}
