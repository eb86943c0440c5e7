import type { Executor } from "~/db/client.server";
import { auditLog } from "~/db/schema";

export type AuditEntry = {
  actorAccountId: number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
  ip?: string | null;
};

/** Append to the audit log. Call inside the same transaction as the change it records. */
export function recordAudit(db: Executor, entry: AuditEntry, now = Date.now()): void {
  db.insert(auditLog)
    .values({
      at: now,
      actorAccountId: entry.actorAccountId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      details: entry.details ? JSON.stringify(entry.details) : null,
      ip: entry.ip ?? null,
    })
    .run();
}
