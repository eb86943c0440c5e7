// The heavy HR tasks run in the background worker process: the web process keeps serving while
// they run, and what they write is what the page then reads.
import { afterAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { employees } from "~/db/schema";
import { runTask, stopWorker } from "~/domain/jobs/worker-pool.server";
import { getRosterUpload } from "~/domain/roster/uploads.server";
import { createDemoDb, TEST_NOW } from "../helpers/db";

afterAll(() => stopWorker());

const people = (db: Db) => db.select({ n: count() }).from(employees).get()!.n;

function rosterCsv(rows: number): Uint8Array {
  const lines = ["職員番号,氏名,氏名カナ,メールアドレス,職員区分,所属コード,役職区分,採用日,退職日"];
  for (let index = 1; index <= rows; index += 1) {
    lines.push(`T${String(index).padStart(6, "0")},試験 太郎${index},シケン タロウ,t${index}@example.lg.jp,職員,1210,一般,2026-04-01,`);
  }
  return new TextEncoder().encode(lines.join("\r\n"));
}

describe("background tasks", () => {
  it("checks a roster on the worker while this process's event loop keeps turning", async () => {
    const db = createDemoDb();
    const task = runTask(db, "roster.check", { fileName: "r.csv", bytes: rosterCsv(3000), fullBatch: false, actorAccountId: 1, now: TEST_NOW });
    // Run inline, the check would finish before the loop's next turn; on the worker it cannot.
    const turned = new Promise<"turned">((resolve) => setImmediate(() => resolve("turned")));
    expect(await Promise.race([task, turned])).toBe("turned");
    const result = await task;
    expect(result).toMatchObject({ ok: true });
    // The worker wrote the upload to the same file: this process's connection reads it.
    expect(result.ok && getRosterUpload(db, result.id)?.fileName).toBe("r.csv");
  });

  it("applies the upload on the worker and this process sees every new person", async () => {
    const db = createDemoDb();
    const before = people(db);
    const checked = await runTask(db, "roster.check", { fileName: "r.csv", bytes: rosterCsv(50), fullBatch: false, actorAccountId: 1, now: TEST_NOW });
    if (!checked.ok) throw new Error(JSON.stringify(checked.shown));
    const applied = await runTask(db, "roster.apply", { uploadId: checked.id, actor: { accountId: 1, ip: null }, now: TEST_NOW });
    expect(applied).toMatchObject({ ok: true });
    expect(people(db)).toBe(before + 50);
    expect(await runTask(db, "roster.apply", { uploadId: checked.id, actor: { accountId: 1, ip: null }, now: TEST_NOW })).toEqual({ ok: false, reason: "already-applied" });
  });

  it("reports a task's failure as an error, and a stopped worker is started again", async () => {
    const db = createDemoDb();
    // A year that cannot be opened is an answer, not an error.
    expect(await runTask(db, "cycle.open", { year: 2020, actor: { accountId: null }, now: TEST_NOW })).toMatchObject({ ok: false });
    await stopWorker();
    db.$client.exec("DROP TABLE roster_uploads");
    await expect(runTask(db, "roster.preview", { uploadId: "0".repeat(32), now: TEST_NOW })).rejects.toThrow(/roster_uploads/);
  });
});
