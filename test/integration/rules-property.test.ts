import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { categories, departments, fiscalYears } from "~/db/schema";
import { getCatalog } from "~/domain/content/catalog.server";
import { DEFAULT_NEW_HIRE_DAYS } from "~/domain/rules/defaults";
import { installDefaultRules } from "~/domain/rules/cycles.server";
import { evaluateRules, listRules } from "~/domain/rules/evaluate.server";
import { isInCycle, ruleMatches } from "~/domain/rules/rules";
import { applyImport } from "~/domain/roster/import.server";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";
import { createTestDb, TEST_NOW } from "../helpers/db";

function smallOrganisation(): Db {
  const db = createTestDb();
  for (const [index, name] of ["職員", "非常勤職員", "臨時職員", "委託事業者"].entries()) {
    db.insert(categories).values({ name, sortOrder: index, newHireDays: DEFAULT_NEW_HIRE_DAYS[name] }).run();
  }
  db.insert(departments).values([
    { id: 1, code: "1000", name: "内部部局", level: "organisation", path: "/1/" },
    { id: 2, code: "1110", name: "総務課", level: "ka", parentId: 1, path: "/1/2/" },
    { id: 3, code: "4000", name: "消防本部", level: "organisation", path: "/3/" },
  ]).run();
  db.insert(fiscalYears).values({ year: 2026, openedAt: TEST_NOW }).run();
  installDefaultRules(db, getCatalog(), TEST_NOW);
  // One more rule scoped to a subtree, so department changes matter.
  db.$client.prepare(`INSERT INTO assignment_rules (name, categories, department_id, role_tiers, module_ids, due_kind, due_days, created_at, updated_at)
    VALUES ('消防', '["職員","臨時職員"]', 3, '[]', '["operations-and-incidents"]', 'relative', 10, 0, 0)`).run();
  return db;
}

const person = fc.record({
  no: fc.integer({ min: 1, max: 8 }).map((value) => `P${value}`),
  category: fc.constantFrom("職員", "非常勤職員", "臨時職員", "委託事業者"),
  code: fc.constantFrom("1000", "1110", "4000"),
  tier: fc.constantFrom("一般", "管理職", "システム担当"),
  hire: fc.constantFrom("2015-04-01", "2026-06-01", "2027-01-10", "2027-05-01"),
  end: fc.constantFrom("", "", "", "2026-11-01", "2027-03-31"),
}).filter((value) => value.end === "" || value.end >= value.hire);

const step = fc.oneof(
  fc.record({ kind: fc.constant("import" as const), people: fc.uniqueArray(person, { selector: (value) => value.no, minLength: 1, maxLength: 6 }), fullBatch: fc.boolean() }),
  fc.record({ kind: fc.constant("evaluate" as const) }),
);

function toCsv(people: { no: string; category: string; code: string; tier: string; hire: string; end: string }[]): string {
  return [ROSTER_COLUMNS.join(","), ...people.map((p) => [p.no, `職員${p.no}`, "", "", p.category, p.code, p.tier, p.hire, p.end].join(","))].join("\n");
}

type Row = { employee_id: number; module_id: string; fiscal_year: number; due_date: string };
const allAssignments = (db: Db) => db.all<Row>(sql`SELECT employee_id, module_id, fiscal_year, due_date FROM assignments ORDER BY 1, 2, 3`);

describe("rule evaluation (property)", () => {
  it("never duplicates, is idempotent, and leaves nobody in a cycle without what their rules require", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        const db = smallOrganisation();
        for (const current of steps) {
          if (current.kind === "import") {
            const result = applyImport(db, toCsv(current.people), { fullBatch: current.fullBatch, now: TEST_NOW, actorAccountId: null, fileName: "p.csv" });
            expect(result.ok).toBe(true);
          } else {
            evaluateRules(db, { now: TEST_NOW });
          }
          const duplicates = db.all(sql`SELECT employee_id, module_id, fiscal_year FROM assignments GROUP BY 1, 2, 3 HAVING count(*) > 1`);
          expect(duplicates).toEqual([]);
          const before = allAssignments(db);
          expect(evaluateRules(db, { now: TEST_NOW })).toBe(0);
          expect(allAssignments(db)).toEqual(before);
        }
        // Completeness against the pure model.
        const rules = listRules(db);
        const people = db.all<{ id: number; category: string; path: string; tier: string; hire: string | null; end: string | null; active: number }>(sql`
          SELECT e.id, c.name AS category, d.path, e.role_tier AS tier, e.hire_date AS hire, e.end_date AS end, e.active
          FROM employees e JOIN categories c ON c.id = e.category_id JOIN departments d ON d.id = e.department_id`);
        const have = new Set(allAssignments(db).map((row) => `${row.employee_id}/${row.module_id}/${row.fiscal_year}`));
        for (const p of people) {
          if (!isInCycle({ hireDate: p.hire, endDate: p.end, active: p.active === 1 }, 2026, "2026-11-25")) continue;
          for (const rule of rules) {
            if (!ruleMatches(rule, { categoryName: p.category, departmentPath: p.path, roleTier: p.tier })) continue;
            for (const moduleId of rule.moduleIds) expect(have.has(`${p.id}/${moduleId}/2026`), `${p.id}/${moduleId}`).toBe(true);
          }
        }
        db.$client.close();
      }),
      { numRuns: 60 },
    );
  });
});
