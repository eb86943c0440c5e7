// The work that takes seconds at 50,000 staff: checking and applying a roster (and issuing codes to
// the people it created), opening a 年度,
// saving a rule (re-evaluation over everyone), the day's reminder run and its preview, the annual
// report and the question statistics (every assignment and quiz attempt of a 年度), launching a drill campaign. The web process hands these to the
// background worker (worker-pool.server.ts) so that no request holds the event loop; the worker
// runs them against the same SQLite file on its own connection.
//
// Every task takes and returns small plain data: what crosses between processes is copied, and a
// big result (a whole reminder plan, 50,000 parsed rows) would be decoded on the web process.
import type { Db } from "~/db/client.server";
import { launchCampaign } from "../drills/campaigns.server";
import type { MailConfig } from "../reminders/config.server";
import { getReminderPreview } from "../reminders/preview.server";
import { runReminders, type RunTrigger } from "../reminders/run.server";
import { ensureCurrentFiscalYear, openFiscalYear } from "../rules/cycles.server";
import { saveRule } from "../rules/manage.server";
import type { RuleForm } from "../rules/rules";
import { computeAnnualReport } from "../reports/annual-report.server";
import { computeQuestionStatistics } from "../reports/question-stats.server";
import { planImport } from "../roster/import.server";
import { listDepartmentNamesByCode } from "../org/departments.server";
import { countNormalisations } from "../roster/columns";
import { applyRosterUpload, countNewPeopleAwaitingActivation, createRosterUpload, getRosterUpload, issueCodesForUpload } from "../roster/uploads.server";

type Actor = { accountId: number; ip: string | null };

/** Shown on the page; the total says how many more there are. */
const SHOWN_PROBLEMS = 200;
const LISTED_PEOPLE = 100;
const SHOWN_NORMALISATIONS = 200;

function checkRoster(db: Db, input: { fileName: string; bytes: Uint8Array; fullBatch: boolean; actorAccountId: number; now: number }) {
  const result = createRosterUpload(db, input, input.now);
  if (result.ok) return { ok: true as const, id: result.id };
  const problems = result.parsed.problems;
  return { ok: false as const, fileName: result.fileName, encoding: result.encoding, total: problems.length, shown: problems.slice(0, SHOWN_PROBLEMS) };
}

/** The dry run of a stored upload, recomputed (the database may have changed since the upload). */
function previewRoster(db: Db, input: { uploadId: string; now: number }) {
  const upload = getRosterUpload(db, input.uploadId);
  if (!upload) return null;
  const base = { id: upload.id, fileName: upload.fileName, encoding: upload.encoding, fullBatch: upload.fullBatch, createdAt: upload.createdAt, appliedAt: upload.appliedAt };
  if (upload.appliedAt !== null) return { ...base, plan: null, problems: null, awaitingActivation: countNewPeopleAwaitingActivation(db, upload.id, input.now) };
  const planned = planImport(db, upload.content, { fullBatch: upload.fullBatch, now: input.now });
  if (!planned.ok) return { ...base, plan: null, awaitingActivation: 0, problems: { total: planned.problems.length, shown: planned.problems.slice(0, SHOWN_PROBLEMS) } };
  const plan = planned.plan;
  const departmentNames = listDepartmentNamesByCode(db);
  const department = (code: string) => (departmentNames.has(code) ? `${code}（${departmentNames.get(code)}）` : code);
  return {
    ...base,
    problems: null,
    awaitingActivation: 0,
    plan: {
      rows: plan.rows,
      counts: { created: plan.created.length, changed: plan.changed.length, leavers: plan.leavers.length, unchanged: plan.unchanged },
      created: plan.created.slice(0, LISTED_PEOPLE).map((row) => ({
        employeeNo: row.employeeNo, name: row.name, categoryName: row.categoryName, departmentCode: row.departmentCode, departmentName: departmentNames.get(row.departmentCode) ?? "",
      })),
      changed: plan.changed.slice(0, LISTED_PEOPLE).map((row) => ({
        ...row,
        changes: row.changes.map((change) => (change.field === "所属" ? { ...change, from: department(change.from), to: department(change.to) } : change)),
      })),
      leavers: plan.leavers.slice(0, LISTED_PEOPLE),
      protectedAdmins: plan.protectedAdmins,
      normalisations: {
        total: plan.normalisations.length,
        counts: countNormalisations(plan.normalisations),
        shown: plan.normalisations.slice(0, SHOWN_NORMALISATIONS),
      },
    },
  };
}

function applyRoster(db: Db, input: { uploadId: string; actor: Actor; now: number }) {
  const result = applyRosterUpload(db, input.uploadId, input.actor, input.now);
  if (result === null) return null;
  if (result.ok) return { ok: true as const, assignmentsCreated: result.assignmentsCreated };
  return { ok: false as const, reason: "alreadyApplied" in result ? ("already-applied" as const) : ("changed" as const) };
}

async function runDay(
  db: Db,
  input: { date: string; trigger: RunTrigger; actorAccountId?: number | null; ip?: string | null; onlyIfNotRun?: boolean; waitForLeaseMs?: number; mail?: MailConfig },
) {
  const result = await runReminders(db, input);
  switch (result.status) {
    case "done":
      return { status: result.status, runId: result.runId, queued: result.queued, recorded: result.recorded };
    case "closed":
      return { status: result.status, closedReason: result.plan.closedReason };
    case "dry-run":
      return { status: result.status, messages: result.plan.messages.length };
    default:
      return result;
  }
}

export const TASKS = {
  /** Started with the server, so that the worker has loaded everything before the first real task. */
  "worker.ready": (db: Db) => db.$client.prepare("SELECT 1 AS ready").pluck().get() === 1,
  "roster.check": checkRoster,
  "roster.preview": previewRoster,
  "roster.apply": applyRoster,
  // Re-reads the stored file (50,000 rows take a second or two); at most 1,000 codes come back.
  "roster.issue-codes": (db: Db, input: { uploadId: string; actor: Actor; now: number }) => issueCodesForUpload(db, input.uploadId, input.actor, input.now),
  "cycle.open": (db: Db, input: { year: number; actor: { accountId: number | null; ip?: string | null }; now: number }) => openFiscalYear(db, input.year, input.actor, input.now),
  "cycle.ensure": (db: Db, input: { now: number }) => ensureCurrentFiscalYear(db, input.now),
  "rule.save": (db: Db, input: { ruleId: number | null; form: RuleForm; actor: Actor; now: number }) => saveRule(db, input.ruleId, input.form, input.actor, input.now),
  "reminders.run": runDay,
  "reminders.preview": (db: Db, input: { date: string }) => getReminderPreview(db, input.date),
  "report.annual": computeAnnualReport,
  "report.questions": computeQuestionStatistics,
  /** A drill launched to the whole organisation writes tens of thousands of messages. */
  "drills.launch": (db: Db, input: { campaignId: number; actor: Actor; now: number }) => launchCampaign(db, input.campaignId, input.actor, { now: input.now }),
};

export type TaskKind = keyof typeof TASKS;
export type TaskInput<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[1];
export type TaskOutput<K extends TaskKind> = Awaited<ReturnType<(typeof TASKS)[K]>>;
