import { correctOptionIndexes } from "../quiz/quiz";
import { binomial, Fraction } from "./fraction";
import { strayJapaneseSpaces, visibleLength } from "./japanese";
import { bigramCounts, COHERENT_STRATEGIES, coherentSuccess, type CoherentStrategy } from "./lexical-strategies";
import { POLICY_CITATION, type Question, type Quiz } from "./schema";
import { coverageProblems, tracksOf, type TrackRequirement, TRACK_REQUIREMENTS } from "./tracks";

/**
 * Every threshold of the item-quality rules, in one place (content/README.md documents them).
 * The rules exist because a quiz whose keys can be spotted without reading (the longest option,
 * the one that says 「報告」, always 「誤り」) proves nothing about learning.
 */
export const ITEM_QUALITY = {
  /** Questions per module bank. With draw 5 and pass mark 80 %, 15 leaves room for 6 "spottable" keys. */
  minBankSize: 15,
  /** Share of true/false questions keyed 「正しい」. */
  trueFalseTrueShare: { min: 0.4, max: 0.6 },
  /** True/false questions must stay a minority: fewer than this share of the bank. */
  trueFalseMaxBankShare: 0.5,
  /** The key may be the (equal-)longest option in at most this share of the single questions. */
  keyLongestMaxRate: 1 / 3,
  /** Single: key length ≤ this × mean distractor length. Multiple: mean correct ≤ this × mean wrong. */
  keyLengthMaxRatio: 1.2,
  /** Words that sound like "the safe answer" in this domain. */
  cueWords: ["報告", "所属の情報セキュリティ管理者", "定められた手続", "相談", "指示に従"],
  /** Share of keys with a cue word ≤ this × share of distractors with one. */
  cueKeyToDistractorMaxRatio: 1.5,
  /**
   * Near-duplicate prompts: Dice coefficient of the character bigrams of two prompts, compared
   * after NFKC, without whitespace, punctuation and the stock phrases below (which every
   * question of a kind shares and which would otherwise dominate short prompts). Measured on the
   * 133 questions shipped before issue 12: the true duplicates scored 1.00, 0.88 and 0.75 (the
   * same scenario reworded); the most similar distinct questions 0.62 and below. 0.7 sits in
   * that gap.
   */
  nearDuplicateSimilarity: 0.7,
  stockPhrases: [
    "次のうち", "として挙げているもの", "が挙げているもの", "をすべて選んでください", "すべて選んでください",
    "として適切なもの", "として正しいもの", "正しいものはどれですか", "はどれですか", "どうすべきですか", "どれですか",
    "この考えは正しい",
  ],
  /**
   * Highest allowed probability of passing one attempt without reading, with the best surface
   * strategy and with each coherent lexical strategy (`lexical-strategies.ts`).
   */
  maxSurfacePassProbability: 0.05,
  /**
   * The words of the coherent lexical strategies (issue 12 red team): a test-wise learner avoids
   * absolute wording, prefers hedged or official-sounding wording, avoids (or prefers) negation.
   */
  lexical: {
    absolute: [
      "必ず", "絶対", "すべて", "全て", "常に", "一切", "だけ", "のみ", "すぐに", "直ちに", "自分で", "勝手に", "とりあえず", "念のため", "独断",
      "自分の判断", "誰でも", "いつでも", "決して", "全部", "毎回", "完全に", "不要", "問題ない", "構わない", "省略", "後回し", "どんな", "限り", "しか",
    ],
    hedge: ["原則", "必要に応じて", "確認", "確かめ", "場合", "など", "等", "定め", "手順", "適切", "規定"],
    policyTerms: [
      "基本方針", "情報資産", "所属の情報セキュリティ管理者", "情報セキュリティポリシー", "実施手順", "対策基準", "機密性", "完全性", "可用性", "職員等",
      "緊急時対応計画", "セキュリティ侵害",
    ],
    negative: /ない|しない|せず|ません|なく|ず[、。]|ず$|ずに/u,
  },
} as const;

export type QualityThresholds = typeof ITEM_QUALITY;

/** What the checks need of a module: the loader's TrainingModule has all of it. */
export type QualityModule = {
  file: string;
  id: string;
  kind: "training" | "acknowledgement";
  title: string;
  summary: string;
  policySections: string[];
  audience: { categories: string[]; roleTiers: string[] };
  quiz?: Quiz;
  /** The rendered body as the reader sees it (no markup). */
  text: string;
};

/** `where` is the question id (or the field, for module-wide findings). */
export type QualityIssue = { file: string; where: string; message: string };

export function formatIssue(issue: QualityIssue): string {
  return `${issue.file}: ${issue.where}: ${issue.message}`;
}

// ---------------------------------------------------------------------------------------------
// Surface strategies and the exact probability of passing without reading

export const TRUE_FALSE_STRATEGIES = ["always-false", "always-true", "random"] as const;
export const SINGLE_STRATEGIES = ["longest", "shortest", "cue", "random"] as const;
export const MULTIPLE_STRATEGIES = ["longest-set", "cue-set", "all", "random-set"] as const;

export type Strategy = {
  truefalse: (typeof TRUE_FALSE_STRATEGIES)[number];
  single: (typeof SINGLE_STRATEGIES)[number];
  multiple: (typeof MULTIPLE_STRATEGIES)[number];
};

const STRATEGY_LABELS: Record<string, string> = {
  "always-false": "常に「誤り」",
  "always-true": "常に「正しい」",
  random: "無作為",
  longest: "最も長い選択肢",
  shortest: "最も短い選択肢",
  cue: "手掛かり語のある選択肢",
  "longest-set": "平均より長い選択肢",
  "cue-set": "手掛かり語のある選択肢",
  all: "すべて選ぶ",
  "random-set": "無作為",
};

/** 「○×: 常に「誤り」、単一: 最も長い選択肢」: only the types the bank has. */
export function describeStrategy(strategy: Strategy, quiz: Quiz): string {
  const types = new Set(quiz.questions.map((question) => question.type));
  const parts: string[] = [];
  if (types.has("truefalse")) parts.push(`○×: ${STRATEGY_LABELS[strategy.truefalse]}`);
  if (types.has("single")) parts.push(`単一: ${STRATEGY_LABELS[strategy.single]}`);
  if (types.has("multiple")) parts.push(`複数: ${STRATEGY_LABELS[strategy.multiple]}`);
  return parts.join("、");
}

function optionLengths(question: Question): number[] {
  return question.options.map((option) => visibleLength(option.text));
}

export function hasCueWord(text: string, cueWords: readonly string[] = ITEM_QUALITY.cueWords): boolean {
  return cueWords.some((word) => text.includes(word));
}

/** The true/false key: 「正しい」 when the correct option is the one written 「正しい」. */
export function isKeyedTrue(question: Question): boolean {
  // Option wording other than 「正しい」「誤り」 is flagged by checkBank; here only the key matters.
  return question.options.find((option) => option.correct)?.text.trim() === "正しい";
}

/** Probability that choosing uniformly among `picked` hits the single key. */
function pickAmong(picked: number[], key: number): Fraction {
  return picked.includes(key) ? new Fraction(1, picked.length) : Fraction.ZERO;
}

function sameSet(left: readonly number[], right: readonly number[]): boolean {
  return left.length === right.length && left.every((index) => right.includes(index));
}

/**
 * Probability that a learner who reads nothing answers `question` right with `strategy`, graded
 * all-or-nothing like `isAnswerCorrect`. Ties are split uniformly (the options are shuffled).
 */
export function surfaceSuccess(question: Question, strategy: Strategy, cueWords: readonly string[] = ITEM_QUALITY.cueWords): Fraction {
  const count = question.options.length;
  const all = question.options.map((_, index) => index);
  const key = correctOptionIndexes(question);
  if (question.type === "truefalse") {
    if (strategy.truefalse === "random") return new Fraction(1, 2);
    return (strategy.truefalse === "always-true") === isKeyedTrue(question) ? Fraction.ONE : Fraction.ZERO;
  }
  const lengths = optionLengths(question);
  const cued = all.filter((index) => hasCueWord(question.options[index].text, cueWords));
  if (question.type === "single") {
    switch (strategy.single) {
      case "random":
        return new Fraction(1, count);
      case "longest": {
        const longest = Math.max(...lengths);
        return pickAmong(all.filter((index) => lengths[index] === longest), key[0]);
      }
      case "shortest": {
        const shortest = Math.min(...lengths);
        return pickAmong(all.filter((index) => lengths[index] === shortest), key[0]);
      }
      case "cue":
        // With no cue word among the options the learner can only guess.
        return cued.length === 0 ? new Fraction(1, count) : pickAmong(cued, key[0]);
    }
  }
  const randomSet = new Fraction(1, 2 ** count - 1);
  switch (strategy.multiple) {
    case "random-set":
      return randomSet;
    case "all":
      return sameSet(all, key) ? Fraction.ONE : Fraction.ZERO;
    case "cue-set":
      return cued.length === 0 ? randomSet : sameSet(cued, key) ? Fraction.ONE : Fraction.ZERO;
    case "longest-set": {
      const mean = lengths.reduce((sum, length) => sum + length, 0) / count;
      const longer = all.filter((index) => lengths[index] > mean);
      return sameSet(longer.length > 0 ? longer : all, key) ? Fraction.ONE : Fraction.ZERO;
    }
  }
}

/** Fewest right answers out of `draw` that pass, with the rounding of `scoreAttempt`. */
export function requiredCorrect(draw: number, passMark: number): number {
  for (let correct = 0; correct <= draw; correct += 1) {
    if (Math.round((correct / draw) * 1000) / 10 >= passMark) return correct;
  }
  return draw + 1;
}

/**
 * Exact probability of passing one attempt: the draw is a uniformly random `draw`-subset of the
 * bank, and given the subset the number right is Poisson-binomial in the per-question success
 * probabilities. `ways[j][c]` sums, over every j-subset of the questions seen so far, the
 * probability of exactly c right; the answer is Σ_{c ≥ need} ways[draw][c] / C(N, draw). This
 * equals enumerating all C(N, draw) draws (the tests check both).
 */
export function passProbability(successes: readonly Fraction[], draw: number, need: number): Fraction {
  const ways: Fraction[][] = Array.from({ length: draw + 1 }, () => Array.from({ length: draw + 1 }, () => Fraction.ZERO));
  ways[0][0] = Fraction.ONE;
  for (const success of successes) {
    const failure = Fraction.ONE.sub(success);
    for (let size = Math.min(draw, successes.length) - 1; size >= 0; size -= 1) {
      for (let right = size; right >= 0; right -= 1) {
        const current = ways[size][right];
        if (current.num === 0n) continue;
        ways[size + 1][right + 1] = ways[size + 1][right + 1].add(current.mul(success));
        ways[size + 1][right] = ways[size + 1][right].add(current.mul(failure));
      }
    }
  }
  let total = Fraction.ZERO;
  for (let right = Math.max(0, need); right <= draw; right += 1) total = total.add(ways[draw][right]);
  return total.div(new Fraction(binomial(successes.length, draw)));
}

export type SurfaceResult = { strategy: Strategy; probability: Fraction; label: string };

/** Every combination of one strategy per question type; the best first. */
export function surfaceStrategies(quiz: Quiz, cueWords: readonly string[] = ITEM_QUALITY.cueWords): SurfaceResult[] {
  const need = requiredCorrect(quiz.draw, quiz.passMark);
  const results: SurfaceResult[] = [];
  for (const truefalse of TRUE_FALSE_STRATEGIES) {
    for (const single of SINGLE_STRATEGIES) {
      for (const multiple of MULTIPLE_STRATEGIES) {
        const strategy = { truefalse, single, multiple };
        const successes = quiz.questions.map((question) => surfaceSuccess(question, strategy, cueWords));
        results.push({ strategy, probability: passProbability(successes, quiz.draw, need), label: describeStrategy(strategy, quiz) });
      }
    }
  }
  // Stable: among equal probabilities the first (simplest) combination is reported.
  return results.sort((a, b) => b.probability.compare(a.probability));
}

export type CoherentResult = {
  strategy: CoherentStrategy;
  probability: Fraction;
  /** Questions the strategy answers right for certain: where an author should look first. */
  certain: string[];
};

/** Every coherent lexical strategy (one rule for all question types); the worst for the bank first. */
export function coherentStrategies(quiz: Quiz, limits: QualityThresholds = ITEM_QUALITY): CoherentResult[] {
  const need = requiredCorrect(quiz.draw, quiz.passMark);
  const results = COHERENT_STRATEGIES.map((strategy) => {
    const successes = quiz.questions.map((question) => coherentSuccess(question, strategy, limits.lexical));
    return {
      strategy,
      probability: passProbability(successes, quiz.draw, need),
      certain: quiz.questions.filter((_, index) => successes[index].equals(Fraction.ONE)).map((question) => question.id),
    };
  });
  return results.sort((a, b) => b.probability.compare(a.probability));
}

// ---------------------------------------------------------------------------------------------
// Per-module statistics (the CLI table) and rules

export type ModuleStats = {
  file: string;
  id: string;
  bankSize: number;
  trueFalseCount: number;
  trueFalseTrueShare: number | null;
  singleCount: number;
  keyLongestRate: number | null;
  worstLengthRatio: number | null;
  best: SurfaceResult | null;
  worstCoherent: CoherentResult | null;
};

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Key length over mean distractor length (single), or mean correct over mean wrong (multiple). */
export function lengthRatio(question: Question): number | null {
  if (question.type === "truefalse") return null;
  const lengths = optionLengths(question);
  const right = lengths.filter((_, index) => question.options[index].correct);
  const wrong = lengths.filter((_, index) => !question.options[index].correct);
  if (wrong.length === 0 || mean(wrong) === 0) return null;
  return mean(right) / mean(wrong);
}

/** The key is the longest option or tied for it. */
export function keyIsLongest(question: Question): boolean {
  const lengths = optionLengths(question);
  const key = correctOptionIndexes(question)[0];
  return lengths[key] >= Math.max(...lengths);
}

export function moduleStats(module: QualityModule): ModuleStats {
  const questions = module.quiz?.questions ?? [];
  const trueFalse = questions.filter((question) => question.type === "truefalse");
  const single = questions.filter((question) => question.type === "single");
  const ratios = questions.map(lengthRatio).filter((ratio): ratio is number => ratio !== null);
  return {
    file: module.file,
    id: module.id,
    bankSize: questions.length,
    trueFalseCount: trueFalse.length,
    trueFalseTrueShare: trueFalse.length === 0 ? null : trueFalse.filter(isKeyedTrue).length / trueFalse.length,
    singleCount: single.length,
    keyLongestRate: single.length === 0 ? null : single.filter(keyIsLongest).length / single.length,
    worstLengthRatio: ratios.length === 0 ? null : Math.max(...ratios),
    best: module.quiz ? surfaceStrategies(module.quiz)[0] : null,
    worstCoherent: module.quiz ? coherentStrategies(module.quiz)[0] : null,
  };
}

const percent = (value: number) => `${Math.round(value * 1000) / 10} %`;

export function checkBank(module: QualityModule, limits: QualityThresholds = ITEM_QUALITY): QualityIssue[] {
  const quiz = module.quiz;
  if (!quiz) return [];
  const issues: QualityIssue[] = [];
  const issue = (where: string, message: string) => issues.push({ file: module.file, where, message });
  const questions = quiz.questions;

  if (questions.length < limits.minBankSize) {
    issue("quiz.questions", `問題が ${questions.length} 問です。${limits.minBankSize} 問以上にしてください`);
  }

  const trueFalse = questions.filter((question) => question.type === "truefalse");
  if (trueFalse.length > 0) {
    const keyedTrue = trueFalse.filter(isKeyedTrue);
    const share = keyedTrue.length / trueFalse.length;
    if (share < limits.trueFalseTrueShare.min || share > limits.trueFalseTrueShare.max) {
      issue(
        "quiz.questions",
        `○×問題 ${trueFalse.length} 問のうち「正しい」が正解の問題が ${keyedTrue.length} 問（${percent(share)}）です。` +
          `${percent(limits.trueFalseTrueShare.min)}〜${percent(limits.trueFalseTrueShare.max)} にしてください（正しい: ${keyedTrue.map((question) => question.id).join(", ") || "なし"}）`,
      );
    }
    if (trueFalse.length >= questions.length * limits.trueFalseMaxBankShare) {
      issue("quiz.questions", `○×問題が ${trueFalse.length} 問で、問題数 ${questions.length} の半分以上です。少数にしてください`);
    }
  }

  const single = questions.filter((question) => question.type === "single");
  const longestKeys = single.filter(keyIsLongest);
  if (single.length > 0 && longestKeys.length > single.length * limits.keyLongestMaxRate) {
    issue(
      "quiz.questions",
      `単一選択 ${single.length} 問のうち ${longestKeys.length} 問で正解が最も長い選択肢です（上限 ${Math.floor(single.length * limits.keyLongestMaxRate)} 問）: ${longestKeys.map((question) => question.id).join(", ")}`,
    );
  }

  for (const question of questions) {
    const ratio = lengthRatio(question);
    if (ratio !== null && ratio > limits.keyLengthMaxRatio) {
      const what = question.type === "single" ? "正解の長さが誤答の平均の" : "正解の選択肢の平均の長さが誤答の平均の";
      issue(question.id, `${what} ${ratio.toFixed(2)} 倍です（上限 ${limits.keyLengthMaxRatio} 倍）`);
    }
    if (question.type === "truefalse") {
      const texts = question.options.map((option) => option.text.trim());
      if (texts[0] !== "正しい" || texts[1] !== "誤り") issue(question.id, "○×問題の選択肢は「正しい」「誤り」の順に書いてください");
    }
    for (const [index, option] of question.options.entries()) {
      const prefixes = question.type === "multiple" ? (["選ぶべき選択肢です。", "選ぶべきではありません。"] as const) : (["正解です。", "誤りです。"] as const);
      const expected = option.correct ? prefixes[0] : prefixes[1];
      if (!option.explanation.trim().startsWith(expected)) issue(question.id, `選択肢 ${index + 1} の解説は「${expected}」で始めてください`);
    }
    checkWording(question, issue);
  }

  checkCueWords(module, issue, limits);

  const best = surfaceStrategies(quiz, limits.cueWords)[0];
  if (best.probability.toNumber() > limits.maxSurfacePassProbability) {
    issue(
      "quiz",
      `本文を読まずに「${best.label}」で答えると 1 回の受験で ${percent(best.probability.toNumber())} の確率で合格します（上限 ${percent(limits.maxSurfacePassProbability)}）`,
    );
  }
  for (const result of coherentStrategies(quiz, limits)) {
    if (result.probability.toNumber() <= limits.maxSurfacePassProbability) break;
    issue(
      "quiz",
      `本文を読まずにすべての問題で「${result.strategy.label}」（${result.strategy.id}）と答えると 1 回の受験で ${percent(result.probability.toNumber())} の確率で合格します（上限 ${percent(limits.maxSurfacePassProbability)}）` +
        (result.certain.length > 0 ? `。確実に正解する問題: ${result.certain.join(", ")}` : ""),
    );
  }
  return issues;
}

const DOUBLE_NEGATIVES = [
  /ない(わけ|訳)では(ない|ありません|なく)/u,
  /ない(とは|とも)(言え|いえ)(ない|ません)/u,
  /ない(とは|とも)限ら(ない|ません)/u,
  /ないこと(は|も)(ない|ありません)/u,
  // Verbs only: 「危なくはない」 is a single negative of an adjective.
  /(し|でき|やら|守ら|書か|言わ)なく(は|も)(ない|ありません)/u,
  /ない(わけ|訳)に(は)?(いかない|いきません)/u,
  /ない(わけ|訳)が(ない|ありません)/u,
  /ないものでは(ない|ありません)/u,
];

/** An option that grades itself: 「誤りで、…」「正しい。…」. */
const SELF_VERDICT = /(^|[。．！？]\s*)(正しい|正解|不正解|誤り|間違い)(です|でした|である)?([。、，．！：:]|で[、，,]|$)/u;

/** An option that points at other options: 「上記すべて」「以上のいずれも」. */
const REFERS_TO_OPTIONS = /上記|以上の(すべて|全て|いずれ)|以上すべて|(他|ほか)の選択肢|選択肢[ア-エA-DＡ-Ｄ1-9１-９]|(いずれ|どれ|すべて|全て)も?(正しい|正しくない|誤り)/u;

function checkWording(question: Question, issue: (where: string, message: string) => void): void {
  for (const [where, text] of [["問題文", question.prompt] as const, ...question.options.map((option, index) => [`選択肢 ${index + 1} `, option.text] as const)]) {
    if (DOUBLE_NEGATIVES.some((pattern) => pattern.test(text))) issue(question.id, `${where}が二重否定です。肯定文で書いてください`);
  }
  if (question.type === "truefalse") return;
  for (const [index, option] of question.options.entries()) {
    if (SELF_VERDICT.test(option.text.trim())) issue(question.id, `選択肢 ${index + 1} が自分の正誤（「正しい」「誤り」など）を書いています`);
    if (REFERS_TO_OPTIONS.test(option.text)) issue(question.id, `選択肢 ${index + 1} が他の選択肢を指しています（「上記すべて」など）`);
  }
}

function checkCueWords(module: QualityModule, issue: (where: string, message: string) => void, limits: QualityThresholds): void {
  const questions = (module.quiz?.questions ?? []).filter((question) => question.type !== "truefalse");
  const keys = questions.flatMap((question) => question.options.filter((option) => option.correct));
  const distractors = questions.flatMap((question) => question.options.filter((option) => !option.correct));
  if (keys.length === 0) return;
  const keyShare = keys.filter((option) => hasCueWord(option.text, limits.cueWords)).length / keys.length;
  const distractorShare = distractors.length === 0 ? 0 : distractors.filter((option) => hasCueWord(option.text, limits.cueWords)).length / distractors.length;
  if (keyShare > 0 && keyShare > distractorShare * limits.cueKeyToDistractorMaxRatio) {
    const giveaways = questions
      .filter((question) => question.options.some((option) => option.correct && hasCueWord(option.text, limits.cueWords)))
      .filter((question) => !question.options.some((option) => !option.correct && hasCueWord(option.text, limits.cueWords)))
      .map((question) => question.id);
    issue(
      "quiz.questions",
      `手掛かり語（${limits.cueWords.join("・")}）を含む正解が ${percent(keyShare)}、誤答が ${percent(distractorShare)} です。` +
        `正解の割合は誤答の ${limits.cueKeyToDistractorMaxRatio} 倍以下にしてください` +
        (giveaways.length > 0 ? `（誤答に手掛かり語がない問題: ${giveaways.join(", ")}）` : ""),
    );
  }
  for (const type of ["single", "multiple"] as const) {
    const ofType = questions.filter((question) => question.type === type);
    if (ofType.length === 0) continue;
    const base: Strategy = { truefalse: "random", single: "random", multiple: "random-set" };
    const cue: Strategy = { truefalse: "random", single: "cue", multiple: "cue-set" };
    const expected = (strategy: Strategy) => ofType.reduce((sum, question) => sum.add(surfaceSuccess(question, strategy, limits.cueWords)), Fraction.ZERO);
    const withCue = expected(cue);
    const chance = expected(base);
    if (withCue.compare(chance) > 0) {
      const label = type === "single" ? "単一選択" : "複数選択";
      issue(
        "quiz.questions",
        `${label}で手掛かり語のある選択肢を選ぶと平均 ${withCue.toNumber().toFixed(2)} 問正解し、当て推量（${chance.toNumber().toFixed(2)} 問）より有利です`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Duplicate prompts within a track

function normalisePrompt(text: string, stockPhrases: readonly string[]): string {
  let normal = text.normalize("NFKC").replace(/[\s\p{P}\p{S}]/gu, "");
  for (const phrase of stockPhrases) normal = normal.replaceAll(phrase, "");
  return normal;
}

/** Dice coefficient of the character-bigram multisets of two normalised prompts (1 = identical). */
export function promptSimilarity(left: string, right: string, stockPhrases: readonly string[] = ITEM_QUALITY.stockPhrases): number {
  return cachedSimilarity(left, right, stockPhrases, new Map());
}

export function checkDuplicatePrompts(modules: readonly QualityModule[], categories: readonly string[], tiers: readonly string[], limits: QualityThresholds = ITEM_QUALITY): QualityIssue[] {
  const issues: QualityIssue[] = [];
  // Tracks overlap (職員・一般 and 職員・管理職 share ten modules): compare each pair once.
  const compared = new Set<string>();
  const cache = new Map<string, Map<string, number>>();
  for (const track of tracksOf(modules, categories, tiers)) {
    const items = track.modules.flatMap((module) => (module.quiz?.questions ?? []).map((question) => ({ module, question, key: `${module.id}/${question.id}` })));
    for (let i = 0; i < items.length; i += 1) {
      for (let j = i + 1; j < items.length; j += 1) {
        const pairKey = `${items[i].key}|${items[j].key}`;
        if (compared.has(pairKey)) continue;
        compared.add(pairKey);
        const similarity = cachedSimilarity(items[i].question.prompt, items[j].question.prompt, limits.stockPhrases, cache);
        if (similarity >= limits.nearDuplicateSimilarity) {
          issues.push({
            file: items[j].module.file,
            where: items[j].question.id,
            message: `問題文が ${items[i].key} とほぼ同じです（類似度 ${similarity.toFixed(2)}、${track.category}・${track.tier}の受講者が両方を受けます）`,
          });
        }
      }
    }
  }
  return issues;
}

function cachedSimilarity(left: string, right: string, stockPhrases: readonly string[], cache: Map<string, Map<string, number>>): number {
  const normalLeft = normalisePrompt(left, stockPhrases);
  const normalRight = normalisePrompt(right, stockPhrases);
  if (normalLeft === normalRight) return 1;
  const a = cache.get(left) ?? bigramCounts(normalLeft);
  const b = cache.get(right) ?? bigramCounts(normalRight);
  cache.set(left, a);
  cache.set(right, b);
  let shared = 0;
  let total = 0;
  for (const [pair, count] of a) {
    shared += Math.min(count, b.get(pair) ?? 0);
    total += count;
  }
  for (const count of b.values()) total += count;
  return total === 0 ? 0 : (2 * shared) / total;
}

// ---------------------------------------------------------------------------------------------
// Text-level rules: stray half-width spaces, citations of sections that exist

export function checkJapaneseSpacing(module: QualityModule): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const look = (where: string, text: string) => {
    for (const excerpt of strayJapaneseSpaces(text)) issues.push({ file: module.file, where, message: `日本語の文字の間に半角スペースがあります:「${excerpt}」` });
  };
  look("title", module.title);
  look("summary", module.summary);
  look("本文", module.text);
  for (const question of module.quiz?.questions ?? []) {
    look(question.id, question.prompt);
    for (const option of question.options) {
      look(question.id, option.text);
      look(question.id, option.explanation);
    }
  }
  return issues;
}

/** Sections cited in an explanation: 「基本方針 6(3)」 → "6(3)". */
export function citedSections(text: string): string[] {
  return [...text.matchAll(new RegExp(POLICY_CITATION.source, "g"))].map((match) => match[0].replace(/^基本方針\s?/, ""));
}

export function checkCitations(module: QualityModule, existing: ReadonlySet<string>): QualityIssue[] {
  const issues: QualityIssue[] = [];
  for (const section of module.policySections) {
    if (!existing.has(section)) issues.push({ file: module.file, where: "policySections", message: `基本方針に ${section} はありません` });
  }
  for (const question of module.quiz?.questions ?? []) {
    for (const [index, option] of question.options.entries()) {
      for (const section of citedSections(option.explanation)) {
        if (!existing.has(section)) issues.push({ file: module.file, where: question.id, message: `選択肢 ${index + 1} の解説が基本方針にない ${section} を挙げています` });
      }
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Everything at once (the content check)

export type ContentQualityReport = { stats: ModuleStats[]; issues: QualityIssue[] };

export function checkContentQuality(
  modules: readonly QualityModule[],
  options: { categories: readonly string[]; tiers: readonly string[]; policySections?: ReadonlySet<string>; requirements?: readonly TrackRequirement[] },
  limits: QualityThresholds = ITEM_QUALITY,
): ContentQualityReport {
  const issues: QualityIssue[] = [];
  for (const module of modules) {
    issues.push(...checkBank(module, limits));
    issues.push(...checkJapaneseSpacing(module));
    if (options.policySections) issues.push(...checkCitations(module, options.policySections));
  }
  issues.push(...checkDuplicatePrompts(modules, options.categories, options.tiers, limits));
  issues.push(...coverageProblems(modules, options.requirements ?? TRACK_REQUIREMENTS));
  return { stats: modules.filter((module) => module.quiz).map(moduleStats), issues };
}
