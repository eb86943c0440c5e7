// The question statistics as the pages get them: computed by the background worker process (they
// parse every quiz attempt of the 年度) and kept for a while, like the annual report.
import type { Db } from "~/db/client.server";
import type { TrainingModule } from "../content/load.server";
import { runTask } from "../jobs/worker-pool.server";
import type { QuestionStatisticsReport, QuizModuleInput } from "./question-stats.server";

const CACHE_MS = 10 * 60_000;

const cache = new Map<string, { at: number; report: Promise<QuestionStatisticsReport> }>();

/** Only what the computation needs of each module with a quiz (the HTML stays here). */
export function quizModules(modules: readonly TrainingModule[]): QuizModuleInput[] {
  return modules.flatMap((module) => (module.quiz ? [{ id: module.id, title: module.title, version: module.version, order: module.order, quiz: module.quiz }] : []));
}

/**
 * The statistics of a 年度, from a cache of up to ten minutes per database and 年度 (the page shows
 * when they were computed and offers a refresh); concurrent requests share one computation.
 */
export function getQuestionStatistics(db: Db, input: { fiscalYear: number; modules: readonly TrainingModule[]; now?: number; refresh?: boolean }): Promise<QuestionStatisticsReport> {
  const now = input.now ?? Date.now();
  const key = `${db.$client.name}|${input.fiscalYear}`;
  const cached = cache.get(key);
  if (cached && now - cached.at < CACHE_MS && !input.refresh) return cached.report;
  const report = runTask(db, "report.questions", { fiscalYear: input.fiscalYear, modules: quizModules(input.modules), now });
  cache.set(key, { at: now, report });
  report.catch(() => cache.delete(key));
  return report;
}
