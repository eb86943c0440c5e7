import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { acknowledgements, assignments, completions } from "~/db/schema";
import type { TrainingModule } from "../content/load.server";
import { formatSecondsJa } from "../content/reading-time";
import { createVerificationCode } from "./learner.server";

export type AcknowledgeResult =
  | { ok: true }
  | { ok: false; field: "agree" | "time" | null; message: string; secondsLeft?: number };

/**
 * 誓約: record that the learner acknowledged this exact text. Needs the checkbox and at least
 * `minReadSeconds` since the module was first opened (measured on the server, never the browser);
 * the loader derives it from the length of the text (READING_CHARS_PER_MINUTE).
 * Writes the acknowledgement (with the text's hash) and the completion in one transaction.
 */
export function acknowledgePolicy(
  db: Db,
  input: { assignmentId: number; employeeId: number; agreed: boolean },
  module: TrainingModule,
  now = Date.now(),
): AcknowledgeResult {
  if (module.kind !== "acknowledgement") return { ok: false, field: null, message: "このモジュールは誓約の対象ではありません。" };
  return db.transaction((tx) => {
    const assignment = tx
      .select({ startedAt: assignments.startedAt, completedAt: assignments.completedAt, employeeId: assignments.employeeId, exemptedAt: assignments.exemptedAt })
      .from(assignments)
      .where(eq(assignments.id, input.assignmentId))
      .get();
    if (!assignment || assignment.employeeId !== input.employeeId) return { ok: false, field: null, message: "この研修は見つかりません。" };
    if (assignment.completedAt !== null) return { ok: false, field: null, message: "すでに誓約済みです。" };
    if (assignment.exemptedAt !== null) return { ok: false, field: null, message: "この研修は免除されています。" };
    if (!input.agreed) return { ok: false, field: "agree", message: "「基本方針を理解し、遵守します」にチェックを入れてください。" };
    const readMs = assignment.startedAt === null ? 0 : now - assignment.startedAt;
    const requiredMs = module.minReadSeconds * 1000;
    if (readMs < requiredMs) {
      const secondsLeft = Math.ceil((requiredMs - readMs) / 1000);
      return {
        ok: false,
        field: "time",
        secondsLeft,
        message: `本文を読むための時間として、あと${formatSecondsJa(secondsLeft)}お待ちください（この本文は開いてから${formatSecondsJa(module.minReadSeconds)}以上たつと誓約できます）。`,
      };
    }
    tx.insert(acknowledgements)
      .values({ assignmentId: input.assignmentId, employeeId: input.employeeId, moduleId: module.id, moduleVersion: module.version, textHash: module.bodyHash, acknowledgedAt: now })
      .run();
    tx.insert(completions)
      .values({ assignmentId: input.assignmentId, moduleVersion: module.version, completedAt: now, verificationCode: createVerificationCode() })
      .run();
    tx.update(assignments)
      .set({ readAt: now, completedAt: now, completedVersion: module.version })
      .where(eq(assignments.id, input.assignmentId))
      .run();
    return { ok: true };
  });
}
