import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { installReportSummary } from "~/domain/reports/summary-maintenance.server";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle inside `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the connection or an open transaction. */
export type Executor = Db | Tx;

/**
 * How long a write waits for another connection's write to finish. The background worker's
 * longest write is a 50,000-person roster import in one transaction (≈10 s): a learner's
 * completion that arrives meanwhile must wait for it, not fail.
 */
const BUSY_TIMEOUT_MS = 30_000;

/** Apply the pragmas every connection needs. */
export function configureConnection(sqlite: Database.Database): void {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // FULL: completions and acknowledgements are compliance evidence; a power cut must not lose a
  // committed one. The cost (an fsync per commit) is small at this write rate.
  sqlite.pragma("synchronous = FULL");
  // Read through a memory map instead of a read() per page: HR reports at 50,000 employees touch
  // rows all over a file of more than a gigabyte. Only address space; the OS decides what stays.
  sqlite.pragma("mmap_size = 2147418112");
}

/** Open (creating if missing) and migrate a database file. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  configureConnection(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.resolve(process.env.MIGRATIONS_DIR ?? "drizzle") });
  // Triggers that keep the HR dashboard's counts (report_summary) in step with every write.
  installReportSummary(sqlite);
  return db as Db;
}

/**
 * A write that may as well be skipped (a session's last-seen time): if another connection holds
 * the write lock, give up at once instead of holding this thread until it is free. Returns
 * whether it was written.
 */
export function writeIfFree(db: Db, write: () => void): boolean {
  const sqlite = db.$client;
  if (sqlite.inTransaction) {
    write();
    return true;
  }
  sqlite.pragma("busy_timeout = 0");
  try {
    write();
    return true;
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code === "SQLITE_BUSY") return false;
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

export function databasePath(): string {
  return path.resolve(process.env.DATABASE_PATH ?? "data/mamori.db");
}

let instance: Db | undefined;

/** The process-wide connection, opened and migrated on first use. */
export function getDb(): Db {
  instance ??= openDatabase(databasePath());
  return instance;
}

/** Tests and CLIs point the process at another file. */
export function setDb(db: Db | undefined): void {
  instance = db;
}
