import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { ContentError } from "../content/load.server";
import { ChecklistSchema, type Checklist } from "./checklist";

/** The checklists live beside the modules, in `<content>/self-inspection/*.md`. */
export function checklistFolder(contentDir = process.env.CONTENT_DIR ?? "content"): string {
  return path.join(contentDir, "self-inspection");
}

/** Load and validate every checklist; throws one ContentError naming each file and field. */
export function loadChecklists(folder = checklistFolder()): Checklist[] {
  if (!existsSync(folder)) return [];
  const problems: string[] = [];
  const checklists: Checklist[] = [];
  for (const name of readdirSync(folder).filter((file) => file.endsWith(".md") && file.toLowerCase() !== "readme.md").sort()) {
    const relative = path.join(path.basename(path.dirname(folder)), path.basename(folder), name);
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(readFileSync(path.join(folder, name), "utf8"), {});
    } catch (error) {
      problems.push(`${relative}: front matter: YAML として読めません (${(error as Error).message})`);
      continue;
    }
    const result = ChecklistSchema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`${relative}: ${issue.path.join(".") || "(front matter)"}: ${issue.message}`);
      continue;
    }
    if (name !== `${result.data.id}.md`) {
      problems.push(`${relative}: id: ファイル名は ${result.data.id}.md にしてください`);
      continue;
    }
    checklists.push({ ...result.data, intro: parsed.content.trim() });
  }
  if (problems.length > 0) throw new ContentError(problems);
  return checklists;
}

let cached: Checklist[] | undefined;

/** The checklists of the running process, loaded once (start-up validates them). */
export function getChecklists(): Checklist[] {
  cached ??= loadChecklists();
  return cached;
}
