// Several cycles of a module in one 年度 (a refresher after completion), an earlier 年度's
// unfinished items and closing a 年度: through the route actions, as users do it.
import { and, asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db/client.server";
import { assignmentEvents, assignments, auditLog, completions, employees, outbox, reminders } from "~/db/schema";
import { getCatalog, getModule } from "~/domain/content/catalog.server";
import { correctOptionIndexes } from "~/domain/quiz/quiz";
import { runReminders } from "~/domain/reminders/run.server";
import { computeAnnualReport } from "~/domain/reports/annual-report.server";
import { rebuildReportSummary } from "~/domain/reports/summary-maintenance.server";
import { loader as certificateLoader } from "~/routes/learn.certificates.$assignmentId";
import { action as moduleAction, loader as moduleLoader } from "~/routes/learn.$moduleId._index";
import { action as quizAction, loader as quizLoader } from "~/routes/learn.$moduleId.quiz";
import { loader as learnLoader } from "~/routes/learn._index";
import { action as assignAction, loader as assignLoader } from "~/routes/team.assign";
import { action as yearsAction, loader as yearsLoader } from "~/routes/hr.years";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

const MODULE = "threats";
const REASON = "標的型メール訓練で添付ファイルを開いたため、再受講してください。";
let db: Db;
let learner: string;
let manager: string;

beforeEach(async () => {
  vi.stubEnv("MAMORI_NOW", new Date(TEST_NOW).toISOString());
  db = createDemoDb();
  learner = await cookieFor(db, "S0001");
  manager = await cookieFor(db, "M0001");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function employeeId(employeeNo: string): number {
  return db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, employeeNo)).get()!.id;
}

function cyclesOf(moduleId: string, fiscalYear = 2026) {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.employeeId, employeeId("S0001")), eq(assignments.moduleId, moduleId), eq(assignments.fiscalYear, fiscalYear)))
    .orderBy(asc(assignments.cycle))
    .all();
}

type Attempt = { attemptId: number; questions: { id: string }[] };

async function openQuiz(search = ""): Promise<Attempt> {
  const data = (await settle(() => quizLoader({ request: get(`/learn/${MODULE}/quiz${search}`, learner), params: { moduleId: MODULE }, context }))) as unknown as { attempt: Attempt };
  return data.attempt;
}

function correctAnswers(attempt: Attempt): Record<string, string[]> {
  const module = getModule(MODULE)!;
  const fields: Record<string, string[]> = { attemptId: [String(attempt.attemptId)] };
  for (const question of attempt.questions) {
    fields[`answer.${question.id}`] = correctOptionIndexes(module.quiz!.questions.find((candidate) => candidate.id === question.id)!).map(String);
  }
  return fields;
}

/** Read and pass the module through the pages, following the links the pages give. */
async function readAndPass(search = ""): Promise<void> {
  const read = (await settle(() => moduleAction({ request: post(`/learn/${MODULE}${search}`, { intent: "read" }, learner), params: { moduleId: MODULE }, context }))) as Response;
  const quizUrl = new URL(read.headers.get("Location")!, "http://localhost");
  const attempt = await openQuiz(quizUrl.search);
  const graded = (await settle(() => quizAction({ request: post(`${quizUrl.pathname}${quizUrl.search}`, correctAnswers(attempt), learner), params: { moduleId: MODULE }, context }))) as Response;
  expect(graded.status).toBe(302);
}

function assignRefresher() {
  return settle(() => assignAction({ request: post("/team/assign", { employee: "S0001", module: MODULE, dueDate: "2026-12-20", reason: REASON }, manager), params: {}, context }));
}

async function learnItems() {
  const data = (await settle(() => learnLoader({ request: get("/learn", learner), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
  return data;
}

function summaryEqualsRecount(): void {
  const snapshot = () =>
    db.$client.prepare("SELECT fiscal_year, department_id, category_id, module_id, state, day, assignments FROM report_summary WHERE assignments <> 0 ORDER BY 1, 2, 3, 4, 5, 6").all();
  const viaTriggers = snapshot();
  rebuildReportSummary(db.$client);
  expect(snapshot()).toEqual(viaTriggers);
}

describe("a refresher after completion", () => {
  it("is a new cycle the learner reads and passes again; both completions stay; a double submit creates one", async () => {
    await readAndPass();
    const [first] = cyclesOf(MODULE);
    expect(first.completedAt).not.toBeNull();

    // The manager sees that S0001 completed it, then assigns the refresher (twice: a double click).
    const form = (await settle(() => assignLoader({ request: get("/team/assign", manager), params: {}, context }))) as Awaited<ReturnType<typeof assignLoader>>;
    expect(form.members.find((member) => member.employeeNo === "S0001")!.states[MODULE]).toEqual({ kind: "completed", label: "完了 11/25" });
    const created = payload<{ ok: true; created: { moduleId: string; cycle: number }[]; skipped: unknown[] }>(await assignRefresher());
    expect(created.body.created).toEqual([expect.objectContaining({ moduleId: MODULE, cycle: 2 })]);
    const again = payload<{ ok: true; created: unknown[]; skipped: { existingSource: string }[] }>(await assignRefresher());
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped).toEqual([expect.objectContaining({ existingSource: "refresher" })]);
    expect(cyclesOf(MODULE).map((row) => [row.cycle, row.source, row.completedAt === null])).toEqual([[1, "rule", false], [2, "refresher", true]]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "assignment.refresher_created")).all()).toHaveLength(1);
    const stateNow = (await settle(() => assignLoader({ request: get("/team/assign", manager), params: {}, context }))) as Awaited<ReturnType<typeof assignLoader>>;
    expect(stateNow.members.find((member) => member.employeeNo === "S0001")!.states[MODULE]).toEqual({ kind: "refresher", label: "再受講中（期限 12/20）" });

    // /learn lists the refresher as its own line, with its reason and due date.
    const list = await learnItems();
    const lines = list.items.filter((item) => item.moduleId === MODULE);
    expect(lines.map((item) => [item.cycle, item.status, item.dueDate, item.reason])).toEqual([
      [1, "completed", first.dueDate, null],
      [2, "not_started", "2026-12-20", REASON],
    ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))));

    // /learn/threats without ?a= opens the open cycle: the refresher.
    const page = (await settle(() => moduleLoader({ request: get(`/learn/${MODULE}`, learner), params: { moduleId: MODULE }, context }))) as Awaited<ReturnType<typeof moduleLoader>>;
    const refresher = cyclesOf(MODULE)[1];
    expect(page.assignment).toMatchObject({ id: refresher.id, cycle: 2, reason: REASON, status: "not_started" });
    expect(cyclesOf(MODULE)[1].startedAt).not.toBeNull();

    await readAndPass(`?a=${refresher.id}`);
    const [cycle1, cycle2] = cyclesOf(MODULE);
    expect(cycle1.completedAt).toBe(first.completedAt);
    expect(cycle2.completedAt).not.toBeNull();
    const evidence = db.select().from(completions).where(sql`${completions.assignmentId} IN (${cycle1.id}, ${cycle2.id})`).all();
    expect(evidence.map((row) => row.assignmentId).sort()).toEqual([cycle1.id, cycle2.id].sort());
    expect(new Set(evidence.map((row) => row.verificationCode)).size).toBe(2);
    // Each cycle has its own certificate.
    for (const row of [cycle1, cycle2]) {
      const certificate = (await settle(() => certificateLoader({ request: get(`/learn/certificates/${row.id}`, learner), params: { assignmentId: String(row.id) }, context }))) as { certificate: { verificationCode: string } };
      expect(evidence.map((item) => item.verificationCode)).toContain(certificate.certificate.verificationCode);
    }
    summaryEqualsRecount();

    // Once the refresher is done, another one may be assigned (cycle 3).
    const third = payload<{ ok: true; created: { cycle: number }[] }>(await assignRefresher());
    expect(third.body.created.map((item) => item.cycle)).toEqual([3]);
  });

  it("opens only the learner's own cycle by ?a=, and 404s otherwise", async () => {
    const mine = cyclesOf(MODULE)[0];
    const other = db.select({ id: assignments.id }).from(assignments).where(and(eq(assignments.employeeId, employeeId("S0002")), eq(assignments.moduleId, MODULE))).get()!;
    const otherModule = cyclesOf("purpose-and-terms")[0];
    const open = (search: string) => settle(() => moduleLoader({ request: get(`/learn/${MODULE}${search}`, learner), params: { moduleId: MODULE }, context }));
    expect(((await open(`?a=${mine.id}`)) as Awaited<ReturnType<typeof moduleLoader>>).assignment.id).toBe(mine.id);
    for (const search of [`?a=${other.id}`, `?a=${otherModule.id}`, "?a=abc", "?a=-1"]) {
      expect(((await open(search)) as Response).status, search).toBe(404);
    }
    // The quiz action refuses another person's assignment id too: nothing graded.
    const posted = (await settle(() => quizAction({ request: post(`/learn/${MODULE}/quiz?a=${other.id}`, { attemptId: "1" }, learner), params: { moduleId: MODULE }, context }))) as Response;
    expect(posted.status).toBe(404);
  });
});

describe("an earlier 年度's unfinished item", () => {
  /** The demo's S0001 finished 令和7年度: make last year's threats unfinished (fixture only). */
  function insertLastYear(): number {
    const id = cyclesOf(MODULE, 2025)[0].id;
    db.$client.prepare("DELETE FROM completions WHERE assignment_id = ?").run(id);
    db.update(assignments).set({ completedAt: null, completedVersion: null, readAt: null, dueDate: "2025-12-26" }).where(eq(assignments.id, id)).run();
    return id;
  }

  it("is listed apart with its 年度, opens by its own link, and /learn/:moduleId still opens this year's", async () => {
    const lastYear = insertLastYear();
    const list = await learnItems();
    const lines = list.items.filter((item) => item.moduleId === MODULE);
    expect(lines.map((item) => item.fiscalYear).sort()).toEqual([2025, 2026]);
    // The tiles count this 年度 only.
    expect(list.counts.total).toBe(list.items.filter((item) => item.fiscalYear === 2026 && item.status !== "exempt").length);
    const current = (await settle(() => moduleLoader({ request: get(`/learn/${MODULE}`, learner), params: { moduleId: MODULE }, context }))) as Awaited<ReturnType<typeof moduleLoader>>;
    expect(current.assignment.fiscalYear).toBe(2026);
    const old = (await settle(() => moduleLoader({ request: get(`/learn/${MODULE}?a=${lastYear}`, learner), params: { moduleId: MODULE }, context }))) as Awaited<ReturnType<typeof moduleLoader>>;
    expect(old.assignment).toMatchObject({ id: lastYear, fiscalYear: 2025, earlierYear: true, status: "overdue" });
  });

  it("HR closes last 年度's open items with a reason: they leave /learn and the reminders, stay counted as not completed", async () => {
    const lastYear = insertLastYear();
    const hr = await cookieFor(db, "H0001");
    const before = (await settle(() => yearsLoader({ request: get("/hr/years", hr), params: {}, context }))) as Awaited<ReturnType<typeof yearsLoader>>;
    const row2025 = before.years.find((year) => year.fiscalYear === 2025)!;
    expect(row2025.open).toBeGreaterThan(0);
    const annualBefore = await computeAnnualReport(db, { fiscalYear: 2025, today: "2026-11-25", modules: getCatalog().modules });

    const close = (fields: Record<string, string>, who = hr) => settle(() => yearsAction({ request: post("/hr/years", fields, who), params: {}, context }));
    // No reason: 400, nothing written. The current 年度: refused. A learner: 403.
    const events = () => db.select({ count: sql<number>`count(*)` }).from(assignmentEvents).get()!.count;
    const eventsBefore = events();
    const missing = payload<{ errors: { reason?: string } }>(await close({ fiscalYear: "2025", reason: " " }));
    expect(missing.status).toBe(400);
    expect(missing.body.errors.reason).toBe("理由を入力してください。");
    expect(payload(await close({ fiscalYear: "2026", reason: "年度末" })).status).toBe(409);
    expect(((await close({ fiscalYear: "2025", reason: "年度末" }, learner)) as Response).status).toBe(403);
    expect(events()).toBe(eventsBefore);
    expect(db.select().from(assignments).where(sql`${assignments.closedAt} IS NOT NULL`).all()).toHaveLength(0);

    const done = (await close({ fiscalYear: "2025", reason: "令和7年度の研修期間の終了" })) as Response;
    expect(done.headers.get("Location")).toBe(`/hr/years?closed=2025&count=${row2025.open}`);
    const closedRow = db.select().from(assignments).where(eq(assignments.id, lastYear)).get()!;
    expect(closedRow.closedAt).not.toBeNull();
    expect(closedRow.completedAt).toBeNull();
    expect(db.select().from(assignmentEvents).where(eq(assignmentEvents.assignmentId, lastYear)).all()).toEqual([
      expect.objectContaining({ kind: "closure", reason: "令和7年度の研修期間の終了", previousDueDate: "2025-12-26" }),
    ]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "fiscal_year.closed")).all()).toEqual([
      expect.objectContaining({ targetId: "2025", details: JSON.stringify({ closed: row2025.open, reason: "令和7年度の研修期間の終了" }) }),
    ]);
    expect(events()).toBe(eventsBefore + row2025.open);

    // Gone from /learn; its page is read-only; no reminder.
    expect((await learnItems()).items.some((item) => item.id === lastYear)).toBe(false);
    const read = payload(await settle(() => moduleAction({ request: post(`/learn/${MODULE}?a=${lastYear}`, { intent: "read" }, learner), params: { moduleId: MODULE }, context })));
    expect(read.status).toBe(409);
    expect(db.select().from(assignments).where(eq(assignments.id, lastYear)).get()!.readAt).toBeNull();
    await runReminders(db, { date: "2026-11-25", trigger: "cli", mail: { smtpUrl: null, from: "mamori@mamori.test", baseUrl: "http://mamori.test", messageIdDomain: "mamori.test", schedulerEnabled: false } });
    expect(db.select().from(reminders).where(eq(reminders.assignmentId, lastYear)).all()).toEqual([]);
    expect(db.select().from(outbox).all().some((message) => new RegExp(`\\?a=${lastYear}(?!\\d)`).test(message.bodyText))).toBe(false);

    // Still in the numbers of 2025, still not completed.
    summaryEqualsRecount();
    const annualAfter = await computeAnnualReport(db, { fiscalYear: 2025, today: "2026-11-25", modules: getCatalog().modules });
    expect(annualAfter.total).toEqual(annualBefore.total);
    const after = (await settle(() => yearsLoader({ request: get("/hr/years", hr), params: {}, context }))) as Awaited<ReturnType<typeof yearsLoader>>;
    expect(after.years.find((year) => year.fiscalYear === 2025)).toMatchObject({ open: 0, closed: row2025.open });
  });

  it("before closing, reminders show it under its 年度 with a link to that assignment", async () => {
    const lastYear = insertLastYear();
    await runReminders(db, { date: "2026-11-25", trigger: "cli", mail: { smtpUrl: null, from: "mamori@mamori.test", baseUrl: "http://mamori.test", messageIdDomain: "mamori.test", schedulerEnabled: false } });
    const mail = db.select().from(outbox).where(eq(outbox.recipientEmployeeId, employeeId("S0001"))).get()!;
    expect(mail.bodyText).toContain(`■ 前年度（令和7年度）の未修了の研修\n・［令和7年度］対象とする脅威（期限 令和7年12月26日、334日超過）\n  http://mamori.test/learn/${MODULE}?a=${lastYear}`);
  });
});
