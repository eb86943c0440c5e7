import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { syncEmployeeSearchKeys } from "~/domain/org/search-key.server";
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

/**
 * Apply the pragmas every connection needs. `memoryMap`: for the background worker, whose tasks
 * read the whole file (see below).
 */
export function configureConnection(sqlite: Database.Database, options: { memoryMap?: boolean } = {}): void {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // FULL: completions and acknowledgements are compliance evidence; a power cut must not lose a
  // committed one. The cost (an fsync per commit) is small at this write rate.
  sqlite.pragma("synchronous = FULL");
  // A 64 MB page cache and, in the web process, no memory map. Two processes share the file (the
  // web process and the background worker), and a connection that sees another's commit drops its
  // cache and, with a map, unmaps and re-faults all of it: at 50,000 staff that held the web
  // process for 150–250 ms after each of the worker's commits. Dropping a page cache costs a few
  // ms; the pages come back by read() from the OS's file cache. The worker's tasks read the whole
  // file (the annual report: about 1.5 times faster through a map), and a re-map there holds no
  // request.
  sqlite.pragma(`mmap_size = ${options.memoryMap ? 2147418112 : 0}`);
  sqlite.pragma("cache_size = -65536");
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
  // Search keys of rows written by older versions or bulk tools, which have none yet: every writer
  // of a name keeps its row's key (roster import, first admin, demo seed), so only empty keys are read.
  syncEmployeeSearchKeys(sqlite, "missing");
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
