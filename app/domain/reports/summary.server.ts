// Counting for the HR dashboard and the drill-down totals, read from `report_summary` (kept in
// step by triggers, see summary-maintenance.server.ts). The status rule mirrors calculateStatus:
// exempt > completed > overdue (open and due before today, Japan time) > in progress > not started.
// Leavers (employees.active = 0) are not counted at all; people count under their current
// department. Rates leave exempt assignments out of the denominator.
import type { Db } from "~/db/client.server";
import { STATUSES } from "../assignments/status";
import { assignedOf, countForStatus, emptyCounts, emptyPeople, type PeopleTally, type StatusCounts } from "./counts";
import { fiscalYearEnd } from "../time";
import type { ReportFilters } from "./filters";
import { subtreeIds, type Category, type Department, type ReportContext } from "./organisation.server";
import { statement } from "./statements.server";
import { SUMMARY_DEPTH } from "./summary-maintenance.server";

function addPeople(into: PeopleTally, from: PeopleTally, sign = 1): void {
  into.targets += sign * from.targets;
  into.finished += sign * from.finished;
}

function add(into: StatusCounts, from: StatusCounts, sign = 1): void {
  into.total += sign * from.total;
  for (const status of STATUSES) into[status] += sign * from[status];
}

/** [departmentId, categoryId, moduleId, total, exempt, completed, overdue, in_progress, not_started] */
type CoreRow = [number, number, string, number, number, number, number, number, number];

function toCounts(row: CoreRow): StatusCounts {
  return { total: row[3], exempt: row[4], completed: row[5], overdue: row[6], in_progress: row[7], not_started: row[8] };
}

type Query = { fiscalYear: number; departmentIds: number[]; categoryId: number | null; moduleId: string | null; today: string };

// Optional filters become separate statements (not "@x IS NULL OR …"), so each compiles to the
// tightest loop; GROUP BY follows the primary key, so SQLite aggregates while it scans.
function summaryFilters(query: Query): string {
  return `${query.categoryId === null ? "" : " AND category_id = @categoryId"}${query.moduleId === null ? "" : " AND module_id = @moduleId"}`;
}

function params(query: Query) {
  return {
    today: query.today,
    fiscalYear: query.fiscalYear,
    departmentIds: JSON.stringify(query.departmentIds),
    ...(query.categoryId === null ? {} : { categoryId: query.categoryId }),
    ...(query.moduleId === null ? {} : { moduleId: query.moduleId }),
  };
}

function readSummaryCore(db: Db, query: Query): CoreRow[] {
  return statement(
    db,
    `SELECT department_id, category_id, module_id,
       sum(assignments),
       sum(CASE WHEN state = 'exempt' THEN assignments ELSE 0 END),
       sum(CASE WHEN state = 'completed' THEN assignments ELSE 0 END),
       sum(CASE WHEN state IN ('in_progress', 'not_started') AND day < @today THEN assignments ELSE 0 END),
       sum(CASE WHEN state = 'in_progress' AND day >= @today THEN assignments ELSE 0 END),
       sum(CASE WHEN state = 'not_started' AND day >= @today THEN assignments ELSE 0 END)
     FROM report_summary
     WHERE fiscal_year = @fiscalYear AND department_id IN (SELECT value FROM json_each(@departmentIds))${summaryFilters(query)}
     GROUP BY department_id, category_id, module_id`,
  )
    .raw(true)
    .all(params(query)) as CoreRow[];
}

function readSummaryMonths(db: Db, query: Query): [string, number][] {
  return statement(
    db,
    `SELECT day, sum(assignments) FROM report_summary
     WHERE fiscal_year = @fiscalYear AND department_id IN (SELECT value FROM json_each(@departmentIds))
       AND state = 'completed'${summaryFilters(query)}
     GROUP BY day`,
  )
    .raw(true)
    .all(params(query)) as [string, number][];
}

// The same shapes aggregated live from assignments, per department people are placed in: used
// below SUMMARY_DEPTH, where a subtree is a few hundred people.
// NOTE: without ANALYZE statistics SQLite may walk assignments_year_module_idx (every row of the
// 年度) for each employee; the employee index is named so that it never does.
function liveFilters(query: Query): string {
  return `${query.categoryId === null ? "" : " AND e.category_id = @categoryId"}${query.moduleId === null ? "" : " AND a.module_id = @moduleId"}`;
}

function readLiveCore(db: Db, query: Query): CoreRow[] {
  return statement(
    db,
    `SELECT e.department_id, e.category_id, a.module_id,
       count(*),
       sum(a.exempted_at IS NOT NULL),
       sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL),
       sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date < @today),
       sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date >= @today AND (a.started_at IS NOT NULL OR a.read_at IS NOT NULL)),
       sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date >= @today AND a.started_at IS NULL AND a.read_at IS NULL)
     FROM employees e
     CROSS JOIN assignments a INDEXED BY assignments_employee_module_year_idx ON a.employee_id = e.id AND a.fiscal_year = @fiscalYear
     WHERE e.department_id IN (SELECT value FROM json_each(@departmentIds)) AND e.active = 1${liveFilters(query)}
     GROUP BY 1, 2, 3`,
  )
    .raw(true)
    .all(params(query)) as CoreRow[];
}

function readLiveMonths(db: Db, query: Query): [string, number][] {
  return statement(
    db,
    `SELECT strftime('%Y-%m', a.completed_at / 1000 + 32400, 'unixepoch'), count(*)
     FROM employees e
     CROSS JOIN assignments a INDEXED BY assignments_employee_module_year_idx ON a.employee_id = e.id AND a.fiscal_year = @fiscalYear
     WHERE e.department_id IN (SELECT value FROM json_each(@departmentIds)) AND e.active = 1
       AND a.exempted_at IS NULL AND a.completed_at IS NOT NULL${liveFilters(query)}
     GROUP BY 1`,
  )
    .raw(true)
    .all(params(query)) as [string, number][];
}

/** [departmentId, categoryId, target people, finished people] */
type PeopleRow = [number, number, number, number];

/** People with a non-exempt assignment, and how many finished all of them (report_person_summary). */
function readSummaryPeople(db: Db, query: Query): PeopleRow[] {
  return statement(
    db,
    `SELECT department_id, category_id, sum(people), sum(CASE WHEN finished = 1 THEN people ELSE 0 END)
     FROM report_person_summary
     WHERE fiscal_year = @fiscalYear AND department_id IN (SELECT value FROM json_each(@departmentIds))${query.categoryId === null ? "" : " AND category_id = @categoryId"}
     GROUP BY department_id, category_id`,
  )
    .raw(true)
    .all(params({ ...query, moduleId: null })) as PeopleRow[];
}

function readLivePeople(db: Db, query: Query): PeopleRow[] {
  return statement(
    db,
    `SELECT department_id, category_id, count(*), sum(completed = assigned) FROM (
       SELECT e.department_id, e.category_id, sum(a.exempted_at IS NULL) AS assigned, sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed
       FROM employees e
       CROSS JOIN assignments a INDEXED BY assignments_employee_module_year_idx ON a.employee_id = e.id AND a.fiscal_year = @fiscalYear
       WHERE e.department_id IN (SELECT value FROM json_each(@departmentIds)) AND e.active = 1${query.categoryId === null ? "" : " AND e.category_id = @categoryId"}
       GROUP BY e.id
     ) WHERE assigned > 0
     GROUP BY 1, 2`,
  )
    .raw(true)
    .all(params({ ...query, moduleId: null })) as PeopleRow[];
}

/** With a module filter a person has at most one assignment: people and assignments coincide. */
function peopleFromCore(rows: CoreRow[]): PeopleRow[] {
  return rows.map((row) => [row[0], row[1], row[3] - row[4], row[5]]);
}

function depthOf(department: Department): number {
  return department.path.split("/").filter(Boolean).length;
}

type ScopeRows = { scope: Department | null; children: Department[]; rows: CoreRow[]; people: () => PeopleRow[]; months: () => [string, number][] };

/**
 * Counts for the scope and each of its children (or for each organisation when there is no
 * scope), every row covering that department's whole subtree: from the summary when those
 * departments are within SUMMARY_DEPTH, live otherwise. `months` (completions of the scope by
 * month) is read only when asked for.
 */
function readScopeRows(db: Db, context: ReportContext, filters: ReportFilters, today: string, withChildren = true): ScopeRows {
  const { tree } = context;
  const scope = filters.departmentId === null ? null : tree.byId.get(filters.departmentId) ?? null;
  const children = withChildren || scope === null ? tree.children.get(scope?.id ?? null) ?? [] : [];
  const base = { fiscalYear: filters.fiscalYear, categoryId: filters.categoryId, moduleId: filters.moduleId, today };
  if (scope === null || depthOf(scope) < SUMMARY_DEPTH) {
    const scopeIds = scope ? [scope.id] : children.map((child) => child.id);
    const ids = scope ? [scope.id, ...children.map((child) => child.id)] : scopeIds;
    const rows = readSummaryCore(db, { ...base, departmentIds: ids });
    return {
      scope,
      children,
      rows,
      people: () => (base.moduleId === null ? readSummaryPeople(db, { ...base, departmentIds: ids }) : peopleFromCore(rows)),
      months: () => readSummaryMonths(db, { ...base, departmentIds: scopeIds }),
    };
  }
  // Below the summary: aggregate the subtree live, then file each row under the scope and under
  // the child department it belongs to.
  const scopeDepth = depthOf(scope);
  const subtree = { ...base, departmentIds: subtreeIds(tree, scope.id) };
  const rows: CoreRow[] = [];
  for (const [placedIn, ...rest] of readLiveCore(db, subtree)) {
    rows.push([scope.id, ...rest]);
    const childId = Number(tree.byId.get(placedIn)?.path.split("/").filter(Boolean)[scopeDepth]);
    if (withChildren && Number.isInteger(childId)) rows.push([childId, ...rest]);
  }
  const people = () => {
    if (base.moduleId !== null) return peopleFromCore(rows);
    const filed: PeopleRow[] = [];
    for (const [placedIn, ...rest] of readLivePeople(db, subtree)) {
      filed.push([scope.id, ...rest]);
      const childId = Number(tree.byId.get(placedIn)?.path.split("/").filter(Boolean)[scopeDepth]);
      if (withChildren && Number.isInteger(childId)) filed.push([childId, ...rest]);
    }
    return filed;
  };
  return { scope, children, rows, people, months: () => readLiveMonths(db, subtree) };
}

export type MatrixRow = {
  department: Pick<Department, "id" | "name" | "level">;
  /** True for the "directly in the scope" row (people not in any sub-department). */
  direct: boolean;
  hasChildren: boolean;
  total: StatusCounts;
  byCategory: Record<number, StatusCounts>;
  people: PeopleTally;
  peopleByCategory: Record<number, PeopleTally>;
};

export type ProgressPoint = { month: string; label: string; completed: number; assigned: number };

export type Dashboard = {
  totals: StatusCounts;
  byCategory: Record<number, StatusCounts>;
  people: PeopleTally;
  peopleByCategory: Record<number, PeopleTally>;
  rows: MatrixRow[];
  modules: { id: string; title: string; counts: StatusCounts }[];
  progress: ProgressPoint[];
};

/** The 12 months of a 年度 as YYYY-MM. */
export function fiscalMonths(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, index) => {
    const month = ((index + 3) % 12) + 1;
    const year = index < 9 ? fiscalYear : fiscalYear + 1;
    return `${year}-${String(month).padStart(2, "0")}`;
  });
}

/**
 * Everything the dashboard shows for a scope (a department subtree, or the whole city when
 * `departmentId` is null): totals, the department × category matrix of the scope's children,
 * per-module counts and the cumulative completion rate month by month.
 */
export function getDashboard(db: Db, context: ReportContext, filters: ReportFilters, today: string): Dashboard {
  const { tree } = context;
  const { scope, children: childDepartments, rows, months, people } = readScopeRows(db, context, filters, today);

  const perDepartment = new Map<number, { total: StatusCounts; byCategory: Record<number, StatusCounts> }>();
  const scopeModules = new Map<string, StatusCounts>();
  const scopeIds = new Set(scope ? [scope.id] : childDepartments.map((department) => department.id));
  for (const row of rows) {
    const [departmentId, categoryId, moduleId] = row;
    const counts = toCounts(row);
    let entry = perDepartment.get(departmentId);
    if (!entry) {
      entry = { total: emptyCounts(), byCategory: {} };
      perDepartment.set(departmentId, entry);
    }
    add((entry.byCategory[categoryId] ??= emptyCounts()), counts);
    add(entry.total, counts);
    if (scopeIds.has(departmentId)) {
      const moduleCounts = scopeModules.get(moduleId) ?? emptyCounts();
      add(moduleCounts, counts);
      scopeModules.set(moduleId, moduleCounts);
    }
  }

  const totals = emptyCounts();
  const byCategory: Record<number, StatusCounts> = {};
  for (const id of scopeIds) {
    const entry = perDepartment.get(id);
    if (!entry) continue;
    add(totals, entry.total);
    for (const [categoryId, counts] of Object.entries(entry.byCategory)) add((byCategory[Number(categoryId)] ??= emptyCounts()), counts);
  }

  // The same shapes for people: per department (whole subtree) and category.
  const peopleByDepartment = new Map<number, { total: PeopleTally; byCategory: Record<number, PeopleTally> }>();
  for (const [departmentId, categoryId, targets, finished] of people()) {
    let entry = peopleByDepartment.get(departmentId);
    if (!entry) peopleByDepartment.set(departmentId, (entry = { total: emptyPeople(), byCategory: {} }));
    addPeople((entry.byCategory[categoryId] ??= emptyPeople()), { targets, finished });
    addPeople(entry.total, { targets, finished });
  }
  const peopleTotal = emptyPeople();
  const peopleByCategory: Record<number, PeopleTally> = {};
  for (const id of scopeIds) {
    const entry = peopleByDepartment.get(id);
    if (!entry) continue;
    addPeople(peopleTotal, entry.total);
    for (const [categoryId, tally] of Object.entries(entry.byCategory)) addPeople((peopleByCategory[Number(categoryId)] ??= emptyPeople()), tally);
  }

  const matrix: MatrixRow[] = [];
  if (scope) {
    // People placed in the scope itself rather than in a sub-department.
    const direct = { total: emptyCounts(), byCategory: {} as Record<number, StatusCounts> };
    add(direct.total, totals);
    for (const [categoryId, counts] of Object.entries(byCategory)) add((direct.byCategory[Number(categoryId)] = emptyCounts()), counts);
    for (const child of childDepartments) {
      const entry = perDepartment.get(child.id);
      if (!entry) continue;
      add(direct.total, entry.total, -1);
      for (const [categoryId, counts] of Object.entries(entry.byCategory)) add((direct.byCategory[Number(categoryId)] ??= emptyCounts()), counts, -1);
    }
    const directPeople = { people: { ...peopleTotal }, peopleByCategory: {} as Record<number, PeopleTally> };
    for (const [categoryId, tally] of Object.entries(peopleByCategory)) directPeople.peopleByCategory[Number(categoryId)] = { ...tally };
    for (const child of childDepartments) {
      const entry = peopleByDepartment.get(child.id);
      if (!entry) continue;
      addPeople(directPeople.people, entry.total, -1);
      for (const [categoryId, tally] of Object.entries(entry.byCategory)) addPeople((directPeople.peopleByCategory[Number(categoryId)] ??= emptyPeople()), tally, -1);
    }
    if (direct.total.total > 0 || childDepartments.length === 0) {
      matrix.push({ department: scope, direct: childDepartments.length > 0, hasChildren: false, ...direct, ...directPeople });
    }
  }
  for (const child of childDepartments) {
    const entry = perDepartment.get(child.id) ?? { total: emptyCounts(), byCategory: {} };
    const peopleEntry = peopleByDepartment.get(child.id) ?? { total: emptyPeople(), byCategory: {} };
    matrix.push({
      department: child, direct: false, hasChildren: (tree.children.get(child.id)?.length ?? 0) > 0, ...entry,
      people: peopleEntry.total, peopleByCategory: peopleEntry.byCategory,
    });
  }

  const modules = context.modules
    .filter((module) => scopeModules.has(module.id))
    .map((module) => ({ id: module.id, title: module.title, counts: scopeModules.get(module.id)! }));

  const completedByMonth = new Map<string, number>();
  for (const [month, n] of months()) completedByMonth.set(month, (completedByMonth.get(month) ?? 0) + n);
  return {
    totals, byCategory, people: peopleTotal, peopleByCategory, rows: matrix, modules,
    progress: buildProgress(filters.fiscalYear, today, completedByMonth, assignedOf(totals)),
  };
}

/**
 * Cumulative completion rate at the end of each month of the 年度, up to today. Completions
 * before April count in April; those after March (late) in a last point.
 */
function buildProgress(fiscalYear: number, today: string, completedByMonth: Map<string, number>, assigned: number): ProgressPoint[] {
  const months = fiscalMonths(fiscalYear);
  const currentMonth = today.slice(0, 7);
  const points: ProgressPoint[] = [];
  let cumulative = [...completedByMonth].filter(([month]) => month < months[0]).reduce((sum, [, n]) => sum + n, 0);
  for (const month of months) {
    if (month > currentMonth) break;
    cumulative += completedByMonth.get(month) ?? 0;
    points.push({ month, label: `${Number(month.slice(5))}月`, completed: cumulative, assigned });
  }
  const late = [...completedByMonth].filter(([month]) => month > months[11]).reduce((sum, [, n]) => sum + n, 0);
  if (late > 0 && today > fiscalYearEnd(fiscalYear)) {
    cumulative += late;
    points.push({ month: "late", label: "年度後", completed: cumulative, assigned });
  }
  return points;
}

/**
 * The counts behind a drill-down list: the same rows as the dashboard cell it came from.
 * `direct` takes the sub-departments away.
 */
export function getScopeCounts(db: Db, context: ReportContext, filters: ReportFilters, today: string): StatusCounts {
  return readScopeTotals(db, context, filters, today, false).counts;
}

function readScopeTotals(db: Db, context: ReportContext, filters: ReportFilters, today: string, withPeople: boolean) {
  const { scope, children, rows, people } = readScopeRows(db, context, filters, today, filters.direct);
  const childIds = new Set(children.map((child) => child.id));
  // The whole scope is its own row; "direct" takes the children away. Without a scope, the
  // organisations together are the whole city.
  const signOf = (departmentId: number) => (scope === null ? 1 : departmentId === scope.id ? 1 : filters.direct && childIds.has(departmentId) ? -1 : 0);
  const counts = emptyCounts();
  for (const row of rows) add(counts, toCounts(row), signOf(row[0]));
  const tally = emptyPeople();
  if (withPeople) for (const [departmentId, , targets, finished] of people()) addPeople(tally, { targets, finished }, signOf(departmentId));
  return { counts, people: tally };
}

/** Counts and the person tally of a drill-down's scope (the headers of the lists show both rates). */
export function getScopeTotals(db: Db, context: ReportContext, filters: ReportFilters, today: string): { counts: StatusCounts; people: PeopleTally } {
  return readScopeTotals(db, context, filters, today, true);
}

const cityCache = new Map<string, { at: number; counts: StatusCounts }>();

/** The whole city's counts for a 年度, remembered for a few seconds (they only steer query plans). */
function getCityCounts(db: Db, context: ReportContext, fiscalYear: number, today: string): StatusCounts {
  const key = `${db.$client.name}|${fiscalYear}|${today}`;
  const cached = cityCache.get(key);
  if (cached && Date.now() - cached.at < 10_000) return cached.counts;
  const organisations = (context.tree.children.get(null) ?? []).map((organisation) => organisation.id);
  const counts = emptyCounts();
  for (const row of readSummaryCore(db, { fiscalYear, departmentIds: organisations, categoryId: null, moduleId: null, today })) add(counts, toCounts(row));
  if (cityCache.size > 100) cityCache.clear();
  cityCache.set(key, { at: Date.now(), counts });
  return counts;
}

/**
 * The numbers a drill-down list needs: its total, and sizes to choose how to read its rows
 * (see choosePlan): `orderedPool` is how many rows a walk in the list's order passes over.
 */
export function getListEstimate(db: Db, context: ReportContext, filters: ReportFilters, today: string) {
  const counts = getScopeCounts(db, context, filters, today);
  const city = getCityCounts(db, context, filters.fiscalYear, today);
  // Open work sorted by due date walks the partial index of open assignments, in the due-date
  // range of its status; everything else walks all assignments of the 年度.
  let orderedPool = city.total;
  if (filters.sort === "due") {
    if (filters.status === "overdue") orderedPool = city.overdue;
    else if (filters.status === "in_progress" || filters.status === "not_started") orderedPool = city.in_progress + city.not_started;
    else if (filters.status === "incomplete") orderedPool = city.overdue + city.in_progress + city.not_started;
  }
  return { counts, matching: countForStatus(counts, filters.status), scopeTotal: counts.total, orderedPool };
}

/** Category columns that have anyone in them (keeps the matrix narrow). */
export function categoriesInUse(categories: Category[], byCategory: Record<number, StatusCounts>): Category[] {
  return categories.filter((category) => (byCategory[category.id]?.total ?? 0) > 0);
}

export { assignedOf, countForStatus, emptyCounts, ratesOf, type PeopleTally, type StatusCounts } from "./counts";
