import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { configureConnection, openDatabase, setDb, type Db } from "~/db/client.server";
import * as schema from "~/db/schema";
import { getCatalog, syncCatalog } from "~/domain/content/catalog.server";
import { seedDemo } from "~/domain/demo/seed.server";
import { installDefaultRules } from "~/domain/rules/cycles.server";

const folder = mkdtempSync(path.join(tmpdir(), "mamori-test-"));
let emptyTemplate: string | undefined;
let demoTemplate: string | undefined;
let counter = 0;

/** The instant the demo data of the tests is built around (a Wednesday in 令和8年度). */
export const TEST_NOW = Date.parse("2026-11-25T01:00:00Z");

function buildTemplate(name: string, fill: (db: Db) => void): string {
  const file = path.join(folder, `${name}.db`);
  const db = openDatabase(file);
  syncCatalog(db, getCatalog(), TEST_NOW);
  fill(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return file;
}

function openCopy(template: string): Db {
  counter += 1;
  const file = path.join(folder, `test-${process.pid}-${counter}.db`);
  copyFileSync(template, file);
  const sqlite = new Database(file);
  configureConnection(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  setDb(db);
  return db;
}

/** A fresh copy of a migrated database with the content catalogue, set as the process's db. */
export function createTestDb(): Db {
  emptyTemplate ??= buildTemplate("empty", () => {});
  return openCopy(emptyTemplate);
}

/** A fresh copy of a migrated database holding the demo organisation (seeded once per worker). */
export function createDemoDb(): Db {
  demoTemplate ??= buildTemplate("demo", (db) => {
    seedDemo(db, { now: TEST_NOW });
    installDefaultRules(db, getCatalog(), TEST_NOW);
  });
  return openCopy(demoTemplate);
}

/**
 * Make an employee a leaver the way a roster import does (inactive, account disabled), so a test
 * does not depend on which demo people happen to have left.
 */
export function markLeft(db: Db, employeeNo: string): void {
  const employee = db.select({ id: schema.employees.id }).from(schema.employees).where(eq(schema.employees.employeeNo, employeeNo)).get();
  if (!employee) throw new Error(`no employee ${employeeNo}`);
  db.update(schema.employees).set({ active: false, endDate: "2026-03-31" }).where(eq(schema.employees.id, employee.id)).run();
  db.update(schema.accounts).set({ disabled: true }).where(eq(schema.accounts.employeeId, employee.id)).run();
}
