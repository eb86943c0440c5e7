// One reminder run: load what the planner needs, plan (pure), then write the outbox messages, the
// reminder records, the digests and the run record in ONE transaction (the transactional outbox).
// Delivery is separate (deliver.server.ts). A crash before the commit leaves nothing; after it,
// everything is recorded and the sender delivers from the outbox.
import { randomUUID } from "node:crypto";
import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { now as clockNow } from "../clock.server";
import { addDays } from "../time";
import { composeMail } from "./compose";
import { getMailConfig, type MailConfig } from "./config.server";
import { acquireLease, createHolderId, releaseLease } from "./lease.server";
import { createManagerResolver, type DepartmentNode } from "./managers";
import {
  planReminders,
  type DigestAudience,
  type LearnerKind,
  type PlannerAssignment,
  type PlannerEmployee,
  type PlannerInput,
  type ReminderPlan,
} from "./planner";
import { getBusinessCalendar, getReminderSettings } from "./settings.server";
import type { ReminderSettings } from "./settings";

export const RUN_LEASE = "reminders-run";
const RUN_LEASE_TTL_MS = 10 * 60_000;
/** Recorded slots older than this cannot be the newest pending slot of any assignment. */
const RECORDED_LOOKBACK_DAYS = 120;

export type RunTrigger = "scheduler" | "cli" | "hr";

type EmployeeRow = { id: number; employeeNo: string; name: string; email: string | null; departmentId: number; departmentName: string };
type AssignmentRow = {
  id: number;
  employeeId: number;
  moduleId: string;
  title: string;
  fiscalYear: number;
  dueDate: string;
  assignedDate: string;
  startedAt: number | null;
  readAt: number | null;
};

/** Read everything the planner needs for `date`. Prepared statements: this runs over the whole organisation. */
export function loadPlannerInput(db: Db, date: string, settings: ReminderSettings): PlannerInput {
  const sqlite = db.$client;
  const employeeRows = sqlite
    .prepare(
      `SELECT e.id, e.employee_no AS employeeNo, e.name, e.email, e.department_id AS departmentId, d.name AS departmentName
       FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.active = 1`,
    )
    .all() as EmployeeRow[];
  const departmentRows = sqlite.prepare("SELECT id, path, head_employee_id AS headEmployeeId FROM departments").all() as DepartmentNode[];
  const activeIds = new Set(employeeRows.map((row) => row.id));
  const managerOf = createManagerResolver(departmentRows, (id) => activeIds.has(id));
  const employees = new Map<number, PlannerEmployee>();
  for (const row of employeeRows) {
    employees.set(row.id, {
      id: row.id,
      employeeNo: row.employeeNo,
      name: row.name,
      email: row.email,
      departmentName: row.departmentName,
      active: true,
      managerId: managerOf(row.id, row.departmentId),
    });
  }

  // Open assignments of active staff on modules still offered. created_at is UTC ms: shift to
  // Japan time for the calendar date the assignment was made.
  const assignmentRows = sqlite
    .prepare(
      `SELECT a.id, a.employee_id AS employeeId, a.module_id AS moduleId, m.title, a.fiscal_year AS fiscalYear,
         a.due_date AS dueDate, date(a.created_at / 1000 + 32400, 'unixepoch') AS assignedDate,
         a.started_at AS startedAt, a.read_at AS readAt
       FROM assignments a
       JOIN employees e ON e.id = a.employee_id AND e.active = 1
       JOIN training_modules m ON m.id = a.module_id AND m.available = 1
       WHERE a.completed_at IS NULL AND a.exempted_at IS NULL`,
    )
    .all() as AssignmentRow[];
  const assignments: PlannerAssignment[] = assignmentRows.map((row) => ({ ...row, completedAt: null, exemptedAt: null }));

  const recorded = new Set<string>();
  const recordedRows = sqlite
    .prepare(
      `SELECT assignment_id, kind, slot_date FROM reminders
       WHERE slot_date >= ? AND kind IN ('assigned', 'upcoming', 'due', 'overdue')`,
    )
    .raw()
    .all(addDays(date, -RECORDED_LOOKBACK_DAYS)) as [number, string, string][];
  for (const [assignmentId, kind, slotDate] of recordedRows) recorded.add(`${assignmentId}|${kind}|${slotDate}`);

  const lastDigest = new Map<string, string>();
  const digestRows = sqlite
    .prepare("SELECT audience, recipient_employee_id, max(slot_date) FROM reminder_digests WHERE slot_date <= ? GROUP BY audience, recipient_employee_id")
    .raw()
    .all(date) as [string, number, string][];
  for (const [audience, recipientId, slotDate] of digestRows) lastDigest.set(`${audience}:${recipientId}`, slotDate);

  const hrRecipientIds = (
    sqlite
      .prepare(
        `SELECT DISTINCT e.id FROM account_roles r
         JOIN accounts a ON a.id = r.account_id AND a.disabled = 0
         JOIN employees e ON e.id = a.employee_id AND e.active = 1
         WHERE r.role = 'hr' AND e.email IS NOT NULL AND trim(e.email) <> '' ORDER BY e.employee_no`,
      )
      .raw()
      .all() as [number][]
  ).map(([id]) => id);

  const emailedOnDate = new Set(
    (sqlite.prepare("SELECT recipient_employee_id FROM outbox WHERE run_date = ?").raw().all(date) as [number][]).map(([id]) => id),
  );

  return {
    date,
    settings,
    calendar: getBusinessCalendar(settings),
    assignments,
    employees,
    hrRecipientIds,
    isRecorded: (assignmentId: number, kind: LearnerKind, slotDate: string) => recorded.has(`${assignmentId}|${kind}|${slotDate}`),
    lastDigestSlot: (audience: DigestAudience, recipientId: number) => lastDigest.get(`${audience}:${recipientId}`) ?? null,
    emailedOnDate,
  };
}

/** What a run on `date` would do, writing nothing (HR's preview, --dry-run). */
export function previewReminders(db: Db, date: string): ReminderPlan {
  const settings = getReminderSettings(db);
  return planReminders(loadPlannerInput(db, date, settings));
}

export type WriteResult = { runId: number; queued: number; recorded: number };

/**
 * Write a plan: outbox messages, reminder records, digests and the run record, atomically. The
 * unique keys (assignment × kind × slot date; recipient × run date) make a concurrent duplicate
 * fail and roll back instead of sending twice.
 */
export function writePlan(
  db: Db,
  plan: ReminderPlan,
  options: { trigger: RunTrigger; actorAccountId: number | null; ip?: string | null; startedAt: number; now: number; mail: MailConfig },
): WriteResult {
  const sqlite = db.$client;
  const insertOutbox = sqlite.prepare(
    `INSERT INTO outbox (message_id, recipient_employee_id, to_address, subject, body_text, run_date, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`,
  );
  const insertReminder = sqlite.prepare(
    `INSERT INTO reminders (assignment_id, employee_id, kind, slot_date, run_date, recipient_employee_id, outbox_id, channel, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Escalation rows only document which digest listed an assignment; a second HR recipient's
  // digest on the same day lists the same rows.
  const insertEscalation = sqlite.prepare(
    `INSERT INTO reminders (assignment_id, employee_id, kind, slot_date, run_date, recipient_employee_id, outbox_id, channel, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assignment_id, kind, slot_date) DO NOTHING`,
  );
  const insertDigest = sqlite.prepare(
    `INSERT INTO reminder_digests (audience, recipient_employee_id, slot_date, outbox_id, channel, item_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRun = sqlite.prepare(
    `INSERT INTO reminder_runs (run_date, trigger, actor_account_id, started_at, finished_at, messages_queued, reminders_recorded, undeliverable, deferred)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const write = sqlite.transaction((): WriteResult => {
    const outboxIds = new Map<number, number>();
    for (const message of plan.messages) {
      const mail = composeMail(message, { baseUrl: options.mail.baseUrl, date: plan.date });
      const messageId = `<${randomUUID()}@${options.mail.messageIdDomain}>`;
      const result = insertOutbox.run(messageId, message.recipientId, message.email, mail.subject, mail.text, plan.date, options.now, options.now, options.now);
      outboxIds.set(message.recipientId, Number(result.lastInsertRowid));
    }
    let recorded = 0;
    for (const record of plan.records) {
      const outboxId = record.messageRecipientId === null ? null : (outboxIds.get(record.messageRecipientId) ?? null);
      const statement = record.kind === "escalation_manager" || record.kind === "escalation_hr" ? insertEscalation : insertReminder;
      recorded += statement.run(record.assignmentId, record.employeeId, record.kind, record.slotDate, plan.date, record.recipientId, outboxId, record.channel, record.note, options.now).changes;
    }
    for (const digest of plan.digests) {
      const outboxId = digest.messageRecipientId === null ? null : (outboxIds.get(digest.messageRecipientId) ?? null);
      insertDigest.run(digest.audience, digest.recipientId, digest.slotDate, outboxId, digest.channel, digest.itemCount, options.now);
    }
    const run = insertRun.run(
      plan.date,
      options.trigger,
      options.actorAccountId,
      options.startedAt,
      clockNow(),
      plan.messages.length,
      recorded,
      plan.undeliverable.length,
      plan.deferred.length,
    );
    const runId = Number(run.lastInsertRowid);
    if (options.trigger === "hr") {
      recordAudit(
        db,
        {
          actorAccountId: options.actorAccountId,
          action: "reminders.run",
          targetType: "reminder_run",
          targetId: runId,
          details: { date: plan.date, queued: plan.messages.length, recorded, undeliverable: plan.undeliverable.length, deferred: plan.deferred.length },
          ip: options.ip ?? null,
        },
        options.now,
      );
    }
    return { runId, queued: plan.messages.length, recorded };
  });
  return write.immediate();
}

export type RunResult =
  | { status: "done"; plan: ReminderPlan; runId: number; queued: number; recorded: number; timings: RunTimings }
  | { status: "dry-run"; plan: ReminderPlan; timings: RunTimings }
  | { status: "busy" }
  | { status: "already-run"; runDate: string };

export type RunTimings = { loadMs: number; planMs: number; writeMs: number };

export function hasRunOn(db: Db, date: string): boolean {
  return db.$client.prepare("SELECT 1 FROM reminder_runs WHERE run_date = ? LIMIT 1").get(date) !== undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("SQLITE_CONSTRAINT");
}

/**
 * Plan and queue the reminders of `date`. Only one runner at a time across processes (a lease in
 * the database); `onlyIfNotRun` (the scheduler) skips a date that already has a run. Idempotent:
 * a second run on the same date finds every slot recorded and queues nothing.
 */
export async function runReminders(
  db: Db,
  options: {
    date: string;
    trigger: RunTrigger;
    actorAccountId?: number | null;
    ip?: string | null;
    dryRun?: boolean;
    onlyIfNotRun?: boolean;
    waitForLeaseMs?: number;
    mail?: MailConfig;
  },
): Promise<RunResult> {
  const mail = options.mail ?? getMailConfig();
  const plan = (): { plan: ReminderPlan; loadMs: number; planMs: number } => {
    const started = performance.now();
    const settings = getReminderSettings(db);
    const input = loadPlannerInput(db, options.date, settings);
    const loaded = performance.now();
    const result = planReminders(input);
    return { plan: result, loadMs: loaded - started, planMs: performance.now() - loaded };
  };
  if (options.dryRun) {
    const { plan: result, loadMs, planMs } = plan();
    return { status: "dry-run", plan: result, timings: { loadMs, planMs, writeMs: 0 } };
  }
  const holder = createHolderId();
  if (!(await acquireLease(db, RUN_LEASE, holder, RUN_LEASE_TTL_MS, options.waitForLeaseMs ?? 0))) return { status: "busy" };
  try {
    if (options.onlyIfNotRun && hasRunOn(db, options.date)) return { status: "already-run", runDate: options.date };
    const startedAt = clockNow();
    for (let attempt = 1; ; attempt += 1) {
      const { plan: result, loadMs, planMs } = plan();
      const writeStarted = performance.now();
      try {
        const written = writePlan(db, result, {
          trigger: options.trigger,
          actorAccountId: options.actorAccountId ?? null,
          ip: options.ip,
          startedAt,
          now: clockNow(),
          mail,
        });
        return { status: "done", plan: result, ...written, timings: { loadMs, planMs, writeMs: performance.now() - writeStarted } };
      } catch (error) {
        // Someone recorded the same slot between our read and our write (a runner that ignored
        // the lease): everything rolled back; plan again from the new state.
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  } finally {
    releaseLease(db, RUN_LEASE, holder);
  }
}

export type RecentRun = {
  id: number;
  runDate: string;
  trigger: string;
  actor: string | null;
  finishedAt: number;
  messagesQueued: number;
  remindersRecorded: number;
  undeliverable: number;
  deferred: number;
};

export function listRecentRuns(db: Db, limit = 10): RecentRun[] {
  return db.$client
    .prepare(
      `SELECT r.id, r.run_date AS runDate, r.trigger, e.employee_no AS actor, r.finished_at AS finishedAt,
         r.messages_queued AS messagesQueued, r.reminders_recorded AS remindersRecorded, r.undeliverable, r.deferred
       FROM reminder_runs r LEFT JOIN accounts a ON a.id = r.actor_account_id LEFT JOIN employees e ON e.id = a.employee_id
       ORDER BY r.id DESC LIMIT ?`,
    )
    .all(limit) as RecentRun[];
}
