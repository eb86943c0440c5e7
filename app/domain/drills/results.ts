// Pure arithmetic of drill results (rates and medians), shared by the HR and manager views.
import { percentValue, ratio } from "../reports/rates";

export type Counts = { sent: number; clicked: number; entered: number; reported: number };

export type ResultRow = Counts & {
  key: number;
  name: string;
  clickedRate: number | null;
  enteredRate: number | null;
  reportedRate: number | null;
  /** Median minutes from sending to the report, among those who reported. */
  medianReportMinutes: number | null;
};

/** One decimal, half-up from integers, as every other rate shown (reports/rates.ts). */
export function rate(part: number, whole: number): number | null {
  return percentValue(ratio(part, whole));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function toResultRow(key: number, name: string, counts: Counts, reportMinutes: number[]): ResultRow {
  const value = median(reportMinutes);
  return {
    key,
    name,
    ...counts,
    clickedRate: rate(counts.clicked, counts.sent),
    enteredRate: rate(counts.entered, counts.sent),
    reportedRate: rate(counts.reported, counts.sent),
    medianReportMinutes: value === null ? null : Math.round(value),
  };
}

export function formatRate(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(1)}%`;
}

export function formatMinutes(value: number | null): string {
  if (value === null) return "—";
  if (value < 60) return `${value}分`;
  const hours = Math.floor(value / 60);
  return `${hours}時間${value % 60 > 0 ? `${value % 60}分` : ""}`;
}
