import { and, eq, inArray, isNotNull, max } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { assignments, moduleRereads, quizAttempts, settings } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { ATTEMPT_POLICY_KEY, calculateAttemptLock, parseStoredAttemptPolicy, type AttemptLock, type AttemptPolicy } from "./attempt-policy";

export function getAttemptPolicy(db: Executor): AttemptPolicy {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, ATTEMPT_POLICY_KEY)).get();
  return parseStoredAttemptPolicy(row?.value);
}

/** Save the policy (validated by the caller) and audit it with before and after. */
export function saveAttemptPolicy(db: Db, next: AttemptPolicy, actor: { accountId: number; ip: string | null }, now = Date.now()): void {
  db.transaction((tx) => {
    const before = getAttemptPolicy(tx);
    const value = JSON.stringify(next);
    tx.insert(settings)
      .values({ key: ATTEMPT_POLICY_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
      .run();
    recordAudit(tx, { actorAccountId: actor.accountId, action: "quiz.policy.update", targetType: "settings", targetId: ATTEMPT_POLICY_KEY, details: { before, after: next }, ip: actor.ip }, now);
  });
}

/**
 * The locks of several assignments of one learner (the caller has scoped the ids to them), in
 * three small queries whatever their number. Assignments without a lock are absent.
 */
export function getAttemptLocks(db: Executor, assignmentIds: readonly number[], now: number, policy = getAttemptPolicy(db)): Map<number, AttemptLock> {
  const locks = new Map<number, AttemptLock>();
  if (assignmentIds.length === 0) return locks;
  const ids = [...assignmentIds];
  const states = db
    .select({ id: assignments.id, readAt: assignments.readAt, completedAt: assignments.completedAt, exemptedAt: assignments.exemptedAt })
    .from(assignments)
    .where(inArray(assignments.id, ids))
    .all();
  const rereads = new Map(
    db
      .select({ assignmentId: moduleRereads.assignmentId, readAt: max(moduleRereads.readAt) })
      .from(moduleRereads)
      .where(inArray(moduleRereads.assignmentId, ids))
      .groupBy(moduleRereads.assignmentId)
      .all()
      .map((row) => [row.assignmentId, row.readAt]),
  );
  const attempts = new Map<number, { submittedAt: number; passed: boolean }[]>();
  for (const row of db
    .select({ assignmentId: quizAttempts.assignmentId, submittedAt: quizAttempts.submittedAt, passed: quizAttempts.passed })
    .from(quizAttempts)
    .where(and(inArray(quizAttempts.assignmentId, ids), isNotNull(quizAttempts.submittedAt)))
    .all()) {
    const list = attempts.get(row.assignmentId) ?? [];
    list.push({ submittedAt: row.submittedAt ?? 0, passed: row.passed ?? false });
    attempts.set(row.assignmentId, list);
  }
  for (const state of states) {
    const reread = rereads.get(state.id) ?? null;
    const lastReadAt = reread !== null && (state.readAt === null || reread > state.readAt) ? reread : state.readAt;
    const lock = calculateAttemptLock(
      policy,
      { assignmentOpen: state.completedAt === null && state.exemptedAt === null, lastReadAt, attempts: attempts.get(state.id) ?? [] },
      now,
    );
    if (lock.locked) locks.set(state.id, lock);
  }
  return locks;
}

/** The lock of one assignment (read from the database, never from the request). */
export function getAttemptLock(db: Executor, assignmentId: number, now: number): AttemptLock | null {
  return getAttemptLocks(db, [assignmentId], now).get(assignmentId) ?? null;
}

/**
 * 読了 pressed while the policy asks for a re-read: record it, which starts the failure count
 * afresh. Pressed at any other time it records nothing (the first 読了 is `assignments.read_at`).
 * Call inside the transaction of the 読了.
 */
export function recordRereadIfRequired(tx: Executor, assignmentId: number, now: number): boolean {
  const lock = getAttemptLock(tx, assignmentId, now);
  if (!lock?.rereadRequired) return false;
  tx.insert(moduleRereads).values({ assignmentId, readAt: now, failures: lock.failuresInRow }).run();
  return true;
}
