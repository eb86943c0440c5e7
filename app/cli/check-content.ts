// Validates every module in content/ (run before each build). Exits non-zero naming file and field.
import path from "node:path";
import { ContentError, loadContentFolder } from "../domain/content/load.server";
import { loadDrillTemplates } from "../domain/drills/templates.server";

const folder = path.resolve(process.env.CONTENT_DIR ?? "content");
try {
  const modules = loadContentFolder(folder);
  const questions = modules.reduce((sum, module) => sum + (module.quiz?.questions.length ?? 0), 0);
  console.log(`content: ${modules.length} modules, ${questions} questions OK (${folder})`);
  const drills = loadDrillTemplates(path.join(folder, "drills"));
  console.log(`content: ${drills.length} drill mail templates OK`);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
