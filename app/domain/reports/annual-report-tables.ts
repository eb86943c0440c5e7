// The annual report's tables as rows: the CSV export and the workbook write exactly these (pure).
import { formatFiscalYear } from "../time";
import type { AnnualReport, PeopleCounts } from "./annual-report.server";
import { reportRates } from "./annual-report-view";
import { percentValue, ratio } from "./rates";

export type Cell = string | number | null;

export const ORGANISATION_HEADER = [
  "年度", "組織", "区分", "対象者数", "修了者数", "対象者の修了率（人）(%)", "期限超過者数", "免除者数", "対象件数", "完了件数", "研修ごとの完了率（件）(%)",
];

function peopleRow(counts: PeopleCounts | undefined): Cell[] {
  const value = counts ?? { people: 0, completed: 0, overdue: 0, exempt: 0, assignments: 0, completedAssignments: 0 };
  const rates = reportRates(value);
  return [value.people, value.completed, percentValue(rates.people), value.overdue, value.exempt, value.assignments, value.completedAssignments, percentValue(rates.assignments)];
}

export function organisationRows(report: AnnualReport): Cell[][] {
  const year = report.fiscalYear;
  const rows: Cell[][] = report.organisations.flatMap((organisation) => [
    ...report.categories.map((category) => [year, organisation.name, category.name, ...peopleRow(organisation.byCategory[category.id])]),
    [year, organisation.name, "計", ...peopleRow(organisation.total)],
  ]);
  rows.push(...report.categories.map((category) => [year, "合計", category.name, ...peopleRow(report.byCategory[category.id])]));
  rows.push([year, "合計", "計", ...peopleRow(report.total)]);
  return rows;
}

export const COMPARISON_HEADER = [
  "組織", "対象者の修了率（人）今年度(%)", "対象者の修了率（人）前年度(%)", "差(ポイント)", "研修ごとの完了率（件）今年度(%)", "研修ごとの完了率（件）前年度(%)", "差(ポイント)",
];

const difference = (current: number | null, previous: number | null) => (current === null || previous === null ? null : (current - previous) / 10);

/** This 年度 against the previous one, per organisation and in total. */
export function comparisonRows(report: AnnualReport): Cell[][] {
  const previousById = new Map(report.previous?.organisations.map((organisation) => [organisation.id, organisation.total]) ?? []);
  const row = (name: string, current: PeopleCounts, previous: Parameters<typeof reportRates>[0]) => {
    const now = reportRates(current);
    const before = previous ? reportRates(previous) : null;
    return [
      name, percentValue(now.people), percentValue(before?.people), difference(now.people.tenths, before?.people.tenths ?? null),
      percentValue(now.assignments), percentValue(before?.assignments), difference(now.assignments.tenths, before?.assignments.tenths ?? null),
    ];
  };
  return [
    ...report.organisations.map((organisation) => row(organisation.name, organisation.total, previousById.get(organisation.id))),
    row("合計", report.total, report.previous?.total),
  ];
}

export const QUESTION_HEADER = ["年度", "モジュールID", "モジュール", "問題ID", "問題", "回答数", "正答数", "正答率(%)"];

export function questionRows(report: AnnualReport): Cell[][] {
  return report.modules.flatMap((module) =>
    module.questions.map((question) => [report.fiscalYear, module.moduleId, module.title, question.id, question.prompt, question.answered, question.correct, percentValue(ratio(question.correct, question.answered))]),
  );
}

export function previousLabel(report: AnnualReport): string {
  return report.previous ? formatFiscalYear(report.previous.fiscalYear) : "前年度";
}
