// Validates every module in content/ (run before each build): the schema (file and field), then the
// item-quality rules and the track coverage (file: question id: message). Exits non-zero on any.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { formatIssue, checkContentQuality, ITEM_QUALITY, type ModuleStats } from "../domain/content/item-quality";
import { ContentError, loadContentFolder } from "../domain/content/load.server";
import { policySectionsOf } from "../domain/content/policy";
import { DEFAULT_CATEGORIES, ROLE_TIERS } from "../domain/content/schema";
import { knownCategories, TRACK_REQUIREMENTS } from "../domain/content/tracks";
import { checklistFolder, loadChecklists } from "../domain/self-inspection/load.server";
import { loadDrillTemplates } from "../domain/drills/templates.server";

const folder = path.resolve(process.env.CONTENT_DIR ?? "content");

function policySections(): Set<string> | undefined {
  const source = path.join(folder, "source");
  if (!existsSync(source)) return undefined;
  const files = readdirSync(source).filter((name) => name.endsWith(".txt"));
  if (files.length === 0) return undefined;
  return new Set(files.flatMap((name) => [...policySectionsOf(readFileSync(path.join(source, name), "utf8"))]));
}

const percent = (value: number | null) => (value === null ? "—" : `${(Math.round(value * 1000) / 10).toFixed(1)}%`);

function table(stats: ModuleStats[]): string {
  const rows = [
    ["module", "問題数", "○×（正しい）", "正解が最長", "長さ比（最大）", "読まずに合格", "最良の表面的戦略", "一貫戦略で合格", "最悪の一貫戦略"],
    ...stats.map((row) => [
      row.id,
      String(row.bankSize),
      row.trueFalseCount === 0 ? "—" : `${row.trueFalseCount}問 ${percent(row.trueFalseTrueShare)}`,
      percent(row.keyLongestRate),
      row.worstLengthRatio === null ? "—" : row.worstLengthRatio.toFixed(2),
      row.best ? `${percent(row.best.probability.toNumber())} (${row.best.probability})` : "—",
      row.best?.label ?? "—",
      row.worstCoherent ? `${percent(row.worstCoherent.probability.toNumber())} (${row.worstCoherent.probability})` : "—",
      row.worstCoherent ? `${row.worstCoherent.strategy.label} (${row.worstCoherent.strategy.id})` : "—",
    ]),
  ];
  // East Asian characters take two columns in a terminal.
  const width = (text: string) => [...text].reduce((sum, character) => sum + (/[\u1100-\uFFFF]/u.test(character) ? 2 : 1), 0);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => width(row[column]))));
  return rows.map((row) => row.map((cell, column) => cell + " ".repeat(widths[column] - width(cell))).join("  ").trimEnd()).join("\n");
}

try {
  const modules = loadContentFolder(folder);
  const questions = modules.reduce((sum, module) => sum + (module.quiz?.questions.length ?? 0), 0);
  const report = checkContentQuality(modules, {
    categories: knownCategories(modules, [...DEFAULT_CATEGORIES, ...TRACK_REQUIREMENTS.flatMap((requirement) => requirement.categories)]),
    tiers: ROLE_TIERS,
    policySections: policySections(),
  });
  console.log(table(report.stats));
  console.log("");
  if (report.issues.length > 0) {
    for (const issue of report.issues) console.error(formatIssue(issue));
    console.error(
      `\ncontent: ${report.issues.length} 件の指摘があります（${modules.length} modules, ${questions} questions; 基準は app/domain/content/item-quality.ts の ITEM_QUALITY、読まずに合格する確率の上限 ${ITEM_QUALITY.maxSurfacePassProbability * 100}%）`,
    );
    process.exit(1);
  }
  console.log(`content: ${modules.length} modules, ${questions} questions OK (${folder})`);
  const checklists = loadChecklists(checklistFolder(folder));
  console.log(`self-inspection: ${checklists.length} checklists, ${checklists.reduce((sum, checklist) => sum + checklist.items.length, 0)} items OK`);
  const drills = loadDrillTemplates(path.join(folder, "drills"));
  console.log(`content: ${drills.length} drill mail templates OK`);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
