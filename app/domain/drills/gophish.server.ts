// Importing GoPhish results: a dry run (who matches by e-mail, what would be recorded) on a stored
// upload, then one transaction that creates the campaign (source 'gophish'), its recipients and the
// follow-up training of those who clicked, with its audit entry. Applying twice does nothing.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { listRefresherModules } from "../assignments/refresher.server";
import { assignFollowUp } from "./events.server";
import { parseGophishCsv, type GophishRow } from "./gophish";
import { newReference } from "./tokens";

export const MAX_GOPHISH_BYTES = 10 * 1024 * 1024;

export type GophishPreview = {
  rows: number;
  matched: number;
  unmatched: { line: number; email: string }[];
  sent: number;
  clicked: number;
  entered: number;
  reported: number;
};

type Matched = GophishRow & { employeeId: number; departmentId: number };

function match(db: Executor, rows: GophishRow[]): { matched: Matched[]; unmatched: GophishRow[] } {
  const people = db.all<{ id: number; email: string; departmentId: number }>(sql`
    SELECT id, lower(trim(email)) AS email, department_id AS departmentId FROM employees WHERE active = 1 AND email IS NOT NULL`);
  const byEmail = new Map(people.map((person) => [person.email, person]));
  const matched: Matched[] = [];
  const unmatched: GophishRow[] = [];
  for (const row of rows) {
    const person = byEmail.get(row.email);
    if (person) matched.push({ ...row, employeeId: person.id, departmentId: person.departmentId });
    else unmatched.push(row);
  }
  return { matched, unmatched };
}

export function previewRows(db: Executor, rows: GophishRow[]): GophishPreview {
  const { matched, unmatched } = match(db, rows);
  return {
    rows: rows.length,
    matched: matched.length,
    unmatched: unmatched.map(({ line, email }) => ({ line, email })),
    sent: matched.filter((row) => row.sentAt !== null).length,
    clicked: matched.filter((row) => row.clicked).length,
    entered: matched.filter((row) => row.entered).length,
    reported: matched.filter((row) => row.reported).length,
  };
}

export type UploadInput = { campaignName: string; fileName: string; text: string; moduleId: string; followUpDays: number; actorAccountId: number };
export type UploadOutcome = { ok: true; id: string } | { ok: false; problems: string[] };

/** Check the file; a good one is stored for its dry run and application (no second upload). */
export function createGophishUpload(db: Db, input: UploadInput, now = Date.now()): UploadOutcome {
  const parsed = parseGophishCsv(input.text);
  if (!parsed.ok) return parsed;
  if (!listRefresherModules(db).some((module) => module.id === input.moduleId)) return { ok: false, problems: ["フォローアップの研修を一覧から選んでください。"] };
  const id = randomBytes(16).toString("hex");
  db.run(sql`INSERT INTO drill_imports (id, campaign_name, file_name, content, module_id, follow_up_days, uploaded_by_account_id, created_at)
    VALUES (${id}, ${input.campaignName}, ${input.fileName}, ${input.text}, ${input.moduleId}, ${input.followUpDays}, ${input.actorAccountId}, ${now})`);
  return { ok: true, id };
}

export type StoredImport = { id: string; campaignName: string; fileName: string; moduleId: string; followUpDays: number; appliedAt: number | null; campaignId: number | null; content: string };

export function getGophishUpload(db: Executor, id: string): StoredImport | null {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  return (
    db.get<StoredImport>(sql`SELECT id, campaign_name AS campaignName, file_name AS fileName, module_id AS moduleId, follow_up_days AS followUpDays,
      applied_at AS appliedAt, campaign_id AS campaignId, content FROM drill_imports WHERE id = ${id}`) ?? null
  );
}

export type ApplyOutcome = { ok: true; campaignId: number; recipients: number; followUps: number } | { ok: false; error: string };

export function applyGophishUpload(db: Db, id: string, actor: { accountId: number; ip: string | null }, now = Date.now()): ApplyOutcome {
  return db.$client.transaction((): ApplyOutcome => {
    const upload = getGophishUpload(db, id);
    if (!upload) return { ok: false, error: "取り込みが見つかりません。" };
    if (upload.appliedAt !== null) return { ok: false, error: "この取り込みはすでに反映されています。" };
    const parsed = parseGophishCsv(upload.content);
    if (!parsed.ok) return { ok: false, error: parsed.problems[0] };
    const { matched } = match(db, parsed.rows);
    const audience = JSON.stringify({ categoryIds: [], departmentIds: [], sample: { kind: "all", value: 0 } });
    const campaign = db.get<{ id: number }>(sql`
      INSERT INTO drill_campaigns (name, template_id, sender_name, sender_address, subject, body_text, signs, landing, module_id, follow_up_days, window_days, audience, status, source,
        created_by_account_id, created_at, updated_at, launched_at, launched_by_account_id)
      VALUES (${upload.campaignName}, NULL, 'GoPhish', '', ${`GoPhish で実施（${upload.fileName}）`}, '', '[]', 'none', ${upload.moduleId}, ${upload.followUpDays}, 0, ${audience}, 'imported', 'gophish',
        ${actor.accountId}, ${now}, ${now}, ${now}, ${actor.accountId})
      RETURNING id`)!;
    let followUps = 0;
    for (const row of matched) {
      const recipient = db.get<{ id: number }>(sql`
        INSERT INTO drill_recipients (campaign_id, employee_id, department_id, token_hash, reference, sent_at, clicked_at, entered_at, reported_at, report_channel, created_at)
        VALUES (${campaign.id}, ${row.employeeId}, ${row.departmentId}, NULL, ${newReference()}, ${row.sentAt}, ${row.clicked ? row.modifiedAt : null},
          ${row.entered ? row.modifiedAt : null}, ${row.reported ? row.modifiedAt : null}, ${row.reported ? "gophish" : null}, ${now})
        RETURNING id`)!;
      if (row.clicked) {
        assignFollowUp(db, recipient.id, now);
        followUps += 1;
      }
    }
    db.run(sql`UPDATE drill_imports SET applied_at = ${now}, campaign_id = ${campaign.id} WHERE id = ${id}`);
    recordAudit(db, { actorAccountId: actor.accountId, action: "drill.gophish_imported", targetType: "drill_campaign", targetId: campaign.id, details: { fileName: upload.fileName, rows: parsed.rows.length, matched: matched.length }, ip: actor.ip }, now);
    return { ok: true, campaignId: campaign.id, recipients: matched.length, followUps };
  })();
}
