// Question statistics (like Moodle's quiz statistics report), pure.
//
// For each question and 年度, over the submitted attempts that drew it:
//   facility index (正答率)     share of those attempts that answered it correctly;
//   discrimination index (識別力) the point-biserial correlation (Pearson's r with a 0/1 item
//     score) between the item score (1 right, 0 wrong) and the rest-of-attempt score, the share of
//     the attempt's OTHER questions answered correctly. Leaving the item out of the total keeps an
//     item from correlating with itself, which matters with 5-question attempts. Between −1 and
//     1: high when strong attempts get the question right and weak ones wrong; near zero or
//     negative when it does not separate them (ambiguous prompt, wrong key, a giveaway).
// A question is flagged for review when, with enough attempts to say so, it is answered correctly
// more than 95 % of the time or its discrimination is below 0.1 (negative included).
//
// Every sum is exact over all attempts (no sampling); r is computed from the sums in one pass.

export const MIN_ATTEMPTS_FOR_FLAGS = 30;
export const FACILITY_TOO_HIGH = 0.95;
export const DISCRIMINATION_TOO_LOW = 0.1;

export type ItemAccumulator = {
  /** Attempts that drew the question. */
  attempts: number;
  /** …and answered it correctly. */
  correct: number;
  /** How many of those attempts chose each option (original option index). */
  optionChosen: number[];
  /** Attempts with at least one other question (those the correlation is over). */
  pairs: number;
  pairsCorrect: number;
  /** Σ rest, Σ rest², Σ rest over the attempts that got the item right. */
  sumRest: number;
  sumRestSquared: number;
  sumRestWhenCorrect: number;
};

export function emptyAccumulator(optionCount: number): ItemAccumulator {
  return { attempts: 0, correct: 0, optionChosen: Array.from({ length: optionCount }, () => 0), pairs: 0, pairsCorrect: 0, sumRest: 0, sumRestSquared: 0, sumRestWhenCorrect: 0 };
}

export type GradedItem = { questionId: string; correct: boolean; chosen: readonly number[] };

/**
 * Add one submitted attempt: every question it drew, graded. Questions without an accumulator
 * (not in the bank being analysed) still count in the attempt's total.
 */
export function addAttempt(accumulators: Map<string, ItemAccumulator>, items: readonly GradedItem[]): void {
  const total = items.reduce((sum, item) => sum + (item.correct ? 1 : 0), 0);
  const others = items.length - 1;
  for (const item of items) {
    const accumulator = accumulators.get(item.questionId);
    if (!accumulator) continue;
    accumulator.attempts += 1;
    if (item.correct) accumulator.correct += 1;
    for (const index of item.chosen) {
      if (Number.isInteger(index) && index >= 0 && index < accumulator.optionChosen.length) accumulator.optionChosen[index] += 1;
    }
    if (others < 1) continue;
    const rest = (total - (item.correct ? 1 : 0)) / others;
    accumulator.pairs += 1;
    accumulator.sumRest += rest;
    accumulator.sumRestSquared += rest * rest;
    if (item.correct) {
      accumulator.pairsCorrect += 1;
      accumulator.sumRestWhenCorrect += rest;
    }
  }
}

/** Share answering correctly; null when no attempt drew the question. */
export function calculateFacility(accumulator: ItemAccumulator): number | null {
  return accumulator.attempts === 0 ? null : accumulator.correct / accumulator.attempts;
}

/**
 * Pearson's r between the item score and the rest score. Null when it is undefined: fewer than
 * two attempts, or no spread in either score (everyone right, or every rest score equal).
 */
export function calculateDiscrimination(accumulator: ItemAccumulator): number | null {
  const n = accumulator.pairs;
  if (n < 2) return null;
  const sumX = accumulator.pairsCorrect; // x is 0 or 1, so Σx² = Σx
  const numerator = n * accumulator.sumRestWhenCorrect - sumX * accumulator.sumRest;
  const varianceX = n * sumX - sumX * sumX;
  const varianceRest = n * accumulator.sumRestSquared - accumulator.sumRest * accumulator.sumRest;
  // Rounding can leave a tiny non-zero variance where the true one is zero.
  if (varianceX <= 0 || varianceRest <= 1e-9 * n * n) return null;
  return Math.max(-1, Math.min(1, numerator / Math.sqrt(varianceX * varianceRest)));
}

export type QuestionFlag = "too-easy" | "negative-discrimination" | "low-discrimination";

export const FLAG_LABELS: Record<QuestionFlag, string> = {
  "too-easy": "易しすぎる（正答率95%超）",
  "negative-discrimination": "識別力が負",
  "low-discrimination": "識別力がほぼない",
};

/** Review flags; none below MIN_ATTEMPTS_FOR_FLAGS attempts, where the figures say little. */
export function flagQuestion(stat: { attempts: number; facility: number | null; discrimination: number | null }, minAttempts = MIN_ATTEMPTS_FOR_FLAGS): QuestionFlag[] {
  if (stat.attempts < minAttempts) return [];
  const flags: QuestionFlag[] = [];
  if (stat.facility !== null && stat.facility > FACILITY_TOO_HIGH) flags.push("too-easy");
  if (stat.discrimination !== null && stat.discrimination < 0) flags.push("negative-discrimination");
  else if (stat.discrimination !== null && stat.discrimination < DISCRIMINATION_TOO_LOW) flags.push("low-discrimination");
  return flags;
}

export type QuestionStatistics = {
  id: string;
  type: "single" | "multiple" | "truefalse";
  prompt: string;
  attempts: number;
  correct: number;
  facility: number | null;
  discrimination: number | null;
  flags: QuestionFlag[];
  options: { text: string; correct: boolean; chosen: number }[];
};

/** The figures of one question from its accumulator and its bank entry. */
export function summariseQuestion(
  question: { id: string; type: "single" | "multiple" | "truefalse"; prompt: string; options: readonly { text: string; correct: boolean }[] },
  accumulator: ItemAccumulator,
): QuestionStatistics {
  const facility = calculateFacility(accumulator);
  const discrimination = calculateDiscrimination(accumulator);
  return {
    id: question.id,
    type: question.type,
    prompt: question.prompt,
    attempts: accumulator.attempts,
    correct: accumulator.correct,
    facility,
    discrimination,
    flags: flagQuestion({ attempts: accumulator.attempts, facility, discrimination }),
    options: question.options.map((option, index) => ({ text: option.text, correct: option.correct, chosen: accumulator.optionChosen[index] ?? 0 })),
  };
}
