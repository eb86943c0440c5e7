// Drill campaigns: drafts HR edits, and the launch that picks the audience and queues one mail
// per person in the shared outbox (kind 'drill'), all in one transaction with its audit entry.
import { randomBytes, randomInt } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { listRefresherModules } from "../assignments/refresher.server";
import { listCategories } from "../org/categories.server";
import { listDepartmentTree } from "../org/departments.server";
import { getBusinessCalendar, getReminderSettings } from "../reminders/settings.server";
import { addDays, japanDate } from "../time";
import { AudienceSchema, sampleSize, type Audience, type CampaignInput } from "./campaign-form";
import { getDrillConfig, type DrillConfig } from "./config.server";
import { hashToken, newReference, newToken, renderDrillMail } from "./tokens";

export type Campaign = CampaignInput & {
  id: number;
  status: "draft" | "launched" | "imported";
  source: "mamori" | "gophish";
  createdAt: number;
  launchedAt: number | null;
  launchedByAccountId: number | null;
  createdByAccountId: number | null;
};

type CampaignRow = Omit<Campaign, "signs" | "audience"> & { signs: string; audience: string };

const SELECT_CAMPAIGN = sql`SELECT id, name, template_id AS templateId, sender_name AS senderName, sender_address AS senderAddress, subject,
  body_text AS bodyText, signs, landing, module_id AS moduleId, follow_up_days AS followUpDays, window_days AS windowDays, audience, status, source,
  created_at AS createdAt, launched_at AS launchedAt, launched_by_account_id AS launchedByAccountId, created_by_account_id AS createdByAccountId
  FROM drill_campaigns`;

function toCampaign(row: CampaignRow): Campaign {
  return { ...row, signs: JSON.parse(row.signs) as string[], audience: AudienceSchema.parse(JSON.parse(row.audience)) };
}

export function getCampaign(db: Executor, id: number): Campaign | null {
  const row = db.get<CampaignRow>(sql`${SELECT_CAMPAIGN} WHERE id = ${id}`);
  return row ? toCampaign(row) : null;
}

export type Actor = { accountId: number; ip: string | null };

export type SaveResult = { ok: true; id: number } | { ok: false; errors: Record<string, string> };

/** References the form may only point at: live categories, departments and refresher modules. */
function checkReferences(db: Executor, input: CampaignInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!listRefresherModules(db).some((module) => module.id === input.moduleId)) errors.moduleId = "選べない研修です。一覧から選び直してください。";
  const { categoryIds, departmentIds } = input.audience;
  if (categoryIds.length > 0) {
    const found = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM categories WHERE id IN (${sql.join(categoryIds.map((id) => sql`${id}`), sql`, `)})`)?.n ?? 0;
    if (found !== categoryIds.length) errors.categoryIds = "存在しない職員区分が含まれています。";
  }
  if (departmentIds.length > 0) {
    const found = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM departments WHERE id IN (${sql.join(departmentIds.map((id) => sql`${id}`), sql`, `)})`)?.n ?? 0;
    if (found !== departmentIds.length) errors.departmentIds = "存在しない所属が含まれています。";
  }
  return errors;
}

function values(input: CampaignInput) {
  return {
    name: input.name,
    templateId: input.templateId,
    senderName: input.senderName,
    senderAddress: input.senderAddress,
    subject: input.subject,
    bodyText: input.bodyText,
    signs: JSON.stringify(input.signs),
    landing: input.landing,
    moduleId: input.moduleId,
    followUpDays: input.followUpDays,
    windowDays: input.windowDays,
    audience: JSON.stringify(input.audience),
  };
}

export function createCampaign(db: Db, input: CampaignInput, actor: Actor, now = Date.now()): SaveResult {
  return db.transaction((tx): SaveResult => {
    const errors = checkReferences(tx, input);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const v = values(input);
    const row = tx.get<{ id: number }>(sql`
      INSERT INTO drill_campaigns (name, template_id, sender_name, sender_address, subject, body_text, signs, landing, module_id, follow_up_days, window_days, audience, status, source, created_by_account_id, created_at, updated_at)
      VALUES (${v.name}, ${v.templateId}, ${v.senderName}, ${v.senderAddress}, ${v.subject}, ${v.bodyText}, ${v.signs}, ${v.landing}, ${v.moduleId}, ${v.followUpDays}, ${v.windowDays}, ${v.audience}, 'draft', 'mamori', ${actor.accountId}, ${now}, ${now})
      RETURNING id`)!;
    recordAudit(tx, { actorAccountId: actor.accountId, action: "drill.campaign_created", targetType: "drill_campaign", targetId: row.id, details: { name: v.name, templateId: v.templateId }, ip: actor.ip }, now);
    return { ok: true, id: row.id };
  });
}

/** Edit a draft; a launched campaign is what was sent and never changes. */
export function updateCampaign(db: Db, id: number, input: CampaignInput, actor: Actor, now = Date.now()): SaveResult {
  return db.transaction((tx): SaveResult => {
    const current = getCampaign(tx, id);
    if (!current) return { ok: false, errors: { form: "訓練が見つかりません。" } };
    if (current.status !== "draft") return { ok: false, errors: { form: "開始済みの訓練は変更できません。" } };
    const errors = checkReferences(tx, input);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const v = values(input);
    tx.run(sql`UPDATE drill_campaigns SET name = ${v.name}, sender_name = ${v.senderName}, sender_address = ${v.senderAddress}, subject = ${v.subject},
      body_text = ${v.bodyText}, signs = ${v.signs}, landing = ${v.landing}, module_id = ${v.moduleId}, follow_up_days = ${v.followUpDays},
      window_days = ${v.windowDays}, audience = ${v.audience}, updated_at = ${now} WHERE id = ${id} AND status = 'draft'`);
    recordAudit(tx, { actorAccountId: actor.accountId, action: "drill.campaign_updated", targetType: "drill_campaign", targetId: id, details: { name: v.name }, ip: actor.ip }, now);
    return { ok: true, id };
  });
}

function audienceCondition(audience: Audience): SQL {
  const parts: SQL[] = [sql`e.active = 1`];
  if (audience.categoryIds.length > 0) parts.push(sql`e.category_id IN (${sql.join(audience.categoryIds.map((id) => sql`${id}`), sql`, `)})`);
  if (audience.departmentIds.length > 0) {
    parts.push(sql`EXISTS (SELECT 1 FROM departments s WHERE s.id IN (${sql.join(audience.departmentIds.map((id) => sql`${id}`), sql`, `)}) AND d.path LIKE s.path || '%')`);
  }
  return sql.join(parts, sql` AND `);
}

const HAS_EMAIL = sql`e.email IS NOT NULL AND trim(e.email) LIKE '%_@_%'`;

/** Who the audience holds now: everyone matching, and how many of them can be e-mailed. */
export function countAudience(db: Executor, audience: Audience): { matching: number; withEmail: number; toSend: number } {
  const row = db.get<{ matching: number; withEmail: number }>(sql`
    SELECT count(*) AS matching, coalesce(sum(CASE WHEN ${HAS_EMAIL} THEN 1 ELSE 0 END), 0) AS withEmail
    FROM employees e JOIN departments d ON d.id = e.department_id WHERE ${audienceCondition(audience)}`) ?? { matching: 0, withEmail: 0 };
  return { ...row, toSend: sampleSize(row.withEmail, audience.sample) };
}

export type LaunchResult = { ok: true; queued: number; firstDate: string; lastDate: string } | { ok: false; error: string };

const SEND_FROM_MINUTE = 9 * 60; // 09:00 JST
const SEND_UNTIL_MINUTE = 17 * 60; // 17:00 JST
const JST_OFFSET_MS = 9 * 3600_000;

/** The window's business days, starting today (or the next business day). */
export function windowDates(db: Executor, start: string, days: number): string[] {
  const calendar = getBusinessCalendar(getReminderSettings(db));
  const dates: string[] = [];
  let date = calendar.businessDayOnOrAfter(start);
  while (dates.length < days) {
    dates.push(date);
    date = calendar.businessDayOnOrAfter(addDays(date, 1));
  }
  return dates;
}

/**
 * Launch: pick the audience (a random sample if asked), and for each person write the recipient
 * row (token hash, reference) and its outbox message (kind 'drill', queued for a random minute of
 * office hours on a random business day of the window). One transaction with the audit entry: a
 * campaign is either launched whole or not at all.
 */
export function launchCampaign(db: Db, id: number, actor: Actor, options: { now?: number; config?: DrillConfig } = {}): LaunchResult {
  const now = options.now ?? Date.now();
  const config = options.config ?? getDrillConfig();
  const sqlite = db.$client;
  return sqlite.transaction((): LaunchResult => {
    const campaign = getCampaign(db, id);
    if (!campaign) return { ok: false, error: "訓練が見つかりません。" };
    if (campaign.status !== "draft") return { ok: false, error: "この訓練はすでに開始されています。" };
    const people = db.all<{ id: number; name: string; email: string; departmentId: number }>(sql`
      SELECT e.id, e.name, trim(e.email) AS email, e.department_id AS departmentId
      FROM employees e JOIN departments d ON d.id = e.department_id
      WHERE ${audienceCondition(campaign.audience)} AND ${HAS_EMAIL} ORDER BY e.id`);
    const size = sampleSize(people.length, campaign.audience.sample);
    if (size === 0) return { ok: false, error: "メールを送れる対象者がいません。対象の条件を見直してください。" };
    // Partial Fisher–Yates with a cryptographic generator: nobody can predict who is drilled.
    for (let i = 0; i < size; i += 1) {
      const j = i + randomInt(people.length - i);
      [people[i], people[j]] = [people[j], people[i]];
    }
    const chosen = people.slice(0, size);
    const dates = windowDates(db, japanDate(now), campaign.windowDays);
    const from = `"${campaign.senderName.replace(/["\\\r\n]/g, "")}" <${campaign.senderAddress}>`;
    const insertOutbox = sqlite.prepare(
      `INSERT INTO outbox (message_id, recipient_employee_id, to_address, subject, body_text, redacted_body_text, from_address, kind, run_date, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'drill', ?, 'queued', 0, ?, ?, ?)`,
    );
    const insertRecipient = sqlite.prepare(
      `INSERT INTO drill_recipients (campaign_id, employee_id, department_id, token_hash, reference, outbox_id, scheduled_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const person of chosen) {
      const date = dates[randomInt(dates.length)];
      const minute = SEND_FROM_MINUTE + randomInt(SEND_UNTIL_MINUTE - SEND_FROM_MINUTE);
      const scheduledAt = Math.max(now, Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS + minute * 60_000);
      const token = newToken();
      const reference = newReference();
      const mail = renderDrillMail(campaign.bodyText, {
        name: person.name,
        link: `${config.baseUrl}/d/${token}`,
        redactedLink: `${config.baseUrl}/d/（送信後に削除）`,
        reference,
      });
      const messageId = `<${randomBytes(16).toString("hex")}@${config.messageIdDomain}>`;
      const outboxId = Number(
        insertOutbox.run(messageId, person.id, person.email, campaign.subject, mail.text, mail.redacted, from, japanDate(scheduledAt), scheduledAt, now, now).lastInsertRowid,
      );
      insertRecipient.run(id, person.id, person.departmentId, hashToken(token), reference, outboxId, scheduledAt, now);
    }
    db.run(sql`UPDATE drill_campaigns SET status = 'launched', launched_at = ${now}, launched_by_account_id = ${actor.accountId}, updated_at = ${now} WHERE id = ${id}`);
    recordAudit(db, { actorAccountId: actor.accountId, action: "drill.campaign_launched", targetType: "drill_campaign", targetId: id, details: { recipients: chosen.length, firstDate: dates[0], lastDate: dates.at(-1) }, ip: actor.ip }, now);
    return { ok: true, queued: chosen.length, firstDate: dates[0], lastDate: dates.at(-1)! };
  })();
}

/** What the campaign form offers: refresher modules, categories, the department tree. */
export function campaignFormOptions(db: Db) {
  return {
    modules: listRefresherModules(db).map(({ id, title }) => ({ id, title })),
    categories: listCategories(db).map(({ id, name }) => ({ id, name })),
    departments: listDepartmentTree(db).map(({ id, name, depth }) => ({ id, name, depth })),
  };
}
