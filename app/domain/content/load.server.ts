import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import type { z } from "zod";
import { htmlToText, markYamlLineJoins, unmarkYamlValue } from "./japanese";
import { renderMarkdown } from "./markdown.server";
import { readingSeconds } from "./reading-time";
import { ModuleFrontMatterSchema, type ModuleFrontMatter } from "./schema";

export type TrainingModule = Omit<ModuleFrontMatter, "minReadSeconds"> & {
  /** The file it came from, relative to the content folder. */
  file: string;
  /** Sanitised HTML of the Markdown body. */
  html: string;
  /** The body as the reader sees it: the rendered text without markup. */
  text: string;
  /** SHA-256 of the Markdown body: what a learner read or acknowledged. */
  bodyHash: string;
  /**
   * Minimum seconds between opening and acknowledging: the body's reading time at
   * READING_CHARS_PER_MINUTE, or the front matter's `minReadSeconds` when that is longer.
   */
  minReadSeconds: number;
};

/** gray-matter's own YAML engine (js-yaml), wrapped so folded Japanese lines join without a space. */
const yamlEngine = (matter as unknown as { engines: { yaml: { parse: (input: string) => object } } }).engines.yaml;
const japaneseYaml = (input: string) => unmarkYamlValue(yamlEngine.parse(markYamlLineJoins(input))) as object;

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`コンテンツに誤りがあります:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ContentError";
  }
}

function describeIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(front matter)";
    return `${file}: ${field}: ${issue.message}`;
  });
}

/** Parse one module file. Returns the module or the list of problems, each naming file and field. */
export function parseModuleFile(
  file: string,
  source: string,
): { module: TrainingModule; problems: [] } | { module: null; problems: string[] } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // NOTE: gray-matter caches by input string; pass a fresh options object to bypass the cache
    // so that an edited file is always re-validated.
    parsed = matter(source, { engines: { yaml: japaneseYaml } });
  } catch (error) {
    return { module: null, problems: [`${file}: front matter: YAML として読めません (${(error as Error).message})`] };
  }
  const result = ModuleFrontMatterSchema.safeParse(parsed.data);
  if (!result.success) return { module: null, problems: describeIssues(file, result.error) };
  const body = parsed.content.trim();
  if (body.length === 0) return { module: null, problems: [`${file}: 本文: 本文が空です`] };
  const expectedName = `${result.data.id}.md`;
  if (path.basename(file) !== expectedName) {
    return { module: null, problems: [`${file}: id: ファイル名は ${expectedName} にしてください`] };
  }
  const html = renderMarkdown(body);
  const text = htmlToText(html);
  return {
    module: {
      ...result.data,
      file,
      html,
      text,
      bodyHash: createHash("sha256").update(body, "utf8").digest("hex"),
      minReadSeconds: Math.max(readingSeconds(text), result.data.minReadSeconds ?? 0),
    },
    problems: [],
  };
}

/** Load and validate every module in a folder; throws one ContentError listing all problems. */
export function loadContentFolder(folder: string): TrainingModule[] {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".md") && name.toLowerCase() !== "readme.md")
    .sort();
  const modules: TrainingModule[] = [];
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const name of files) {
    const relative = path.join(path.basename(folder), name);
    const result = parseModuleFile(relative, readFileSync(path.join(folder, name), "utf8"));
    problems.push(...result.problems);
    if (!result.module) continue;
    const other = ids.get(result.module.id);
    if (other) problems.push(`${relative}: id: ${other} と同じ id です`);
    ids.set(result.module.id, relative);
    modules.push(result.module);
  }
  if (files.length === 0) problems.push(`${folder}: モジュールが1つもありません`);
  if (problems.length > 0) throw new ContentError(problems);
  return modules.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
