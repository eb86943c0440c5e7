import { z } from "zod";

/** `?fy=2026` (the year the 年度 starts); missing means the current 年度. */
export const FiscalYearQuerySchema = z.coerce.number().int().min(2000).max(2100);

export function parseFiscalYearQuery(value: string | null, current: number): number | null {
  if (value === null || value === "") return current;
  const parsed = FiscalYearQuerySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
