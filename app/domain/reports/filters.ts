// Report filters as the pages use them (no zod here: this module reaches the browser).
/** What a drill-down list can be narrowed to. "assigned" is the denominator (everything but 免除). */
export const LIST_STATUSES = ["assigned", "incomplete", "not_started", "in_progress", "completed", "overdue", "exempt"] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export const LIST_STATUS_LABELS: Record<ListStatus, string> = {
  assigned: "対象（免除を除く）",
  incomplete: "未完了",
  not_started: "未着手",
  in_progress: "受講中",
  completed: "完了",
  overdue: "期限超過",
  exempt: "免除",
};

export const PAGE_SIZE = 100;
/** Beyond this many rows the list asks to narrow the filters or use the CSV (deep OFFSETs are slow). */
export const MAX_PAGES = 100;

export const LIST_SORTS = ["due", "employeeNo", "name", "department"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const LIST_SORT_LABELS: Record<ListSort, string> = {
  due: "期限（超過日数）",
  employeeNo: "職員番号",
  name: "氏名（カナ）",
  department: "所属",
};

export type ReportFilters = {
  fiscalYear: number;
  departmentId: number | null;
  /** Only the people placed directly in the department, not in its sub-departments. */
  direct: boolean;
  categoryId: number | null;
  moduleId: string | null;
  status: ListStatus | null;
  sort: ListSort;
  descending: boolean;
  page: number;
};

/** Overdue and open work is listed most overdue first; finished work by employee number. */
export function defaultSort(status: ListStatus | null): ListSort {
  return status === "completed" || status === "exempt" ? "employeeNo" : "due";
}

/** The query string for a filter set, with overrides; defaults are left out to keep URLs short. */
export function filtersToQuery(filters: ReportFilters, overrides: Partial<ReportFilters> = {}): string {
  const merged = { ...filters, ...overrides };
  const params = new URLSearchParams();
  params.set("fy", String(merged.fiscalYear));
  if (merged.departmentId !== null) params.set("dept", String(merged.departmentId));
  if (merged.direct && merged.departmentId !== null) params.set("direct", "1");
  if (merged.categoryId !== null) params.set("category", String(merged.categoryId));
  if (merged.moduleId !== null) params.set("module", merged.moduleId);
  if (merged.status !== null) params.set("status", merged.status);
  if (merged.sort !== defaultSort(merged.status) || merged.descending) params.set("sort", merged.sort);
  if (merged.descending) params.set("dir", "desc");
  if (merged.page > 1) params.set("page", String(merged.page));
  return params.toString();
}
