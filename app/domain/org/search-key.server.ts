import type Database from "better-sqlite3";
import { employeeSearchKey } from "./search-key";

/**
 * Bring employees.search_key up to date for every row whose key differs from what its 職員番号,
 * 氏名 and カナ give (all rows, or the given ids). Called by the writers of employees (roster
 * import, first admin, demo seed) inside their transaction, and once when a database is opened
 * (rows written by older versions or by bulk tools). ≈50 ms for 50,000 people when nothing changes.
 */
export function syncEmployeeSearchKeys(sqlite: Database.Database, ids?: number[]): number {
  const rows = (ids
    ? sqlite.prepare("SELECT id, employee_no AS employeeNo, name, name_kana AS nameKana, search_key AS searchKey FROM employees WHERE id IN (SELECT value FROM json_each(?))").all(JSON.stringify(ids))
    : sqlite.prepare("SELECT id, employee_no AS employeeNo, name, name_kana AS nameKana, search_key AS searchKey FROM employees").all()) as {
    id: number; employeeNo: string; name: string; nameKana: string; searchKey: string;
  }[];
  const update = sqlite.prepare("UPDATE employees SET search_key = ? WHERE id = ?");
  let changed = 0;
  const run = sqlite.transaction(() => {
    for (const row of rows) {
      const key = employeeSearchKey(row);
      if (key !== row.searchKey) {
        update.run(key, row.id);
        changed += 1;
      }
    }
  });
  run();
  return changed;
}
