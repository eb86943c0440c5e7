// The shared change functions (managers and HR) and refresher creation, called directly.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { accounts, assignmentEvents, assignments, auditLog, employees } from "~/db/schema";
import { extendAssignment, exemptAssignment, listAssignmentEvents, reinstateAssignment } from "~/domain/assignments/changes.server";
import { createRefresherAssignments, listRefresherModules } from "~/domain/assignments/refresher.server";
import { neutraliseCell, toCsv } from "~/domain/csv.server";
import { createDemoDb, TEST_NOW } from "../helpers/db";

let db: Db;
let actor: number;

beforeEach(() => {
  db = createDemoDb();
  actor = db.select({ id: accounts.id }).from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "H0001")).get()!.id;
});

function employeeId(employeeNo: string): number {
  return db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, employeeNo)).get()!.id;
}

function assignmentOf(employeeNo: string, moduleId: string) {
  return db.select().from(assignments).where(and(eq(assignments.employeeId, employeeId(employeeNo)), eq(assignments.moduleId, moduleId), eq(assignments.fiscalYear, 2026))).get()!;
}

describe("extendAssignment / exemptAssignment / reinstateAssignment", () => {
  it("stores the trimmed reason and records who, when and what changed", () => {
    const target = assignmentOf("S0001", "threats");
    const result = extendAssignment(db, { assignmentId: target.id, newDueDate: "2027-01-15", reason: "  病気休暇のため  ", actorAccountId: actor, ip: "10.0.0.1" }, TEST_NOW);
    expect(result.ok).toBe(true);
    const [event] = listAssignmentEvents(db, [target.id]);
    expect(event).toMatchObject({ kind: "extension", previousDueDate: target.dueDate, newDueDate: "2027-01-15", reason: "病気休暇のため", at: TEST_NOW, actorEmployeeNo: "H0001" });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "assignment.extended")).get()!;
    expect(audit).toMatchObject({ actorAccountId: actor, ip: "10.0.0.1", at: TEST_NOW, targetId: String(target.id) });
  });

  it("validates before writing: unknown id 404, exempt cannot be extended, past dates refused", () => {
    expect(extendAssignment(db, { assignmentId: 987654, newDueDate: "2027-01-15", reason: "x", actorAccountId: actor }, TEST_NOW)).toMatchObject({ ok: false, status: 404 });
    const target = assignmentOf("S0002", "threats");
    expect(exemptAssignment(db, { assignmentId: target.id, reason: "育休", actorAccountId: actor }, TEST_NOW).ok).toBe(true);
    expect(exemptAssignment(db, { assignmentId: target.id, reason: "育休", actorAccountId: actor }, TEST_NOW)).toMatchObject({ ok: false, status: 409 });
    expect(extendAssignment(db, { assignmentId: target.id, newDueDate: "2027-01-15", reason: "x", actorAccountId: actor }, TEST_NOW)).toMatchObject({ ok: false, status: 409 });
    expect(reinstateAssignment(db, { assignmentId: target.id, reason: "復職", newDueDate: "2026-11-01", actorAccountId: actor }, TEST_NOW)).toMatchObject({
      ok: false,
      status: 400,
      errors: { newDueDate: "期限は明日以降の日付にしてください。" },
    });
    expect(reinstateAssignment(db, { assignmentId: target.id, reason: 42, actorAccountId: actor }, TEST_NOW)).toMatchObject({ ok: false, status: 400 });
    expect(db.select().from(assignmentEvents).all()).toHaveLength(1);
    // Reinstating without a new date keeps the old one.
    expect(reinstateAssignment(db, { assignmentId: target.id, reason: "復職", newDueDate: "", actorAccountId: actor }, TEST_NOW).ok).toBe(true);
    expect(assignmentOf("S0002", "threats")).toMatchObject({ exemptedAt: null, dueDate: target.dueDate });
  });
});

describe("createRefresherAssignments", () => {
  it("offers available training modules only, never the acknowledgement", () => {
    const ids = listRefresherModules(db).map((module) => module.id);
    expect(ids).toContain("threats");
    expect(ids).not.toContain("policy-acknowledgement");
  });

  it("refuses leavers and writes nothing on any error", () => {
    const leaver = db.select({ id: employees.id }).from(employees).where(eq(employees.active, false)).get()!.id;
    const count = db.select().from(assignments).all().length;
    const result = createRefresherAssignments(
      db,
      { employeeIds: [employeeId("S0001"), leaver], moduleIds: ["manager-duties"], dueDate: "2026-12-20", reason: "再受講", actorAccountId: actor, fiscalYear: 2026 },
      TEST_NOW,
    );
    expect(result).toMatchObject({ ok: false, errors: { employees: "在職していない職員が含まれています。" } });
    expect(db.select().from(assignments).all()).toHaveLength(count);
  });

  it("dedupes repeated ids and skips existing 年度 assignments", () => {
    const s0001 = employeeId("S0001");
    const result = createRefresherAssignments(
      db,
      { employeeIds: [s0001, s0001], moduleIds: ["manager-duties", "manager-duties", "threats"], dueDate: "2026-12-20", reason: "再受講", actorAccountId: actor, fiscalYear: 2026 },
      TEST_NOW,
    );
    expect(result.ok && result.created.map((item) => item.moduleId)).toEqual(["manager-duties"]);
    expect(result.ok && result.skipped.map((item) => item.moduleId)).toEqual(["threats"]);
  });
});

describe("CSV", () => {
  it("neutralises formula cells and keeps numbers", () => {
    expect(neutraliseCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(neutraliseCell("+81")).toBe("'+81");
    expect(neutraliseCell("-1")).toBe("'-1");
    expect(neutraliseCell("@cmd")).toBe("'@cmd");
    expect(neutraliseCell("七尾")).toBe("七尾");
    expect(neutraliseCell(-1)).toBe(-1);
    expect(neutraliseCell(null)).toBe("");
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], ["改行\nあり", 3]])).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n"改行\nあり",3\r\n');
  });
});
