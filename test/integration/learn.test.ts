import { and, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { acknowledgements, assignments, completions, employees, quizAttempts } from "~/db/schema";
import { getCatalog, getModule, syncCatalog } from "~/domain/content/catalog.server";
import { readingSeconds } from "~/domain/content/reading-time";
import { correctOptionIndexes } from "~/domain/quiz/quiz";
import { loader as learnLoader } from "~/routes/learn._index";
import { action as moduleAction, loader as moduleLoader } from "~/routes/learn.$moduleId._index";
import { action as quizAction, loader as quizLoader } from "~/routes/learn.$moduleId.quiz";
import { createDemoDb } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;

afterAll(() => {
  delete process.env.MAMORI_NOW;
});
let cookie: string;
const MODULE = "threats";

beforeEach(async () => {
  delete process.env.MAMORI_NOW;
  db = createDemoDb();
  cookie = await cookieFor(db, "S0001");
});

type QuizData = { mode: "quiz"; attempt: { attemptId: number; questions: { id: string; type: string; options: { value: number; text: string }[] }[] } };

async function openQuiz(moduleId = MODULE, who = cookie): Promise<QuizData["attempt"]> {
  const data = (await settle(() => quizLoader({ request: get(`/learn/${moduleId}/quiz`, who), params: { moduleId }, context }))) as unknown as QuizData;
  return data.attempt;
}

function answerFields(attempt: QuizData["attempt"], correctly: number, moduleId = MODULE): Record<string, string[]> {
  const module = getModule(moduleId)!;
  const fields: Record<string, string[]> = { attemptId: [String(attempt.attemptId)] };
  attempt.questions.forEach((question, index) => {
    const bank = module.quiz!.questions.find((candidate) => candidate.id === question.id)!;
    const right = correctOptionIndexes(bank);
    const wrong = bank.options.map((_, optionIndex) => optionIndex).filter((optionIndex) => !right.includes(optionIndex));
    fields[`answer.${question.id}`] = (index < correctly ? right : [wrong[0]]).map(String);
  });
  return fields;
}

function submit(fields: Record<string, string[]>, moduleId = MODULE, who = cookie) {
  return settle(() => quizAction({ request: post(`/learn/${moduleId}/quiz`, fields, who), params: { moduleId }, context }));
}

function myAssignment(moduleId = MODULE) {
  return db
    .select()
    .from(assignments)
    .innerJoin(employees, eq(employees.id, assignments.employeeId))
    .where(and(eq(employees.employeeNo, "S0001"), eq(assignments.moduleId, moduleId), eq(assignments.fiscalYear, 2026)))
    .get()!.assignments;
}

describe("/learn", () => {
  it("lists my assignments with status and due date", async () => {
    const data = (await settle(() => learnLoader({ request: get("/learn", cookie), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
    expect(data.fiscalYear).toBe(2026);
    const threats = data.items.find((item) => item.moduleId === MODULE)!;
    expect(threats.title).toBe("対象とする脅威");
    expect(["not_started", "overdue"]).toContain(threats.status);
    expect(threats.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Only my own rows.
    const ids = data.items.map((item) => item.id);
    const mine = db.select({ id: assignments.id }).from(assignments).innerJoin(employees, eq(employees.id, assignments.employeeId)).where(eq(employees.employeeNo, "S0001")).all().map((row) => row.id);
    expect(ids.every((id) => mine.includes(id))).toBe(true);
  });
});

describe("the quiz", () => {
  it("draws the configured number of questions and never sends the answer key", async () => {
    const attempt = await openQuiz();
    expect(attempt.questions).toHaveLength(getModule(MODULE)!.quiz!.draw);
    const serialised = JSON.stringify(attempt);
    expect(serialised).not.toMatch(/"correct"|"isCorrect"|"explanation"/);
    for (const question of getModule(MODULE)!.quiz!.questions) {
      for (const option of question.options) expect(serialised).not.toContain(option.explanation);
    }
    // Reloading shows the same open attempt.
    expect((await openQuiz()).attemptId).toBe(attempt.attemptId);
  });

  it("grades on the server: fail, then pass, then read → 完了 with the module version", async () => {
    const first = await openQuiz();
    const failed = (await submit(answerFields(first, 3))) as Response;
    // The result URL names the assignment (cycle) as well as the attempt.
    expect(failed.headers.get("Location")).toBe(`/learn/${MODULE}/quiz?a=${myAssignment().id}&attempt=${first.attemptId}`);
    const failedResult = (await settle(() => quizLoader({ request: get(`/learn/${MODULE}/quiz?attempt=${first.attemptId}`, cookie), params: { moduleId: MODULE }, context }))) as unknown as { graded: { passed: boolean; scorePercent: number; questions: { chosen: { explanation: string }[] }[] } };
    expect(failedResult.graded.passed).toBe(false);
    expect(failedResult.graded.scorePercent).toBe(60);
    expect(failedResult.graded.questions[0].chosen[0].explanation).toMatch(/基本方針/);

    // The next attempt opens after the default delay (10 minutes) following a failure.
    process.env.MAMORI_NOW = new Date(Date.now() + 11 * 60_000).toISOString();
    const second = await openQuiz();
    expect(second.attemptId).not.toBe(first.attemptId);
    await submit(answerFields(second, 5));
    expect(myAssignment().completedAt).toBeNull(); // passed but not yet read

    const read = (await settle(() => moduleAction({ request: post(`/learn/${MODULE}`, { intent: "read" }, cookie), params: { moduleId: MODULE }, context }))) as Response;
    expect(read.headers.get("Location")).toBe(`/learn?completed=${MODULE}`);
    const done = myAssignment();
    expect(done.completedAt).not.toBeNull();
    expect(done.completedVersion).toBe(getModule(MODULE)!.version);
    const completion = db.select().from(completions).where(eq(completions.assignmentId, done.id)).get()!;
    expect(completion.moduleVersion).toBe(getModule(MODULE)!.version);
    expect(completion.verificationCode).toMatch(/^[2-9A-Z]{10}$/);

    const list = (await settle(() => learnLoader({ request: get("/learn", cookie), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
    expect(list.items.find((item) => item.moduleId === MODULE)?.status).toBe("completed");
  });

  it("read first, then pass: completes on the passing submission", async () => {
    await settle(() => moduleAction({ request: post(`/learn/${MODULE}`, { intent: "read" }, cookie), params: { moduleId: MODULE }, context }));
    expect(myAssignment().completedAt).toBeNull();
    await submit(answerFields(await openQuiz(), 4));
    expect(myAssignment().completedAt).not.toBeNull();
  });

  it("rejects an answer to a question that was not drawn, and writes nothing", async () => {
    const attempt = await openQuiz();
    const fields = answerFields(attempt, 5);
    const notDrawn = getModule(MODULE)!.quiz!.questions.find((question) => !attempt.questions.some((drawn) => drawn.id === question.id))!;
    fields[`answer.${notDrawn.id}`] = ["0"];
    const result = payload<{ message: string }>(await submit(fields));
    expect(result.status).toBe(400);
    expect(result.body.message).toMatch(/正しくありません/);
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!.submittedAt).toBeNull();
  });

  it("rejects a forged option index and a second answer to a single-choice question", async () => {
    const attempt = await openQuiz();
    const fields = answerFields(attempt, 5);
    const single = attempt.questions.find((question) => question.type !== "multiple")!;
    expect(payload(await submit({ ...fields, [`answer.${single.id}`]: ["99"] })).status).toBe(400);
    expect(payload(await submit({ ...fields, [`answer.${single.id}`]: ["0", "1"] })).status).toBe(400);
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!.submittedAt).toBeNull();
  });

  it("asks again for unanswered questions without grading", async () => {
    const attempt = await openQuiz();
    const fields = answerFields(attempt, 5);
    delete fields[`answer.${attempt.questions[2].id}`];
    const result = payload<{ message: string; problems: { questionId: string }[] }>(await submit(fields));
    expect(result.status).toBe(400);
    expect(result.body.message).toBe("未回答の問題があります。");
    expect(result.body.problems).toEqual([{ questionId: attempt.questions[2].id, message: "この問題に回答してください。" }]);
  });

  it("refuses to grade the same attempt twice", async () => {
    const attempt = await openQuiz();
    await submit(answerFields(attempt, 2));
    const again = payload<{ message: string }>(await submit(answerFields(attempt, 5)));
    expect(again.status).toBe(409);
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!.passed).toBe(false);
  });

  it("does not let one learner submit or read another learner's attempt", async () => {
    const attempt = await openQuiz();
    const other = await cookieFor(db, "S0002");
    // S0002 has the threats module too; the attempt id belongs to S0001's assignment.
    const result = payload(await submit(answerFields(attempt, 5), MODULE, other));
    expect(result.status).toBe(404);
    const view = (await settle(() => quizLoader({ request: get(`/learn/${MODULE}/quiz?attempt=${attempt.attemptId}`, other), params: { moduleId: MODULE }, context }))) as Response;
    expect(view.status).toBe(404);
  });

  it("404s for an unknown module and for a module not assigned to me", async () => {
    const unknown = (await settle(() => moduleLoader({ request: get("/learn/nope", cookie), params: { moduleId: "nope" }, context }))) as Response;
    expect(unknown.status).toBe(404);
    const notMine = (await settle(() => moduleLoader({ request: get("/learn/manager-duties", cookie), params: { moduleId: "manager-duties" }, context }))) as Response;
    expect(notMine.status).toBe(404);
    const contractorOnly = (await settle(() => quizLoader({ request: get("/learn/contractor-briefing/quiz", cookie), params: { moduleId: "contractor-briefing" }, context }))) as Response;
    expect(contractorOnly.status).toBe(404);
  });
});

describe("the policy acknowledgement (誓約)", () => {
  const ACK = "policy-acknowledgement";
  const myAcknowledgements = () => db.select().from(acknowledgements).where(eq(acknowledgements.assignmentId, myAssignment(ACK).id)).all();
  const acknowledge = (fields: Record<string, string>, who = cookie) =>
    settle(() => moduleAction({ request: post(`/learn/${ACK}`, fields, who), params: { moduleId: ACK }, context }));

  it("cannot be completed before the reading time the text's length requires, or without the checkbox", async () => {
    const page = (await settle(() => moduleLoader({ request: get(`/learn/${ACK}`, cookie), params: { moduleId: ACK }, context }))) as unknown as { module: { minReadSeconds: number } };
    const required = getModule(ACK)!.minReadSeconds;
    // 600 characters a minute over the whole policy (about 3,900 characters): minutes, not a flat 60 s.
    expect(required).toBe(readingSeconds(getModule(ACK)!.text));
    expect(required).toBeGreaterThan(300);
    expect(page.module.minReadSeconds).toBe(required);
    const tooSoon = payload<{ field: string; message: string }>(await acknowledge({ intent: "acknowledge", agree: "yes" }));
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.field).toBe("time");
    expect(tooSoon.body.message).toMatch(/^本文を読むための時間として、あと\d+分(\d+秒)?お待ちください（この本文は開いてから\d+分(\d+秒)?以上たつと誓約できます）。$/);

    // Opened 5 seconds short of the required time: still refused, nothing written.
    const mine = () => myAssignment(ACK);
    db.update(assignments).set({ startedAt: Date.now() - (required - 5) * 1000 }).where(eq(assignments.id, mine().id)).run();
    const almost = payload<{ field: string; message: string }>(await acknowledge({ intent: "acknowledge", agree: "yes" }));
    expect(almost.status).toBe(400);
    expect(almost.body.field).toBe("time");
    expect(almost.body.message).toMatch(/^本文を読むための時間として、あと[56]秒お待ちください/);
    expect(myAcknowledgements()).toHaveLength(0);
    expect(db.select().from(completions).where(eq(completions.assignmentId, mine().id)).all()).toHaveLength(0);
    expect(mine().completedAt).toBeNull();

    // Past the required time.
    db.update(assignments).set({ startedAt: Date.now() - (required + 1) * 1000 }).where(eq(assignments.id, mine().id)).run();
    const unchecked = payload<{ field: string }>(await acknowledge({ intent: "acknowledge" }));
    expect(unchecked.status).toBe(400);
    expect(unchecked.body.field).toBe("agree");
    expect(myAcknowledgements()).toHaveLength(0);

    const ok = (await acknowledge({ intent: "acknowledge", agree: "yes" })) as Response;
    expect(ok.headers.get("Location")).toBe(`/learn?completed=${ACK}`);
    const record = myAcknowledgements()[0];
    expect(record.textHash).toBe(getModule(ACK)!.bodyHash);
    expect(record.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.moduleVersion).toBe(getModule(ACK)!.version);
    expect(record.acknowledgedAt).toBeGreaterThan(0);
    expect(mine().completedAt).not.toBeNull();
  });

  it("does not accept 読了 for the acknowledgement or 誓約 for a training module", async () => {
    expect(payload(await acknowledge({ intent: "read" })).status).toBe(400);
    const wrong = await settle(() => moduleAction({ request: post(`/learn/${MODULE}`, { intent: "acknowledge", agree: "yes" }, cookie), params: { moduleId: MODULE }, context }));
    expect(payload(wrong).status).toBe(400);
    expect(myAcknowledgements()).toHaveLength(0);
  });

  it("asks again after a new version of the text, keeping the old acknowledgement as history", async () => {
    const version = getModule(ACK)!.version;
    db.update(assignments).set({ startedAt: Date.now() - (getModule(ACK)!.minReadSeconds + 1) * 1000 }).where(eq(assignments.id, myAssignment(ACK).id)).run();
    await acknowledge({ intent: "acknowledge", agree: "yes" });
    expect(myAssignment(ACK).completedVersion).toBe(version);

    const current = getCatalog();
    const bumped = current.modules.map((module) => (module.id === ACK ? { ...module, version: version + 1, bodyHash: "f".repeat(64) } : module));
    syncCatalog(db, { modules: bumped, byId: new Map(bumped.map((module) => [module.id, module])) }, Date.now());
    const reopened = myAssignment(ACK);
    expect(reopened.completedAt).toBeNull();
    expect(reopened.startedAt).toBeNull();
    expect(myAcknowledgements()).toHaveLength(1);
    expect(db.select().from(completions).where(eq(completions.assignmentId, reopened.id)).all()).toHaveLength(1);
  });
});
