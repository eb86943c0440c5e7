import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { assignmentEvents, assignments, completions, quizAttempts, trainingModules } from "~/db/schema";
import { recordRereadIfRequired } from "../quiz/attempt-policy.server";
import { fiscalYearOf } from "../time";
import { calculateStatus, type AssignmentStatus } from "./status";

export type LearnerAssignment = {
  id: number;
  moduleId: string;
  title: string;
  kind: string;
  fiscalYear: number;
  /** 1 = the 年度's assignment; 2 … = refreshers after it was done. */
  cycle: number;
  dueDate: string;
  source: string;
  reason: string | null;
  status: AssignmentStatus;
  completedAt: number | null;
  completedVersion: number | null;
  startedAt: number | null;
  readAt: number | null;
  /** HR closed the 年度 with this still open (締切済（未修了）): nothing more can be done on it. */
  closedAt: number | null;
  /** The latest extension, if the due date was moved: the original date and the reason. */
  extension: { previousDueDate: string | null; reason: string } | null;
};

function toLearnerAssignment(row: typeof assignments.$inferSelect & { title: string; kind: string }, today: string): LearnerAssignment {
  return {
    id: row.id,
    moduleId: row.moduleId,
    title: row.title,
    kind: row.kind,
    fiscalYear: row.fiscalYear,
    cycle: row.cycle,
    dueDate: row.dueDate,
    source: row.source,
    reason: row.reason,
    status: calculateStatus(row, today),
    completedAt: row.completedAt,
    completedVersion: row.completedVersion,
    startedAt: row.startedAt,
    readAt: row.readAt,
    closedAt: row.closedAt,
    extension: null,
  };
}

/** Attach the latest extension of each assignment (one query for the whole list). */
function withExtensions(db: Db, items: LearnerAssignment[]): LearnerAssignment[] {
  if (items.length === 0) return items;
  const rows = db
    .select({ assignmentId: assignmentEvents.assignmentId, previousDueDate: assignmentEvents.previousDueDate, reason: assignmentEvents.reason, id: assignmentEvents.id })
    .from(assignmentEvents)
    .where(and(eq(assignmentEvents.kind, "extension"), inArray(assignmentEvents.assignmentId, items.map((item) => item.id))))
    .orderBy(asc(assignmentEvents.id))
    .all();
  const latest = new Map(rows.map((row) => [row.assignmentId, { previousDueDate: row.previousDueDate, reason: row.reason }]));
  return items.map((item) => ({ ...item, extension: latest.get(item.id) ?? null }));
}

/**
 * My training: this 年度's assignments (every cycle) plus anything from earlier years still open
 * and not closed by HR. Scoped to the employee by construction.
 */
export function listMyAssignments(db: Db, employeeId: number, today: string): LearnerAssignment[] {
  const fiscalYear = fiscalYearOf(today);
  const rows = db
    .select({ assignment: assignments, title: trainingModules.title, kind: trainingModules.kind, sortOrder: trainingModules.sortOrder })
    .from(assignments)
    .innerJoin(trainingModules, eq(trainingModules.id, assignments.moduleId))
    .where(
      and(
        eq(assignments.employeeId, employeeId),
        or(
          eq(assignments.fiscalYear, fiscalYear),
          and(sql`${assignments.completedAt} IS NULL`, sql`${assignments.exemptedAt} IS NULL`, sql`${assignments.closedAt} IS NULL`),
        ),
      ),
    )
    .orderBy(asc(assignments.dueDate), asc(trainingModules.sortOrder), asc(assignments.cycle))
    .all();
  return withExtensions(db, rows.map((row) => toLearnerAssignment({ ...row.assignment, title: row.title, kind: row.kind }, today)));
}

function isOpen(row: { completedAt: number | null; exemptedAt: number | null; closedAt: number | null }): boolean {
  return row.completedAt === null && row.exemptedAt === null && row.closedAt === null;
}

/**
 * The assignment (cycle) a learner works on for a module. With `assignmentId` (the `?a=` of a
 * link from /learn or an e-mail): exactly that one, if it is this employee's and of this module,
 * else null. Without: the current 年度's open cycle, else its latest cycle, else an earlier year's
 * open one (earliest due first), else the most recent. Null when the module is not assigned.
 */
export function getMyAssignmentForModule(
  db: Db,
  employeeId: number,
  moduleId: string,
  today: string,
  assignmentId: number | null = null,
): LearnerAssignment | null {
  const rows = db
    .select({ assignment: assignments, title: trainingModules.title, kind: trainingModules.kind })
    .from(assignments)
    .innerJoin(trainingModules, eq(trainingModules.id, assignments.moduleId))
    .where(
      and(
        eq(assignments.employeeId, employeeId),
        eq(assignments.moduleId, moduleId),
        assignmentId === null ? undefined : eq(assignments.id, assignmentId),
      ),
    )
    .orderBy(desc(assignments.fiscalYear), desc(assignments.cycle))
    .all();
  if (rows.length === 0) return null;
  const fiscalYear = fiscalYearOf(today);
  const current = rows.filter((row) => row.assignment.fiscalYear === fiscalYear);
  const earlierOpen = rows
    .filter((row) => row.assignment.fiscalYear < fiscalYear && isOpen(row.assignment))
    .sort((a, b) => a.assignment.dueDate.localeCompare(b.assignment.dueDate));
  const chosen = current.find((row) => isOpen(row.assignment)) ?? current[0] ?? earlierOpen[0] ?? rows[0];
  return withExtensions(db, [toLearnerAssignment({ ...chosen.assignment, title: chosen.title, kind: chosen.kind }, today)])[0];
}

/** The `?a=<assignment id>` of a learner link; null when absent. A malformed one is a 404. */
export function parseAssignmentParam(request: Request): number | null {
  const value = new URL(request.url).searchParams.get("a");
  if (value === null) return null;
  const parsed = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(value);
  if (!parsed.success) throw new Response("指定された研修は見つかりません。", { status: 404 });
  return parsed.data;
}

/** Opening a module marks the assignment as started (受講中). */
export function recordModuleOpened(db: Db, assignmentId: number, now = Date.now()): void {
  db.update(assignments)
    .set({ startedAt: now })
    .where(and(eq(assignments.id, assignmentId), sql`${assignments.startedAt} IS NULL`))
    .run();
}

export function createVerificationCode(): string {
  // 10 characters from an alphabet without look-alikes (0/O, 1/I/L).
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const bytes = randomBytes(10);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}

/**
 * Complete the assignment if it is read and has a passed attempt, recording the version of the
 * passed attempt. Idempotent; call inside the transaction that changed either condition.
 */
export function completeIfDone(tx: Executor, assignmentId: number, now = Date.now()): boolean {
  const assignment = tx
    .select({ readAt: assignments.readAt, completedAt: assignments.completedAt, exemptedAt: assignments.exemptedAt, closedAt: assignments.closedAt })
    .from(assignments)
    .where(eq(assignments.id, assignmentId))
    .get();
  if (!assignment || !isOpen(assignment) || assignment.readAt === null) return false;
  const passed = tx
    .select({ id: quizAttempts.id, moduleVersion: quizAttempts.moduleVersion })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.assignmentId, assignmentId), eq(quizAttempts.passed, true), isNotNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.submittedAt))
    .limit(1)
    .get();
  if (!passed) return false;
  tx.insert(completions)
    .values({ assignmentId, moduleVersion: passed.moduleVersion, completedAt: now, quizAttemptId: passed.id, verificationCode: createVerificationCode() })
    .run();
  tx.update(assignments).set({ completedAt: now, completedVersion: passed.moduleVersion }).where(eq(assignments.id, assignmentId)).run();
  return true;
}

/**
 * 読了: the learner has reached the end of the module. Completes it if the quiz is passed. Pressed
 * again after too many failed attempts (the attempt policy), it records the re-read instead.
 */
export function recordModuleRead(db: Db, assignmentId: number, now = Date.now()): { completed: boolean; reread: boolean } {
  return db.transaction((tx) => {
    const first = tx
      .update(assignments)
      .set({ readAt: now, startedAt: sql`coalesce(${assignments.startedAt}, ${now})` })
      .where(and(eq(assignments.id, assignmentId), sql`${assignments.readAt} IS NULL`))
      .run();
    const reread = first.changes === 0 ? recordRereadIfRequired(tx, assignmentId, now) : false;
    return { completed: completeIfDone(tx, assignmentId, now), reread };
  });
}
