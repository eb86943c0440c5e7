// 自己点検 campaigns: HR opens one per 年度; every department with a head (所属長) answers the
// applicable items of the snapshotted checklist; drafts are saved, submission is one transaction.
// Authorisation: HR/auditors through their routes; a manager only through `getManagerResponse`
// (the department must lie in a subtree they head), answering only for departments they head.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { managedSubtree } from "../team/scope.server";
import { fiscalYearOf, isIsoDate, japanDate } from "../time";
import { ANSWERS, itemApplies, type Answer, type Checklist, type ChecklistItem } from "./checklist";
import type { AnswerInput } from "./form";

export type CampaignChecklist = { id: string; title: string; version: number; summary: string; intro: string; items: ChecklistItem[] };

export type Campaign = {
  id: number;
  fiscalYear: number;
  checklist: CampaignChecklist;
  checklistHash: string;
  dueDate: string;
  openedOn: string;
  openedAt: number;
};

type CampaignRow = Omit<Campaign, "checklist"> & { checklist: string };

function toCampaign(row: CampaignRow): Campaign {
  return { ...row, checklist: JSON.parse(row.checklist) as CampaignChecklist };
}

const CAMPAIGN_COLUMNS = sql`c.id, c.fiscal_year AS fiscalYear, c.checklist, c.checklist_hash AS checklistHash, c.due_date AS dueDate, c.opened_on AS openedOn, c.opened_at AS openedAt`;

export function getCampaign(db: Executor, fiscalYear: number): Campaign | null {
  const row = db.get<CampaignRow>(sql`SELECT ${CAMPAIGN_COLUMNS} FROM self_inspection_campaigns c WHERE c.fiscal_year = ${fiscalYear}`);
  return row ? toCampaign(row) : null;
}

export function getCampaignById(db: Executor, campaignId: number): Campaign | null {
  const row = db.get<CampaignRow>(sql`SELECT ${CAMPAIGN_COLUMNS} FROM self_inspection_campaigns c WHERE c.id = ${campaignId}`);
  return row ? toCampaign(row) : null;
}

export function listCampaignYears(db: Executor): number[] {
  return db.all<{ fiscalYear: number }>(sql`SELECT fiscal_year AS fiscalYear FROM self_inspection_campaigns ORDER BY fiscal_year DESC`).map((row) => row.fiscalYear);
}

export type FieldErrors = Record<string, string>;
export type OpenResult = { ok: true; campaignId: number; departments: number } | { ok: false; errors: FieldErrors };

/**
 * Open the campaign of a 年度: snapshot the checklist and create one draft response, with the
 * applicable items, for every department that has a head. One transaction, audited.
 */
export function openCampaign(
  db: Db,
  input: { fiscalYear: number; dueDate: string; checklist: Checklist; actorAccountId: number; ip?: string | null },
  now: number,
): OpenResult {
  const today = japanDate(now);
  const errors: FieldErrors = {};
  if (!isIsoDate(input.dueDate)) errors.dueDate = "提出期限を日付で入力してください。";
  else if (input.dueDate < today) errors.dueDate = "提出期限には今日以降の日付を入力してください。";
  else if (fiscalYearOf(input.dueDate) !== input.fiscalYear) errors.dueDate = "提出期限はその年度（4月1日〜3月31日）の日付にしてください。";
  if (getCampaign(db, input.fiscalYear)) errors.fiscalYear = "この年度の自己点検はすでに開始しています。";
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const snapshot: CampaignChecklist = {
    id: input.checklist.id,
    title: input.checklist.title,
    version: input.checklist.version,
    summary: input.checklist.summary,
    intro: input.checklist.intro,
    items: input.checklist.items,
  };
  const json = JSON.stringify(snapshot);
  const hash = createHash("sha256").update(json, "utf8").digest("hex");
  return db.transaction((tx) => {
    const campaign = tx.get<{ id: number }>(sql`
      INSERT INTO self_inspection_campaigns (fiscal_year, checklist_id, checklist_version, checklist, checklist_hash, due_date, opened_on, opened_at, opened_by_account_id)
      VALUES (${input.fiscalYear}, ${snapshot.id}, ${snapshot.version}, ${json}, ${hash}, ${input.dueDate}, ${today}, ${now}, ${input.actorAccountId})
      RETURNING id
    `)!;
    const departments = tx.all<{ id: number; path: string }>(sql`SELECT id, path FROM departments WHERE head_employee_id IS NOT NULL ORDER BY path`);
    for (const department of departments) {
      const tiers = new Set(
        tx
          .all<{ tier: string }>(sql`
            SELECT DISTINCT e.role_tier AS tier FROM employees e JOIN departments d ON d.id = e.department_id
            WHERE e.active = 1 AND d.path LIKE ${department.path} || '%'
          `)
          .map((row) => row.tier),
      );
      const response = tx.get<{ id: number }>(sql`
        INSERT INTO self_inspection_responses (campaign_id, department_id, status) VALUES (${campaign.id}, ${department.id}, 'draft') RETURNING id
      `)!;
      for (const item of snapshot.items) {
        if (!itemApplies(item, tiers)) continue;
        tx.run(sql`INSERT INTO self_inspection_answers (response_id, item_id) VALUES (${response.id}, ${item.id})`);
      }
    }
    recordAudit(
      tx,
      {
        actorAccountId: input.actorAccountId,
        action: "self_inspection.open",
        targetType: "self_inspection_campaign",
        targetId: campaign.id,
        details: { fiscalYear: input.fiscalYear, dueDate: input.dueDate, checklist: `${snapshot.id} v${snapshot.version}`, departments: departments.length },
        ip: input.ip ?? null,
      },
      now,
    );
    return { ok: true as const, campaignId: campaign.id, departments: departments.length };
  });
}

export type ResponseSummary = {
  id: number;
  campaignId: number;
  fiscalYear: number;
  dueDate: string;
  departmentId: number;
  departmentCode: string;
  departmentName: string;
  departmentPath: string;
  headEmployeeId: number | null;
  headName: string | null;
  status: "draft" | "submitted";
  submittedAt: number | null;
  submittedByName: string | null;
  items: number;
  answered: number;
  no: number;
  openActions: number;
};

const RESPONSE_SUMMARY = sql`
  SELECT r.id, r.campaign_id AS campaignId, c.fiscal_year AS fiscalYear, c.due_date AS dueDate,
         d.id AS departmentId, d.code AS departmentCode, d.name AS departmentName, d.path AS departmentPath,
         d.head_employee_id AS headEmployeeId, h.name AS headName,
         r.status, r.submitted_at AS submittedAt, s.name AS submittedByName,
         (SELECT COUNT(*) FROM self_inspection_answers a WHERE a.response_id = r.id) AS items,
         (SELECT COUNT(*) FROM self_inspection_answers a WHERE a.response_id = r.id AND a.answer IS NOT NULL) AS answered,
         (SELECT COUNT(*) FROM self_inspection_answers a WHERE a.response_id = r.id AND a.answer = 'no') AS no,
         (SELECT COUNT(*) FROM self_inspection_answers a WHERE a.response_id = r.id AND a.answer = 'no' AND r.status = 'submitted' AND a.improvement_closed_at IS NULL) AS openActions
  FROM self_inspection_responses r
  JOIN self_inspection_campaigns c ON c.id = r.campaign_id
  JOIN departments d ON d.id = r.department_id
  LEFT JOIN employees h ON h.id = d.head_employee_id
  LEFT JOIN employees s ON s.id = r.submitted_by_employee_id
`;

/** Every response of a campaign (HR and auditors), in tree order. */
export function listResponses(db: Executor, campaignId: number): ResponseSummary[] {
  return db.all<ResponseSummary>(sql`${RESPONSE_SUMMARY} WHERE r.campaign_id = ${campaignId} ORDER BY d.path`);
}

/** The responses a manager may see: departments in the subtrees they head. */
export function listManagerResponses(db: Executor, managerEmployeeId: number, campaignId: number): ResponseSummary[] {
  return db.all<ResponseSummary>(sql`${RESPONSE_SUMMARY} WHERE r.campaign_id = ${campaignId} AND ${managedSubtree(managerEmployeeId)} ORDER BY d.path`);
}

export type AnswerRow = {
  itemId: string;
  answer: Answer | null;
  comment: string | null;
  improvementPlan: string | null;
  improvementDue: string | null;
  improvementClosedAt: number | null;
  improvementClosedNote: string | null;
};

export type ResponseDetail = { summary: ResponseSummary; campaign: Campaign; items: (ChecklistItem & AnswerRow)[] };

function readDetail(db: Executor, summary: ResponseSummary): ResponseDetail {
  const campaign = getCampaignById(db, summary.campaignId)!;
  const answers = new Map(
    db
      .all<AnswerRow>(sql`
        SELECT item_id AS itemId, answer, comment, improvement_plan AS improvementPlan, improvement_due AS improvementDue,
               improvement_closed_at AS improvementClosedAt, improvement_closed_note AS improvementClosedNote
        FROM self_inspection_answers WHERE response_id = ${summary.id}
      `)
      .map((row) => [row.itemId, row]),
  );
  const items = campaign.checklist.items.flatMap((item) => {
    const answer = answers.get(item.id);
    return answer ? [{ ...item, ...answer }] : [];
  });
  return { summary, campaign, items };
}

/** Any response, for HR and auditors. */
export function getResponse(db: Executor, responseId: number): ResponseDetail | null {
  const summary = db.get<ResponseSummary>(sql`${RESPONSE_SUMMARY} WHERE r.id = ${responseId}`);
  return summary ? readDetail(db, summary) : null;
}

/** A response of a department in the manager's subtrees; null (→ 404) for anything else. */
export function getManagerResponse(db: Executor, managerEmployeeId: number, responseId: number): ResponseDetail | null {
  const summary = db.get<ResponseSummary>(sql`${RESPONSE_SUMMARY} WHERE r.id = ${responseId} AND ${managedSubtree(managerEmployeeId)}`);
  return summary ? readDetail(db, summary) : null;
}

export type SaveResult = { ok: true; submitted: boolean } | { ok: false; status: 400 | 403 | 409; errors: FieldErrors };

const TEXT_LIMIT = 2000;

/**
 * Check a department's answers. A submission needs every item answered, and every いいえ an
 * improvement plan and a date from today on; a draft may be incomplete but never malformed.
 * Errors are keyed `<itemId>.<field>`.
 */
export function validateAnswers(itemIds: readonly string[], answers: ReadonlyMap<string, AnswerInput>, options: { submit: boolean; today: string }): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of answers.keys()) if (!itemIds.includes(key)) errors.form = "この点検にない項目が送信されました。ページを読み込み直してください。";
  for (const itemId of itemIds) {
    const input = answers.get(itemId);
    const answer = input?.answer ?? null;
    if (answer !== null && !(ANSWERS as readonly string[]).includes(answer)) errors[`${itemId}.answer`] = "「はい」「いいえ」「該当なし」から選んでください。";
    else if (answer === null && options.submit) errors[`${itemId}.answer`] = "回答を選んでください。";
    if (!input) continue;
    if (input.comment.length > TEXT_LIMIT) errors[`${itemId}.comment`] = `コメントは${TEXT_LIMIT}文字以内で入力してください。`;
    if (input.improvementPlan.length > TEXT_LIMIT) errors[`${itemId}.improvementPlan`] = `改善予定は${TEXT_LIMIT}文字以内で入力してください。`;
    if (input.improvementDue !== "" && !isIsoDate(input.improvementDue)) errors[`${itemId}.improvementDue`] = "改善予定日を日付で入力してください。";
    if (answer === "no" && options.submit) {
      if (input.improvementPlan.trim() === "") errors[`${itemId}.improvementPlan`] = "「いいえ」の項目には改善予定を入力してください。";
      if (input.improvementDue === "") errors[`${itemId}.improvementDue`] = "「いいえ」の項目には改善予定日を入力してください。";
      else if (isIsoDate(input.improvementDue) && input.improvementDue < options.today) errors[`${itemId}.improvementDue`] = "改善予定日には今日以降の日付を入力してください。";
    }
  }
  return errors;
}

/**
 * Save a draft or submit. Only the department's current head answers (other managers of the
 * subtree read); a submitted response is final. One transaction; submission is audited.
 */
export function saveResponse(
  db: Db,
  input: { responseId: number; answers: ReadonlyMap<string, AnswerInput>; submit: boolean; actor: { accountId: number; employeeId: number }; ip?: string | null },
  now: number,
): SaveResult {
  const today = japanDate(now);
  return db.transaction((tx) => {
    const state = tx.get<{ status: string; headEmployeeId: number | null; departmentId: number; campaignId: number }>(sql`
      SELECT r.status, d.head_employee_id AS headEmployeeId, r.department_id AS departmentId, r.campaign_id AS campaignId
      FROM self_inspection_responses r JOIN departments d ON d.id = r.department_id WHERE r.id = ${input.responseId}
    `);
    if (!state) return { ok: false as const, status: 400 as const, errors: { form: "点検が見つかりません。" } };
    if (state.headEmployeeId !== input.actor.employeeId) {
      return { ok: false as const, status: 403 as const, errors: { form: "この所属の自己点検に回答できるのは所属長だけです。" } };
    }
    if (state.status === "submitted") return { ok: false as const, status: 409 as const, errors: { form: "この自己点検は提出済みです。変更はできません。" } };
    const itemIds = tx.all<{ itemId: string }>(sql`SELECT item_id AS itemId FROM self_inspection_answers WHERE response_id = ${input.responseId}`).map((row) => row.itemId);
    const errors = validateAnswers(itemIds, input.answers, { submit: input.submit, today });
    if (Object.keys(errors).length > 0) return { ok: false as const, status: 400 as const, errors };
    for (const [itemId, answer] of input.answers) {
      const clean = (value: string) => (value.trim() === "" ? null : value.trim());
      tx.run(sql`
        UPDATE self_inspection_answers
        SET answer = ${answer.answer}, comment = ${clean(answer.comment)},
            improvement_plan = ${answer.answer === "no" ? clean(answer.improvementPlan) : null},
            improvement_due = ${answer.answer === "no" ? clean(answer.improvementDue) : null}
        WHERE response_id = ${input.responseId} AND item_id = ${itemId}
      `);
    }
    if (input.submit) {
      tx.run(sql`
        UPDATE self_inspection_responses
        SET status = 'submitted', submitted_at = ${now}, submitted_by_account_id = ${input.actor.accountId}, submitted_by_employee_id = ${input.actor.employeeId},
            updated_at = ${now}, updated_by_account_id = ${input.actor.accountId}
        WHERE id = ${input.responseId}
      `);
      const counts = tx.get<{ no: number; items: number }>(sql`
        SELECT COUNT(*) AS items, SUM(answer = 'no') AS no FROM self_inspection_answers WHERE response_id = ${input.responseId}
      `)!;
      recordAudit(
        tx,
        {
          actorAccountId: input.actor.accountId,
          action: "self_inspection.submit",
          targetType: "self_inspection_response",
          targetId: input.responseId,
          details: { departmentId: state.departmentId, campaignId: state.campaignId, items: counts.items, no: counts.no ?? 0 },
          ip: input.ip ?? null,
        },
        now,
      );
    } else {
      tx.run(sql`UPDATE self_inspection_responses SET updated_at = ${now}, updated_by_account_id = ${input.actor.accountId} WHERE id = ${input.responseId}`);
    }
    return { ok: true as const, submitted: input.submit };
  });
}

/**
 * Record that an improvement action (an いいえ of a submitted response) was carried out. The
 * department's head or HR; a note is required; audited.
 */
export function closeImprovement(
  db: Db,
  input: { responseId: number; itemId: string; note: string; actorAccountId: number; ip?: string | null },
  now: number,
): { ok: true } | { ok: false; status: 400 | 409; errors: FieldErrors } {
  const note = input.note.trim();
  if (note === "") return { ok: false, status: 400, errors: { [`${input.itemId}.closeNote`]: "実施した内容を入力してください。" } };
  if (note.length > TEXT_LIMIT) return { ok: false, status: 400, errors: { [`${input.itemId}.closeNote`]: `${TEXT_LIMIT}文字以内で入力してください。` } };
  return db.transaction((tx) => {
    const row = tx.get<{ status: string; answer: string | null; closedAt: number | null }>(sql`
      SELECT r.status, a.answer, a.improvement_closed_at AS closedAt
      FROM self_inspection_answers a JOIN self_inspection_responses r ON r.id = a.response_id
      WHERE a.response_id = ${input.responseId} AND a.item_id = ${input.itemId}
    `);
    if (!row || row.status !== "submitted" || row.answer !== "no") {
      return { ok: false as const, status: 400 as const, errors: { form: "完了にできる改善予定が見つかりません。" } };
    }
    if (row.closedAt !== null) return { ok: false as const, status: 409 as const, errors: { form: "この改善予定はすでに完了しています。" } };
    tx.run(sql`
      UPDATE self_inspection_answers SET improvement_closed_at = ${now}, improvement_closed_by_account_id = ${input.actorAccountId}, improvement_closed_note = ${note}
      WHERE response_id = ${input.responseId} AND item_id = ${input.itemId}
    `);
    recordAudit(
      tx,
      { actorAccountId: input.actorAccountId, action: "self_inspection.improvement_close", targetType: "self_inspection_response", targetId: input.responseId, details: { itemId: input.itemId }, ip: input.ip ?? null },
      now,
    );
    return { ok: true as const };
  });
}

/** Every answer of a campaign's responses, for the roll-up. */
export function listCampaignAnswers(db: Executor, campaignId: number): ({ responseId: number; status: string } & AnswerRow)[] {
  return db.all(sql`
    SELECT a.response_id AS responseId, r.status, a.item_id AS itemId, a.answer, a.comment, a.improvement_plan AS improvementPlan,
           a.improvement_due AS improvementDue, a.improvement_closed_at AS improvementClosedAt, a.improvement_closed_note AS improvementClosedNote
    FROM self_inspection_answers a JOIN self_inspection_responses r ON r.id = a.response_id
    WHERE r.campaign_id = ${campaignId}
  `);
}
