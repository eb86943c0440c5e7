import { describe, expect, it } from "vitest";
import { completionRates, formatRatio, percentTenths, percentValue, ratio } from "./rates";
import { pointDifference, summarySentences } from "./annual-report-view";

describe("percentTenths (half-up, one decimal, from integers)", () => {
  it.each([
    [1, 8, 125], // 12.5 exactly
    [1, 3, 333], // 33.33…
    [2, 3, 667], // 66.66…
    [1, 16, 63], // 6.25 → 6.3 (x.x5 rounds up)
    [3, 16, 188], // 18.75 → 18.8
    [1, 80, 13], // 1.25 → 1.3
    [13, 400, 33], // 3.25 → 3.3
    [141, 400, 353], // 35.25 → 35.3
    [1, 2000, 1], // 0.05 → 0.1
    [1, 2001, 0], // 0.04998 → 0.0
    [0, 5, 0],
    [5, 5, 1000],
    [16, 31, 516], // 51.61… (消防本部 per assignment)
    [1, 35, 29], // 2.857… (消防本部 per person)
  ])("%i / %i → %i tenths", (part, whole, tenths) => {
    expect(percentTenths(part, whole)).toBe(tenths);
  });

  it("rounds x.x5 up where the floating-point product falls just below it", () => {
    // 201/400 = 50.25 %, but 201 / 400 * 1000 is 502.49999999999994 in floating point.
    expect(Math.round((201 / 400) * 1000)).toBe(502);
    expect(percentTenths(201, 400)).toBe(503);
    expect(formatRatio(ratio(201, 400))).toBe("50.3%");
    expect(percentTenths(603, 1200)).toBe(503);
  });

  it("shows 100.0 % only when everything is done", () => {
    expect(percentTenths(1999, 2000)).toBe(999); // 99.95 would round to 100.0
    expect(percentTenths(2000, 2000)).toBe(1000);
  });

  it("has no rate without a denominator and stays exact for large counts", () => {
    expect(percentTenths(0, 0)).toBeNull();
    expect(formatRatio(ratio(0, 0))).toBe("—");
    expect(percentTenths(1_234_567, 2_000_000)).toBe(617); // 61.728…
    expect(percentTenths(1_000_000, 2_000_000)).toBe(500);
  });
});

describe("completionRates", () => {
  it("gives both rates of the same scope from its counts", () => {
    const rates = completionRates({ finishedPeople: 1, targetPeople: 35, completed: 16, assigned: 31 });
    expect(formatRatio(rates.people)).toBe("2.9%");
    expect(formatRatio(rates.assignments)).toBe("51.6%");
    expect(percentValue(rates.people)).toBe(2.9);
    expect(percentValue(rates.assignments)).toBe(51.6);
  });
});

describe("the annual report's sentences", () => {
  it("states the people rate and compares it with the previous 年度 in points", () => {
    const counts = (people: number, completed: number, assignments: number, completedAssignments: number) => ({ people, completed, assignments, completedAssignments });
    const sentences = summarySentences({ fiscalYear: 2025, total: counts(200, 57, 900, 800), previous: { fiscalYear: 2024, total: counts(180, 45, 800, 600) } });
    expect(sentences[0]).toBe("令和7年度の対象者200人のうち57人（28.5%）が全研修を修了しました。");
    expect(sentences[1]).toBe("研修ごとに数えると、900件のうち800件（88.9%）が完了しています。");
    expect(sentences[2]).toBe("前年度（令和6年度）は対象者180人のうち45人（25.0%）でした（+3.5ポイント）。");
    expect(pointDifference(250, 285)).toBe("−3.5");
    expect(pointDifference(null, 285)).toBeNull();
  });
});
