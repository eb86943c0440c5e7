// The manager's workspace: every /team loader and action, signed in as M0001 (総務課長) on the
// demo data, with members inside (総務課 1110, 文書法制係 1111, 庶務係 1112) and outside (H0001,
// 人事課 1120) the subtree.
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db/client.server";
import { accounts, assignmentEvents, assignments, auditLog, categories, departments, employees } from "~/db/schema";
import { loader as hrChangesLoader } from "~/routes/hr.assignment-changes";
import { loader as learnLoader } from "~/routes/learn._index";
import { action as changeAction, loader as changeLoader } from "~/routes/team.assignments.$assignmentId";
import { action as assignAction, loader as assignLoader } from "~/routes/team.assign";
import { loader as memberLoader } from "~/routes/team.$employeeNo";
import { loader as exportLoader } from "~/routes/team.export[.]csv";
import { loader as teamLoader } from "~/routes/team._index";
import { runReminders } from "~/domain/reminders/run.server";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;
let manager: string;
const FISCAL_YEAR = 2026;
const TODAY = "2026-11-25";

beforeEach(async () => {
  vi.stubEnv("MAMORI_NOW", new Date(TEST_NOW).toISOString());
  db = createDemoDb();
  manager = await cookieFor(db, "M0001");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

type TeamData = Awaited<ReturnType<typeof teamLoader>>;

async function team(query = "", cookie = manager) {
  return settle(() => teamLoader({ request: get(`/team${query}`, cookie), params: {}, context }));
}

function employeeId(employeeNo: string): number {
  return db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, employeeNo)).get()!.id;
}

function departmentId(code: string): number {
  return db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)).get()!.id;
}

function accountId(employeeNo: string): number {
  return db.select({ id: accounts.id }).from(accounts).where(eq(accounts.employeeId, employeeId(employeeNo))).get()!.id;
}

function assignmentOf(employeeNo: string, moduleId: string, fiscalYear = FISCAL_YEAR) {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.employeeId, employeeId(employeeNo)), eq(assignments.moduleId, moduleId), eq(assignments.fiscalYear, fiscalYear)))
    .get();
}

/** Everything a refused request must leave untouched. */
function fingerprint() {
  return db.get<{ assignments: number; events: number; audit: number; state: string }>(sql`
    SELECT (SELECT count(*) FROM assignments) AS assignments,
      (SELECT count(*) FROM assignment_events) AS events,
      (SELECT count(*) FROM audit_log) AS audit,
      (SELECT group_concat(id || ':' || due_date || ':' || coalesce(exempted_at, '') || ':' || coalesce(exemption_reason, ''), ',') FROM assignments) AS state
  `);
}

function teamEmployeeNumbers(): string[] {
  return db
    .all<{ employeeNo: string }>(sql`
      SELECT e.employee_no AS employeeNo FROM employees e JOIN departments d ON d.id = e.department_id
      WHERE e.active = 1 AND d.code IN ('1110', '1111', '1112') ORDER BY e.employee_no
    `)
    .map((row) => row.employeeNo);
}

function assign(fields: Record<string, string | string[]>, cookie = manager) {
  return settle(() => assignAction({ request: post("/team/assign", fields, cookie), params: {}, context }));
}

function change(assignmentId: number | string, fields: Record<string, string>, cookie = manager) {
  return settle(() => changeAction({ request: post(`/team/assignments/${assignmentId}`, fields, cookie), params: { assignmentId: String(assignmentId) }, context }));
}

describe("/team: the subtree and nothing more", () => {
  it("shows M0001 exactly the active staff of 総務課 and its 係, overdue first", async () => {
    const data = (await team()) as TeamData;
    expect(data.team.departments.map((department) => department.name)).toEqual(["総務課"]);
    expect(data.team.subtree.map((department) => department.code)).toEqual(["1110", "1111", "1112"]);
    const numbers = data.team.members.map((member) => member.employeeNo);
    expect([...numbers].sort()).toEqual(teamEmployeeNumbers());
    expect(numbers).toEqual(expect.arrayContaining(["S0001", "S0002", "M0001"]));
    expect(numbers).not.toContain("H0001");
    const overdue = data.team.members.map((member) => member.counts.overdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a));
    expect(overdue[0]).toBeGreaterThan(0);
    // Each member carries this 年度's assignments with a derived status.
    const s0001 = data.team.members.find((member) => member.employeeNo === "S0001")!;
    const rows = db.select().from(assignments).where(and(eq(assignments.employeeId, employeeId("S0001")), eq(assignments.fiscalYear, FISCAL_YEAR))).all();
    expect(s0001.assignments).toHaveLength(rows.length);
    expect(s0001.counts.total).toBe(rows.length);
  });

  it("puts the department's completion rate beside the organisation's (exempt and leavers excluded)", async () => {
    const expected = (codes: string) =>
      db.get<{ completed: number; denominator: number }>(sql.raw(`
        SELECT sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed, sum(a.exempted_at IS NULL) AS denominator
        FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN departments d ON d.id = e.department_id
        WHERE a.fiscal_year = ${FISCAL_YEAR} AND e.active = 1 AND ${codes}
      `))!;
    const data = (await team()) as TeamData;
    const mine = expected("d.code IN ('1110', '1111', '1112')");
    expect(data.team.rate.completed).toBe(mine.completed);
    expect(data.team.rate.denominator).toBe(mine.denominator);
    expect(data.team.rate.percent).toBe(Math.round((mine.completed / mine.denominator) * 1000) / 10);
    expect(data.team.organisations.map((organisation) => organisation.name)).toEqual(["内部部局"]);
    const organisationPath = db.select({ path: departments.path }).from(departments).where(eq(departments.code, "1000")).get()!.path;
    const organisation = expected(`d.path LIKE '${organisationPath}%'`);
    expect(data.team.organisations[0].rate.denominator).toBe(organisation.denominator);
    expect(data.team.organisations[0].rate.completed).toBe(organisation.completed);
    expect(organisation.denominator).toBeGreaterThan(mine.denominator);
    // People: counted per person (finished = every non-exempt assignment done), for the team and the organisation.
    const people = (codes: string) =>
      db.get<{ targets: number; finished: number }>(sql.raw(`
        SELECT count(*) AS targets, coalesce(sum(completed = assigned), 0) AS finished FROM (
          SELECT sum(a.exempted_at IS NULL) AS assigned, sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed
          FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN departments d ON d.id = e.department_id
          WHERE a.fiscal_year = ${FISCAL_YEAR} AND e.active = 1 AND ${codes} GROUP BY e.id
        ) WHERE assigned > 0
      `))!;
    const minePeople = people("d.code IN ('1110', '1111', '1112')");
    expect([data.team.rate.targets, data.team.rate.finished]).toEqual([minePeople.targets, minePeople.finished]);
    const organisationPeople = people(`d.path LIKE '${organisationPath}%'`);
    expect([data.team.organisations[0].rate.targets, data.team.organisations[0].rate.finished]).toEqual([organisationPeople.targets, organisationPeople.finished]);
    expect(organisationPeople.targets).toBeGreaterThan(minePeople.targets);

    // An exemption leaves the denominator.
    const open = assignmentOf("S0001", "threats")!;
    db.update(assignments).set({ exemptedAt: TEST_NOW, exemptionReason: "育児休業のため" }).where(eq(assignments.id, open.id)).run();
    expect(((await team()) as TeamData).team.rate.denominator).toBe(mine.denominator - 1);
  });

  it("filters by category, department and status", async () => {
    const partTime = db.select({ id: categories.id }).from(categories).where(eq(categories.name, "非常勤職員")).get()!.id;
    const byCategory = (await team(`?category=${partTime}`)) as TeamData;
    expect(byCategory.team.members.length).toBeGreaterThan(0);
    expect(byCategory.team.members.every((member) => member.categoryName === "非常勤職員")).toBe(true);
    expect(byCategory.team.members.map((member) => member.employeeNo)).toContain("S0002");

    const byDepartment = (await team(`?department=${departmentId("1111")}`)) as TeamData;
    expect(new Set(byDepartment.team.members.map((member) => member.departmentName))).toEqual(new Set(["文書法制係"]));

    const overdue = (await team("?status=overdue")) as TeamData;
    expect(overdue.team.members.length).toBeGreaterThan(0);
    expect(overdue.team.members.every((member) => member.assignments.length > 0 && member.assignments.every((assignment) => assignment.status === "overdue"))).toBe(true);
  });

  it("refuses a department outside the subtree (404) and malformed filters (400)", async () => {
    expect(((await team(`?department=${departmentId("1120")}`)) as Response).status).toBe(404);
    expect(((await team("?status=late")) as Response).status).toBe(400);
    expect(((await team("?category=abc")) as Response).status).toBe(400);
  });

  it("follows every department a manager heads", async () => {
    db.update(departments).set({ headEmployeeId: employeeId("M0001") }).where(eq(departments.code, "1120")).run();
    const data = (await team()) as TeamData;
    expect(data.team.departments.map((department) => department.name)).toEqual(["総務課", "人事課"]);
    expect(data.team.members.map((member) => member.employeeNo)).toContain("H0001");
  });

  it("gives 403 to a learner and an empty page to a manager who heads nothing", async () => {
    const learner = await cookieFor(db, "S0001");
    const runs: (() => Promise<unknown>)[] = [
      () => teamLoader({ request: get("/team", learner), params: {}, context }),
      () => exportLoader({ request: get("/team/export.csv", learner), params: {}, context }),
      () => memberLoader({ request: get("/team/S0002", learner), params: { employeeNo: "S0002" }, context }),
      () => assignLoader({ request: get("/team/assign", learner), params: {}, context }),
    ];
    for (const run of runs) {
      expect(((await settle(run)) as Response).status).toBe(403);
    }
    db.update(departments).set({ headEmployeeId: null }).where(eq(departments.code, "1110")).run();
    const data = (await team()) as TeamData;
    expect(data.team.departments).toEqual([]);
    expect(data.team.members).toEqual([]);
  });
});

describe("/team/export.csv", () => {
  it("exports the subtree with a BOM, proper quoting, neutralised formulas and the same filters", async () => {
    db.update(employees).set({ name: "=HYPERLINK(\"http://x\",\"y\")" }).where(eq(employees.employeeNo, "S0002")).run();
    const response = (await settle(() => exportLoader({ request: get("/team/export.csv", manager), params: {}, context }))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="team-2026-2026-11-25\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("年度,職員番号,氏名,所属コード,所属,区分,研修ID,研修名,種別,期限,状況,修了日時,免除理由,割り当ての理由");
    const numbers = new Set(lines.slice(1).map((line) => line.split(",")[1]));
    expect([...numbers].sort()).toEqual(teamEmployeeNumbers());
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "team.exported")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].actorAccountId).toBe(accountId("M0001"));

    db.update(employees).set({ name: "能登 花子" }).where(eq(employees.employeeNo, "S0002")).run();
    const overdue = (await settle(() => exportLoader({ request: get("/team/export.csv?status=overdue", manager), params: {}, context }))) as Response;
    const rows = (await overdue.text()).split("\r\n").filter(Boolean).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.split(",")[10] === "期限超過")).toBe(true);
    const outside = (await settle(() => exportLoader({ request: get(`/team/export.csv?department=${departmentId("1120")}`, manager), params: {}, context }))) as Response;
    expect(outside.status).toBe(404);
  });
});

describe("/team/:employeeNo", () => {
  it("shows a member's training record and nothing beyond training data", async () => {
    const data = (await settle(() => memberLoader({ request: get("/team/S0001", manager), params: { employeeNo: "S0001" }, context }))) as Awaited<ReturnType<typeof memberLoader>>;
    expect(data.member).toEqual({ employeeNo: "S0001", name: "七尾 太郎", departmentName: "文書法制係", categoryName: "職員" });
    expect(JSON.stringify(data)).not.toMatch(/@example\.lg\.jp|passwordHash|hireDate|nameKana/);
    expect(data.record.assignments.some((assignment) => assignment.fiscalYear === FISCAL_YEAR - 1)).toBe(true);
    expect(data.record.attempts.length).toBeGreaterThan(0);
    expect(data.record.acknowledgements.length).toBeGreaterThan(0);
    expect(data.reminders).toEqual([]);
    // After a reminder run, the record lists what S0001 was sent (S0001 has overdue training).
    await runReminders(db, { date: TODAY, trigger: "cli", mail: { smtpUrl: null, from: "mamori@mamori.test", baseUrl: "http://mamori.test", messageIdDomain: "mamori.test", schedulerEnabled: false } });
    const after = (await settle(() => memberLoader({ request: get("/team/S0001", manager), params: { employeeNo: "S0001" }, context }))) as Awaited<ReturnType<typeof memberLoader>>;
    expect(after.reminders.length).toBeGreaterThan(0);
    expect(after.reminders[0].modules.length).toBeGreaterThan(0);
    expect(JSON.stringify(after)).not.toMatch(/@example\.lg\.jp/);
  });

  it("answers 404 for an outsider, an unknown number and a leaver, whatever the URL says", async () => {
    db.update(employees).set({ active: false }).where(eq(employees.employeeNo, "E00001")).run();
    for (const employeeNo of ["H0001", "A0001", "Z9999", "E00001", "s0001%27--"]) {
      const result = (await settle(() => memberLoader({ request: get(`/team/${employeeNo}`, manager), params: { employeeNo }, context }))) as Response;
      expect(result.status, employeeNo).toBe(404);
    }
  });
});

describe("/team/assign: refresher training", () => {
  const base = { dueDate: "2026-12-20", reason: "標的型メール訓練で開封したため、再受講してください。" };

  it("creates refresher assignments with the assigner and reason, idempotently, audited", async () => {
    const before = fingerprint()!;
    const result = payload<{ ok: true; created: { employeeNo: string; moduleId: string }[]; skipped: { employeeNo: string; moduleId: string; existingSource: string }[] }>(
      await assign({ ...base, employee: ["S0001"], module: ["manager-duties", "threats"] }),
    );
    expect(result.status).toBe(200);
    expect(result.body.created).toEqual([{ employeeNo: "S0001", name: "七尾 太郎", moduleId: "manager-duties", cycle: 1 }]);
    expect(result.body.skipped).toMatchObject([{ employeeNo: "S0001", moduleId: "threats", existingSource: "rule" }]);
    const row = assignmentOf("S0001", "manager-duties")!;
    expect(row).toMatchObject({ source: "refresher", assignedByAccountId: accountId("M0001"), reason: base.reason, dueDate: "2026-12-20", fiscalYear: FISCAL_YEAR, startedAt: null });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "assignment.refresher_created")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "assignment", targetId: String(row.id), actorAccountId: accountId("M0001"), ip: "127.0.0.1" });
    expect(fingerprint()!.assignments).toBe(before.assignments + 1);

    // The same again: nothing new, both reported as skipped.
    const again = payload<{ created: unknown[]; skipped: { moduleId: string; existingSource: string }[] }>(
      await assign({ ...base, employee: ["S0001"], module: ["manager-duties", "threats"] }),
    );
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped.map((item) => `${item.moduleId}:${item.existingSource}`).sort()).toEqual(["manager-duties:refresher", "threats:rule"]);
    expect(fingerprint()!.assignments).toBe(before.assignments + 1);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "assignment.refresher_created")).all()).toHaveLength(1);
  });

  it("shows the learner the refresher with its reason and due date on /learn", async () => {
    await assign({ ...base, employee: ["S0001"], module: ["manager-duties"] });
    const learner = await cookieFor(db, "S0001");
    const data = (await settle(() => learnLoader({ request: get("/learn", learner), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
    const item = data.items.find((candidate) => candidate.moduleId === "manager-duties")!;
    expect(item).toMatchObject({ source: "refresher", reason: base.reason, dueDate: "2026-12-20", startedAt: null, status: "not_started" });
  });

  it("targets a whole department (with its 係) or a category, inside the subtree only", async () => {
    const byDepartment = payload<{ created: { employeeNo: string }[] }>(await assign({ ...base, department: String(departmentId("1112")), module: ["contractor-briefing"] }));
    const shomu = db.all<{ employeeNo: string }>(sql`SELECT e.employee_no AS employeeNo FROM employees e JOIN departments d ON d.id = e.department_id WHERE d.code = '1112' AND e.active = 1`);
    const contractors = db.all<{ employeeNo: string }>(sql`
      SELECT e.employee_no AS employeeNo FROM employees e JOIN departments d ON d.id = e.department_id JOIN categories c ON c.id = e.category_id
      WHERE d.code = '1112' AND e.active = 1 AND c.name = '委託事業者'`);
    // Contractors already have contractor-briefing from the annual rule: everyone else gets it.
    expect(byDepartment.body.created.map((item) => item.employeeNo).sort()).toEqual(
      shomu.map((row) => row.employeeNo).filter((no) => !contractors.some((row) => row.employeeNo === no)).sort(),
    );

    const partTime = db.select({ id: categories.id }).from(categories).where(eq(categories.name, "非常勤職員")).get()!.id;
    const byCategory = payload<{ created: { employeeNo: string }[] }>(await assign({ ...base, category: String(partTime), module: ["three-layer-defence"] }));
    const expected = db.all<{ employeeNo: string }>(sql`
      SELECT e.employee_no AS employeeNo FROM employees e JOIN departments d ON d.id = e.department_id JOIN categories c ON c.id = e.category_id
      WHERE d.code IN ('1110', '1111', '1112') AND e.active = 1 AND c.name = '非常勤職員' ORDER BY e.employee_no`);
    expect(byCategory.body.created.map((item) => item.employeeNo).sort()).toEqual(expected.map((row) => row.employeeNo));
    expect(byCategory.body.created.map((item) => item.employeeNo)).toContain("S0002");
  });

  it("refuses tampered targets with 404 and writes nothing", async () => {
    const before = fingerprint();
    const attempts: Record<string, string | string[]>[] = [
      { ...base, employee: ["H0001"], module: ["threats"] },
      { ...base, employee: ["S0001", "H0001"], module: ["manager-duties"] },
      { ...base, employee: ["Z9999"], module: ["manager-duties"] },
      { ...base, department: String(departmentId("1120")), module: ["manager-duties"] },
      { ...base, department: String(departmentId("1000")), module: ["manager-duties"] },
    ];
    for (const fields of attempts) {
      const result = (await assign(fields)) as Response;
      expect(result.status, JSON.stringify(fields)).toBe(404);
    }
    expect(fingerprint()).toEqual(before);
    expect(((await settle(() => assignLoader({ request: get("/team/assign?employee=H0001", manager), params: {}, context }))) as Response).status).toBe(404);
  });

  it("answers 400 with Japanese field messages and writes nothing", async () => {
    const before = fingerprint();
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ ...base, employee: ["S0001"], module: ["manager-duties"], reason: "   " }, "reason", /理由を入力/],
      [{ ...base, employee: ["S0001"], module: ["manager-duties"], reason: "あ".repeat(501) }, "reason", /500文字以内/],
      [{ ...base, employee: ["S0001"], module: ["manager-duties"], dueDate: "2026-02-30" }, "dueDate", /実在する日付/],
      [{ ...base, employee: ["S0001"], module: ["manager-duties"], dueDate: TODAY }, "dueDate", /明日以降/],
      [{ ...base, employee: ["S0001"], module: [] }, "modules", /1つ以上/],
      [{ ...base, employee: ["S0001"], module: ["policy-acknowledgement"] }, "modules", /選べない研修/],
      [{ ...base, employee: ["S0001"], module: ["no-such-module"] }, "modules", /選べない研修/],
      [{ ...base, module: ["manager-duties"] }, "employees", /1人以上/],
    ];
    for (const [fields, field, message] of cases) {
      const result = payload<{ ok: false; errors: Record<string, string> }>(await assign(fields));
      expect(result.status, JSON.stringify(fields)).toBe(400);
      expect(result.body.errors[field], JSON.stringify(fields)).toMatch(message);
    }
    expect(fingerprint()).toEqual(before);
  });
});

describe("/team/assignments/:id: extensions and exemptions", () => {
  it("extends the due date with a reason, in one audited change", async () => {
    const target = assignmentOf("S0001", "threats")!;
    const response = (await change(target.id, { intent: "extend", newDueDate: "2026-12-25", reason: "長期出張のため" })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/team/S0001?changed=extension#assignment-${target.id}`);
    expect(assignmentOf("S0001", "threats")!.dueDate).toBe("2026-12-25");
    const events = db.select().from(assignmentEvents).where(eq(assignmentEvents.assignmentId, target.id)).all();
    expect(events).toMatchObject([{ kind: "extension", previousDueDate: target.dueDate, newDueDate: "2026-12-25", reason: "長期出張のため", actorAccountId: accountId("M0001") }]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "assignment.extended")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "assignment", targetId: String(target.id), actorAccountId: accountId("M0001") });
    expect(JSON.parse(audit[0].details!)).toMatchObject({ previousDueDate: target.dueDate, newDueDate: "2026-12-25", reason: "長期出張のため" });
    // The member's record shows it.
    const record = (await settle(() => memberLoader({ request: get("/team/S0001", manager), params: { employeeNo: "S0001" }, context }))) as Awaited<ReturnType<typeof memberLoader>>;
    expect(record.record.events).toMatchObject([{ kind: "extension", reason: "長期出張のため", actorName: "和倉 誠" }]);
  });

  it("rejects bad extensions with 400 and field messages, changing nothing", async () => {
    const target = assignmentOf("S0001", "scope-and-duties")!; // due after today
    const before = fingerprint();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ intent: "extend", newDueDate: target.dueDate, reason: "理由" }, "newDueDate", /現在の期限より後/],
      [{ intent: "extend", newDueDate: "2026-13-01", reason: "理由" }, "newDueDate", /実在する日付/],
      [{ intent: "extend", newDueDate: "2031-01-01", reason: "理由" }, "newDueDate", /366日以内/],
      [{ intent: "extend", newDueDate: "2027-01-31", reason: "" }, "reason", /理由を入力/],
      [{ intent: "exempt", reason: " " }, "reason", /理由を入力/],
      [{ intent: "reinstate", reason: "取消" }, "form", /免除されていません/],
    ];
    for (const [fields, field, message] of cases) {
      const result = payload<{ errors: Record<string, string> }>(await change(target.id, fields));
      expect([400, 409], JSON.stringify(fields)).toContain(result.status);
      expect(result.body.errors[field], JSON.stringify(fields)).toMatch(message);
    }
    const overdue = assignmentOf("S0001", "threats")!;
    const past = payload<{ errors: Record<string, string> }>(await change(overdue.id, { intent: "extend", newDueDate: TODAY, reason: "理由" }));
    expect(past.body.errors.newDueDate).toMatch(/明日以降/);
    expect(((await change(target.id, { intent: "delete", reason: "x" })) as Response).status).toBe(400);
    expect(fingerprint()).toEqual(before);
  });

  it("exempts and reinstates with reasons; completed assignments cannot change", async () => {
    const target = assignmentOf("S0002", "threats")!;
    expect(((await change(target.id, { intent: "exempt", reason: "育児休業（令和9年3月まで）" })) as Response).status).toBe(302);
    expect(assignmentOf("S0002", "threats")).toMatchObject({ exemptionReason: "育児休業（令和9年3月まで）" });
    expect(assignmentOf("S0002", "threats")!.exemptedAt).not.toBeNull();
    expect(payload<{ errors: Record<string, string> }>(await change(target.id, { intent: "extend", newDueDate: "2027-01-31", reason: "x" })).status).toBe(409);
    expect(((await change(target.id, { intent: "reinstate", reason: "復職したため", newDueDate: "2027-01-31" })) as Response).status).toBe(302);
    expect(assignmentOf("S0002", "threats")).toMatchObject({ exemptedAt: null, exemptionReason: null, dueDate: "2027-01-31" });
    const kinds = db.select({ kind: assignmentEvents.kind }).from(assignmentEvents).where(eq(assignmentEvents.assignmentId, target.id)).all();
    expect(kinds.map((row) => row.kind)).toEqual(["exemption", "reinstatement"]);
    expect(db.select().from(auditLog).where(sql`${auditLog.action} IN ('assignment.exempted', 'assignment.reinstated')`).all()).toHaveLength(2);

    const completed = db.get<{ id: number }>(sql`
      SELECT a.id FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN departments d ON d.id = e.department_id
      WHERE d.code IN ('1111', '1112') AND a.fiscal_year = ${FISCAL_YEAR} AND a.completed_at IS NOT NULL LIMIT 1`)!;
    const before = fingerprint();
    const refused = payload<{ errors: Record<string, string> }>(await change(completed.id, { intent: "exempt", reason: "x" }));
    expect(refused.status).toBe(409);
    expect(refused.body.errors.form).toMatch(/修了済み/);
    expect(fingerprint()).toEqual(before);
  });

  it("refuses an outsider's assignment id in the URL: 404 on GET and POST, nothing written", async () => {
    const outsider = assignmentOf("H0001", "threats")!;
    const before = fingerprint();
    expect(((await settle(() => changeLoader({ request: get(`/team/assignments/${outsider.id}`, manager), params: { assignmentId: String(outsider.id) }, context }))) as Response).status).toBe(404);
    const tampered: Record<string, string>[] = [
      { intent: "extend", newDueDate: "2027-01-31", reason: "改ざん" },
      { intent: "exempt", reason: "改ざん" },
      { intent: "reinstate", reason: "改ざん" },
    ];
    for (const fields of tampered) {
      expect(((await change(outsider.id, fields)) as Response).status).toBe(404);
    }
    for (const id of ["0", "-1", "abc", "999999999"]) {
      expect(((await change(id, { intent: "exempt", reason: "x" })) as Response).status).toBe(404);
    }
    expect(fingerprint()).toEqual(before);
    expect(assignmentOf("H0001", "threats")).toEqual(outsider);
  });

  it("does not let a manager extend or exempt their own training (403)", async () => {
    const own = assignmentOf("M0001", "threats")!;
    const before = fingerprint();
    expect(((await change(own.id, { intent: "exempt", reason: "自分で免除" })) as Response).status).toBe(403);
    expect(((await change(own.id, { intent: "extend", newDueDate: "2027-01-31", reason: "自分で延長" })) as Response).status).toBe(403);
    expect(fingerprint()).toEqual(before);
    const page = (await settle(() => changeLoader({ request: get(`/team/assignments/${own.id}`, manager), params: { assignmentId: String(own.id) }, context }))) as Awaited<ReturnType<typeof changeLoader>>;
    expect(page.isSelf).toBe(true);
  });
});

describe("HR sees what managers changed", () => {
  it("lists M0001's extension and exemption on /hr/assignment-changes; managers and learners get 403", async () => {
    const threats = assignmentOf("S0001", "threats")!;
    await change(threats.id, { intent: "extend", newDueDate: "2026-12-25", reason: "長期出張のため" });
    await change(assignmentOf("S0002", "threats")!.id, { intent: "exempt", reason: "育児休業のため" });
    const hr = await cookieFor(db, "H0001");
    const data = (await settle(() => hrChangesLoader({ request: get("/hr/assignment-changes", hr), params: {}, context }))) as Awaited<ReturnType<typeof hrChangesLoader>>;
    expect(data.changes.map((row) => [row.kind, row.employeeNo, row.reason, row.actorEmployeeNo])).toEqual([
      ["exemption", "S0002", "育児休業のため", "M0001"],
      ["extension", "S0001", "長期出張のため", "M0001"],
    ]);
    for (const who of [manager, await cookieFor(db, "S0001")]) {
      expect(((await settle(() => hrChangesLoader({ request: get("/hr/assignment-changes", who), params: {}, context }))) as Response).status).toBe(403);
    }
  });
});

describe("a manager is also a learner", () => {
  it("keeps their own /learn", async () => {
    const data = (await settle(() => learnLoader({ request: get("/learn", manager), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
    expect(data.name).toBe("和倉 誠");
    expect(data.items.some((item) => item.moduleId === "manager-duties")).toBe(true);
    const own = db.select({ id: assignments.id }).from(assignments).where(eq(assignments.employeeId, employeeId("M0001"))).all().map((row) => row.id);
    expect(data.items.every((item) => own.includes(item.id))).toBe(true);
  });
});
