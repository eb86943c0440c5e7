import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
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
  dueDate: string;
  source: string;
  reason: string | null;
  status: AssignmentStatus;
  completedAt: number | null;
  completedVersion: number | null;
  startedAt: number | null;
  readAt: number | null;
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
    dueDate: row.dueDate,
    source: row.source,
    reason: row.reason,
    status: calculateStatus(row, today),
    completedAt: row.completedAt,
    completedVersion: row.completedVersion,
    startedAt: row.startedAt,
    readAt: row.readAt,
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
 * My training: this 年度's assignments plus anything from earlier years still open.
 * Scoped to the employee by construction.
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
          and(sql`${assignments.completedAt} IS NULL`, sql`${assignments.exemptedAt} IS NULL`),
        ),
      ),
    )
    .orderBy(asc(assignments.dueDate), asc(trainingModules.sortOrder))
    .all();
  return withExtensions(db, rows.map((row) => toLearnerAssignment({ ...row.assignment, title: row.title, kind: row.kind }, today)));
}

/**
 * The assignment a learner works on for a module: the open one with the earliest due date, else
 * the most recent one. Null when the module is not assigned to this employee.
 */
export function getMyAssignmentForModule(db: Db, employeeId: number, moduleId: string, today: string): LearnerAssignment | null {
  const rows = db
    .select({ assignment: assignments, title: trainingModules.title, kind: trainingModules.kind })
    .from(assignments)
    .innerJoin(trainingModules, eq(trainingModules.id, assignments.moduleId))
    .where(and(eq(assignments.employeeId, employeeId), eq(assignments.moduleId, moduleId)))
    .orderBy(desc(assignments.fiscalYear))
    .all();
  if (rows.length === 0) return null;
  const open = rows
    .filter((row) => row.assignment.completedAt === null && row.assignment.exemptedAt === null)
    .sort((a, b) => a.assignment.dueDate.localeCompare(b.assignment.dueDate))[0];
  const chosen = open ?? rows[0];
  return withExtensions(db, [toLearnerAssignment({ ...chosen.assignment, title: chosen.title, kind: chosen.kind }, today)])[0];
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
    .select({ readAt: assignments.readAt, completedAt: assignments.completedAt, exemptedAt: assignments.exemptedAt })
    .from(assignments)
    .where(eq(assignments.id, assignmentId))
    .get();
  if (!assignment || assignment.completedAt !== null || assignment.exemptedAt !== null || assignment.readAt === null) return false;
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
