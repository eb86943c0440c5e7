import type { Question, Quiz } from "../content/schema";

/** One drawn question: which bank question, and the order its options are shown in. */
export type DrawnQuestion = { questionId: string; optionOrder: number[] };

/** Answers keyed by question id: the original indexes of the chosen options. */
export type Answers = Record<string, number[]>;

export type QuestionResult = {
  questionId: string;
  chosen: number[];
  correct: boolean;
};

export type ScoredAttempt = {
  correctCount: number;
  questionCount: number;
  scorePercent: number;
  passed: boolean;
  results: QuestionResult[];
};

/** Fisher–Yates with an injectable source of randomness (tests pass a seeded one). */
export function shuffle<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other], result[index]];
  }
  return result;
}

/** Draw `quiz.draw` distinct questions from the bank and shuffle each one's options. */
export function drawQuestions(quiz: Quiz, random: () => number = Math.random): DrawnQuestion[] {
  return shuffle(quiz.questions, random)
    .slice(0, quiz.draw)
    .map((question) => ({
      questionId: question.id,
      // True/false keeps 正しい before 誤り: shuffling two fixed words only confuses.
      optionOrder:
        question.type === "truefalse"
          ? question.options.map((_, index) => index)
          : shuffle(question.options.map((_, index) => index), random),
    }));
}

export function correctOptionIndexes(question: Question): number[] {
  return question.options.flatMap((option, index) => (option.correct ? [index] : []));
}

/** A question is right only when exactly the correct set of options was chosen. */
export function isAnswerCorrect(question: Question, chosen: readonly number[]): boolean {
  const correct = correctOptionIndexes(question);
  const picked = new Set(chosen);
  return picked.size === correct.length && correct.every((index) => picked.has(index));
}

/**
 * Score an attempt. `answers` must already be checked against the drawn set (see
 * validateAnswers); unanswered questions count as wrong.
 */
export function scoreAttempt(quiz: Quiz, drawn: readonly DrawnQuestion[], answers: Answers): ScoredAttempt {
  const byId = new Map(quiz.questions.map((question) => [question.id, question]));
  const results = drawn.map(({ questionId }) => {
    const question = byId.get(questionId);
    const chosen = answers[questionId] ?? [];
    return { questionId, chosen, correct: question ? isAnswerCorrect(question, chosen) : false };
  });
  const correctCount = results.filter((result) => result.correct).length;
  const scorePercent = drawn.length === 0 ? 0 : Math.round((correctCount / drawn.length) * 1000) / 10;
  return { correctCount, questionCount: drawn.length, scorePercent, passed: scorePercent >= quiz.passMark, results };
}

export type AnswerProblem = { questionId: string | null; message: string };

/**
 * Check submitted answers against the questions drawn for this attempt. Anything not drawn,
 * out of range, or several options for a single-answer question is a forged or broken form.
 */
export function validateAnswers(
  quiz: Quiz,
  drawn: readonly DrawnQuestion[],
  answers: Answers,
): { ok: true } | { ok: false; forged: boolean; problems: AnswerProblem[] } {
  const drawnIds = new Set(drawn.map((item) => item.questionId));
  const byId = new Map(quiz.questions.map((question) => [question.id, question]));
  for (const [questionId, chosen] of Object.entries(answers)) {
    const question = byId.get(questionId);
    if (!drawnIds.has(questionId) || !question) {
      return { ok: false, forged: true, problems: [{ questionId: null, message: "出題されていない問題への回答が含まれています。" }] };
    }
    const outOfRange = chosen.some((index) => !Number.isInteger(index) || index < 0 || index >= question.options.length);
    if (outOfRange || new Set(chosen).size !== chosen.length || (question.type !== "multiple" && chosen.length > 1)) {
      return { ok: false, forged: true, problems: [{ questionId, message: "回答の形式が正しくありません。" }] };
    }
  }
  const unanswered = drawn
    .filter(({ questionId }) => (answers[questionId] ?? []).length === 0)
    .map(({ questionId }) => ({ questionId, message: "この問題に回答してください。" }));
  if (unanswered.length > 0) return { ok: false, forged: false, problems: unanswered };
  return { ok: true };
}
