import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { today } from "~/domain/clock.server";
import { getCampaign, listManagerResponses } from "~/domain/self-inspection/campaigns.server";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "自己点検｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const db = getDb();
  const date = today();
  const fiscalYear = fiscalYearOf(date);
  const campaign = getCampaign(db, fiscalYear);
  const responses = campaign ? listManagerResponses(db, user.employeeId, campaign.id) : [];
  return {
    fiscalYear,
    today: date,
    campaign: campaign ? { title: campaign.checklist.title, dueDate: campaign.dueDate } : null,
    responses: responses.map((response) => ({ ...response, mine: response.headEmployeeId === user.employeeId })),
  };
}

/** The manager's list: the inspections of the departments they head, and of those below (read). */
export default function TeamSelfInspection() {
  const { fiscalYear, today, campaign, responses } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumbs"><Link to="/team">所属の状況</Link> ＞ 自己点検</p>
      <h1>自己点検（{formatFiscalYear(fiscalYear)}）</h1>
      {!campaign ? (
        <p className="card">{formatFiscalYear(fiscalYear)}の自己点検はまだ始まっていません。人事担当が開始すると、ここから回答できます。</p>
      ) : (
        <>
          <p className="lead">
            {campaign.title}。提出期限は<strong>{formatWareki(campaign.dueDate)}</strong>です
            {campaign.dueDate < today ? "（期限を過ぎています）" : ""}。基本方針 7 に基づき、所属長が所属の取組を確認して回答します。
          </p>
          {responses.length === 0 ? (
            <p className="card">回答する所属がありません。</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">自己点検の一覧</caption>
                <thead>
                  <tr><th scope="col">所属</th><th scope="col">状況</th><th scope="col" className="numeric">回答</th><th scope="col" className="numeric">いいえ</th><th scope="col">提出</th></tr>
                </thead>
                <tbody>
                  {responses.map((response) => (
                    <tr key={response.id}>
                      <td>
                        <Link to={`/team/self-inspection/${response.id}`}>{response.departmentName}</Link>
                        <span className="team-table__sub">{response.mine ? "あなたが回答します" : `所属長：${response.headName ?? "—"}（閲覧のみ）`}</span>
                      </td>
                      <td>{response.status === "submitted" ? <span className="status status--completed">提出済み</span> : <span className="status">{response.answered > 0 ? "下書き" : "未回答"}</span>}</td>
                      <td className="numeric">{response.answered}/{response.items}</td>
                      <td className="numeric">{response.no}</td>
                      <td>{response.submittedAt ? `${formatJapanDateTime(response.submittedAt)}（${response.submittedByName ?? "—"}）` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
