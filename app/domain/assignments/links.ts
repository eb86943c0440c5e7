import { formatFiscalYear } from "../time";

/**
 * The learner's link to one assignment (cycle) of a module. `?a=` names the assignment, so a line
 * of an earlier 年度 or a refresher opens that one; the server checks it is the learner's own.
 * Without it, `/learn/:moduleId` opens the current one.
 */
export function learnPath(item: { moduleId: string; id: number }, suffix = ""): string {
  return `/learn/${encodeURIComponent(item.moduleId)}${suffix}?a=${item.id}`;
}

/** 「前年度（令和7年度）」 for the year before `currentFiscalYear`, else 「令和6年度」. */
export function earlierYearLabel(fiscalYear: number, currentFiscalYear: number): string {
  return fiscalYear === currentFiscalYear - 1 ? `前年度（${formatFiscalYear(fiscalYear)}）` : formatFiscalYear(fiscalYear);
}
