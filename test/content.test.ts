import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadContentFolder, parseModuleFile } from "~/domain/content/load.server";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { readingSeconds } from "~/domain/content/reading-time";
import { POLICY_CITATION } from "~/domain/content/schema";

const modules = loadContentFolder(path.resolve("content"));

/** Section numbers that exist in the policy text: "1", "2", "2(1)" … */
function policySections(): Set<string> {
  const text = readFileSync(path.resolve("content/source/nanao-basic-policy.ja.txt"), "utf8");
  const sections = new Set<string>();
  let current: string | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const top = /^(\d{1,2})\. \S/.exec(line);
    if (top) {
      current = top[1];
      sections.add(current);
      continue;
    }
    const sub = /^(?:- )?\((\d{1,2})\)/.exec(line);
    if (sub && current) sections.add(`${current}(${sub[1]})`);
  }
  return sections;
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

  it("gives every question the right number of correct options and at least 10 questions per module", () => {
    for (const module of modules.filter((candidate) => candidate.kind === "training")) {
      expect(module.quiz!.questions.length, module.id).toBeGreaterThanOrEqual(10);
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

  it("ships the tracks: full for 職員, a short core for 非常勤・臨時, a briefing for 委託, and an extra for 管理職", () => {
    const forCategory = (category: string) =>
      modules.filter((module) => module.audience.roleTiers.length === 0 && (module.audience.categories.length === 0 || module.audience.categories.includes(category))).map((module) => module.id);
    expect(forCategory("非常勤職員").sort()).toEqual(["physical-human-technical", "policy-acknowledgement", "scope-and-duties", "threats"]);
    expect(forCategory("臨時職員")).toEqual(forCategory("非常勤職員"));
    expect(forCategory("委託事業者").sort()).toEqual(["contractor-briefing", "policy-acknowledgement"]);
    expect(forCategory("職員").length).toBe(10);
    expect(modules.filter((module) => module.audience.roleTiers.includes("管理職")).map((module) => module.id)).toEqual(["manager-duties"]);
  });

  it("has one acknowledgement module with the pledge text and a minimum reading time", () => {
    const acknowledgements = modules.filter((module) => module.kind === "acknowledgement");
    expect(acknowledgements.map((module) => module.id)).toEqual(["policy-acknowledgement"]);
    expect(acknowledgements[0].minReadSeconds).toBe(readingSeconds(acknowledgements[0].text));
    expect(acknowledgements[0].html).toContain("七尾市情報セキュリティ基本方針");
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
