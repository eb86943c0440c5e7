// The web process and the background worker share one SQLite file: a skippable write never waits
// for the worker's write lock; other writes wait for it instead of failing.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { configureConnection, writeIfFree } from "~/db/client.server";
import { createTestDb } from "../helpers/db";

describe("sharing the database file with the background worker", () => {
  it("skips a skippable write at once while another connection holds the write lock, and writes it once free", () => {
    const db = createTestDb();
    db.$client.exec("CREATE TABLE touches (n INTEGER)");
    const worker = new Database(db.$client.name);
    configureConnection(worker);
    worker.exec("BEGIN IMMEDIATE");
    worker.exec("INSERT INTO touches VALUES (1)");
    expect(writeIfFree(db, () => db.$client.prepare("INSERT INTO touches VALUES (2)").run())).toBe(false);
    // The connection's normal patience is back for the writes that must not be skipped.
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(30_000);
    worker.exec("COMMIT");
    expect(writeIfFree(db, () => db.$client.prepare("INSERT INTO touches VALUES (3)").run())).toBe(true);
    expect(db.$client.prepare("SELECT n FROM touches ORDER BY n").pluck().all()).toEqual([1, 3]);
    worker.close();
  });
});
