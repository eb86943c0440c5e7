// Changes to an existing assignment: extension (new due date), exemption, reinstatement.
// Shared by managers (/team) and HR (/hr/assignments/:id).
//
// NOTE: these functions do NOT authorise. The caller must first scope the assignment to the
// person acting (requireTeamAssignment for a manager, requireRole("hr") for HR).
import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { assignmentEvents, assignments } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { isIsoDate, japanDate } from "../time";
import { checkFutureDueDate, REASON_MAX_LENGTH, type AssignmentEventKind } from "./changes";

export { checkFutureDueDate, EVENT_KIND_LABELS, REASON_MAX_LENGTH } from "./changes";

export type ChangeField = "reason" | "newDueDate" | "form";
export type ChangeResult =
  | { ok: true; eventId: number }
  | { ok: false; status: 400 | 404 | 409; errors: Partial<Record<ChangeField, string>> };

export const ReasonSchema = z
  .string({ error: "理由を入力してください。" })
  .trim()
  .min(1, "理由を入力してください。")
  .max(REASON_MAX_LENGTH, `理由は${REASON_MAX_LENGTH}文字以内で入力してください。`);

/** A calendar date YYYY-MM-DD that exists (no 2月30日). */
export const IsoDateSchema = z
  .string({ error: "日付を入力してください。" })
  .trim()
  .min(1, "日付を入力してください。")
  .refine((value) => isIsoDate(value), "日付は「2026-12-28」の形式の実在する日付で入力してください。");

function fieldErrors(error: z.ZodError, map: Record<string, ChangeField>): Partial<Record<ChangeField, string>> {
  const errors: Partial<Record<ChangeField, string>> = {};
  for (const issue of error.issues) {
    const field = map[String(issue.path[0])] ?? "form";
    errors[field] ??= issue.message;
  }
  return errors;
}

type Current = { id: number; employeeId: number; moduleId: string; fiscalYear: number; dueDate: string; completedAt: number | null; exemptedAt: number | null; closedAt: number | null };

function readCurrent(tx: Executor, assignmentId: number): Current | undefined {
  return tx
    .select({
      id: assignments.id,
      employeeId: assignments.employeeId,
      moduleId: assignments.moduleId,
      fiscalYear: assignments.fiscalYear,
      dueDate: assignments.dueDate,
      completedAt: assignments.completedAt,
      exemptedAt: assignments.exemptedAt,
      closedAt: assignments.closedAt,
    })
    .from(assignments)
    .where(eq(assignments.id, assignmentId))
    .get();
}

const missing: ChangeResult = { ok: false, status: 404, errors: { form: "指定された研修の割り当てがありません。" } };
const completedError: ChangeResult = { ok: false, status: 409, errors: { form: "修了済みの研修は変更できません。" } };
const closedError: ChangeResult = { ok: false, status: 409, errors: { form: "年度の締めで締め切られた研修は変更できません。" } };

function recordEvent(
  tx: Executor,
  current: Current,
  input: { kind: AssignmentEventKind; previousDueDate: string | null; newDueDate: string | null; reason: string; actorAccountId: number | null; ip?: string | null },
  now: number,
): number {
  const event = tx
    .insert(assignmentEvents)
    .values({
      assignmentId: current.id,
      kind: input.kind,
      previousDueDate: input.previousDueDate,
      newDueDate: input.newDueDate,
      reason: input.reason,
      actorAccountId: input.actorAccountId,
      at: now,
    })
    .returning({ id: assignmentEvents.id })
    .get();
  const action = { extension: "assignment.extended", exemption: "assignment.exempted", reinstatement: "assignment.reinstated", closure: "assignment.closed" }[input.kind];
  recordAudit(
    tx,
    {
      actorAccountId: input.actorAccountId,
      action,
      targetType: "assignment",
      targetId: current.id,
      details: {
        employeeId: current.employeeId,
        moduleId: current.moduleId,
        fiscalYear: current.fiscalYear,
        previousDueDate: input.previousDueDate,
        newDueDate: input.newDueDate,
        reason: input.reason,
      },
      ip: input.ip ?? null,
    },
    now,
  );
  return event.id;
}

const ExtendSchema = z.object({ newDueDate: IsoDateSchema, reason: ReasonSchema });

/**
 * 期限延長: move the due date later. The new date must be a real date after today and after the
 * current due date; completed and exempt assignments cannot be extended. Writes the assignment,
 * an assignment_events row and the audit entry in one transaction.
 */
export function extendAssignment(
  db: Db,
  input: { assignmentId: number; newDueDate: unknown; reason: unknown; actorAccountId: number | null; ip?: string | null },
  now = Date.now(),
): ChangeResult {
  const parsed = ExtendSchema.safeParse({ newDueDate: input.newDueDate, reason: input.reason });
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error, { newDueDate: "newDueDate", reason: "reason" }) };
  const { newDueDate, reason } = parsed.data;
  const today = japanDate(now);
  return db.transaction((tx): ChangeResult => {
    const current = readCurrent(tx, input.assignmentId);
    if (!current) return missing;
    if (current.completedAt !== null) return completedError;
    if (current.closedAt !== null) return closedError;
    if (current.exemptedAt !== null) return { ok: false, status: 409, errors: { form: "免除中の研修は延長できません。先に免除を取り消してください。" } };
    if (newDueDate <= current.dueDate) return { ok: false, status: 400, errors: { newDueDate: "新しい期限は現在の期限より後の日付にしてください。" } };
    const dateError = checkFutureDueDate(newDueDate, today);
    if (dateError) return { ok: false, status: 400, errors: { newDueDate: dateError } };
    tx.update(assignments).set({ dueDate: newDueDate }).where(eq(assignments.id, current.id)).run();
    const eventId = recordEvent(tx, current, { kind: "extension", previousDueDate: current.dueDate, newDueDate, reason, actorAccountId: input.actorAccountId, ip: input.ip }, now);
    return { ok: true, eventId };
  });
}

const ReasonOnlySchema = z.object({ reason: ReasonSchema });

/**
 * 免除 (長期休職, 育休 …): the assignment leaves the denominator of completion rates. Not for
 * completed or already exempt assignments.
 */
export function exemptAssignment(
  db: Db,
  input: { assignmentId: number; reason: unknown; actorAccountId: number | null; ip?: string | null },
  now = Date.now(),
): ChangeResult {
  const parsed = ReasonOnlySchema.safeParse({ reason: input.reason });
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error, { reason: "reason" }) };
  const { reason } = parsed.data;
  return db.transaction((tx): ChangeResult => {
    const current = readCurrent(tx, input.assignmentId);
    if (!current) return missing;
    if (current.completedAt !== null) return completedError;
    if (current.closedAt !== null) return closedError;
    if (current.exemptedAt !== null) return { ok: false, status: 409, errors: { form: "この研修はすでに免除されています。" } };
    tx.update(assignments).set({ exemptedAt: now, exemptionReason: reason }).where(eq(assignments.id, current.id)).run();
    const eventId = recordEvent(tx, current, { kind: "exemption", previousDueDate: current.dueDate, newDueDate: null, reason, actorAccountId: input.actorAccountId, ip: input.ip }, now);
    return { ok: true, eventId };
  });
}

const ReinstateSchema = z.object({
  reason: ReasonSchema,
  newDueDate: z.union([z.literal(""), IsoDateSchema]).optional(),
});

/**
 * 免除の取消: the assignment counts again. An optional new due date (after today) keeps a person
 * whose due date passed during the exemption from being overdue at once.
 */
export function reinstateAssignment(
  db: Db,
  input: { assignmentId: number; reason: unknown; newDueDate?: unknown; actorAccountId: number | null; ip?: string | null },
  now = Date.now(),
): ChangeResult {
  const parsed = ReinstateSchema.safeParse({ reason: input.reason, newDueDate: input.newDueDate ?? undefined });
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error, { newDueDate: "newDueDate", reason: "reason" }) };
  const reason = parsed.data.reason;
  const newDueDate = parsed.data.newDueDate ? parsed.data.newDueDate : null;
  const today = japanDate(now);
  if (newDueDate) {
    const dateError = checkFutureDueDate(newDueDate, today);
    if (dateError) return { ok: false, status: 400, errors: { newDueDate: dateError } };
  }
  return db.transaction((tx): ChangeResult => {
    const current = readCurrent(tx, input.assignmentId);
    if (!current) return missing;
    if (current.exemptedAt === null) return { ok: false, status: 409, errors: { form: "この研修は免除されていません。" } };
    tx.update(assignments)
      .set({ exemptedAt: null, exemptionReason: null, ...(newDueDate ? { dueDate: newDueDate } : {}) })
      .where(eq(assignments.id, current.id))
      .run();
    const eventId = recordEvent(
      tx,
      current,
      { kind: "reinstatement", previousDueDate: current.dueDate, newDueDate: newDueDate ?? current.dueDate, reason, actorAccountId: input.actorAccountId, ip: input.ip },
      now,
    );
    return { ok: true, eventId };
  });
}

export type AssignmentEventRow = {
  id: number;
  assignmentId: number;
  kind: AssignmentEventKind;
  previousDueDate: string | null;
  newDueDate: string | null;
  reason: string;
  at: number;
  actorEmployeeNo: string | null;
  actorName: string | null;
};

/**
 * The change history of some assignments, oldest first, with who made each change. Unscoped:
 * pass only assignment ids the caller has already scoped.
 */
export function listAssignmentEvents(db: Executor, assignmentIds: number[]): AssignmentEventRow[] {
  if (assignmentIds.length === 0) return [];
  return db
    .select({
      id: assignmentEvents.id,
      assignmentId: assignmentEvents.assignmentId,
      kind: assignmentEvents.kind,
      previousDueDate: assignmentEvents.previousDueDate,
      newDueDate: assignmentEvents.newDueDate,
      reason: assignmentEvents.reason,
      at: assignmentEvents.at,
      actorEmployeeNo: sql<string | null>`(SELECT e.employee_no FROM accounts ac JOIN employees e ON e.id = ac.employee_id WHERE ac.id = ${assignmentEvents.actorAccountId})`,
      actorName: sql<string | null>`(SELECT e.name FROM accounts ac JOIN employees e ON e.id = ac.employee_id WHERE ac.id = ${assignmentEvents.actorAccountId})`,
    })
    .from(assignmentEvents)
    .where(inArray(assignmentEvents.assignmentId, assignmentIds))
    .orderBy(asc(assignmentEvents.at), asc(assignmentEvents.id))
    .all()
    .map((row) => ({ ...row, kind: row.kind as AssignmentEventKind }));
}

export type AssignmentChangeRow = AssignmentEventRow & {
  employeeNo: string;
  employeeName: string;
  departmentName: string;
  moduleTitle: string;
  fiscalYear: number;
};

/**
 * Recent extensions, exemptions and reinstatements across the organisation, newest first: the HR
 * view of what managers (and HR) changed. Organisation-wide: callers must require hr/auditor.
 */
export function listRecentAssignmentChanges(db: Executor, options: { limit: number; offset?: number }): AssignmentChangeRow[] {
  return db
    .all<Omit<AssignmentChangeRow, "kind"> & { kind: string }>(sql`
      SELECT ev.id, ev.assignment_id AS assignmentId, ev.kind, ev.previous_due_date AS previousDueDate, ev.new_due_date AS newDueDate,
        ev.reason, ev.at, actor.employee_no AS actorEmployeeNo, actor.name AS actorName,
        e.employee_no AS employeeNo, e.name AS employeeName, d.name AS departmentName,
        coalesce(m.title, a.module_id) AS moduleTitle, a.fiscal_year AS fiscalYear
      FROM assignment_events ev
      JOIN assignments a ON a.id = ev.assignment_id
      JOIN employees e ON e.id = a.employee_id
      JOIN departments d ON d.id = e.department_id
      LEFT JOIN training_modules m ON m.id = a.module_id
      LEFT JOIN accounts ac ON ac.id = ev.actor_account_id
      LEFT JOIN employees actor ON actor.id = ac.employee_id
      -- A 年度's closure marks every open item at once: the /hr/years page lists those.
      WHERE ev.kind != 'closure'
      ORDER BY ev.at DESC, ev.id DESC
      LIMIT ${options.limit} OFFSET ${options.offset ?? 0}
    `)
    .map((row) => ({ ...row, kind: row.kind as AssignmentEventKind }));
}
