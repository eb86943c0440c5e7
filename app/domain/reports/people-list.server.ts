// /hr/people: one row per person (職員番号, 氏名, 所属, 区分, progress "3/5 完了", overdue count),
// searchable by 職員番号・氏名・カナ through employees.search_key (see org/search-key.ts). Progress
// comes from report_person_year (one primary-key read per row shown), overdue live for the page.
import type { Db } from "~/db/client.server";
import { normaliseForSearch } from "../org/search-key";
import { statement } from "./statements.server";

export type PeopleQuery = {
  fiscalYear: number;
  /** null = everyone; otherwise the departments people must be placed in. */
  departmentIds: number[] | null;
  categoryId: number | null;
  /** Raw search text (normalised here); empty = no search. */
  search: string;
  today: string;
};

export type ListedPerson = {
  employeeNo: string;
  name: string;
  nameKana: string;
  departmentName: string;
  categoryName: string;
  active: boolean;
  /** Non-exempt assignments of the 年度, completed ones, overdue ones. */
  assigned: number;
  completed: number;
  overdue: number;
};

export const PEOPLE_PAGE_SIZE = 50;

// LIKE treats % and _ as wildcards; the key is matched literally.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

function where(query: PeopleQuery): { sql: string; params: Record<string, unknown> } {
  const key = normaliseForSearch(query.search);
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  // Leavers are found by a search (HR looks for a name), not listed otherwise.
  if (key === "") parts.push("e.active = 1");
  else {
    parts.push("e.search_key LIKE @pattern ESCAPE '\\'");
    params.pattern = `%${escapeLike(key)}%`;
  }
  if (query.departmentIds !== null) {
    parts.push("e.department_id IN (SELECT value FROM json_each(@departmentIds))");
    params.departmentIds = JSON.stringify(query.departmentIds);
  }
  if (query.categoryId !== null) {
    parts.push("e.category_id = @categoryId");
    params.categoryId = query.categoryId;
  }
  return { sql: parts.join(" AND "), params };
}

export function countPeople(db: Db, query: PeopleQuery): number {
  const clause = where(query);
  return statement(db, `SELECT count(*) FROM employees e WHERE ${clause.sql}`).pluck().get(clause.params) as number;
}

/** One page, by カナ then 職員番号 (employees_name_kana_idx). */
export function listPeople(db: Db, query: PeopleQuery, page: number, pageSize = PEOPLE_PAGE_SIZE): ListedPerson[] {
  return readPage(db, query, page, pageSize).map(({ total: _total, ...person }) => person);
}

/**
 * A page and the number of matches. A search reads the whole table once anyway (LIKE '%…%'), so
 * its count rides along as a window over the matches (one scan instead of two: ≈15 ms at 50,000
 * staff); without a search the page comes off the name index and the count is a separate query.
 */
export function findPeople(db: Db, query: PeopleQuery, page: number): { total: number; people: ListedPerson[] } {
  if (normaliseForSearch(query.search) === "") return { total: countPeople(db, query), people: listPeople(db, query, page) };
  const rows = readPage(db, query, page, PEOPLE_PAGE_SIZE);
  if (rows.length === 0) return { total: page > 1 ? countPeople(db, query) : 0, people: [] };
  return { total: rows[0].total, people: rows.map(({ total: _total, ...person }) => person) };
}

function readPage(db: Db, query: PeopleQuery, page: number, pageSize: number): (ListedPerson & { total: number })[] {
  const clause = where(query);
  // A search matches a few rows anywhere in the table: scan, then sort the matches ("+" keeps
  // SQLite from walking the name index and reading every row in its order). Without a search,
  // the name index gives the page directly.
  const searching = normaliseForSearch(query.search) !== "";
  const order = searching ? "+e.name_kana, e.employee_no" : "e.name_kana, e.employee_no";
  const rows = statement(
    db,
    `SELECT e.employee_no AS employeeNo, e.name, e.name_kana AS nameKana, d.name AS departmentName, c.name AS categoryName, e.active, e.total,
       coalesce(p.assigned, 0) AS assigned, coalesce(p.completed, 0) AS completed,
       (SELECT count(*) FROM assignments a INDEXED BY assignments_employee_module_year_idx
         WHERE a.employee_id = e.id AND a.fiscal_year = @fiscalYear AND a.completed_at IS NULL AND a.exempted_at IS NULL AND a.due_date < @today) AS overdue
     FROM (SELECT e.*, ${searching ? "count(*) OVER ()" : "0"} AS total FROM employees e WHERE ${clause.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset) e
     JOIN departments d ON d.id = e.department_id JOIN categories c ON c.id = e.category_id
     LEFT JOIN report_person_year p ON p.employee_id = e.id AND p.fiscal_year = @fiscalYear
     ORDER BY e.name_kana, e.employee_no`,
  ).all({ ...clause.params, fiscalYear: query.fiscalYear, today: query.today, limit: pageSize, offset: (page - 1) * pageSize }) as (Omit<ListedPerson, "active"> & { active: number; total: number })[];
  return rows.map((row) => ({ ...row, active: row.active === 1 }));
}

export function* peopleChunks(db: Db, query: PeopleQuery, chunkSize = 1000): Generator<ListedPerson[]> {
  for (let page = 1; ; page += 1) {
    const rows = listPeople(db, query, page, chunkSize);
    if (rows.length > 0) yield rows;
    if (rows.length < chunkSize) return;
  }
}

export const PEOPLE_CSV_HEADER = ["年度", "職員番号", "氏名", "氏名カナ", "所属", "区分", "在職", "対象の研修", "完了", "期限超過"];

export function peopleCsvRow(fiscalYear: number, person: ListedPerson): (string | number)[] {
  return [fiscalYear, person.employeeNo, person.name, person.nameKana, person.departmentName, person.categoryName, person.active ? "在職" : "退職", person.assigned, person.completed, person.overdue];
}
