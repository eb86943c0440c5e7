// Reminders and escalation: the outbox, the record of every reminder slot handled, digests to
// managers and HR, run records and the database leases that keep one runner at a time.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { assignments, employees } from "./schema";

/**
 * Every e-mail the app wants to send. Written in the same transaction as the reminders it
 * carries; delivered later by the sender. At most one message per recipient per run date.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stable RFC 5322 Message-ID, the same on every attempt (lets receivers drop duplicates). */
    messageId: text("message_id").notNull().unique(),
    recipientEmployeeId: integer("recipient_employee_id")
      .notNull()
      .references(() => employees.id),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    /** The Japan-time business date of the reminder run that queued it. */
    runDate: text("run_date").notNull(),
    /** queued | sending | sent | failed */
    status: text("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    /** Set with status 'sending': which sender attempt holds the message. */
    sendingAttemptId: text("sending_attempt_id"),
    sendingStartedAt: integer("sending_started_at"),
    sentAt: integer("sent_at"),
    smtpResponse: text("smtp_response"),
    /** reminder (the daily message) | drill (a 標的型攻撃メール訓練 mail) | drill_ack (thanks for a report) */
    kind: text("kind").notNull().default("reminder"),
    /** Sender for this message only (a drill's fictitious sender); null = MAIL_FROM. */
    fromAddress: text("from_address"),
    /**
     * What body_text becomes once the relay accepted the message: a drill mail's body carries the
     * recipient's link token, which must not stay readable in the database after it is sent.
     */
    redactedBodyText: text("redacted_body_text"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [
    // Also answers "who already has a message for this date" without reading message bodies.
    // One reminder e-mail per person per day; drill mails and acknowledgements are outside it.
    uniqueIndex("outbox_run_date_recipient_idx").on(table.runDate, table.recipientEmployeeId).where(sql`${table.kind} = 'reminder'`),
    index("outbox_status_next_idx").on(table.status, table.nextAttemptAt),
  ],
);

/**
 * One reminder slot handled: assignment × kind × slot date (the date the schedule put it on; it
 * goes out on the first business day on or after it). The unique key is what makes a run
 * idempotent. Escalation rows (escalation_manager) record that the assignment was listed in the
 * weekly digest to the employee's manager.
 */
export const reminders = sqliteTable(
  "reminders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    /** The employee the reminder is about (whose transcript shows it). */
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id),
    /** assigned | upcoming | due | overdue | escalation_manager */
    kind: text("kind").notNull(),
    slotDate: text("slot_date").notNull(),
    runDate: text("run_date").notNull(),
    /** Who was told: the employee or their manager. */
    recipientEmployeeId: integer("recipient_employee_id"),
    outboxId: integer("outbox_id").references(() => outbox.id),
    /** email | none (no usable address: reported to HR, shown in-app) */
    channel: text("channel").notNull(),
    /** Why channel is none: no_email | invalid_email */
    note: text("note"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("reminders_slot_idx").on(table.assignmentId, table.kind, table.slotDate),
    // No index on employee_id: the transcript reaches an employee's rows through their assignments
    // (the unique index starts with assignment_id), and every insert is cheaper for it.
    // For the run's "which recent slots are recorded" read (slot_date <= run_date, so recent slots
    // have recent run dates). run_date only grows, so this index is appended to, never reshuffled:
    // an index on slot_date cost a big run more than the rest of its writes together.
    index("reminders_run_date_idx").on(table.runDate),
  ],
);

/** A weekly digest to a manager or an HR recipient: its cadence is kept per recipient. */
export const reminderDigests = sqliteTable(
  "reminder_digests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** manager | hr */
    audience: text("audience").notNull(),
    recipientEmployeeId: integer("recipient_employee_id")
      .notNull()
      .references(() => employees.id),
    slotDate: text("slot_date").notNull(),
    outboxId: integer("outbox_id").references(() => outbox.id),
    /** email | none */
    channel: text("channel").notNull(),
    itemCount: integer("item_count").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [uniqueIndex("reminder_digests_slot_idx").on(table.audience, table.recipientEmployeeId, table.slotDate)],
);

/** One row per reminder run that wrote something (dry runs write nothing). */
export const reminderRuns = sqliteTable(
  "reminder_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runDate: text("run_date").notNull(),
    /** scheduler | cli | hr */
    trigger: text("trigger").notNull(),
    actorAccountId: integer("actor_account_id"),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at").notNull(),
    messagesQueued: integer("messages_queued").notNull(),
    remindersRecorded: integer("reminders_recorded").notNull(),
    undeliverable: integer("undeliverable").notNull(),
    deferred: integer("deferred").notNull(),
  },
  (table) => [index("reminder_runs_date_idx").on(table.runDate)],
);

/**
 * A lease in the database: at most one holder per name (the daily run, the sender), even with
 * several app processes on one database file. A holder renews it; an expired lease, or one whose
 * holder process on this host is gone, can be taken over.
 */
export const jobLeases = sqliteTable("job_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  acquiredAt: integer("acquired_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});
