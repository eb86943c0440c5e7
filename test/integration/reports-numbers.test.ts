// Report numbers against a small organisation whose every count is worked out by hand below,
// and against an independent recomputation on the demo organisation.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { assignments, employees } from "~/db/schema";
import { calculateStatus } from "~/domain/assignments/status";
import { getModule } from "~/domain/content/catalog.server";
import { correctOptionIndexes } from "~/domain/quiz/quiz";
import { computeAnnualReport } from "~/domain/reports/annual-report.server";
import { listAssignmentChunks, listAssignments } from "~/domain/reports/assignment-list.server";
import { parseReportFilters } from "~/domain/reports/filters.server";
import { loadReportContext } from "~/domain/reports/organisation.server";
import { getDashboard, getListEstimate, type StatusCounts } from "~/domain/reports/summary.server";
import { rebuildReportSummary } from "~/domain/reports/summary-maintenance.server";
import { createDemoDb, createTestDb } from "../helpers/db";

const TODAY = "2026-11-25";
const FY = 2026;
const THREATS = "threats";
const PURPOSE = "purpose-and-terms";

/** Milliseconds of a Japan-time wall clock moment. */
const jst = (isoLocal: string) => Date.parse(`${isoLocal}+09:00`);

type Fixture = { db: Db; ids: Record<string, number> };

/**
 * 本庁 (O1) ─ 総務部 (B1) ─ 総務課 (K1) ─ 庶務係 (G1)
 *                         └ 人事課 (K2)
 * 消防本部 (O2) ─ 警防課 (K3)
 */
function buildFixture(): Fixture {
  const db = createTestDb();
  const sqlite = db.$client;
  const now = Date.now();
  sqlite.exec(`INSERT INTO categories (id, name, sort_order) VALUES (1, '職員', 0), (2, '非常勤職員', 1)`);
  const departments: [string, number, number | null, string, string][] = [
    ["O1", 1, null, "organisation", "/1/"],
    ["B1", 2, 1, "bu", "/1/2/"],
    ["K1", 3, 2, "ka", "/1/2/3/"],
    ["G1", 4, 3, "kakari", "/1/2/3/4/"],
    ["K2", 5, 2, "ka", "/1/2/5/"],
    ["O2", 6, null, "organisation", "/6/"],
    ["K3", 7, 6, "ka", "/6/7/"],
  ];
  const names: Record<string, string> = { O1: "本庁", B1: "総務部", K1: "総務課", G1: "庶務係", K2: "人事課", O2: "消防本部", K3: "警防課" };
  for (const [code, id, parent, level, path] of departments) {
    sqlite.prepare("INSERT INTO departments (id, code, name, parent_id, level, path, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?)").run(id, code, names[code], parent, level, path, id);
  }
  const ids: Record<string, number> = Object.fromEntries(departments.map(([code, id]) => [code, id]));
  const people: [string, number, string, number][] = [
    ["e1", 1, "G1", 1], ["e2", 2, "G1", 1], ["e3", 3, "K1", 1], ["e4", 4, "K2", 1], ["e5", 5, "B1", 1],
    ["e6", 6, "K2", 0], ["e7", 7, "K3", 1], ["e8", 8, "K1", 1], ["e9", 9, "O2", 1],
  ];
  for (const [no, id, department, active] of people) {
    sqlite
      .prepare(`INSERT INTO employees (id, employee_no, name, name_kana, category_id, department_id, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, no.toUpperCase(), `職員 ${no}`, `ショクイン ${no}`, no === "e2" ? 2 : 1, ids[department], active, now, now);
    ids[no] = id;
  }
  const assign = (employee: string, moduleId: string, fields: Partial<{ due: string; started: number; completed: number; exempted: number; fiscalYear: number }>) => {
    const result = sqlite
      .prepare(`INSERT INTO assignments (employee_id, module_id, fiscal_year, due_date, source, created_at, started_at, completed_at, completed_version, exempted_at, exemption_reason)
        VALUES (?, ?, ?, ?, 'rule', ?, ?, ?, ?, ?, ?)`)
      .run(ids[employee], moduleId, fields.fiscalYear ?? FY, fields.due ?? "2026-12-28", jst("2026-04-01T09:00"), fields.started ?? null, fields.completed ?? null,
        fields.completed ? 1 : null, fields.exempted ?? null, fields.exempted ? "育児休業のため" : null);
    ids[`${employee}:${moduleId}`] = Number(result.lastInsertRowid);
  };
  // e1: threats completed 1 June 01:00 JST (still 31 May in UTC: the month must be Japan's); purpose overdue.
  assign("e1", THREATS, { completed: jst("2026-06-01T01:00"), started: jst("2026-05-31T23:00") });
  assign("e1", PURPOSE, { due: "2026-09-30" });
  // e2 (非常勤): threats in progress; purpose exempt.
  assign("e2", THREATS, { started: jst("2026-11-01T10:00") });
  assign("e2", PURPOSE, { exempted: jst("2026-05-01T10:00") });
  // e3 (directly in 総務課): threats not started; purpose completed in October.
  assign("e3", THREATS, {});
  assign("e3", PURPOSE, { completed: jst("2026-10-05T12:00") });
  // e4: threats due yesterday, started → overdue; purpose completed in November.
  assign("e4", THREATS, { due: "2026-11-24", started: jst("2026-11-20T12:00") });
  assign("e4", PURPOSE, { completed: jst("2026-11-24T12:00") });
  // e5 (directly in 総務部): threats completed in April.
  assign("e5", THREATS, { completed: jst("2026-04-20T12:00") });
  // e6 left: nothing of theirs counts.
  assign("e6", THREATS, { due: "2026-06-30" });
  assign("e6", PURPOSE, { completed: jst("2026-05-10T12:00") });
  // e7 (消防): threats overdue; purpose due today → not yet overdue.
  assign("e7", THREATS, { due: "2026-11-24" });
  assign("e7", PURPOSE, { due: TODAY });
  // e8 moved from 警防課 to 総務課: counted under the current department.
  sqlite.prepare("INSERT INTO department_history (employee_id, department_id, from_date, to_date, recorded_at) VALUES (?, ?, '2020-04-01', '2026-03-31', ?), (?, ?, '2026-04-01', NULL, ?)")
    .run(ids.e8, ids.K3, now, ids.e8, ids.K1, now);
  assign("e8", THREATS, { completed: jst("2026-07-01T12:00") });
  // e9: only last 年度.
  assign("e9", THREATS, { fiscalYear: 2025, due: "2025-12-28", completed: jst("2025-12-01T12:00") });
  return { db, ids };
}

const counts = (values: Partial<StatusCounts>): StatusCounts => {
  const base = { not_started: 0, in_progress: 0, completed: 0, overdue: 0, exempt: 0, ...values };
  return { ...base, total: base.not_started + base.in_progress + base.completed + base.overdue + base.exempt };
};

function dashboard(db: Db, query: string) {
  const filters = parseReportFilters(new URLSearchParams(query), FY);
  return getDashboard(db, loadReportContext(db, filters), filters, TODAY);
}

function list(db: Db, query: string) {
  const filters = parseReportFilters(new URLSearchParams(query), FY);
  const context = loadReportContext(db, filters);
  const estimate = getListEstimate(db, context, filters, TODAY);
  return { total: estimate.matching, rows: listAssignments(db, context, filters, TODAY, estimate), all: [...listAssignmentChunks(db, context, filters, TODAY, estimate, 2)].flat() };
}

let fixture: Fixture;
beforeEach(() => {
  fixture = buildFixture();
});

describe("dashboard numbers on the hand-computed organisation", () => {
  it("counts the whole city: leavers out, exempt out of the denominator", () => {
    const data = dashboard(fixture.db, "");
    expect(data.totals).toEqual(counts({ completed: 5, overdue: 3, in_progress: 1, not_started: 2, exempt: 1 }));
    expect(data.rows.map((row) => row.department.name)).toEqual(["本庁", "消防本部"]);
    expect(data.rows[0].total).toEqual(counts({ completed: 5, overdue: 2, in_progress: 1, not_started: 1, exempt: 1 }));
    expect(data.rows[1].total).toEqual(counts({ overdue: 1, not_started: 1 }));
    expect(data.byCategory[1]).toEqual(counts({ completed: 5, overdue: 3, not_started: 2 }));
    expect(data.byCategory[2]).toEqual(counts({ in_progress: 1, exempt: 1 }));
    expect(data.modules.find((module) => module.id === THREATS)!.counts).toEqual(counts({ completed: 3, overdue: 2, in_progress: 1, not_started: 1 }));
    expect(data.modules.find((module) => module.id === PURPOSE)!.counts).toEqual(counts({ completed: 2, overdue: 1, not_started: 1, exempt: 1 }));
  });

  it("builds the cumulative progress by Japan-time month", () => {
    const data = dashboard(fixture.db, "");
    expect(data.progress.map((point) => [point.label, point.completed])).toEqual([
      ["4月", 1], ["5月", 1], ["6月", 2], ["7月", 3], ["8月", 3], ["9月", 3], ["10月", 4], ["11月", 5],
    ]);
    expect([data.progress[7].completed, data.progress[7].assigned]).toEqual([5, 11]);
  });

  it("drills into 総務部 (from the summary) with its direct staff and sub-departments", () => {
    const data = dashboard(fixture.db, `dept=${fixture.ids.B1}`);
    expect(data.totals.total).toBe(10);
    expect(data.rows.map((row) => [row.department.name, row.direct])).toEqual([["総務部", true], ["総務課", false], ["人事課", false]]);
    expect(data.rows[0].total).toEqual(counts({ completed: 1 }));
    expect(data.rows[1].total).toEqual(counts({ completed: 3, overdue: 1, in_progress: 1, not_started: 1, exempt: 1 }));
    expect(data.rows[2].total).toEqual(counts({ completed: 1, overdue: 1 }));
  });

  it("drills into 総務課 (below the summary: counted live) the same way", () => {
    const data = dashboard(fixture.db, `dept=${fixture.ids.K1}`);
    expect(data.totals).toEqual(counts({ completed: 3, overdue: 1, in_progress: 1, not_started: 1, exempt: 1 }));
    expect(data.rows.map((row) => [row.department.name, row.direct])).toEqual([["総務課", true], ["庶務係", false]]);
    expect(data.rows[0].total).toEqual(counts({ completed: 2, not_started: 1 }));
    expect(data.rows[1].total).toEqual(counts({ completed: 1, overdue: 1, in_progress: 1, exempt: 1 }));
    expect(data.progress.at(-1)!.completed).toBe(3);
  });

  it("applies the category and module filters", () => {
    expect(dashboard(fixture.db, "category=2").totals).toEqual(counts({ in_progress: 1, exempt: 1 }));
    expect(dashboard(fixture.db, `module=${PURPOSE}&dept=${fixture.ids.O1}`).totals).toEqual(counts({ completed: 2, overdue: 1, exempt: 1 }));
    expect(dashboard(fixture.db, "fy=2025").totals).toEqual(counts({ completed: 1 }));
  });

  it("follows transfers, leavers and department moves at once (triggers), and agrees with a rebuild", () => {
    const { db, ids } = fixture;
    // Read once first: the cached department tree must notice the move below.
    expect(dashboard(db, `dept=${ids.B1}`).rows.map((row) => row.department.name)).toEqual(["総務部", "総務課", "人事課"]);
    db.update(employees).set({ departmentId: ids.K3 }).where(eq(employees.id, ids.e3)).run();
    db.update(employees).set({ active: false }).where(eq(employees.id, ids.e4)).run();
    db.update(employees).set({ active: true }).where(eq(employees.id, ids.e6)).run();
    db.update(assignments).set({ completedAt: jst("2026-11-25T09:00"), completedVersion: 1 }).where(eq(assignments.id, ids[`e7:${THREATS}`])).run();
    // 庶務係 moves under 人事課.
    db.$client.prepare("UPDATE departments SET parent_id = ?, path = '/1/2/5/4/' WHERE id = ?").run(ids.K2, ids.G1);
    const data = dashboard(db, "");
    expect(data.rows[1].total).toEqual(counts({ completed: 2, not_started: 2 })); // 消防本部: e7 ×2 and e3 ×2
    const bu = dashboard(db, `dept=${ids.B1}`);
    expect(bu.rows.find((row) => row.department.name === "人事課")!.total).toEqual(counts({ completed: 2, overdue: 2, in_progress: 1, exempt: 1 }));
    const before = db.$client.prepare("SELECT * FROM report_summary WHERE assignments <> 0 ORDER BY 1, 2, 3, 4, 5, 6").all();
    rebuildReportSummary(db.$client);
    expect(db.$client.prepare("SELECT * FROM report_summary WHERE assignments <> 0 ORDER BY 1, 2, 3, 4, 5, 6").all()).toEqual(before);
  });
});

describe("the drill-down list", () => {
  it("lists the overdue cell's people, most days overdue first, and agrees with the count", () => {
    const result = list(fixture.db, "status=overdue");
    expect(result.total).toBe(3);
    expect(result.rows.map((row) => [row.employeeNo, row.moduleId, row.daysOverdue])).toEqual([
      ["E1", PURPOSE, 56],
      ["E4", THREATS, 1],
      ["E7", THREATS, 1],
    ]);
    expect(result.all.map((row) => row.assignmentId)).toEqual(result.rows.map((row) => row.assignmentId));
  });

  it("has exactly as many rows as every dashboard number it comes from", () => {
    const { ids } = fixture;
    const queries = [
      "", "status=assigned", "status=incomplete", "status=completed", "status=exempt", "status=in_progress", "status=not_started",
      `dept=${ids.B1}&direct=1`, `dept=${ids.K1}&direct=1&status=assigned`, `dept=${ids.K1}`, `dept=${ids.G1}&status=overdue`,
      "category=2", `module=${THREATS}&status=overdue`, "sort=name&dir=desc", "sort=department&status=completed", "fy=2025",
    ];
    for (const query of queries) {
      const result = list(fixture.db, query);
      expect(result.all, query).toHaveLength(result.total);
      expect(new Set(result.all.map((row) => row.assignmentId)).size, query).toBe(result.total);
      expect(result.all.every((row) => row.employeeNo !== "E6"), query).toBe(true);
    }
    expect(list(fixture.db, `dept=${ids.B1}&direct=1`).all.map((row) => row.employeeNo)).toEqual(["E5"]);
  });

  it("sorts by employee number in both directions", () => {
    const ascending = list(fixture.db, "sort=employeeNo").rows.map((row) => row.employeeNo);
    expect(ascending).toEqual([...ascending].sort());
    const descending = list(fixture.db, "sort=employeeNo&dir=desc").rows.map((row) => row.employeeNo);
    expect(descending).toEqual([...ascending].reverse());
  });
});

describe("the annual report", () => {
  it("counts people per organisation and category, and the share of correct answers per question", async () => {
    const { db, ids } = fixture;
    const threats = getModule(THREATS)!;
    const [first, second] = threats.quiz!.questions;
    const wrong = first.options.findIndex((option) => !option.correct);
    const attempt = (assignmentId: number, answers: Record<string, number[]>, version = threats.version) =>
      db.$client
        .prepare(`INSERT INTO quiz_attempts (assignment_id, module_version, drawn, started_at, submitted_at, answers, correct_count, question_count, score_percent, passed)
          VALUES (?, ?, '[]', 1, 2, ?, 0, 2, 0, 0)`)
        .run(assignmentId, version, JSON.stringify(answers));
    attempt(ids[`e1:${THREATS}`], { [first.id]: correctOptionIndexes(first), [second.id]: correctOptionIndexes(second) });
    attempt(ids[`e4:${THREATS}`], { [first.id]: [wrong] });
    attempt(ids[`e6:${THREATS}`], { [first.id]: [wrong] }); // leaver: not counted
    attempt(ids[`e3:${THREATS}`], { [first.id]: [wrong] }, threats.version + 1); // another version: counted apart

    const report = await computeAnnualReport(db, { fiscalYear: FY, today: TODAY, modules: [threats] });
    const honcho = report.organisations.find((organisation) => organisation.name === "本庁")!;
    expect(honcho.byCategory[1]).toEqual({ people: 5, completed: 2, overdue: 2, exempt: 0, assignments: 8, completedAssignments: 5 });
    expect(honcho.byCategory[2]).toEqual({ people: 1, completed: 0, overdue: 0, exempt: 1, assignments: 1, completedAssignments: 0 });
    const fire = report.organisations.find((organisation) => organisation.name === "消防本部")!;
    expect(fire.total).toEqual({ people: 1, completed: 0, overdue: 1, exempt: 0, assignments: 2, completedAssignments: 0 });
    expect(report.total).toEqual({ people: 7, completed: 2, overdue: 3, exempt: 1, assignments: 11, completedAssignments: 5 });

    const stats = report.modules[0];
    expect(stats.attempts).toBe(2);
    expect(stats.otherVersionAttempts).toBe(1);
    expect(stats.questions.find((question) => question.id === first.id)).toMatchObject({ answered: 2, correct: 1 });
    expect(stats.questions.find((question) => question.id === second.id)).toMatchObject({ answered: 1, correct: 1 });
  });
});

describe("the demo organisation, recomputed independently", () => {
  it("agrees with a count over every assignment row, for every department and 年度", () => {
    const db = createDemoDb();
    // Independent: read the raw rows and apply calculateStatus in JavaScript.
    const rows = db.$client
      .prepare(`SELECT a.fiscal_year AS fiscalYear, a.due_date AS dueDate, a.started_at AS startedAt, a.read_at AS readAt, a.completed_at AS completedAt,
          a.exempted_at AS exemptedAt, d.path FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN departments d ON d.id = e.department_id WHERE e.active = 1`)
      .all() as { fiscalYear: number; dueDate: string; startedAt: number | null; readAt: number | null; completedAt: number | null; exemptedAt: number | null; path: string }[];
    const departments = db.$client.prepare("SELECT id, path FROM departments").all() as { id: number; path: string }[];
    for (const fiscalYear of [2025, 2026]) {
      for (const department of departments) {
        const expected = counts({});
        for (const row of rows) {
          if (row.fiscalYear !== fiscalYear || !row.path.startsWith(department.path)) continue;
          expected[calculateStatus(row, TODAY)] += 1;
          expected.total += 1;
        }
        expect(dashboard(db, `fy=${fiscalYear}&dept=${department.id}`).totals, `${fiscalYear} ${department.path}`).toEqual(expected);
      }
    }
  });
});
