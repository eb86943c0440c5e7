import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorText, targetText } from "~/components/audit-table";
import { getDb } from "~/db/client.server";
import { auditActionLabel } from "~/domain/admin/audit-labels";
import { auditChunks, parseAuditFilters } from "~/domain/admin/audit-log.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { csvDateTime, csvStreamResponse } from "~/domain/csv.server";

/** The audit log with the page's filters, every row, as CSV (itself audited first). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const db = getDb();
  const filters = parseAuditFilters(new URL(request.url).searchParams);
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "admin.audit", details: { filters: { from: filters.from, to: filters.to, actor: filters.actor, action: filters.action } } }, now());
  const rows = (function* () {
    for (const chunk of auditChunks(db, filters)) {
      yield chunk.map((row) => [
        csvDateTime(row.at), row.actorEmployeeNo ?? "", actorText(row), row.action, auditActionLabel(row.action),
        row.targetType ?? "", row.targetId ?? "", targetText(row), row.details ?? "", row.ip ?? "",
      ]);
    }
  })();
  return csvStreamResponse(`監査ログ_${today()}.csv`, ["日時", "操作者の職員番号", "操作者", "操作コード", "操作", "対象の種類", "対象ID", "対象", "詳細", "IP"], rows);
}
