import type { TrainingModule } from "../content/load.server";
import { badFilter, parseReportFilters } from "./filters.server";

/** `?fy=2025&module=…` of the question statistics; an unknown module (or one without a quiz) is a 400. */
export function parseQuestionReportQuery(searchParams: URLSearchParams, currentFiscalYear: number, modules: readonly TrainingModule[]): { fiscalYear: number; moduleId: string | null } {
  const { fiscalYear, moduleId } = parseReportFilters(searchParams, currentFiscalYear);
  if (moduleId !== null && !modules.some((module) => module.id === moduleId && module.quiz)) {
    throw badFilter("module", "確認テストのあるモジュールを指定してください");
  }
  return { fiscalYear, moduleId };
}
