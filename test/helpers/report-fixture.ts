// The small organisation of the report tests: every count is worked out by hand in the tests.
import type { Db } from "~/db/client.server";
import { createTestDb } from "./db";

export const TODAY = "2026-11-25";
export const FY = 2026;
export const THREATS = "threats";
export const PURPOSE = "purpose-and-terms";

/** Milliseconds of a Japan-time wall clock moment. */
export const jst = (isoLocal: string) => Date.parse(`${isoLocal}+09:00`);

export type Fixture = { db: Db; ids: Record<string, number> };

/**
 * 本庁 (O1) ─ 総務部 (B1) ─ 総務課 (K1) ─ 庶務係 (G1)
 *                         └ 人事課 (K2)
 * 消防本部 (O2) ─ 警防課 (K3)
 */
export function buildFixture(): Fixture {
  const db = createTestDb();
  const sqlite = db.$client;
  const now = Date.now();
  sqlite.exec(`INSERT INTO categories (id, name, sort_order) VALUES (1, '職員', 0), (2, '非常勤職員', 1)`);
  const departments: [string, number, number | null, string, string][] = [
    ["O1", 1, null, "organisation", "/1/"],
    ["B1", 2, 1, "bu", "/1/2/"],
    ["K1", 3, 2, "ka", "/1/2/3/"],
    ["G1", 4, 3, "kakari", "/1/2/3/4/"],
    ["K2", 5, 2, "ka", "/1/2/5/"],
    ["O2", 6, null, "organisation", "/6/"],
    ["K3", 7, 6, "ka", "/6/7/"],
  ];
  const names: Record<string, string> = { O1: "本庁", B1: "総務部", K1: "総務課", G1: "庶務係", K2: "人事課", O2: "消防本部", K3: "警防課" };
  for (const [code, id, parent, level, path] of departments) {
    sqlite.prepare("INSERT INTO departments (id, code, name, parent_id, level, path, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?)").run(id, code, names[code], parent, level, path, id);
  }
  const ids: Record<string, number> = Object.fromEntries(departments.map(([code, id]) => [code, id]));
  const people: [string, number, string, number][] = [
    ["e1", 1, "G1", 1], ["e2", 2, "G1", 1], ["e3", 3, "K1", 1], ["e4", 4, "K2", 1], ["e5", 5, "B1", 1],
    ["e6", 6, "K2", 0], ["e7", 7, "K3", 1], ["e8", 8, "K1", 1], ["e9", 9, "O2", 1],
  ];
  for (const [no, id, department, active] of people) {
    sqlite
      .prepare(`INSERT INTO employees (id, employee_no, name, name_kana, category_id, department_id, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, no.toUpperCase(), `職員 ${no}`, `ショクイン ${no}`, no === "e2" ? 2 : 1, ids[department], active, now, now);
    ids[no] = id;
  }
  const assign = (employee: string, moduleId: string, fields: Partial<{ due: string; started: number; completed: number; exempted: number; fiscalYear: number }>) => {
    const result = sqlite
      .prepare(`INSERT INTO assignments (employee_id, module_id, fiscal_year, due_date, source, created_at, started_at, completed_at, completed_version, exempted_at, exemption_reason)
        VALUES (?, ?, ?, ?, 'rule', ?, ?, ?, ?, ?, ?)`)
      .run(ids[employee], moduleId, fields.fiscalYear ?? FY, fields.due ?? "2026-12-28", jst("2026-04-01T09:00"), fields.started ?? null, fields.completed ?? null,
        fields.completed ? 1 : null, fields.exempted ?? null, fields.exempted ? "育児休業のため" : null);
    ids[`${employee}:${moduleId}`] = Number(result.lastInsertRowid);
  };
  // e1: threats completed 1 June 01:00 JST (still 31 May in UTC: the month must be Japan's); purpose overdue.
  assign("e1", THREATS, { completed: jst("2026-06-01T01:00"), started: jst("2026-05-31T23:00") });
  assign("e1", PURPOSE, { due: "2026-09-30" });
  // e2 (非常勤): threats in progress; purpose exempt.
  assign("e2", THREATS, { started: jst("2026-11-01T10:00") });
  assign("e2", PURPOSE, { exempted: jst("2026-05-01T10:00") });
  // e3 (directly in 総務課): threats not started; purpose completed in October.
  assign("e3", THREATS, {});
  assign("e3", PURPOSE, { completed: jst("2026-10-05T12:00") });
  // e4: threats due yesterday, started → overdue; purpose completed in November.
  assign("e4", THREATS, { due: "2026-11-24", started: jst("2026-11-20T12:00") });
  assign("e4", PURPOSE, { completed: jst("2026-11-24T12:00") });
  // e5 (directly in 総務部): threats completed in April.
  assign("e5", THREATS, { completed: jst("2026-04-20T12:00") });
  // e6 left: nothing of theirs counts.
  assign("e6", THREATS, { due: "2026-06-30" });
  assign("e6", PURPOSE, { completed: jst("2026-05-10T12:00") });
  // e7 (消防): threats overdue; purpose due today → not yet overdue.
  assign("e7", THREATS, { due: "2026-11-24" });
  assign("e7", PURPOSE, { due: TODAY });
  // e8 moved from 警防課 to 総務課: counted under the current department.
  sqlite.prepare("INSERT INTO department_history (employee_id, department_id, from_date, to_date, recorded_at) VALUES (?, ?, '2020-04-01', '2026-03-31', ?), (?, ?, '2026-04-01', NULL, ?)")
    .run(ids.e8, ids.K3, now, ids.e8, ids.K1, now);
  assign("e8", THREATS, { completed: jst("2026-07-01T12:00") });
  // e9: only last 年度.
  assign("e9", THREATS, { fiscalYear: 2025, due: "2025-12-28", completed: jst("2025-12-01T12:00") });
  return { db, ids };
}

