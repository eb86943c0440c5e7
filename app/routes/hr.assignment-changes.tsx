import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { EVENT_KIND_LABELS } from "~/domain/assignments/changes";
import { listRecentAssignmentChanges } from "~/domain/assignments/changes.server";
import { requireRole } from "~/domain/auth/session.server";
import { formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "期限延長・免除の記録｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr", "auditor");
  return { changes: listRecentAssignmentChanges(getDb(), { limit: 200 }) };
}

/** HR's view of every extension, exemption and reinstatement, by managers and HR alike. */
export default function AssignmentChanges() {
  const { changes } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ＞ 期限延長・免除の記録</p>
      <h1>期限延長・免除の記録</h1>
      <p className="lead">所属長と人事担当が行った期限延長・免除・免除の取消の記録です（新しい順、最大200件）。</p>
      {changes.length === 0 ? (
        <p className="card">記録はまだありません。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">期限延長・免除の記録</caption>
            <thead>
              <tr><th scope="col">日時</th><th scope="col">職員</th><th scope="col">研修</th><th scope="col">変更</th><th scope="col">理由</th><th scope="col">操作者</th></tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.id}>
                  <td>{formatJapanDateTime(change.at)}</td>
                  <td>{change.employeeName}（{change.employeeNo}）<span className="team-table__sub">{change.departmentName}</span></td>
                  <td>{change.moduleTitle}<span className="team-table__sub">{formatFiscalYear(change.fiscalYear)}</span></td>
                  <td>
                    {EVENT_KIND_LABELS[change.kind]}
                    {change.kind !== "exemption" && change.newDueDate && change.newDueDate !== change.previousDueDate ? (
                      <span className="team-table__sub">期限 {change.previousDueDate ? `${formatWareki(change.previousDueDate)} → ` : ""}{formatWareki(change.newDueDate)}</span>
                    ) : null}
                  </td>
                  <td className="prewrap">{change.reason}</td>
                  <td>{change.actorName ?? "—"}{change.actorEmployeeNo ? <span className="team-table__sub">{change.actorEmployeeNo}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
