// The manager's view of drills: totals for their subtree only, per department, never a name.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DrillResultTables } from "~/components/drill-results";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { formatMinutes, formatRate } from "~/domain/drills/results";
import { campaignResults, listCampaignsWithTotals } from "~/domain/drills/results.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "標的型攻撃メール訓練｜所属の状況｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const db = getDb();
  const scope = { kind: "manager" as const, managerEmployeeId: user.employeeId };
  // Only campaigns that reached someone in the subtree: the others say nothing about it.
  const campaigns = listCampaignsWithTotals(db, scope).filter((campaign) => campaign.recipients > 0);
  const requested = z.coerce.number().int().positive().safeParse(new URL(request.url).searchParams.get("campaign"));
  const selected = requested.success ? campaigns.find((campaign) => campaign.id === requested.data) ?? null : campaigns[0] ?? null;
  if (requested.success && !selected) throw new Response("訓練が見つかりません。", { status: 404, statusText: "Not Found" });
  return {
    campaigns: campaigns.map(({ id, campaignName, launchedAt, sent, clickedRate, enteredRate, reportedRate, medianReportMinutes }) => ({ id, campaignName, launchedAt, sent, clickedRate, enteredRate, reportedRate, medianReportMinutes })),
    selected: selected ? { id: selected.id, name: selected.campaignName, results: campaignResults(db, selected.id, scope) } : null,
  };
}

export default function TeamDrills() {
  const { campaigns, selected } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumbs"><Link to="/team">所属の状況</Link> ＞ 標的型攻撃メール訓練</p>
      <h1>標的型攻撃メール訓練の結果</h1>
      <p className="lead">あなたの所属（下位の係を含む）の集計です。個人の結果は表示されません。</p>
      {campaigns.length === 0 ? (
        <p className="card">所属の職員が対象になった訓練はまだありません。</p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption>訓練ごとの推移（新しい順）</caption>
              <thead>
                <tr><th scope="col">訓練</th><th scope="col">開始</th><th scope="col">送信</th><th scope="col">開封率（リンク）</th><th scope="col">入力率</th><th scope="col">報告率</th><th scope="col">報告までの時間（中央値）</th></tr>
              </thead>
              <tbody>
                {campaigns.map((campaign) => (
                  <tr key={campaign.id}>
                    <th scope="row"><Link to={`/team/drills?campaign=${campaign.id}`} aria-current={selected?.id === campaign.id ? "page" : undefined}>{campaign.campaignName}</Link></th>
                    <td className="nowrap">{campaign.launchedAt ? formatJapanDateTime(campaign.launchedAt) : "—"}</td>
                    <td>{campaign.sent}</td>
                    <td>{formatRate(campaign.clickedRate)}</td>
                    <td>{formatRate(campaign.enteredRate)}</td>
                    <td>{formatRate(campaign.reportedRate)}</td>
                    <td>{formatMinutes(campaign.medianReportMinutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected ? (
            <>
              <h2>{selected.name}</h2>
              <DrillResultTables results={selected.results} showOrganisations={false} />
            </>
          ) : null}
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
