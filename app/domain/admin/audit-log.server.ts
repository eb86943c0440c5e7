// The audit log as administrators read it: newest first, filtered by period (Japan-time dates),
// actor (職員番号) and action, paged, and exported as CSV.
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { statement } from "../reports/statements.server";

export type AuditRow = {
  id: number;
  at: number;
  actorEmployeeNo: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** For an account target: the person behind it. */
  targetEmployeeNo: string | null;
  targetName: string | null;
  details: string | null;
  ip: string | null;
};

import type { AuditFilters } from "./audit-filters";

export type { AuditFilters } from "./audit-filters";
export { auditFiltersToQuery } from "./audit-filters";

export const AUDIT_PAGE_SIZE = 50;

const date = z
  .string()
  .trim()
  .transform((value) => (value === "" ? null : value))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日付は YYYY-MM-DD で入力してください").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00+09:00`)), "存在しない日付です").nullable());

export const AuditFiltersSchema = z
  .object({
    from: date.optional(),
    to: date.optional(),
    actor: z
      .string()
      .trim()
      .transform((value) => (value === "" ? null : value))
      .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "職員番号は半角英数字で入力してください").nullable())
      .optional(),
    action: z
      .string()
      .trim()
      .transform((value) => (value === "" ? null : value))
      .pipe(z.string().regex(/^[a-z_.]{1,60}$/, "操作が正しくありません").nullable())
      .optional(),
    page: z.string().regex(/^\d{1,6}$/, "ページが正しくありません").transform(Number).pipe(z.number().int().min(1, "ページが正しくありません")).optional(),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, { message: "期間の終わりが始まりより前です", path: ["to"] });

const FIELD_LABELS: Record<string, string> = { from: "期間（から）", to: "期間（まで）", actor: "操作者", action: "操作", page: "ページ" };

/** Parse the query string; a bad value is a 400 naming the field in Japanese. */
export function parseAuditFilters(searchParams: URLSearchParams): AuditFilters {
  const raw: Record<string, string> = {};
  for (const key of ["from", "to", "actor", "action", "page"]) {
    const value = searchParams.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = AuditFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`検索条件「${FIELD_LABELS[String(issue.path[0])] ?? ""}」が正しくありません：${issue.message}`, { status: 400, statusText: "Bad Request" });
  }
  return { from: parsed.data.from ?? null, to: parsed.data.to ?? null, actor: parsed.data.actor ?? null, action: parsed.data.action ?? null, page: parsed.data.page ?? 1 };
}

function where(filters: AuditFilters): { sql: string; params: Record<string, unknown> } {
  const parts = ["1"];
  const params: Record<string, unknown> = {};
  if (filters.from) {
    parts.push("l.at >= @from");
    params.from = Date.parse(`${filters.from}T00:00:00+09:00`);
  }
  if (filters.to) {
    parts.push("l.at < @to");
    params.to = Date.parse(`${filters.to}T00:00:00+09:00`) + 86_400_000;
  }
  if (filters.actor) {
    parts.push("l.actor_account_id IN (SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = @actor COLLATE NOCASE)");
    params.actor = filters.actor;
  }
  if (filters.action) {
    parts.push("l.action = @action");
    params.action = filters.action;
  }
  return { sql: parts.join(" AND "), params };
}

const SELECT = `SELECT l.id, l.at, ae.employee_no AS actorEmployeeNo, ae.name AS actorName, l.action, l.target_type AS targetType, l.target_id AS targetId,
    te.employee_no AS targetEmployeeNo, te.name AS targetName, l.details, l.ip
  FROM audit_log l
  LEFT JOIN accounts aa ON aa.id = l.actor_account_id LEFT JOIN employees ae ON ae.id = aa.employee_id
  LEFT JOIN accounts ta ON l.target_type = 'account' AND ta.id = CAST(l.target_id AS INTEGER) LEFT JOIN employees te ON te.id = ta.employee_id`;

export function countAudit(db: Db, filters: AuditFilters): number {
  const clause = where(filters);
  return statement(db, `SELECT count(*) FROM audit_log l WHERE ${clause.sql}`).pluck().get(clause.params) as number;
}

export function listAudit(db: Db, filters: AuditFilters, page: number): AuditRow[] {
  const clause = where(filters);
  return statement(db, `${SELECT} WHERE ${clause.sql} ORDER BY l.id DESC LIMIT @limit OFFSET @offset`).all({ ...clause.params, limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE }) as AuditRow[];
}

/** Every matching row, newest first, by keyset on id (CSV). */
export function* auditChunks(db: Db, filters: AuditFilters, chunkSize = 1000): Generator<AuditRow[]> {
  const clause = where(filters);
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = statement(db, `${SELECT} WHERE ${clause.sql} AND l.id < @before ORDER BY l.id DESC LIMIT @limit`).all({ ...clause.params, before, limit: chunkSize }) as AuditRow[];
    if (rows.length > 0) yield rows;
    if (rows.length < chunkSize) return;
    before = rows[rows.length - 1].id;
  }
}

/** Kept for the admin home page: the latest entries. */
export function listRecentAudit(db: Db, limit: number): AuditRow[] {
  return statement(db, `${SELECT} ORDER BY l.id DESC LIMIT @limit`).all({ limit }) as AuditRow[];
}
