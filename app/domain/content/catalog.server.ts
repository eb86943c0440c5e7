import path from "node:path";
import { and, eq, isNotNull, lt } from "drizzle-orm";
import type { Db, Tx } from "~/db/client.server";
import { assignments, moduleVersions, trainingModules } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { fiscalYearOf, japanDate } from "../time";
import { loadContentFolder, type TrainingModule } from "./load.server";

export type Catalog = {
  modules: TrainingModule[];
  byId: Map<string, TrainingModule>;
};

let cached: Catalog | undefined;

export function contentFolder(): string {
  return path.resolve(process.env.CONTENT_DIR ?? "content");
}

/**
 * The validated, rendered modules. Loaded once per process: Markdown is parsed and sanitised at
 * start, never per request. A content error throws (and stops the server at start).
 */
export function getCatalog(): Catalog {
  if (!cached) {
    const modules = loadContentFolder(contentFolder());
    cached = { modules, byId: new Map(modules.map((module) => [module.id, module])) };
  }
  return cached;
}

export function getModule(moduleId: string): TrainingModule | null {
  return getCatalog().byId.get(moduleId) ?? null;
}

/**
 * Record every module and version from content/ in the database; idempotent. Returns warnings for
 * bodies edited without a version bump (completions would then point at text nobody read).
 */
export function syncCatalog(db: Db, catalog: Catalog = getCatalog(), now = Date.now()): string[] {
  const warnings: string[] = [];
  let reopened = 0;
  db.transaction((tx) => {
    tx.update(trainingModules).set({ available: false }).run();
    for (const module of catalog.modules) {
      const before = tx.select({ currentVersion: trainingModules.currentVersion }).from(trainingModules).where(eq(trainingModules.id, module.id)).get();
      if (module.kind === "acknowledgement" && before && before.currentVersion < module.version) {
        reopened += requireNewAcknowledgement(tx, module.id, module.version, fiscalYearOf(japanDate(now)));
      }
      tx.insert(trainingModules)
        .values({ id: module.id, title: module.title, kind: module.kind, recurrence: module.recurrence, currentVersion: module.version, sortOrder: module.order, available: true })
        .onConflictDoUpdate({
          target: trainingModules.id,
          set: { title: module.title, kind: module.kind, recurrence: module.recurrence, currentVersion: module.version, sortOrder: module.order, available: true },
        })
        .run();
      const stored = tx
        .select({ bodyHash: moduleVersions.bodyHash })
        .from(moduleVersions)
        .where(and(eq(moduleVersions.moduleId, module.id), eq(moduleVersions.version, module.version)))
        .get();
      if (stored && stored.bodyHash !== module.bodyHash) {
        warnings.push(`${module.file}: version ${module.version} の本文が以前と異なります。内容を変えたら version を上げてください。`);
      }
      tx.insert(moduleVersions)
        .values({ moduleId: module.id, version: module.version, title: module.title, bodyHash: module.bodyHash, firstSeenAt: now })
        .onConflictDoNothing()
        .run();
    }
    if (reopened > 0) {
      recordAudit(tx, { actorAccountId: null, action: "content.reacknowledgement_required", details: { assignments: reopened } }, now);
    }
  });
  return warnings;
}

/**
 * A new version of the acknowledged text needs a new 誓約: this 年度's acknowledgements made
 * against an older version are reopened. The old acknowledgement and completion rows stay as
 * history; only the assignment goes back to 未着手.
 */
function requireNewAcknowledgement(tx: Tx, moduleId: string, version: number, fiscalYear: number): number {
  return tx
    .update(assignments)
    .set({ completedAt: null, completedVersion: null, readAt: null, startedAt: null })
    .where(
      and(
        eq(assignments.moduleId, moduleId),
        eq(assignments.fiscalYear, fiscalYear),
        isNotNull(assignments.completedAt),
        lt(assignments.completedVersion, version),
      ),
    )
    .run().changes;
}
