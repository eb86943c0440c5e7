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
import { createDemoDb } from "../helpers/db";

import { buildFixture, FY, jst, PURPOSE, THREATS, TODAY, type Fixture } from "../helpers/report-fixture";

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
