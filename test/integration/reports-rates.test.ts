// Both completion rates (人 and 件) from one function, on the hand-counted organisation of
// report-fixture.ts, and the overdue people view (HR and the manager's) checked by hand.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { assignments, departments, employees } from "~/db/schema";
import { getCatalog } from "~/domain/content/catalog.server";
import { computeAnnualReport } from "~/domain/reports/annual-report.server";
import { reportRates } from "~/domain/reports/annual-report-view";
import { ratesOf } from "~/domain/reports/counts";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { loadReportContext } from "~/domain/reports/organisation.server";
import { countOverduePeople, listOverduePeople } from "~/domain/reports/overdue-people.server";
import { overdueQueryFor } from "~/domain/reports/overdue-scope.server";
import { formatRatio } from "~/domain/reports/rates";
import { getDashboard, getScopeTotals } from "~/domain/reports/summary.server";
import * as hrOverdue from "~/routes/hr.overdue._index";
import * as hrOverdueCsv from "~/routes/hr.overdue.export[.]csv";
import * as teamOverdue from "~/routes/team.overdue._index";
import * as teamOverdueCsv from "~/routes/team.overdue.export[.]csv";
import * as teamPage from "~/routes/team._index";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { buildFixture, FY, TODAY, type Fixture } from "../helpers/report-fixture";
import { context, cookieFor, get, settle } from "../helpers/requests";

let fixture: Fixture;
beforeEach(() => {
  fixture = buildFixture();
});

const filtersOf = (query: string) => parseReportFilters(new URLSearchParams(query), FY);
const dashboard = (query: string) => {
  const filters = filtersOf(query);
  return getDashboard(fixture.db, loadReportContext(fixture.db, filters), filters, TODAY);
};

describe("対象者の修了率（人） and 研修ごとの完了率（件）", () => {
  // Active people of 令和8年度 (non-exempt assigned / completed): e1 2/1, e2 1/0 (one exempt),
  // e3 2/1, e4 2/1, e5 1/1, e7 2/0, e8 1/1 → 7 targets, 2 finished (e5, e8); 11 assignments, 5 done.
  it("gives the city's figures worked out by hand", () => {
    const data = dashboard("");
    expect(data.people).toEqual({ targets: 7, finished: 2 });
    const rates = ratesOf(data.totals, data.people);
    expect(formatRatio(rates.people)).toBe("28.6%"); // 2/7 = 28.57…
    expect(formatRatio(rates.assignments)).toBe("45.5%"); // 5/11 = 45.45…
  });

  it("per organisation, per category and for the direct staff of a 部", () => {
    const city = dashboard("");
    const [honcho, fire] = city.rows;
    expect(honcho.people).toEqual({ targets: 6, finished: 2 }); // e1 e2 e3 e4 e5 e8
    expect(formatRatio(ratesOf(honcho.total, honcho.people).people)).toBe("33.3%");
    expect(formatRatio(ratesOf(honcho.total, honcho.people).assignments)).toBe("55.6%"); // 5/9
    expect(fire.people).toEqual({ targets: 1, finished: 0 }); // e7
    expect(city.peopleByCategory[2]).toEqual({ targets: 1, finished: 0 }); // e2 (非常勤)
    expect(city.peopleByCategory[1]).toEqual({ targets: 6, finished: 2 });
    // 総務部: direct staff e5 (finished), 総務課 e1 e3 e8 (e8 finished), 人事課 e4.
    const bu = dashboard(`dept=${fixture.ids.B1}`);
    expect(bu.people).toEqual({ targets: 6, finished: 2 }); // e1 e2 (庶務係) e3 e8 e4 e5
    expect(bu.rows.map((row) => [row.department.name, row.people.targets, row.people.finished])).toEqual([
      ["総務部", 1, 1], ["総務課", 4, 1], ["人事課", 1, 0],
    ]);
  });

  it("below the summary's depth (live) agrees with the hand count", () => {
    const ka = dashboard(`dept=${fixture.ids.K1}`); // 総務課 and 庶務係: e1 e2 e3 e8
    expect(ka.people).toEqual({ targets: 4, finished: 1 });
    expect(ka.rows.map((row) => [row.department.name, row.direct, row.people.targets, row.people.finished])).toEqual([
      ["総務課", true, 2, 1], ["庶務係", false, 2, 0],
    ]);
  });

  it("with a module filter, people and assignments coincide", () => {
    const data = dashboard("module=threats");
    // threats: e1 done, e2 open, e3 open, e4 overdue, e5 done, e7 overdue, e8 done → 3/7.
    expect(data.people).toEqual({ targets: 7, finished: 3 });
    expect(formatRatio(ratesOf(data.totals, data.people).assignments)).toBe("42.9%");
  });

  it("gives the drill-down header the same figures, 'direct' included", () => {
    const filters = filtersOf(`dept=${fixture.ids.B1}&direct=1&status=overdue`);
    const totals = getScopeTotals(fixture.db, loadReportContext(fixture.db, filters), { ...filters, status: null }, TODAY);
    expect(totals.people).toEqual({ targets: 1, finished: 1 }); // e5 only
  });

  it("follows a completion, an exemption and a leaver through the triggers", () => {
    const { db, ids } = fixture;
    // e1 completes purpose → finished; e7 is exempted from both → no longer a target; e8 leaves.
    db.update(assignments).set({ completedAt: TEST_NOW, completedVersion: 1 }).where(eq(assignments.id, ids["e1:purpose-and-terms"])).run();
    db.update(assignments).set({ exemptedAt: TEST_NOW, exemptionReason: "長期療養のため" }).where(eq(assignments.employeeId, ids.e7)).run();
    db.update(employees).set({ active: false }).where(eq(employees.id, ids.e8)).run();
    const data = dashboard("");
    expect(data.people).toEqual({ targets: 5, finished: 2 }); // e1 e2 e3 e4 e5; finished e1 e5
  });

  it("the annual report counts people the same way and compares with the previous 年度", async () => {
    const report = await computeAnnualReport(fixture.db, { fiscalYear: FY, today: TODAY, modules: getCatalog().modules });
    expect([report.total.people, report.total.completed, report.total.assignments, report.total.completedAssignments]).toEqual([7, 2, 11, 5]);
    expect(formatRatio(reportRates(report.total).people)).toBe("28.6%");
    expect(formatRatio(reportRates(report.total).assignments)).toBe("45.5%");
    // 令和7年度: only e9 (消防本部, directly), completed.
    expect(report.previous?.fiscalYear).toBe(2025);
    expect(report.previous?.total).toEqual({ people: 1, completed: 1, assignments: 1, completedAssignments: 1 });
    expect(report.previous?.organisations.map((organisation) => organisation.total.people)).toEqual([0, 1]);
  });
});

describe("期限超過の職員 (one row per person)", () => {
  // Overdue on 2026-11-25: e1 purpose (due 09-30, 56 days), e4 threats (due 11-24, 1 day),
  // e7 threats (due 11-24, 1 day; purpose due today is not overdue). e6 (leaver) is not counted.
  it("lists people most days overdue first, with counts by hand", () => {
    const { query } = overdueQueryFor(fixture.db, filtersOf(""), TODAY);
    expect(countOverduePeople(fixture.db, query)).toBe(3);
    expect(listOverduePeople(fixture.db, query, 1).map((person) => [person.employeeNo, person.departmentName, person.overdue, person.daysOverdue])).toEqual([
      ["E1", "庶務係", 1, 56], ["E4", "人事課", 1, 1], ["E7", "警防課", 1, 1],
    ]);
  });

  it("takes the dashboard cell's scope (subtree, direct, category, module)", () => {
    const names = (query: string) => listOverduePeople(fixture.db, overdueQueryFor(fixture.db, filtersOf(query), TODAY).query, 1).map((person) => person.employeeNo);
    expect(names(`dept=${fixture.ids.B1}`)).toEqual(["E1", "E4"]);
    expect(names(`dept=${fixture.ids.B1}&direct=1`)).toEqual([]);
    expect(names(`dept=${fixture.ids.O2}`)).toEqual(["E7"]);
    expect(names("module=purpose-and-terms")).toEqual(["E1"]);
    expect(names("category=2")).toEqual([]);
  });
});

describe("the overdue pages and their CSV", () => {
  beforeAll(() => {
    process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString();
  });

  it("HR: the page and the CSV show the same people as the count, and the CSV is audited", async () => {
    const db = createDemoDb();
    const cookie = await cookieFor(db, "H0001");
    const page = (await hrOverdue.loader({ request: get("/hr/overdue?fy=2026", cookie), params: {}, context })) as Awaited<ReturnType<typeof hrOverdue.loader>>;
    expect(page.total).toBeGreaterThan(0);
    const days = page.people.map((person) => person.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const before = db.$client.prepare("SELECT count(*) FROM audit_log WHERE action = 'export.csv'").pluck().get() as number;
    const response = (await hrOverdueCsv.loader({ request: get("/hr/overdue/export.csv?fy=2026", cookie), params: {}, context })) as Response;
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines).toHaveLength(page.total + 1);
    expect(lines[0]).toContain("最長の超過日数");
    expect(db.$client.prepare("SELECT count(*) FROM audit_log WHERE action = 'export.csv' AND target_id = 'hr.overdue'").pluck().get()).toBe(before + 1);
  });

  it("a manager sees only their subtree, and another department is a 404", async () => {
    const db = createDemoDb();
    const cookie = await cookieFor(db, "M0001"); // 総務課長
    const page = (await teamOverdue.loader({ request: get("/team/overdue", cookie), params: {}, context })) as Awaited<ReturnType<typeof teamOverdue.loader>>;
    const subtree = db.$client
      .prepare(`SELECT e.employee_no FROM employees e JOIN departments d ON d.id = e.department_id JOIN departments h ON d.path LIKE h.path || '%'
        JOIN employees m ON m.id = h.head_employee_id WHERE m.employee_no = 'M0001'`)
      .pluck()
      .all() as string[];
    expect(page.people.length).toBeGreaterThan(0);
    expect(page.people.every((person) => subtree.includes(person.employeeNo))).toBe(true);
    // The team page links its overdue figure to this list.
    const team = (await teamPage.loader({ request: get("/team", cookie), params: {}, context })) as Awaited<ReturnType<typeof teamPage.loader>>;
    expect(team.team.members.filter((member) => member.counts.overdue > 0)).toHaveLength(page.total);
    const other = db.select({ id: departments.id }).from(departments).where(eq(departments.code, "3000")).get() ?? db.$client.prepare("SELECT id FROM departments WHERE parent_id IS NULL ORDER BY id DESC LIMIT 1").get() as { id: number };
    const outside = await settle(() => teamOverdue.loader({ request: get(`/team/overdue?department=${other.id}`, cookie), params: {}, context }));
    expect((outside as Response).status).toBe(404);
    const outsideCsv = await settle(() => teamOverdueCsv.loader({ request: get(`/team/overdue/export.csv?department=${other.id}`, cookie), params: {}, context }));
    expect((outsideCsv as Response).status).toBe(404);
    // HR's view is not open to a manager.
    const hrView = await settle(() => hrOverdue.loader({ request: get("/hr/overdue?fy=2026", cookie), params: {}, context }));
    expect((hrView as Response).status).toBe(403);
    // The CSV is the same list, audited.
    const csv = (await teamOverdueCsv.loader({ request: get("/team/overdue/export.csv", cookie), params: {}, context })) as Response;
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(page.total + 1);
    expect(db.$client.prepare("SELECT count(*) FROM audit_log WHERE action = 'export.csv' AND target_id = 'team.overdue'").pluck().get()).toBe(1);
  });
});
