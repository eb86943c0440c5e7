import { count, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignmentRules, fiscalYears } from "~/db/schema";
import { recordAudit } from "../audit.server";
import type { Catalog } from "../content/catalog.server";
import { fiscalYearOf, formatFiscalYear, japanDate } from "../time";
import { deriveDefaultRules } from "./defaults";
import { withBulkAssignmentWrites } from "./bulk.server";
import { evaluateRules } from "./evaluate.server";

/** Install the shipped rules on a database that has never had any. */
export function installDefaultRules(db: Db, catalog: Catalog, now: number): number {
  const existing = db.select({ count: count() }).from(assignmentRules).get()?.count ?? 0;
  if (existing > 0) return 0;
  const rules = deriveDefaultRules(catalog.modules);
  db.transaction((tx) => {
    for (const rule of rules) {
      tx.insert(assignmentRules)
        .values({
          name: rule.name,
          categories: JSON.stringify(rule.categories),
          roleTiers: JSON.stringify(rule.roleTiers),
          moduleIds: JSON.stringify(rule.moduleIds),
          dueKind: rule.due.kind,
          dueMonthDay: rule.due.kind === "fixed" ? rule.due.monthDay : null,
          dueDays: rule.due.kind === "relative" ? rule.due.days : null,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
    recordAudit(tx, { actorAccountId: null, action: "rules.defaults_installed", details: { rules: rules.length } }, now);
  });
  return rules.length;
}

export type OpenResult = { ok: true; created: number } | { ok: false; message: string };

/**
 * Open a 年度: record it and create its assignments from the rules, in one transaction. Only the
 * current 年度 or the next one may be opened (the next one early, to prepare in March).
 */
export function openFiscalYear(db: Db, year: number, actor: { accountId: number | null; ip?: string | null }, now: number): OpenResult {
  const current = fiscalYearOf(japanDate(now));
  if (year !== current && year !== current + 1) return { ok: false, message: `${formatFiscalYear(year)}は開始できません（今年度か翌年度のみ）。` };
  if (db.select({ year: fiscalYears.year }).from(fiscalYears).where(eq(fiscalYears.year, year)).get()) {
    return { ok: false, message: `${formatFiscalYear(year)}はすでに開始しています。` };
  }
  const created = db.transaction((tx) => {
    tx.insert(fiscalYears).values({ year, openedAt: now, openedByAccountId: actor.accountId }).run();
    // Opening a 年度 assigns the whole organisation at once: a bulk write.
    const made = withBulkAssignmentWrites(db, true, () => evaluateRules(db, { now, onlyFiscalYear: year }));
    recordAudit(tx, { actorAccountId: actor.accountId, action: "cycle.opened", targetType: "fiscal_year", targetId: year, details: { created: made }, ip: actor.ip ?? null }, now);
    return made;
  });
  return { ok: true, created };
}

/** Open the current 年度 if nobody has yet (at start and daily: the 1 April roll-over). */
export function ensureCurrentFiscalYear(db: Db, now: number): OpenResult | null {
  const year = fiscalYearOf(japanDate(now));
  if (db.select({ year: fiscalYears.year }).from(fiscalYears).where(eq(fiscalYears.year, year)).get()) return null;
  return openFiscalYear(db, year, { accountId: null }, now);
}

export function listOpenedFiscalYears(db: Db): { year: number; openedAt: number }[] {
  return db.select({ year: fiscalYears.year, openedAt: fiscalYears.openedAt }).from(fiscalYears).orderBy(fiscalYears.year).all();
}
