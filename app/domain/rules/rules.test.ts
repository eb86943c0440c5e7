import { describe, expect, it } from "vitest";
import { calculateDueDate, fixedDateInFiscalYear, isInCycle, ruleMatches, RuleFormSchema, type Rule } from "./rules";

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
