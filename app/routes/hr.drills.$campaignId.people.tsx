import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { refuseHrPost } from "~/domain/auth/hr-access.server";
import { requireIndividualResults } from "~/domain/drills/people-access.server";
import { auditPeopleViewed, campaignPeople } from "~/domain/drills/results.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "職員ごとの結果｜標的型攻撃メール訓練｜まもり" }];

export const CHANNEL_LABELS: Record<string, string> = { learn: "まもりから", mail: "報告アドレスへ転送", gophish: "GoPhish" };
export const FOLLOW_UP_LABELS: Record<string, string> = { created: "研修を割り当て", existing: "同じ研修が今年度割り当て済み" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = getDb();
  const { user, campaign } = await requireIndividualResults(request, db, params.campaignId);
  auditPeopleViewed(db, campaign.id, { accountId: user.accountId, ip: context?.clientIp ?? null }, "drill.results_people_viewed");
  return { campaign: { id: campaign.id, name: campaign.name }, people: campaignPeople(db, campaign.id) };
}

export const action = refuseHrPost;

const time = (value: number | null) => (value === null ? "—" : formatJapanDateTime(value));

export default function DrillPeople() {
  const { campaign, people } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr/drills">標的型攻撃メール訓練</Link> ＞ <Link to={`/hr/drills/${campaign.id}`}>{campaign.name}</Link> ＞ 職員ごとの結果</p>
      <h1>職員ごとの結果</h1>
      <p className="lead">個人の結果は人事担当者だけが閲覧できます。評価ではなく、研修のフォローアップのために使ってください。この閲覧は監査ログに記録されています。</p>
      <p><a href={`/hr/drills/${campaign.id}/export.csv`}>CSV で出力</a></p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="職員ごとの訓練結果">
        <table className="table--wide">
          <caption className="visually-hidden">職員ごとの結果</caption>
          <thead>
            <tr>
              <th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">所属（送信時）</th><th scope="col">送信</th>
              <th scope="col">リンクを開いた</th><th scope="col">入力した</th><th scope="col">報告した</th><th scope="col">フォローアップ</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.employeeNo}>
                <td>{person.employeeNo}</td>
                <th scope="row">{person.name}</th>
                <td>{person.departmentName}</td>
                <td className="nowrap">{person.sentAt ? time(person.sentAt) : person.scheduledAt ? `予定 ${time(person.scheduledAt)}` : "—"}</td>
                <td className="nowrap">{time(person.clickedAt)}</td>
                <td className="nowrap">{time(person.enteredAt)}</td>
                <td className="nowrap">{person.reportedAt ? `${time(person.reportedAt)}（${CHANNEL_LABELS[person.reportChannel ?? ""] ?? "—"}）` : "—"}</td>
                <td>{person.followUp ? FOLLOW_UP_LABELS[person.followUp] : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
