// Run-time settings kept as JSON in the `settings` table (key → value). One reader and one writer,
// so every setting is read leniently (a hand-edited value that no longer parses falls back) and
// every change is written with its audit entry (before and after) in one transaction.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { settings } from "~/db/schema";
import { recordAudit } from "./audit.server";

/** The stored value if it parses with `schema`, else `fallback`. */
export function readJsonSetting<T>(db: Executor, key: string, schema: z.ZodType<T>, fallback: T): T {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  if (!row) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/** Save a validated value and audit it as `action` with the value before and after. */
export function writeJsonSetting<T>(
  db: Db,
  input: { key: string; value: T; before: (tx: Executor) => T; action: string },
  actor: { accountId: number | null; ip: string | null },
  now = Date.now(),
): void {
  db.transaction((tx) => {
    const before = input.before(tx);
    const value = JSON.stringify(input.value);
    tx.insert(settings).values({ key: input.key, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
    recordAudit(tx, { actorAccountId: actor.accountId, action: input.action, targetType: "settings", targetId: input.key, details: { before, after: input.value }, ip: actor.ip }, now);
  });
}
