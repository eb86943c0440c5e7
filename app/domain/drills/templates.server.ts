import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { contentFolder } from "../content/catalog.server";
import { ContentError } from "../content/load.server";
import { checkDrillBody, DrillTemplateFrontMatterSchema, type DrillTemplate } from "./templates";

/** Parse one template file; problems name the file and the field, like the modules'. */
export function parseDrillTemplate(file: string, source: string): { template: DrillTemplate | null; problems: string[] } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source, {});
  } catch (error) {
    return { template: null, problems: [`${file}: front matter: YAML として読めません (${(error as Error).message})`] };
  }
  const result = DrillTemplateFrontMatterSchema.safeParse(parsed.data);
  if (!result.success) {
    return { template: null, problems: result.error.issues.map((issue) => `${file}: ${issue.path.join(".") || "(front matter)"}: ${issue.message}`) };
  }
  const body = parsed.content.trim();
  const bodyProblem = body.length === 0 ? "本文が空です" : checkDrillBody(body);
  if (bodyProblem) return { template: null, problems: [`${file}: 本文: ${bodyProblem}`] };
  if (path.basename(file) !== `${result.data.id}.md`) return { template: null, problems: [`${file}: id: ファイル名は ${result.data.id}.md にしてください`] };
  return { template: { ...result.data, file, bodyText: body }, problems: [] };
}

/** Every template in <content>/drills; throws one ContentError listing all problems. */
export function loadDrillTemplates(folder: string): DrillTemplate[] {
  if (!existsSync(folder)) return [];
  const templates: DrillTemplate[] = [];
  const problems: string[] = [];
  for (const name of readdirSync(folder).filter((entry) => entry.endsWith(".md") && entry.toLowerCase() !== "readme.md").sort()) {
    const relative = path.join("drills", name);
    const result = parseDrillTemplate(relative, readFileSync(path.join(folder, name), "utf8"));
    problems.push(...result.problems);
    if (result.template) templates.push(result.template);
  }
  if (problems.length > 0) throw new ContentError(problems);
  return templates;
}

let cached: DrillTemplate[] | undefined;

/** The validated library, loaded once per process (at start: a mistake stops the server). */
export function getDrillTemplates(): DrillTemplate[] {
  cached ??= loadDrillTemplates(path.join(contentFolder(), "drills"));
  return cached;
}

export function getDrillTemplate(id: string): DrillTemplate | null {
  return getDrillTemplates().find((template) => template.id === id) ?? null;
}
