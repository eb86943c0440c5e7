import { describe, expect, it } from "vitest";
import { addAttempt, calculateDiscrimination, calculateFacility, emptyAccumulator, flagQuestion, summariseQuestion, type GradedItem, type ItemAccumulator } from "./question-stats";

// Four attempts of three questions (1 = right):
//        A  B  C   total
//   1    1  1  1   3
//   2    1  1  0   2
//   3    0  1  0   1
//   4    0  0  1   1
// Rest scores (share of the two other questions right) and Pearson's r, by hand:
//   A: x 1,1,0,0  rest 1, .5, .5, .5   n=4 Σx=2 Σy=2.5 Σxy=1.5 Σy²=1.75
//      r = (4·1.5 − 2·2.5) / √((4·2 − 4)(4·1.75 − 6.25)) = 1/√3
//   B: x 1,1,1,0  rest 1, .5, 0, .5    Σx=3 Σy=2 Σxy=1.5 Σy²=1.5   r = (6 − 6)/… = 0
//   C: x 1,0,0,1  rest 1, 1, .5, 0     Σx=2 Σy=2.5 Σxy=1 Σy²=2.25
//      r = (4 − 5) / √(4 · (9 − 6.25)) = −1/√11
const TABLE: [number, number, number][] = [
  [1, 1, 1],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
];

function run(times = 1): Map<string, ItemAccumulator> {
  const accumulators = new Map(["A", "B", "C"].map((id) => [id, emptyAccumulator(3)]));
  for (let round = 0; round < times; round += 1) {
    for (const row of TABLE) {
      const items: GradedItem[] = row.map((score, index) => ({ questionId: "ABC"[index], correct: score === 1, chosen: [score === 1 ? 0 : 1 + (round % 2)] }));
      addAttempt(accumulators, items);
    }
  }
  return accumulators;
}

describe("facility and discrimination", () => {
  it("match the hand computation", () => {
    const stats = run();
    expect(stats.get("A")).toMatchObject({ attempts: 4, correct: 2, pairs: 4, pairsCorrect: 2, sumRest: 2.5, sumRestSquared: 1.75, sumRestWhenCorrect: 1.5 });
    expect(calculateFacility(stats.get("A")!)).toBe(0.5);
    expect(calculateFacility(stats.get("B")!)).toBe(0.75);
    expect(calculateDiscrimination(stats.get("A")!)).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(calculateDiscrimination(stats.get("B")!)).toBeCloseTo(0, 12);
    expect(calculateDiscrimination(stats.get("C")!)).toBeCloseTo(-1 / Math.sqrt(11), 12);
    expect(stats.get("A")!.optionChosen).toEqual([2, 2, 0]);
  });

  it("are undefined without spread or data", () => {
    const accumulators = new Map([["Q", emptyAccumulator(2)], ["R", emptyAccumulator(2)]]);
    expect(calculateFacility(accumulators.get("Q")!)).toBeNull();
    expect(calculateDiscrimination(accumulators.get("Q")!)).toBeNull();
    // Everyone right on Q: no spread in the item score.
    addAttempt(accumulators, [{ questionId: "Q", correct: true, chosen: [0] }, { questionId: "R", correct: true, chosen: [0] }]);
    addAttempt(accumulators, [{ questionId: "Q", correct: true, chosen: [0] }, { questionId: "R", correct: false, chosen: [1] }]);
    expect(calculateDiscrimination(accumulators.get("Q")!)).toBeNull();
    // R varies but its rest (Q) is always 1: no spread in the rest score.
    expect(calculateDiscrimination(accumulators.get("R")!)).toBeNull();
    // An attempt of one question has no rest score: counted, not correlated.
    addAttempt(accumulators, [{ questionId: "Q", correct: false, chosen: [1] }]);
    expect(accumulators.get("Q")).toMatchObject({ attempts: 3, correct: 2, pairs: 2 });
  });

  it("counts a question drawn but not in the analysed bank in the attempt's total", () => {
    const accumulators = new Map([["Q", emptyAccumulator(2)]]);
    addAttempt(accumulators, [{ questionId: "Q", correct: true, chosen: [0] }, { questionId: "gone", correct: true, chosen: [0] }, { questionId: "gone2", correct: false, chosen: [1] }]);
    expect(accumulators.get("Q")!.sumRest).toBe(0.5);
  });
});

describe("flags", () => {
  it("flag only with enough attempts; duplicating the data keeps r and passes the threshold", () => {
    // Ten times the table: 40 attempts, the same correlations.
    const stats = run(10);
    const question = (id: string) => ({ id, type: "single" as const, prompt: id, options: [{ text: "a", correct: true }, { text: "b", correct: false }, { text: "c", correct: false }] });
    const a = summariseQuestion(question("A"), stats.get("A")!);
    const b = summariseQuestion(question("B"), stats.get("B")!);
    const c = summariseQuestion(question("C"), stats.get("C")!);
    expect(a.discrimination).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(a.flags).toEqual([]);
    expect(b.flags).toEqual(["low-discrimination"]);
    expect(c.flags).toEqual(["negative-discrimination"]);
    expect(c.options.map((option) => option.chosen)).toEqual([20, 10, 10]);
    // The same figures on 4 attempts are not flagged.
    expect(summariseQuestion(question("C"), run(1).get("C")!).flags).toEqual([]);
  });

  it("flags a question answered correctly more than 95 % of the time", () => {
    expect(flagQuestion({ attempts: 40, facility: 39 / 40, discrimination: 0.3 })).toEqual(["too-easy"]);
    expect(flagQuestion({ attempts: 40, facility: 38 / 40, discrimination: 0.3 })).toEqual([]);
    expect(flagQuestion({ attempts: 29, facility: 1, discrimination: -0.5 })).toEqual([]);
    expect(flagQuestion({ attempts: 30, facility: 1, discrimination: null })).toEqual(["too-easy"]);
  });
});
