// What a drill records: the first click (with its follow-up training), data entered (a flag only)
// and the first report. Later events of the same kind change nothing.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { createRefresherAssignments } from "../assignments/refresher.server";
import { getMailConfig } from "../reminders/config.server";
import { addDays, fiscalYearOf, japanDate } from "../time";
import { findIdentifiers, hashToken, TOKEN_PATTERN } from "./tokens";

export const FOLLOW_UP_REASON = "標的型攻撃メール訓練";

export type LandingRecipient = {
  id: number;
  campaignId: number;
  employeeId: number;
  clickedAt: number | null;
  enteredAt: number | null;
  reportedAt: number | null;
  subject: string;
  senderName: string;
  senderAddress: string;
  signs: string[];
  landing: "login" | "none";
  templateId: string | null;
  moduleId: string;
};

/** The recipient behind a link token; null for anything malformed or unknown (the caller 404s). */
export function findRecipientByToken(db: Executor, token: string): LandingRecipient | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = db.get<Omit<LandingRecipient, "signs"> & { signs: string }>(sql`
    SELECT r.id, r.campaign_id AS campaignId, r.employee_id AS employeeId, r.clicked_at AS clickedAt, r.entered_at AS enteredAt, r.reported_at AS reportedAt,
      c.subject, c.sender_name AS senderName, c.sender_address AS senderAddress, c.signs, c.landing, c.template_id AS templateId, c.module_id AS moduleId
    FROM drill_recipients r JOIN drill_campaigns c ON c.id = r.campaign_id
    WHERE r.token_hash = ${hashToken(token)}`);
  return row ? { ...row, signs: JSON.parse(row.signs) as string[] } : null;
}

/**
 * The follow-up of a first click: the campaign's module as a refresher (再受講) through the shared
 * refresher function, at most once per person per campaign (the caller only calls it on the first
 * click). When the person already has the module this 年度 nothing is created and that is noted.
 */
export function assignFollowUp(db: Db, recipientId: number, now: number): void {
  const info = db.get<{ employeeId: number; moduleId: string; followUpDays: number; actor: number | null; active: number }>(sql`
    SELECT r.employee_id AS employeeId, c.module_id AS moduleId, c.follow_up_days AS followUpDays,
      coalesce(c.launched_by_account_id, c.created_by_account_id) AS actor, e.active
    FROM drill_recipients r JOIN drill_campaigns c ON c.id = r.campaign_id JOIN employees e ON e.id = r.employee_id WHERE r.id = ${recipientId}`);
  if (!info || info.actor === null || info.active !== 1) return;
  const today = japanDate(now);
  const result = createRefresherAssignments(
    db,
    { employeeIds: [info.employeeId], moduleIds: [info.moduleId], dueDate: addDays(today, info.followUpDays), reason: FOLLOW_UP_REASON, actorAccountId: info.actor, fiscalYear: fiscalYearOf(today) },
    now,
  );
  if (!result.ok) return;
  const created = result.created[0];
  const existing = result.skipped[0];
  const assignmentId = created?.assignmentId ?? existing?.existingAssignmentId ?? null;
  db.run(sql`UPDATE drill_recipients SET follow_up = ${created ? "created" : "existing"}, follow_up_assignment_id = ${assignmentId} WHERE id = ${recipientId} AND follow_up IS NULL`);
}

/** Record the first click; returns whether this was it. */
export function recordClick(db: Db, recipientId: number, now = Date.now()): boolean {
  return db.$client.transaction(() => {
    const first = db.run(sql`UPDATE drill_recipients SET clicked_at = ${now} WHERE id = ${recipientId} AND clicked_at IS NULL`).changes === 1;
    if (first) assignFollowUp(db, recipientId, now);
    return first;
  })();
}

/** Record that something was typed into the landing page's form: a flag and its time, never the data. */
export function recordEntered(db: Db, recipientId: number, now = Date.now()): boolean {
  return db.$client.transaction(() => {
    recordClick(db, recipientId, now);
    return db.run(sql`UPDATE drill_recipients SET entered_at = ${now} WHERE id = ${recipientId} AND entered_at IS NULL`).changes === 1;
  })();
}

export type ReportOutcome = { matched: number; firstReports: number; campaignNames: string[] };

/** The thank-you for a first report, through the outbox like every other mail. */
function queueAcknowledgement(db: Db, recipientId: number, now: number): void {
  const row = db.get<{ employeeId: number; email: string | null; name: string; subject: string }>(sql`
    SELECT e.id AS employeeId, trim(e.email) AS email, e.name, c.subject FROM drill_recipients r
    JOIN employees e ON e.id = r.employee_id JOIN drill_campaigns c ON c.id = r.campaign_id WHERE r.id = ${recipientId}`);
  if (!row?.email || !/^[^\s@]+@[^\s@]+$/.test(row.email)) return;
  const mail = getMailConfig();
  const text = [
    `${row.name} 様`,
    "",
    "不審メールのご報告ありがとうございました。",
    `ご報告いただいたメール（件名「${row.subject}」）は、情報セキュリティの訓練として送られたものでした。`,
    "不審なメールに気付いて報告することは、基本方針 3(1) が想定する攻撃から組織を守る、最も大切な行動です。",
    "これからも、不審なメールはリンクや添付ファイルを開かずに報告してください。",
    "",
    `研修: ${mail.baseUrl}/learn`,
    "",
    "まもり（情報セキュリティ研修）",
  ].join("\n");
  const messageId = `<mamori.drill-ack.${recipientId}.${randomBytes(6).toString("hex")}@${mail.messageIdDomain}>`;
  db.run(sql`INSERT INTO outbox (message_id, recipient_employee_id, to_address, subject, body_text, kind, run_date, status, attempts, next_attempt_at, created_at, updated_at)
    VALUES (${messageId}, ${row.employeeId}, ${row.email}, ${"不審メールのご報告ありがとうございました"}, ${text}, 'drill_ack', ${japanDate(now)}, 'queued', 0, ${now}, ${now}, ${now})`);
}

function markReported(db: Db, recipientIds: number[], channel: "learn" | "mail", now: number): number {
  let first = 0;
  for (const id of recipientIds) {
    if (db.run(sql`UPDATE drill_recipients SET reported_at = ${now}, report_channel = ${channel} WHERE id = ${id} AND reported_at IS NULL`).changes === 1) {
      first += 1;
      queueAcknowledgement(db, id, now);
    }
  }
  return first;
}

function matchRecipients(db: Executor, text: string, employeeId: number | null): { id: number; campaignName: string }[] {
  const { tokens, references } = findIdentifiers(text);
  if (tokens.length === 0 && references.length === 0) return [];
  const hashes = tokens.map(hashToken);
  const keys = sql.join([...hashes, "\u0000"].map((value) => sql`${value}`), sql`, `);
  const refs = sql.join([...references, "\u0000"].map((value) => sql`${value}`), sql`, `);
  return db.all<{ id: number; campaignName: string }>(sql`
    SELECT r.id, c.name AS campaignName FROM drill_recipients r JOIN drill_campaigns c ON c.id = r.campaign_id
    WHERE (r.token_hash IN (${keys}) OR r.reference IN (${refs}))
      ${employeeId === null ? sql`` : sql`AND r.employee_id = ${employeeId}`}`);
}

/**
 * 「不審メールを報告」 on /learn: the learner pastes the mail (or its reference). Only drill mails
 * sent to this learner count; anything else is treated as a possibly real suspicious mail.
 */
export function reportFromLearner(db: Db, employeeId: number, text: string, now = Date.now()): ReportOutcome {
  return db.$client.transaction((): ReportOutcome => {
    const matched = matchRecipients(db, text, employeeId);
    const firstReports = markReported(db, matched.map((row) => row.id), "learn", now);
    return { matched: matched.length, firstReports, campaignNames: [...new Set(matched.map((row) => row.campaignName))] };
  })();
}

/** A mail forwarded to the report address: matched by the token or the reference it contains. */
export function reportFromMail(db: Db, text: string, now = Date.now()): ReportOutcome {
  return db.$client.transaction((): ReportOutcome => {
    const matched = matchRecipients(db, text, null);
    const firstReports = markReported(db, matched.map((row) => row.id), "mail", now);
    return { matched: matched.length, firstReports, campaignNames: [...new Set(matched.map((row) => row.campaignName))] };
  })();
}
