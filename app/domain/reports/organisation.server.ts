import type { Db } from "~/db/client.server";
import { type ReportFilters } from "./filters";
import { badFilter } from "./filters.server";
import { statement } from "./statements.server";

export type Department = {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  level: string;
  path: string;
  sortOrder: number;
};

/** The department tree, in display order (siblings by sort order, then code). */
export type DepartmentTree = {
  list: Department[];
  byId: Map<number, Department>;
  children: Map<number | null, Department[]>;
};

export type Category = { id: number; name: string };
export type ModuleOption = { id: string; title: string };

const treeCache = new WeakMap<Db["$client"], { version: number; tree: DepartmentTree }>();

/**
 * The department tree, cached per connection until the tree changes: a trigger counts every
 * insert, update and delete on departments (report_meta 'departments'), so one lookup tells.
 */
export function loadDepartmentTree(db: Db): DepartmentTree {
  const version = statement(db, "SELECT value FROM report_meta WHERE key = 'departments'").pluck().get() as number | undefined;
  const cached = treeCache.get(db.$client);
  if (version !== undefined && cached?.version === version) return cached.tree;
  const tree = readDepartmentTree(db);
  if (version !== undefined) treeCache.set(db.$client, { version, tree });
  return tree;
}

function readDepartmentTree(db: Db): DepartmentTree {
  const rows = statement(db, "SELECT id, code, name, parent_id AS parentId, level, path, sort_order AS sortOrder FROM departments")
    .all() as Department[];
  const children = new Map<number | null, Department[]>();
  for (const row of rows) {
    const siblings = children.get(row.parentId) ?? [];
    siblings.push(row);
    children.set(row.parentId, siblings);
  }
  for (const siblings of children.values()) {
    siblings.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  }
  const list: Department[] = [];
  const visit = (parentId: number | null) => {
    for (const department of children.get(parentId) ?? []) {
      list.push(department);
      visit(department.id);
    }
  };
  visit(null);
  return { list, byId: new Map(rows.map((row) => [row.id, row])), children };
}

/** Organisation → … → the department itself. */
export function ancestry(tree: DepartmentTree, departmentId: number): Department[] {
  const department = tree.byId.get(departmentId);
  if (!department) return [];
  return department.path
    .split("/")
    .filter(Boolean)
    .map((id) => tree.byId.get(Number(id)))
    .filter((item): item is Department => item !== undefined);
}

/** "内部部局 / 総務部 / 総務課": where a department sits. */
export function departmentLabel(tree: DepartmentTree, departmentId: number): string {
  return ancestry(tree, departmentId)
    .map((department) => department.name)
    .join(" / ");
}

/** Ids of a department and everything below it. */
export function subtreeIds(tree: DepartmentTree, departmentId: number): number[] {
  const root = tree.byId.get(departmentId);
  if (!root) return [];
  return tree.list.filter((department) => department.path.startsWith(root.path)).map((department) => department.id);
}

/** The organisation (top-level department, policy 4(1)) a department belongs to. */
export function organisationOf(tree: DepartmentTree, departmentId: number): Department | undefined {
  const first = tree.byId.get(departmentId)?.path.split("/").filter(Boolean)[0];
  return first ? tree.byId.get(Number(first)) : undefined;
}

export function listCategories(db: Db): Category[] {
  return statement(db, "SELECT id, name FROM categories ORDER BY sort_order, id").all() as Category[];
}

export function listModuleOptions(db: Db): ModuleOption[] {
  return statement(db, "SELECT id, title FROM training_modules ORDER BY available DESC, sort_order, id").all() as ModuleOption[];
}

/** The 年度 that have assignments (min..max), always including the current one. */
export function listFiscalYears(db: Db, currentFiscalYear: number): number[] {
  // NOTE: min() and max() in ONE select make SQLite scan every row; as two sub-selects each is a
  // single lookup at an end of assignments_year_module_idx.
  const row = statement(db, "SELECT (SELECT min(fiscal_year) FROM assignments) AS first, (SELECT max(fiscal_year) FROM assignments) AS last").get() as {
    first: number | null;
    last: number | null;
  };
  const first = Math.min(row.first ?? currentFiscalYear, currentFiscalYear);
  const last = Math.max(row.last ?? currentFiscalYear, currentFiscalYear);
  const years: number[] = [];
  for (let year = last; year >= first; year -= 1) years.push(year);
  return years;
}

export type ReportContext = {
  tree: DepartmentTree;
  categories: Category[];
  modules: ModuleOption[];
};

/** Load what the filters refer to and 400 when an id does not exist. */
export function loadReportContext(db: Db, filters: ReportFilters): ReportContext {
  const tree = loadDepartmentTree(db);
  const categories = listCategories(db);
  const modules = listModuleOptions(db);
  if (filters.departmentId !== null && !tree.byId.has(filters.departmentId)) throw badFilter("dept", "指定された組織・所属はありません");
  if (filters.categoryId !== null && !categories.some((category) => category.id === filters.categoryId)) {
    throw badFilter("category", "指定された区分はありません");
  }
  if (filters.moduleId !== null && !modules.some((module) => module.id === filters.moduleId)) {
    throw badFilter("module", "指定されたモジュールはありません");
  }
  return { tree, categories, modules };
}

const OPTION_DEPTH = 3;

/**
 * Departments for the filter's select, indented by level: organisations, 部 and 課 (deeper ones
 * are reached by drilling down), plus the selected department and its ancestors whatever their depth.
 */
export function departmentOptions(tree: DepartmentTree, selectedId: number | null): { id: number; label: string }[] {
  const selectedPath = selectedId === null ? "" : tree.byId.get(selectedId)?.path ?? "";
  return tree.list
    .filter((department) => {
      const depth = department.path.split("/").filter(Boolean).length;
      return depth <= OPTION_DEPTH || selectedPath.startsWith(department.path);
    })
    .map((department) => {
      const depth = department.path.split("/").filter(Boolean).length;
      return { id: department.id, label: `${"　".repeat(depth - 1)}${department.name}` };
    });
}
