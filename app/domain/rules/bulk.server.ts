import type { Db } from "~/db/client.server";
import { dropReportSummaryTriggers, installReportSummary } from "../reports/summary-maintenance.server";

/**
 * Run a write that may insert hundreds of thousands of assignments (a large roster import, opening
 * a 年度) with the report-summary triggers off, then rebuild the summary once. Row-by-row trigger
 * upkeep made a 50,000-person import take ~30 s; one rebuild takes a few. Call inside the write's
 * transaction so that readers never see the summary out of step.
 */
export function withBulkAssignmentWrites<T>(db: Db, bulk: boolean, write: () => T): T {
  if (!bulk) return write();
  dropReportSummaryTriggers(db.$client);
  const result = write();
  installReportSummary(db.$client);
  return result;
}

/** Above this many people touched, a write is treated as bulk. */
export const BULK_PEOPLE = 2000;
