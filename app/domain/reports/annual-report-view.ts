// What the annual report says, shared by the page, its CSV and its workbook (pure).
import { formatFiscalYear } from "../time";
import { completionRates, formatRatio, type CompletionRates } from "./rates";

type Counts = { people: number; completed: number; assignments: number; completedAssignments: number };

/** Both rates of a cell of the report (the one function behind every rate). */
export function reportRates(counts: Counts | undefined): CompletionRates {
  const value = counts ?? { people: 0, completed: 0, assignments: 0, completedAssignments: 0 };
  return completionRates({ finishedPeople: value.completed, targetPeople: value.people, completed: value.completedAssignments, assigned: value.assignments });
}

/** Difference of two rates in percentage points with one decimal ("+3.2", "−1.0", "±0.0"), from the rounded figures shown. */
export function pointDifference(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null;
  const tenths = current - previous;
  const text = (Math.abs(tenths) / 10).toFixed(1);
  return tenths > 0 ? `+${text}` : tenths < 0 ? `−${text}` : `±${text}`;
}

export function reportSubject(fiscalYear: number): string {
  return `${formatFiscalYear(fiscalYear)} 情報セキュリティ研修の実施状況について（報告）`;
}

/** 「令和7年度の対象者1,234人のうち1,000人（81.0%）が全研修を修了しました。」 and the comparison. */
export function summarySentences(report: { fiscalYear: number; total: Counts; previous: { fiscalYear: number; total: Counts } | null }): string[] {
  const count = new Intl.NumberFormat("ja-JP");
  const rates = reportRates(report.total);
  const sentences = [
    `${formatFiscalYear(report.fiscalYear)}の対象者${count.format(report.total.people)}人のうち${count.format(report.total.completed)}人（${formatRatio(rates.people)}）が全研修を修了しました。`,
    `研修ごとに数えると、${count.format(report.total.assignments)}件のうち${count.format(report.total.completedAssignments)}件（${formatRatio(rates.assignments)}）が完了しています。`,
  ];
  if (report.previous) {
    const before = reportRates(report.previous.total);
    const difference = pointDifference(rates.people.tenths, before.people.tenths);
    sentences.push(
      `前年度（${formatFiscalYear(report.previous.fiscalYear)}）は対象者${count.format(report.previous.total.people)}人のうち${count.format(report.previous.total.completed)}人（${formatRatio(before.people)}）でした${difference === null ? "" : `（${difference}ポイント）`}。`,
    );
  } else {
    sentences.push("前年度の記録はありません。");
  }
  return sentences;
}
