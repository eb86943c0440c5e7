// The dashboard's summary table must always equal what a full recount gives: after the
// benchmark's bulk load (which writes it directly), and after ordinary writes (triggers).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { buildSyntheticOrganisation } from "~/domain/bench/synthetic.server";
import { getCatalog, syncCatalog } from "~/domain/content/catalog.server";
import { rebuildReportSummary, writeWithSummaryRebuild } from "~/domain/reports/summary-maintenance.server";

const snapshot = (sqlite: Database.Database) => [
  ...sqlite.prepare("SELECT fiscal_year, department_id, category_id, module_id, state, day, assignments FROM report_summary WHERE assignments <> 0 ORDER BY 1, 2, 3, 4, 5, 6").all(),
  // The per-person tables (対象者の修了率（人）) are part of the same promise.
  ...sqlite.prepare("SELECT 'person', employee_id, fiscal_year, assigned, completed FROM report_person_year WHERE assigned <> 0 OR completed <> 0 ORDER BY 2, 3").all(),
  ...sqlite.prepare("SELECT 'people', fiscal_year, department_id, category_id, finished, people FROM report_person_summary WHERE people <> 0 ORDER BY 2, 3, 4, 5").all(),
];

/** The per-person figures counted the slow way, straight from assignments (no summary table). */
const recountPeople = (sqlite: Database.Database) =>
  sqlite
    .prepare(`SELECT p.fiscal_year, count(*) AS targets, sum(p.completed = p.assigned) AS finished
      FROM (SELECT a.employee_id, a.fiscal_year, sum(a.exempted_at IS NULL) AS assigned, sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed
            FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE e.active = 1 GROUP BY 1, 2) p
      WHERE p.assigned > 0 GROUP BY 1 ORDER BY 1`)
    .all();
const peopleFromSummary = (sqlite: Database.Database) =>
  sqlite
    .prepare(`SELECT s.fiscal_year, sum(s.people) AS targets, sum(CASE WHEN s.finished = 1 THEN s.people ELSE 0 END) AS finished
      FROM report_person_summary s JOIN departments d ON d.id = s.department_id AND d.parent_id IS NULL
      GROUP BY 1 HAVING sum(s.people) > 0 ORDER BY 1`)
    .all();

describe("report_summary", () => {
  it("is written by the synthetic bulk load exactly as a rebuild would, and kept so by the triggers", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "mamori-summary-")), "bench.db");
    const db = openDatabase(file);
    syncCatalog(db, getCatalog());
    db.$client.close();
    const result = buildSyntheticOrganisation({ file, modules: getCatalog().modules, employees: 600, currentYear: 2026, today: "2026-11-25", seed: 7 });
    expect(result.assignments).toBeGreaterThan(10_000);
    const sqlite = new Database(file);
    const loaded = snapshot(sqlite);
    expect(loaded.length).toBeGreaterThan(100);
    rebuildReportSummary(sqlite);
    expect(snapshot(sqlite)).toEqual(loaded);
    expect(peopleFromSummary(sqlite)).toEqual(recountPeople(sqlite));

    // Ordinary writes through the triggers: start, complete, exempt, extend, transfer, leave.
    sqlite.exec(`
      UPDATE assignments SET started_at = 1790000000000 WHERE id % 37 = 0 AND completed_at IS NULL;
      UPDATE assignments SET completed_at = 1792000000000, completed_version = 1 WHERE id % 41 = 0 AND completed_at IS NULL;
      UPDATE assignments SET exempted_at = 1792000000000, exemption_reason = '長期療養のため' WHERE id % 43 = 0;
      UPDATE assignments SET due_date = '2027-02-28' WHERE id % 47 = 0 AND completed_at IS NULL;
      UPDATE employees SET department_id = (SELECT max(id) FROM departments) WHERE id % 29 = 0;
      UPDATE employees SET active = 0 WHERE id % 31 = 0;
      UPDATE employees SET category_id = 2 WHERE id % 53 = 0;
      DELETE FROM assignment_events WHERE assignment_id IN (SELECT id FROM assignments WHERE id % 59 = 0);
      DELETE FROM completions WHERE assignment_id IN (SELECT id FROM assignments WHERE id % 59 = 0);
      DELETE FROM quiz_attempts WHERE assignment_id IN (SELECT id FROM assignments WHERE id % 59 = 0);
      DELETE FROM acknowledgements WHERE assignment_id IN (SELECT id FROM assignments WHERE id % 59 = 0);
      DELETE FROM assignments WHERE id % 59 = 0;
    `);
    const afterWrites = snapshot(sqlite);
    expect(peopleFromSummary(sqlite)).toEqual(recountPeople(sqlite));
    expect((recountPeople(sqlite) as { finished: number }[]).some((row) => row.finished > 0)).toBe(true);
    rebuildReportSummary(sqlite);
    expect(snapshot(sqlite)).toEqual(afterWrites);

    // A bulk write with the triggers off ends with the same table as the triggers would give.
    const insertYear = () =>
      sqlite.exec(`INSERT INTO assignments (employee_id, module_id, fiscal_year, due_date, source, created_at)
        SELECT e.id, m.id, 2027, '2027-12-28', 'rule', 0 FROM employees e CROSS JOIN training_modules m WHERE e.id % 3 = 0`);
    const rollback = sqlite.transaction(() => {
      insertYear();
      const viaTriggers = snapshot(sqlite);
      throw Object.assign(new Error("rollback"), { viaTriggers });
    });
    let expected: unknown[] = [];
    try {
      rollback();
    } catch (error) {
      expected = (error as { viaTriggers: unknown[] }).viaTriggers;
    }
    writeWithSummaryRebuild(sqlite, insertYear);
    expect(snapshot(sqlite)).toEqual(expected);
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_summary_%'").pluck().get()).toBeGreaterThan(5);
    sqlite.close();
  });
});
