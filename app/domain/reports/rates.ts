// The two completion rates every page, CSV and workbook shows, side by side, from one function:
//   対象者の修了率（人）  people who completed every (non-exempt) training of the 年度 ÷ people with
//                       at least one non-exempt training
//   研修ごとの完了率（件） completed ÷ non-exempt assignments (person × training)
// A 消防本部 at 51.6 % of assignments can be at 2.9 % of people: both are true, they answer
// different questions, so neither is shown without the other.
//
// Rounding: percent with one decimal, half-up, computed from the integer counts (no floating-point
// product can turn 12.35 into 12.34). One exception: a rate is shown as 100.0 % only when
// everyone/everything is done; 1,999 of 2,000 (99.95 %) shows 99.9 %, since "100 %" on a compliance
// report would say nobody is missing.

export type Ratio = { part: number; whole: number; /** percent × 10 (integer), null when whole is 0 */ tenths: number | null };

export type CompletionRates = {
  /** 対象者の修了率（人）: finished people ÷ target people. */
  people: Ratio;
  /** 研修ごとの完了率（件）: completed ÷ non-exempt assignments. */
  assignments: Ratio;
};

export const RATE_LABELS = {
  people: "対象者の修了率（人）",
  assignments: "研修ごとの完了率（件）",
} as const;

export const RATE_EXPLANATIONS = {
  people: "その年度の研修（免除を除く）をすべて修了した人 ÷ 研修が1つ以上ある在職者。全研修を終えた人の割合です。",
  assignments: "完了した研修の件数 ÷ 割り当てられた研修の件数（1件 = 職員1人 × 研修1つ、免除を除く）。研修の進み具合です。",
} as const;

/** Percent × 10, half-up, from integers: 1/8 → 125 (12.5 %), 1/3 → 333, 2/3 → 667. */
export function percentTenths(part: number, whole: number): number | null {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || whole <= 0 || part < 0) return null;
  // round(1000·part/whole) half-up = floor((2000·part + whole) / (2·whole)), in exact integers.
  const numerator = BigInt(part) * 2000n + BigInt(whole);
  const tenths = Number(numerator / (BigInt(whole) * 2n));
  return tenths >= 1000 && part < whole ? 999 : tenths;
}

export function ratio(part: number, whole: number): Ratio {
  return { part, whole, tenths: percentTenths(part, whole) };
}

/** The one function behind every completion rate shown. */
export function completionRates(counts: { finishedPeople: number; targetPeople: number; completed: number; assigned: number }): CompletionRates {
  return { people: ratio(counts.finishedPeople, counts.targetPeople), assignments: ratio(counts.completed, counts.assigned) };
}

/** 51.6 (a number for CSV and workbooks), or null. */
export function percentValue(value: Ratio | null | undefined): number | null {
  return value?.tenths == null ? null : value.tenths / 10;
}

/** "51.6%", or "—" when nothing is counted. */
export function formatRatio(value: Ratio | null | undefined): string {
  return value?.tenths == null ? "—" : `${(value.tenths / 10).toFixed(1)}%`;
}

/** The same for a bare pair of counts (正答率, chart points). */
export function formatShare(part: number, whole: number): string {
  return formatRatio(ratio(part, whole));
}
