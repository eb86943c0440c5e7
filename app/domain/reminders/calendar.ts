// The business calendar reminders are sent on, and due dates are kept on (rules/rules.ts): no weekends, no Japanese public holidays (from the
// maintained @holiday-jp/holiday_jp data set, 振替休日 and 国民の休日 included) and, by default,
// no 年末年始 (29 December – 3 January), the days municipal offices are closed under 地方自治法
// 第4条の2 and the city's 休日条例.
import holidayJp from "@holiday-jp/holiday_jp";
import { addDays } from "../time";

export type BusinessCalendar = {
  /** Why the date is not a business day (土曜日, 日曜日, the holiday's name, 年末年始), or null. */
  closedReason(isoDate: string): string | null;
  isBusinessDay(isoDate: string): boolean;
  /** The date itself when it is a business day, else the next one. */
  businessDayOnOrAfter(isoDate: string): string;
  /** The date itself when it is a business day, else the one before (due dates). */
  businessDayOnOrBefore(isoDate: string): string;
};

const WEEKDAYS = ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"];

/** 0 = Sunday … 6 = Saturday for a calendar date. */
export function weekdayOf(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

export function weekdayName(isoDate: string): string {
  return WEEKDAYS[weekdayOf(isoDate)];
}

const holidays = holidayJp.holidays as Record<string, { name: string } | undefined>;

export function publicHolidayName(isoDate: string): string | null {
  return Object.hasOwn(holidays, isoDate) ? (holidays[isoDate]?.name ?? null) : null;
}

function isNewYearClosure(isoDate: string): boolean {
  const monthDay = isoDate.slice(5);
  return monthDay >= "12-29" || monthDay <= "01-03";
}

export function createBusinessCalendar(options: { newYearHolidays: boolean }): BusinessCalendar {
  // Memoised per date: a rule evaluation asks about the same few dates for every person
  // (hundreds of thousands of assignments), and each uncached answer parses dates.
  const reasons = new Map<string, string | null>();
  const closedReason = (isoDate: string): string | null => {
    const cached = reasons.get(isoDate);
    if (cached !== undefined) return cached;
    const weekday = weekdayOf(isoDate);
    let reason: string | null = null;
    if (weekday === 0 || weekday === 6) reason = WEEKDAYS[weekday];
    else reason = publicHolidayName(isoDate) ?? (options.newYearHolidays && isNewYearClosure(isoDate) ? "年末年始" : null);
    reasons.set(isoDate, reason);
    return reason;
  };
  const isBusinessDay = (isoDate: string) => closedReason(isoDate) === null;
  const walk = (cache: Map<string, string>, step: number) => (isoDate: string): string => {
    const cached = cache.get(isoDate);
    if (cached !== undefined) return cached;
    let date = isoDate;
    // Longest closure in practice is under two weeks; the bound only guards against a bad table.
    for (let count = 0; count < 60 && !isBusinessDay(date); count += 1) date = addDays(date, step);
    cache.set(isoDate, date);
    return date;
  };
  return {
    closedReason,
    isBusinessDay,
    businessDayOnOrAfter: walk(new Map(), 1),
    businessDayOnOrBefore: walk(new Map(), -1),
  };
}
