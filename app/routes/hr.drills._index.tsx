import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { canWriteHr, refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { formatMinutes, formatRate } from "~/domain/drills/results";
import { listCampaignsWithTotals } from "~/domain/drills/results.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "標的型攻撃メール訓練｜まもり" }];

export const STATUS_LABELS: Record<string, string> = { draft: "下書き", launched: "実施中・実施済み", imported: "GoPhish から取り込み" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  return { campaigns: listCampaignsWithTotals(getDb(), { kind: "all" }), canEdit: canWriteHr(user) };
}

export const action = refuseHrPost;

export default function HrDrills() {
  const { campaigns, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>標的型攻撃メール訓練</h1>
      <p className="lead">
        訓練用の不審メールを庁内の中継サーバから送り、リンクを開いた人・情報を入力した人・報告した人を記録します。リンクを開いた人には研修（再受講）が自動で割り当てられます。
      </p>
      {canEdit ? (
        <p className="actions actions--top">
          <Link className="button" to="/hr/drills/new">新しい訓練を作る</Link>
          <Link className="button button--secondary" to="/hr/drills/import">GoPhish の結果を取り込む</Link>
        </p>
      ) : null}
      <section aria-labelledby="trend-title">
        <h2 id="trend-title">訓練の一覧と推移</h2>
        {campaigns.length === 0 ? (
          <p>まだ訓練はありません。</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">訓練ごとの結果（新しい順）</caption>
              <thead>
                <tr>
                  <th scope="col">訓練</th><th scope="col">状態</th><th scope="col">開始</th><th scope="col">送信</th>
                  <th scope="col">開封率（リンク）</th><th scope="col">入力率</th><th scope="col">報告率</th><th scope="col">報告までの時間（中央値）</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((campaign) => (
                  <tr key={campaign.id}>
                    <th scope="row"><Link to={`/hr/drills/${campaign.id}`}>{campaign.campaignName}</Link></th>
                    <td>{STATUS_LABELS[campaign.status] ?? campaign.status}</td>
                    <td className="nowrap">{campaign.launchedAt ? formatJapanDateTime(campaign.launchedAt) : "—"}</td>
                    <td>{campaign.sent} / {campaign.recipients}</td>
                    <td>{formatRate(campaign.clickedRate)}</td>
                    <td>{formatRate(campaign.enteredRate)}</td>
                    <td>{formatRate(campaign.reportedRate)}</td>
                    <td>{formatMinutes(campaign.medianReportMinutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
