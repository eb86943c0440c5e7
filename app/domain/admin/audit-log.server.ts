import { sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";

export type AuditRow = { id: number; at: number; actor: string | null; action: string; targetType: string | null; targetId: string | null; ip: string | null };

export function listRecentAudit(db: Db, limit: number): AuditRow[] {
  return db.all<AuditRow>(sql`
    SELECT l.id, l.at, e.employee_no AS actor, l.action, l.target_type AS targetType, l.target_id AS targetId, l.ip
    FROM audit_log l
    LEFT JOIN accounts a ON a.id = l.actor_account_id
    LEFT JOIN employees e ON e.id = a.employee_id
    ORDER BY l.id DESC
    LIMIT ${limit}
  `);
}
