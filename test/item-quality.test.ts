import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { binomial, Fraction } from "~/domain/content/fraction";
import {
  checkBank,
  checkCitations,
  checkContentQuality,
  checkDuplicatePrompts,
  checkJapaneseSpacing,
  ITEM_QUALITY,
  moduleStats,
  passProbability,
  promptSimilarity,
  requiredCorrect,
  surfaceStrategies,
  surfaceSuccess,
  type QualityIssue,
} from "~/domain/content/item-quality";
import { htmlToText } from "~/domain/content/japanese";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { coverageProblems } from "~/domain/content/tracks";
import { goodModule, goodQuiz, moduleWith, multiple, single, trueFalse, withQuestion } from "./fixtures/item-quality/banks";

const messages = (issues: QualityIssue[]) => issues.map((issue) => `${issue.where}: ${issue.message}`);

describe("the exact probability of passing without reading", () => {
  const deterministic = (right: number, bank = 15) => Array.from({ length: bank }, (_, index) => (index < right ? Fraction.ONE : Fraction.ZERO));

  it("is Σ C(k,j)C(N−k,5−j)/C(N,5) over j ≥ 4 for a strategy that knows k of N keys", () => {
    // k = 6 of 15: (C(6,4)·C(9,1) + C(6,5)) / C(15,5) = (15·9 + 6) / 3003.
    expect(passProbability(deterministic(6), 5, 4).equals(new Fraction(141, 3003))).toBe(true);
    expect(passProbability(deterministic(6), 5, 4).toString()).toBe("47/1001");
    expect(passProbability(deterministic(6), 5, 4).toNumber()).toBeLessThanOrEqual(ITEM_QUALITY.maxSurfacePassProbability);
    // k = 7: (35·8 + 21) / 3003 ≈ 10 %: too many spottable keys.
    expect(passProbability(deterministic(7), 5, 4).equals(new Fraction(301, 3003))).toBe(true);
    expect(passProbability(deterministic(7), 5, 4).toNumber()).toBeGreaterThan(ITEM_QUALITY.maxSurfacePassProbability);
    expect(passProbability(deterministic(15), 5, 4).toString()).toBe("1/1");
    expect(passProbability(deterministic(3), 5, 4).toString()).toBe("0/1");
  });

  it("equals enumerating every draw and every outcome, with fractional per-question chances", () => {
    const successes = [new Fraction(1, 2), new Fraction(1, 4), Fraction.ONE, new Fraction(1, 3), Fraction.ZERO, new Fraction(2, 3), new Fraction(1, 15), new Fraction(1, 2)];
    const draw = 3;
    const need = 2;
    let total = Fraction.ZERO;
    let draws = 0;
    const choose = (start: number, picked: number[]) => {
      if (picked.length === draw) {
        draws += 1;
        for (let outcome = 0; outcome < 2 ** draw; outcome += 1) {
          let probability = Fraction.ONE;
          let right = 0;
          picked.forEach((question, bit) => {
            const correct = (outcome >> bit) & 1;
            right += correct;
            probability = probability.mul(correct ? successes[question] : Fraction.ONE.sub(successes[question]));
          });
          if (right >= need) total = total.add(probability);
        }
        return;
      }
      for (let index = start; index < successes.length; index += 1) choose(index + 1, [...picked, index]);
    };
    choose(0, []);
    expect(BigInt(draws)).toBe(binomial(8, 3));
    expect(passProbability(successes, draw, need).equals(total.div(new Fraction(draws)))).toBe(true);
  });

  it("uses the pass mark with the rounding of scoreAttempt", () => {
    expect(requiredCorrect(5, 80)).toBe(4);
    expect(requiredCorrect(10, 75)).toBe(8);
    expect(requiredCorrect(3, 67)).toBe(3);
    expect(requiredCorrect(3, 66)).toBe(2);
  });

  it("splits ties uniformly and grades multiple choice all-or-nothing", () => {
    const tied = single("tie", "長さが同じ選択肢が二つある問題です。", "ああああ", ["いいいい", "う", "え"]);
    expect(surfaceSuccess(tied, { truefalse: "random", single: "longest", multiple: "all" }).toString()).toBe("1/2");
    expect(surfaceSuccess(tied, { truefalse: "random", single: "shortest", multiple: "all" }).toString()).toBe("0/1");
    expect(surfaceSuccess(tied, { truefalse: "random", single: "random", multiple: "all" }).toString()).toBe("1/4");
    const choose = multiple("m", "すべて選んでください。", ["ああ", "いい"], ["う", "え"]);
    expect(surfaceSuccess(choose, { truefalse: "random", single: "random", multiple: "all" }).toString()).toBe("0/1");
    expect(surfaceSuccess(choose, { truefalse: "random", single: "random", multiple: "longest-set" }).toString()).toBe("1/1");
    expect(surfaceSuccess(choose, { truefalse: "random", single: "random", multiple: "random-set" }).toString()).toBe("1/15");
    const cued = multiple("c", "すべて選んでください。", ["管理者に報告する"], ["放置する", "相談する", "消す"]);
    expect(surfaceSuccess(cued, { truefalse: "random", single: "random", multiple: "cue-set" }).toString()).toBe("0/1");
    expect(surfaceSuccess(trueFalse("t", "問題文です。", false), { truefalse: "always-false", single: "random", multiple: "all" }).toString()).toBe("1/1");
  });

  it("reports the best of all 48 combinations of strategies", () => {
    const results = surfaceStrategies(goodQuiz());
    expect(results).toHaveLength(3 * 4 * 4);
    expect(results[0].probability.toNumber()).toBeLessThanOrEqual(ITEM_QUALITY.maxSurfacePassProbability);
    for (const result of results) expect(result.probability.compare(results[0].probability)).toBeLessThanOrEqual(0);
  });
});

describe("the item-quality rules", () => {
  it("accept a bank that follows them", () => {
    const module = goodModule();
    expect(checkBank(module)).toEqual([]);
    expect(checkJapaneseSpacing(module)).toEqual([]);
    const stats = moduleStats(module);
    expect(stats).toMatchObject({ bankSize: 15, trueFalseCount: 4, trueFalseTrueShare: 0.5, singleCount: 7 });
    expect(stats.keyLongestRate).toBeCloseTo(2 / 7);
    expect(stats.worstLengthRatio).toBeLessThanOrEqual(1.2);
  });

  it("want at least 15 questions", () => {
    const quiz = goodQuiz();
    const issues = checkBank(moduleWith({ ...quiz, questions: quiz.questions.slice(1) }));
    expect(messages(issues)).toContain("quiz.questions: 問題が 14 問です。15 問以上にしてください");
  });

  it("want true/false keys balanced and true/false in the minority", () => {
    const unbalanced = checkBank(moduleWith(withQuestion("tf-lock", trueFalse("tf-lock", "離席するときは画面をそのままにしてよい。", false))));
    expect(messages(unbalanced).join("\n")).toContain("○×問題 4 問のうち「正しい」が正解の問題が 1 問（25 %）です");
    const quiz = goodQuiz();
    const many = Array.from({ length: 12 }, (_, index) => trueFalse(`tf-extra-${index}`, `追加の○×問題その${"一二三四五六七八九十壱弐"[index]}について、内容が${index % 2 === 0 ? "正しい" : "誤り"}かを答える。`, index % 2 === 0));
    expect(messages(checkBank(moduleWith({ ...quiz, questions: [...quiz.questions, ...many] }))).join("\n")).toContain("○×問題が 16 問で、問題数 27 の半分以上です");
  });

  it("flag keys that are the longest option in more than a third of single questions", () => {
    const longer = (id: string, prompt: string) => single(id, prompt, "鍵となる選択肢の文章です", ["誤答の文章ですね", "誤答の文章です", "誤答の文です"]);
    let quiz = withQuestion("s-mail", longer("s-mail", "差出人に覚えのない添付付きのメールが届いたときの対応を選んでください。"));
    quiz = { ...quiz, questions: quiz.questions.map((question) => (question.id === "s-shred" ? longer("s-shred", "個人情報が印刷された不要な書類を処分する方法を選んでください。") : question)) };
    const issues = messages(checkBank(moduleWith(quiz))).join("\n");
    expect(issues).toContain("単一選択 7 問のうち 4 問で正解が最も長い選択肢です（上限 2 問）: s-mail, s-shred, s-outage, s-sns");
  });

  it("flag a conspicuously long key (single) and long correct options (multiple)", () => {
    const single12 = single("s-lost", "庁外で業務用のノートパソコンを紛失したことに気付きました。", "すぐに所属へ知らせて指示を仰ぐ", ["自分で探し続ける", "翌週まで様子を見る", "誰にも言わずに買い直す"]);
    expect(messages(checkBank(moduleWith(withQuestion("s-lost", single12))))).toContain("s-lost: 正解の長さが誤答の平均の 1.61 倍です（上限 1.2 倍）");
    const long = multiple("m-threat", "災害に分類される脅威をすべて選んでください。", ["大きな地震による被害", "庁舎への落雷による停電"], ["不正アクセス", "内部不正"]);
    expect(messages(checkBank(moduleWith(withQuestion("m-threat", long))))).toContain("m-threat: 正解の選択肢の平均の長さが誤答の平均の 2.10 倍です（上限 1.2 倍）");
  });

  it("flag cue words that appear in keys more than in distractors, and a cue strategy that beats chance", () => {
    const cue = (id: string, prompt: string) => single(id, prompt, "管理者に報告する", ["自分で直してみる", "そのまま放置する", "同僚に任せておく"]);
    const quiz = goodQuiz();
    const cued = { ...quiz, questions: quiz.questions.map((question) => (["s-shred", "s-wifi", "s-software"].includes(question.id) ? cue(question.id, question.prompt) : question)) };
    const issues = messages(checkBank(moduleWith(cued))).join("\n");
    expect(issues).toMatch(/手掛かり語（報告・所属の情報セキュリティ管理者・定められた手続・相談・指示に従）を含む正解が 26\.7 %、誤答が 13\.8 % です。.*（誤答に手掛かり語がない問題: s-shred, s-wifi, s-software, m-incident）/);
    expect(issues).toContain("単一選択で手掛かり語のある選択肢を選ぶと平均 3.00 問正解し、当て推量（1.75 問）より有利です");
  });

  it("flag double negatives, options stating their own verdict and options pointing at other options", () => {
    const bad = single("s-mail", "添付ファイルを開かないわけではない、という考えについて選んでください。", "誤りで、開かずに知らせる", ["上記すべて", "正しい。すぐに開く", "開いて確認しなくはない"]);
    const issues = messages(checkBank(moduleWith(withQuestion("s-mail", bad))));
    expect(issues).toEqual(
      expect.arrayContaining([
        "s-mail: 問題文が二重否定です。肯定文で書いてください",
        "s-mail: 選択肢 4 が二重否定です。肯定文で書いてください",
        "s-mail: 選択肢 1 が自分の正誤（「正しい」「誤り」など）を書いています",
        "s-mail: 選択肢 3 が自分の正誤（「正しい」「誤り」など）を書いています",
        "s-mail: 選択肢 2 が他の選択肢を指しています（「上記すべて」など）",
      ]),
    );
    // A single negative of an adjective is fine.
    const single_negative = single("s-mail", "差出人に覚えのない添付付きのメールは危なくはないと言えますか。", "開かずに管理者へ知らせる", ["すぐに開いて確認する", "同僚に転送して見てもらう", "返信して本物か尋ねてから報告する"]);
    expect(messages(checkBank(moduleWith(withQuestion("s-mail", single_negative)))).filter((issue) => issue.includes("二重否定"))).toEqual([]);
    // Ordinary words that contain 誤り or 正しい are not verdicts.
    const fine = single("s-mail", "差出人に覚えのない添付付きのメールが届いたときの対応を選んでください。", "設定の誤りで届いたか確かめる", ["正しい手順を無視する", "同僚に転送して見てもらう", "返信して本物か尋ねてから報告する"]);
    expect(messages(checkBank(moduleWith(withQuestion("s-mail", fine)))).filter((issue) => issue.includes("正誤"))).toEqual([]);
  });

  it("want explanations that start with the verdict, and true/false options 正しい then 誤り", () => {
    const quiz = withQuestion("tf-usb", { ...trueFalse("tf-usb", "私物のUSBメモリは自由につないでよい。", false), options: [{ text: "誤り", correct: true, explanation: "そのとおり。基本方針 6(5)" }, { text: "正しい", correct: false, explanation: "誤りです。基本方針 6(5)" }] });
    const issues = messages(checkBank(moduleWith(quiz)));
    expect(issues).toContain("tf-usb: ○×問題の選択肢は「正しい」「誤り」の順に書いてください");
    expect(issues).toContain("tf-usb: 選択肢 1 の解説は「正解です。」で始めてください");
  });

  it("fail a bank a learner passes more than 5 % of the time without reading, naming the strategy", () => {
    const quiz = goodQuiz();
    const falseOnly = { ...quiz, questions: quiz.questions.map((question) => (question.type === "truefalse" ? trueFalse(question.id, question.prompt, false) : question)) };
    const extra = Array.from({ length: 2 }, (_, index) => single(`s-extra-${index}`, index === 0 ? "庁舎の入口で職員証を忘れたと言う人に頼まれました。" : "会議資料を印刷したまま複合機に置き忘れました。", "鍵となる答え", ["誤答ですね", "誤答です", "誤答"]));
    const issues = messages(checkBank(moduleWith({ ...falseOnly, questions: [...falseOnly.questions, ...extra] })));
    const probability = issues.find((issue) => issue.startsWith("quiz: "));
    expect(probability).toMatch(/^quiz: 本文を読まずに「○×: 常に「誤り」、単一: 最も長い選択肢、.*」で答えると 1 回の受験で \d+(\.\d)? % の確率で合格します（上限 5 %）$/);
  });
});

describe("near-duplicate prompts within a track", () => {
  const other = (prompt: string, categories: string[]) =>
    moduleWith({ draw: 1, passMark: 80, questions: [single("again", prompt, "開かずに管理者へ知らせる", ["開く", "消す", "転送する"])] }, { file: "fixtures/other.md", id: "other", audience: { categories, roleTiers: [] } });

  it("scores identical prompts 1, reworded ones high and distinct ones low", () => {
    expect(promptSimilarity("次のうち、基本方針 3(2) の脅威をすべて選んでください。", "次のうち、基本方針 3(2) の脅威をすべて選んでください")).toBe(1);
    expect(promptSimilarity("基本方針 8 が、ポリシーを見直す場合として挙げているものをすべて選んでください。", "基本方針 8 が、ポリシーを見直すきっかけとして挙げているものをすべて選んでください。")).toBeGreaterThanOrEqual(ITEM_QUALITY.nearDuplicateSimilarity);
    expect(promptSimilarity("災害に分類される脅威をすべて選んでください。", "インフラの障害にあたるものをすべて選んでください。")).toBeLessThan(ITEM_QUALITY.nearDuplicateSimilarity);
  });

  it("flags a near-duplicate in another module of the same track, not in a different track", () => {
    const reworded = "差出人に覚えのない添付付きのメールが届いたときの対応を一つ選んでください。";
    const shared = checkDuplicatePrompts([goodModule({ audience: { categories: ["職員"], roleTiers: [] } }), other(reworded, ["職員"])], ["職員", "委託事業者"], ["一般"]);
    expect(shared).toHaveLength(1);
    expect(shared[0].file).toBe("fixtures/other.md");
    expect(shared[0].where).toBe("again");
    expect(shared[0].message).toMatch(/^問題文が good\/s-mail とほぼ同じです（類似度 0\.\d\d、職員・一般の受講者が両方を受けます）$/);
    expect(checkDuplicatePrompts([goodModule({ audience: { categories: ["職員"], roleTiers: [] } }), other(reworded, ["委託事業者"])], ["職員", "委託事業者"], ["一般"])).toEqual([]);
  });
});

describe("text rules", () => {
  it("flag a half-width space between Japanese characters in every text, not before ASCII", () => {
    const module = goodModule({ title: "良い 問題集", text: "本文の 途中。基本方針 3(1) と LGWAN 接続系は正しい書き方です。" });
    const quiz = withQuestion("s-mail", single("s-mail", "メールが 届いた。", "開かずに管理者へ知らせる", ["すぐに開いて確認する", "同僚に転送して見てもらう", "返信して本物か尋ねてから報告する"]));
    const issues = messages(checkJapaneseSpacing({ ...module, quiz }));
    expect(issues).toEqual(["title: 日本語の文字の間に半角スペースがあります:「良い 問題集」", "本文: 日本語の文字の間に半角スペースがあります:「本文の 途中。基本方針」", "s-mail: 日本語の文字の間に半角スペースがあります:「メールが 届いた。」"]);
  });

  it("see a space next to inline markup in the rendered body, not across block boundaries", () => {
    const text = htmlToText(renderMarkdown("**鍵** をかける。\n\n| 区分 | 内容 |\n| --- | --- |\n| 機密性 | 見られない |"));
    expect(messages(checkJapaneseSpacing(goodModule({ text })))).toEqual(["本文: 日本語の文字の間に半角スペースがあります:「鍵 をかける。」"]);
  });

  it("flag cited sections that the policy does not have", () => {
    const module = goodModule({ policySections: ["6(5)", "6(10)"] });
    const quiz = withQuestion("tf-lock", { ...trueFalse("tf-lock", "離席するときに画面をロックする。", true), options: [{ text: "正しい", correct: true, explanation: "正解です。基本方針 6(12)" }, { text: "誤り", correct: false, explanation: "誤りです。基本方針 6(5)" }] });
    expect(messages(checkCitations({ ...module, quiz }, new Set(["6", "6(5)"])))).toEqual(["policySections: 基本方針に 6(10) はありません", "tf-lock: 選択肢 1 の解説が基本方針にない 6(12) を挙げています"]);
  });
});

describe("track coverage", () => {
  const module = (id: string, kind: "training" | "acknowledgement", sections: string[], categories: string[]) => ({ file: `content/${id}.md`, id, kind, policySections: sections, audience: { categories, roleTiers: [] } });

  it("names the category and the sections its track does not teach; the acknowledgement teaches nothing", () => {
    const modules = [module("a", "training", ["1", "6(4)"], ["委託事業者"]), module("ack", "acknowledgement", ["6(6)", "6(8)"], [])];
    expect(coverageProblems(modules, [{ name: "委託", categories: ["委託事業者"], sections: ["1", "6", "6(4)", "6(6)", "6(8)"] }])).toEqual([
      { file: "content", where: "audience (委託事業者)", message: "委託: 委託事業者が受ける研修（a, ack）で基本方針 6(6), 6(8) を扱っていません" },
    ]);
  });

  it("is part of the whole check", () => {
    const report = checkContentQuality([goodModule()], { categories: ["職員"], tiers: ["一般"], requirements: [{ name: "全項目", categories: ["職員"], sections: ["5", "6(5)"] }] });
    expect(messages(report.issues)).toEqual(["audience (職員): 全項目: 職員が受ける研修（good）で基本方針 5 を扱っていません"]);
    expect(report.stats.map((stats) => stats.id)).toEqual(["good"]);
  });
});

describe("npm run content:check", () => {
  it("prints the table and every violation as file: question id: message, and exits non-zero", () => {
    let output = "";
    let status = 0;
    try {
      execFileSync(process.execPath, ["--import", "tsx", "app/cli/check-content.ts"], {
        env: { ...process.env, CONTENT_DIR: path.resolve("test/fixtures/content-quality") },
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      status = failed.status;
      output = failed.stdout + failed.stderr;
    }
    expect(status).toBe(1);
    expect(output).toMatch(/^module\s+問題数\s+○×（正しい）\s+正解が最長\s+長さ比（最大）\s+読まずに合格\s+最良の表面的戦略\s+一貫戦略で合格\s+最悪の一貫戦略$/m);
    expect(output).toMatch(/^weak-bank\s+2\s+1問 0\.0%\s+100\.0%\s+\d+\.\d\d\s+100\.0% \(1\/1\)\s+\S.*\s+100\.0% \(1\/1\)\s+留保語（原則・確認…）を選ぶ \(prefer-hedge\)$/m);
    expect(output).toContain("content-quality/weak-bank.md: quiz: 本文を読まずにすべての問題で「否定文を避ける」（avoid-negative）と答えると 1 回の受験で 100 % の確率で合格します（上限 5 %）。確実に正解する問題: always-false");
    expect(output).toContain("content-quality/weak-bank.md: quiz.questions: 問題が 2 問です。15 問以上にしてください");
    expect(output).toContain("content-quality/weak-bank.md: longest-key: 選択肢 3 が他の選択肢を指しています（「上記すべて」など）");
    expect(output).toContain("content-quality/weak-bank.md: always-false: 問題文が二重否定です。肯定文で書いてください");
    expect(output).toMatch(/^content-quality\/weak-bank\.md: 本文: 日本語の文字の間に半角スペースがあります:「[^」]*ここは 半角スペース[^」]*」$/m);
    // The folded summary joined without a space, so it is not flagged.
    expect(output).not.toContain("weak-bank.md: summary:");
  });
});
