// One reminder run: load what the planner needs, plan (pure), then write the outbox messages, the
// reminder records, the digests and the run record in ONE transaction (the transactional outbox).
// Delivery is separate (deliver.server.ts). A crash before the commit leaves nothing; after it,
// everything is recorded and the sender delivers from the outbox.
import { randomBytes } from "node:crypto";
import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { now as clockNow } from "../clock.server";
import { addDays, japanDate } from "../time";
import { composeMail } from "./compose";
import { getMailConfig, type MailConfig } from "./config.server";
import { acquireLease, createHolderId, releaseLease } from "./lease.server";
import { createManagerResolver, type DepartmentNode } from "./managers";
import {
  CATCH_UP_DAYS,
  planReminders,
  type DigestAudience,
  type LearnerKind,
  type PlannerAssignment,
  type PlannedDigest,
  type PlannedMessage,
  type PlannedRecord,
  type PlannerEmployee,
  type PlannerInput,
  type PlannerInspection,
  type PlannedInspectionRecord,
  type ReminderPlan,
} from "./planner";
import { getBusinessCalendar, getReminderSettings } from "./settings.server";
import type { ReminderSettings } from "./settings";

export const RUN_LEASE = "reminders-run";
const RUN_LEASE_TTL_MS = 10 * 60_000;
/**
 * Recorded slots older than this cannot be pending: a slot is only sent within CATCH_UP_DAYS of
 * its first business day, and no closure (New Year, Golden Week) lasts more than ~10 days.
 */
const RECORDED_LOOKBACK_DAYS = CATCH_UP_DAYS + 24;

export type RunTrigger = "scheduler" | "cli" | "hr";

type EmployeeRow = { id: number; employeeNo: string; name: string; email: string | null; departmentId: number; departmentName: string };
const JAPAN_OFFSET_MS = 9 * 3_600_000;
const KIND_CODES: Record<LearnerKind, number> = { assigned: 0, upcoming: 1, due: 2, overdue: 3 };

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

  // Open assignments of active staff on modules still offered. NOTE: one plain scan of the
  // assignments table, filtered here: joining employees makes SQLite walk the employee index and
  // fetch rows at random, many times slower at 2 million rows.
  const titles = new Map(
    (sqlite.prepare("SELECT id, title FROM training_modules WHERE available = 1").raw().all() as [string, string][]).map(([id, title]) => [id, title]),
  );
  const assignedDates = new Map<number, string>();
  const assignments: PlannerAssignment[] = [];
  // Only rows that can matter today: due within the reminder window (or past due), or made
  // recently enough for their "assigned" notice. Far-future open work is left in the database.
  const horizon = addDays(date, Math.max(0, ...settings.daysBefore));
  const recentSince = Date.parse(`${addDays(date, -RECORDED_LOOKBACK_DAYS)}T00:00:00+09:00`);
  const open = sqlite
    .prepare(
      `SELECT id, employee_id, module_id, fiscal_year, due_date, created_at, started_at, read_at
       FROM assignments WHERE completed_at IS NULL AND exempted_at IS NULL AND closed_at IS NULL AND (due_date <= ? OR created_at >= ?)`,
    )
    .raw()
    .iterate(horizon, recentSince) as IterableIterator<[number, number, string, number, string, number, number | null, number | null]>;
  for (const [id, employeeId, moduleId, fiscalYear, dueDate, createdAt, startedAt, readAt] of open) {
    const title = titles.get(moduleId);
    if (title === undefined || !employees.has(employeeId)) continue;
    // created_at is UTC ms: the Japan-time calendar date the assignment was made.
    const day = Math.floor((createdAt + JAPAN_OFFSET_MS) / 86_400_000);
    let assignedDate = assignedDates.get(day);
    if (assignedDate === undefined) {
      assignedDate = japanDate(createdAt);
      assignedDates.set(day, assignedDate);
    }
    assignments.push({ id, employeeId, moduleId, title, fiscalYear, dueDate, assignedDate, startedAt, readAt, completedAt: null, exemptedAt: null });
  }

  // Recorded slots as numbers ((assignment × 4 + kind) × 100000 + Unix day): a run after a busy
  // day reads hundreds of thousands of them, and strings would cost several times more.
  const recorded = new Set(
    sqlite
      .prepare(
        `SELECT (assignment_id * 4 + CASE kind WHEN 'assigned' THEN 0 WHEN 'upcoming' THEN 1 WHEN 'due' THEN 2 ELSE 3 END) * 100000
           + CAST(strftime('%s', slot_date) AS INTEGER) / 86400
         FROM reminders WHERE run_date >= @since AND slot_date >= @since AND kind IN ('assigned', 'upcoming', 'due', 'overdue')`,
      )
      .pluck()
      .all({ since: addDays(date, -RECORDED_LOOKBACK_DAYS) }) as number[],
  );
  const unixDays = new Map<string, number>();
  const recordedKey = (assignmentId: number, kind: LearnerKind, slotDate: string) => {
    let day = unixDays.get(slotDate);
    if (day === undefined) {
      day = Math.round(Date.parse(`${slotDate}T00:00:00Z`) / 86_400_000);
      unixDays.set(slotDate, day);
    }
    return (assignmentId * 4 + KIND_CODES[kind]) * 100_000 + day;
  };

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
    (sqlite.prepare("SELECT recipient_employee_id FROM outbox WHERE run_date = ? AND kind = 'reminder'").raw().all(date) as [number][]).map(([id]) => id),
  );

  // Self-inspections still to submit, answered by their department's current head.
  const inspections = sqlite
    .prepare(
      `SELECT r.id AS responseId, d.name AS departmentName, c.fiscal_year AS fiscalYear, c.due_date AS dueDate, c.opened_on AS openedOn, d.head_employee_id AS headEmployeeId
       FROM self_inspection_responses r JOIN self_inspection_campaigns c ON c.id = r.campaign_id JOIN departments d ON d.id = r.department_id
       WHERE r.status = 'draft' AND d.head_employee_id IS NOT NULL`,
    )
    .all() as PlannerInspection[];
  const inspectionRecorded = new Set(
    // Like the assignments' slots: only what can still be pending (unsubmitted, recent).
    sqlite
      .prepare(
        `SELECT response_id || ':' || kind || ':' || slot_date FROM self_inspection_reminders
         WHERE kind IN ('assigned', 'upcoming', 'due', 'overdue') AND slot_date >= ?
           AND response_id IN (SELECT id FROM self_inspection_responses WHERE status = 'draft')`,
      )
      .pluck()
      .all(addDays(date, -RECORDED_LOOKBACK_DAYS)) as string[],
  );

  return {
    date,
    settings,
    calendar: getBusinessCalendar(settings),
    inspections,
    isInspectionRecorded: (responseId: number, kind: LearnerKind, slotDate: string) => inspectionRecorded.has(`${responseId}:${kind}:${slotDate}`),
    assignments,
    employees,
    hrRecipientIds,
    isRecorded: (assignmentId: number, kind: LearnerKind, slotDate: string) => recorded.has(recordedKey(assignmentId, kind, slotDate)),
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
 * Messages per write transaction: short transactions keep the database open to other writers
 * (the web process's writes wait for a chunk; about 1,000 messages take tens of milliseconds).
 */
const WRITE_CHUNK = 1_000;

/**
 * Write a plan: outbox messages, reminder records, digests and finally the run record. Each
 * message is written in the SAME transaction as the reminders and digests it carries (the
 * transactional outbox); the plan is written in chunks of recipients so that a big day never holds
 * the write lock for seconds. A crash between chunks leaves whole recipients recorded and queued,
 * the rest untouched: the next run plans exactly the rest. The unique keys (assignment × kind ×
 * slot date; run date × recipient) make a concurrent duplicate fail and roll back its chunk.
 */
export async function writePlan(
  db: Db,
  plan: ReminderPlan,
  options: { trigger: RunTrigger; actorAccountId: number | null; ip?: string | null; startedAt: number; now: number; mail: MailConfig },
): Promise<WriteResult> {
  const sqlite = db.$client;
  const insertOutbox = sqlite.prepare(
    `INSERT INTO outbox (message_id, recipient_employee_id, to_address, subject, body_text, run_date, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`,
  );
  const insertReminder = sqlite.prepare(
    `INSERT INTO reminders (assignment_id, employee_id, kind, slot_date, run_date, recipient_employee_id, outbox_id, channel, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Escalation rows only document which digest listed an assignment.
  const insertEscalation = sqlite.prepare(
    `INSERT INTO reminders (assignment_id, employee_id, kind, slot_date, run_date, recipient_employee_id, outbox_id, channel, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assignment_id, kind, slot_date) DO NOTHING`,
  );
  const insertDigest = sqlite.prepare(
    `INSERT INTO reminder_digests (audience, recipient_employee_id, slot_date, outbox_id, channel, item_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // An inspection slot is recorded once; an escalation line once per recipient and day.
  const insertInspectionReminder = sqlite.prepare(
    `INSERT INTO self_inspection_reminders (response_id, kind, slot_date, recipient_employee_id, channel, note, outbox_id, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const insertRun = sqlite.prepare(
    `INSERT INTO reminder_runs (run_date, trigger, actor_account_id, started_at, finished_at, messages_queued, reminders_recorded, undeliverable, deferred)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  // Records and digests grouped by the message that carries them (null: not e-mailed).
  const recordsOf = new Map<number | null, PlannedRecord[]>();
  for (const record of plan.records) {
    const list = recordsOf.get(record.messageRecipientId) ?? [];
    list.push(record);
    recordsOf.set(record.messageRecipientId, list);
  }
  const digestsOf = new Map<number | null, PlannedDigest[]>();
  for (const digest of plan.digests) {
    const list = digestsOf.get(digest.messageRecipientId) ?? [];
    list.push(digest);
    digestsOf.set(digest.messageRecipientId, list);
  }

  const inspectionRecordsOf = new Map<number | null, PlannedInspectionRecord[]>();
  for (const record of plan.inspectionRecords) {
    const list = inspectionRecordsOf.get(record.messageRecipientId) ?? [];
    list.push(record);
    inspectionRecordsOf.set(record.messageRecipientId, list);
  }

  let recorded = 0;
  const writeFor = (recipientId: number | null, outboxId: number | null) => {
    for (const record of recordsOf.get(recipientId) ?? []) {
      const statement = record.kind === "escalation_manager" ? insertEscalation : insertReminder;
      recorded += statement.run(record.assignmentId, record.employeeId, record.kind, record.slotDate, plan.date, record.recipientId, outboxId, record.channel, record.note, options.now).changes;
    }
    for (const digest of digestsOf.get(recipientId) ?? []) {
      insertDigest.run(digest.audience, digest.recipientId, digest.slotDate, outboxId, digest.channel, digest.itemCount, options.now);
    }
    for (const record of inspectionRecordsOf.get(recipientId) ?? []) {
      recorded += insertInspectionReminder.run(record.responseId, record.kind, record.slotDate, record.recipientId, record.channel, record.note, outboxId, options.now).changes;
    }
  };
  const writeChunk = sqlite.transaction((messages: PlannedMessage[], includeUnsent: boolean) => {
    if (includeUnsent) writeFor(null, null);
    for (const message of messages) {
      const mail = composeMail(message, { baseUrl: options.mail.baseUrl, date: plan.date });
      // Unique (run date × recipient is unique) and ordered, so its index is appended to; the
      // random part keeps it unguessable across databases.
      const messageId = `<mamori.${plan.date}.${String(message.recipientId).padStart(8, "0")}.${randomBytes(6).toString("hex")}@${options.mail.messageIdDomain}>`;
      const result = insertOutbox.run(messageId, message.recipientId, message.email, mail.subject, mail.text, plan.date, options.now, options.now, options.now);
      writeFor(message.recipientId, Number(result.lastInsertRowid));
    }
  });

  // Each chunk's index entries fit in the connection's 64 MB page cache (configureConnection).
  for (let start = 0; start === 0 || start < plan.messages.length; start += WRITE_CHUNK) {
    writeChunk.immediate(plan.messages.slice(start, start + WRITE_CHUNK), start === 0);
    // Where the run is inline (tests, the CLI), other work gets a turn between chunks.
    if (start + WRITE_CHUNK < plan.messages.length) await new Promise((resolve) => setImmediate(resolve));
  }

  const finish = sqlite.transaction((): number => {
    const run = insertRun.run(plan.date, options.trigger, options.actorAccountId, options.startedAt, clockNow(), plan.messages.length, recorded, plan.undeliverable.length, plan.deferred.length);
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
    return runId;
  });
  return { runId: finish.immediate(), queued: plan.messages.length, recorded };
}

export type RunResult =
  | { status: "done"; plan: ReminderPlan; runId: number; queued: number; recorded: number; timings: RunTimings }
  | { status: "dry-run"; plan: ReminderPlan; timings: RunTimings }
  | { status: "closed"; plan: ReminderPlan }
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
      // Weekends and holidays: nothing is sent and nothing is recorded (not even a run).
      if (!result.businessDay) return { status: "closed", plan: result };
      const writeStarted = performance.now();
      try {
        const written = await writePlan(db, result, {
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
        // the lease): that chunk rolled back; plan again from the new state (what was committed
        // is now recorded and is not planned twice).
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

export function getRun(db: Db, id: number): RecentRun | null {
  return (
    (db.$client
      .prepare(
        `SELECT r.id, r.run_date AS runDate, r.trigger, e.employee_no AS actor, r.finished_at AS finishedAt,
           r.messages_queued AS messagesQueued, r.reminders_recorded AS remindersRecorded, r.undeliverable, r.deferred
         FROM reminder_runs r LEFT JOIN accounts a ON a.id = r.actor_account_id LEFT JOIN employees e ON e.id = a.employee_id
         WHERE r.id = ?`,
      )
      .get(id) as RecentRun | undefined) ?? null
  );
}

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
