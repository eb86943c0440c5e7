// The demo organisation: Nanao-like departments under the five organisations of policy 4(1),
// about 300 employees in all four categories, and a year of varied progress. Deterministic
// (seeded random) so that screenshots and tests see the same data; dates are relative to
// "now" so that the demo always has current, overdue and completed work.
import { eq } from "drizzle-orm";
import { syncEmployeeSearchKeys } from "../org/search-key.server";
import type { Db, Tx } from "~/db/client.server";
import {
  accountRoles,
  acknowledgements,
  accounts,
  assignments,
  categories,
  completions,
  departmentHistory,
  departments,
  employees,
  fiscalYears,
  quizAttempts,
  settings,
} from "~/db/schema";
import { DEFAULT_NEW_HIRE_DAYS } from "../rules/defaults";
import { SITE_SETTINGS_KEY, type SiteSettings } from "../admin/site-settings";
import { isInAudience } from "../assignments/audience";
import { createVerificationCode } from "../assignments/learner.server";
import { hashPasswordSync } from "../auth/password.server";
import type { Role } from "../auth/roles";
import type { Catalog } from "../content/catalog.server";
import { getCatalog } from "../content/catalog.server";
import { DEFAULT_CATEGORIES } from "../content/schema";
import { drawQuestions, scoreAttempt, type Answers } from "../quiz/quiz";
import { addDays, fiscalYearEnd, fiscalYearOf, fiscalYearStart, japanDate } from "../time";

export const DEMO_PASSWORD = "mamori-demo";

export const DEMO_LOGINS = [
  { employeeNo: "S0001", label: "職員・総務課（受講者）", name: "七尾 太郎", kana: "ナナオ タロウ", category: "職員", department: "1111", tier: "一般", roles: ["learner"] },
  { employeeNo: "S0002", label: "非常勤職員・総務課（受講者）", name: "能登 花子", kana: "ノト ハナコ", category: "非常勤職員", department: "1111", tier: "一般", roles: ["learner"] },
  { employeeNo: "M0001", label: "総務課長（所属長）", name: "和倉 誠", kana: "ワクラ マコト", category: "職員", department: "1110", tier: "管理職", roles: ["learner", "manager"] },
  { employeeNo: "H0001", label: "人事課（人事）", name: "石崎 由美", kana: "イシザキ ユミ", category: "職員", department: "1120", tier: "一般", roles: ["learner", "hr"] },
  { employeeNo: "A0001", label: "情報政策課（システム管理者）", name: "田鶴浜 健", kana: "タツルハマ ケン", category: "職員", department: "1130", tier: "システム担当", roles: ["learner", "admin"] },
] as const satisfies readonly {
  employeeNo: string; label: string; name: string; kana: string; category: string; department: string; tier: string; roles: readonly Role[];
}[];

type DepartmentSeed = { code: string; name: string; level: "organisation" | "bu" | "ka" | "kakari"; children?: DepartmentSeed[]; size?: number };

const ka = (code: string, name: string, size: number, children?: DepartmentSeed[]): DepartmentSeed => ({ code, name, level: "ka", size, children });
const kakari = (code: string, name: string, size: number): DepartmentSeed => ({ code, name, level: "kakari", size });

/** Five organisations of policy 4(1) → 部 → 課 → 係. `size` is the number of staff to create. */
export const DEMO_DEPARTMENTS: DepartmentSeed[] = [
  {
    code: "1000", name: "内部部局", level: "organisation", children: [
      { code: "1100", name: "総務部", level: "bu", children: [
        ka("1110", "総務課", 3, [kakari("1111", "文書法制係", 6), kakari("1112", "庶務係", 5)]),
        ka("1120", "人事課", 8), ka("1130", "情報政策課", 7), ka("1140", "財政課", 8), ka("1150", "防災危機管理課", 7),
      ] },
      { code: "1200", name: "市民生活部", level: "bu", children: [
        ka("1210", "市民課", 20), ka("1220", "税務課", 18), ka("1230", "環境課", 9),
      ] },
      { code: "1300", name: "健康福祉部", level: "bu", children: [
        ka("1310", "福祉課", 14), ka("1320", "子育て支援課", 24), ka("1330", "健康推進課", 12), ka("1340", "高齢者支援課", 10),
      ] },
      { code: "1400", name: "産業部", level: "bu", children: [ka("1410", "農林水産課", 9), ka("1420", "商工観光課", 10)] },
      { code: "1500", name: "建設部", level: "bu", children: [ka("1510", "都市建築課", 9), ka("1520", "土木課", 14)] },
    ],
  },
  {
    code: "2000", name: "行政委員会", level: "organisation", children: [
      { code: "2100", name: "教育委員会事務局", level: "bu", children: [ka("2110", "教育総務課", 9), ka("2120", "学校教育課", 14), ka("2130", "生涯学習課", 7)] },
      ka("2200", "選挙管理委員会事務局", 3), ka("2300", "監査委員事務局", 3), ka("2400", "農業委員会事務局", 3),
    ],
  },
  { code: "3000", name: "議会事務局", level: "organisation", children: [ka("3100", "議事調査課", 5)] },
  {
    code: "4000", name: "消防本部", level: "organisation", children: [
      ka("4100", "消防総務課", 7), ka("4200", "警防課", 14), ka("4300", "予防課", 7), ka("4400", "通信指令課", 6),
    ],
  },
  {
    code: "5000", name: "地方公営企業", level: "organisation", children: [
      { code: "5100", name: "上下水道部", level: "bu", children: [ka("5110", "上下水道課", 13), ka("5120", "料金課", 6)] },
    ],
  },
];

const SURNAMES: [string, string][] = [
  ["佐藤", "サトウ"], ["鈴木", "スズキ"], ["高橋", "タカハシ"], ["田中", "タナカ"], ["山本", "ヤマモト"], ["中村", "ナカムラ"],
  ["小林", "コバヤシ"], ["加藤", "カトウ"], ["吉田", "ヨシダ"], ["山田", "ヤマダ"], ["松本", "マツモト"], ["井上", "イノウエ"],
  ["木村", "キムラ"], ["林", "ハヤシ"], ["清水", "シミズ"], ["山口", "ヤマグチ"], ["池田", "イケダ"], ["橋本", "ハシモト"],
  ["森", "モリ"], ["石川", "イシカワ"], ["前田", "マエダ"], ["藤田", "フジタ"], ["岡田", "オカダ"], ["北村", "キタムラ"],
  ["坂本", "サカモト"], ["西田", "ニシダ"], ["東", "ヒガシ"], ["宮本", "ミヤモト"], ["中川", "ナカガワ"], ["浜田", "ハマダ"],
];
const GIVEN_NAMES: [string, string][] = [
  ["翔太", "ショウタ"], ["健一", "ケンイチ"], ["大輔", "ダイスケ"], ["拓也", "タクヤ"], ["直樹", "ナオキ"], ["亮", "リョウ"],
  ["陽菜", "ヒナ"], ["美咲", "ミサキ"], ["結衣", "ユイ"], ["彩", "アヤ"], ["真由美", "マユミ"], ["恵子", "ケイコ"],
  ["裕子", "ユウコ"], ["和也", "カズヤ"], ["聡", "サトシ"], ["由紀", "ユキ"], ["智子", "トモコ"], ["浩二", "コウジ"],
  ["沙織", "サオリ"], ["修", "オサム"],
];

/** Small deterministic PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type SeededEmployee = { id: number; categoryName: string; roleTier: string; hireDate: string; demoLogin: boolean };

function insertDepartments(tx: Tx): Map<string, { id: number; seed: DepartmentSeed }> {
  const byCode = new Map<string, { id: number; seed: DepartmentSeed }>();
  const visit = (seed: DepartmentSeed, parent: { id: number; path: string } | null, sortOrder: number) => {
    const row = tx
      .insert(departments)
      .values({ code: seed.code, name: seed.name, level: seed.level, parentId: parent?.id ?? null, path: "/", sortOrder })
      .returning({ id: departments.id })
      .get();
    const path = `${parent?.path ?? "/"}${row.id}/`;
    tx.update(departments).set({ path }).where(eq(departments.id, row.id)).run();
    byCode.set(seed.code, { id: row.id, seed });
    seed.children?.forEach((child, index) => visit(child, { id: row.id, path }, index));
  };
  DEMO_DEPARTMENTS.forEach((seed, index) => visit(seed, null, index));
  return byCode;
}

/** Load the demo organisation into an empty database. */
export function seedDemo(db: Db, options: { now: number; catalog?: Catalog }): void {
  const catalog = options.catalog ?? getCatalog();
  const random = createRandom(20250401);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const now = options.now;
  const today = japanDate(now);
  const currentYear = fiscalYearOf(today);
  const passwordHash = hashPasswordSync(DEMO_PASSWORD);

  db.transaction((tx) => {
    const categoryIds = new Map<string, number>();
    DEFAULT_CATEGORIES.forEach((name, index) => {
      categoryIds.set(name, tx.insert(categories).values({ name, sortOrder: index, newHireDays: DEFAULT_NEW_HIRE_DAYS[name] }).returning({ id: categories.id }).get().id);
    });
    const departmentsByCode = insertDepartments(tx);
    // The seeded history below stands for these two 年度 having been opened.
    tx.insert(fiscalYears).values([{ year: currentYear - 1, openedAt: now }, { year: currentYear, openedAt: now }]).run();
    const seeded: SeededEmployee[] = [];

    const addEmployee = (input: {
      employeeNo: string; name: string; kana: string; category: string; departmentCode: string; tier: string;
      hireDate: string; active?: boolean; endDate?: string | null; roles: readonly Role[]; password: boolean; demoLogin: boolean;
    }) => {
      const department = departmentsByCode.get(input.departmentCode)!;
      const employee = tx
        .insert(employees)
        .values({
          employeeNo: input.employeeNo, name: input.name, nameKana: input.kana,
          email: input.category === "委託事業者" ? null : `${input.employeeNo.toLowerCase()}@example.lg.jp`,
          categoryId: categoryIds.get(input.category)!, departmentId: department.id, roleTier: input.tier,
          hireDate: input.hireDate, endDate: input.endDate ?? null, active: input.active ?? true, createdAt: now, updatedAt: now,
        })
        .returning({ id: employees.id })
        .get();
      tx.insert(departmentHistory).values({ employeeId: employee.id, departmentId: department.id, fromDate: input.hireDate, toDate: input.endDate ?? null, recordedAt: now }).run();
      const account = tx
        .insert(accounts)
        .values({ employeeId: employee.id, passwordHash: input.password ? passwordHash : null, demo: input.demoLogin, createdAt: now, disabled: !(input.active ?? true) })
        .returning({ id: accounts.id })
        .get();
      for (const role of input.roles) tx.insert(accountRoles).values({ accountId: account.id, role }).run();
      if (input.active ?? true) seeded.push({ id: employee.id, categoryName: input.category, roleTier: input.tier, hireDate: input.hireDate, demoLogin: input.demoLogin });
      return employee.id;
    };

    for (const login of DEMO_LOGINS) {
      const employeeId = addEmployee({
        employeeNo: login.employeeNo, name: login.name, kana: login.kana, category: login.category, departmentCode: login.department,
        tier: login.tier, hireDate: `${currentYear - 5}-04-01`, roles: login.roles, password: true, demoLogin: true,
      });
      if (login.employeeNo === "M0001") {
        tx.update(departments).set({ headEmployeeId: employeeId }).where(eq(departments.code, "1110")).run();
      }
    }

    let serial = 1;
    for (const [code, { id: departmentId, seed }] of departmentsByCode) {
      if (!seed.size) continue;
      for (let index = 0; index < seed.size; index += 1) {
        const roll = random();
        // Today's mix: 会計年度任用職員 (地方公務員法 第22条の2) are most of the non-permanent staff.
        const category =
          roll < 0.55 ? "職員" : roll < 0.72 ? "会計年度任用職員" : roll < 0.75 ? "臨時的任用職員" : roll < 0.83 ? "非常勤職員" : roll < 0.9 ? "臨時職員" : "委託事業者";
        // The first person of each 課 without a head is its manager (課長).
        const isHead = seed.level === "ka" && index === 0 && code !== "1110";
        const tier = isHead ? "管理職" : category === "職員" && random() < 0.06 ? "システム担当" : "一般";
        const [surname, surnameKana] = pick(SURNAMES);
        const [given, givenKana] = pick(GIVEN_NAMES);
        const hiredThisYear = random() < 0.08;
        const hireDate = hiredThisYear
          ? addDays(fiscalYearStart(currentYear), Math.floor(random() * Math.max(1, Math.min(200, Math.max(0, (Date.parse(today) - Date.parse(fiscalYearStart(currentYear))) / 86_400_000)))))
          : `${currentYear - 1 - Math.floor(random() * 25)}-04-01`;
        const leaver = random() < 0.02;
        const employeeId = addEmployee({
          employeeNo: `E${String(serial).padStart(5, "0")}`,
          name: `${surname} ${given}`, kana: `${surnameKana} ${givenKana}`, category: isHead ? "職員" : category,
          departmentCode: code, tier, hireDate, active: !leaver, endDate: leaver ? addDays(today, -30) : null,
          roles: isHead ? ["learner", "manager"] : ["learner"], password: false, demoLogin: false,
        });
        if (isHead) tx.update(departments).set({ headEmployeeId: employeeId }).where(eq(departments.id, departmentId)).run();
        serial += 1;
      }
    }

    // A year of history: last 年度 mostly complete; this 年度 varied, some due dates already past.
    const annual = catalog.modules.filter((module) => module.recurrence === "annual");
    for (const employee of seeded) {
      for (const fiscalYear of [currentYear - 1, currentYear]) {
        if (employee.hireDate > fiscalYearEnd(fiscalYear)) continue;
        annual.forEach((module, moduleIndex) => {
          if (!isInAudience(module.audience, employee)) return;
          const isCurrent = fiscalYear === currentYear;
          const earlyDue = moduleIndex % 2 === 0;
          let dueDate = isCurrent
            ? earlyDue ? addDays(today, -20 - (moduleIndex % 3) * 7) : addDays(today, 25 + moduleIndex * 3)
            : `${fiscalYear}-12-28`;
          if (dueDate < fiscalYearStart(fiscalYear)) dueDate = addDays(fiscalYearStart(fiscalYear), 30);
          if (dueDate > fiscalYearEnd(fiscalYear)) dueDate = fiscalYearEnd(fiscalYear);
          const assignment = tx
            .insert(assignments)
            .values({ employeeId: employee.id, moduleId: module.id, fiscalYear, dueDate, source: "rule", createdAt: Date.parse(`${fiscalYearStart(fiscalYear)}T00:00:00Z`) })
            .returning({ id: assignments.id })
            .get();
          // The demo logins start this 年度 with nothing done, so the journey can be tried.
          if (employee.demoLogin && isCurrent) return;
          const roll = employee.demoLogin ? 0 : random();
          const completeChance = isCurrent ? (earlyDue ? 0.7 : 0.4) : 0.93;
          const startedAt = Math.min(now, Date.parse(`${addDays(dueDate, -20 - Math.floor(random() * 40))}T01:00:00Z`));
          if (roll < completeChance) {
            simulateCompletion(tx, assignment.id, module, startedAt, random);
          } else if (roll < completeChance + 0.15) {
            tx.update(assignments).set({ startedAt }).where(eq(assignments.id, assignment.id)).run();
          } else if (!isCurrent && roll > 0.985) {
            tx.update(assignments).set({ exemptedAt: startedAt, exemptionReason: "育児休業のため" }).where(eq(assignments.id, assignment.id)).run();
          }
        });
      }
    }
    syncEmployeeSearchKeys(db.$client);
    // The city's name in the header and the issuer of the 修了証 (editable at /admin/settings).
    // No personal name is invented: the certificate names the office.
    const site: SiteSettings = { cityName: "七尾市", issuerTitle: "七尾市長", issuerName: "" };
    tx.insert(settings).values({ key: SITE_SETTINGS_KEY, value: JSON.stringify(site), updatedAt: now }).onConflictDoNothing().run();
  });
}

function simulateCompletion(tx: Tx, assignmentId: number, module: Catalog["modules"][number], startedAt: number, random: () => number): void {
  const readAt = startedAt + 8 * 60_000;
  let time = readAt;
  let passedAttemptId: number | null = null;
  if (module.quiz) {
    for (let attempt = 0; attempt < 4 && passedAttemptId === null; attempt += 1) {
      const drawn = drawQuestions(module.quiz, random);
      const answers: Answers = {};
      for (const { questionId } of drawn) {
        const question = module.quiz.questions.find((candidate) => candidate.id === questionId)!;
        const correct = question.options.flatMap((option, index) => (option.correct ? [index] : []));
        const wrong = question.options.flatMap((option, index) => (option.correct ? [] : [index]));
        answers[questionId] = random() < 0.86 || attempt === 3 || wrong.length === 0 ? correct : [wrong[Math.floor(random() * wrong.length)]];
      }
      const score = scoreAttempt(module.quiz, drawn, answers);
      time += 4 * 60_000;
      const row = tx
        .insert(quizAttempts)
        .values({
          assignmentId, moduleVersion: module.version, drawn: JSON.stringify(drawn), startedAt: time - 3 * 60_000, submittedAt: time,
          answers: JSON.stringify(answers), correctCount: score.correctCount, questionCount: score.questionCount, scorePercent: score.scorePercent, passed: score.passed,
        })
        .returning({ id: quizAttempts.id })
        .get();
      if (score.passed) passedAttemptId = row.id;
    }
  }
  tx.update(assignments).set({ startedAt, readAt, completedAt: time, completedVersion: module.version }).where(eq(assignments.id, assignmentId)).run();
  if (module.kind === "acknowledgement") {
    const owner = tx.select({ employeeId: assignments.employeeId }).from(assignments).where(eq(assignments.id, assignmentId)).get()!;
    tx.insert(acknowledgements)
      .values({ assignmentId, employeeId: owner.employeeId, moduleId: module.id, moduleVersion: module.version, textHash: module.bodyHash, acknowledgedAt: time })
      .run();
  }
  tx.insert(completions).values({ assignmentId, moduleVersion: module.version, completedAt: time, quizAttemptId: passedAttemptId, verificationCode: createVerificationCode() }).run();
}
