// A synthetic city for the benchmark (npm run bench): 50,000 active staff (plus leavers) under
// the five organisations of policy 4(1), three 年度 of assignments (~2 million rows) with
// completions, quiz attempts, acknowledgements, extensions and exemptions. Deterministic (seeded)
// and fast: prepared statements in one transaction on a connection with the journal off; the
// report summary is rebuilt once at the end instead of by a trigger per row.
import { createHash, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { isInAudience } from "../assignments/audience";
import type { TrainingModule } from "../content/load.server";
import { DEFAULT_CATEGORIES } from "../content/schema";
import { createRandom } from "../demo/seed.server";
import { drawQuestions, scoreAttempt, type Answers } from "../quiz/quiz";
import { dropReportSummaryTriggers, installReportSummary, MONTH_DEPTH, SUMMARY_DEPTH } from "../reports/summary-maintenance.server";
import { addDays, fiscalYearEnd, fiscalYearStart } from "../time";

export type SyntheticOptions = {
  file: string;
  modules: TrainingModule[];
  /** Active employees (leavers come on top). */
  employees: number;
  /** The 年度 that is "now"; the two before it are history. */
  currentYear: number;
  /** Japan-time date of "now". */
  today: string;
  seed?: number;
};

export type SyntheticResult = {
  departments: number;
  employees: number;
  activeEmployees: number;
  assignments: number;
  completions: number;
  quizAttempts: number;
  seconds: number;
  /** Employee numbers handy for the benchmark. */
  hrEmployeeNo: string;
  auditorEmployeeNo: string;
  learnerEmployeeNos: string[];
  organisationIds: number[];
  departmentSample: number[];
};

const ORGANISATIONS: { code: string; name: string; share: number; bu: string[] }[] = [
  { code: "1", name: "内部部局", share: 0.6, bu: ["総務部", "企画財政部", "市民生活部", "健康福祉部", "子ども未来部", "環境部", "産業振興部", "観光交流部", "建設部", "都市整備部", "会計課", "危機管理部"] },
  { code: "2", name: "行政委員会", share: 0.2, bu: ["教育委員会事務局", "学校教育部", "生涯学習部", "選挙管理委員会事務局", "監査委員事務局", "農業委員会事務局"] },
  { code: "3", name: "議会事務局", share: 0.01, bu: ["議会事務局"] },
  { code: "4", name: "消防本部", share: 0.09, bu: ["消防総務部", "警防部", "予防部", "中央消防署", "東消防署", "西消防署"] },
  { code: "5", name: "地方公営企業", share: 0.1, bu: ["上下水道局", "市民病院", "交通局", "ガス局"] },
];
const KA_NAMES = ["総務課", "企画課", "管理課", "業務課", "調整課", "推進課", "指導課", "施設課", "サービス課", "計画課"];
const KAKARI_NAMES = ["庶務係", "管理係", "事業係", "調査係", "相談係"];
const SURNAMES: [string, string][] = [
  ["佐藤", "サトウ"], ["鈴木", "スズキ"], ["高橋", "タカハシ"], ["田中", "タナカ"], ["伊藤", "イトウ"], ["渡辺", "ワタナベ"], ["山本", "ヤマモト"],
  ["中村", "ナカムラ"], ["小林", "コバヤシ"], ["加藤", "カトウ"], ["吉田", "ヨシダ"], ["山田", "ヤマダ"], ["佐々木", "ササキ"], ["山口", "ヤマグチ"],
  ["松本", "マツモト"], ["井上", "イノウエ"], ["木村", "キムラ"], ["林", "ハヤシ"], ["斎藤", "サイトウ"], ["清水", "シミズ"], ["能登", "ノト"], ["七尾", "ナナオ"],
];
const GIVEN: [string, string][] = [
  ["翔太", "ショウタ"], ["健一", "ケンイチ"], ["大輔", "ダイスケ"], ["拓也", "タクヤ"], ["直樹", "ナオキ"], ["陽菜", "ヒナ"], ["美咲", "ミサキ"],
  ["結衣", "ユイ"], ["真由美", "マユミ"], ["恵子", "ケイコ"], ["和也", "カズヤ"], ["聡", "サトシ"], ["由紀", "ユキ"], ["智子", "トモコ"], ["浩二", "コウジ"],
];
const EXEMPTION_REASONS = ["育児休業のため", "長期療養のため", "派遣研修中のため"];
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_SPACE = 31 ** 10;

/**
 * A distinct verification code for every n < 2^28: increasing with n (so the unique index is
 * appended to, not written at random places), with random low digits so codes are not guessable.
 */
function codeFor(n: number, random: () => number): string {
  const stride = Math.floor(CODE_SPACE / 2 ** 28);
  let value = n * stride + Math.floor(random() * stride);
  let code = "";
  for (let index = 0; index < 10; index += 1) {
    code = CODE_ALPHABET[value % 31] + code;
    value = Math.floor(value / 31);
  }
  return code;
}

type Attempt = { drawn: string; answers: string; correct: number; count: number; percent: number; passed: number };

/** A pool of realistic attempts per module, drawn with the real quiz code (cheap to reuse). */
function attemptPool(module: TrainingModule, random: () => number, passed: boolean): Attempt[] {
  const quiz = module.quiz!;
  const pool: Attempt[] = [];
  while (pool.length < 48) {
    const drawn = drawQuestions(quiz, random);
    const answers: Answers = {};
    for (const { questionId } of drawn) {
      const question = quiz.questions.find((candidate) => candidate.id === questionId)!;
      const correct = question.options.flatMap((option, index) => (option.correct ? [index] : []));
      const wrong = question.options.flatMap((option, index) => (option.correct ? [] : [index]));
      // Some questions are harder than others: the report should show it.
      const difficulty = (question.id.length % 5) * 0.06;
      answers[questionId] = random() < (passed ? 0.93 : 0.55) - difficulty || wrong.length === 0 ? correct : [wrong[Math.floor(random() * wrong.length)]];
    }
    const score = scoreAttempt(quiz, drawn, answers);
    if (score.passed !== passed) continue;
    pool.push({ drawn: JSON.stringify(drawn), answers: JSON.stringify(answers), correct: score.correctCount, count: score.questionCount, percent: score.scorePercent, passed: passed ? 1 : 0 });
  }
  return pool;
}

export function buildSyntheticOrganisation(options: SyntheticOptions): SyntheticResult {
  const started = Date.now();
  const random = createRandom(options.seed ?? 50_000);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const sqlite = new Database(options.file);
  // NOTE: a WAL database cannot go straight to a memory journal; via DELETE it can. A crash
  // during the load leaves a broken file, which is fine for a throw-away benchmark database.
  sqlite.pragma("journal_mode = DELETE");
  sqlite.pragma("journal_mode = MEMORY");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -400000");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("temp_store = MEMORY");
  dropReportSummaryTriggers(sqlite);
  // Bulk load: indexes are dropped and built again afterwards (sorting once beats millions of
  // B-tree inserts); the schema ends up exactly as migrated.
  const indexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name <> 'report_summary'")
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) sqlite.exec(`DROP INDEX "${name}"`);
  const now = Date.parse(`${options.today}T01:00:00Z`);
  const years = [options.currentYear - 2, options.currentYear - 1, options.currentYear];
  const annual = options.modules.filter((module) => module.recurrence === "annual");
  const passedPools = new Map(annual.filter((module) => module.quiz).map((module) => [module.id, attemptPool(module, random, true)]));
  const failedPools = new Map(annual.filter((module) => module.quiz).map((module) => [module.id, attemptPool(module, random, false)]));

  const prepare = (source: string) => sqlite.prepare(source);
  const insertCategory = prepare("INSERT INTO categories (id, name, sort_order) VALUES (?, ?, ?)");
  const insertDepartment = prepare("INSERT INTO departments (id, code, name, parent_id, level, path, head_employee_id, sort_order) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)");
  const insertEmployee = prepare(`INSERT INTO employees (id, employee_no, name, name_kana, email, category_id, department_id, role_tier, hire_date, end_date, active, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertHistory = prepare("INSERT INTO department_history (employee_id, department_id, from_date, to_date, recorded_at) VALUES (?, ?, ?, ?, ?)");
  const insertAccount = prepare("INSERT INTO accounts (id, employee_id, password_hash, disabled, demo, created_at) VALUES (?, ?, NULL, ?, 0, ?)");
  const insertRole = prepare("INSERT INTO account_roles (account_id, role) VALUES (?, ?)");
  const insertAssignment = prepare(`INSERT INTO assignments (id, employee_id, module_id, fiscal_year, due_date, source, created_at, started_at, read_at, completed_at, completed_version, exempted_at, exemption_reason)
    VALUES (?, ?, ?, ?, ?, 'rule', ?, ?, ?, ?, ?, ?, ?)`);
  const insertAttempt = prepare(`INSERT INTO quiz_attempts (id, assignment_id, module_version, drawn, started_at, submitted_at, answers, correct_count, question_count, score_percent, passed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertCompletion = prepare("INSERT INTO completions (assignment_id, module_version, completed_at, quiz_attempt_id, verification_code) VALUES (?, ?, ?, ?, ?)");
  const insertAcknowledgement = prepare("INSERT INTO acknowledgements (assignment_id, employee_id, module_id, module_version, text_hash, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?)");
  const insertEvent = prepare("INSERT INTO assignment_events (assignment_id, kind, previous_due_date, new_due_date, reason, actor_account_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)");

  const counts = { departments: 0, employees: 0, assignments: 0, completions: 0, quizAttempts: 0 };
  const ancestors = new Map<number, number[]>();
  // report_summary, counted while generating (the same rule as the triggers; a test compares it
  // with a rebuild): key "fy|department|category|module|state|day" → assignments.
  const summary = new Map<string, number>();
  const countInSummary = (fiscalYear: number, departmentOfPerson: number, categoryId: number, moduleId: string, state: string, day: string, month: string) => {
    ancestors.get(departmentOfPerson)!.slice(0, SUMMARY_DEPTH).forEach((ancestorId, index) => {
      const key = `${fiscalYear}|${ancestorId}|${categoryId}|${moduleId}|${state}|${state === "completed" ? (index < MONTH_DEPTH ? month : "") : day}`;
      summary.set(key, (summary.get(key) ?? 0) + 1);
    });
  };
  const leafDepartments: { id: number; weight: number; organisation: number }[] = [];
  const organisationIds: number[] = [];
  const learnerEmployeeNos: string[] = [];
  let hrEmployeeNo = "";
  let auditorEmployeeNo = "";

  sqlite.transaction(() => {
    DEFAULT_CATEGORIES.forEach((name, index) => insertCategory.run(index + 1, name, index));
    // Departments: organisation → 部 → 課 → 係, sized so that a 係 holds ~15–40 people.
    let departmentId = 0;
    const addDepartment = (code: string, name: string, parentId: number | null, level: string, parentPath: string, sortOrder: number) => {
      departmentId += 1;
      const path = `${parentPath}${departmentId}/`;
      ancestors.set(departmentId, path.split("/").filter(Boolean).map(Number));
      insertDepartment.run(departmentId, code, name, parentId, level, path, sortOrder);
      counts.departments += 1;
      return { id: departmentId, path };
    };
    ORGANISATIONS.forEach((organisation, organisationIndex) => {
      const top = addDepartment(`${organisation.code}000`, organisation.name, null, "organisation", "/", organisationIndex);
      organisationIds.push(top.id);
      const staff = options.employees * organisation.share;
      const kaPerBu = Math.max(1, Math.round(staff / organisation.bu.length / 120));
      organisation.bu.forEach((buName, buIndex) => {
        const bu = addDepartment(`${organisation.code}${String(buIndex + 1).padStart(2, "0")}00`, buName, top.id, "bu", top.path, buIndex);
        for (let kaIndex = 0; kaIndex < kaPerBu; kaIndex += 1) {
          const kaName = kaIndex < KA_NAMES.length ? `${buName.replace(/(部|局|事務局)$/, "")}${KA_NAMES[kaIndex]}` : `${buName.replace(/(部|局|事務局)$/, "")}第${kaIndex + 1}課`;
          const ka = addDepartment(`${organisation.code}${String(buIndex + 1).padStart(2, "0")}${String(kaIndex + 1).padStart(2, "0")}`, kaName, bu.id, "ka", bu.path, kaIndex);
          leafDepartments.push({ id: ka.id, weight: 0.4 + random(), organisation: top.id });
          const kakariCount = 2 + Math.floor(random() * 3);
          for (let kakariIndex = 0; kakariIndex < kakariCount; kakariIndex += 1) {
            const kakari = addDepartment(`${organisation.code}${String(buIndex + 1).padStart(2, "0")}${String(kaIndex + 1).padStart(2, "0")}${kakariIndex + 1}`, KAKARI_NAMES[kakariIndex], ka.id, "kakari", ka.path, kakariIndex);
            leafDepartments.push({ id: kakari.id, weight: 0.8 + random() * 1.5, organisation: top.id });
          }
        }
      });
    });
    // Staff per organisation follow the shares; inside one, per department by weight.
    const placements: number[] = [];
    for (const [index, organisation] of ORGANISATIONS.entries()) {
      const leaves = leafDepartments.filter((leaf) => leaf.organisation === organisationIds[index]);
      const total = leaves.reduce((sum, leaf) => sum + leaf.weight, 0);
      const staff = Math.round(options.employees * organisation.share);
      let placed = 0;
      leaves.forEach((leaf, leafIndex) => {
        const size = leafIndex === leaves.length - 1 ? staff - placed : Math.round((staff * leaf.weight) / total);
        for (let person = 0; person < size; person += 1) placements.push(leaf.id);
        placed += size;
      });
    }
    const leaverCount = Math.round(options.employees * 0.05);
    const firstYearStart = fiscalYearStart(years[0]);
    const assignmentCounter = { id: 0, attempt: 0, completion: 0 };
    const total = placements.length + leaverCount;
    for (let index = 0; index < total; index += 1) {
      const employeeId = index + 1;
      const leaver = index >= placements.length;
      const departmentIdOfPerson = leaver ? pick(leafDepartments).id : placements[index];
      const roll = random();
      const categoryIndex = roll < 0.65 ? 0 : roll < 0.85 ? 1 : roll < 0.93 ? 2 : 3;
      // The mix the benchmark figures were measured with (the two newer categories take the 職員 track).
      const category = (["職員", "非常勤職員", "臨時職員", "委託事業者"] as const)[categoryIndex];
      const tier = categoryIndex === 0 ? (random() < 0.09 ? "管理職" : random() < 0.04 ? "システム担当" : "一般") : "一般";
      // ~4% join during each 年度; the rest were there before the first year of history.
      const joinRoll = random();
      const joinYear = joinRoll < 0.04 ? years[2] : joinRoll < 0.08 ? years[1] : joinRoll < 0.12 ? years[0] : null;
      const hireDate = joinYear === null ? `${years[0] - 1 - Math.floor(random() * 30)}-04-01` : addDays(fiscalYearStart(joinYear), Math.floor(random() * 300));
      const hireDateCapped = hireDate > options.today ? addDays(options.today, -Math.floor(random() * 60)) : hireDate;
      const endDate = leaver ? addDays(fiscalYearStart(years[1]), Math.floor(random() * 500)) : null;
      const endDateCapped = endDate && endDate > options.today ? addDays(options.today, -10) : endDate;
      const [surname, surnameKana] = pick(SURNAMES);
      const [given, givenKana] = pick(GIVEN);
      const employeeNo = `B${String(employeeId).padStart(6, "0")}`;
      insertEmployee.run(
        employeeId, employeeNo, `${surname} ${given}`, `${surnameKana} ${givenKana}`, categoryIndex === 3 ? null : `${employeeNo.toLowerCase()}@example.lg.jp`,
        DEFAULT_CATEGORIES.indexOf(category) + 1, departmentIdOfPerson, tier, hireDateCapped, endDateCapped, leaver ? 0 : 1, now, now,
      );
      counts.employees += 1;
      // Department history: ~4% moved at the start of the current 年度.
      if (!leaver && random() < 0.04) {
        const previous = pick(leafDepartments).id;
        insertHistory.run(employeeId, previous, hireDateCapped < firstYearStart ? hireDateCapped : hireDateCapped, addDays(fiscalYearStart(years[2]), -1), now);
        insertHistory.run(employeeId, departmentIdOfPerson, fiscalYearStart(years[2]), null, now);
      } else {
        insertHistory.run(employeeId, departmentIdOfPerson, hireDateCapped, endDateCapped, now);
      }
      insertAccount.run(employeeId, employeeId, leaver ? 1 : 0, now);
      insertRole.run(employeeId, "learner");
      if (employeeId === 1) {
        hrEmployeeNo = employeeNo;
        insertRole.run(employeeId, "hr");
      } else if (employeeId === 2) {
        auditorEmployeeNo = employeeNo;
        insertRole.run(employeeId, "auditor");
      } else if (!leaver && learnerEmployeeNos.length < 400 && random() < 0.02) {
        learnerEmployeeNos.push(employeeNo);
      }

      const employee = { categoryName: category, roleTier: tier };
      for (const fiscalYear of years) {
        if (hireDateCapped > fiscalYearEnd(fiscalYear)) continue;
        if (endDateCapped && endDateCapped < fiscalYearStart(fiscalYear)) continue;
        const isCurrent = fiscalYear === options.currentYear;
        const hiredThisYear = hireDateCapped >= fiscalYearStart(fiscalYear);
        const createdAt = Date.parse(`${hiredThisYear ? hireDateCapped : fiscalYearStart(fiscalYear)}T00:00:00Z`);
        const diligence = random();
        annual.forEach((module, moduleIndex) => {
          if (!isInAudience(module.audience, employee)) return;
          // Due: the 誓約 by the end of June, one module by the end of September, the rest by
          // 12月末; new hires N days after hire (SPEC defaults).
          let dueDate = module.kind === "acknowledgement" ? `${fiscalYear}-06-30` : moduleIndex === 1 ? `${fiscalYear}-09-30` : `${fiscalYear}-12-28`;
          if (hiredThisYear) dueDate = addDays(hireDateCapped, [30, 14, 14, 7][categoryIndex]);
          if (dueDate > fiscalYearEnd(fiscalYear)) dueDate = fiscalYearEnd(fiscalYear);
          let extendedFrom: string | null = null;
          if (random() < 0.006 && dueDate < fiscalYearEnd(fiscalYear)) {
            extendedFrom = dueDate;
            dueDate = addDays(dueDate, 30) > fiscalYearEnd(fiscalYear) ? fiscalYearEnd(fiscalYear) : addDays(dueDate, 30);
          }
          assignmentCounter.id += 1;
          const assignmentId = assignmentCounter.id;
          counts.assignments += 1;
          const dueInstant = Date.parse(`${dueDate}T00:00:00Z`);
          const elapsed = isCurrent ? Math.min(1, Math.max(0, (now - createdAt) / Math.max(1, dueInstant - createdAt))) : 1;
          const chance = isCurrent ? Math.min(0.97, 0.25 + 0.7 * elapsed) * (0.6 + diligence * 0.5) : 0.9 + diligence * 0.09;
          const leftBeforeDue = endDateCapped !== null && endDateCapped < dueDate;
          const roll2 = random();
          let startedAt: number | null = null;
          let readAt: number | null = null;
          let completedAt: number | null = null;
          let exemptedAt: number | null = null;
          let exemptionReason: string | null = null;
          if (roll2 < 0.008) {
            exemptedAt = createdAt + 86_400_000 * (5 + Math.floor(random() * 60));
            exemptionReason = pick(EXEMPTION_REASONS);
          } else if (roll2 < chance && !leftBeforeDue) {
            const latest = Math.min(now - 3_600_000, dueInstant + (random() < 0.08 ? 86_400_000 * 20 : 0));
            completedAt = createdAt + Math.floor(random() * Math.max(3_600_000, latest - createdAt));
            startedAt = completedAt - 25 * 60_000;
            readAt = completedAt - 12 * 60_000;
          } else if (roll2 < chance + 0.12) {
            startedAt = Math.min(now - 3_600_000, createdAt + Math.floor(random() * Math.max(3_600_000, Math.min(now, dueInstant) - createdAt)));
          }
          if (exemptedAt !== null && exemptedAt > now) exemptedAt = now - 86_400_000;
          insertAssignment.run(
            assignmentId, employeeId, module.id, fiscalYear, dueDate, createdAt, startedAt, readAt, completedAt, completedAt === null ? null : module.version, exemptedAt, exemptionReason,
          );
          if (!leaver) {
            const state = exemptedAt !== null ? "exempt" : completedAt !== null ? "completed" : startedAt !== null || readAt !== null ? "in_progress" : "not_started";
            const month = completedAt === null ? "" : new Date(completedAt + 9 * 3_600_000).toISOString().slice(0, 7);
            countInSummary(fiscalYear, departmentIdOfPerson, DEFAULT_CATEGORIES.indexOf(category) + 1, module.id, state, state === "exempt" ? "" : dueDate, month);
          }
          if (exemptedAt !== null) insertEvent.run(assignmentId, "exemption", null, null, exemptionReason, 1, exemptedAt);
          if (extendedFrom !== null) insertEvent.run(assignmentId, "extension", extendedFrom, dueDate, "災害対応業務に従事したため", 1, createdAt + 86_400_000 * 20);
          let passedAttemptId: number | null = null;
          // The oldest 年度 is history brought over without quiz details (completions only).
          if (module.quiz && fiscalYear !== years[0] && (completedAt !== null || (startedAt !== null && random() < 0.3))) {
            const failures = completedAt === null ? 1 : random() < 0.1 ? 1 : 0;
            const base = completedAt ?? startedAt! + 10 * 60_000;
            for (let attempt = 0; attempt < failures; attempt += 1) {
              const sample = pick(failedPools.get(module.id)!);
              assignmentCounter.attempt += 1;
              insertAttempt.run(assignmentCounter.attempt, assignmentId, module.version, sample.drawn, base - 9 * 60_000, base - 6 * 60_000, sample.answers, sample.correct, sample.count, sample.percent, 0);
            }
            if (completedAt !== null) {
              const sample = pick(passedPools.get(module.id)!);
              assignmentCounter.attempt += 1;
              passedAttemptId = assignmentCounter.attempt;
              insertAttempt.run(passedAttemptId, assignmentId, module.version, sample.drawn, completedAt - 4 * 60_000, completedAt, sample.answers, sample.correct, sample.count, sample.percent, 1);
            }
          }
          if (completedAt !== null) {
            assignmentCounter.completion += 1;
            insertCompletion.run(assignmentId, module.version, completedAt, passedAttemptId, codeFor(assignmentCounter.completion, random));
            if (module.kind === "acknowledgement") insertAcknowledgement.run(assignmentId, employeeId, module.id, module.version, module.bodyHash, completedAt);
          }
        });
      }
    }
    counts.completions = assignmentCounter.completion;
    counts.quizAttempts = assignmentCounter.attempt;
  })();

  for (const { sql } of indexes) sqlite.exec(sql);
  // The triggers, and the summary counted above (the same as a rebuild, which takes ~15 s here).
  // No ANALYZE: a production database has no statistics either, and the report queries fix their plans.
  installReportSummary(sqlite, {
    fill: (insert) => {
      for (const [key, n] of summary) {
        const [fiscalYear, departmentId, categoryId, moduleId, state, day] = key.split("|");
        insert.run(Number(fiscalYear), Number(departmentId), Number(categoryId), moduleId, state, day, n);
      }
    },
  });
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  return {
    ...counts,
    activeEmployees: options.employees,
    seconds: (Date.now() - started) / 1000,
    hrEmployeeNo,
    auditorEmployeeNo,
    learnerEmployeeNos,
    organisationIds,
    departmentSample: leafDepartments.filter((_, index) => index % 37 === 0).map((leaf) => leaf.id),
  };
}

/** A session row for an account, and the cookie value that carries its token. */
export function createBenchSession(file: string, accountIds: number[], nowMs = Date.now()): Map<number, string> {
  const sqlite = new Database(file);
  sqlite.pragma("busy_timeout = 5000");
  const insert = sqlite.prepare("INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, '127.0.0.1')");
  const tokens = new Map<number, string>();
  sqlite.transaction(() => {
    for (const accountId of accountIds) {
      const token = randomBytes(32).toString("base64url");
      insert.run(createHash("sha256").update(token).digest("hex"), accountId, nowMs, nowMs, nowMs + 12 * 3_600_000);
      tokens.set(accountId, token);
    }
  })();
  sqlite.close();
  return tokens;
}

/**
 * Accounts and samples the benchmark uses: HR's and the learners' account ids, a password for HR,
 * the auditor and one learner (so that a kept database can be signed into), and ids to request.
 */
export function prepareBenchAccounts(file: string, data: SyntheticResult, passwordHash: string) {
  const sqlite = new Database(file);
  sqlite.pragma("busy_timeout = 5000");
  const accountOf = sqlite.prepare("SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = ?").pluck();
  const hrAccount = accountOf.get(data.hrEmployeeNo) as number;
  const learnerAccounts = data.learnerEmployeeNos.map((employeeNo) => accountOf.get(employeeNo) as number);
  sqlite.prepare("UPDATE accounts SET password_hash = ? WHERE id IN (?, ?, ?)").run(passwordHash, hrAccount, accountOf.get(data.auditorEmployeeNo), learnerAccounts[0]);
  const transcriptSample = sqlite.prepare("SELECT employee_no FROM employees WHERE active = 1 AND id % 97 = 0 LIMIT 300").pluck().all() as string[];
  const buSample = sqlite.prepare("SELECT id FROM departments WHERE level = 'bu' ORDER BY id").pluck().all() as number[];
  sqlite.close();
  return { hrAccount, learnerAccounts, transcriptSample, buSample };
}
