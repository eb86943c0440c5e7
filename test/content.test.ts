import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadContentFolder, parseModuleFile } from "~/domain/content/load.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { readingSeconds } from "~/domain/content/reading-time";
import { checkContentQuality, formatIssue, ITEM_QUALITY } from "~/domain/content/item-quality";
import { htmlToText } from "~/domain/content/japanese";
import { policySectionsOf } from "~/domain/content/policy";
import { DEFAULT_CATEGORIES, POLICY_CITATION, ROLE_TIERS } from "~/domain/content/schema";
import { coverageProblems, knownCategories, receives, TRACK_REQUIREMENTS } from "~/domain/content/tracks";

const modules = loadContentFolder(path.resolve("content"));

const POLICY_TEXT = readFileSync(path.resolve("content/source/nanao-basic-policy.ja.txt"), "utf8");

/** Section numbers that exist in the policy text: "1", "2", "2(1)" … */
function policySections(): Set<string> {
  return policySectionsOf(POLICY_TEXT);
}

describe("content/", () => {
  const existing = policySections();

  it("parses the policy's own section list", () => {
    for (const section of ["1", "2(12)", "3(5)", "4(2)", "5", "6(9)", "10"]) expect(existing).toContain(section);
    expect(existing).not.toContain("6(10)");
  });

  it("validates every module, with unique ids", () => {
    expect(modules.length).toBeGreaterThanOrEqual(12);
    expect(new Set(modules.map((module) => module.id)).size).toBe(modules.length);
  });

  it("gives every question the right number of correct options and at least 15 questions per module", () => {
    for (const module of modules.filter((candidate) => candidate.kind === "training")) {
      expect(module.quiz!.questions.length, module.id).toBeGreaterThanOrEqual(ITEM_QUALITY.minBankSize);
      expect(module.quiz!.draw, module.id).toBe(5);
      for (const question of module.quiz!.questions) {
        const correct = question.options.filter((option) => option.correct).length;
        if (question.type === "multiple") expect(correct, `${module.id}/${question.id}`).toBeGreaterThanOrEqual(1);
        else expect(correct, `${module.id}/${question.id}`).toBe(1);
      }
    }
  });

  it("cites only sections that exist in the policy", () => {
    for (const module of modules) {
      for (const section of module.policySections) expect(existing, `${module.id}: policySections ${section}`).toContain(section);
      for (const question of module.quiz?.questions ?? []) {
        for (const option of question.options) {
          const cited = [...option.explanation.matchAll(POLICY_CITATION)].map((match) => match[0].replace(/^基本方針\s?/, ""));
          expect(cited.length, `${module.id}/${question.id}`).toBeGreaterThan(0);
          for (const section of cited) expect(existing, `${module.id}/${question.id} cites ${section}`).toContain(section);
        }
      }
    }
  });

  it("covers every numbered section 1–10 of the policy", () => {
    const taught = new Set(modules.flatMap((module) => module.policySections.map((section) => section.replace(/\(.*$/, ""))));
    for (let section = 1; section <= 10; section += 1) expect(taught, `section ${section}`).toContain(String(section));
  });

  it("has at least two questions for each of the five threat classes of section 3", () => {
    for (let threat = 1; threat <= 5; threat += 1) {
      const citing = modules.flatMap((module) =>
        (module.quiz?.questions ?? []).filter((question) => question.options.some((option) => option.explanation.includes(`基本方針 3(${threat})`))),
      );
      expect(citing.length, `3(${threat})`).toBeGreaterThanOrEqual(2);
    }
  });

  const track = (category: string, tier = "一般") => modules.filter((module) => receives(module, category, tier)).map((module) => module.id).sort();
  const FULL = ["purpose-and-terms", "scope-and-duties", "threats", "three-layer-defence", "asset-classification", "physical-human-technical", "operations-and-incidents", "outsourcing-cloud-sns", "audit-and-review", "policy-acknowledgement"].sort();

  it("ships the tracks of issue 12: full, part-time/temporary, contractor, and the 管理職 and システム担当 extras", () => {
    for (const category of ["職員", "会計年度任用職員", "臨時的任用職員"]) expect(track(category), category).toEqual(FULL);
    for (const category of ["非常勤職員", "臨時職員"]) {
      expect(track(category), category).toEqual(["essentials", "physical-human-technical", "policy-acknowledgement", "scope-and-duties", "threats"]);
    }
    expect(track("委託事業者")).toEqual(["contractor-briefing", "policy-acknowledgement"]);
    expect(modules.filter((module) => module.audience.roleTiers.length > 0).map((module) => [module.id, module.audience.roleTiers, module.audience.categories])).toEqual(
      expect.arrayContaining([
        ["manager-duties", ["管理職"], []],
        ["system-operations", ["システム担当"], []],
      ]),
    );
    expect(modules.filter((module) => module.audience.roleTiers.length > 0)).toHaveLength(2);
    expect(track("職員", "管理職")).toEqual([...FULL, "manager-duties"].sort());
    expect(track("非常勤職員", "システム担当")).toContain("system-operations");
  });

  it("teaches every section each track needs: 1–5, 6(1)–6(9), 7–10 for full and part-time, 6(1), 6(4), 6(6), 6(7), 6(8) for contractors", () => {
    expect(TRACK_REQUIREMENTS.find((requirement) => requirement.categories.includes("非常勤職員"))!.sections).toEqual(["1", "2", "3", "4", "5", "6(1)", "6(2)", "6(3)", "6(4)", "6(5)", "6(6)", "6(7)", "6(8)", "6(9)", "7", "8", "9", "10"]);
    expect(coverageProblems(modules, TRACK_REQUIREMENTS).map((problem) => problem.message)).toEqual([]);
  });

  it("passes the whole content check (item quality, wording, duplicates, citations, coverage)", () => {
    const report = checkContentQuality(modules, {
      categories: knownCategories(modules, [...DEFAULT_CATEGORIES, ...TRACK_REQUIREMENTS.flatMap((requirement) => requirement.categories)]),
      tiers: ROLE_TIERS,
      policySections: policySections(),
    });
    expect(report.issues.map(formatIssue)).toEqual([]);
    for (const stats of report.stats) expect(stats.best!.probability.toNumber(), stats.id).toBeLessThanOrEqual(ITEM_QUALITY.maxSurfacePassProbability);
    for (const stats of report.stats) expect(stats.worstCoherent!.probability.toNumber(), `${stats.id} ${stats.worstCoherent!.strategy.id}`).toBeLessThanOrEqual(ITEM_QUALITY.maxSurfacePassProbability);
  });

  it("has one acknowledgement module whose reading time follows its length", () => {
    const acknowledgements = modules.filter((module) => module.kind === "acknowledgement");
    expect(acknowledgements.map((module) => module.id)).toEqual(["policy-acknowledgement"]);
    expect(acknowledgements[0].minReadSeconds).toBe(readingSeconds(acknowledgements[0].text));
    expect(acknowledgements[0].version).toBeGreaterThanOrEqual(2);
    expect(acknowledgements[0].html).toContain("七尾市情報セキュリティ基本方針");
  });

  it("shows the policy verbatim in the 誓約, with its own numbering", () => {
    const acknowledgement = modules.find((module) => module.id === "policy-acknowledgement")!;
    // The page's text without the editorial note, whitespace removed.
    const shown = htmlToText(acknowledgement.html.replace(/<aside[\s\S]*?<\/aside>/g, "")).replace(/\s+/g, "");
    // The policy file's text without its list markers ("- (1) …") and whitespace (it breaks lines mid-word).
    const policy = POLICY_TEXT.replace(/^- /gm, "").replace(/\s+/g, "");
    const start = shown.indexOf(policy.slice(0, 30));
    expect(start).toBeGreaterThan(0);
    expect(shown.slice(start)).toBe(policy);
    // Only the short introduction comes before it.
    expect(shown.slice(0, start)).toMatch(/^この誓約について/);
    expect(shown.slice(0, start).length).toBeLessThan(300);
    // Its own numbering, not Markdown's: no <ol>, and 6(3)① can be found.
    expect(acknowledgement.html).not.toContain("<ol");
    expect(acknowledgement.html).toContain("<h4>(3) 情報システム全体の強靱性の向上</h4>");
    expect(acknowledgement.html).toContain("<p>① マイナンバー利用事務系においては");
    expect(acknowledgement.html).toContain("<h3>10. 情報セキュリティ実施手順の策定</h3>");
    // The drafting slip in section 4 is kept and explained in an editorial note.
    expect(acknowledgement.html).toMatch(/<h3>4\. 適用範囲<\/h3>\n<p>情報資産に対する脅威として、以下の脅威を想定し、情報セキュリティ対策を実施する。<\/p>\n<aside class="callout callout--editorial" role="note"><p class="callout__title">編集注<\/p>/);
  });
});

describe("content validation errors", () => {
  it("rejects a broken module naming the file and each bad field", () => {
    expect(() => loadContentFolder(path.resolve("test/fixtures/content-broken"))).toThrow(ContentError);
    try {
      loadContentFolder(path.resolve("test/fixtures/content-broken"));
    } catch (error) {
      const message = (error as ContentError).message;
      expect(message).toContain("content-broken/bad-quiz.md: quiz.questions.0.options.0.explanation: 解説には「基本方針 3(1)」のように根拠となる節を書いてください");
      expect(message).toContain("content-broken/bad-quiz.md: quiz.questions.0.options: 正解はちょうど1つ必要です（現在 2 個）");
    }
  });

  it("reports missing fields, bad YAML and a file name that does not match the id", () => {
    expect(parseModuleFile("content/x.md", "---\nid: x\n---\n本文").problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^content\/x\.md: title: /), expect.stringMatching(/^content\/x\.md: minutes: /)]),
    );
    expect(parseModuleFile("content/x.md", "---\nid: [unclosed\n---\n本文").problems[0]).toMatch(/YAML として読めません/);
    const renamed = readFileSync(path.resolve("content/threats.md"), "utf8");
    expect(parseModuleFile("content/other.md", renamed).problems).toEqual(["content/other.md: id: ファイル名は threats.md にしてください"]);
  });
});

describe("renderMarkdown", () => {
  it("keeps structure and drops scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown("# 見出し\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n- 項目");
    expect(html).toContain("<h2>見出し</h2>");
    expect(html).toContain("<li>項目</li>");
    expect(html).not.toMatch(/<script|onerror|javascript:|<img/);
  });
});

describe("callouts", () => {
  it("render [!ADVICE] and [!EDITORIAL] as titled notes, sanitised, and leave other blockquotes alone", () => {
    const html = renderMarkdown(
      "> [!ADVICE]\n> 私物のSNSでは、職務上知り得た情報を\n> 書かないようにしましょう。\n>\n> - **鍵**をかける\n\n> [!EDITORIAL]\n> 原文のとおりです。<script>alert(1)</script>\n\n> 普通の引用です。\n\n> [!WARNING]\n> 知らない種類です。",
    );
    expect(html).toContain(
      '<aside class="callout callout--advice" role="note"><p class="callout__title">一般的な注意（基本方針の規定ではありません）</p>\n<p>私物のSNSでは、職務上知り得た情報を書かないようにしましょう。</p>\n<ul>\n<li><strong>鍵</strong>をかける</li>\n</ul>\n</aside>',
    );
    expect(html).toContain('<aside class="callout callout--editorial" role="note"><p class="callout__title">編集注</p>\n<p>原文のとおりです。</p>\n</aside>');
    expect(html).toContain("<blockquote>\n<p>普通の引用です。</p>\n</blockquote>");
    expect(html).toContain("<blockquote>\n<p>[!WARNING]\n知らない種類です。</p>\n</blockquote>");
    expect(html).not.toMatch(/<script|alert/);
  });

  it("let no author-written attribute or class through except the callout's own", () => {
    const html = renderMarkdown('<aside class="callout evil" role="banner" onclick="x()" style="color:red">x</aside>\n\n<p class="callout__title other">y</p>');
    expect(html).not.toMatch(/evil|banner|onclick|style|other/);
  });
});

describe("Japanese text in the loader", () => {
  const source = (frontMatter: string, body: string) =>
    `---\nid: sample\ntitle: 見本\nminutes: 5\nversion: 1\npolicySections: ["6(5)"]\nkind: acknowledgement\n${frontMatter}\n---\n\n${body}\n`;

  it("joins folded YAML lines between Japanese characters without a space, and keeps English spacing and literal blocks", () => {
    const result = parseModuleFile(
      "content/sample.md",
      source("summary: >-\n  基本方針 3 が想定する五つの脅威を、\n  職場で出会う例とともに学び、\n  English words\n  stay apart.\n  Mixed 日本語\n  では？", "本文"),
    );
    expect(result.problems).toEqual([]);
    expect(result.module!.summary).toBe("基本方針 3 が想定する五つの脅威を、職場で出会う例とともに学び、 English words stay apart. Mixed 日本語では？");
    const plain = parseModuleFile("content/sample.md", source("summary: 一行目の\n  二行目です", "本文"));
    expect(plain.module!.summary).toBe("一行目の二行目です");
    const literal = parseModuleFile("content/sample.md", source("summary: |-\n  一行目\n  二行目", "本文"));
    expect(literal.module!.summary).toBe("一行目\n二行目");
  });

  it("renders a soft line break between Japanese characters without a space, outside code blocks", () => {
    const html = renderMarkdown("基本方針は、\n**情報資産**を\n守るための\n方針です。\nEnglish\ntext\n\n```\n一行目\n二行目\n```\n\n- 項目の\n  続き");
    expect(html).toContain("<p>基本方針は、<strong>情報資産</strong>を守るための方針です。\nEnglish\ntext</p>");
    expect(html).toContain("<pre><code>一行目\n二行目\n</code></pre>");
    expect(html).toContain("<li>項目の続き</li>");
  });

  it("computes the 誓約's reading time from the rendered text at 600 characters a minute, and lets front matter only raise it", () => {
    const body = "あ".repeat(1201);
    expect(readingSeconds(body)).toBe(121);
    expect(readingSeconds(`${"い".repeat(600)}\n\n   ${"う".repeat(600)}`)).toBe(120);
    expect(parseModuleFile("content/sample.md", source("summary: 見本", body)).module!.minReadSeconds).toBe(121);
    expect(parseModuleFile("content/sample.md", source("summary: 見本\nminReadSeconds: 30", body)).module!.minReadSeconds).toBe(121);
    expect(parseModuleFile("content/sample.md", source("summary: 見本\nminReadSeconds: 600", body)).module!.minReadSeconds).toBe(600);
  });
});
