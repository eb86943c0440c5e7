import { z } from "zod";
import { ROLE_TIERS } from "../content/schema";
import { addDays, fiscalYearEnd, isIsoDate } from "../time";
import type { BusinessCalendar } from "../reminders/calendar";

export type DuePolicy =
  | { kind: "fixed"; monthDay: string }
  | { kind: "relative"; days: number | null };

export type Rule = {
  id: number;
  name: string;
  categories: string[];
  /** Materialised path of the subtree root ("/1/4/"), or null for everyone. */
  departmentPath: string | null;
  roleTiers: string[];
  moduleIds: string[];
  due: DuePolicy;
  active: boolean;
};

export type RuleCandidate = { categoryName: string; departmentPath: string; roleTier: string };

/** Whether a rule applies to an employee. Empty lists mean "all". */
export function ruleMatches(rule: Pick<Rule, "categories" | "departmentPath" | "roleTiers" | "active">, employee: RuleCandidate): boolean {
  if (!rule.active) return false;
  if (rule.categories.length > 0 && !rule.categories.includes(employee.categoryName)) return false;
  if (rule.departmentPath !== null && !employee.departmentPath.startsWith(rule.departmentPath)) return false;
  if (rule.roleTiers.length > 0 && !rule.roleTiers.includes(employee.roleTier)) return false;
  return true;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The calendar date of a month-day inside a 年度 (April–December in its first year, January–March in the next). */
export function fixedDateInFiscalYear(fiscalYear: number, monthDay: string): string {
  const month = Number(monthDay.slice(0, 2));
  const year = month >= 4 ? fiscalYear : fiscalYear + 1;
  // 02-29 in a common year falls back to 02-28.
  const day = monthDay === "02-29" && !isLeapYear(year) ? "02-28" : monthDay;
  return `${year}-${day}`;
}

/**
 * The business calendar due dates are kept on (土日祝 and 年末年始 closed): the reminders' calendar
 * (reminders/calendar.ts) is passed in, so this module stays free of the holiday data.
 */
export type DueDateCalendar = BusinessCalendar;

/**
 * A due date never falls on a day the offices are closed: it moves to the previous business day
 * (nobody can ask the help desk on a holiday, and a deadline on 元日 would in practice be the
 * 28th anyway). Only when that would be before `notBefore` (the person's start) does it move to
 * the next business day instead.
 */
export function moveOffClosedDay(date: string, notBefore: string, calendar: DueDateCalendar): string {
  if (calendar.isBusinessDay(date)) return date;
  const before = calendar.businessDayOnOrBefore(date);
  return before >= notBefore && calendar.isBusinessDay(before) ? before : calendar.businessDayOnOrAfter(date);
}

/**
 * Due date of an assignment made on `assignedOn` for a person hired on `hireDate`.
 * The clock for a newcomer starts at the later of hire and assignment.
 * - fixed: the month-day in the 年度, but never sooner than `newHireDays` after that start
 *   (someone hired in January still gets their days);
 * - relative: N days (the rule's, else the category's) after that start.
 * With a calendar, a date on a closed day moves to the previous business day (`moveOffClosedDay`).
 */
export function calculateDueDate(
  due: DuePolicy,
  context: { fiscalYear: number; hireDate: string | null; assignedOn: string; newHireDays: number; calendar?: DueDateCalendar },
): string {
  const start = context.hireDate && context.hireDate > context.assignedOn ? context.hireDate : context.assignedOn;
  let date: string;
  if (due.kind === "relative") date = addDays(start, due.days ?? context.newHireDays);
  else {
    const fixed = fixedDateInFiscalYear(context.fiscalYear, due.monthDay);
    const floor = addDays(start, context.newHireDays);
    date = floor > fixed ? floor : fixed;
  }
  return context.calendar ? moveOffClosedDay(date, start, context.calendar) : date;
}

/** Whether someone belongs in a 年度's cycle at all: hired by its end, not left before today / its start. */
export function isInCycle(employee: { hireDate: string | null; endDate: string | null; active: boolean }, fiscalYear: number, today: string): boolean {
  if (!employee.active) return false;
  if (employee.hireDate && employee.hireDate > fiscalYearEnd(fiscalYear)) return false;
  if (employee.endDate && employee.endDate < today) return false;
  return true;
}

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The HR rule form. Field messages are Japanese; they are shown next to the fields. */
export const RuleFormSchema = z
  .object({
    name: z.string().trim().min(1, "名前を入力してください。").max(100, "名前は100文字以内にしてください。"),
    categories: z.array(z.string().min(1)).default([]),
    departmentId: z
      .string()
      .optional()
      .transform((value) => (value ? Number(value) : null))
      .refine((value) => value === null || (Number.isInteger(value) && value > 0), "所属の指定が正しくありません。"),
    roleTiers: z.array(z.enum(ROLE_TIERS, { message: "役職区分が正しくありません。" })).default([]),
    moduleIds: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1, "研修モジュールを1つ以上選んでください。"),
    dueKind: z.enum(["fixed", "relative"], { message: "期限の決め方を選んでください。" }),
    dueMonth: z.string().optional(),
    dueDay: z.string().optional(),
    dueDays: z.string().optional(),
    active: z.string().optional().transform((value) => value === "on" || value === "true"),
  })
  .transform((value, context) => {
    let due: DuePolicy;
    if (value.dueKind === "fixed") {
      const monthDay = `${(value.dueMonth ?? "").padStart(2, "0")}-${(value.dueDay ?? "").padStart(2, "0")}`;
      if (!MONTH_DAY.test(monthDay) || !isIsoDate(`2024-${monthDay}`)) {
        context.addIssue({ code: "custom", path: ["dueMonth"], message: "期限の月日が正しくありません（例：12月31日）。" });
        return z.NEVER;
      }
      due = { kind: "fixed", monthDay };
    } else {
      const raw = (value.dueDays ?? "").trim();
      const days = raw === "" ? null : Number(raw);
      if (days !== null && (!Number.isInteger(days) || days < 1 || days > 365)) {
        context.addIssue({ code: "custom", path: ["dueDays"], message: "日数は1〜365の整数で入力してください（空欄は職員区分の既定日数）。" });
        return z.NEVER;
      }
      due = { kind: "relative", days };
    }
    return { name: value.name, categories: value.categories, departmentId: value.departmentId, roleTiers: value.roleTiers, moduleIds: value.moduleIds, due, active: value.active };
  });

export type RuleForm = z.infer<typeof RuleFormSchema>;

const WEEKDAY_SHORT = ["日", "月", "火", "水", "木", "金", "土"];

function monthDayLabel(isoDate: string): string {
  return `${Number(isoDate.slice(5, 7))}月${Number(isoDate.slice(8, 10))}日`;
}

/**
 * The rule's due date in words. With a 年度 and the calendar, a fixed date on a closed day says
 * where it moves that year: 「12月31日（年末年始のため 12月28日（月）に前倒し）」.
 */
export function describeDue(due: DuePolicy, shown?: { fiscalYear: number; calendar: DueDateCalendar }): string {
  if (due.kind === "fixed") {
    const [month, day] = due.monthDay.split("-").map(Number);
    let moved = "";
    if (shown) {
      const date = fixedDateInFiscalYear(shown.fiscalYear, due.monthDay);
      const reason = shown.calendar.closedReason(date);
      if (reason) {
        const target = shown.calendar.businessDayOnOrBefore(date);
        const weekday = WEEKDAY_SHORT[new Date(`${target}T00:00:00Z`).getUTCDay()];
        moved = `（${reason}のため ${monthDayLabel(target)}（${weekday}）に前倒し）`;
      }
    }
    return `年度内の${month}月${day}日${moved}（採用・割り当てから職員区分の既定日数は確保）`;
  }
  const base = due.days === null ? "採用日または割り当て日から職員区分の既定日数" : `採用日または割り当て日から${due.days}日`;
  return shown ? `${base}（土日祝・年末年始にあたるときは直前の開庁日）` : base;
}
