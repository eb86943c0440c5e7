import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, departments, employees } from "./schema";

// 自己点検 (basic policy 7): one campaign per 年度, one response per participating department,
// one answer per applicable checklist item. The checklist is snapshotted into the campaign, so a
// later edit of content/self-inspection/ never changes what a department answered.

export const selfInspectionCampaigns = sqliteTable("self_inspection_campaigns", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  fiscalYear: integer("fiscal_year").notNull().unique(),
  checklistId: text("checklist_id").notNull(),
  checklistVersion: integer("checklist_version").notNull(),
  /** JSON snapshot of the checklist (title and items) as opened. */
  checklist: text("checklist").notNull(),
  /** SHA-256 of `checklist`. */
  checklistHash: text("checklist_hash").notNull(),
  /** Japan-time date (YYYY-MM-DD) by which departments submit. */
  dueDate: text("due_date").notNull(),
  /** Japan-time date the campaign was opened: the reminders' "assigned" day. */
  openedOn: text("opened_on").notNull(),
  openedAt: integer("opened_at").notNull(),
  openedByAccountId: integer("opened_by_account_id").references(() => accounts.id),
});

export const selfInspectionResponses = sqliteTable(
  "self_inspection_responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => selfInspectionCampaigns.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    /** draft | submitted */
    status: text("status").notNull().default("draft"),
    updatedAt: integer("updated_at"),
    updatedByAccountId: integer("updated_by_account_id").references(() => accounts.id),
    submittedAt: integer("submitted_at"),
    submittedByAccountId: integer("submitted_by_account_id").references(() => accounts.id),
    /** Who answered, as an employee (the department's head at submission). */
    submittedByEmployeeId: integer("submitted_by_employee_id").references(() => employees.id),
  },
  (table) => [uniqueIndex("self_inspection_responses_campaign_department_idx").on(table.campaignId, table.departmentId)],
);

export const selfInspectionAnswers = sqliteTable(
  "self_inspection_answers",
  {
    responseId: integer("response_id")
      .notNull()
      .references(() => selfInspectionResponses.id),
    itemId: text("item_id").notNull(),
    /** yes | no | na, or null while unanswered */
    answer: text("answer"),
    comment: text("comment"),
    /** Required when the answer is "no". */
    improvementPlan: text("improvement_plan"),
    improvementDue: text("improvement_due"),
    improvementClosedAt: integer("improvement_closed_at"),
    improvementClosedByAccountId: integer("improvement_closed_by_account_id").references(() => accounts.id),
    improvementClosedNote: text("improvement_closed_note"),
  },
  (table) => [primaryKey({ columns: [table.responseId, table.itemId] })],
);

/**
 * Reminders about a department's inspection: a slot (response × kind × slot date) is recorded once,
 * like the training reminders, and rides in the same one-a-day message of the recipient.
 */
export const selfInspectionReminders = sqliteTable(
  "self_inspection_reminders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    responseId: integer("response_id")
      .notNull()
      .references(() => selfInspectionResponses.id),
    /** assigned | upcoming | due | overdue | escalation_manager | escalation_hr */
    kind: text("kind").notNull(),
    slotDate: text("slot_date").notNull(),
    recipientEmployeeId: integer("recipient_employee_id").references(() => employees.id),
    /** email | none */
    channel: text("channel").notNull(),
    note: text("note"),
    outboxId: integer("outbox_id"),
    recordedAt: integer("recorded_at").notNull(),
  },
  (table) => [
    uniqueIndex("self_inspection_reminders_slot_idx").on(table.responseId, table.kind, table.slotDate, table.recipientEmployeeId),
    index("self_inspection_reminders_run_idx").on(table.slotDate),
  ],
);
