import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { assignments, quizAttempts } from "~/db/schema";
import { completeIfDone } from "../assignments/learner.server";
import type { TrainingModule } from "../content/load.server";
import { lockRefusalMessage, type AttemptLock } from "./attempt-policy";
import { getAttemptLock } from "./attempt-policy.server";
import { drawQuestions, isAnswerCorrect, scoreAttempt, validateAnswers, type AnswerProblem, type Answers, type DrawnQuestion } from "./quiz";

const DrawnSchema = z.array(z.object({ questionId: z.string(), optionOrder: z.array(z.number().int()) }));
const AnswersSchema = z.record(z.string(), z.array(z.number().int()));

/** What the browser may see of an open attempt: no correct flags, no explanations. */
export type PublicQuestion = {
  id: string;
  type: "single" | "multiple" | "truefalse";
  prompt: string;
  options: { value: number; text: string }[];
};

export type OpenAttempt = { attemptId: number; questions: PublicQuestion[] };

function publicQuestions(module: TrainingModule, drawn: DrawnQuestion[]): PublicQuestion[] {
  const byId = new Map(module.quiz!.questions.map((question) => [question.id, question]));
  return drawn.flatMap(({ questionId, optionOrder }) => {
    const question = byId.get(questionId);
    if (!question) return [];
    return [{
      id: question.id,
      type: question.type,
      prompt: question.prompt,
      options: optionOrder.map((index) => ({ value: index, text: question.options[index].text })),
    }];
  });
}

export type QuizPageState = { kind: "open"; attempt: OpenAttempt } | { kind: "locked"; lock: AttemptLock };

/**
 * The learner's open attempt for this assignment, or a new one drawn now, unless the attempt
 * policy locks the quiz: then nothing is drawn and nothing of an open attempt is shown (so no
 * question can be studied while waiting). An open attempt drawn from an older module version is
 * abandoned: its questions may no longer exist.
 */
export function getOrStartAttempt(
  db: Db,
  assignmentId: number,
  module: TrainingModule,
  options: { now?: number; random?: () => number } = {},
): QuizPageState {
  const now = options.now ?? Date.now();
  const quiz = module.quiz;
  if (!quiz) throw new Error(`${module.id} has no quiz`);
  return db.transaction((tx): QuizPageState => {
    const lock = getAttemptLock(tx, assignmentId, now);
    if (lock) return { kind: "locked", lock };
    const open = tx
      .select({ id: quizAttempts.id, drawn: quizAttempts.drawn })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.assignmentId, assignmentId), isNull(quizAttempts.submittedAt), eq(quizAttempts.moduleVersion, module.version)))
      .orderBy(desc(quizAttempts.id))
      .limit(1)
      .get();
    if (open) return { kind: "open", attempt: { attemptId: open.id, questions: publicQuestions(module, DrawnSchema.parse(JSON.parse(open.drawn))) } };
    const drawn = drawQuestions(quiz, options.random);
    const inserted = tx
      .insert(quizAttempts)
      .values({ assignmentId, moduleVersion: module.version, drawn: JSON.stringify(drawn), startedAt: now, questionCount: drawn.length })
      .returning({ id: quizAttempts.id })
      .get();
    tx.update(assignments).set({ startedAt: now }).where(and(eq(assignments.id, assignmentId), isNull(assignments.startedAt))).run();
    return { kind: "open", attempt: { attemptId: inserted.id, questions: publicQuestions(module, drawn) } };
  });
}

export type SubmitResult =
  | { ok: true; attemptId: number; passed: boolean; completed: boolean }
  | { ok: false; status: 400 | 404 | 409 | 429; message: string; problems: AnswerProblem[] };

/**
 * Grade an attempt on the server. The attempt must belong to the assignment (which the caller has
 * already scoped to the signed-in learner), be open, and be of the current module version.
 * Nothing is written unless the whole submission is valid.
 */
export function submitAttempt(
  db: Db,
  input: { assignmentId: number; attemptId: number; answers: Answers },
  module: TrainingModule,
  now = Date.now(),
): SubmitResult {
  const quiz = module.quiz;
  if (!quiz) return { ok: false, status: 404, message: "このモジュールには確認テストがありません。", problems: [] };
  return db.transaction((tx) => {
    const attempt = tx
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.id, input.attemptId), eq(quizAttempts.assignmentId, input.assignmentId)))
      .get();
    if (!attempt) return { ok: false, status: 404, message: "この受験は見つかりません。ページを読み込み直してください。", problems: [] };
    if (attempt.submittedAt !== null) {
      return { ok: false, status: 409, message: "この受験はすでに採点済みです。もう一度受ける場合は新しく始めてください。", problems: [] };
    }
    if (attempt.moduleVersion !== module.version) {
      return { ok: false, status: 409, message: "モジュールが更新されました。新しい問題で受け直してください。", problems: [] };
    }
    // An attempt drawn before the lock (another tab, an old page) is not graded while locked.
    const lock = getAttemptLock(tx, input.assignmentId, now);
    if (lock) return { ok: false, status: lock.rereadRequired ? 409 : 429, message: lockRefusalMessage(lock), problems: [] };
    const drawn = DrawnSchema.parse(JSON.parse(attempt.drawn));
    const validation = validateAnswers(quiz, drawn, input.answers);
    if (!validation.ok) {
      return {
        ok: false,
        status: 400,
        message: validation.forged ? "送信された回答が正しくありません。ページを読み込み直してください。" : "未回答の問題があります。",
        problems: validation.problems,
      };
    }
    const score = scoreAttempt(quiz, drawn, input.answers);
    tx.update(quizAttempts)
      .set({
        submittedAt: now,
        answers: JSON.stringify(input.answers),
        correctCount: score.correctCount,
        scorePercent: score.scorePercent,
        passed: score.passed,
      })
      .where(eq(quizAttempts.id, attempt.id))
      .run();
    const completed = score.passed ? completeIfDone(tx, input.assignmentId, now) : false;
    return { ok: true, attemptId: attempt.id, passed: score.passed, completed };
  });
}

/**
 * One graded question as the result page shows it: the learner's own choices with their
 * explanations. The other options, and so the key of a wrongly answered question, are left out:
 * a retake draws again from the same bank, and showing the key would turn retakes into
 * memorising it. The explanation of a chosen wrong option says why it is wrong.
 */
export type GradedQuestion = {
  id: string;
  type: "single" | "multiple" | "truefalse";
  prompt: string;
  correct: boolean;
  chosen: { value: number; text: string; explanation: string }[];
};

export type GradedAttempt = {
  attemptId: number;
  correctCount: number;
  questionCount: number;
  scorePercent: number;
  passed: boolean;
  passMark: number;
  /** False when the attempt was of an older module version whose questions are not kept. */
  detailsAvailable: boolean;
  questions: GradedQuestion[];
};

/** A submitted attempt with the chosen options and their explanations (only ever after grading). */
export function getGradedAttempt(db: Db, assignmentId: number, attemptId: number, module: TrainingModule): GradedAttempt | null {
  const attempt = db
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.assignmentId, assignmentId)))
    .get();
  if (!attempt || attempt.submittedAt === null || !module.quiz) return null;
  const drawn = DrawnSchema.parse(JSON.parse(attempt.drawn));
  const answers = AnswersSchema.parse(JSON.parse(attempt.answers ?? "{}"));
  const byId = new Map(module.quiz.questions.map((question) => [question.id, question]));
  const detailsAvailable = attempt.moduleVersion === module.version;
  const questions = drawn.flatMap(({ questionId, optionOrder }): GradedQuestion[] => {
    const question = byId.get(questionId);
    // An attempt of an older version may cite removed or changed questions: no details then.
    if (!question || !detailsAvailable) return [];
    const chosen = answers[questionId] ?? [];
    const picked = new Set(chosen);
    return [{
      id: question.id,
      type: question.type,
      prompt: question.prompt,
      correct: isAnswerCorrect(question, chosen),
      // In the order the options were shown.
      chosen: optionOrder
        .filter((index) => picked.has(index))
        .map((index) => ({ value: index, text: question.options[index].text, explanation: question.options[index].explanation })),
    }];
  });
  return {
    attemptId: attempt.id,
    correctCount: attempt.correctCount ?? 0,
    questionCount: attempt.questionCount,
    scorePercent: attempt.scorePercent ?? 0,
    passed: attempt.passed ?? false,
    passMark: module.quiz.passMark,
    detailsAvailable,
    questions,
  };
}

/** Parse `answer.<questionId>` form fields into Answers; anything malformed is left for validation. */
export function parseAnswerForm(form: FormData): Answers {
  const answers: Answers = {};
  for (const [key, value] of form.entries()) {
    if (!key.startsWith("answer.") || typeof value !== "string") continue;
    const questionId = key.slice("answer.".length);
    const index = /^\d{1,2}$/.test(value) ? Number(value) : -1;
    (answers[questionId] ??= []).push(index);
  }
  return answers;
}
