const integer = new Intl.NumberFormat("ja-JP");

/** 0.8234 → "82.3%"; null (nothing assigned) → "—". */
export function formatPercent(rate: number | null): string {
  if (rate === null) return "—";
  return `${(Math.floor(rate * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return integer.format(value);
}
