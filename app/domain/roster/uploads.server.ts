import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { rosterUploads } from "~/db/schema";
import { applyImport, planImport, type ApplyResult, type ParsedImport } from "./import.server";
import { issueActivationCodes, listNewPeopleAwaitingActivation, MAX_CODES_PER_ISSUE, type IssuedCode } from "../auth/activation.server";
import { decodeRosterFile, rosterEmployeeNumbers } from "./parse.server";

export const MAX_ROSTER_BYTES = 30 * 1024 * 1024;

export type UploadResult = { ok: true; id: string } | { ok: false; fileName: string; encoding: string; parsed: Extract<ParsedImport, { ok: false }> };

/**
 * Check an uploaded roster. A file with problems is not kept; a good one is stored so that the
 * dry run can be shown and then applied exactly as previewed (no second upload).
 */
export function createRosterUpload(
  db: Db,
  input: { fileName: string; bytes: Uint8Array; fullBatch: boolean; actorAccountId: number },
  now: number,
): UploadResult {
  const decoded = decodeRosterFile(input.bytes);
  const parsed = planImport(db, decoded.text, { fullBatch: input.fullBatch, now });
  if (!parsed.ok) return { ok: false, fileName: input.fileName, encoding: decoded.encoding, parsed };
  const id = randomBytes(16).toString("hex");
  db.insert(rosterUploads)
    .values({ id, fileName: input.fileName, content: decoded.text, encoding: decoded.encoding, fullBatch: input.fullBatch, uploadedByAccountId: input.actorAccountId, createdAt: now })
    .run();
  return { ok: true, id };
}

export function getRosterUpload(db: Db, id: string) {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  return db.select().from(rosterUploads).where(eq(rosterUploads.id, id)).get() ?? null;
}

class NothingApplied extends Error {}

/** Apply a stored upload once: marking it and importing happen in one transaction. */
export function applyRosterUpload(db: Db, id: string, actor: { accountId: number; ip: string | null }, now: number): ApplyResult | { ok: false; alreadyApplied: true } | null {
  const upload = getRosterUpload(db, id);
  if (!upload) return null;
  let result: ApplyResult | { ok: false; alreadyApplied: true } = { ok: false, alreadyApplied: true };
  try {
    db.transaction((tx) => {
      const marked = tx.update(rosterUploads).set({ appliedAt: now }).where(and(eq(rosterUploads.id, id), isNull(rosterUploads.appliedAt))).run().changes;
      if (marked === 0) throw new NothingApplied();
      result = applyImport(db, upload.content, { fullBatch: upload.fullBatch, now, actorAccountId: actor.accountId, ip: actor.ip, fileName: upload.fileName });
      // The roster may have changed since the dry run and now fail: then nothing is kept.
      if (!result.ok) throw new NothingApplied();
    });
  } catch (error) {
    if (!(error instanceof NothingApplied)) throw error;
  }
  return result;
}

/**
 * After 反映: issue activation codes to the people this upload created who cannot sign in yet
 * (at most MAX_CODES_PER_ISSUE per click; the next click takes the rest). Each code is audited.
 */
export function issueCodesForUpload(db: Db, id: string, actor: { accountId: number; ip: string | null }, now: number): { issued: IssuedCode[]; remaining: number } | null {
  const upload = getRosterUpload(db, id);
  if (!upload || upload.appliedAt === null) return null;
  const waiting = listNewPeopleAwaitingActivation(db, { appliedAt: upload.appliedAt, employeeNos: rosterEmployeeNumbers(upload.content), now });
  const batch = waiting.slice(0, MAX_CODES_PER_ISSUE);
  const issued = issueActivationCodes(db, { employeeNos: batch, reset: false }, actor, now);
  return { issued, remaining: waiting.length - batch.length };
}

/** How many people of an applied upload still wait for a code (shown next to the button). */
export function countNewPeopleAwaitingActivation(db: Db, id: string, now: number): number {
  const upload = getRosterUpload(db, id);
  if (!upload || upload.appliedAt === null) return 0;
  return listNewPeopleAwaitingActivation(db, { appliedAt: upload.appliedAt, employeeNos: rosterEmployeeNumbers(upload.content), now }).length;
}
