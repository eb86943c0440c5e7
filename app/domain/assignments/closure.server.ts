// Closing a 年度 (年度の締め): at year end HR marks the year's unfinished assignments closed, so
// they leave /learn and the reminders. Nothing is deleted and nothing is completed: every count
// of that 年度 keeps them as not completed; lists label them 締切済（未修了）.
//
// NOTE: no authorisation here: the route requires the hr role.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { fiscalYearOf, formatFiscalYear, japanDate } from "../time";
import { ReasonSchema } from "./changes.server";

export type FiscalYearClosureRow = {
  fiscalYear: number;
  /** Open (not completed, not exempt, not closed) assignments of active and former staff. */
  open: number;
  closed: number;
  lastClosedAt: number | null;
};

/** Every 年度 before the current one that has assignments, newest first, with open and closed counts. */
export function listClosableFiscalYears(db: Executor, today: string): FiscalYearClosureRow[] {
  return db.all<FiscalYearClosureRow>(sql`
    SELECT fiscal_year AS fiscalYear,
      sum(completed_at IS NULL AND exempted_at IS NULL AND closed_at IS NULL) AS open,
      sum(closed_at IS NOT NULL) AS closed,
      max(closed_at) AS lastClosedAt
    FROM assignments
    WHERE fiscal_year < ${fiscalYearOf(today)}
    GROUP BY fiscal_year
    ORDER BY fiscal_year DESC
  `);
}

export type CloseResult = { ok: true; closed: number } | { ok: false; status: 400 | 409; errors: Partial<Record<"reason" | "form", string>> };

const InputSchema = z.object({ fiscalYear: z.number().int().min(2000).max(2200), reason: ReasonSchema });

/**
 * Close the open assignments of a past 年度: each gets `closed_at` and a `closure` event with
 * who, when and why; one audit entry records the whole operation. One transaction, set-based.
 * Only a 年度 that has ended may be closed: the current one is still being worked on.
 */
export function closeFiscalYear(
  db: Db,
  input: { fiscalYear: unknown; reason: unknown; actorAccountId: number; ip?: string | null },
  now = Date.now(),
): CloseResult {
  const parsed = InputSchema.safeParse({ fiscalYear: input.fiscalYear, reason: input.reason });
  if (!parsed.success) {
    const reason = parsed.error.issues.find((issue) => issue.path[0] === "reason");
    return { ok: false, status: 400, errors: reason ? { reason: reason.message } : { form: "年度の指定が正しくありません。" } };
  }
  const { fiscalYear, reason } = parsed.data;
  if (fiscalYear >= fiscalYearOf(japanDate(now))) {
    return { ok: false, status: 409, errors: { form: `${formatFiscalYear(fiscalYear)}はまだ終わっていないため締められません。` } };
  }
  return db.transaction((tx): CloseResult => {
    const open = sql`fiscal_year = ${fiscalYear} AND completed_at IS NULL AND exempted_at IS NULL AND closed_at IS NULL`;
    tx.run(sql`
      INSERT INTO assignment_events (assignment_id, kind, previous_due_date, new_due_date, reason, actor_account_id, at)
      SELECT id, 'closure', due_date, NULL, ${reason}, ${input.actorAccountId}, ${now} FROM assignments WHERE ${open}
    `);
    const closed = tx.run(sql`UPDATE assignments SET closed_at = ${now} WHERE ${open}`).changes;
    if (closed === 0) return { ok: false, status: 409, errors: { form: `${formatFiscalYear(fiscalYear)}に締める未修了の研修はありません。` } };
    recordAudit(
      tx,
      { actorAccountId: input.actorAccountId, action: "fiscal_year.closed", targetType: "fiscal_year", targetId: fiscalYear, details: { closed, reason }, ip: input.ip ?? null },
      now,
    );
    return { ok: true, closed };
  });
}
