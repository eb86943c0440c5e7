// 標的型攻撃メール訓練 (targeted-mail drills): campaigns, one row per person mailed (or imported
// from GoPhish), and GoPhish result files between their dry run and their application.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, assignments, departments, employees } from "./schema";
import { outbox } from "./schema-reminders";

/** A drill campaign: the mail as sent (copied from a template and edited), its audience and window. */
export const drillCampaigns = sqliteTable("drill_campaigns", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** The content/drills template it started from (null: imported from GoPhish). */
  templateId: text("template_id"),
  senderName: text("sender_name").notNull(),
  senderAddress: text("sender_address").notNull(),
  subject: text("subject").notNull(),
  /** Plain-text body with {{name}}, {{link}} and {{reference}} placeholders. */
  bodyText: text("body_text").notNull(),
  /** JSON array of strings: the signs shown on the landing page. */
  signs: text("signs").notNull(),
  /** login (a fake sign-in form) | none (the landing page teaches at once) */
  landing: text("landing").notNull(),
  /** Follow-up module assigned to those who click. */
  moduleId: text("module_id").notNull(),
  followUpDays: integer("follow_up_days").notNull(),
  /** JSON: { categoryIds, departmentIds, sample: { kind: all|count|percent, value } } */
  audience: text("audience").notNull(),
  windowDays: integer("window_days").notNull(),
  /** draft | launched | imported */
  status: text("status").notNull(),
  /** mamori | gophish */
  source: text("source").notNull().default("mamori"),
  createdByAccountId: integer("created_by_account_id").references(() => accounts.id),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  launchedAt: integer("launched_at"),
  launchedByAccountId: integer("launched_by_account_id").references(() => accounts.id),
});

/**
 * One person in a campaign. Only the SHA-256 of the link token is stored; the reference (shown in
 * the mail's footer) identifies the mail when it is reported but opens nothing. Each event keeps
 * its first time only.
 */
export const drillRecipients = sqliteTable(
  "drill_recipients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => drillCampaigns.id),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id),
    /** The department at launch: results stay as they were when the mail went out. */
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    tokenHash: text("token_hash").unique(),
    reference: text("reference").notNull().unique(),
    outboxId: integer("outbox_id").references(() => outbox.id),
    scheduledAt: integer("scheduled_at"),
    /** Set for imported results; mailed ones take the outbox's sent_at. */
    sentAt: integer("sent_at"),
    clickedAt: integer("clicked_at"),
    enteredAt: integer("entered_at"),
    reportedAt: integer("reported_at"),
    /** learn | mail | gophish */
    reportChannel: text("report_channel"),
    /** The follow-up: created | existing (the person already had the module this 年度) */
    followUp: text("follow_up"),
    followUpAssignmentId: integer("follow_up_assignment_id").references(() => assignments.id),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("drill_recipients_campaign_employee_idx").on(table.campaignId, table.employeeId),
    index("drill_recipients_employee_idx").on(table.employeeId),
  ],
);

/** An uploaded GoPhish results CSV between its dry run and its application. */
export const drillImports = sqliteTable("drill_imports", {
  id: text("id").primaryKey(),
  campaignName: text("campaign_name").notNull(),
  fileName: text("file_name").notNull(),
  content: text("content").notNull(),
  moduleId: text("module_id").notNull(),
  followUpDays: integer("follow_up_days").notNull(),
  uploadedByAccountId: integer("uploaded_by_account_id").references(() => accounts.id),
  createdAt: integer("created_at").notNull(),
  appliedAt: integer("applied_at"),
  campaignId: integer("campaign_id").references(() => drillCampaigns.id),
});
