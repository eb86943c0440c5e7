// The HR dashboard reads `report_summary` instead of aggregating ~700,000 assignment rows per 年度.
// SQLite triggers keep it exact: every write to `assignments`, every change of an employee's
// department/category/active flag and every move of a department (its `path`) adjusts the counts
// in the same transaction as the change. No application code has to call anything, so writers
// on other branches (roster import, extensions, reminders…) need not know the table exists.
//
// NOTE: the triggers live in the database file, created here by `installReportSummary`, which
// `openDatabase` calls on every open. A bump of SUMMARY_VERSION drops the old triggers,
// installs the new ones and rebuilds the table from `assignments` (seconds at 2 million rows).
import type Database from "better-sqlite3";

export const SUMMARY_VERSION = 3;
/**
 * Rows exist for the top SUMMARY_DEPTH levels of the tree (organisation, 部, 課); dashboards
 * scoped below that aggregate live (a 課 is a few hundred people at most). Completion months (for
 * the progress chart) are kept only for the top MONTH_DEPTH levels, whose dashboards show it from
 * the summary; a 課 row is only ever read as a line of its 部's matrix.
 */
export const SUMMARY_DEPTH = 3;
export const MONTH_DEPTH = 2;
const TRIGGER_PREFIX = "report_summary_";
const marker = `${TRIGGER_PREFIX}v${SUMMARY_VERSION}_assignment_insert`;

/** The state column for an assignment row: calculateStatus without the date-dependent "overdue". */
function stateOf(row: string): string {
  return `CASE WHEN ${row}exempted_at IS NOT NULL THEN 'exempt' WHEN ${row}completed_at IS NOT NULL THEN 'completed'
    WHEN ${row}started_at IS NOT NULL OR ${row}read_at IS NOT NULL THEN 'in_progress' ELSE 'not_started' END`;
}

/** The day column: due date while open, Japan-time completion month when completed, '' when exempt. */
function dayOf(row: string): string {
  return `CASE WHEN ${row}exempted_at IS NOT NULL THEN ''
    WHEN ${row}completed_at IS NOT NULL THEN strftime('%Y-%m', ${row}completed_at / 1000 + 32400, 'unixepoch')
    ELSE ${row}due_date END`;
}

/**
 * The ancestor-or-self ids of a department, from its materialised path "/1/4/12/", as a table
 * (`value` = id, `key` = depth − 1). Callers keep `key < SUMMARY_DEPTH`.
 */
function ancestorsOf(pathExpression: string): string {
  return `json_each('[' || replace(trim(${pathExpression}, '/'), '/', ',') || ']')`;
}

/** The day column of one ancestor's row: completion months only near the top of the tree. */
function dayAt(state: string, day: string): string {
  return `CASE WHEN (${state}) = 'completed' AND anc.key >= ${MONTH_DEPTH} THEN '' ELSE (${day}) END`;
}

const UPSERT = `ON CONFLICT (fiscal_year, department_id, category_id, module_id, state, day)
  DO UPDATE SET assignments = assignments + excluded.assignments`;
const COLUMNS = "(fiscal_year, department_id, category_id, module_id, state, day, assignments)";

/** Add `sign` (+1/−1) for one assignment row (NEW or OLD) of an active employee. */
function adjustOne(row: "NEW" | "OLD", sign: 1 | -1): string {
  return `INSERT INTO report_summary ${COLUMNS}
    SELECT ${row}.fiscal_year, anc.value, e.category_id, ${row}.module_id, ${stateOf(`${row}.`)}, ${dayAt(stateOf(`${row}.`), dayOf(`${row}.`))}, ${sign}
    FROM employees e JOIN departments d ON d.id = e.department_id JOIN ${ancestorsOf("d.path")} anc
    WHERE e.id = ${row}.employee_id AND e.active = 1 AND anc.key < ${SUMMARY_DEPTH}
    ${UPSERT};`;
}

/** Add ±count for all assignments of one employee, as that employee was (OLD) or is (NEW). */
function adjustEmployee(row: "NEW" | "OLD", sign: "" | "-"): string {
  return `INSERT INTO report_summary ${COLUMNS}
    SELECT a.fiscal_year, anc.value, ${row}.category_id, a.module_id, ${stateOf("a.")}, ${dayAt(stateOf("a."), dayOf("a."))}, ${sign}count(*)
    FROM assignments a JOIN departments d ON d.id = ${row}.department_id JOIN ${ancestorsOf("d.path")} anc
    WHERE a.employee_id = ${row}.id AND ${row}.active = 1 AND anc.key < ${SUMMARY_DEPTH}
    GROUP BY 1, 2, 3, 4, 5, 6
    ${UPSERT};`;
}

/** Add ±count for the active staff directly in a department, under the old or new path. */
function adjustDepartment(row: "NEW" | "OLD", sign: "" | "-"): string {
  return `INSERT INTO report_summary ${COLUMNS}
    SELECT a.fiscal_year, anc.value, e.category_id, a.module_id, ${stateOf("a.")}, ${dayAt(stateOf("a."), dayOf("a."))}, ${sign}count(*)
    FROM employees e CROSS JOIN assignments a INDEXED BY assignments_employee_module_year_idx ON a.employee_id = e.id JOIN ${ancestorsOf(`${row}.path`)} anc
    WHERE e.department_id = NEW.id AND e.active = 1 AND anc.key < ${SUMMARY_DEPTH}
    GROUP BY 1, 2, 3, 4, 5, 6
    ${UPSERT};`;
}

function keyChanged(): string {
  return `OLD.fiscal_year IS NOT NEW.fiscal_year OR OLD.employee_id IS NOT NEW.employee_id OR OLD.module_id IS NOT NEW.module_id
    OR (${stateOf("OLD.")}) IS NOT (${stateOf("NEW.")}) OR (${dayOf("OLD.")}) IS NOT (${dayOf("NEW.")})`;
}

// Per-person counts (対象者の修了率（人）): `report_person_year` holds, per employee × 年度, the
// non-exempt assignments and how many of them are completed (every employee, active or not);
// `report_person_summary` counts the active people with at least one non-exempt assignment per
// 年度 × ancestor department × category × finished (0/1). Assignment triggers adjust the first,
// its own triggers the second.
const PERSON_COLUMNS = "(fiscal_year, department_id, category_id, finished, people)";
const PERSON_UPSERT = `ON CONFLICT (fiscal_year, department_id, category_id, finished) DO UPDATE SET people = people + excluded.people`;
const assignedOf = (row: string) => `(${row}exempted_at IS NULL)`;
const completedOf = (row: string) => `(${row}exempted_at IS NULL AND ${row}completed_at IS NOT NULL)`;

function adjustPersonYear(row: "NEW" | "OLD", sign: "" | "-"): string {
  return `INSERT INTO report_person_year (employee_id, fiscal_year, assigned, completed)
    VALUES (${row}.employee_id, ${row}.fiscal_year, ${sign}${assignedOf(`${row}.`)}, ${sign}${completedOf(`${row}.`)})
    ON CONFLICT (employee_id, fiscal_year) DO UPDATE SET assigned = assigned + excluded.assigned, completed = completed + excluded.completed;`;
}

/** ±1 person for one report_person_year row (NEW or OLD) of an active employee. */
function adjustPerson(row: "NEW" | "OLD", sign: 1 | -1): string {
  return `INSERT INTO report_person_summary ${PERSON_COLUMNS}
    SELECT ${row}.fiscal_year, anc.value, e.category_id, ${row}.completed = ${row}.assigned, ${sign}
    FROM employees e JOIN departments d ON d.id = e.department_id JOIN ${ancestorsOf("d.path")} anc
    WHERE e.id = ${row}.employee_id AND e.active = 1 AND ${row}.assigned > 0 AND anc.key < ${SUMMARY_DEPTH}
    ${PERSON_UPSERT};`;
}

/** ±people for every 年度 of one employee, as that employee was (OLD) or is (NEW). */
function adjustPersonEmployee(row: "NEW" | "OLD", sign: "" | "-"): string {
  return `INSERT INTO report_person_summary ${PERSON_COLUMNS}
    SELECT p.fiscal_year, anc.value, ${row}.category_id, p.completed = p.assigned, ${sign}count(*)
    FROM report_person_year p JOIN departments d ON d.id = ${row}.department_id JOIN ${ancestorsOf("d.path")} anc
    WHERE p.employee_id = ${row}.id AND ${row}.active = 1 AND p.assigned > 0 AND anc.key < ${SUMMARY_DEPTH}
    GROUP BY 1, 2, 3, 4
    ${PERSON_UPSERT};`;
}

/** ±people for the active staff directly in a department, under its old or new path. */
function adjustPersonDepartment(row: "NEW" | "OLD", sign: "" | "-"): string {
  return `INSERT INTO report_person_summary ${PERSON_COLUMNS}
    SELECT p.fiscal_year, anc.value, e.category_id, p.completed = p.assigned, ${sign}count(*)
    FROM employees e CROSS JOIN report_person_year p ON p.employee_id = e.id JOIN ${ancestorsOf(`${row}.path`)} anc
    WHERE e.department_id = NEW.id AND e.active = 1 AND p.assigned > 0 AND anc.key < ${SUMMARY_DEPTH}
    GROUP BY 1, 2, 3, 4
    ${PERSON_UPSERT};`;
}

function personKeyChanged(): string {
  return `OLD.fiscal_year IS NOT NEW.fiscal_year OR OLD.employee_id IS NOT NEW.employee_id
    OR ${assignedOf("OLD.")} IS NOT ${assignedOf("NEW.")} OR ${completedOf("OLD.")} IS NOT ${completedOf("NEW.")}`;
}

function triggerStatements(): string[] {
  const name = (suffix: string) => `${TRIGGER_PREFIX}v${SUMMARY_VERSION}_${suffix}`;
  return [
    `CREATE TRIGGER ${name("assignment_insert")} AFTER INSERT ON assignments BEGIN ${adjustOne("NEW", 1)} END`,
    `CREATE TRIGGER ${name("assignment_update")} AFTER UPDATE ON assignments WHEN ${keyChanged()}
      BEGIN ${adjustOne("OLD", -1)} ${adjustOne("NEW", 1)} END`,
    `CREATE TRIGGER ${name("assignment_delete")} AFTER DELETE ON assignments BEGIN ${adjustOne("OLD", -1)} END`,
    `CREATE TRIGGER ${name("employee_update")} AFTER UPDATE OF department_id, category_id, active ON employees
      WHEN OLD.department_id IS NOT NEW.department_id OR OLD.category_id IS NOT NEW.category_id OR OLD.active IS NOT NEW.active
      BEGIN ${adjustEmployee("OLD", "-")} ${adjustEmployee("NEW", "")} ${adjustPersonEmployee("OLD", "-")} ${adjustPersonEmployee("NEW", "")} END`,
    `CREATE TRIGGER ${name("department_move")} AFTER UPDATE OF path ON departments WHEN OLD.path IS NOT NEW.path
      BEGIN ${adjustDepartment("OLD", "-")} ${adjustDepartment("NEW", "")} ${adjustPersonDepartment("OLD", "-")} ${adjustPersonDepartment("NEW", "")} END`,
    `CREATE TRIGGER ${name("person_assignment_insert")} AFTER INSERT ON assignments BEGIN ${adjustPersonYear("NEW", "")} END`,
    `CREATE TRIGGER ${name("person_assignment_update")} AFTER UPDATE ON assignments WHEN ${personKeyChanged()}
      BEGIN ${adjustPersonYear("OLD", "-")} ${adjustPersonYear("NEW", "")} END`,
    `CREATE TRIGGER ${name("person_assignment_delete")} AFTER DELETE ON assignments BEGIN ${adjustPersonYear("OLD", "-")} END`,
    // An upsert's DO UPDATE fires the UPDATE trigger; a first insert the INSERT trigger.
    `CREATE TRIGGER ${name("person_year_insert")} AFTER INSERT ON report_person_year BEGIN ${adjustPerson("NEW", 1)} END`,
    `CREATE TRIGGER ${name("person_year_update")} AFTER UPDATE ON report_person_year
      WHEN (OLD.assigned > 0) IS NOT (NEW.assigned > 0) OR (OLD.completed = OLD.assigned) IS NOT (NEW.completed = NEW.assigned)
      BEGIN ${adjustPerson("OLD", -1)} ${adjustPerson("NEW", 1)} END`,
    `CREATE TRIGGER ${name("person_year_delete")} AFTER DELETE ON report_person_year BEGIN ${adjustPerson("OLD", -1)} END`,
    // Any change to the department tree bumps a counter, so readers can cache the tree safely.
    ...["INSERT", "UPDATE", "DELETE"].map(
      (event) => `CREATE TRIGGER ${name(`departments_${event.toLowerCase()}`)} AFTER ${event} ON departments
        BEGIN UPDATE report_meta SET value = value + 1 WHERE key = 'departments'; END`,
    ),
  ];
}

/**
 * One row per 年度 × department × category × module × state × day: `department_id` is every
 * ancestor-or-self (down to SUMMARY_DEPTH) of the employee's current department, so a subtree's
 * count is one row. state: exempt | completed | in_progress | not_started ("overdue" is decided
 * at query time from `day`, which holds the due date for the two open states, the Japan-time
 * completion month YYYY-MM for completed (near the top only), and '' otherwise). Active
 * employees only. WITHOUT ROWID: the primary key is the table, so a range read is one B-tree walk.
 */
const CREATE_TABLE = `CREATE TABLE report_summary (
  fiscal_year INTEGER NOT NULL,
  department_id INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  module_id TEXT NOT NULL,
  state TEXT NOT NULL,
  day TEXT NOT NULL,
  assignments INTEGER NOT NULL,
  PRIMARY KEY (fiscal_year, department_id, category_id, module_id, state, day)
) WITHOUT ROWID`;

const CREATE_PERSON_TABLES = [
  `CREATE TABLE report_person_year (
    employee_id INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL,
    assigned INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    PRIMARY KEY (employee_id, fiscal_year)
  ) WITHOUT ROWID`,
  `CREATE TABLE report_person_summary (
    fiscal_year INTEGER NOT NULL,
    department_id INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    finished INTEGER NOT NULL,
    people INTEGER NOT NULL,
    PRIMARY KEY (fiscal_year, department_id, category_id, finished)
  ) WITHOUT ROWID`,
];

/**
 * Recompute both person tables from `assignments` (inside the caller's transaction). When the
 * triggers exist, writing report_person_year also writes report_person_summary, which is therefore
 * emptied again before it is recomputed (installReportSummary rebuilds before creating them).
 */
function rebuildPersonTables(sqlite: Database.Database): void {
  sqlite.exec("DELETE FROM report_person_year");
  sqlite.exec(`INSERT INTO report_person_year (employee_id, fiscal_year, assigned, completed)
    SELECT employee_id, fiscal_year, sum(${assignedOf("")}), sum(${completedOf("")}) FROM assignments GROUP BY employee_id, fiscal_year`);
  sqlite.exec("DELETE FROM report_person_summary");
  sqlite.exec(`
    WITH leaf AS (
      SELECT p.fiscal_year, e.department_id, e.category_id, p.completed = p.assigned AS finished, count(*) AS n
      FROM report_person_year p JOIN employees e ON e.id = p.employee_id
      WHERE e.active = 1 AND p.assigned > 0
      GROUP BY 1, 2, 3, 4
    )
    INSERT INTO report_person_summary ${PERSON_COLUMNS}
    SELECT leaf.fiscal_year, anc.value, leaf.category_id, leaf.finished, sum(leaf.n)
    FROM leaf JOIN departments d ON d.id = leaf.department_id JOIN ${ancestorsOf("d.path")} anc
    WHERE anc.key < ${SUMMARY_DEPTH}
    GROUP BY 1, 2, 3, 4`);
}

/** Recompute the whole table from `assignments` (first install, or after a bulk load without triggers). */
export function rebuildReportSummary(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    sqlite.exec("DELETE FROM report_summary");
    // Group per department first, then spread over the ancestors.
    sqlite.exec(`
      WITH leaf AS (
        SELECT a.fiscal_year, e.department_id, e.category_id, a.module_id, ${stateOf("a.")} AS state, ${dayOf("a.")} AS day, count(*) AS n
        FROM assignments a JOIN employees e ON e.id = a.employee_id
        WHERE e.active = 1
        GROUP BY 1, 2, 3, 4, 5, 6
      )
      INSERT INTO report_summary ${COLUMNS}
      SELECT leaf.fiscal_year, anc.value, leaf.category_id, leaf.module_id, leaf.state, ${dayAt("leaf.state", "leaf.day")}, sum(leaf.n)
      FROM leaf JOIN departments d ON d.id = leaf.department_id JOIN ${ancestorsOf("d.path")} anc
      WHERE anc.key < ${SUMMARY_DEPTH}
      GROUP BY 1, 2, 3, 4, 5, 6
    `);
    rebuildPersonTables(sqlite);
  })();
}

function existingTriggers(sqlite: Database.Database): string[] {
  return sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?")
    .pluck()
    .all(`${TRIGGER_PREFIX}%`) as string[];
}

/** Remove the triggers (bulk loads only: call installReportSummary afterwards, which rebuilds). */
export function dropReportSummaryTriggers(sqlite: Database.Database): void {
  for (const name of existingTriggers(sqlite)) sqlite.exec(`DROP TRIGGER "${name}"`);
}

/**
 * Make sure the current triggers exist; when they do not (new database, older version, or after
 * dropReportSummaryTriggers), install them and rebuild the table, in one transaction (or let
 * `fill` write the rows).
 * Cheap when nothing is to do (one lookup in sqlite_master).
 */
export function installReportSummary(sqlite: Database.Database, options: { fill?: (rows: Database.Statement) => void } = {}): void {
  const present = existingTriggers(sqlite);
  if (present.includes(marker)) return;
  sqlite.transaction(() => {
    for (const name of present) sqlite.exec(`DROP TRIGGER "${name}"`);
    sqlite.exec("DROP TABLE IF EXISTS report_summary");
    sqlite.exec("DROP TABLE IF EXISTS report_person_summary");
    sqlite.exec("DROP TABLE IF EXISTS report_person_year");
    sqlite.exec(CREATE_TABLE);
    for (const statement of CREATE_PERSON_TABLES) sqlite.exec(statement);
    sqlite.exec("CREATE TABLE IF NOT EXISTS report_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
    sqlite.exec("INSERT INTO report_meta (key, value) VALUES ('departments', 0) ON CONFLICT (key) DO UPDATE SET value = value + 1");
    // A bulk loader that already knows the counts (the benchmark's generator) may write them
    // itself; test/integration/report-summary.test.ts checks that it writes what a rebuild would.
    if (options.fill) {
      options.fill(sqlite.prepare(`INSERT INTO report_summary ${COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?)`));
      rebuildPersonTables(sqlite);
    } else rebuildReportSummary(sqlite);
    // After the rows: the person tables are filled without firing their own triggers row by row.
    for (const statement of triggerStatements()) sqlite.exec(statement);
  })();
}

/**
 * For bulk writers only (hundreds of thousands of assignment rows at once, e.g. a whole 年度
 * created for everyone): the triggers add ~70 µs per row (~20 µs of it the per-person tables), a rebuild ~15 s per 2 million rows plus the per-person tables.
 * Runs `write` with the triggers off and rebuilds afterwards, all in one transaction, so the
 * summary is never seen out of step. Ordinary writes need nothing of this.
 */
export function writeWithSummaryRebuild<T>(sqlite: Database.Database, write: () => T): T {
  return sqlite.transaction(() => {
    dropReportSummaryTriggers(sqlite);
    const result = write();
    installReportSummary(sqlite);
    return result;
  })();
}
