import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { isOutboxStatus, type OutboxStatus } from "./outbox-status";

export { isOutboxStatus, OUTBOX_STATUS_LABELS, OUTBOX_STATUSES, type OutboxStatus } from "./outbox-status";

export type OutboxRow = {
  id: number;
  runDate: string;
  employeeNo: string;
  recipientName: string;
  toAddress: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
  createdAt: number;
};

export function countOutboxByStatus(db: Db): Record<OutboxStatus, number> & { total: number } {
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0, total: 0 };
  const rows = db.$client.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status").all() as { status: string; n: number }[];
  for (const row of rows) {
    if (isOutboxStatus(row.status)) counts[row.status] = row.n;
    counts.total += row.n;
  }
  return counts;
}

const SELECT_ROW = `SELECT o.id, o.run_date AS runDate, e.employee_no AS employeeNo, e.name AS recipientName, o.to_address AS toAddress,
  o.subject, o.status, o.attempts, o.next_attempt_at AS nextAttemptAt, o.last_error AS lastError, o.sent_at AS sentAt, o.created_at AS createdAt
  FROM outbox o JOIN employees e ON e.id = o.recipient_employee_id`;

/** Newest first, one page at a time (the outbox grows by up to one message per person per day). */
export function listOutbox(db: Db, options: { status: OutboxStatus | null; page: number; pageSize: number }): { rows: OutboxRow[]; total: number } {
  const offset = Math.max(0, options.page - 1) * options.pageSize;
  if (options.status) {
    const rows = db.$client.prepare(`${SELECT_ROW} WHERE o.status = ? ORDER BY o.id DESC LIMIT ? OFFSET ?`).all(options.status, options.pageSize, offset) as OutboxRow[];
    const total = (db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE status = ?").get(options.status) as { n: number }).n;
    return { rows, total };
  }
  const rows = db.$client.prepare(`${SELECT_ROW} ORDER BY o.id DESC LIMIT ? OFFSET ?`).all(options.pageSize, offset) as OutboxRow[];
  const total = (db.$client.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n;
  return { rows, total };
}

export type OutboxMessage = OutboxRow & { messageId: string; bodyText: string; smtpResponse: string | null };

/** A drill mail is shown without its link token (an admin opening the link would count as a click). */
export function getOutboxMessage(db: Db, id: number): OutboxMessage | null {
  const row = db.$client
    .prepare(`${SELECT_ROW.replace("SELECT o.id,", "SELECT o.id, o.message_id AS messageId, coalesce(o.redacted_body_text, o.body_text) AS bodyText, o.smtp_response AS smtpResponse,")} WHERE o.id = ?`)
    .get(id) as OutboxMessage | undefined;
  return row ?? null;
}

/**
 * An admin asks to send a failed (or waiting) message again now. The message keeps its
 * Message-ID. Audited in the same transaction.
 */
export function retryOutboxMessage(db: Db, id: number, actor: { accountId: number; ip: string | null }, now = Date.now()): boolean {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const changed = sqlite
      .prepare("UPDATE outbox SET status = 'queued', next_attempt_at = ?, updated_at = ? WHERE id = ? AND status IN ('failed', 'queued')")
      .run(now, now, id).changes;
    if (changed === 0) return false;
    recordAudit(db, { actorAccountId: actor.accountId, action: "outbox.retry", targetType: "outbox", targetId: id, ip: actor.ip }, now);
    return true;
  })();
}
