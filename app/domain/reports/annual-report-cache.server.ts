// The annual report as the pages get it: computed by the background worker process (it reads
// every assignment and quiz attempt of the 年度) and kept for a while.
import type { Db } from "~/db/client.server";
import type { TrainingModule } from "../content/load.server";
import { runTask } from "../jobs/worker-pool.server";
import type { AnnualReport } from "./annual-report.server";

/** A report is a document as of a moment; it is kept this long unless a refresh is asked for. */
const CACHE_MS = 10 * 60_000;

const cache = new Map<string, { at: number; report: Promise<AnnualReport> }>();

/**
 * The report, from a cache of up to ten minutes (per database, 年度 and day; the page shows when
 * it was computed and offers a refresh): printing and exporting right after viewing do not
 * recompute it, and concurrent requests share one computation.
 */
export function getAnnualReport(
  db: Db,
  input: { fiscalYear: number; today: string; modules: TrainingModule[]; now?: number; refresh?: boolean },
): Promise<AnnualReport> {
  const now = input.now ?? Date.now();
  const key = `${db.$client.name}|${input.fiscalYear}|${input.today}`;
  const cached = cache.get(key);
  if (cached && now - cached.at < CACHE_MS && !input.refresh) return cached.report;
  const report = runTask(db, "report.annual", { fiscalYear: input.fiscalYear, today: input.today, modules: input.modules, now });
  cache.set(key, { at: now, report });
  report.catch(() => cache.delete(key));
  return report;
}
