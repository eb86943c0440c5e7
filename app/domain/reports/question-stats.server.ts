// Question statistics for HR (/hr/report/questions): per module, question and 年度, from every
// submitted attempt. Each attempt's answers are JSON graded again against the bank, so this reads
// and parses every attempt of the 年度 (hundreds of thousands for the whole city): it runs on the
// background worker ("report.questions"), in slices with yields in between, and the web process
// caches the small result (question-stats-cache.server.ts).
//
// Population: as the annual report's 正答率 — submitted attempts of the 年度's non-exempt
// assignments of active employees, on the module's current version (attempts on other versions
// are counted apart: their questions may differ, and only the current bank is loaded).
import type { Db } from "~/db/client.server";
import type { Quiz } from "../content/schema";
import { isAnswerCorrect } from "../quiz/quiz";
import { addAttempt, emptyAccumulator, summariseQuestion, type GradedItem, type QuestionStatistics } from "./question-stats";
import { statement } from "./statements.server";

/** What the worker needs of a module (no HTML crosses the process boundary). */
export type QuizModuleInput = { id: string; title: string; version: number; order: number; quiz: Quiz };

export type ModuleQuestionStatistics = {
  moduleId: string;
  title: string;
  version: number;
  /** Submitted attempts on the current version. */
  attempts: number;
  passed: number;
  /** Mean score of those attempts, 0–100; null without attempts. */
  meanScore: number | null;
  otherVersionAttempts: number;
  questions: QuestionStatistics[];
};

export type QuestionStatisticsReport = { fiscalYear: number; computedAt: number; modules: ModuleQuestionStatistics[] };

const ASSIGNMENT_SLICE = 300;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function parseAnswers(json: string | null): Record<string, number[]> | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const answers: Record<string, number[]> = {};
  for (const [questionId, chosen] of Object.entries(raw)) {
    if (Array.isArray(chosen)) answers[questionId] = chosen.filter((value): value is number => typeof value === "number");
  }
  return answers;
}

async function moduleStatistics(db: Db, fiscalYear: number, module: QuizModuleInput): Promise<ModuleQuestionStatistics> {
  // Slices of ASSIGNMENT_SLICE assignments, walked by id on assignments_year_module_idx.
  const bound = statement(
    db,
    `SELECT max(id) AS id FROM (SELECT id FROM assignments WHERE fiscal_year = @fiscalYear AND module_id = @moduleId AND id > @after ORDER BY id LIMIT @limit)`,
  );
  const slice = statement(
    db,
    `SELECT q.module_version AS moduleVersion, q.answers, q.passed, q.score_percent AS scorePercent
     FROM assignments a
     JOIN employees e ON e.id = a.employee_id
     JOIN quiz_attempts q ON q.assignment_id = a.id
     WHERE a.fiscal_year = @fiscalYear AND a.module_id = @moduleId AND a.id > @after AND a.id <= @until
       AND a.exempted_at IS NULL AND e.active = 1 AND q.submitted_at IS NOT NULL`,
  );
  const byId = new Map(module.quiz.questions.map((question) => [question.id, question]));
  const accumulators = new Map(module.quiz.questions.map((question) => [question.id, emptyAccumulator(question.options.length)]));
  const result: ModuleQuestionStatistics = { moduleId: module.id, title: module.title, version: module.version, attempts: 0, passed: 0, meanScore: null, otherVersionAttempts: 0, questions: [] };
  let scoreSum = 0;
  let after = 0;
  for (;;) {
    const until = (bound.get({ fiscalYear, moduleId: module.id, after, limit: ASSIGNMENT_SLICE }) as { id: number | null }).id;
    if (until === null) break;
    const rows = slice.all({ fiscalYear, moduleId: module.id, after, until }) as { moduleVersion: number; answers: string | null; passed: number | null; scorePercent: number | null }[];
    for (const row of rows) {
      if (row.moduleVersion !== module.version) {
        result.otherVersionAttempts += 1;
        continue;
      }
      const answers = parseAnswers(row.answers);
      if (!answers) continue;
      result.attempts += 1;
      if (row.passed === 1) result.passed += 1;
      scoreSum += row.scorePercent ?? 0;
      // A submitted attempt answered every question it drew (validateAnswers), so its answers
      // are its drawn questions.
      const items: GradedItem[] = Object.entries(answers).map(([questionId, chosen]) => {
        const question = byId.get(questionId);
        return { questionId, chosen, correct: question ? isAnswerCorrect(question, chosen) : false };
      });
      addAttempt(accumulators, items);
    }
    after = until;
    await yieldToEventLoop();
  }
  result.meanScore = result.attempts === 0 ? null : scoreSum / result.attempts;
  result.questions = module.quiz.questions.map((question) => summariseQuestion(question, accumulators.get(question.id)!));
  return result;
}

/** Compute the statistics of every module with a quiz for a 年度 (worker task "report.questions"). */
export async function computeQuestionStatistics(db: Db, input: { fiscalYear: number; modules: QuizModuleInput[]; now?: number }): Promise<QuestionStatisticsReport> {
  const modules: ModuleQuestionStatistics[] = [];
  for (const module of [...input.modules].sort((a, b) => a.order - b.order)) modules.push(await moduleStatistics(db, input.fiscalYear, module));
  return { fiscalYear: input.fiscalYear, computedAt: input.now ?? Date.now(), modules };
}
