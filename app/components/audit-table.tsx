import { auditActionLabel, auditTargetLabel } from "~/domain/admin/audit-labels";
import { formatJapanDateTime } from "~/domain/time";

type Row = {
  id: number; at: number; actorEmployeeNo: string | null; actorName: string | null; action: string;
  targetType: string | null; targetId: string | null; targetEmployeeNo: string | null; targetName: string | null; details: string | null; ip: string | null;
};

export function actorText(row: Row): string {
  return row.actorEmployeeNo ? `${row.actorName}（${row.actorEmployeeNo}）` : "システム";
}

export function targetText(row: Row): string {
  const target = auditTargetLabel(row.targetType, row.targetId);
  return row.targetEmployeeNo ? `${row.targetName}（${row.targetEmployeeNo}）` : target;
}

/** The audit log in Japanese: 日時, 操作者 (name and 職員番号), 操作, 対象, 詳細, IP. */
export function AuditTable({ rows, caption, withDetails = true }: { rows: Row[]; caption: string; withDetails?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="list-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">日時</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">対象</th>
            {withDetails ? <th scope="col">詳細</th> : null}<th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="nowrap">{formatJapanDateTime(row.at)}</td>
              <td>{actorText(row)}</td>
              <td>{auditActionLabel(row.action)}{auditActionLabel(row.action) !== row.action ? <span className="list-table__kana">{row.action}</span> : null}</td>
              <td>{targetText(row) || "—"}</td>
              {withDetails ? <td className="audit-details">{row.details ? (row.details.length > 200 ? `${row.details.slice(0, 199)}…` : row.details) : ""}</td> : null}
              <td>{row.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
