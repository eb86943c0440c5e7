import { formatRatio, formatShare, RATE_LABELS, type CompletionRates, type Ratio } from "~/domain/reports/rates";

const integer = new Intl.NumberFormat("ja-JP");

export { formatRatio, formatShare, RATE_LABELS };
export type { CompletionRates, Ratio };

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return integer.format(value);
}
