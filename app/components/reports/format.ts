import { ratePercent } from "~/domain/reports/counts";

const integer = new Intl.NumberFormat("ja-JP");

/** 0.8234 → "82.3%" (rounded down); null (nothing assigned) → "—". */
export function formatPercent(rate: number | null): string {
  const percent = ratePercent(rate);
  return percent === null ? "—" : `${percent.toFixed(1)}%`;
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return integer.format(value);
}
