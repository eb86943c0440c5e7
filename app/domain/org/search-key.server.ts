import type Database from "better-sqlite3";
import { employeeSearchKey } from "./search-key";

/**
 * Bring employees.search_key up to date for every row whose key differs from what its 職員番号,
 * 氏名 and カナ give (all rows, the given ids, or the rows that have no key yet). The roster import
 * writes the key with the row; first admin and the demo seed call this inside their transaction;
 * opening a database fills the keys that are missing (rows of older versions or bulk tools).
 */
export function syncEmployeeSearchKeys(sqlite: Database.Database, ids?: number[] | "missing"): number {
  const columns = "SELECT id, employee_no AS employeeNo, name, name_kana AS nameKana, search_key AS searchKey FROM employees";
  const rows = (ids === "missing"
    ? sqlite.prepare(`${columns} WHERE search_key = ''`).all()
    : ids
      ? sqlite.prepare(`${columns} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids))
      : sqlite.prepare(columns).all()) as {
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
