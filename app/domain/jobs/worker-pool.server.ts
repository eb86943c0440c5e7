// Runs a task (tasks.server.ts) in the background worker process and resolves with its result.
// The web process only waits: it keeps serving other requests while an import or a reminder run
// takes its seconds. One worker, started on first use and kept; started again if it ever dies.
//
// A process rather than a worker thread: its own heap and garbage collector (a task that reads
// 2 million rows churns memory; in a thread, V8's collector helpers are shared with the web
// thread), and one CPU priority for all of it: the worker runs at nice 10, the web process first.
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "~/db/client.server";
import { TASKS, type TaskInput, type TaskKind, type TaskOutput } from "./tasks.server";
import type { TaskReply, TaskRequest } from "./worker.server";

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

const NICE_PATHS = ["/usr/bin/nice", "/bin/nice"];

let worker: ChildProcess | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

/** While no task is out, the worker must not keep a CLI or a test process alive. */
function holdOpen(child: ChildProcess, hold: boolean): void {
  const channel = child as ChildProcess & { channel?: { ref(): void; unref(): void } };
  if (hold) {
    child.ref();
    channel.channel?.ref();
  } else {
    child.unref();
    channel.channel?.unref();
  }
}

function startWorker(): ChildProcess {
  // NOTE: resolved from the working directory, like content/ and drizzle/: the server bundle
  // (build/server) has no copy of the worker's sources.
  const entry = path.resolve(process.env.MAMORI_APP_DIR ?? "app", "domain/jobs/worker-entry.mjs");
  // "advanced": structured clone, so an uploaded file's bytes cross as bytes.
  // Started under nice(1) where there is one, so that every thread of the worker (V8's garbage
  // collector helpers included, which exist before any of our code runs) has the lower priority.
  const nice = NICE_PATHS.find((candidate) => existsSync(candidate));
  const child = fork(entry, [], {
    ...(nice ? { execPath: nice, execArgv: ["-n", "10", process.execPath] } : { execArgv: [] }),
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  if (!nice) {
    try {
      if (child.pid) os.setPriority(child.pid, 10);
    } catch {
      // Not allowed here: the normal priority.
    }
  }
  child.on("message", (message) => {
    const reply = message as TaskReply;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) holdOpen(child, false);
    if (reply.ok) waiting.resolve(reply.value);
    else {
      const error = new Error(reply.message);
      if (reply.stack) error.stack = reply.stack;
      waiting.reject(error);
    }
  });
  child.on("error", (error) => {
    console.error("[jobs] バックグラウンド処理でエラーが発生しました", error);
  });
  child.on("exit", (code, signal) => {
    if (worker === child) worker = undefined;
    failAll(new Error(`バックグラウンド処理が終了しました（${signal ?? `終了コード ${code}`}）。`));
  });
  holdOpen(child, false);
  return child;
}

/**
 * Run `kind` against the database of `db`. An in-memory database cannot be shared with another
 * process, so its tasks run here (only tests and tools use one).
 */
export function runTask<K extends TaskKind>(db: Db, kind: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
  if (db.$client.memory) {
    const task = TASKS[kind] as (db: Db, input: TaskInput<K>) => TaskOutput<K> | Promise<TaskOutput<K>>;
    return Promise.resolve().then(() => task(db, input));
  }
  worker ??= startWorker();
  const child = worker;
  const id = nextId++;
  const request: TaskRequest = { id, file: db.$client.name, kind, input, env: { ...process.env } };
  return new Promise<TaskOutput<K>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    holdOpen(child, true);
    child.send(request, (error) => {
      if (!error) return;
      pending.delete(id);
      reject(error);
    });
  });
}

/** Stop the worker (tests, shutdown); tasks still out are rejected. */
export async function stopWorker(): Promise<void> {
  const running = worker;
  worker = undefined;
  // Already gone (an exit code, or killed by a signal): there is no exit event left to wait for.
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    running.once("exit", () => resolve());
    running.kill();
  });
}
