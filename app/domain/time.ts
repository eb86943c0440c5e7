// Japan-time calendar helpers. All pure: "now" is always passed in.

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000; // Asia/Tokyo has no DST.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date in Japan at an instant, as YYYY-MM-DD. */
export function japanDate(instantMs: number): string {
  return new Date(instantMs + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** True when the string is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function parseIsoDate(value: string): Date {
  if (!isIsoDate(value)) throw new RangeError(`not an ISO date: ${value}`);
  return new Date(`${value}T00:00:00Z`);
}

/** Add whole days to a calendar date. */
export function addDays(isoDate: string, days: number): string {
  const date = parseIsoDate(isoDate);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from a to b (b − a) between two calendar dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseIsoDate(b).getTime() - parseIsoDate(a).getTime()) / 86_400_000);
}

/** The fiscal year (年度) a date belongs to: 1 April – 31 March, named by its starting year. */
export function fiscalYearOf(isoDate: string): number {
  const date = parseIsoDate(isoDate);
  const year = date.getUTCFullYear();
  return date.getUTCMonth() >= 3 ? year : year - 1;
}

export function fiscalYearStart(fiscalYear: number): string {
  return `${fiscalYear}-04-01`;
}

export function fiscalYearEnd(fiscalYear: number): string {
  return `${fiscalYear + 1}-03-31`;
}

const warekiDate = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

const warekiYear = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** 令和7年4月1日 (the first year of an era is shown as 元年). */
export function formatWareki(isoDate: string): string {
  return warekiDate.format(parseIsoDate(isoDate)).replace(/(\D)1年/, "$1元年");
}

/** 令和7年度 for fiscal year 2025. */
export function formatFiscalYear(fiscalYear: number): string {
  // The era year of 1 April names the 年度.
  return `${warekiYear.format(parseIsoDate(fiscalYearStart(fiscalYear))).replace(/(\D)1年$/, "$1元年")}度`;
}

/** 2025-04-01 → 2025年4月1日 (Western year, for compact tables). */
export function formatSeireki(isoDate: string): string {
  const date = parseIsoDate(isoDate);
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
}

/** An instant as Japan time: 令和7年4月1日 9:05. */
export function formatJapanDateTime(instantMs: number): string {
  const shifted = new Date(instantMs + JAPAN_OFFSET_MS);
  const hours = shifted.getUTCHours();
  const minutes = String(shifted.getUTCMinutes()).padStart(2, "0");
  return `${formatWareki(japanDate(instantMs))} ${hours}:${minutes}`;
}
