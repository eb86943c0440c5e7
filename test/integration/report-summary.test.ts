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

const snapshot = (sqlite: Database.Database) =>
  sqlite.prepare("SELECT fiscal_year, department_id, category_id, module_id, state, day, assignments FROM report_summary WHERE assignments <> 0 ORDER BY 1, 2, 3, 4, 5, 6").all();

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
