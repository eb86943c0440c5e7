// Drill results: counts in SQL per organisation and department (the department at launch), the
// median time to report from the reported rows, individual rows for HR only.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { settings } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { managedSubtree } from "../team/scope.server";
import { toResultRow, type Counts, type ResultRow } from "./results";

export type ResultScope = { kind: "all" } | { kind: "manager"; managerEmployeeId: number };

const SENT = sql`(o.status = 'sent' OR r.sent_at IS NOT NULL)`;
const SENT_AT = sql`coalesce(r.sent_at, o.sent_at)`;
const ORGANISATION = sql`CAST(substr(d.path, 2, instr(substr(d.path, 2), '/') - 1) AS INTEGER)`;

function scopeCondition(scope: ResultScope): SQL {
  return scope.kind === "manager" ? managedSubtree(scope.managerEmployeeId) : sql`1 = 1`;
}

type GroupCounts = Counts & { key: number };

function countBy(db: Executor, campaignId: number, group: SQL, scope: ResultScope): GroupCounts[] {
  return db.all<GroupCounts>(sql`
    SELECT ${group} AS key,
      coalesce(sum(CASE WHEN ${SENT} THEN 1 ELSE 0 END), 0) AS sent,
      coalesce(sum(CASE WHEN ${SENT} AND r.clicked_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS clicked,
      coalesce(sum(CASE WHEN ${SENT} AND r.entered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS entered,
      coalesce(sum(CASE WHEN ${SENT} AND r.reported_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS reported
    FROM drill_recipients r
    JOIN departments d ON d.id = r.department_id
    LEFT JOIN outbox o ON o.id = r.outbox_id
    WHERE r.campaign_id = ${campaignId} AND ${scopeCondition(scope)}
    GROUP BY key`);
}

function reportMinutesBy(db: Executor, campaignId: number, group: SQL, scope: ResultScope): Map<number, number[]> {
  const rows = db.all<{ key: number; minutes: number }>(sql`
    SELECT ${group} AS key, (r.reported_at - ${SENT_AT}) / 60000.0 AS minutes
    FROM drill_recipients r
    JOIN departments d ON d.id = r.department_id
    LEFT JOIN outbox o ON o.id = r.outbox_id
    WHERE r.campaign_id = ${campaignId} AND r.reported_at IS NOT NULL AND ${SENT} AND ${scopeCondition(scope)}`);
  const map = new Map<number, number[]>();
  for (const row of rows) {
    const list = map.get(row.key) ?? [];
    list.push(Math.max(0, row.minutes));
    map.set(row.key, list);
  }
  return map;
}

export type CampaignResults = { total: ResultRow; organisations: ResultRow[]; departments: ResultRow[] };

/** Totals, per organisation and per department, for everyone (HR, auditors) or a manager's subtree. */
export function campaignResults(db: Executor, campaignId: number, scope: ResultScope): CampaignResults {
  const names = new Map(db.all<{ id: number; name: string; path: string }>(sql`SELECT id, name, path FROM departments`).map((row) => [row.id, row]));
  const build = (group: SQL) => {
    const minutes = reportMinutesBy(db, campaignId, group, scope);
    return countBy(db, campaignId, group, scope)
      .map((row) => toResultRow(row.key, names.get(row.key)?.name ?? "（不明）", row, minutes.get(row.key) ?? []))
      .sort((a, b) => (names.get(a.key)?.path ?? "").localeCompare(names.get(b.key)?.path ?? ""));
  };
  const departments = build(sql`r.department_id`);
  const organisations = build(ORGANISATION);
  const totalCounts = departments.reduce<Counts>((sum, row) => ({ sent: sum.sent + row.sent, clicked: sum.clicked + row.clicked, entered: sum.entered + row.entered, reported: sum.reported + row.reported }), { sent: 0, clicked: 0, entered: 0, reported: 0 });
  const allMinutes = [...reportMinutesBy(db, campaignId, sql`0`, scope).values()].flat();
  return { total: toResultRow(0, "合計", totalCounts, allMinutes), organisations, departments };
}

export type CampaignListRow = ResultRow & { id: number; campaignName: string; status: string; source: string; launchedAt: number | null; createdAt: number; recipients: number };

/** Every campaign, newest first, with its totals: the trend across campaigns. */
export function listCampaignsWithTotals(db: Executor, scope: ResultScope): CampaignListRow[] {
  const campaigns = db.all<{ id: number; name: string; status: string; source: string; launchedAt: number | null; createdAt: number }>(sql`
    SELECT id, name, status, source, launched_at AS launchedAt, created_at AS createdAt FROM drill_campaigns
    ${scope.kind === "manager" ? sql`WHERE status <> 'draft'` : sql``} ORDER BY coalesce(launched_at, created_at) DESC, id DESC`);
  return campaigns.map((campaign) => {
    const recipients = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM drill_recipients r JOIN departments d ON d.id = r.department_id WHERE r.campaign_id = ${campaign.id} AND ${scopeCondition(scope)}`)?.n ?? 0;
    const { total } = campaignResults(db, campaign.id, scope);
    return { ...total, id: campaign.id, campaignName: campaign.name, status: campaign.status, source: campaign.source, launchedAt: campaign.launchedAt, createdAt: campaign.createdAt, recipients };
  });
}

export type PersonResult = {
  employeeNo: string;
  name: string;
  departmentName: string;
  scheduledAt: number | null;
  sentAt: number | null;
  outboxStatus: string | null;
  clickedAt: number | null;
  enteredAt: number | null;
  reportedAt: number | null;
  reportChannel: string | null;
  followUp: string | null;
};

/** One row per person (HR only; the caller checks the setting and audits the viewing). */
export function campaignPeople(db: Executor, campaignId: number): PersonResult[] {
  return db.all<PersonResult>(sql`
    SELECT e.employee_no AS employeeNo, e.name, d.name AS departmentName, r.scheduled_at AS scheduledAt, ${SENT_AT} AS sentAt, o.status AS outboxStatus,
      r.clicked_at AS clickedAt, r.entered_at AS enteredAt, r.reported_at AS reportedAt, r.report_channel AS reportChannel, r.follow_up AS followUp
    FROM drill_recipients r
    JOIN employees e ON e.id = r.employee_id
    JOIN departments d ON d.id = r.department_id
    LEFT JOIN outbox o ON o.id = r.outbox_id
    WHERE r.campaign_id = ${campaignId}
    ORDER BY d.path, e.employee_no`);
}

export function auditPeopleViewed(db: Db, campaignId: number, actor: { accountId: number; ip: string | null }, action: "drill.results_people_viewed" | "drill.results_exported", now = Date.now()): void {
  recordAudit(db, { actorAccountId: actor.accountId, action, targetType: "drill_campaign", targetId: campaignId, ip: actor.ip }, now);
}

export const INDIVIDUAL_RESULTS_KEY = "drills.hrIndividualResults";

/** Whether HR may see individual results (admins can restrict HR to department totals). */
export function hrMaySeeIndividuals(db: Executor): boolean {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, INDIVIDUAL_RESULTS_KEY)).get();
  return row?.value !== "off";
}

export function setHrIndividualResults(db: Db, allowed: boolean, actor: { accountId: number; ip: string | null }, now = Date.now()): void {
  db.transaction((tx) => {
    const value = allowed ? "on" : "off";
    tx.insert(settings).values({ key: INDIVIDUAL_RESULTS_KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
    recordAudit(tx, { actorAccountId: actor.accountId, action: "drill.settings_updated", targetType: "settings", targetId: INDIVIDUAL_RESULTS_KEY, details: { individualResults: value }, ip: actor.ip }, now);
  });
}
