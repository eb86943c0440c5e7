// Every download of personal data (CSV, workbook) leaves an audit row: who took which list, with
// which filters, when and from where. Called by each export route before it answers.
import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";

/** What was exported; the audit log shows the Japanese name (see audit-labels.ts). */
export type ExportName =
  | "hr.dashboard"
  | "hr.assignments"
  | "hr.people"
  | "hr.overdue"
  | "hr.transcript"
  | "hr.report"
  | "team.overdue"
  | "admin.audit"
  | "hr.questions"
  | "hr.self_inspection"
  | "hr.drill_people";

export function auditExport(
  db: Db,
  input: { actorAccountId: number; ip: string | null; format: "csv" | "xlsx"; name: ExportName; details?: Record<string, unknown> },
  now = Date.now(),
): void {
  recordAudit(db, { actorAccountId: input.actorAccountId, action: input.format === "csv" ? "export.csv" : "export.xlsx", targetType: "export", targetId: input.name, details: input.details, ip: input.ip }, now);
}
