import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import type { z } from "zod";
import { renderMarkdown } from "./markdown.server";
import { ModuleFrontMatterSchema, type ModuleFrontMatter } from "./schema";

export type TrainingModule = ModuleFrontMatter & {
  /** The file it came from, relative to the content folder. */
  file: string;
  /** Sanitised HTML of the Markdown body. */
  html: string;
  /** SHA-256 of the Markdown body: what a learner read or acknowledged. */
  bodyHash: string;
};

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
    parsed = matter(source, {});
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
  return {
    module: {
      ...result.data,
      file,
      html: renderMarkdown(body),
      bodyHash: createHash("sha256").update(body, "utf8").digest("hex"),
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
