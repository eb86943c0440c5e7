// The attempt policy enforced on the server (delay after a failure, 読了 again after failures in
// a row), HR's settings for it, and the result page that teaches without giving the key away.
// Questions are picked from the loaded catalogue at run time: the banks change independently.
import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { assignments, auditLog, employees, moduleRereads, quizAttempts, settings } from "~/db/schema";
import { getModule } from "~/domain/content/catalog.server";
import { correctOptionIndexes } from "~/domain/quiz/quiz";
import { loader as learnLoader } from "~/routes/learn._index";
import { action as moduleAction, loader as moduleLoader } from "~/routes/learn.$moduleId._index";
import { action as quizAction, loader as quizLoader } from "~/routes/learn.$moduleId.quiz";
import { action as settingsAction, loader as settingsLoader } from "~/routes/hr.quiz-settings";
import { createDemoDb } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;
let cookie: string;
let moduleId: string;
let clock: number;

const MINUTE = 60_000;

function setClock(instant: number) {
  clock = instant;
  process.env.MAMORI_NOW = new Date(instant).toISOString();
}

function myAssignment() {
  return db
    .select()
    .from(assignments)
    .innerJoin(employees, eq(employees.id, assignments.employeeId))
    .where(and(eq(employees.employeeNo, "S0001"), eq(assignments.moduleId, moduleId)))
    .all()
    .map((row) => row.assignments)
    .find((row) => row.completedAt === null && row.exemptedAt === null)!;
}

const attemptCount = () => db.select({ n: count() }).from(quizAttempts).where(eq(quizAttempts.assignmentId, myAssignment().id)).get()!.n;

beforeEach(async () => {
  db = createDemoDb();
  cookie = await cookieFor(db, "S0001");
  setClock(Date.now());
  // Any open assignment of S0001 with a quiz, as the learner's own list shows it.
  const list = (await settle(() => learnLoader({ request: get("/learn", cookie), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
  const candidate = list.items.find((item) => getModule(item.moduleId)?.quiz && item.status !== "completed" && item.status !== "exempt" && item.readAt === null);
  if (!candidate) throw new Error("S0001 has no open module with a quiz in the demo data");
  moduleId = candidate.moduleId;
});

afterEach(() => {
  delete process.env.MAMORI_NOW;
});

type QuizPage = Awaited<ReturnType<typeof quizLoader>>;

async function openQuizPage(): Promise<QuizPage> {
  return (await settle(() => quizLoader({ request: get(`/learn/${moduleId}/quiz`, cookie), params: { moduleId }, context }))) as QuizPage;
}

/** Fields answering `correctly` questions right and the rest with a non-correct option from the bank. */
function answerFields(attempt: NonNullable<QuizPage["attempt"]>, correctly: number): Record<string, string[]> {
  const bank = getModule(moduleId)!.quiz!.questions;
  const fields: Record<string, string[]> = { attemptId: [String(attempt.attemptId)] };
  attempt.questions.forEach((question, index) => {
    const source = bank.find((candidate) => candidate.id === question.id)!;
    const right = correctOptionIndexes(source);
    const wrong = source.options.map((_, optionIndex) => optionIndex).filter((optionIndex) => !right.includes(optionIndex));
    fields[`answer.${question.id}`] = (index < correctly ? right : [wrong[0]]).map(String);
  });
  return fields;
}

function submit(fields: Record<string, string[]>) {
  return settle(() => quizAction({ request: post(`/learn/${moduleId}/quiz`, fields, cookie), params: { moduleId }, context }));
}

/** Open the quiz, fail it (nothing right), and return the attempt id. */
async function failOnce(): Promise<number> {
  const page = await openQuizPage();
  expect(page.mode).toBe("quiz");
  const response = (await submit(answerFields(page.attempt!, 0))) as Response;
  expect(response.status).toBe(302);
  return page.attempt!.attemptId;
}

function pressRead() {
  return settle(() => moduleAction({ request: post(`/learn/${moduleId}`, { intent: "read" }, cookie), params: { moduleId }, context }));
}

const japanTime = (instant: number) => {
  const shifted = new Date(Math.ceil(instant / MINUTE) * MINUTE + 9 * 3_600_000);
  return `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ${shifted.getUTCHours()}:${String(shifted.getUTCMinutes()).padStart(2, "0")}`;
};

describe("the delay after a failed attempt", () => {
  it("draws nothing and refuses a submission until the delay is over, then works", async () => {
    const failedAt = clock + MINUTE;
    setClock(failedAt);
    const firstId = await failOnce();
    const opensAt = failedAt + 10 * MINUTE;

    // The result page says when the next attempt opens, and offers no retake link.
    const result = (await settle(() => quizLoader({ request: get(`/learn/${moduleId}/quiz?attempt=${firstId}`, cookie), params: { moduleId }, context }))) as QuizPage;
    expect(result.lock).toMatchObject({ locked: true, opensAt, rereadRequired: false });

    setClock(failedAt + 5 * MINUTE);
    const before = attemptCount();
    const locked = await openQuizPage();
    expect(locked.mode).toBe("locked");
    expect(locked.attempt).toBeNull();
    expect(locked.lock?.opensAt).toBe(opensAt);
    expect(attemptCount()).toBe(before);

    // The module page and /learn show the same time.
    const modulePage = (await settle(() => moduleLoader({ request: get(`/learn/${moduleId}`, cookie), params: { moduleId }, context }))) as Awaited<ReturnType<typeof moduleLoader>>;
    expect(modulePage.lock?.opensAt).toBe(opensAt);
    const list = (await settle(() => learnLoader({ request: get("/learn", cookie), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
    expect(list.items.find((item) => item.moduleId === moduleId)?.lock?.opensAt).toBe(opensAt);
    expect(list.items.filter((item) => item.lock !== null)).toHaveLength(1);

    // An attempt drawn before the lock (say, in another tab) cannot be submitted while locked.
    const drawn = db.select({ drawn: quizAttempts.drawn }).from(quizAttempts).where(eq(quizAttempts.id, firstId)).get()!.drawn;
    const stray = db.insert(quizAttempts).values({ assignmentId: myAssignment().id, moduleVersion: getModule(moduleId)!.version, drawn, startedAt: failedAt - MINUTE, questionCount: JSON.parse(drawn).length }).returning({ id: quizAttempts.id }).get();
    const fields = answerFields({ attemptId: stray.id, questions: JSON.parse(drawn).map((item: { questionId: string }) => ({ id: item.questionId, type: "single", prompt: "", options: [] })) }, 5);
    const refused = payload<{ message: string }>(await submit(fields));
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe(`いまは受験できません。次の受験は ${japanTime(opensAt)} から受けられます。`);
    const strayRow = db.select().from(quizAttempts).where(eq(quizAttempts.id, stray.id)).get()!;
    expect(strayRow.submittedAt).toBeNull();
    expect(strayRow.answers).toBeNull();
    expect(myAssignment().completedAt).toBeNull();

    // A second before the end: still locked. At the end: open again (the stray attempt is the open one).
    setClock(opensAt - 1000);
    expect((await openQuizPage()).mode).toBe("locked");
    setClock(opensAt);
    const reopened = await openQuizPage();
    expect(reopened.mode).toBe("quiz");
    expect(reopened.attempt?.attemptId).toBe(stray.id);
    const passed = (await submit(fields)) as Response;
    expect(passed.headers.get("Location")).toBe(`/learn/${moduleId}/quiz?a=${myAssignment().id}&attempt=${stray.id}`);
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, stray.id)).get()!.passed).toBe(true);
  });

  it("does not lock after a pass, nor a completed module", async () => {
    await pressRead();
    const page = await openQuizPage();
    await submit(answerFields(page.attempt!, 5));
    expect(myAssignment()).toBeUndefined(); // completed: no open assignment left
    const review = await openQuizPage();
    expect(review.mode).toBe("quiz");
  });
});

describe("reading again after failures in a row", () => {
  it("after 3 failures, refuses until 読了 is pressed again; then the count restarts", async () => {
    await pressRead();
    for (let failure = 0; failure < 3; failure += 1) {
      setClock(clock + 11 * MINUTE);
      await failOnce();
    }
    // The delay is over, but three failures in a row ask for the text again.
    setClock(clock + 11 * MINUTE);
    const before = attemptCount();
    const locked = await openQuizPage();
    expect(locked.mode).toBe("locked");
    expect(locked.lock).toMatchObject({ rereadRequired: true, failuresInRow: 3, opensAt: null });
    expect(attemptCount()).toBe(before);

    // The module page shows 読了 again (it was hidden after the first 読了).
    const modulePage = (await settle(() => moduleLoader({ request: get(`/learn/${moduleId}`, cookie), params: { moduleId }, context }))) as Awaited<ReturnType<typeof moduleLoader>>;
    expect(modulePage.lock?.rereadRequired).toBe(true);
    expect(modulePage.assignment.readAt).not.toBeNull();

    // A submission (of an attempt drawn earlier) is refused with a Japanese message.
    const lastDrawn = db.select({ drawn: quizAttempts.drawn }).from(quizAttempts).where(eq(quizAttempts.assignmentId, myAssignment().id)).all().at(-1)!.drawn;
    const stray = db.insert(quizAttempts).values({ assignmentId: myAssignment().id, moduleVersion: getModule(moduleId)!.version, drawn: lastDrawn, startedAt: clock - 40 * MINUTE, questionCount: JSON.parse(lastDrawn).length }).returning({ id: quizAttempts.id }).get();
    const fields = answerFields({ attemptId: stray.id, questions: JSON.parse(lastDrawn).map((item: { questionId: string }) => ({ id: item.questionId, type: "single", prompt: "", options: [] })) }, 0);
    const refused = payload<{ message: string }>(await submit(fields));
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe("いまは受験できません。確認テストに3回続けて不合格になりました。本文をもう一度読み、「読了」を押してから受験してください。");
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, stray.id)).get()!.submittedAt).toBeNull();
    expect(db.select().from(moduleRereads).all()).toHaveLength(0);

    // 読了 again: recorded, and the quiz opens (the stray attempt is the open one).
    const read = (await pressRead()) as Response;
    expect(read.headers.get("Location")).toBe(`/learn/${moduleId}/quiz?a=${myAssignment().id}`);
    const rereads = db.select().from(moduleRereads).all();
    expect(rereads).toEqual([{ id: rereads[0].id, assignmentId: myAssignment().id, readAt: clock, failures: 3 }]);
    const open = await openQuizPage();
    expect(open.mode).toBe("quiz");

    // The count starts afresh: one more failure only waits the delay.
    setClock(clock + MINUTE);
    await submit(answerFields(open.attempt!, 0));
    setClock(clock + 11 * MINUTE);
    expect((await openQuizPage()).mode).toBe("quiz");
    // 読了 pressed when nothing asks for it records nothing.
    await pressRead();
    expect(db.select().from(moduleRereads).all()).toHaveLength(1);
  });

  it("counts failures before the first 読了 too: the first 読了 then unlocks", async () => {
    for (let failure = 0; failure < 3; failure += 1) {
      setClock(clock + 11 * MINUTE);
      await failOnce();
    }
    setClock(clock + 11 * MINUTE);
    expect((await openQuizPage()).lock?.rereadRequired).toBe(true);
    await pressRead();
    expect(myAssignment().readAt).toBe(clock);
    expect(db.select().from(moduleRereads).all()).toHaveLength(0);
    expect((await openQuizPage()).mode).toBe("quiz");
  });
});

describe("HR's attempt policy settings", () => {
  const saveAs = async (who: string, fields: Record<string, string>) =>
    settle(async () => settingsAction({ request: post("/hr/quiz-settings", fields, await cookieFor(db, who)), params: {}, context }));

  it("validates, saves with an audit entry, and applies at once", async () => {
    const defaults = (await settle(async () => settingsLoader({ request: get("/hr/quiz-settings", await cookieFor(db, "H0001")), params: {}, context }))) as Awaited<ReturnType<typeof settingsLoader>>;
    expect(defaults.policy).toEqual({ delayMinutes: 10, failuresBeforeReread: 3 });

    const bad = payload<{ errors: Record<string, string> }>(await saveAs("H0001", { delayMinutes: "1441", failuresBeforeReread: "11" }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({ delayMinutes: "待ち時間は1440分（24時間）以下にしてください。", failuresBeforeReread: "回数は10回以下にしてください。" });
    const notNumber = payload<{ errors: Record<string, string> }>(await saveAs("H0001", { delayMinutes: "十分", failuresBeforeReread: "3" }));
    expect(notNumber.body.errors.delayMinutes).toBe("待ち時間を数字（分）で入力してください。");
    expect(db.select().from(settings).where(eq(settings.key, "quiz.attempts")).get()).toBeUndefined();

    // Only HR changes the policy.
    expect(((await saveAs("S0001", { delayMinutes: "0", failuresBeforeReread: "off" })) as Response).status).toBe(403);

    const saved = (await saveAs("H0001", { delayMinutes: "０", failuresBeforeReread: "off" })) as Response;
    expect(saved.headers.get("Location")).toBe("/hr/quiz-settings?saved=1");
    expect(JSON.parse(db.select().from(settings).where(eq(settings.key, "quiz.attempts")).get()!.value)).toEqual({ delayMinutes: 0, failuresBeforeReread: null });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "quiz.policy.update")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details!)).toEqual({ before: { delayMinutes: 10, failuresBeforeReread: 3 }, after: { delayMinutes: 0, failuresBeforeReread: null } });

    // No delay and no re-read: four failures in a row, and the quiz still opens at once.
    for (let failure = 0; failure < 4; failure += 1) await failOnce();
    expect((await openQuizPage()).mode).toBe("quiz");
  });
});

describe("the result page", () => {
  it("shows the prompt, the chosen options and their explanations, never the key of a wrong answer", async () => {
    const page = await openQuizPage();
    const fields = answerFields(page.attempt!, 2);
    await submit(fields);
    const result = (await settle(() => quizLoader({ request: get(`/learn/${moduleId}/quiz?attempt=${page.attempt!.attemptId}`, cookie), params: { moduleId }, context }))) as QuizPage;
    const graded = result.graded!;
    expect(graded.correctCount).toBe(2);
    const bank = getModule(moduleId)!.quiz!.questions;
    expect(graded.questions.map((question) => question.id)).toEqual(page.attempt!.questions.map((question) => question.id));
    graded.questions.forEach((question, index) => {
      const source = bank.find((candidate) => candidate.id === question.id)!;
      expect(question.prompt).toBe(source.prompt);
      expect(question.correct).toBe(index < 2);
      const chosen = fields[`answer.${question.id}`].map(Number);
      expect(question.chosen.map((option) => option.value).sort()).toEqual([...chosen].sort());
      for (const option of question.chosen) {
        expect(option.text).toBe(source.options[option.value].text);
        expect(option.explanation).toBe(source.options[option.value].explanation);
      }
      if (!question.correct) {
        // Nothing of the options not chosen (the correct one among them) is in the page data.
        const serialised = JSON.stringify(question);
        source.options.forEach((option, optionIndex) => {
          if (!chosen.includes(optionIndex)) expect(serialised).not.toContain(option.explanation);
        });
        expect(serialised).not.toMatch(/isCorrect/);
      }
    });
  });

});
