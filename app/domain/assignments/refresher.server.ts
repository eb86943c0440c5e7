// Refresher training (再受講) assigned by a manager: new assignments (cycles) with source
// "refresher", who assigned them and why.
//
// NOTE: no authorisation here. The caller resolves and scopes the employees first (for a
// manager: only the members of their department subtree).
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { assignments, employees, trainingModules } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { japanDate } from "../time";
import { checkFutureDueDate, IsoDateSchema, ReasonSchema } from "./changes.server";

export type RefresherModule = { id: string; title: string; sortOrder: number };

/**
 * Modules a refresher may assign: available training modules, whatever their audience (the
 * manager decides who needs what). The policy acknowledgement (誓約) is excluded on purpose: it is
 * a personal declaration on a given text, renewed each 年度 and on every new version of the text
 * by HR's cycle, not training a manager prescribes.
 */
export function listRefresherModules(db: Executor): RefresherModule[] {
  return db
    .select({ id: trainingModules.id, title: trainingModules.title, sortOrder: trainingModules.sortOrder })
    .from(trainingModules)
    .where(and(eq(trainingModules.available, true), eq(trainingModules.kind, "training")))
    .orderBy(trainingModules.sortOrder, trainingModules.id)
    .all();
}

export type RefresherInput = {
  employeeIds: number[];
  moduleIds: string[];
  dueDate: unknown;
  reason: unknown;
  actorAccountId: number;
  fiscalYear: number;
  ip?: string | null;
};

export type SkippedAssignment = {
  employeeId: number;
  moduleId: string;
  existingAssignmentId: number;
  existingSource: string;
  existingDueDate: string;
};

export type RefresherField = "employees" | "modules" | "dueDate" | "reason";
export type RefresherResult =
  | { ok: true; created: { assignmentId: number; employeeId: number; moduleId: string; cycle: number }[]; skipped: SkippedAssignment[] }
  | { ok: false; errors: Partial<Record<RefresherField, string>> };

const InputSchema = z.object({
  employeeIds: z.array(z.number().int().positive()).min(1, "対象者を1人以上選んでください。").max(5000, "一度に割り当てられるのは5,000人までです。"),
  moduleIds: z.array(z.string().min(1).max(100)).min(1, "研修を1つ以上選んでください。").max(50),
  dueDate: IsoDateSchema,
  reason: ReasonSchema,
});

/**
 * Create refresher assignments for every employee × module in the 年度. A module the person has
 * not had in the 年度 becomes cycle 1 (the 年度's assignment); one already completed (or exempt,
 * or closed) gets the next cycle, with its own due date, reason and history: re-training after
 * an incident. Where the person still has open work on that module in the 年度 nothing is written
 * and the pair is reported as skipped with that assignment, so a double submit creates one. One
 * transaction; one audit entry per created assignment.
 */
export function createRefresherAssignments(db: Db, input: RefresherInput, now = Date.now()): RefresherResult {
  const parsed = InputSchema.safeParse({ employeeIds: input.employeeIds, moduleIds: input.moduleIds, dueDate: input.dueDate, reason: input.reason });
  if (!parsed.success) {
    const errors: Partial<Record<RefresherField, string>> = {};
    const fields: Record<string, RefresherField> = { employeeIds: "employees", moduleIds: "modules", dueDate: "dueDate", reason: "reason" };
    for (const issue of parsed.error.issues) errors[fields[String(issue.path[0])] ?? "reason"] ??= issue.message;
    return { ok: false, errors };
  }
  const { dueDate, reason } = parsed.data;
  const employeeIds = [...new Set(parsed.data.employeeIds)];
  const moduleIds = [...new Set(parsed.data.moduleIds)];
  const dateError = checkFutureDueDate(dueDate, japanDate(now));
  if (dateError) return { ok: false, errors: { dueDate: dateError } };

  return db.transaction((tx): RefresherResult => {
    const allowed = new Set(listRefresherModules(tx).map((module) => module.id));
    if (moduleIds.some((moduleId) => !allowed.has(moduleId))) {
      return { ok: false, errors: { modules: "選べない研修が含まれています。一覧から選び直してください。" } };
    }
    const known = tx
      .select({ id: employees.id, employeeNo: employees.employeeNo })
      .from(employees)
      .where(and(inArray(employees.id, employeeIds), eq(employees.active, true)))
      .all();
    if (known.length !== employeeIds.length) return { ok: false, errors: { employees: "在職していない職員が含まれています。" } };
    const employeeNoById = new Map(known.map((row) => [row.id, row.employeeNo]));

    const existing = tx
      .select({
        id: assignments.id,
        employeeId: assignments.employeeId,
        moduleId: assignments.moduleId,
        cycle: assignments.cycle,
        source: assignments.source,
        dueDate: assignments.dueDate,
        completedAt: assignments.completedAt,
        exemptedAt: assignments.exemptedAt,
        closedAt: assignments.closedAt,
      })
      .from(assignments)
      .where(and(inArray(assignments.employeeId, employeeIds), inArray(assignments.moduleId, moduleIds), eq(assignments.fiscalYear, input.fiscalYear)))
      .all();
    const cyclesByPair = new Map<string, typeof existing>();
    for (const row of existing) {
      const key = `${row.employeeId}:${row.moduleId}`;
      cyclesByPair.set(key, [...(cyclesByPair.get(key) ?? []), row]);
    }

    const created: { assignmentId: number; employeeId: number; moduleId: string; cycle: number }[] = [];
    const skipped: SkippedAssignment[] = [];
    for (const employeeId of employeeIds) {
      for (const moduleId of moduleIds) {
        const cycles = cyclesByPair.get(`${employeeId}:${moduleId}`) ?? [];
        // Work still to do on this module in the 年度 (the 年度's own assignment or an earlier
        // refresher): a second open line would only confuse the learner; a double submit lands here.
        const open = cycles.find((row) => row.completedAt === null && row.exemptedAt === null && row.closedAt === null);
        if (open) {
          skipped.push({
            employeeId,
            moduleId,
            existingAssignmentId: open.id,
            existingSource: open.source,
            existingDueDate: open.dueDate,
          });
          continue;
        }
        const cycle = cycles.reduce((highest, row) => Math.max(highest, row.cycle), 0) + 1;
        // The unique (employee, module, 年度, cycle) index is the last line of defence against a
        // concurrent duplicate: DO NOTHING makes that a no-op rather than an error.
        const row = tx
          .insert(assignments)
          .values({ employeeId, moduleId, fiscalYear: input.fiscalYear, cycle, dueDate, source: "refresher", assignedByAccountId: input.actorAccountId, reason, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: assignments.id })
          .get();
        if (!row) continue;
        created.push({ assignmentId: row.id, employeeId, moduleId, cycle });
        recordAudit(
          tx,
          {
            actorAccountId: input.actorAccountId,
            action: "assignment.refresher_created",
            targetType: "assignment",
            targetId: row.id,
            details: { employeeNo: employeeNoById.get(employeeId), moduleId, fiscalYear: input.fiscalYear, cycle, dueDate, reason },
            ip: input.ip ?? null,
          },
          now,
        );
      }
    }
    return { ok: true, created, skipped };
  });
}

