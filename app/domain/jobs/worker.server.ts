// The background worker process: runs TASKS on its own connection to the database file it is
// given, one request at a time, and answers with the result or the error's message.
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { configureConnection, setDb, type Db } from "~/db/client.server";
import * as schema from "~/db/schema";
import { TASKS, type TaskKind } from "./tasks.server";

export type TaskRequest = { id: number; file: string; kind: TaskKind; input: unknown; env: Record<string, string | undefined> };
export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; stack?: string };

let open: { file: string; db: Db } | undefined;

/** One connection, to the last file asked for (tests use a file per test; the server one). */
function connectionTo(file: string): Db {
  if (open?.file === file) return open.db;
  open?.db.$client.close();
  const sqlite = new Database(file, { fileMustExist: true });
  configureConnection(sqlite, { memoryMap: true });
  const db = drizzle(sqlite, { schema }) as Db;
  // Code that reaches for the process's connection finds this one.
  setDb(db);
  open = { file, db };
  return db;
}

/** The web process's settings as they are now (mail, MAMORI_NOW…), not as they were at fork. */
function adoptEnvironment(env: Record<string, string | undefined>): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}

let queue: Promise<void> = Promise.resolve();

process.on("message", (request: TaskRequest) => {
  // Strictly one after another: tasks write, and SQLite has one writer anyway.
  queue = queue.then(async () => {
    let reply: TaskReply;
    try {
      adoptEnvironment(request.env);
      const task = TASKS[request.kind] as (db: Db, input: unknown) => unknown;
      reply = { id: request.id, ok: true, value: await task(connectionTo(request.file), request.input) };
    } catch (error) {
      reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
    }
    process.send?.(reply);
  });
});

// The web process went away: so does its worker.
process.on("disconnect", () => process.exit(0));
