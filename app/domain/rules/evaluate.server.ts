import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { assignmentRules, assignments, departments, fiscalYears, trainingModules } from "~/db/schema";
import { getBusinessCalendar, getReminderSettings } from "../reminders/settings.server";
import { fiscalYearEnd, fiscalYearStart, japanDate } from "../time";
import { calculateDueDate, type DuePolicy, type Rule } from "./rules";

const StringList = z.array(z.string());

type RuleRow = typeof assignmentRules.$inferSelect;

export function toRule(row: RuleRow, departmentPath: string | null): Rule {
  const due: DuePolicy = row.dueKind === "fixed" ? { kind: "fixed", monthDay: row.dueMonthDay ?? "12-31" } : { kind: "relative", days: row.dueDays };
  return {
    id: row.id,
    name: row.name,
    categories: StringList.parse(JSON.parse(row.categories)),
    departmentPath,
    roleTiers: StringList.parse(JSON.parse(row.roleTiers)),
    moduleIds: StringList.parse(JSON.parse(row.moduleIds)),
    due,
    active: row.active,
  };
}

/** Every rule with its department subtree path resolved. */
export function listRules(db: Executor): Rule[] {
  return db
    .select({ rule: assignmentRules, path: departments.path })
    .from(assignmentRules)
    .leftJoin(departments, eq(departments.id, assignmentRules.departmentId))
    .orderBy(assignmentRules.id)
    .all()
    .map((row) => toRule(row.rule, row.path));
}

/** 年度 cycles that are open and not over: rules create assignments only there. */
export function listLiveFiscalYears(db: Executor, today: string): number[] {
  return db
    .select({ year: fiscalYears.year })
    .from(fiscalYears)
    .all()
    .map((row) => row.year)
    .filter((year) => fiscalYearEnd(year) >= today)
    .sort();
}

type Candidate = { employeeId: number; hireDate: string | null; newHireDays: number };

function inList(column: SQL, values: string[]): SQL {
  return sql`${column} IN (${sql.join(values.map((value) => sql`${value}`), sql`, `)})`;
}

/**
 * Create the assignments the rules call for in the live 年度 cycles, for everyone in them.
 * Due dates that fall on a closed day move to the previous business day; assignments that exist
 * keep the date they were given. Never changes or removes an existing assignment, so running it twice equals running it once;
 * the unique (employee, module, 年度) index backs that up. Called inside a `db.transaction`, it
 * joins it (one connection, so better-sqlite3 statements share the transaction). Returns how many
 * assignments were created.
 */
export function evaluateRules(db: Db, options: { now: number; onlyFiscalYear?: number }): number {
  const today = japanDate(options.now);
  const years = options.onlyFiscalYear !== undefined ? [options.onlyFiscalYear] : listLiveFiscalYears(db, today);
  if (years.length === 0) return 0;
  const modules = new Map(
    db.select({ id: trainingModules.id, recurrence: trainingModules.recurrence, available: trainingModules.available }).from(trainingModules).all().map((row) => [row.id, row]),
  );
  const insert = db.$client.prepare(
    `INSERT INTO assignments (employee_id, module_id, fiscal_year, due_date, source, created_at)
     VALUES (?, ?, ?, ?, 'rule', ?) ON CONFLICT DO NOTHING`,
  );
  // One calendar for reminders and due dates (the 年末年始 setting at /hr/reminders applies to both).
  const calendar = getBusinessCalendar(getReminderSettings(db));
  let created = 0;
  for (const rule of listRules(db).filter((candidate) => candidate.active)) {
    const filters: SQL[] = [sql`e.active = 1`];
    if (rule.categories.length > 0) filters.push(inList(sql`c.name`, rule.categories));
    if (rule.roleTiers.length > 0) filters.push(inList(sql`e.role_tier`, rule.roleTiers));
    if (rule.departmentPath !== null) filters.push(sql`d.path LIKE ${`${rule.departmentPath}%`}`);
    for (const fiscalYear of years) {
      const assignedOn = today > fiscalYearStart(fiscalYear) ? today : fiscalYearStart(fiscalYear);
      for (const moduleId of rule.moduleIds) {
        const module = modules.get(moduleId);
        if (!module || !module.available) continue;
        const notYetAssigned =
          module.recurrence === "once"
            ? sql`NOT EXISTS (SELECT 1 FROM assignments a WHERE a.employee_id = e.id AND a.module_id = ${moduleId})`
            : sql`NOT EXISTS (SELECT 1 FROM assignments a WHERE a.employee_id = e.id AND a.module_id = ${moduleId} AND a.fiscal_year = ${fiscalYear})`;
        const candidates = db.all<Candidate>(sql`
          SELECT e.id AS employeeId, e.hire_date AS hireDate, c.new_hire_days AS newHireDays
          FROM employees e
          JOIN categories c ON c.id = e.category_id
          JOIN departments d ON d.id = e.department_id
          WHERE ${sql.join(filters, sql` AND `)}
            AND (e.hire_date IS NULL OR e.hire_date <= ${fiscalYearEnd(fiscalYear)})
            AND (e.end_date IS NULL OR e.end_date >= ${today})
            AND ${notYetAssigned}
        `);
        for (const candidate of candidates) {
          const dueDate = calculateDueDate(rule.due, { fiscalYear, hireDate: candidate.hireDate, assignedOn, newHireDays: candidate.newHireDays, calendar });
          created += insert.run(candidate.employeeId, moduleId, fiscalYear, dueDate, options.now).changes;
        }
      }
    }
  }
  return created;
}

/** For tests and the UI: how many assignments a 年度 has. */
export function countAssignments(db: Executor, fiscalYear: number): number {
  return db.select({ count: sql<number>`count(*)` }).from(assignments).where(eq(assignments.fiscalYear, fiscalYear)).get()?.count ?? 0;
}
