import { correctOptionIndexes } from "../quiz/quiz";
import { Fraction } from "./fraction";
import type { Question } from "./schema";

/**
 * "Coherent" lexical strategies: one rule a test-wise learner applies to every question type
 * without reading the module (prefer the hedged option, avoid 「必ず」, pick the option most like
 * the others…). They come from the red-team review of issue 12, which found banks that passed the
 * simple surface strategies but not these. Each strategy gives, per question, the exact
 * probability of answering it right; `item-quality.ts` turns that into the probability of
 * passing an attempt. Nothing here looks at the module body: a strategy that matches options
 * against the body models a reader, which is what the quiz is meant to reward.
 */

/** The word lists the rules look for (`ITEM_QUALITY.lexical` holds the shipped ones). */
export type LexicalWords = {
  /** Absolute or careless wording (「必ず」「すべて」「自分の判断」…): test-wise learners avoid it. */
  absolute: readonly string[];
  /** Hedged, procedural wording (「原則」「確認」「手順」…): test-wise learners prefer it. */
  hedge: readonly string[];
  /** Terms of the basic policy (「情報資産」「機密性」…): an option that sounds official. */
  policyTerms: readonly string[];
  /** A negated sentence (〜ない, 〜せず, 〜ません…). */
  negative: RegExp;
};

/** NFKC without whitespace, punctuation and symbols: what the bigram rules compare. */
export function normaliseForBigrams(text: string): string {
  return text.normalize("NFKC").replace(/[\s\p{P}\p{S}]/gu, "");
}

/** The multiset of character bigrams of already normalised text. */
export function bigramCounts(normal: string): Map<string, number> {
  const characters = [...normal];
  const counts = new Map<string, number>();
  for (let index = 0; index + 1 < characters.length; index += 1) {
    const pair = characters[index] + characters[index + 1];
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

function sharedBigrams(left: Map<string, number>, right: Map<string, number>): number {
  let shared = 0;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  return shared;
}

function bigramTotal(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

/** Dice coefficient of two bigram multisets, as an exact fraction (floats would break ties). */
function dice(left: Map<string, number>, right: Map<string, number>): Fraction {
  const total = bigramTotal(left) + bigramTotal(right);
  return total === 0 ? Fraction.ZERO : new Fraction(2 * sharedBigrams(left, right), total);
}

const contains = (text: string, words: readonly string[]) => words.some((word) => text.includes(word));
const count = (text: string, words: readonly string[]) => words.filter((word) => text.includes(word)).length;
const flag = (value: boolean) => new Fraction(value ? 1 : 0);

/** What a strategy does with one question type; a type it leaves out is answered by chance. */
type Rule = {
  /** The verdict on the statement: 「正しい」, 「誤り」, or null for a coin toss. */
  truefalse?: (statement: string, words: LexicalWords) => boolean | null;
  /** A score per option: the learner picks the highest (uniformly among ties). */
  single?: (question: Question, words: LexicalWords) => Fraction[];
  /** The options the learner ticks (none flagged: a random non-empty set). */
  multiple?: (question: Question, words: LexicalWords) => number[];
};

export type CoherentStrategy = Rule & { id: string; label: string };

const texts = (question: Question) => question.options.map((option) => option.text);
const indexesWhere = (values: readonly boolean[]) => values.flatMap((value, index) => (value ? [index] : []));

/** The options whose score is strictly above the question's mean score. */
function aboveMean(scores: readonly Fraction[]): number[] {
  const sum = scores.reduce((total, score) => total.add(score), Fraction.ZERO);
  const size = new Fraction(scores.length);
  return indexesWhere(scores.map((score) => score.mul(size).compare(sum) > 0));
}

function promptDice(question: Question): Fraction[] {
  const prompt = bigramCounts(normaliseForBigrams(question.prompt));
  return texts(question).map((text) => dice(bigramCounts(normaliseForBigrams(text)), prompt));
}

/** Each option's summed Dice similarity to the other options of the question. */
function convergence(question: Question): Fraction[] {
  const grams = texts(question).map((text) => bigramCounts(normaliseForBigrams(text)));
  return grams.map((own, index) => grams.reduce((sum, other, otherIndex) => (otherIndex === index ? sum : sum.add(dice(own, other))), Fraction.ZERO));
}

export const COHERENT_STRATEGIES: readonly CoherentStrategy[] = [
  {
    id: "avoid-absolute",
    label: "断定語（必ず・すべて…）を避ける",
    truefalse: (statement, words) => !contains(statement, words.absolute),
    single: (question, words) => texts(question).map((text) => flag(!contains(text, words.absolute))),
    multiple: (question, words) => indexesWhere(texts(question).map((text) => !contains(text, words.absolute))),
  },
  {
    id: "prefer-hedge",
    label: "留保語（原則・確認…）を選ぶ",
    truefalse: (statement, words) => contains(statement, words.hedge),
    single: (question, words) => texts(question).map((text) => flag(contains(text, words.hedge))),
    multiple: (question, words) => indexesWhere(texts(question).map((text) => contains(text, words.hedge))),
  },
  {
    id: "hedge-minus-absolute",
    label: "留保語を選び断定語を避ける",
    truefalse: (statement, words) => {
      const hedged = contains(statement, words.hedge);
      const absolute = contains(statement, words.absolute);
      return hedged === absolute ? null : hedged;
    },
    single: (question, words) => texts(question).map((text) => new Fraction((contains(text, words.hedge) ? 1 : 0) - (contains(text, words.absolute) ? 1 : 0))),
    multiple: (question, words) => indexesWhere(texts(question).map((text) => !contains(text, words.absolute))),
  },
  {
    id: "prompt-overlap",
    label: "問題文と重なる語が多い選択肢",
    single: (question) => {
      const prompt = bigramCounts(normaliseForBigrams(question.prompt));
      return texts(question).map((text) => new Fraction(sharedBigrams(bigramCounts(normaliseForBigrams(text)), prompt)));
    },
    multiple: (question) => aboveMean(promptDice(question)),
  },
  {
    id: "convergence",
    label: "他の選択肢と最も似た選択肢",
    single: convergence,
    multiple: (question) => aboveMean(convergence(question)),
  },
  {
    id: "middle-length",
    label: "長さが中間の選択肢",
    single: (question) => {
      const lengths = texts(question).map((text) => [...normaliseForBigrams(text)].length);
      const shortest = Math.min(...lengths);
      const longest = Math.max(...lengths);
      return lengths.map((length) => flag(length !== shortest && length !== longest));
    },
  },
  {
    id: "policy-term",
    label: "基本方針の用語が多い選択肢",
    truefalse: (statement, words) => contains(statement, words.policyTerms),
    single: (question, words) => texts(question).map((text) => new Fraction(count(text, words.policyTerms))),
    multiple: (question, words) => indexesWhere(texts(question).map((text) => contains(text, words.policyTerms))),
  },
  {
    id: "avoid-negative",
    label: "否定文を避ける",
    truefalse: (statement, words) => !words.negative.test(statement),
    single: (question, words) => texts(question).map((text) => flag(!words.negative.test(text))),
    multiple: (question, words) => indexesWhere(texts(question).map((text) => !words.negative.test(text))),
  },
  {
    id: "prefer-negative",
    label: "否定文を選ぶ",
    truefalse: (statement, words) => words.negative.test(statement),
    single: (question, words) => texts(question).map((text) => flag(words.negative.test(text))),
    multiple: (question, words) => indexesWhere(texts(question).map((text) => words.negative.test(text))),
  },
  {
    id: "prefer-absolute",
    label: "断定語を選ぶ",
    truefalse: (statement, words) => contains(statement, words.absolute),
    single: (question, words) => texts(question).map((text) => flag(contains(text, words.absolute))),
    multiple: (question, words) => indexesWhere(texts(question).map((text) => contains(text, words.absolute))),
  },
];

/** The chance of a learner who guesses uniformly: 1/2, 1/options, 1/(2^options − 1). */
export function chanceSuccess(question: Question): Fraction {
  const options = question.options.length;
  if (question.type === "truefalse") return new Fraction(1, 2);
  if (question.type === "single") return new Fraction(1, options);
  return new Fraction(1, 2 ** options - 1);
}

/**
 * Probability that `strategy` answers `question` right, graded all-or-nothing like
 * `isAnswerCorrect`: ties among the best-scored single options are split evenly (the options are
 * shuffled), a true/false statement the rule says nothing about is a coin toss.
 */
export function coherentSuccess(question: Question, strategy: CoherentStrategy, words: LexicalWords): Fraction {
  const key = correctOptionIndexes(question);
  if (question.type === "truefalse") {
    const verdict = strategy.truefalse?.(question.prompt, words) ?? null;
    if (verdict === null) return chanceSuccess(question);
    const keyedTrue = question.options[key[0]]?.text.trim() === "正しい";
    return flag(verdict === keyedTrue);
  }
  if (question.type === "single") {
    if (!strategy.single) return chanceSuccess(question);
    const scores = strategy.single(question, words);
    const best = scores.reduce((top, score) => (score.compare(top) > 0 ? score : top));
    const tied = indexesWhere(scores.map((score) => score.equals(best)));
    return tied.includes(key[0]) ? new Fraction(1, tied.length) : Fraction.ZERO;
  }
  if (!strategy.multiple) return chanceSuccess(question);
  const chosen = strategy.multiple(question, words);
  if (chosen.length === 0) return chanceSuccess(question);
  return flag(chosen.length === key.length && chosen.every((index) => key.includes(index)));
}
