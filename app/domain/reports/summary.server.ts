import { sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import type { AssignmentStatus } from "../assignments/status";

export type StatusCounts = Record<AssignmentStatus, number> & { total: number };

/**
 * Counts by status for one 年度, active employees only. Mirrors calculateStatus in SQL so that
 * the counting happens in the database.
 */
export function getStatusCounts(db: Db, fiscalYear: number, today: string): StatusCounts {
  const row = db.get<{ total: number; exempt: number; completed: number; overdue: number; in_progress: number; not_started: number }>(sql`
    SELECT
      count(*) AS total,
      coalesce(sum(a.exempted_at IS NOT NULL), 0) AS exempt,
      coalesce(sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL), 0) AS completed,
      coalesce(sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date < ${today}), 0) AS overdue,
      coalesce(sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date >= ${today}
        AND (a.started_at IS NOT NULL OR a.read_at IS NOT NULL)), 0) AS in_progress,
      coalesce(sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date >= ${today}
        AND a.started_at IS NULL AND a.read_at IS NULL), 0) AS not_started
    FROM assignments a
    JOIN employees e ON e.id = a.employee_id
    WHERE a.fiscal_year = ${fiscalYear} AND e.active = 1
  `);
  return row;
}
