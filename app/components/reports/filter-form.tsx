import { Form } from "@remix-run/react";
import { LIST_SORT_LABELS, LIST_SORTS, LIST_STATUS_LABELS, LIST_STATUSES, type ListSort, type ListStatus } from "~/domain/reports/filters";

export type FilterOptions = {
  years: { value: number; label: string }[];
  departments: { id: number; label: string }[];
  categories: { id: number; name: string }[];
  modules: { id: string; title: string }[];
};

export type FilterValues = {
  fiscalYear: number;
  departmentId: number | null;
  direct: boolean;
  categoryId: number | null;
  moduleId: string | null;
  status?: ListStatus | null;
  sort?: ListSort;
  descending?: boolean;
};

/** The GET form of filters shared by the dashboard and the drill-down list; works without JavaScript. */
export function FilterForm({ action, options, values, withStatus = false }: { action: string; options: FilterOptions; values: FilterValues; withStatus?: boolean }) {
  return (
    <Form method="get" action={action} className="filter-bar" aria-label="絞り込み">
      <div className="field">
        <label htmlFor="filter-fy">年度</label>
        <select id="filter-fy" name="fy" defaultValue={String(values.fiscalYear)}>
          {options.years.map((year) => (
            <option key={year.value} value={year.value}>{year.label}</option>
          ))}
        </select>
      </div>
      <div className="field field--wide">
        <label htmlFor="filter-dept">組織・所属（配下を含む）</label>
        <select id="filter-dept" name="dept" defaultValue={values.departmentId === null ? "" : String(values.departmentId)}>
          <option value="">全体（すべての組織）</option>
          {options.departments.map((department) => (
            <option key={department.id} value={department.id}>{department.label}</option>
          ))}
        </select>
        {values.direct ? <input type="hidden" name="direct" value="1" /> : null}
      </div>
      <div className="field">
        <label htmlFor="filter-category">区分</label>
        <select id="filter-category" name="category" defaultValue={values.categoryId === null ? "" : String(values.categoryId)}>
          <option value="">すべて</option>
          {options.categories.map((category) => (
            <option key={category.id} value={category.id}>{category.name}</option>
          ))}
        </select>
      </div>
      <div className="field field--wide">
        <label htmlFor="filter-module">モジュール</label>
        <select id="filter-module" name="module" defaultValue={values.moduleId ?? ""}>
          <option value="">すべて</option>
          {options.modules.map((module) => (
            <option key={module.id} value={module.id}>{module.title}</option>
          ))}
        </select>
      </div>
      {withStatus ? (
        <>
          <div className="field">
            <label htmlFor="filter-status">状況</label>
            <select id="filter-status" name="status" defaultValue={values.status ?? ""}>
              <option value="">すべて（免除を含む）</option>
              {LIST_STATUSES.map((status) => (
                <option key={status} value={status}>{LIST_STATUS_LABELS[status]}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-sort">並び順</label>
            <select id="filter-sort" name="sort" defaultValue={values.sort}>
              {LIST_SORTS.map((sort) => (
                <option key={sort} value={sort}>{LIST_SORT_LABELS[sort]}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-dir">向き</label>
            <select id="filter-dir" name="dir" defaultValue={values.descending ? "desc" : "asc"}>
              <option value="asc">昇順</option>
              <option value="desc">降順</option>
            </select>
          </div>
        </>
      ) : null}
      <div className="filter-bar__submit">
        <button type="submit" className="button">表示</button>
      </div>
    </Form>
  );
}
