import { describe, expect, it } from "vitest";
import { createBusinessCalendar } from "../reminders/calendar";
import { calculateDueDate, describeDue, fixedDateInFiscalYear, isInCycle, moveOffClosedDay, ruleMatches, RuleFormSchema, type Rule } from "./rules";

const rule: Rule = { id: 1, name: "r", categories: ["職員"], departmentPath: "/1/4/", roleTiers: [], moduleIds: ["threats"], due: { kind: "fixed", monthDay: "12-31" }, active: true };

describe("ruleMatches", () => {
  it("matches category, department subtree and role tier; empty lists mean all", () => {
    expect(ruleMatches(rule, { categoryName: "職員", departmentPath: "/1/4/12/", roleTier: "一般" })).toBe(true);
    expect(ruleMatches(rule, { categoryName: "職員", departmentPath: "/1/4/", roleTier: "一般" })).toBe(true);
    expect(ruleMatches(rule, { categoryName: "職員", departmentPath: "/1/41/", roleTier: "一般" })).toBe(false);
    expect(ruleMatches(rule, { categoryName: "臨時職員", departmentPath: "/1/4/", roleTier: "一般" })).toBe(false);
    expect(ruleMatches({ ...rule, roleTiers: ["管理職"] }, { categoryName: "職員", departmentPath: "/1/4/", roleTier: "一般" })).toBe(false);
    expect(ruleMatches({ ...rule, categories: [], departmentPath: null }, { categoryName: "委託事業者", departmentPath: "/9/", roleTier: "一般" })).toBe(true);
    expect(ruleMatches({ ...rule, active: false }, { categoryName: "職員", departmentPath: "/1/4/", roleTier: "一般" })).toBe(false);
  });
});

describe("due dates", () => {
  const base = { fiscalYear: 2026, hireDate: "2010-04-01", assignedOn: "2026-04-01", newHireDays: 30 };
  it("puts a fixed month-day in the right calendar year of the 年度", () => {
    expect(fixedDateInFiscalYear(2026, "12-31")).toBe("2026-12-31");
    expect(fixedDateInFiscalYear(2026, "03-31")).toBe("2027-03-31");
    expect(fixedDateInFiscalYear(2026, "04-01")).toBe("2026-04-01");
  });
  it("handles 29 February in leap and common years", () => {
    expect(fixedDateInFiscalYear(2027, "02-29")).toBe("2028-02-29");
    expect(fixedDateInFiscalYear(2026, "02-29")).toBe("2027-02-28");
    expect(calculateDueDate({ kind: "relative", days: 1 }, { ...base, assignedOn: "2028-02-28" })).toBe("2028-02-29");
  });
  it("gives staff the fixed date, and a January new hire their 30 days across the year end", () => {
    expect(calculateDueDate({ kind: "fixed", monthDay: "12-31" }, base)).toBe("2026-12-31");
    expect(calculateDueDate({ kind: "fixed", monthDay: "12-31" }, { ...base, hireDate: "2027-01-15", assignedOn: "2027-01-10" })).toBe("2027-02-14");
    // Hired on 20 March: due in the next calendar 年度, never before the 30 days.
    expect(calculateDueDate({ kind: "fixed", monthDay: "12-31" }, { ...base, hireDate: "2027-03-20", assignedOn: "2027-03-20" })).toBe("2027-04-19");
  });
  it("counts relative days from the later of hire and assignment", () => {
    expect(calculateDueDate({ kind: "relative", days: 7 }, { ...base, newHireDays: 7 })).toBe("2026-04-08");
    expect(calculateDueDate({ kind: "relative", days: null }, { ...base, hireDate: "2026-06-10", assignedOn: "2026-06-01", newHireDays: 14 })).toBe("2026-06-24");
  });
});

describe("due dates never on closed days", () => {
  const calendar = createBusinessCalendar({ newYearHolidays: true });
  const base = { fiscalYear: 2026, hireDate: "2010-04-01", assignedOn: "2026-04-01", newHireDays: 30, calendar };

  it("moves a weekend date to the Friday before", () => {
    expect(moveOffClosedDay("2026-06-13", "2026-04-01", calendar)).toBe("2026-06-12"); // Saturday
    expect(moveOffClosedDay("2026-06-14", "2026-04-01", calendar)).toBe("2026-06-12"); // Sunday
    expect(moveOffClosedDay("2026-06-15", "2026-04-01", calendar)).toBe("2026-06-15"); // Monday stays
  });

  it("moves off public holidays, 振替休日 and a chain of closed days (Golden Week 2026)", () => {
    expect(moveOffClosedDay("2026-11-23", "2026-04-01", calendar)).toBe("2026-11-20"); // 勤労感謝の日 (Mon) → Fri
    // 5/2 Sat, 5/3 Sun 憲法記念日, 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日: back to Friday 1 May.
    expect(moveOffClosedDay("2026-05-06", "2026-04-01", calendar)).toBe("2026-05-01");
  });

  it("moves the default 12月31日 to Monday 28 December 2026, and a new hire's 元日 too", () => {
    expect(calculateDueDate({ kind: "fixed", monthDay: "12-31" }, base)).toBe("2026-12-28");
    // Hired 2 December with 30 days: 1 January 2027 (元日, 年末年始) → 28 December.
    expect(calculateDueDate({ kind: "relative", days: null }, { ...base, hireDate: "2026-12-02", assignedOn: "2026-11-25" })).toBe("2026-12-28");
    // 12月31日 2027 is a Friday but in 年末年始: Tuesday 28 December 2027.
    expect(calculateDueDate({ kind: "fixed", monthDay: "12-31" }, { ...base, fiscalYear: 2027, assignedOn: "2027-04-01" })).toBe("2027-12-28");
    // Without 年末年始 closed, only the weekend counts: 2026-12-31 is a Thursday.
    expect(calculateDueDate({ kind: "fixed", monthDay: "12-31" }, { ...base, calendar: createBusinessCalendar({ newYearHolidays: false }) })).toBe("2026-12-31");
  });

  it("never moves before the person's start: then the next business day", () => {
    // Assigned on Wednesday 30 December with one day: 31 December → the 28th would be before the start.
    expect(calculateDueDate({ kind: "relative", days: 1 }, { ...base, assignedOn: "2026-12-30" })).toBe("2027-01-04");
    expect(moveOffClosedDay("2026-06-13", "2026-06-13", calendar)).toBe("2026-06-15");
  });

  it("says on /hr/rules where this 年度's fixed date moves", () => {
    expect(describeDue({ kind: "fixed", monthDay: "12-31" }, { fiscalYear: 2026, calendar })).toContain("12月31日（年末年始のため 12月28日（月）に前倒し）");
    expect(describeDue({ kind: "fixed", monthDay: "11-20" }, { fiscalYear: 2026, calendar })).toBe("年度内の11月20日（採用・割り当てから職員区分の既定日数は確保）");
    expect(describeDue({ kind: "fixed", monthDay: "01-31" }, { fiscalYear: 2026, calendar })).toContain("1月31日（日曜日のため 1月29日（金）に前倒し）");
  });
});

describe("isInCycle", () => {
  it("excludes leavers, people hired after the 年度 and people who left before today", () => {
    expect(isInCycle({ hireDate: "2020-04-01", endDate: null, active: true }, 2026, "2026-11-25")).toBe(true);
    expect(isInCycle({ hireDate: "2027-04-01", endDate: null, active: true }, 2026, "2026-11-25")).toBe(false);
    expect(isInCycle({ hireDate: "2020-04-01", endDate: "2026-10-31", active: true }, 2026, "2026-11-25")).toBe(false);
    expect(isInCycle({ hireDate: "2020-04-01", endDate: null, active: false }, 2026, "2026-11-25")).toBe(false);
  });
});

describe("RuleFormSchema", () => {
  it("accepts a fixed rule and a relative one with the category default", () => {
    const fixed = RuleFormSchema.parse({ name: "年度研修", categories: ["職員"], moduleIds: ["threats"], dueKind: "fixed", dueMonth: "12", dueDay: "31", active: "on" });
    expect(fixed.due).toEqual({ kind: "fixed", monthDay: "12-31" });
    expect(fixed.active).toBe(true);
    const relative = RuleFormSchema.parse({ name: "新規", moduleIds: ["threats"], dueKind: "relative", dueDays: "" });
    expect(relative.due).toEqual({ kind: "relative", days: null });
  });
  it("rejects an impossible date, bad days and no module, in Japanese", () => {
    const bad = RuleFormSchema.safeParse({ name: "x", moduleIds: ["threats"], dueKind: "fixed", dueMonth: "2", dueDay: "30" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/月日が正しくありません/);
    expect(RuleFormSchema.safeParse({ name: "x", moduleIds: ["threats"], dueKind: "relative", dueDays: "0" }).error?.issues[0].message).toMatch(/1〜365/);
    expect(RuleFormSchema.safeParse({ name: "x", moduleIds: [], dueKind: "relative" }).error?.issues[0].message).toMatch(/1つ以上/);
  });
});
