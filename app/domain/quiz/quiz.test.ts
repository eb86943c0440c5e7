import { describe, expect, it } from "vitest";
import type { Quiz } from "../content/schema";
import { drawQuestions, scoreAttempt, shuffle, validateAnswers } from "./quiz";

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const option = (text: string, correct = false) => ({ text, correct, explanation: `${text} (基本方針 3(1))` });

const quiz: Quiz = {
  draw: 5,
  passMark: 80,
  questions: [
    ...Array.from({ length: 8 }, (_, index) => ({
      id: `s${index}`,
      type: "single" as const,
      prompt: `問${index}`,
      options: [option("a", true), option("b"), option("c"), option("d")],
    })),
    { id: "m1", type: "multiple", prompt: "複数", options: [option("a", true), option("b", true), option("c")] },
    { id: "t1", type: "truefalse", prompt: "○×", options: [option("正しい"), option("誤り", true)] },
  ],
};

describe("shuffle", () => {
  it("keeps every item exactly once", () => {
    const items = Array.from({ length: 50 }, (_, index) => index);
    expect(shuffle(items, seeded(7)).sort((a, b) => a - b)).toEqual(items);
  });
});

describe("drawQuestions", () => {
  it("draws N distinct questions with a permutation of each one's options", () => {
    for (let seed = 1; seed < 50; seed += 1) {
      const drawn = drawQuestions(quiz, seeded(seed));
      expect(drawn).toHaveLength(5);
      expect(new Set(drawn.map((item) => item.questionId)).size).toBe(5);
      for (const item of drawn) {
        const question = quiz.questions.find((candidate) => candidate.id === item.questionId)!;
        expect([...item.optionOrder].sort()).toEqual(question.options.map((_, index) => index));
      }
    }
  });
  it("varies the draw and the option order between attempts", () => {
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(drawQuestions(quiz, seeded(seed + 1)))));
    expect(draws.size).toBeGreaterThan(10);
  });
});

describe("scoreAttempt", () => {
  const drawn = [
    { questionId: "s0", optionOrder: [0, 1, 2, 3] },
    { questionId: "s1", optionOrder: [3, 2, 1, 0] },
    { questionId: "m1", optionOrder: [0, 1, 2] },
    { questionId: "t1", optionOrder: [0, 1] },
    { questionId: "s2", optionOrder: [0, 1, 2, 3] },
  ];
  it("passes at exactly the pass mark (4 of 5 = 80 %)", () => {
    const result = scoreAttempt(quiz, drawn, { s0: [0], s1: [0], m1: [0, 1], t1: [1], s2: [2] });
    expect(result).toMatchObject({ correctCount: 4, questionCount: 5, scorePercent: 80, passed: true });
  });
  it("fails below the pass mark and needs the whole correct set for multiple choice", () => {
    const result = scoreAttempt(quiz, drawn, { s0: [0], s1: [0], m1: [0], t1: [1], s2: [2] });
    expect(result).toMatchObject({ correctCount: 3, scorePercent: 60, passed: false });
    expect(result.results.find((item) => item.questionId === "m1")?.correct).toBe(false);
  });
  it("counts a multiple-choice answer with an extra wrong option as wrong", () => {
    const result = scoreAttempt(quiz, drawn, { s0: [0], s1: [0], m1: [0, 1, 2], t1: [1], s2: [0] });
    expect(result.correctCount).toBe(4);
  });
});

describe("validateAnswers", () => {
  const drawn = [
    { questionId: "s0", optionOrder: [0, 1, 2, 3] },
    { questionId: "m1", optionOrder: [0, 1, 2] },
  ];
  it("accepts complete answers", () => {
    expect(validateAnswers(quiz, drawn, { s0: [1], m1: [0, 2] })).toEqual({ ok: true });
  });
  it("rejects an answer to a question that was not drawn as forged", () => {
    expect(validateAnswers(quiz, drawn, { s0: [1], m1: [0], s5: [0] })).toMatchObject({ ok: false, forged: true });
  });
  it("rejects out-of-range or repeated options, and two answers to a single-choice question", () => {
    expect(validateAnswers(quiz, drawn, { s0: [9], m1: [0] })).toMatchObject({ ok: false, forged: true });
    expect(validateAnswers(quiz, drawn, { s0: [0, 1], m1: [0] })).toMatchObject({ ok: false, forged: true });
    expect(validateAnswers(quiz, drawn, { s0: [0], m1: [1, 1] })).toMatchObject({ ok: false, forged: true });
  });
  it("lists unanswered questions without calling them forged", () => {
    expect(validateAnswers(quiz, drawn, { s0: [1] })).toEqual({
      ok: false,
      forged: false,
      problems: [{ questionId: "m1", message: "この問題に回答してください。" }],
    });
  });
});
