// Runs a task (tasks.server.ts) on the background worker thread and resolves with its result.
// The web thread only waits: it keeps serving other requests while an import or a reminder run
// takes its seconds. One worker, started on first use and kept; restarted if it ever dies.
import path from "node:path";
import { SHARE_ENV, Worker } from "node:worker_threads";
import type { Db } from "~/db/client.server";
import { TASKS, type TaskInput, type TaskKind, type TaskOutput } from "./tasks.server";
import type { TaskReply, TaskRequest } from "./worker.server";

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

function startWorker(): Worker {
  // NOTE: resolved from the working directory, like content/ and drizzle/: the server bundle
  // (build/server) has no copy of the worker's sources.
  const entry = path.resolve(process.env.MAMORI_APP_DIR ?? "app", "domain/jobs/worker-entry.mjs");
  // SHARE_ENV: the worker reads the same settings (MAIL_*, MAMORI_NOW…) as this thread, live.
  const started = new Worker(entry, { execArgv: [], env: SHARE_ENV });
  started.on("message", (reply: TaskReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else {
      const error = new Error(reply.message);
      if (reply.stack) error.stack = reply.stack;
      waiting.reject(error);
    }
  });
  started.on("error", (error) => {
    console.error("[jobs] バックグラウンド処理のスレッドでエラーが発生しました", error);
  });
  started.on("exit", (code) => {
    if (worker === started) worker = undefined;
    failAll(new Error(`バックグラウンド処理のスレッドが終了しました（終了コード ${code}）。`));
  });
  started.unref();
  return started;
}

/**
 * Run `kind` against the database of `db`. An in-memory database cannot be shared with another
 * thread, so its tasks run here (only tests and tools use one).
 */
export function runTask<K extends TaskKind>(db: Db, kind: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
  if (db.$client.memory) {
    const task = TASKS[kind] as (db: Db, input: TaskInput<K>) => TaskOutput<K> | Promise<TaskOutput<K>>;
    return Promise.resolve().then(() => task(db, input));
  }
  worker ??= startWorker();
  const id = nextId++;
  const request: TaskRequest = { id, file: db.$client.name, kind, input };
  return new Promise<TaskOutput<K>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    // Keep the process alive while a task is out (a CLI would otherwise exit under it).
    worker!.ref();
    worker!.postMessage(request);
  });
}

/** Stop the worker (tests, shutdown); tasks still out are rejected. */
export async function stopWorker(): Promise<void> {
  const running = worker;
  worker = undefined;
  if (running) await running.terminate();
}
