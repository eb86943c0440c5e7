// Benchmark of one reminder run (planning + queueing into the outbox; SMTP delivery excluded) on
// a synthetic organisation of 50,000 employees with three 年度 of assignments (~2 million rows),
// built in a temporary database. Prints a table, then one JSON object as the last line.
//   npm run bench:reminders [-- --employees 50000 --keep]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/client.server";
import { getCatalog, syncCatalog } from "../domain/content/catalog.server";
import { createRandom } from "../domain/demo/seed.server";
import type { MailConfig } from "../domain/reminders/config.server";
import { runReminders, type RunResult } from "../domain/reminders/run.server";
import { addDays } from "../domain/time";

const { values } = parseArgs({
  options: {
    employees: { type: "string", default: "50000" },
    // The peak: 14 days before the common due date (12/28), when everyone still open is reminded.
    date: { type: "string", default: "2026-12-14" },
    ordinary: { type: "string", default: "2026-11-25" },
    keep: { type: "boolean", default: false },
  },
});

const EMPLOYEES = Number(values.employees);
const RUN_DATE = values.date!;
const FISCAL_YEARS = [2024, 2025, 2026];
const CURRENT_YEAR = 2026;
const MAIL: MailConfig = {
  smtpUrl: null,
  from: "まもり <mamori@bench.example.lg.jp>",
  baseUrl: "https://mamori.bench.example.lg.jp",
  messageIdDomain: "mamori.bench.example.lg.jp",
  schedulerEnabled: false,
};

function build(file: string) {
  const db = openDatabase(file);
  const catalog = getCatalog();
  syncCatalog(db, catalog, Date.parse(`${RUN_DATE}T00:00:00Z`));
  const sqlite = db.$client;
  // The shipped modules plus two synthetic ones: 14 a year, about 2 million rows over 3 年度.
  const insertModule = sqlite.prepare("INSERT INTO training_modules (id, title, kind, current_version, sort_order, available) VALUES (?, ?, 'standard', 1, 900, 1)");
  insertModule.run("bench-extra-1", "追加研修 1（ベンチマーク用）");
  insertModule.run("bench-extra-2", "追加研修 2（ベンチマーク用）");
  const modules = [...catalog.modules.map((module) => module.id), "bench-extra-1", "bench-extra-2"];
  const random = createRandom(50_000);
  const now = Date.parse(`${RUN_DATE}T00:00:00Z`);
  let assignmentCount = 0;

  sqlite.transaction(() => {
    const insertCategory = sqlite.prepare("INSERT INTO categories (name, sort_order) VALUES (?, ?)");
    const categoryIds = ["職員", "非常勤職員", "臨時職員", "委託事業者"].map((name, index) => Number(insertCategory.run(name, index).lastInsertRowid));
    const insertDepartment = sqlite.prepare("INSERT INTO departments (code, name, parent_id, level, path, sort_order) VALUES (?, ?, ?, ?, '/', ?)");
    const setPath = sqlite.prepare("UPDATE departments SET path = ? WHERE id = ?");
    const setHead = sqlite.prepare("UPDATE departments SET head_employee_id = ? WHERE id = ?");
    const addDepartment = (code: string, name: string, parent: { id: number; path: string } | null, level: string, order: number) => {
      const id = Number(insertDepartment.run(code, name, parent?.id ?? null, level, order).lastInsertRowid);
      const departmentPath = `${parent?.path ?? "/"}${id}/`;
      setPath.run(departmentPath, id);
      return { id, path: departmentPath };
    };
    // 5 organisations × 8 部 × 12 課 = 480 課, about 104 people each.
    const bus: { id: number; path: string }[] = [];
    const kas: { id: number; path: string; bu: number }[] = [];
    for (let org = 0; org < 5; org += 1) {
      const organisation = addDepartment(`O${org}`, `組織${org}`, null, "organisation", org);
      for (let bu = 0; bu < 8; bu += 1) {
        const buNode = addDepartment(`O${org}B${bu}`, `第${bu}部`, organisation, "bu", bu);
        bus.push(buNode);
        for (let ka = 0; ka < 12; ka += 1) kas.push({ ...addDepartment(`O${org}B${bu}K${ka}`, `第${ka}課`, buNode, "ka", ka), bu: bus.length - 1 });
      }
    }

    const insertEmployee = sqlite.prepare(
      `INSERT INTO employees (employee_no, name, name_kana, email, category_id, department_id, role_tier, hire_date, active, created_at, updated_at)
       VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAccount = sqlite.prepare("INSERT INTO accounts (employee_id, password_hash, demo, created_at) VALUES (?, NULL, 0, ?)");
    const insertRole = sqlite.prepare("INSERT INTO account_roles (account_id, role) VALUES (?, ?)");
    const insertAssignment = sqlite.prepare(
      `INSERT INTO assignments (employee_id, module_id, fiscal_year, due_date, source, created_at, started_at, read_at, completed_at, completed_version, exempted_at, exemption_reason)
       VALUES (?, ?, ?, ?, 'rule', ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let index = 0; index < EMPLOYEES; index += 1) {
      const ka = kas[index % kas.length];
      const isHead = index < kas.length;
      const roll = random();
      const category = isHead ? 0 : roll < 0.62 ? 0 : roll < 0.8 ? 1 : roll < 0.9 ? 2 : 3;
      const email = category === 3 && random() < 0.5 ? null : `b${index}@bench.example.lg.jp`;
      const active = random() > 0.01 || isHead;
      const hiredRecently = random() < 0.05;
      const hireDate = hiredRecently ? addDays(RUN_DATE, -Math.floor(random() * 60)) : `${2000 + Math.floor(random() * 24)}-04-01`;
      const employeeId = Number(
        insertEmployee.run(`B${String(index).padStart(6, "0")}`, `職員 ${index}`, email, categoryIds[category], ka.id, isHead ? "管理職" : "一般", hireDate, active ? 1 : 0, now, now).lastInsertRowid,
      );
      if (isHead) {
        setHead.run(employeeId, ka.id);
        // The head of each 部's first 課 heads the 部 too: other 課長 escalate to them.
        if (index % 12 === 0) setHead.run(employeeId, bus[ka.bu].id);
      }
      if (index < 5) {
        const accountId = Number(insertAccount.run(employeeId, now).lastInsertRowid);
        insertRole.run(accountId, "hr");
      }
      for (const fiscalYear of FISCAL_YEARS) {
        if (hireDate > `${fiscalYear + 1}-03-31`) continue;
        const current = fiscalYear === CURRENT_YEAR;
        for (const moduleId of modules) {
          let dueDate = `${fiscalYear}-12-28`;
          let createdAt = Date.parse(`${fiscalYear}-04-01T00:00:00Z`);
          if (current && hiredRecently) {
            dueDate = addDays(hireDate, 30);
            createdAt = Date.parse(`${hireDate}T00:00:00Z`);
          } else if (current && random() < 0.4) {
            // Rules with other due dates: spread from October to February.
            dueDate = addDays("2026-10-01", Math.floor(random() * 140));
          }
          const outcome = random();
          const completeChance = current ? (dueDate < RUN_DATE ? 0.8 : 0.5) : 0.97;
          const started = createdAt + 86_400_000 * 10;
          let row: [number | null, number | null, number | null, number | null, number | null, string | null] = [null, null, null, null, null, null];
          if (outcome < completeChance) row = [started, started, started + 600_000, 1, null, null];
          else if (outcome < completeChance + 0.01) row = [null, null, null, null, started, "育児休業のため"];
          else if (outcome < completeChance + 0.1) row = [started, null, null, null, null, null];
          insertAssignment.run(employeeId, moduleId, fiscalYear, dueDate, createdAt, ...row);
          assignmentCount += 1;
        }
      }
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("ANALYZE");
  return { db, assignmentCount, modules: modules.length };
}

function describe(result: RunResult) {
  if (result.status !== "done") throw new Error(`run did not complete: ${result.status}`);
  return {
    messages: result.queued,
    recorded: result.recorded,
    loadMs: Math.round(result.timings.loadMs),
    planMs: Math.round(result.timings.planMs),
    writeMs: Math.round(result.timings.writeMs),
  };
}

async function main() {
  const folder = mkdtempSync(path.join(tmpdir(), "mamori-bench-reminders-"));
  const file = path.join(folder, "bench.db");
  const buildStarted = performance.now();
  const { db, assignmentCount, modules } = build(file);
  const buildMs = performance.now() - buildStarted;
  const open = (db.$client.prepare("SELECT count(*) AS n FROM assignments WHERE completed_at IS NULL AND exempted_at IS NULL").get() as { n: number }).n;

  const timed = async (date: string) => {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await runReminders(db, { date, trigger: "cli", mail: MAIL });
    const cpu = process.cpuUsage(cpuBefore);
    return { totalMs: Math.round(performance.now() - started), cpuMs: Math.round((cpu.user + cpu.system) / 1000), ...describe(result) };
  };
  const ordinary = await timed(values.ordinary!);
  const first = await timed(RUN_DATE);
  const again = await timed(RUN_DATE);
  const nextDay = await timed(addDays(RUN_DATE, 1));

  const rows: [string, string | number][] = [
    ["employees", EMPLOYEES],
    ["assignments (3 年度)", assignmentCount],
    ["open assignments", open],
    ["modules", modules],
    ["build (s)", (buildMs / 1000).toFixed(1)],
    [`run ${values.ordinary} (ordinary): ms`, ordinary.totalMs],
    ["  load / plan / write ms", `${ordinary.loadMs} / ${ordinary.planMs} / ${ordinary.writeMs}`],
    ["  messages queued", ordinary.messages],
    [`run ${RUN_DATE} (peak): total ms`, first.totalMs],
    ["  CPU ms (this process)", first.cpuMs],
    ["  load / plan / write ms", `${first.loadMs} / ${first.planMs} / ${first.writeMs}`],
    ["  messages queued", first.messages],
    ["  reminders recorded", first.recorded],
    [`rerun ${RUN_DATE}: total ms`, again.totalMs],
    ["  load / plan / write ms", `${again.loadMs} / ${again.planMs} / ${again.writeMs}`],
    ["  messages queued", again.messages],
    [`run ${addDays(RUN_DATE, 1)}: total ms`, nextDay.totalMs],
    ["  load / plan / write ms", `${nextDay.loadMs} / ${nextDay.planMs} / ${nextDay.writeMs}`],
    ["  messages queued", nextDay.messages],
    ["target (ms)", 10_000],
  ];
  console.log("Reminder run benchmark (planning + queueing, no SMTP)");
  for (const [label, value] of rows) console.log(`  ${label.padEnd(32)} ${value}`);
  db.$client.close();
  if (!values.keep) rmSync(folder, { recursive: true, force: true });
  else console.log(`  database kept at ${file}`);
  console.log(
    JSON.stringify({
      benchmark: "reminders",
      employees: EMPLOYEES,
      assignments: assignmentCount,
      openAssignments: open,
      runDate: RUN_DATE,
      runMs: first.totalMs,
      runCpuMs: first.cpuMs,
      loadMs: first.loadMs,
      planMs: first.planMs,
      writeMs: first.writeMs,
      messagesQueued: first.messages,
      remindersRecorded: first.recorded,
      rerunMs: again.totalMs,
      rerunMessages: again.messages,
      nextDayMs: nextDay.totalMs,
      nextDayMessages: nextDay.messages,
      ordinaryDate: values.ordinary,
      ordinaryMs: ordinary.totalMs,
      ordinaryMessages: ordinary.messages,
      targetMs: 10_000,
      pass: Math.max(ordinary.totalMs, first.totalMs, nextDay.totalMs) <= 10_000 && again.messages === 0,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
