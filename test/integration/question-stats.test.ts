// Question statistics over a real database: the population (who counts), the figures against a
// hand computation, the page's filters and the audited CSV. The module and its questions are
// picked from the loaded catalogue at run time (the banks change independently of this test).
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { assignments, auditLog, employees, quizAttempts } from "~/db/schema";
import { getCatalog } from "~/domain/content/catalog.server";
import type { TrainingModule } from "~/domain/content/load.server";
import { correctOptionIndexes } from "~/domain/quiz/quiz";
import { quizModules } from "~/domain/reports/question-stats-cache.server";
import { computeQuestionStatistics } from "~/domain/reports/question-stats.server";
import * as page from "~/routes/hr.report.questions._index";
import * as csv from "~/routes/hr.report.questions.export[.]csv";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, settle } from "../helpers/requests";

const YEAR = 2031; // a 年度 with no other data
let db: Db;
let module: TrainingModule;

// Item scores per attempt for the first three questions of the bank (see question-stats.test.ts):
// facility .5 / .75 / .5, discrimination 1/√3, 0, −1/√11.
const TABLE: [number, number, number][] = [
  [1, 1, 1],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
];

function answersFor(scores: number[]): Record<string, number[]> {
  const answers: Record<string, number[]> = {};
  scores.forEach((score, index) => {
    const question = module.quiz!.questions[index];
    const right = correctOptionIndexes(question);
    answers[question.id] = score === 1 ? right : [question.options.findIndex((option) => !option.correct)];
  });
  return answers;
}

function addAssignment(employeeId: number, extra: Partial<typeof assignments.$inferInsert> = {}): number {
  return db
    .insert(assignments)
    .values({ employeeId, moduleId: module.id, fiscalYear: YEAR, dueDate: `${YEAR}-12-28`, source: "hr", createdAt: TEST_NOW, ...extra })
    .returning({ id: assignments.id })
    .get().id;
}

function addAttempt(assignmentId: number, scores: number[], extra: Partial<typeof quizAttempts.$inferInsert> = {}): void {
  const answers = answersFor(scores);
  const correctCount = scores.reduce((sum, score) => sum + score, 0);
  db.insert(quizAttempts)
    .values({
      assignmentId, moduleVersion: module.version, drawn: JSON.stringify(Object.keys(answers).map((questionId) => ({ questionId, optionOrder: [0, 1] }))),
      startedAt: TEST_NOW, submittedAt: TEST_NOW + 60_000, answers: JSON.stringify(answers), correctCount, questionCount: scores.length,
      scorePercent: Math.round((correctCount / scores.length) * 1000) / 10, passed: correctCount === scores.length, ...extra,
    })
    .run();
}

beforeEach(() => {
  process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString();
  db = createDemoDb();
  const candidate = getCatalog().modules.find((item) => item.quiz && item.quiz.questions.length >= 4 && item.quiz.questions.slice(0, 3).every((question) => question.options.some((option) => !option.correct)));
  if (!candidate) throw new Error("no module with a quiz of at least four questions in the catalogue");
  module = candidate;
  const people = db.select({ id: employees.id }).from(employees).where(eq(employees.active, true)).limit(8).all().map((row) => row.id);
  TABLE.forEach((scores, index) => addAttempt(addAssignment(people[index]), scores));
  // Left out: an exempt assignment, a leaver's attempt, an attempt never submitted.
  addAttempt(addAssignment(people[4], { exemptedAt: TEST_NOW, exemptionReason: "育児休業" }), [0, 0, 0]);
  const leaver = addAssignment(people[5]);
  addAttempt(leaver, [1, 0, 0]);
  db.update(employees).set({ active: false }).where(eq(employees.id, people[5])).run();
  addAttempt(addAssignment(people[6]), [0, 0, 0], { submittedAt: null, answers: null, correctCount: null, scorePercent: null, passed: null });
  // Counted apart: an attempt on an older version of the module.
  addAttempt(addAssignment(people[7]), [1, 1, 1], { moduleVersion: module.version + 100 });
});

afterEach(() => {
  delete process.env.MAMORI_NOW;
});

describe("computeQuestionStatistics", () => {
  it("counts the right attempts and matches the hand computation", async () => {
    const report = await computeQuestionStatistics(db, { fiscalYear: YEAR, modules: quizModules(getCatalog().modules), now: TEST_NOW });
    const stats = report.modules.find((item) => item.moduleId === module.id)!;
    expect(stats).toMatchObject({ attempts: 4, passed: 1, otherVersionAttempts: 1 });
    expect(stats.meanScore).toBeCloseTo((100 + 66.7 + 33.3 + 33.3) / 4, 10);
    const [a, b, c, never] = stats.questions;
    expect([a.id, b.id, c.id]).toEqual(module.quiz!.questions.slice(0, 3).map((question) => question.id));
    expect([a.attempts, a.correct, b.correct, c.correct]).toEqual([4, 2, 3, 2]);
    expect(a.facility).toBe(0.5);
    expect(b.facility).toBe(0.75);
    expect(a.discrimination).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(b.discrimination).toBeCloseTo(0, 12);
    expect(c.discrimination).toBeCloseTo(-1 / Math.sqrt(11), 12);
    expect(never).toMatchObject({ attempts: 0, facility: null, discrimination: null, flags: [] });
    // Too few attempts to flag anything.
    expect(stats.questions.every((question) => question.flags.length === 0)).toBe(true);
    // Option counts: the right option(s) of A were chosen twice, the first wrong one twice.
    const source = module.quiz!.questions[0];
    const wrongIndex = source.options.findIndex((option) => !option.correct);
    expect(a.options[wrongIndex].chosen).toBe(2);
    for (const index of correctOptionIndexes(source)) expect(a.options[index].chosen).toBe(2);
    // Other modules have no attempts in this 年度.
    expect(report.modules.filter((item) => item.moduleId !== module.id).every((item) => item.attempts === 0)).toBe(true);
  });

  it("flags a question once the attempts pass the threshold", async () => {
    const people = db.select({ id: employees.id }).from(employees).where(eq(employees.active, true)).limit(48).all().map((row) => row.id).slice(8);
    // 40 more attempts: ten times the table. Question C's negative discrimination is now flagged.
    people.forEach((employeeId, index) => addAttempt(addAssignment(employeeId), TABLE[index % 4]));
    const report = await computeQuestionStatistics(db, { fiscalYear: YEAR, modules: quizModules([module]), now: TEST_NOW });
    const [a, b, c] = report.modules[0].questions;
    expect(c.attempts).toBe(44);
    expect(c.discrimination).toBeCloseTo(-1 / Math.sqrt(11), 12);
    expect(c.flags).toEqual(["negative-discrimination"]);
    expect(b.flags).toEqual(["low-discrimination"]);
    expect(a.flags).toEqual([]);
  });
});

describe("the page and the CSV", () => {
  it("shows one module on request, refuses an unknown one, and audits the export", async () => {
    const hr = await cookieFor(db, "H0001");
    const data = (await settle(() => page.loader({ request: get(`/hr/report/questions?fy=${YEAR}&module=${module.id}`, hr), params: {}, context }))) as Awaited<ReturnType<typeof page.loader>>;
    expect(data.modules.map((item) => item.moduleId)).toEqual([module.id]);
    expect(data.modules[0].questions[0].discrimination).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(data.choices.length).toBe(getCatalog().modules.filter((item) => item.quiz).length);

    const bad = (await settle(() => page.loader({ request: get(`/hr/report/questions?fy=${YEAR}&module=no-such-module`, hr), params: {}, context }))) as Response;
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("検索条件「モジュール」が正しくありません：確認テストのあるモジュールを指定してください");

    const response = (await settle(() => csv.loader({ request: get(`/hr/report/questions/export.csv?fy=${YEAR}&module=${module.id}`, hr), params: {}, context }))) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("年度,モジュールID,モジュール,版,問題ID,問題,出題数,正答数,正答率(%),識別力,要確認");
    expect(lines).toHaveLength(module.quiz!.questions.length + 2); // header, rows, final CRLF
    expect(lines[1]).toContain(`${YEAR},${module.id},`);
    expect(lines[1]).toMatch(/,4,2,50,0\.5774,$/);
    const audit = db.select().from(auditLog).where(and(eq(auditLog.action, "export.csv"), eq(auditLog.targetId, "hr.questions"))).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details!)).toEqual({ fiscalYear: YEAR, moduleId: module.id, rows: module.quiz!.questions.length });
  });
});
