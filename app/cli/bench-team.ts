// Benchmark of the manager's workspace at the SPEC's scale: 50,000 employees, three 年度 of
// assignments (about 2 million rows). Builds a throw-away database, then times the /team
// queries. Run: npm run bench:team  (BENCH_EMPLOYEES=… to change the scale).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { openDatabase } from "~/db/client.server";
import { departments, employees } from "~/db/schema";
import { createRefresherAssignments } from "~/domain/assignments/refresher.server";
import { getCatalog, syncCatalog } from "~/domain/content/catalog.server";
import { seedDemo } from "~/domain/demo/seed.server";
import { getMemberTrainingRecord } from "~/domain/team/member.server";
import { getOrganisationRates, getTeamOverview, listTeamMembers, teamCsvRows } from "~/domain/team/team.server";
import { addDays, fiscalYearOf, japanDate } from "~/domain/time";

const TOTAL = Number(process.env.BENCH_EMPLOYEES ?? 50_000);
const TEAM_EXTRA = 150; // a large 課: extra staff in 総務課's 係
const RUNS = 60;

function time<T>(label: string, run: () => T, runs = RUNS): T {
  let result!: T;
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = process.hrtime.bigint();
    result = run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length * 0.5)];
  const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))];
  console.log(`${label.padEnd(58)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   (${runs} runs)`);
  return result;
}

// BENCH_DB=/path/file.db keeps the built database (and reuses it when it exists).
const keep = process.env.BENCH_DB;
const folder = mkdtempSync(path.join(tmpdir(), "mamori-bench-team-"));
try {
  const now = Date.now();
  const today = japanDate(now);
  const fiscalYear = fiscalYearOf(today);
  const reuse = Boolean(keep && existsSync(keep));
  const db = openDatabase(keep ?? path.join(folder, "bench.db"));
  const sqlite = db.$client;
  if (!reuse) build();

  function build() {
  syncCatalog(db, getCatalog(), now);
  seedDemo(db, { now });
  console.log(`building ${TOTAL.toLocaleString()} employees × 3 年度 …`);
  const started = Date.now();
  const kaIds = db.select({ id: departments.id }).from(departments).where(eq(departments.level, "ka")).all().map((row) => row.id);
  const teamIds = db.all<{ id: number }>(sql`SELECT id FROM departments WHERE code IN ('1111', '1112')`).map((row) => row.id);
  const otherIds = kaIds.filter((id) => !teamIds.includes(id) && id !== db.select({ id: departments.id }).from(departments).where(eq(departments.code, "1110")).get()!.id);
  const modules = getCatalog().modules.map((module) => module.id);
  const insertEmployee = sqlite.prepare(
    "INSERT INTO employees (employee_no, name, category_id, department_id, role_tier, active, created_at, updated_at) VALUES (?, ?, ?, ?, '一般', ?, ?, ?)",
  );
  const insertAssignment = sqlite.prepare(
    "INSERT INTO assignments (employee_id, module_id, fiscal_year, due_date, source, created_at, started_at, read_at, completed_at, exempted_at) VALUES (?, ?, ?, ?, 'rule', ?, ?, ?, ?, ?)",
  );
  const existing = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM employees`)!.n;
  sqlite.transaction(() => {
    for (let index = 0; index < TOTAL - existing; index += 1) {
      const departmentId = index < TEAM_EXTRA ? teamIds[index % teamIds.length] : otherIds[index % otherIds.length];
      const active = index % 50 === 0 ? 0 : 1;
      const employeeId = Number(insertEmployee.run(`B${String(index).padStart(6, "0")}`, `試験 ${index}`, 1 + (index % 4), departmentId, active, now, now).lastInsertRowid);
      for (const year of [fiscalYear - 2, fiscalYear - 1, fiscalYear]) {
        modules.forEach((moduleId, moduleIndex) => {
          if ((index + moduleIndex) % 13 === 0) return; // not everyone has every module
          const due = year === fiscalYear ? addDays(today, (moduleIndex % 2 === 0 ? -20 : 25) + (index % 7)) : `${year}-12-28`;
          const roll = (index * 31 + moduleIndex * 7 + year) % 100;
          const done = year < fiscalYear ? roll < 93 : roll < 55;
          const exempt = roll === 99;
          insertAssignment.run(employeeId, moduleId, year, due, now, done ? now : null, done ? now : null, done ? now : null, exempt ? now : null);
        });
      }
    }
  })();
  sqlite.pragma("optimize");
  const counts = db.get<{ employees: number; assignments: number }>(sql`SELECT (SELECT count(*) FROM employees) AS employees, (SELECT count(*) FROM assignments) AS assignments`)!;
  console.log(`built ${counts.employees.toLocaleString()} employees, ${counts.assignments.toLocaleString()} assignments in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }

  const managerId = db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, "M0001")).get()!.id;
  const filters = { categoryId: null, departmentId: null, status: null };
  const members = listTeamMembers(db, managerId, { fiscalYear, today, filters });
  console.log(`M0001's subtree: ${members.length} members\n`);

  // The organisation rate (from the report summaries, no cache).
  time("organisation rate (内部部局)", () => getOrganisationRates(db, managerId, fiscalYear), 10);
  time("/team overview", () => getTeamOverview(db, managerId, { fiscalYear, today, filters }));
  time("/team?status=overdue", () => listTeamMembers(db, managerId, { fiscalYear, today, filters: { ...filters, status: "overdue" } }));
  time("/team/export.csv rows", () => teamCsvRows(listTeamMembers(db, managerId, { fiscalYear, today, filters }), fiscalYear));
  const s0001 = db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, "S0001")).get()!.id;
  time("/team/:employeeNo record", () => getMemberTrainingRecord(db, s0001, today));
  const ids = db.all<{ id: number }>(sql`SELECT e.id FROM employees e JOIN departments d ON d.id = e.department_id WHERE d.code = '1112' AND e.active = 1`).map((row) => row.id);
  time(`refresher for ${ids.length} people × 2 modules (then all skipped)`, () =>
    createRefresherAssignments(db, { employeeIds: ids, moduleIds: ["manager-duties", "contractor-briefing"], dueDate: addDays(today, 14), reason: "bench", actorAccountId: 1, fiscalYear }, now), 5);
  db.$client.close();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
