import { readFileSync } from "node:fs";
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { accounts, assignments, auditLog, departmentHistory, departments, employees, sessions } from "~/db/schema";
import { getSessionUser } from "~/domain/auth/session.server";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";
import { decodeRosterFile } from "~/domain/roster/parse.server";
import { applyImport, planImport } from "~/domain/roster/import.server";
import { ensureCurrentFiscalYear, openFiscalYear } from "~/domain/rules/cycles.server";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { cookieFor, get } from "../helpers/requests";

let db: Db;
beforeEach(() => {
  db = createDemoDb();
});

const header = ROSTER_COLUMNS.join(",");
const count = (query: ReturnType<typeof sql>) => db.get<{ n: number }>(query).n;
const employee = (no: string) => db.select().from(employees).where(eq(employees.employeeNo, no)).get();
const assignmentsOf = (no: string) =>
  db.select({ moduleId: assignments.moduleId, fiscalYear: assignments.fiscalYear, dueDate: assignments.dueDate, source: assignments.source })
    .from(assignments).innerJoin(employees, eq(employees.id, assignments.employeeId)).where(eq(employees.employeeNo, no)).all();

function snapshot() {
  return {
    employees: count(sql`SELECT count(*) AS n FROM employees`),
    accounts: count(sql`SELECT count(*) AS n FROM accounts`),
    assignments: count(sql`SELECT count(*) AS n FROM assignments`),
    history: count(sql`SELECT count(*) AS n FROM department_history`),
    audit: count(sql`SELECT count(*) AS n FROM audit_log`),
  };
}

/** The demo roster as a CSV, so that full-batch imports keep everyone but what a test removes. */
function currentRoster(except: string[] = []): string[] {
  const rows = db.all<{ no: string; name: string; kana: string; email: string | null; category: string; code: string; tier: string; hire: string | null }>(sql`
    SELECT e.employee_no AS no, e.name, e.name_kana AS kana, e.email, c.name AS category, d.code, e.role_tier AS tier, e.hire_date AS hire
    FROM employees e JOIN categories c ON c.id = e.category_id JOIN departments d ON d.id = e.department_id WHERE e.active = 1`);
  return rows.filter((row) => !except.includes(row.no)).map((row) => [row.no, row.name, row.kana, row.email ?? "", row.category, row.code, row.tier, row.hire ?? "", ""].join(","));
}

describe("roster import", () => {
  it("applies nothing when one row is bad, and names the row and column", () => {
    const before = snapshot();
    const text = [header, "N0001,輪島 さくら,ワジマ サクラ,,臨時職員,1210,一般,2026-11-01,", "N0002,穴水 剛,,,職員,9999,,2026-10-01,"].join("\n");
    const result = applyImport(db, text, { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "bad.csv" });
    expect(result).toEqual({ ok: false, problems: [{ line: 3, column: "所属コード", message: "所属コード「9999」は登録されていません。" }] });
    expect(snapshot()).toEqual(before);
  });

  it("imports a Shift_JIS file: new staff get accounts without a password, history, and their rules' assignments", () => {
    const decoded = decodeRosterFile(readFileSync("test/fixtures/roster-sjis.csv"));
    expect(decoded.encoding).toBe("Shift_JIS");
    const plan = planImport(db, decoded.text, { fullBatch: false, now: TEST_NOW });
    expect(plan.ok && plan.plan.created.map((row) => row.name)).toEqual(["輪島 さくら", "穴水 剛"]);
    const result = applyImport(db, decoded.text, { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "sjis.csv" });
    expect(result.ok).toBe(true);
    const sakura = employee("N0001")!;
    expect(sakura.name).toBe("輪島 さくら");
    expect(sakura.nameKana).toBe("ワジマ サクラ");
    const account = db.select().from(accounts).where(eq(accounts.employeeId, sakura.id)).get()!;
    expect(account.passwordHash).toBeNull();
    expect(db.select().from(departmentHistory).where(eq(departmentHistory.employeeId, sakura.id)).all()).toHaveLength(1);
    // 臨時職員 part-time track (with essentials), 14 days after hire (2026-11-01) but assigned today (11-25) → 12-09.
    const sakuraAssignments = assignmentsOf("N0001");
    expect(sakuraAssignments.map((row) => row.moduleId).sort()).toEqual(["essentials", "physical-human-technical", "policy-acknowledgement", "scope-and-duties", "threats"]);
    expect(new Set(sakuraAssignments.map((row) => row.dueDate))).toEqual(new Set(["2026-12-09"]));
    // 職員 + 管理職: the full track (fixed 12-31) and the manager module.
    const tsuyoshi = assignmentsOf("N0002");
    expect(tsuyoshi).toHaveLength(11);
    // 12月31日 is in 年末年始: the due date moves to the last business day, Monday 28 December.
    expect(tsuyoshi.find((row) => row.moduleId === "manager-duties")?.dueDate).toBe("2026-12-28");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "roster.imported")).all()).toHaveLength(1);
  });

  it("re-importing the same file changes nothing", () => {
    const text = [header, "N0001,輪島 さくら,ワジマ サクラ,,臨時職員,1210,一般,2026-11-01,"].join("\n");
    applyImport(db, text, { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "a.csv" });
    const before = snapshot();
    const plan = planImport(db, text, { fullBatch: false, now: TEST_NOW });
    expect(plan.ok && { created: plan.plan.created.length, changed: plan.plan.changed.length, unchanged: plan.plan.unchanged }).toEqual({ created: 0, changed: 0, unchanged: 1 });
    applyImport(db, text, { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "a.csv" });
    expect({ ...snapshot(), audit: before.audit }).toEqual(before);
  });

  it("full batch: people missing from the file leave, their accounts are disabled and sessions revoked, history kept", async () => {
    const cookie = await cookieFor(db, "S0002", Date.now());
    const s2 = employee("S0002")!;
    const assignmentCount = assignmentsOf("S0002").length;
    const text = [header, ...currentRoster(["S0002"])].join("\n");
    const plan = planImport(db, text, { fullBatch: true, now: TEST_NOW });
    expect(plan.ok && plan.plan.leavers).toEqual([{ employeeNo: "S0002", name: s2.name, reason: "missing" }]);
    expect(applyImport(db, text, { fullBatch: true, now: TEST_NOW, actorAccountId: null, fileName: "full.csv" }).ok).toBe(true);
    const after = employee("S0002")!;
    expect(after.active).toBe(false);
    expect(after.endDate).toBe("2026-11-25");
    expect(db.select().from(accounts).where(eq(accounts.employeeId, s2.id)).get()!.disabled).toBe(true);
    expect(db.select().from(sessions).where(and(eq(sessions.accountId, db.select().from(accounts).where(eq(accounts.employeeId, s2.id)).get()!.id), isNull(sessions.revokedAt))).all()).toHaveLength(0);
    expect(await getSessionUser(get("/learn", cookie), { db })).toBeNull();
    expect(assignmentsOf("S0002")).toHaveLength(assignmentCount);
    expect(db.select().from(departmentHistory).where(eq(departmentHistory.employeeId, s2.id)).get()!.toDate).toBe("2026-11-25");
  });

  it("full batch never disables an administrator missing from the file", () => {
    const text = [header, ...currentRoster(["A0001"])].join("\n");
    const plan = planImport(db, text, { fullBatch: true, now: TEST_NOW });
    expect(plan.ok && plan.plan.protectedAdmins).toEqual(["A0001"]);
    expect(plan.ok && plan.plan.leavers).toEqual([]);
  });

  it("a row with a past 退職日 makes a leaver without full batch", () => {
    const row = `${currentRoster().find((line) => line.startsWith("S0001,"))!}2026-11-20`;
    const plan = planImport(db, [header, row].join("\n"), { fullBatch: false, now: TEST_NOW });
    expect(plan.ok && plan.plan.leavers.map((leaver) => leaver.reason)).toEqual(["end_date"]);
    applyImport(db, [header, row].join("\n"), { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "x.csv" });
    expect(employee("S0001")!.active).toBe(false);
  });

  it("a transfer (人事異動) keeps existing assignments, records history and applies the new department's rules", () => {
    // A rule only for 消防本部 (code 4000).
    const fire = db.select().from(departments).where(eq(departments.code, "4000")).get()!;
    db.$client.prepare(`INSERT INTO assignment_rules (name, categories, department_id, role_tiers, module_ids, due_kind, due_month_day, created_at, updated_at)
      VALUES ('消防本部の追加研修', '[]', ?, '[]', '["operations-and-incidents","three-layer-defence"]', 'fixed', '01-31', 0, 0)`).run(fire.id);
    // Give S0002 (非常勤, 総務課) nothing beyond the core track so far.
    const before = assignmentsOf("S0002");
    expect(before.some((row) => row.moduleId === "operations-and-incidents")).toBe(false);
    const row = currentRoster().find((line) => line.startsWith("S0002,"))!.replace(",1111,", ",4200,");
    const result = applyImport(db, [header, row].join("\n"), { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "move.csv" });
    expect(result.ok && result.plan.changed[0].changes).toEqual([{ field: "所属", from: "1111", to: "4200" }]);
    const after = assignmentsOf("S0002");
    expect(after.length).toBe(before.length + 2);
    for (const old of before) expect(after).toContainEqual(old);
    // 31 January 2027 is a Sunday: due on Friday the 29th.
    expect(after.find((row) => row.moduleId === "operations-and-incidents" && row.fiscalYear === 2026)?.dueDate).toBe("2027-01-29");
    const history = db.select().from(departmentHistory).where(eq(departmentHistory.employeeId, employee("S0002")!.id)).orderBy(departmentHistory.id).all();
    expect(history.map((entry) => [entry.toDate, entry.fromDate])).toEqual([["2026-11-24", history[0].fromDate], [null, "2026-11-25"]]);
  });
});

describe("年度 cycles", () => {
  it("opening the next 年度 creates its assignments; an earlier completion does not satisfy it; nothing is deleted", () => {
    const before2026 = count(sql`SELECT count(*) AS n FROM assignments WHERE fiscal_year = 2026`);
    const completed2026 = count(sql`SELECT count(*) AS n FROM assignments WHERE fiscal_year = 2026 AND completed_at IS NOT NULL`);
    const active = count(sql`SELECT count(*) AS n FROM employees WHERE active = 1`);
    expect(ensureCurrentFiscalYear(db, TEST_NOW)).toBeNull(); // already open
    const result = openFiscalYear(db, 2027, { accountId: null }, TEST_NOW);
    expect(result.ok).toBe(true);
    const created = result.ok ? result.created : 0;
    // Everyone active gets at least the acknowledgement, which is for all.
    expect(created).toBeGreaterThan(active);
    expect(count(sql`SELECT count(*) AS n FROM assignments WHERE fiscal_year = 2027`)).toBe(created);
    expect(count(sql`SELECT count(*) AS n FROM assignments WHERE fiscal_year = 2027 AND completed_at IS NOT NULL`)).toBe(0);
    expect(count(sql`SELECT count(*) AS n FROM assignments WHERE fiscal_year = 2026`)).toBe(before2026);
    expect(count(sql`SELECT count(*) AS n FROM assignments WHERE fiscal_year = 2026 AND completed_at IS NOT NULL`)).toBe(completed2026);
    expect(db.get<{ due: string }>(sql`SELECT min(due_date) AS due FROM assignments WHERE fiscal_year = 2027`).due >= "2027-04-01").toBe(true);
    expect(openFiscalYear(db, 2027, { accountId: null }, TEST_NOW)).toEqual({ ok: false, message: "令和9年度はすでに開始しています。" });
    expect(openFiscalYear(db, 2029, { accountId: null }, TEST_NOW).ok).toBe(false);
  });

  it("opens the new 年度 automatically on 1 April", () => {
    const april = Date.parse("2027-03-31T15:30:00Z"); // 2027-04-01 00:30 JST
    const result = ensureCurrentFiscalYear(db, april);
    expect(result?.ok).toBe(true);
    expect(count(sql`SELECT count(*) AS n FROM fiscal_years WHERE year = 2027`)).toBe(1);
  });
});

describe("bulk import and the report summary", () => {
  it("keeps report_summary exact when a large import switches the triggers off and rebuilds", async () => {
    const { rebuildReportSummary } = await import("~/domain/reports/summary-maintenance.server");
    const codes = ["1111", "1210", "4200", "5110"];
    const categoriesList = ["職員", "非常勤職員", "臨時職員", "委託事業者"];
    const rows = Array.from({ length: 2100 }, (_, index) => `B${String(index).padStart(5, "0")},試験 ${index},,,${categoriesList[index % 4]},${codes[index % 4]},${index % 9 === 0 ? "管理職" : "一般"},2026-0${1 + (index % 9)}-01,`);
    const result = applyImport(db, [header, ...rows].join("\n"), { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "bulk.csv" });
    expect(result.ok && result.assignmentsCreated).toBeGreaterThan(5000);
    const summary = () => db.all(sql`SELECT * FROM report_summary ORDER BY 1, 2, 3, 4, 5, 6`);
    const afterImport = summary();
    rebuildReportSummary(db.$client);
    expect(summary()).toEqual(afterImport);
    // And the triggers are back: a small change is reflected without a rebuild.
    const triggers = db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_summary_%'`);
    expect(triggers.length).toBeGreaterThan(0);
  });
});
