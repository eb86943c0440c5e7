import { describe, expect, it } from "vitest";
import { Fraction } from "~/domain/content/fraction";
import { checkBank, coherentStrategies, ITEM_QUALITY, moduleStats, type QualityIssue } from "~/domain/content/item-quality";
import { COHERENT_STRATEGIES, coherentSuccess, type CoherentStrategy } from "~/domain/content/lexical-strategies";
import type { Question, Quiz } from "~/domain/content/schema";
import { goodModule, goodQuiz, moduleWith, multiple, single, trueFalse } from "./fixtures/item-quality/banks";

const strategy = (id: string): CoherentStrategy => {
  const found = COHERENT_STRATEGIES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no strategy ${id}`);
  return found;
};
const success = (question: Question, id: string) => coherentSuccess(question, strategy(id), ITEM_QUALITY.lexical).toString();
const coherentFindings = (issues: QualityIssue[]) => issues.filter((issue) => issue.where === "quiz" && issue.message.includes("すべての問題で")).map((issue) => issue.message);

/**
 * One single-choice question per strategy: `pick` is the option the strategy chooses (alone), the
 * other three are what it avoids. The prompts differ only by a counter, as 15 variants of a scenario.
 */
const TEMPLATES: Record<string, { prompt: string; pick: string; others: [string, string, string] }> = {
  "avoid-absolute": { prompt: "窓口で住民から苦情を受けました", pick: "担当の係に状況を伝える", others: ["必ず一人で対応する", "記録をすべて消す", "常に後回しにする"] },
  "prefer-hedge": { prompt: "新しい業務用ソフトを使い始めます", pick: "手順を確認してから使う", others: ["そのまま使い始める", "同僚に任せて使う", "様子を見ながら使う"] },
  "hedge-minus-absolute": { prompt: "共有フォルダの整理を頼まれました", pick: "原則に沿って整理する", others: ["必ず原則どおりに消す", "同僚の意見で整理する", "すべて一度に消す"] },
  "prompt-overlap": { prompt: "庁舎の入口で職員証を忘れた人に頼まれました", pick: "職員証を忘れた人は受付へ案内する", others: ["扉を開けて通す", "自分のカードで通す", "後ろについて入らせる"] },
  "convergence": { prompt: "退庁前の机の上の書類", pick: "書類を施錠して保管する", others: ["書類を施錠して捨てる", "書類を机で保管する", "鍵を同僚に渡す"] },
  "middle-length": { prompt: "会議資料の印刷物が残っています", pick: "回収して細断する", others: ["置く", "持ち帰って家で読んでから捨てる", "誰かが片付けるまでそのまま置く"] },
  "policy-term": { prompt: "庁外へ資料を持ち出します", pick: "情報資産の機密性を守って運ぶ", others: ["鞄に入れて運ぶ", "封筒に入れて運ぶ", "手で持って運ぶ"] },
  "avoid-negative": { prompt: "業務用の端末で警告が出ました", pick: "画面を写して係長に伝える", others: ["何もしない", "報告せずに再起動する", "記録を残さない"] },
  "prefer-negative": { prompt: "知らない差出人から添付付きのメールが来ました", pick: "添付を開かない", others: ["添付を開いて確かめる", "同僚に転送する", "差出人に返信する"] },
  "prefer-absolute": { prompt: "私物の記憶媒体を持ち込みたい同僚がいます", pick: "必ず許可を得るよう伝える", others: ["好きにさせる", "黙って見ている", "自分も持ち込む"] },
};

const NUMBERS = "一二三四五六七八九十壱弐参肆伍";

/** 15 variants of the strategy's template; `keyOf(index)` is 0 for the picked option, 1–3 for the others. */
function templateBank(id: string, keyOf: (index: number) => number): Quiz {
  const template = TEMPLATES[id];
  const options = [template.pick, ...template.others];
  return {
    draw: 5,
    passMark: 80,
    questions: Array.from({ length: 15 }, (_, index) => {
      const key = keyOf(index);
      return single(`${id}-${index}`, `${template.prompt}（その${NUMBERS[index]}）。どうすべきですか。`, options[key], options.filter((_, option) => option !== key));
    }),
  };
}

describe("each coherent lexical strategy", () => {
  it("has a template that it answers alone", () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual(COHERENT_STRATEGIES.map((candidate) => candidate.id).sort());
    for (const id of Object.keys(TEMPLATES)) {
      const question = templateBank(id, () => 0).questions[0];
      expect([id, success(question, id)]).toEqual([id, "1/1"]);
    }
  });

  for (const id of Object.keys(TEMPLATES)) {
    it(`${id}: fails a bank whose keys it always spots, passes one with the key rotated over the options`, () => {
      const spotted = checkBank(moduleWith(templateBank(id, () => 0)));
      const finding = coherentFindings(spotted).find((message) => message.includes(`（${id}）`));
      expect(finding).toMatch(new RegExp(`^本文を読まずにすべての問題で「${strategy(id).label.replace(/[()（）]/g, ".")}」（${id}）と答えると 1 回の受験で 100 % の確率で合格します（上限 5 %）。確実に正解する問題: ${id}-0, ${id}-1, `));

      // Every option text is the key in about a quarter of the questions: the cue says nothing.
      const rotated = templateBank(id, (index) => index % 4);
      expect(coherentFindings(checkBank(moduleWith(rotated)))).toEqual([]);
      const result = coherentStrategies(rotated).find((candidate) => candidate.strategy.id === id);
      expect(result?.probability.toNumber()).toBeLessThanOrEqual(ITEM_QUALITY.maxSurfacePassProbability);
    });
  }

  it("leave the good fixture bank under the threshold and report the worst in the module stats", () => {
    expect(coherentFindings(checkBank(goodModule()))).toEqual([]);
    const results = coherentStrategies(goodQuiz());
    expect(results.map((result) => result.strategy.id).sort()).toEqual(COHERENT_STRATEGIES.map((candidate) => candidate.id).sort());
    for (const result of results) expect(result.probability.compare(results[0].probability)).toBeLessThanOrEqual(0);
    expect(results[0].probability.toNumber()).toBeLessThanOrEqual(ITEM_QUALITY.maxSurfacePassProbability);
    expect(moduleStats(goodModule()).worstCoherent?.strategy.id).toBe(results[0].strategy.id);
  });
});

describe("one rule for every question type", () => {
  it("true/false: judges the statement by the rule's words, a coin toss where the rule says nothing", () => {
    const absoluteFalse = trueFalse("t1", "私物の端末は必ず業務用ネットワークにつないでよい。", false);
    expect(success(absoluteFalse, "avoid-absolute")).toBe("1/1");
    expect(success(absoluteFalse, "prefer-absolute")).toBe("0/1");
    // No hedge word: 「誤り」.
    expect(success(absoluteFalse, "prefer-hedge")).toBe("1/1");
    expect(success(trueFalse("t1b", "私物の端末は業務用ネットワークにつながない。", true), "prefer-hedge")).toBe("0/1");
    const hedgedTrue = trueFalse("t2", "持ち出しは原則として所属の許可を得て行う。", true);
    expect(success(hedgedTrue, "prefer-hedge")).toBe("1/1");
    expect(success(hedgedTrue, "hedge-minus-absolute")).toBe("1/1");
    expect(success(hedgedTrue, "policy-term")).toBe("0/1");
    // Hedge and absolute together: the combined rule cannot decide.
    expect(success(trueFalse("t3", "原則として必ず確認する。", true), "hedge-minus-absolute")).toBe("1/2");
    const negatedTrue = trueFalse("t4", "パスワードは他人に教えない。", true);
    expect(success(negatedTrue, "prefer-negative")).toBe("1/1");
    expect(success(negatedTrue, "avoid-negative")).toBe("0/1");
    expect(success(trueFalse("t5", "情報資産は機密性に応じて分類する。", true), "policy-term")).toBe("1/1");
    for (const id of ["prompt-overlap", "convergence", "middle-length"]) expect(success(negatedTrue, id)).toBe("1/2");
  });

  it("single: picks the best-scored option, splitting ties evenly", () => {
    const twoHedged = single("s1", "設定を変えます。", "手順を確認して変える", ["原則に沿って変える", "すぐに変える", "勝手に変える"]);
    expect(success(twoHedged, "prefer-hedge")).toBe("1/2");
    expect(success(twoHedged, "hedge-minus-absolute")).toBe("1/2");
    expect(success(twoHedged, "avoid-absolute")).toBe("1/2");
    expect(success(twoHedged, "prefer-absolute")).toBe("0/1");
    // No option has a policy term: every option scores 0, a uniform guess.
    expect(success(twoHedged, "policy-term")).toBe("1/4");
    // Two policy terms beat one.
    expect(success(single("s2", "資料を運びます。", "情報資産の機密性を守る", ["情報資産を運ぶ", "鞄で運ぶ", "手で運ぶ"]), "policy-term")).toBe("1/1");
    // Lengths 2, 8, 8, 15: the two middle options tie.
    expect(success(single("s3", "印刷物が残っています。", "回収して細断する", ["置く", "回収して捨てる人", "持ち帰って家で読んでから捨てる"]), "middle-length")).toBe("1/2");
  });

  it("multiple: ticks the flagged options, all-or-nothing; nothing flagged is a random non-empty set", () => {
    const noAbsolute = multiple("m1", "退庁前に行うことをすべて選んでください。", ["書類を施錠保管する", "端末の電源を切る"], ["書類をすべて机に置く", "必ず窓を開ける"]);
    expect(success(noAbsolute, "avoid-absolute")).toBe("1/1");
    expect(success(noAbsolute, "hedge-minus-absolute")).toBe("1/1");
    expect(success(noAbsolute, "prefer-absolute")).toBe("0/1");
    expect(success(noAbsolute, "prefer-hedge")).toBe("1/15");
    expect(success(noAbsolute, "middle-length")).toBe("1/15");
    const echoes = multiple("m2", "ウイルス感染が疑われる端末の初動をすべて選んでください。", ["感染が疑われる端末をネットワークから外す", "ウイルス感染の疑いを係長に伝える"], ["再起動を繰り返す", "同僚に任せる"]);
    expect(success(echoes, "prompt-overlap")).toBe("1/1");
    const similar = multiple("m3", "次のうち正しい扱いをすべて選んでください。", ["書類を施錠して保管する", "書類を施錠して持ち出す"], ["鍵を渡す", "窓を開ける"]);
    expect(success(similar, "convergence")).toBe("1/1");
    expect(success(multiple("m4", "すべて選んでください。", ["開かない", "転送しない"], ["開く", "消す"]), "prefer-negative")).toBe("1/1");
  });

  it("fail a bank whose true/false and multiple keys follow the rule too", () => {
    const questions: Question[] = [
      ...Array.from({ length: 6 }, (_, index) => trueFalse(`tf-${index}`, `持ち出しの手続その${NUMBERS[index]}は${index % 2 === 0 ? "必ず省略してよい" : "所属で決めたとおりに行う"}。`, index % 2 === 1)),
      ...Array.from({ length: 9 }, (_, index) => multiple(`m-${index}`, `場面${NUMBERS[index]}で行うことをすべて選んでください。`, ["係長に伝える", "記録を残す"], ["すべて消す", "一切触れない"])),
    ];
    const findings = coherentFindings(checkBank(moduleWith({ draw: 5, passMark: 80, questions })));
    expect(findings.some((message) => message.startsWith("本文を読まずにすべての問題で「断定語（必ず・すべて…）を避ける」（avoid-absolute）と答えると 1 回の受験で 100 % の確率で合格します"))).toBe(true);
    expect(coherentStrategies({ draw: 5, passMark: 80, questions })[0].probability.equals(Fraction.ONE)).toBe(true);
  });
});
