// 研修実施状況報告: the one-page annual report for the CISO. Per organisation (policy 4(1)) and
// category it counts PEOPLE (not assignments), and per module and question it shows the share of
// correct answers. It reads every assignment and submitted quiz attempt of the 年度, so it is
// computed in the background worker process (getAnnualReport in annual-report-cache.server.ts),
// in slices with yields in between (where it runs inline, the event loop is never blocked for
// long), and the result is cached briefly.
//
// Definitions (also printed on the report):
//   対象者   active employees with at least one non-exempt assignment in the 年度
//   修了者   対象者 whose every non-exempt assignment of the 年度 is completed
//   期限超過者 対象者 with at least one overdue assignment (as of the day of the report)
//   免除者   active employees with at least one exempt assignment in the 年度
//   研修ごとの完了率（件） completed ÷ non-exempt assignments of the same people (as on the dashboard);
//            both rates go through reports/rates.ts like every other page
//   正答率   over submitted attempts of the 年度's non-exempt assignments of active employees,
//            graded against the module's current question bank (attempts on other versions are
//            counted apart, since their questions may differ)
import type { Db } from "~/db/client.server";
import { isAnswerCorrect } from "../quiz/quiz";
import type { TrainingModule } from "../content/load.server";
import { loadDepartmentTree, listCategories, organisationOf, type Category } from "./organisation.server";
import { statement } from "./statements.server";

/** People (and, for reference, their non-exempt assignments and how many of those are completed). */
export type PeopleCounts = { people: number; completed: number; overdue: number; exempt: number; assignments: number; completedAssignments: number };

export type QuestionStat = { id: string; prompt: string; answered: number; correct: number };
export type ModuleQuestionStats = { moduleId: string; title: string; version: number; attempts: number; otherVersionAttempts: number; questions: QuestionStat[] };

/** The previous 年度 for comparison, per organisation, from the summary tables (same definitions). */
export type PreviousCounts = { people: number; completed: number; assignments: number; completedAssignments: number };
export type PreviousYear = { fiscalYear: number; organisations: { id: number; total: PreviousCounts }[]; total: PreviousCounts };

export type AnnualReport = {
  fiscalYear: number;
  previous: PreviousYear | null;
  asOf: string;
  computedAt: number;
  categories: Category[];
  organisations: { id: number; name: string; byCategory: Record<number, PeopleCounts>; total: PeopleCounts }[];
  byCategory: Record<number, PeopleCounts>;
  total: PeopleCounts;
  modules: ModuleQuestionStats[];
};

const EMPLOYEE_SLICE = 300;
const ATTEMPT_SLICE = 300;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function emptyPeople(): PeopleCounts {
  return { people: 0, completed: 0, overdue: 0, exempt: 0, assignments: 0, completedAssignments: 0 };
}

function addPeople(into: PeopleCounts, from: PeopleCounts): void {
  into.people += from.people;
  into.completed += from.completed;
  into.overdue += from.overdue;
  into.exempt += from.exempt;
  into.assignments += from.assignments;
  into.completedAssignments += from.completedAssignments;
}

async function countPeople(db: Db, fiscalYear: number, today: string) {
  const tree = loadDepartmentTree(db);
  const categories = listCategories(db);
  const organisations = (tree.children.get(null) ?? []).map((organisation) => ({
    id: organisation.id,
    name: organisation.name,
    byCategory: {} as Record<number, PeopleCounts>,
    total: emptyPeople(),
  }));
  const byOrganisation = new Map(organisations.map((organisation) => [organisation.id, organisation]));
  const slice = statement(
    db,
    `SELECT e.id, e.category_id AS categoryId, e.department_id AS departmentId,
       sum(a.exempted_at IS NULL) AS assigned,
       sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed,
       sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date < @today) AS overdue,
       sum(a.exempted_at IS NOT NULL) AS exempt
     FROM employees e CROSS JOIN assignments a INDEXED BY assignments_employee_module_year_idx ON a.employee_id = e.id AND a.fiscal_year = @fiscalYear
     WHERE e.id > @after AND e.id <= @until AND e.active = 1
     GROUP BY e.id`,
  );
  const maxId = (statement(db, "SELECT max(id) AS id FROM employees").get() as { id: number | null }).id ?? 0;
  for (let after = 0; after < maxId; after += EMPLOYEE_SLICE) {
    const rows = slice.all({ fiscalYear, today, after, until: after + EMPLOYEE_SLICE }) as {
      categoryId: number; departmentId: number; assigned: number; completed: number; overdue: number; exempt: number;
    }[];
    for (const row of rows) {
      const organisation = byOrganisation.get(organisationOf(tree, row.departmentId)?.id ?? -1);
      if (!organisation) continue;
      const counts = (organisation.byCategory[row.categoryId] ??= emptyPeople());
      const person = {
        people: row.assigned > 0 ? 1 : 0,
        completed: row.assigned > 0 && row.completed === row.assigned ? 1 : 0,
        overdue: row.overdue > 0 ? 1 : 0,
        exempt: row.exempt > 0 ? 1 : 0,
        assignments: row.assigned,
        completedAssignments: row.completed,
      };
      addPeople(counts, person);
      addPeople(organisation.total, person);
    }
    await yieldToEventLoop();
  }
  const byCategory: Record<number, PeopleCounts> = {};
  const total = emptyPeople();
  for (const organisation of organisations) {
    for (const [categoryId, counts] of Object.entries(organisation.byCategory)) addPeople((byCategory[Number(categoryId)] ??= emptyPeople()), counts);
    addPeople(total, organisation.total);
  }
  return { categories, organisations, byCategory, total };
}

async function questionStats(db: Db, fiscalYear: number, modules: TrainingModule[]): Promise<ModuleQuestionStats[]> {
  // Slices of ATTEMPT_SLICE assignments, walked by id on assignments_year_module_idx.
  const bound = statement(
    db,
    `SELECT max(id) AS id FROM (SELECT id FROM assignments WHERE fiscal_year = @fiscalYear AND module_id = @moduleId AND id > @after ORDER BY id LIMIT @limit)`,
  );
  const slice = statement(
    db,
    `SELECT q.module_version AS moduleVersion, q.answers
     FROM assignments a
     JOIN employees e ON e.id = a.employee_id
     JOIN quiz_attempts q ON q.assignment_id = a.id
     WHERE a.fiscal_year = @fiscalYear AND a.module_id = @moduleId AND a.id > @after AND a.id <= @until
       AND a.exempted_at IS NULL AND e.active = 1 AND q.submitted_at IS NOT NULL`,
  );
  const results: ModuleQuestionStats[] = [];
  for (const module of modules) {
    const quiz = module.quiz;
    if (!quiz) continue;
    const stats = new Map(quiz.questions.map((question) => [question.id, { id: question.id, prompt: question.prompt, answered: 0, correct: 0 }]));
    const byId = new Map(quiz.questions.map((question) => [question.id, question]));
    const entry: ModuleQuestionStats = { moduleId: module.id, title: module.title, version: module.version, attempts: 0, otherVersionAttempts: 0, questions: [] };
    let after = 0;
    for (;;) {
      const until = (bound.get({ fiscalYear, moduleId: module.id, after, limit: ATTEMPT_SLICE }) as { id: number | null }).id;
      if (until === null) break;
      const rows = slice.all({ fiscalYear, moduleId: module.id, after, until }) as { moduleVersion: number; answers: string | null }[];
      for (const row of rows) {
        if (row.moduleVersion !== module.version) {
          entry.otherVersionAttempts += 1;
          continue;
        }
        entry.attempts += 1;
        let answers: unknown;
        try {
          answers = JSON.parse(row.answers ?? "{}");
        } catch {
          continue;
        }
        if (!answers || typeof answers !== "object") continue;
        for (const [questionId, chosen] of Object.entries(answers)) {
          const question = byId.get(questionId);
          const stat = stats.get(questionId);
          if (!question || !stat || !Array.isArray(chosen)) continue;
          stat.answered += 1;
          if (isAnswerCorrect(question, chosen.filter((value): value is number => typeof value === "number"))) stat.correct += 1;
        }
      }
      after = until;
      await yieldToEventLoop();
    }
    entry.questions = [...stats.values()];
    results.push(entry);
  }
  return results;
}

/**
 * The previous 年度's people and assignments per organisation: a few primary-key reads of
 * report_person_summary and report_summary (organisations are the top of the summary), with the
 * report's definitions (active staff, current department, exempt left out). Null when that 年度
 * had nothing.
 */
export function previousYear(db: Db, fiscalYear: number): PreviousYear | null {
  const year = fiscalYear - 1;
  const tree = loadDepartmentTree(db);
  const ids = JSON.stringify((tree.children.get(null) ?? []).map((organisation) => organisation.id));
  const people = new Map(
    (statement(db, `SELECT department_id AS id, sum(people) AS people, sum(CASE WHEN finished = 1 THEN people ELSE 0 END) AS completed
       FROM report_person_summary WHERE fiscal_year = ? AND department_id IN (SELECT value FROM json_each(?)) GROUP BY department_id`)
      .all(year, ids) as { id: number; people: number; completed: number }[]).map((row) => [row.id, row]),
  );
  const assignments = new Map(
    (statement(db, `SELECT department_id AS id, sum(CASE WHEN state <> 'exempt' THEN assignments ELSE 0 END) AS assignments,
         sum(CASE WHEN state = 'completed' THEN assignments ELSE 0 END) AS completedAssignments
       FROM report_summary WHERE fiscal_year = ? AND department_id IN (SELECT value FROM json_each(?)) GROUP BY department_id`)
      .all(year, ids) as { id: number; assignments: number; completedAssignments: number }[]).map((row) => [row.id, row]),
  );
  const total: PreviousCounts = { people: 0, completed: 0, assignments: 0, completedAssignments: 0 };
  const organisations = (tree.children.get(null) ?? []).map((organisation) => {
    const counts: PreviousCounts = {
      people: people.get(organisation.id)?.people ?? 0,
      completed: people.get(organisation.id)?.completed ?? 0,
      assignments: assignments.get(organisation.id)?.assignments ?? 0,
      completedAssignments: assignments.get(organisation.id)?.completedAssignments ?? 0,
    };
    total.people += counts.people;
    total.completed += counts.completed;
    total.assignments += counts.assignments;
    total.completedAssignments += counts.completedAssignments;
    return { id: organisation.id, total: counts };
  });
  return total.people === 0 && total.assignments === 0 ? null : { fiscalYear: year, organisations, total };
}

/** Compute the report now (slices with yields in between). */
export async function computeAnnualReport(db: Db, input: { fiscalYear: number; today: string; modules: TrainingModule[]; now?: number }): Promise<AnnualReport> {
  const people = await countPeople(db, input.fiscalYear, input.today);
  const modules = await questionStats(db, input.fiscalYear, [...input.modules].sort((a, b) => a.order - b.order));
  return { fiscalYear: input.fiscalYear, previous: previousYear(db, input.fiscalYear), asOf: input.today, computedAt: input.now ?? Date.now(), ...people, modules };
}
